"""mistune 3.4's list parser (``mistune/list_parser.py``), taking fewer steps for the same tokens.

:class:`.blocks.LineBlockParser` parses lists with :func:`parse_list`; every other parser keeps mistune's own
(nothing of mistune is patched). The steps are mistune's, in its order; what differs is how they are done:

- the regexes that find the next item's marker and the blocks that end an item are compiled once per bullet
  and indent (:class:`ListPatterns`): mistune built and compiled the break regex, some thousand characters,
  for every item;
- a line without a tab needs no tab expansion, and its indent is a prefix test, not a loop over columns
  (lines with a tab take mistune's own helpers);
- a line whose first character after its blanks can start neither a list item nor a block that ends one
  (``-_*`~#><+`` or a digit) is not matched against those regexes (:data:`MAY_BREAK`);
- an item's lines are joined once; markers are tuples, not dataclasses.
- an item's text that is one plain paragraph (most items: a line of text) is that paragraph's token without a
  child state or a parse of its own (:meth:`.blocks.LineBlockParser.parse_text`);
- an item of one line followed by the next item (most items) is read without collecting its lines
  (:func:`_one_line_item`).

``tests/test_parse_lists.py`` compares the tokens with those of mistune's own list parser.
"""

from __future__ import annotations

import re
import string
from typing import Any, Protocol

from mistune import BlockParser
from mistune import list_parser as mistune_lists
from mistune.core import BlockState
from mistune.util import strip_end

Token = dict[str, Any]
Marker = tuple[str, str, str]  # spaces before the marker, the marker, the text after it

# mistune 3.4's helpers, used as they are for lines with tabs (a list parser without them is mistune's own).
MISTUNE_34 = all(
    hasattr(mistune_lists, name)
    for name in (
        "_get_list_break_rules",
        "_get_list_bullet",
        "_compile_list_item_pattern",
        "_has_continuation_indent",
        "_strip_continuation_indent",
        "_expand_leading_tabs",
        "_count_indent",
    )
)

# A line that can start a list item or a block that ends one (thematic break, fence, ATX heading, quote, block
# HTML, list) has one of these after its blanks; ``tests/test_parse_lists.py`` checks it against the regexes.
MAY_BREAK = re.compile(r"[ \t]*[-_*`~#><+\d]")
_LINE_HAS_TEXT = re.compile(r"(\s*)\S")
_BLANKS = " \t\v\f"


class ListBlockParser(Protocol):
    """What the list parser needs of its block parser."""

    list_rules: list[str]
    max_nested_level: int
    list_patterns: ListPatterns

    def parse(self, state: BlockState, rules: list[str] | None = None) -> None: ...

    def parse_method(self, m: re.Match[str], state: BlockState) -> int | None: ...

    def parse_text(self, state: BlockState, src: str, rules: list[str]) -> list[Token]: ...

    def line_rules(self, rules: list[str]) -> LineMatcher: ...

    def search(self, sc: Any, rules: list[str], text: str, pos: int) -> re.Match[str] | None: ...


class LineMatcher(Protocol):
    """What the list parser needs of a list of rules' line pattern (:class:`.blocks.LineRules`)."""

    def match(self, text: str, pos: int) -> re.Match[str] | None: ...


class ListPatterns:
    """The regexes of list items, compiled once for a block parser's rules (mistune compiled them per item)."""

    def __init__(self, block: BlockParser) -> None:
        self.block = block
        self._breaks: dict[int, re.Pattern[str]] = {}
        self._items: dict[tuple[str, int], re.Pattern[str]] = {}

    def breaks(self, leading_width: int) -> re.Pattern[str]:
        """mistune's ``_compile_list_break_sc``: the blocks that end an item whose text starts at that width."""
        key = min(leading_width, 3)  # the pattern depends on the width below 3 only
        found = self._breaks.get(key)
        if found is None:
            names = mistune_lists._get_list_break_rules(self.block)
            pairs = [(name, self.block.specification[name]) for name in names]
            if leading_width < 3:
                indent = " {0," + str(leading_width) + "}"  # only the leading indent's bound is relaxed
                pairs = [(name, pattern.replace(" {0,3}", indent, 1)) for name, pattern in pairs]
            regex = "|".join(rf"(?P<{name}>(?<=\n){pattern})" for name, pattern in pairs)
            found = self._breaks[key] = re.compile(regex, re.M)
        return found

    def item(self, bullet: str, leading_width: int) -> re.Pattern[str]:
        """mistune's pattern of the next item's marker for a list of ``bullet`` (``-``, ``.``, ``)``…)."""
        key = (bullet, min(leading_width, 3))
        found = self._items.get(key)
        if found is None:
            pattern = mistune_lists._compile_list_item_pattern(mistune_lists._get_list_bullet(bullet), key[1])
            found = self._items[key] = re.compile(pattern)
        return found


