"""Raw HTML ``<table>`` blocks → the same table block a GFM pipe table gives.

Notes converted from Google Docs or Word, and notes that need line breaks in
cells, hold tables as HTML. The standard library's :mod:`html.parser` reads
them: the first row is the header (``<th>`` cells or not), a cell's text is
plain (tags dropped, entities decoded, ``<br>`` and paragraphs as line
breaks, ``<img>`` as an image marker). A table drawn for layout (merged cells,
a table inside a table) has no rows to ask: it becomes a skip block that says
so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from . import images
from .inline import plain_macros
from .model import Block

_TABLE_START = re.compile(r"<table\b", re.I)
_TABLE_END = re.compile(r"</table\s*>", re.I)
# A table is read past blank lines up to this many lines: a missing </table> must not swallow the note.
MAX_TABLE_LINES = 1000
# Markdown an author typed inside HTML cells, which no renderer turns into markup there.
_MARKDOWN = re.compile(r"\*\*(?=\S)([^\n]{0,300}?\S)\*\*|`([^`\n]{1,300})`")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
# Tags that end a line inside a cell: a line break or the end/start of a paragraph-like box.
_BREAKS = frozenset({"br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr"})
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9]{0,9})\b")
_CELLS = frozenset({"td", "th"})
SPANS = "layout table (merged cells: colspan/rowspan), not rows of facts"
NESTED = "layout table (a table inside a table), not rows of facts"


class _Reader(HTMLParser):
    """Collects the rows of the outermost table; notes spans and nested tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.row_lines: list[int] = []  # line of each row's <tr> in the raw text (1-based)
        self.depth = 0
        self.cell: list[str] | None = None
        self.spans = False
        self.nested = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
            self.nested = self.nested or self.depth > 1
        if self.depth != 1:
            return
        if tag == "tr":
            self._close_cell()
            self.rows.append([])
            self.row_lines.append(self.getpos()[0])
        elif tag in _CELLS:
            self._open_cell(attrs)
        elif self.cell is not None and tag in _BREAKS:
            self.cell.append("\n")
        elif self.cell is not None and tag == "img":
            source = next((value for name, value in attrs if name == "src" and value), "")
            self.cell.append(images.marker(source))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._close_cell()
            self.depth -= 1
        elif self.depth == 1 and (tag in _CELLS or tag == "tr"):
            self._close_cell()
        elif self.depth == 1 and self.cell is not None and tag in _BREAKS:
            self.cell.append("\n")

    def handle_data(self, data: str) -> None:
        if self.depth == 1 and self.cell is not None:
            self.cell.append(_SPACES.sub(" ", data))

    def _open_cell(self, attrs: list[tuple[str, str | None]]) -> None:
        self._close_cell()
        if not self.rows:  # a cell before any <tr>: browsers open the row
            self.rows.append([])
            self.row_lines.append(self.getpos()[0])
        spans = (value for name, value in attrs if name in ("colspan", "rowspan"))
        self.spans = self.spans or any((value or "1").strip() != "1" for value in spans)
        self.cell = []

    def _close_cell(self) -> None:
        if self.cell is not None and self.rows:
            self.rows[-1].append(html_cell_text("".join(self.cell)))
        self.cell = None


def cell_text(text: str) -> str:
    """Lines of a cell, each trimmed, empty ones dropped."""
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def html_cell_text(text: str) -> str:
    """An HTML cell's text: ``**bold**`` and ```code``` marks dropped (no renderer reads them there)."""
    text = _MARKDOWN.sub(lambda match: match.group(1) or match.group(2) or "", text)
    return cell_text("\n".join(map(plain_macros, text.split("\n"))) if "{{" in text else text)


def breaks_line(tag: str) -> bool:
    """An inline tag that starts or ends a box (``<li>``, ``</p>``, ``<br>``): the text after it is a new line."""
    match = _TAG_NAME.match(tag)
    return match is not None and match.group(1).lower() in _BREAKS


def has_table(raw: str) -> bool:
    return bool(_TABLE_START.search(raw))


def unclosed(raw: str) -> bool:
    """An HTML block that opens a table it does not close: a blank line inside the table ended the block."""
    return len(_TABLE_START.findall(raw)) > len(_TABLE_END.findall(raw))


@dataclass(frozen=True)
class TableEnds:
    """Where the HTML tables of a text close, found in one pass so that each look-up is cheap."""

    depth: tuple[int, ...]  # tables open after each line
    lower: tuple[int, ...]  # the next line with fewer tables open (len(depth) when none)

    @classmethod
    def of(cls, lines: Sequence[str]) -> TableEnds:
        depth: list[int] = []
        open_tables = 0
        for line in lines:
            if "<" in line:
                open_tables += len(_TABLE_START.findall(line)) - len(_TABLE_END.findall(line))
            depth.append(open_tables)
        lower = [len(depth)] * len(depth)
        pending: list[int] = []  # lines whose next lower line is not found yet, depths rising
        for index, value in enumerate(depth):
            while pending and depth[pending[-1]] > value:
                lower[pending.pop()] = index
            pending.append(index)
        return cls(tuple(depth), tuple(lower))

    def close_of(self, start: int) -> int | None:
        """The line that closes the tables open before ``start`` plus those opened from it (None: never)."""
        before = self.depth[start - 1] if start > 0 else 0
        index = start
        while index < len(self.depth) and self.depth[index] > before:
            index = self.lower[index]  # every line in between has more tables open
        return index if index < len(self.depth) and index - start < MAX_TABLE_LINES else None


def whole_table(lines: Sequence[str], start: int, ends: TableEnds) -> tuple[str, int] | None:
    """The source of the table opening at ``lines[start]`` up to its ``</table>``, and that line's index."""
    end = ends.close_of(start) if 0 <= start < len(lines) else None
    return None if end is None else ("\n".join(lines[start : end + 1]), end)


def table_block(raw: str, line: int, headings: tuple[str, ...]) -> Block | None:
    """The table block for an HTML block holding a ``<table>`` (a skip block for layout), else None."""
    if not has_table(raw):
        return None
    reader = _Reader()
    reader.feed(raw)
    reader.close()
    reader._close_cell()
    rows = [row for row in reader.rows if row]
    lines = [line + start - 1 for row, start in zip(reader.rows, reader.row_lines, strict=True) if row]
    first = " | ".join(rows[0]) if rows else ""
    if reader.nested or reader.spans:
        return Block("skip", line, headings, text=first, info=NESTED if reader.nested else SPANS)
    width = len(rows[0]) if rows else 0
    ragged = tuple(index for index, row in enumerate(rows[1:], start=1) if len(row) != width)
    padded = tuple(tuple((row + [""] * width)[:width]) for row in rows)
    return Block("table", line, headings, rows=padded, ragged_rows=ragged, row_lines=tuple(lines))
