"""mistune's parsers, made to record where each top-level block starts and to scan less.

Changes to :class:`mistune.BlockParser`, as overrides of its public methods:

- :class:`LineTrackingState` and :meth:`LineBlockParser.parse_method` record the source offset of
  every top-level block (``_pos``): mistune keeps no line numbers.
- :meth:`LineBlockParser.parse` looks for the next block only at line starts. Every block rule is
  anchored with ``^``, yet ``re.search`` tries all of them at every character of a paragraph that
  opens with punctuation or a digit (``**term**: …``, ``1) …``); with our dialects' two dozen rules
  that was a fifth of the parse. Trying the same pattern at each line start finds the same match.
- At a line start, only the rules that may start with the line's first character are tried
  (:class:`LineRules`, :data:`BLOCK_STARTS`).
- An empty line (after the text's first) is mistune's blank line without a try of the rules (:func:`blank_lines`).

- Lists are parsed by :func:`.lists.parse_list`, mistune's list parser taking fewer steps.
"""

from __future__ import annotations

import functools
import re
import string
from typing import Any, Protocol

from mistune import BlockParser
from mistune.core import BlockState

from . import lists

_ESCAPE_OR_CLASS = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]")


class LineTrackingState(BlockState):
    """Records the source offset of every top-level block of a state (mistune keeps none)."""

    block_start: int | None = None  # set while a block rule runs (lists move the cursor first)

    def append_token(self, token: dict[str, Any]) -> None:
        if self.parent is None:
            token.setdefault("_pos", self.cursor if self.block_start is None else self.block_start)
        self.tokens.append(token)

    def add_paragraph(self, text: str) -> None:
        """mistune's: ``text`` goes on the last paragraph or starts one (here with its offset, at the top level)."""
        tokens = self.tokens
        if tokens and tokens[-1]["type"] == "paragraph":
            tokens[-1]["text"] += text
        elif self.parent is None:
            tokens.append({"type": "paragraph", "text": text, "_pos": self.cursor})
        else:
            tokens.append({"type": "paragraph", "text": text})


