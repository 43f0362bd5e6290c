"""mistune tokens → the block model, with source lines and heading paths.

mistune keeps no line numbers; the parser records each block's offset in its
own text (``_pos``) and each container's body offset (``_start``), and
:class:`LineFinder` turns offsets into 1-based lines of the note.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import htmlblocks, htmllists, htmltables, images
from .inline import inline_text, is_link_only, is_plain, lead_code, lead_strong, strongs
from .markdown import MAX_NESTING, parser
from .model import Block, DefEntry, ListItem, ListItemExtras

Token = dict[str, Any]
_HTML_TEXT = re.compile(r"<[^<>]{0,2000}>")
_HEADING_MARKERS = re.compile(r"[（(]\s*(?:TODO|todo|待补充|未完成|[?？]+)\s*[)）]?|\bTODO\b\s*$")
_HEADING_DECORATION = re.compile(
    r"^[^\w(（\[【<`'\"]+|[（(]\s*(?:非常)?重要\s*[)）]|[（(]\s*(?:必看|推荐|热门)\s*[)）]"
)


_DECORATED = re.compile(r"[^\w(（\[【<`'\"]")  # the first branch of _HEADING_DECORATION, at its first character


def clean_heading(text: str) -> str:
    """A heading without TODO / （？） markers and decorations (⭐️, （非常重要）).

    Finishing a section (removing its TODO) or starring it keeps its cards' ids.
    """
    text = images.strip(text)
    if "(" not in text and "（" not in text and "TODO" not in text and not _DECORATED.match(text):
        return text.strip()  # most headings: neither pattern can match (each branch needs one of these)
    cleaned = _HEADING_MARKERS.sub("", text)
    cleaned = _HEADING_DECORATION.sub("", cleaned).strip()
    return cleaned or text.strip()


class LineFinder:
    """Maps offsets of one text to line numbers and finds list-marker lines for list items."""

    _MARKER = re.compile(r"^[ \t]*(?:>[ \t]?)*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
    _DELIMITER = re.compile(r"^[ \t>]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")

    def __init__(self, text: str, line_offset: int) -> None:
        self.offset = line_offset
        self.lines = text.split("\n")
        # each line's offset: the lengths of the lines before it and their newlines (summed without a Python loop)
        self.starts = list(itertools.accumulate(map((1).__add__, map(len, self.lines[:-1])), initial=0))

    def line_of(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) + self.offset

    def table_line(self, first_line: int) -> int:
        """The header line of the first pipe table from ``first_line`` on (``first_line`` if none)."""
        for index in range(max(first_line - self.offset, 1), len(self.lines)):
            if self._DELIMITER.match(self.lines[index]) and "|" in self.lines[index - 1]:
                return index + self.offset
        return first_line

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


@dataclass
class Reader:
    """Turns one text's tokens into blocks; containers recurse with a finder of their own body."""

    finder: LineFinder
    headings: tuple[str, ...]
    nested: bool = True  # inside a container: headings title what follows, the note's path stays
    footnote_terms: dict[str, str] = field(default_factory=dict)  # footnote key → the name its reference follows
    path: list[tuple[int, str]] = field(default_factory=list)

    def blocks(self, tokens: list[Token]) -> Iterator[Block]:
        covered = 0  # the last line of an HTML table read past its blank lines
        ends: htmltables.TableEnds | None = None
        starts, offset = self.finder.starts, self.finder.offset
        for token in tokens:
            kind = token["type"]
            if kind == "blank_line":
                continue
            line = bisect.bisect_right(starts, int(token.get("_pos", 0))) + offset  # LineFinder.line_of
            if line <= covered:
                continue
            if kind == "paragraph":  # most blocks: no generator of their own
                yield paragraph(token.get("children"), line, self.headings)
                continue
            if kind == "block_html" and htmltables.unclosed(str(token.get("raw", ""))):
                ends = ends or htmltables.TableEnds.of(self.finder.lines)
                whole = htmltables.whole_table(self.finder.lines, line - self.finder.offset - 1, ends)
                if whole is not None:
                    token = {**token, "raw": whole[0]}
                    covered = whole[1] + self.finder.offset + 1
            yield from self.block(token, line)

    def child(self, token: Token, headings: tuple[str, ...]) -> Reader:
        src = str(token.get("_src", ""))
        first = self.finder.line_of(int(token.get("_start", 0))) - 1
        return Reader(LineFinder(src, first), headings, footnote_terms=self.footnote_terms)

    def block(self, token: Token, line: int) -> Iterator[Block]:
        kind = token["type"]
        headings = self.headings
        if kind == "paragraph":
            yield paragraph(token.get("children"), line, headings)
        elif kind == "list":
            cut: list[int] = []
            marker_lines = self.finder.marker_lines(line, count_items(token))
            items = self.list_items(token, marker_lines, [0], 0, cut)
            ordered = bool(token.get("attrs", {}).get("ordered"))
            yield Block("list", line, headings, items=items, ordered=ordered, too_deep=tuple(cut[:1]))
        elif kind == "table":
            yield Block("table", line, headings, rows=table_rows(token), ragged_rows=ragged_rows(token))
        elif kind == "block_code":
            info = str(token.get("attrs", {}).get("info", "") or "")
            yield Block("code", line, headings, text=str(token.get("raw", "")), info=info)
        elif kind in ("block_html", "raw_html"):
            raw = str(token.get("raw", ""))
            written = htmlblocks.markdown_of(raw)
            if written is None:
                yield from html_block(raw, line, headings)
            else:
                yield from self.written(written, line)
        elif kind == "thematic_break":
            yield Block("rule", line, headings)
        elif kind == "ff_math":
            yield Block("math", line, headings, text=str(token.get("raw", "")))
        elif kind == "ff_skip" and token["attrs"].get("footnote") in self.footnote_terms:
            yield footnote_definition(token, line, headings, self.footnote_terms[token["attrs"]["footnote"]])
        elif kind == "ff_skip":
            yield Block("skip", line, headings, text=str(token.get("raw", "")), info=token["attrs"]["reason"])
        elif kind == "def_list":
            entries = tuple(def_entries(token, self.finder, line))
            yield Block("deflist", entries[0].line if entries else line, headings, entries=entries)
        elif kind in ("ff_admonition", "ff_quote"):
            yield self.container(token, line)
        elif kind == "heading":
            yield from self.heading(token, line)

    def written(self, markdown: str, line: int) -> Iterator[Block]:
        """``<h2>Directives</h2>``, ``<p>Docker is…</p>``: the markdown an HTML block stands for, read by this reader
        (its headings go on the note's path) with a finder of its own."""
        tokens, _ = parser().parse(markdown)
        assert isinstance(tokens, list)
        finder, self.finder = self.finder, LineFinder(markdown, line - 1)
        try:
            yield from self.blocks(tokens)
        finally:
            self.finder = finder

    def heading(self, token: Token, line: int) -> Iterator[Block]:
        """Headings inside a container title what follows them there (a bold line), not the note."""
        name = clean_heading(inline_text(token.get("children")).replace("\n", " "))
        level = int(token.get("attrs", {}).get("level", 1))
        if self.nested:
            yield Block("paragraph", line, self.headings, text=name, lead_strong=name, strong_only=True)
            return
        while self.path and self.path[-1][0] >= level:
            self.path.pop()
        self.path.append((level, name))
        self.headings = tuple(text for _, text in self.path)
        yield Block("heading", line, self.headings, text=name, level=level)

    def container(self, token: Token, line: int) -> Block:
        attrs = token.get("attrs", {})
        if token["type"] == "ff_quote":
            children = tuple(self.child(token, self.headings).blocks(token.get("children", [])))
            return Block("quote", line, self.headings, text=quote_text(children), children=children)
        title = _plain_title(" ".join(images.strip(str(attrs.get("title", ""))).split()))
        inner = (*self.headings, title) if title else self.headings
        children = tuple(self.child(token, inner).blocks(token.get("children", [])))
        return Block("admonition", line, self.headings, kind=str(attrs.get("kind", "")), title=title, children=children)

    def list_items(
        self, token: Token, marker_lines: list[int], cursor: list[int], depth: int, cut: list[int]
    ) -> tuple[ListItem, ...]:
        """``cut`` collects the lines of items whose nested lists were too deep to keep."""
        items: list[ListItem] = []
        for child in token.get("children", []):
            if child["type"] != "list_item":
                continue
            line = (
                marker_lines[cursor[0]] if cursor[0] < len(marker_lines) else (marker_lines[-1] if marker_lines else 0)
            )
            cursor[0] += 1
            items.append(self.list_item(child, line, marker_lines, cursor, depth, cut))
        return tuple(items)

    def list_item(
        self, child: Token, line: int, marker_lines: list[int], cursor: list[int], depth: int, cut: list[int]
    ) -> ListItem:
        return plain_item(child, line) or self.any_item(child, line, marker_lines, cursor, depth, cut)

    def any_item(
        self, child: Token, line: int, marker_lines: list[int], cursor: list[int], depth: int, cut: list[int]
    ) -> ListItem:
        texts: list[str] = []
        nested: list[ListItem] = []
        others: list[Block] = []
        nested_ordered = False
        lead = code = ""
        bold: list[str] = []
        links_only = anchors_only = False
        for index, part in enumerate(child.get("children", [])):
            kind = part["type"]
            if kind == "block_text" or kind == "paragraph":
                children = part.get("children")
                if not is_plain(children):
                    bold.extend(strongs(children))
                    if index == 0:
                        lead, _ = lead_strong(children)
                        code = lead_code(children)
                        links_only, anchors_only = is_link_only(children)
                texts.append(inline_text(children).strip())
            elif kind == "list":
                found = self.list_items(part, marker_lines, cursor, depth + 1, cut) if depth < MAX_NESTING else ()
                if depth >= MAX_NESTING:
                    cut.append(line)
                elif index == 0 and _numbered_label(part, found):  # "- 1. PRELOADER": a counted label
                    texts.append(found[0].text)
                    lead, code, bold = found[0].lead_strong, found[0].lead_code, list(found[0].strongs)
                    links_only, anchors_only = found[0].links_only, found[0].anchors_only
                    continue
                nested_ordered = bool(part.get("attrs", {}).get("ordered"))
                nested.extend(found)
            elif part["type"] != "blank_line":
                inner_line = line + 1 if not part.get("_pos") else line
                if part["type"] == "table":
                    inner_line = self.finder.table_line(line)
                for block in Reader(self.finder, self.headings).block(part, inner_line):
                    others.append(block)
        extras: ListItemExtras = {}  # only what differs from the defaults: most items have none of these
        if others:
            extras["blocks"] = tuple(others)
        if code:
            extras["lead_code"] = code
        if bold:
            extras["strongs"] = tuple(bold)
        text = (texts[0] if len(texts) == 1 else "\n".join([t for t in texts if t])) if texts else ""
        return ListItem(text, line, tuple(nested), nested_ordered, lead, links_only, anchors_only, **extras)


