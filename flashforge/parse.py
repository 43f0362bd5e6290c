"""Markdown text → a flat list of blocks with their heading path and source line.

mistune 3 parses the text into its AST; this module adds what the AST lacks
and extraction needs: the line each block starts on, the heading path above
it, list items with their own lines, and plain text (what a learner reads:
no markdown markup). Pure: text in, blocks out.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Any

import mistune
from mistune.core import BlockState
from mistune.plugins import table as _table_plugin

# Deeper nesting than this is flattened: a list nested 500 levels deep must
# not blow the stack (mistune recurses per level) nor make absurd cards.
MAX_NESTING = 12


class _LineTrackingState(BlockState):
    """Records the source offset of every top-level block (mistune keeps none)."""

    block_start: int | None = None  # set while a block rule runs (lists move the cursor first)

    def append_token(self, token: dict[str, Any]) -> None:
        if self.parent is None:
            token.setdefault("_pos", self.cursor if self.block_start is None else self.block_start)
        super().append_token(token)

    def add_paragraph(self, text: str) -> None:
        last = self.last_token()
        starts_new = not (last and last["type"] == "paragraph")
        super().add_paragraph(text)
        if starts_new and self.parent is None:
            self.tokens[-1]["_pos"] = self.cursor


def _gfm_process_row(text: str, aligns: list[str | None]) -> dict[str, Any]:
    """GitHub's rule for ragged rows (pad short ones, cut long ones) instead of
    mistune's, which turns the whole table into a paragraph. Marks the row so
    that the file's author can be told."""
    cells = _table_plugin._split_table_cells(text)
    ragged = len(cells) != len(aligns)
    cells = (cells + [""] * len(aligns))[: len(aligns)]
    children = [
        {"type": "table_cell", "text": cell.strip(), "attrs": {"align": aligns[i], "head": False}}
        for i, cell in enumerate(cells)
    ]
    return {"type": "table_row", "children": children, "ragged": ragged}


_table_plugin._process_row = _gfm_process_row


@functools.cache
def _markdown() -> mistune.Markdown:
    """One parser for the process: building mistune's rule tables costs more than a small file's parse."""
    md = mistune.create_markdown(renderer=None, plugins=["table", "strikethrough"])
    md.block.state_cls = _LineTrackingState
    run_rule = md.block.parse_method

    def tracked_rule(match: re.Match[str], state: BlockState) -> Any:
        if isinstance(state, _LineTrackingState) and state.parent is None:
            state.block_start = match.start()
            try:
                return run_rule(match, state)
            finally:
                state.block_start = None
                # Lists are inserted behind mistune's back (tokens.insert), not appended.
                for token in state.tokens[-3:]:
                    token.setdefault("_pos", match.start())
        return run_rule(match, state)

    md.block.parse_method = tracked_rule  # type: ignore[method-assign,assignment]
    # Let mistune nest a little deeper than we keep, so that _list_items sees
    # (and reports) what it cuts; bounded, so that 500 levels cannot blow the stack.
    md.block.max_nested_level = MAX_NESTING + 4
    return md


@dataclass(frozen=True)
class ListItem:
    text: str  # plain text of the item's own paragraph(s), lines joined by "\n"
    line: int
    children: tuple[ListItem, ...]  # items of lists nested in this item
    children_ordered: bool
    lead_strong: str  # the item starts with **term** (its text), else ""
    links_only: bool  # the item is nothing but links (a table of contents entry)
    anchors_only: bool  # ...links to #anchors in this document


@dataclass(frozen=True)
class Block:
    type: str  # heading | paragraph | list | table | code | quote | html | rule
    line: int
    headings: tuple[str, ...]  # heading path above the block (for a heading: including itself)
    text: str = ""  # plain text; for code, the code
    level: int = 0  # heading level
    items: tuple[ListItem, ...] = ()
    ordered: bool = False
    rows: tuple[tuple[str, ...], ...] = ()  # table: header row first
    ragged_rows: tuple[int, ...] = ()  # table: 1-based indexes of body rows whose cell count was off
    too_deep: tuple[int, ...] = ()  # list: lines of items whose sub-lists were nested too deeply to keep
    lead_strong: str = ""  # paragraph starts with **term**: the term
    strong_only: bool = False  # paragraph is nothing but **bold**
    links_only: bool = False
    info: str = ""  # code block language


@dataclass(frozen=True)
class Document:
    title: str  # front-matter title, else the first H1, else ""
    blocks: tuple[Block, ...]


_HEADING_MARKERS = re.compile(r"[（(]\s*(?:TODO|todo|待补充|未完成|[?？]+)\s*[)）]?|\bTODO\b\s*$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)---[ \t]*\r?\n", re.S)
_FM_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.M)