class LineBlockParser(BlockParser):
    state_cls = LineTrackingState

    def __init__(self) -> None:
        super().__init__()
        self.list_patterns = lists.ListPatterns(self)
        self._line_rules: dict[tuple[str, ...], LineRules] = {}
        self._seen: dict[int, tuple[list[str], list[str], LineRules]] = {}  # id of a list of rules → it, a copy, …

    def parse_method(self, m: re.Match[str], state: BlockState) -> int | None:
        """mistune's (the method of the rule that matched), recording where a top-level block starts."""
        method = self._methods[m.lastgroup or ""]
        if state.parent is not None or not isinstance(state, LineTrackingState):
            return method(m, state)
        previous = state.block_start
        state.block_start = m.start()
        try:
            return method(m, state)
        finally:
            state.block_start = previous
            # Lists are inserted behind mistune's back (tokens.insert), not appended.
            for token in state.tokens[-3:]:
                token.setdefault("_pos", m.start())

    def search(self, sc: LineRules, rules: list[str], text: str, pos: int) -> re.Match[str] | None:
        """``sc.search(text, pos)``, line by line when every rule of ``rules`` is anchored at a line start."""
        if sc.anchored is None:
            sc.anchored = all(line_anchored(self.specification[name]) for name in rules)
        return search_lines(sc, text, pos) if sc.anchored else sc.pattern.search(text, pos)

    def plain_paragraph(self, state: BlockState, sc: LineRules) -> bool:
        """mistune 3.4's ``_parse_plain_paragraph``: a paragraph that starts with a letter runs to the line
        where a rule matches or to an empty line."""
        start = state.cursor
        pos = plain_end(sc, state.src, start, state.cursor_max)
        if pos <= start:
            return False
        state.add_paragraph(state.src[start:pos])
        state.cursor = pos
        return True

    def parse_text(self, state: BlockState, src: str, rules: list[str]) -> list[dict[str, Any]]:
        """The tokens of ``src`` parsed with ``rules`` in a child state of ``state`` (a list item's text).

        A text that is one plain paragraph (most list items: a line of text) is one paragraph token without
        a state or a loop; a text that starts with one has it as the first token when the parse starts.
        """
        sc = self.line_rules(rules)
        end = 0
        if src and src[0] not in " \t" and sc.match(src, 0) is None:  # the loop's first steps in :meth:`parse`
            end = plain_end(sc, src, 0, len(src))
            if end == 0 and self.search(sc, rules, src, 1) is None:  # no block after its start: all of it is text
                end = len(src)
            if end == len(src):
                return [{"type": "paragraph", "text": src}]
        child = state.child_state(src)
        if end:
            child.tokens.append({"type": "paragraph", "text": src[:end]})
            child.cursor = end
        self.parse(child, rules)
        return child.tokens

    def prepare(self) -> None:
        """Compile the patterns every note's parse uses now: those of the top level and of list items."""
        for rules in (self.rules, self.list_rules):
            lines = self.line_rules(rules)
            for char in (*string.printable, *_REPRESENTATIVES):
                lines.pattern_for(char)
        for width in range(4):
            self.list_patterns.breaks(width)
            for bullet in "-*+.)":
                self.list_patterns.item(bullet, width)
        self.compile_sc(["thematic_break", "list"])  # mistune's setext heading rule

    def line_rules(self, rules: list[str]) -> LineRules:
        """The rules' pattern, tried at a line start as :class:`LineRules` does (one per list of rules)."""
        seen = self._seen.get(id(rules))  # a list met before, unchanged: no tuple of two dozen names to hash
        if seen is not None and seen[0] is rules and seen[1] == rules:
            return seen[2]
        key = tuple(rules)
        found = self._line_rules.get(key)
        if found is None:
            found = self._line_rules[key] = LineRules(self, rules)
        if len(self._seen) < 64:  # the list is kept, so its id stays its own
            self._seen[id(rules)] = (rules, list(rules), found)
        return found

    def register(self, name: str, pattern: str | None, func: Any, before: str | None = None) -> None:
        """mistune's, and the line patterns built so far are dropped (a rule's pattern may have changed)."""
        super().register(name, pattern, func, before=before)
        self._line_rules = {}
        self._seen = {}
        self.list_patterns = lists.ListPatterns(self)

    def parse_list(self, m: re.Match[str], state: BlockState) -> int:
        """mistune's list parser, in fewer steps (:mod:`.lists`)."""
        if not lists.MISTUNE_34:  # pragma: no cover (another mistune)
            return super().parse_list(m, state)
        return lists.parse_list(self, m, state)

    def parse(self, state: BlockState, rules: list[str] | None = None) -> None:
        """mistune 3.4's loop, with the search for the next block done line by line."""
        if rules is None:
            rules = self.rules
        sc = self.line_rules(rules)
        indented_code, blank_only = sc.indented_code, sc.blank_only
        while state.cursor < state.cursor_max:
            char = state.src[state.cursor]
            if indented_code and char in " \t":  # indented code starts with a blank
                end_pos = self._parse_indent_code_fast(state)
                if end_pos is not None:
                    state.cursor = end_pos
                    continue
            elif char == "\n" and blank_only and state.cursor and state.src[state.cursor - 1] == "\n":
                blank_lines(state)
                continue
            m = sc.match(state.src, state.cursor)
            if not m and self.plain_paragraph(state, sc):
                continue
            if not m:  # the next block starts after the cursor, where the rules' pattern did not match
                m = self.search(sc, rules, state.src, state.cursor + 1)
            if not m:
                break
            if m.start() > state.cursor:
                state.add_paragraph(state.get_text(m.start()))
                state.cursor = m.start()
            end_pos = self.parse_method(m, state)
            if end_pos:
                state.cursor = end_pos
            else:
                line_end = state.find_line_end()
                state.add_paragraph(state.get_text(line_end))
                state.cursor = line_end
        if state.cursor < state.cursor_max:
            state.add_paragraph(state.src[state.cursor :])
            state.cursor = state.cursor_max