def plain_item(child: Token, line: int) -> ListItem | None:
    """An item that is one text of plain tokens (most items) as :meth:`Reader.any_item` reads it; else None."""
    parts = child.get("children", [])
    if len(parts) == 1 and parts[0]["type"] in _TEXTS and is_plain(parts[0].get("children")):
        return ListItem(inline_text(parts[0].get("children")).strip(), line, (), False, "", False, False)
    return None


# An item's own text: a tight list's item holds block_text, a loose list's a paragraph.
_TEXTS = ("block_text", "paragraph")


def _numbered_label(part: Token, items: tuple[ListItem, ...]) -> bool:
    """``- 1. PRELOADER`` with its details indented under the bullet: the number only counts the labels."""
    return (
        bool(part.get("attrs", {}).get("ordered"))
        and len(items) == 1
        and not items[0].children
        and not items[0].blocks
        and "\n" not in items[0].text
    )


def footnote_definition(token: Token, line: int, headings: tuple[str, ...], term: str) -> Block:
    """``lowbit[^1]`` … ``[^1]: 一个数二进制表示从低往高的第一个 1…``: the footnote explains the name."""
    raw = str(token.get("raw", ""))
    text = raw.split(":", 1)[1] if ":" in raw else ""
    meaning = " ".join(part.strip() for part in text.strip().split("\n"))
    # Footnotes gather at the end of a note: the name is asked in the note's own context, not "参考资料".
    plain = inline_text(parser().inline(meaning, {"ref_links": {}})).strip()  # footnote text is markdown too
    return Block("deflist", line, (), entries=(DefEntry(term, (plain,), line),))