def parse_list(block: ListBlockParser, m: re.Match[str], state: BlockState) -> int:
    """mistune's ``parse_list``: the list that starts at ``m`` (a match of the ``list`` rule) and its items."""
    marker, text = m.group("list_2"), m.group("list_3")
    if not text.strip():  # an empty list item cannot interrupt a paragraph (CommonMark example 285)
        end_pos = state.append_paragraph()
        if end_pos:
            return end_pos
    depth = state.depth()
    token: Token = {
        "type": "list",
        "children": [],
        "tight": True,
        "bullet": marker[-1],
        "attrs": {"depth": depth, "ordered": len(marker) > 1},
    }
    if len(marker) > 1:
        start = int(marker[:-1])
        if start != 1:  # only a list starting with 1 interrupts a paragraph (example 304)
            end_pos = state.append_paragraph()
            if end_pos:
                return end_pos
            token["attrs"]["start"] = start
    state.cursor = m.end() + 1
    rules = block.list_rules
    if depth >= block.max_nested_level - 1:  # at the nesting limit, no container descends further
        rules = [rule for rule in rules if rule not in ("list", "block_quote")]
    item: Marker | None = (m.group("list_1"), marker, text)
    sc = block.line_rules(rules)
    while item:
        item = _one_line_item(block, sc, marker[-1], item, token, state, rules) or _parse_item(
            block, marker[-1], item, token, state, rules
        )
    end_pos = token.pop("_end_pos", None)
    _transform_tight_list(token)
    if end_pos:
        state.tokens.insert(token.pop("_tok_index"), token)
        return int(end_pos)
    state.append_token(token)
    return state.cursor


# An item's lines: its text after the first line, the next item's marker, whether a blank line came before
# it, and where a block that ended the item ends and which token it is (as mistune's ``_ListItemLines``).
_ItemLines = tuple[str, Marker | None, bool, int | None, int | None]


def _parse_item(
    block: ListBlockParser, bullet: str, item: Marker, token: Token, state: BlockState, rules: list[str]
) -> Marker | None:
    """mistune's ``_parse_list_item``: one item's lines, parsed as blocks of its own; the next item's marker."""
    spaces, marker, text = item
    leading_width = len(spaces) + len(marker)
    text, continue_width = _continue_width(text, leading_width)
    patterns = block.list_patterns
    item_re, break_re = patterns.item(bullet, leading_width), patterns.breaks(leading_width)
    lines = _collect_lines(block, item_re, break_re, state, text, continue_width)
    src, next_item, loose, end_pos, token_index = lines
    if loose:
        token["tight"] = False
    if end_pos is not None:
        token["_tok_index"] = token_index
        token["_end_pos"] = end_pos
    source = text + _clean_item_text(src, continue_width) if src else text
    if len(source) < 2 or source[-1] != "\n" or source[-2].isspace():  # else strip_end keeps it as it is
        source = strip_end(source)
    tokens = block.parse_text(state, source, rules)
    if _is_loose_list(tokens) if len(tokens) > 1 else tokens and tokens[0]["type"] == "blank_line":
        token["tight"] = False
    token["children"].append({"type": "list_item", "children": tokens})
    return next_item


def _one_line_item(
    block: ListBlockParser,
    sc: LineMatcher,
    bullet: str,
    item: Marker,
    token: Token,
    state: BlockState,
    rules: list[str],
) -> Marker | None:
    """An item that is one line of text and followed by the next item (most items): its token and the next item's
    marker, as :func:`_parse_item` gives them, without collecting its lines or parsing its text; None (nothing
    done) for any other item. Its next line is the next item when it starts with the item's marker and is no
    continuation (no blank before it) and no blank line; its text is one paragraph when no rule matches it."""
    spaces, marker, text = item
    if len(text) < 2 or text[0] != " " or text[1].isspace():  # "- text": _continue_width's first case
        return None
    src, cursor = state.src, state.cursor
    if cursor >= state.cursor_max:
        return None
    end = src.find("\n", cursor)
    next_pos = len(src) if end < 0 else end + 1
    line = src[cursor:next_pos]
    leading_width = len(spaces) + len(marker)
    if "\t" in line or not line.strip(" \t-_*\n") or line.startswith(" " * (leading_width + 1)):
        return None  # a line with a tab, a blank line, a thematic break's characters only or a continuation
    found = block.list_patterns.item(bullet, leading_width).match(line)
    if found is None:
        return None
    source = text[1:] + "\n"  # strip_end keeps a line as it is
    if sc.match(source, 0) is not None:  # parse_text: a block starts the text
        return None
    if not _plain_start(source[0]) and block.search(sc, rules, source, 1) is not None:
        return None
    state.cursor = next_pos
    token["children"].append({"type": "list_item", "children": [{"type": "paragraph", "text": source}]})
    return found.group(1), found.group(2), found.group(3)  # listitem_1, listitem_2, listitem_3


def _plain_start(char: str) -> bool:
    """mistune 3.4's test: a line that starts with a letter (no rule's marker) starts a plain paragraph."""
    return not char.isspace() and not char.isdigit() and char not in string.punctuation