_HEADING_DECORATION = re.compile(
    r"^[^\w(（\[【<`'\"]+|[（(]\s*(?:非常)?重要\s*[)）]|[（(]\s*(?:必看|推荐|热门)\s*[)）]"
)


def clean_heading(text: str) -> str:
    """A heading without TODO / （？） markers and decorations (⭐️, （非常重要）).

    Finishing a section (removing its TODO) or starring it keeps its cards' ids.
    """
    cleaned = _HEADING_MARKERS.sub("", text)
    cleaned = _HEADING_DECORATION.sub("", cleaned).strip()
    return cleaned or text.strip()


# Real HTML in notes is layout, not knowledge; anything else in angle brackets
# (`<container>`, `<T>`) is text the author typed and must stay.
_HTML_TAG = re.compile(
    r"^</?(?:img|br|hr|a|span|div|p|font|sup|sub|b|i|u|s|strong|em|code|pre|table|tr|td|th|thead|tbody|iframe|"
    r"video|audio|source|center|details|summary|small|big|kbd|mark|del|ins|blockquote|ul|ol|li|h[1-6])\b[^>]*/?>$",
    re.I,
)


def inline_text(children: list[dict[str, Any]] | None) -> str:
    """Plain text of inline tokens: markup dropped, code kept verbatim, images dropped."""
    if not children:
        return ""
    out: list[str] = []
    for token in children:
        kind = token["type"]
        if kind == "inline_html" and _HTML_TAG.match(token.get("raw", "").strip()):
            if token["raw"].lower().startswith("<br"):
                out.append("\n")
            continue
        if kind in ("text", "codespan", "inline_html", "block_text"):
            out.append(token.get("raw", "") if "raw" in token else inline_text(token.get("children")))
        elif kind in ("softbreak", "linebreak"):
            out.append("\n")
        elif kind == "image":
            continue
        elif "children" in token:
            out.append(inline_text(token["children"]))
        elif "raw" in token:
            out.append(token["raw"])
    return "".join(out)


def _is_link_only(children: list[dict[str, Any]] | None) -> tuple[bool, bool]:
    """(only links and whitespace, all of them #anchors)."""
    if not children:
        return False, False
    links = 0
    anchors = True
    for token in children:
        kind = token["type"]
        if kind == "link":
            links += 1
            anchors = anchors and str(token.get("attrs", {}).get("url", "")).startswith("#")
        elif kind in ("softbreak", "linebreak", "image") or (
            kind == "text" and not token.get("raw", "").strip(" \t\n（）()：:，,。.、-")
        ):
            continue
        else:
            return False, False
    return links > 0, links > 0 and anchors


def _lead_strong(children: list[dict[str, Any]] | None) -> tuple[str, bool]:
    """(text of a leading **strong**, whether the paragraph is nothing else)."""
    if not children or children[0]["type"] != "strong":
        return "", False
    term = inline_text(children[0].get("children")).strip()
    rest = inline_text(children[1:]).strip()
    return term, not rest


class _LineFinder:
    """Maps offsets to line numbers and finds list-marker lines for list items."""

    _MARKER = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")

    def __init__(self, text: str, line_offset: int) -> None:
        self.text = text
        self.offset = line_offset
        self.starts = [0]
        for match in re.finditer("\n", text):
            self.starts.append(match.end())
        self.lines = text.split("\n")

    def line_of(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) + self.offset

    def marker_lines(self, first_line: int, count: int) -> list[int]:
        """The first ``count`` lines (1-based, absolute) from ``first_line`` on that start a list item."""
        index = first_line - 1 - self.offset
        found: list[int] = []
        for i in range(max(index, 0), len(self.lines)):
            if self._MARKER.match(self.lines[i]):
                found.append(i + 1 + self.offset)
                if len(found) >= count:
                    break
        return found


def _count_items(token: dict[str, Any]) -> int:
    """List items in a list token, nested lists included (inline tokens are not visited)."""
    total = 0
    for child in token.get("children", []):
        if child["type"] == "list_item":
            total += 1 + sum(_count_items(part) for part in child.get("children", []) if part["type"] == "list")
    return total


