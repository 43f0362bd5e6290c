"""mistune's parsers, made to record where each top-level block starts and to scan less.

Changes to :class:`mistune.BlockParser`, as overrides of its public methods:

- :class:`LineTrackingState` and :meth:`LineBlockParser.parse_method` record the source offset of
  every top-level block (``_pos``): mistune keeps no line numbers.
- :meth:`LineBlockParser.parse` looks for the next block only at line starts. Every block rule is
  anchored with ``^``, yet ``re.search`` tries all of them at every character of a paragraph that
  opens with punctuation or a digit (``**term**: …``, ``1) …``); with our dialects' two dozen rules
  that was a fifth of the parse. Trying the same pattern at each line start finds the same match.

:func:`cache_list_breaks` keeps, for our parser only, the regex that ends a list item: mistune builds and
compiles it again (a string of some thousand characters, hashed for ``re``'s cache) for every list item.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from mistune import BlockParser, list_parser
from mistune.core import BlockState

_ESCAPE_OR_CLASS = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]")


class LineTrackingState(BlockState):
    """Records the source offset of every top-level block of a state (mistune keeps none)."""

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


class LineBlockParser(BlockParser):
    state_cls = LineTrackingState

    def __init__(self) -> None:
        super().__init__()
        self._anchored: dict[tuple[str, ...], bool] = {}  # rules → whether all are anchored (rules never change)
        self._list_breaks: dict[tuple[int, tuple[str, ...]], re.Pattern[str]] = {}

    def parse_method(self, m: re.Match[str], state: BlockState) -> int | None:
        if not isinstance(state, LineTrackingState) or state.parent is not None:
            return super().parse_method(m, state)
        previous = state.block_start
        state.block_start = m.start()
        try:
            return super().parse_method(m, state)
        finally:
            state.block_start = previous
            # Lists are inserted behind mistune's back (tokens.insert), not appended.
            for token in state.tokens[-3:]:
                token.setdefault("_pos", m.start())

    def search(self, sc: re.Pattern[str], rules: list[str], text: str, pos: int) -> re.Match[str] | None:
        """``sc.search(text, pos)``, line by line when every rule of ``rules`` is anchored at a line start."""
        key = tuple(rules)
        anchored = self._anchored.get(key)
        if anchored is None:
            anchored = self._anchored[key] = all(line_anchored(self.specification[name]) for name in rules)
        return search_lines(sc, text, pos) if anchored else sc.search(text, pos)

    def parse(self, state: BlockState, rules: list[str] | None = None) -> None:
        """mistune 3.4's loop, with the search for the next block done line by line."""
        if rules is None:
            rules = self.rules
        sc = self.compile_sc(rules)
        while state.cursor < state.cursor_max:
            if "indent_code" in rules:
                end_pos = self._parse_indent_code_fast(state)
                if end_pos is not None:
                    state.cursor = end_pos
                    continue
            m = sc.match(state.src, state.cursor)
            if not m and self._parse_plain_paragraph(state, sc):
                continue
            if not m:
                m = self.search(sc, rules, state.src, state.cursor)
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


def cache_list_breaks() -> None:
    """Make mistune's list-item break regex a cached one for :class:`LineBlockParser` (other parsers unchanged).

    The regex depends only on the item's indent and the block rules' patterns, which are part of the key;
    a mistune without the function (another version) just keeps building it.
    """
    build: Callable[[BlockParser, int], re.Pattern[str]] | None = getattr(list_parser, "_compile_list_break_sc", None)
    if build is None or build is _cached_list_breaks[0]:
        return

    def compile_list_break_sc(block: BlockParser, leading_width: int) -> re.Pattern[str]:
        if not isinstance(block, LineBlockParser):
            return build(block, leading_width)
        key = (leading_width, tuple(block.specification.values()))
        found = block._list_breaks.get(key)
        if found is None:
            found = block._list_breaks[key] = build(block, leading_width)
        return found

    _cached_list_breaks[:] = [compile_list_break_sc, build]
    list_parser._compile_list_break_sc = compile_list_break_sc


# [the cached function, mistune's own] once installed
_cached_list_breaks: list[Callable[[BlockParser, int], re.Pattern[str]] | None] = [None, None]


def search_lines(pattern: re.Pattern[str], text: str, pos: int) -> re.Match[str] | None:
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