def _collect_lines(
    block: ListBlockParser,
    item_re: re.Pattern[str],
    break_re: re.Pattern[str],
    state: BlockState,
    text: str,
    continue_width: int,
) -> _ItemLines:
    """mistune's ``_collect_list_item_lines``: the item's lines after its first, up to what ends it."""
    prefix = " " * continue_width
    lines: list[str] = []
    prev_blank = False
    src = state.src
    while state.cursor < state.cursor_max:
        end = src.find("\n", state.cursor)
        next_pos = len(src) if end < 0 else end + 1
        raw_line = src[state.cursor : next_pos]
        if raw_line == "\n" or (raw_line[:1] in _BLANKS and raw_line.lstrip(_BLANKS) == "\n"):  # mistune's BLANK_LINE
            lines.append("\n")
            prev_blank = True
            state.cursor = next_pos
            continue
        if raw_line.startswith(prefix) or (
            "\t" in raw_line and mistune_lists._has_continuation_indent(raw_line, continue_width)
        ):
            if prev_blank and not text and not "".join(lines).strip():
                break  # an item begins with at most one blank line (example 280)
            lines.append(raw_line)
            prev_blank = False
            state.cursor = next_pos
            continue
        if MAY_BREAK.match(raw_line):
            if "\t" not in raw_line and raw_line.strip(" \t-_*\n"):  # most: "- next item", as _match_break
                found = item_re.match(raw_line) or break_re.match(src, state.cursor)
            else:
                found = _match_break(item_re, break_re, state, raw_line)
            if found is not None:
                if found.re is item_re:  # the next item
                    state.cursor = next_pos
                    spaces, marker, rest = found.groups()  # listitem_1, listitem_2, listitem_3
                    return "".join(lines), (spaces, marker, rest), prev_blank, None, None
                if found.lastgroup == "list":
                    break
                index = len(state.tokens)
                end_pos = block.parse_method(found, state)
                if end_pos:
                    return "".join(lines), None, False, end_pos, index
        if prev_blank:
            break
        lines.append(raw_line)
        state.cursor = next_pos
    return "".join(lines), None, False, None, None


def _match_break(
    item_re: re.Pattern[str], break_re: re.Pattern[str], state: BlockState, raw_line: str
) -> re.Match[str] | None:
    """mistune's ``_match_list_item_break``: a thematic break, else the next item's marker (a match of
    ``item_re``), else another block that ends the item. A line with a character that no thematic break holds
    (most: ``- next item``) is matched against the break regex only when it is no item."""
    line = mistune_lists._expand_leading_tabs(raw_line) if "\t" in raw_line else raw_line
    if raw_line.strip(" \t-_*\n"):  # a character no thematic break holds: the break's own match comes last
        return item_re.match(line) or break_re.match(state.src, state.cursor)
    m = break_re.match(state.src, state.cursor)
    if m and m.lastgroup == "thematic_break":
        return m
    return item_re.match(line) or m


def _continue_width(text: str, leading_width: int) -> tuple[str, int]:
    """mistune's ``_compile_continue_width``: the item's first text and the indent its next lines need."""
    if len(text) > 1 and text[0] == " " and not text[1].isspace():  # "- text", most items: one blank
        return text[1:] + "\n", leading_width + 1
    if "\t" in text:
        text = mistune_lists._expand_leading_tabs(text, leading_width)
    if _LINE_HAS_TEXT.match(text):
        indent = mistune_lists._count_indent(text) if "\t" in text else len(text) - len(text.lstrip(" "))
        space_width = 1 if indent >= 5 else indent  # 5 blanks or more: indented code, after one
        return text[space_width:] + "\n", leading_width + space_width
    return "", leading_width + 1


def _clean_item_text(src: str, continue_width: int) -> str:
    """mistune's ``_clean_list_item_text``: the item's next lines without the indent of its text."""
    if not src:
        return ""
    if "\t" not in src:
        prefix = " " * continue_width
        return "\n".join(line[continue_width:] if line.startswith(prefix) else line for line in src.split("\n"))
    lines = []
    for line in src.split("\n"):
        if mistune_lists._has_continuation_indent(line, continue_width):
            lines.append(mistune_lists._strip_continuation_indent(line, continue_width))
        else:
            lines.append(mistune_lists._expand_leading_tabs(line))
    return "\n".join(lines)


def _transform_tight_list(token: Token) -> None:
    """mistune's: the paragraphs of a tight list's items are ``block_text``."""
    if token["tight"]:
        for item in token["children"]:
            for part in item["children"]:
                if part["type"] == "paragraph":
                    part["type"] = "block_text"
                elif part["type"] == "list":
                    _transform_tight_list(part)


def _is_loose_list(tokens: list[Token]) -> bool:
    """mistune's: an item with a blank line or two paragraphs makes its list loose."""
    paragraphs = 0
    for part in tokens:
        if part["type"] == "blank_line":
            return True
        if part["type"] == "paragraph":
            paragraphs += 1
            if paragraphs > 1:
                return True
    return False