def _plain_title(title: str) -> str:
    """Admonition titles are written as markdown too: ``"**Note**: `x`"``; a folded box's call to open it
    ("点击查看 TCP 和 UDP 的区别", "Click to see the answer") is no part of its title."""
    if "](" in title:  # '???+note "[LOJ6515 贪玩蓝月](https://loj.ac/p/6515)"': the link's text
        title = _TITLE_LINK.sub(r"\1", title)
    return _CLICK_TO_OPEN.sub("", _TITLE_MARKUP.sub("", title).strip()).strip()


_TITLE_MARKUP = re.compile(r"[*_`]{1,3}")
_TITLE_LINK = re.compile(r"\[([^\[\]\n]{0,300})\]\([^()\n]{0,500}\)")
_IMG_TAG = re.compile(r"<img\b[^>]{0,2000}>", re.I)
_CLICK_TO_OPEN = re.compile(
    r"^(?:(?:点击|点我|单击)?(?:查看|展开|显示)(?:详情|答案|解析|更多)?|"
    r"(?:click|tap)\s+(?:here\s+)?to\s+(?:see|view|expand|show|reveal)|(?:show|view|see)\s+(?:the\s+)?(?:answer|solution))"
    r"\s*[:：]?\s*",
    re.I,
)


def paragraph(children: list[Token] | None, line: int, headings: tuple[str, ...]) -> Block:
    if children and len(children) == 1 and len(children[0]) == 2 and children[0]["type"] == "text":  # most
        raw = children[0]["raw"]
        if "<" not in raw and "&" not in raw:  # inline_text's text as it is
            return Block("paragraph", line, headings, text=raw.strip())
    if is_plain(children):
        return Block("paragraph", line, headings, text=inline_text(children).strip())
    lead, strong_only = lead_strong(children)
    links_only, _ = is_link_only(children)
    text = inline_text(children).strip()
    tags = [str(token.get("raw")) for token in children or [] if token["type"] == "ff_tag"]
    if tags and not images.strip(text) and not images.refs(text):
        return Block("skip", line, headings, text=" ".join("#" + tag for tag in tags), info="tags (metadata)")
    return Block(
        "paragraph",
        line,
        headings,
        text=text,
        lead_strong=lead,
        strong_only=strong_only,
        links_only=links_only,
        lead_code=lead_code(children),
        strongs=strongs(children),
    )