# For each block rule, the characters its match can start with on a line that does not start with a blank,
# as a character class (``\\d`` and ``\\w`` as in the rule's own pattern). A rule not named here is tried on
# every line; a line that starts with a blank is tried against every rule.
BLOCK_STARTS = {
    name: re.compile(chars)
    for name, chars in {
        "ff_ad_fence": r"[`~]",
        "ff_admonition": r"[!?]",
        "ff_tab": r"=",
        "ff_fence": r":",
        "ff_slash_block": r"/",
        "ff_math": r"\$",
        "fenced_code": r"[`~]",
        "indent_code": r"[ \t]",
        "atx_heading": r"#",
        "setex_heading": r"[=-]",
        "thematic_break": r"[-_*]",
        "block_quote": r">",
        "list": r"[*+\-\d]",
        "ff_toc": r"[\[{$]",
        "ff_mdx": r"[ie]",
        "ff_footnote": r"\[",
        "ff_abbr": r"\*",
        "ff_comment": r"%",
        "ff_ial": r"\{",
        "ff_include": r"[{-]",
        "ff_inline_fields": r"\w",
        "ref_link": r"\[",
        "ff_details": r"<",
        "ff_md_html": r"<",
        "raw_html": r"<",
        "blank_line": r"[ \t\v\f\n]",
        "ff_table": r"[^\n]",
        "def_list": r":",
    }.items()
}


class LineRules:
    """A list of block rules' pattern, matched at a line start by only the rules that may start there.

    The combined pattern of two dozen rules costs some 20,000 instructions a try, even on a line of
    plain text where each rule fails at its first character. Trying, one by one and in order, the
    few rules that may start with the line's character (one pattern of those rules) finds the same match
    (the first rule that matches) for a fraction of that.
    ASCII punctuation has rules of its own; letters, digits and every other character share the rules
    of their kind (:func:`kind`). A line that starts with a blank is tried against the whole pattern.
    """

    def __init__(self, block: BlockParser, rules: list[str]) -> None:
        self.block = block
        self.rules = rules
        self.indented_code = "indent_code" in rules
        # an empty line is mistune's blank line and nothing else (see :func:`blank_lines`)
        self.blank_only = self.starting_with("\n") == ["blank_line"] and blank_line_is_mistunes(block)
        self.anchored: bool | None = None  # whether every rule is anchored at a line start (once asked)
        self.pattern = block.compile_sc(rules)
        self._by_key: dict[str | tuple[bool, bool, bool], re.Pattern[str] | None] = {}
        self.by_char: dict[str, re.Pattern[str] | None] = {}  # None: no rule may start with the character

    def match(self, text: str, pos: int) -> re.Match[str] | None:
        char = text[pos] if pos < len(text) else " "
        pattern = self.by_char[char] if char in self.by_char else self.pattern_for(char)
        return None if pattern is None else pattern.match(text, pos)

    def pattern_for(self, char: str) -> re.Pattern[str] | None:
        """The pattern of the rules that may start with ``char`` (in order), or None if there are none."""
        key = char if char < "\x80" and not char.isalnum() else kind(char)
        if char in " \t" or (not isinstance(key, str) and key not in _KINDS):
            pattern: re.Pattern[str] | None = self.pattern
        elif key in self._by_key:
            pattern = self._by_key[key]
        else:
            names = self.starting_with(char if isinstance(key, str) else _KINDS[key])
            pattern = self._by_key[key] = self.block.compile_sc(names) if names else None
        if len(self.by_char) < _MAX_CHARS:
            self.by_char[char] = pattern
        return pattern

    def starting_with(self, chars: str | list[str]) -> list[str]:
        """The rules, in order, that may start with any of ``chars``."""
        return [
            name
            for name in self.rules
            if name not in BLOCK_STARTS or any(BLOCK_STARTS[name].match(char) for char in chars)
        ]


# Characters whose pattern a LineRules keeps (a note in an alphabet of its own has a few thousand).
_MAX_CHARS = 20_000


def kind(char: str) -> tuple[bool, bool, bool]:
    """What :data:`BLOCK_STARTS`' classes can tell apart in a letter, a digit or a character outside ASCII.

    The classes name ASCII characters, ``\\d``, ``\\w`` and ``[^\\n]``: among characters of one kind
    they tell apart only ASCII letters and digits, which are all among the kind's representatives.
    """
    return char.isdecimal(), char.isalnum(), char.isspace()