def _list_items(
    token: dict[str, Any], marker_lines: list[int], cursor: list[int], depth: int, cut: list[int]
) -> tuple[ListItem, ...]:
    """``cut`` collects the lines of items whose nested lists were too deep to keep."""
    items: list[ListItem] = []
    for child in token.get("children", []):
        if child["type"] != "list_item":
            continue
        line = marker_lines[cursor[0]] if cursor[0] < len(marker_lines) else (marker_lines[-1] if marker_lines else 0)
        cursor[0] += 1
        texts: list[str] = []
        nested: list[ListItem] = []
        nested_ordered = False
        lead = ""
        links_only = anchors_only = False
        for index, part in enumerate(child.get("children", [])):
            if part["type"] in ("block_text", "paragraph"):
                if index == 0:
                    lead, _ = _lead_strong(part.get("children"))
                    links_only, anchors_only = _is_link_only(part.get("children"))
                texts.append(inline_text(part.get("children")).strip())
            elif part["type"] == "list":
                nested_ordered = bool(part.get("attrs", {}).get("ordered"))
                if depth < MAX_NESTING:
                    nested.extend(_list_items(part, marker_lines, cursor, depth + 1, cut))
                else:
                    cut.append(line)
        items.append(
            ListItem(
                text="\n".join(t for t in texts if t),
                line=line,
                children=tuple(nested),
                children_ordered=nested_ordered,
                lead_strong=lead,
                links_only=links_only,
                anchors_only=anchors_only,
            )
        )
    return tuple(items)


def _ragged_rows(token: dict[str, Any]) -> tuple[int, ...]:
    for part in token.get("children", []):
        if part["type"] == "table_body":
            return tuple(i for i, row in enumerate(part.get("children", []), start=1) if row.get("ragged"))
    return ()


def _table_rows(token: dict[str, Any]) -> tuple[tuple[str, ...], ...]:
    rows: list[tuple[str, ...]] = []
    for part in token.get("children", []):
        if part["type"] == "table_head":
            rows.append(tuple(inline_text(cell.get("children")).strip() for cell in part.get("children", [])))
        elif part["type"] == "table_body":
            for row in part.get("children", []):
                rows.append(tuple(inline_text(cell.get("children")).strip() for cell in row.get("children", [])))
    return tuple(rows)


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front-matter title, body, number of lines removed)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return "", text, 0
    title_match = _FM_TITLE.search(match.group(1))
    title = title_match.group(1).strip("'\"") if title_match else ""
    return title, text[match.end() :], match.group(0).count("\n")


def parse_document(text: str) -> Document:
    """Parse markdown into blocks with heading paths and 1-based source lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fm_title, body, removed = split_front_matter(text)
    finder = _LineFinder(body, removed)
    tokens, _state = _markdown().parse(body)
    assert isinstance(tokens, list)
    blocks: list[Block] = []
    path: list[tuple[int, str]] = []
    title = fm_title
    for token in tokens:
        kind = token["type"]
        line = finder.line_of(int(token.get("_pos", 0)))
        headings = tuple(name for _, name in path)
        if kind == "blank_line":
            continue
        if kind == "heading":
            level = int(token.get("attrs", {}).get("level", 1))
            name = clean_heading(inline_text(token.get("children")).replace("\n", " "))
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, name))
            if not title and level == 1:
                title = name
            blocks.append(Block("heading", line, tuple(n for _, n in path), text=name, level=level))
        elif kind == "paragraph":
            lead, strong_only = _lead_strong(token.get("children"))
            links_only, _ = _is_link_only(token.get("children"))
            blocks.append(
                Block(
                    "paragraph",
                    line,
                    headings,
                    text=inline_text(token.get("children")).strip(),
                    lead_strong=lead,
                    strong_only=strong_only,
                    links_only=links_only,
                )
            )
        elif kind == "list":
            cut: list[int] = []
            items = _list_items(token, finder.marker_lines(line, _count_items(token)), [0], 0, cut)
            ordered = bool(token.get("attrs", {}).get("ordered"))
            blocks.append(Block("list", line, headings, items=items, ordered=ordered, too_deep=tuple(cut[:1])))
        elif kind == "table":
            blocks.append(Block("table", line, headings, rows=_table_rows(token), ragged_rows=_ragged_rows(token)))
        elif kind == "block_code":
            info = str(token.get("attrs", {}).get("info", "") or "")
            blocks.append(Block("code", line, headings, text=token.get("raw", ""), info=info))
        elif kind == "block_quote":
            blocks.append(Block("quote", line, headings, text=_quote_text(token)))
        elif kind == "block_html":
            blocks.append(Block("html", line, headings, text=token.get("raw", "")))
        elif kind == "thematic_break":
            blocks.append(Block("rule", line, headings))
    return Document(title=title, blocks=tuple(blocks))


def _quote_text(token: dict[str, Any]) -> str:
    parts: list[str] = []
    for child in token.get("children", []):
        if "children" in child and child["type"] in ("paragraph", "block_text"):
            parts.append(inline_text(child["children"]).strip())
        elif child["type"] == "block_quote":
            parts.append(_quote_text(child))
    return "\n".join(p for p in parts if p)