def html_block(raw: str, line: int, headings: tuple[str, ...]) -> Iterator[Block]:
    """An HTML block: a comment or layout is skipped; an image is kept; short text titles what follows."""
    from .inline import html_image

    stripped = raw.strip()
    if stripped.startswith("<!--"):
        yield Block("html", line, headings, text=raw)
        return
    table = htmltables.table_block(raw, line, headings) or htmllists.definition_block(raw, line, headings)
    if table is not None:
        yield table
        return
    found = [html_image(match.group(0)) for match in _IMG_TAG.finditer(raw)]
    if any(found):
        yield Block("paragraph", line, headings, text="\n".join(marker for marker in found if marker))
        return
    yield Block("html", line, headings, text=raw)


def quote_text(children: tuple[Block, ...]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("paragraph", "quote"):
            parts.append(child.text)
        elif child.type == "list":
            parts.extend(item.text for item in child.items)
    return "\n".join(part for part in parts if part)


def def_entries(token: Token, finder: LineFinder, line: int) -> Iterator[DefEntry]:
    """``term`` lines then ``: meaning`` items → one entry per term (several terms may share meanings)."""
    terms: list[str] = []
    meanings: list[str] = []
    start = line
    cursor = line - finder.offset - 1  # index in finder.lines of the line being looked at
    for child in token.get("children", []):
        if child["type"] == "def_list_head":
            term = inline_text(child.get("children")).strip()
            cursor = _term_line(finder.lines, cursor, term)
            if meanings:
                yield from (DefEntry(term, tuple(meanings), start) for term in terms)
                terms, meanings = [], []
            if not terms:
                start = cursor + finder.offset + 1
            terms.append(term)
            cursor += 1
        elif child["type"] == "def_list_item":
            meanings.append("\n".join(_item_text(part) for part in child.get("children", [])).strip())
    if terms and meanings:
        yield from (DefEntry(term, tuple(meanings), start) for term in terms)


def _term_line(lines: Sequence[str], cursor: int, term: str) -> int:
    """Where ``term`` is written, from ``cursor`` on: a line that is no ``: meaning`` and holds the term's first
    word (meanings run on over lines of their own, so counting lines drifts)."""
    word = (term.split()[0] if term.split() else term).casefold()
    first = max(cursor - 1, 0)  # mistune may place the list at its first ": meaning" line
    for index in range(first, min(len(lines), first + MAX_TERM_SEARCH)):
        text = lines[index].strip()
        if not text or text.startswith(":") or word not in text.casefold():
            continue
        if any(lines[after].strip().startswith(":") for after in range(index + 1, min(index + 3, len(lines)))):
            return index  # a term line: its meaning (or the next term, then the meaning) follows
    return max(cursor, 0)


# A term is looked for this many lines past the previous one (a meaning is seldom longer).
MAX_TERM_SEARCH = 200


def _item_text(part: Token) -> str:
    if part["type"] in ("block_text", "paragraph"):
        return inline_text(part.get("children")).strip()
    if part["type"] == "list":
        return "\n".join(_item_text(item) for item in part.get("children", []))
    if part["type"] == "list_item":
        return "\n".join(_item_text(child) for child in part.get("children", []))
    return ""


def count_items(token: Token) -> int:
    """List items in a list token, nested lists included (inline tokens are not visited)."""
    total = 0
    for child in token.get("children", []):
        if child["type"] == "list_item":
            total += 1
            for part in child.get("children", []):
                if part["type"] == "list":
                    total += count_items(part)
    return total


def ragged_rows(token: Token) -> tuple[int, ...]:
    for part in token.get("children", []):
        if part["type"] == "table_body":
            return tuple(i for i, row in enumerate(part.get("children", []), start=1) if row.get("ragged"))
    return ()


def table_rows(token: Token) -> tuple[tuple[str, ...], ...]:
    rows: list[tuple[str, ...]] = []
    for part in token.get("children", []):
        if part["type"] == "table_head":
            rows.append(tuple(_cell(cell) for cell in part.get("children", [])))
        elif part["type"] == "table_body":
            rows.extend(tuple(_cell(cell) for cell in row.get("children", [])) for row in part.get("children", []))
    return tuple(rows)


def _cell(cell: Token) -> str:
    """A cell's plain text; ``<li>``, ``<p>`` and other block tags inside it break its lines."""
    parts = cell.get("children")
    if parts and len(parts) == 1 and len(parts[0]) == 2 and parts[0]["type"] == "text":  # most cells: one line
        raw: str = parts[0]["raw"]
        if "<" not in raw and "&" not in raw and "\n" not in raw:  # inline_text's and cell_text's text
            return raw.strip()
    children = [
        {"type": "linebreak"} if part["type"] == "inline_html" and htmltables.breaks_line(str(part["raw"])) else part
        for part in cell.get("children") or []
    ]
    return htmltables.cell_text(inline_text(children))