# Each kind's representatives: the ASCII letters and digits of that kind, and a few other characters.
_KINDS: dict[tuple[bool, bool, bool], list[str]] = {}
_REPRESENTATIVES = [*map(chr, range(0x30, 0x7B)), "中", "é", "١", "１", "²", "\u3000", "\u00a0", "\u2028", "—", "。"]
for _char in _REPRESENTATIVES:
    if _char >= "\x80" or _char.isalnum():
        _KINDS.setdefault(kind(_char), []).append(_char)


def plain_end(sc: LineRules, src: str, start: int, end: int) -> int:
    """Where mistune 3.4's plain paragraph from ``start`` ends (``start`` when none starts there): it starts
    with a letter (no rule's marker) and runs to the line where a rule of ``sc`` matches or to an empty line."""
    if start >= len(src) or not _is_plain_paragraph_start(src[start]):
        return start
    pos, by_char = start, sc.by_char
    while pos < end:
        if pos > start:  # sc.match(src, pos), without its call
            char = src[pos]
            if char == "\n":  # an empty line ends the paragraph, whichever rule matches it
                break
            pattern = by_char[char] if char in by_char else sc.pattern_for(char)
            if pattern is not None and pattern.match(src, pos):
                break
        line_end = src.find("\n", pos)
        next_pos = len(src) if line_end < 0 else line_end + 1
        if not src[pos:next_pos].strip():
            break
        pos = next_pos
    return pos


# mistune's blank line rule from an empty line at a line start on: the empty line and the blank lines after it.
_BLANK_RUN = re.compile(r"\n(?:[ \t\v\f]*\n)*")


def blank_lines(state: BlockState) -> None:
    """What the ``blank_line`` rule's match and :meth:`LineBlockParser.parse_method` do at an empty line that is
    not the text's first (mistune's ``parse_blank_line``), without the rules' pattern and three calls."""
    start = state.cursor
    if state.parent is None and isinstance(state, LineTrackingState):
        tokens = state.tokens
        tokens.append({"type": "blank_line", "_pos": start})
        for token in tokens[-3:]:
            token.setdefault("_pos", start)
    else:
        state.append_token({"type": "blank_line"})
    found = _BLANK_RUN.match(state.src, start)
    assert found is not None  # the text has an empty line at ``start``
    state.cursor = found.end()


def blank_line_is_mistunes(block: BlockParser) -> bool:
    """Whether the ``blank_line`` rule is mistune's own (its pattern and its method)."""
    method = getattr(block._methods.get("blank_line"), "__func__", None)  # mistune's, bound to the parser
    return method is BlockParser.parse_blank_line and block.specification.get("blank_line") == _BLANK_LINE


_BLANK_LINE = BlockParser.SPECIFICATION["blank_line"]


def _is_plain_paragraph_start(char: str) -> bool:
    """mistune 3.4's test: a line that starts with a letter (no rule's marker) starts a plain paragraph."""
    return not char.isspace() and not char.isdigit() and char not in string.punctuation


class Matcher(Protocol):
    def match(self, text: str, pos: int) -> re.Match[str] | None: ...


def search_lines(pattern: Matcher, text: str, pos: int) -> re.Match[str] | None:
    """``pattern.search(text, pos)`` for a MULTILINE pattern whose every branch starts with ``^``."""
    if pos > 0 and text[pos - 1] != "\n":
        newline = text.find("\n", pos)
        if newline < 0:
            return None
        pos = newline + 1
    while True:
        match = pattern.match(text, pos)
        if match is not None:
            return match
        newline = text.find("\n", pos)
        if newline < 0:
            return None
        pos = newline + 1


@functools.lru_cache(maxsize=256)
def line_anchored(pattern: str) -> bool:
    """Whether ``pattern`` opens with ``^`` (or ``(^``) and has no ``|`` outside a group that could skip it."""
    if not pattern.startswith(("^", "(^")):
        return False
    depth = 0
    for char in _ESCAPE_OR_CLASS.sub("x", pattern):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth <= (1 if pattern.startswith("(^") else 0):
            return False
    return True
