"""The block parser's line-by-line search finds exactly what mistune's regex search finds."""

from __future__ import annotations

import functools
import re

import mistune
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mistune import BlockParser

from flashforge.parse import blocks, metadata, parse_document
from flashforge.parse.blocks import line_anchored, search_lines
from flashforge.parse.inline_parser import FastInlineParser
from flashforge.parse.markdown import build, parser

PIECES = [
    "**粗体**：说明",
    "1) 第一",
    "- 项",
    "> 引用",
    "| a | b |",
    "|---|---|",
    "```",
    "    code",
    "$$",
    ":::",
    "!!! note",
    "# 标题",
    "[^1]: 脚注",
    "<details>",
    "key:: value",
    "%%",
    "(括号)",
    "",
    " ",
    "text",
    "---",
    ": 定义",
    "===",
]


def test_every_rule_of_the_parser_is_anchored_so_the_fast_search_is_used() -> None:
    block = parser().block
    assert [name for name in block.rules if not line_anchored(block.specification[name])] == []
    assert [name for name in block.list_rules if not line_anchored(block.specification[name])] == []


def test_line_anchored_refuses_patterns_that_can_match_mid_line() -> None:
    assert line_anchored(r"^ {0,3}>[^\n]*")
    assert line_anchored(r"(^[ \t]*\n)+")
    assert line_anchored(r"^(?:import|export)\b")
    assert line_anchored(r"^[|a]x")
    assert not line_anchored(r"^a|b")
    assert not line_anchored(r"(^a)|b")
    assert not line_anchored(r"[ \t]*\n")
    assert not line_anchored(r"\^x")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12), st.integers(min_value=0, max_value=200))
def test_search_lines_matches_regex_search(lines: list[str], start: int) -> None:
    text = "\n".join(lines)
    pattern = parser().block.compile_sc()
    pos = min(start, len(text))
    expected = pattern.search(text, pos)
    found = search_lines(pattern, text, pos)
    assert (found and (found.span(), found.lastgroup)) == (expected and (expected.span(), expected.lastgroup))


def test_paragraphs_opening_with_punctuation_keep_their_lines() -> None:
    text = "# T\n\n**术语**：说明一\n接着说\n\n1) 第一步\n2) 第二步\n\n(注) 最后一段\n- 项\n"
    lines = [(block.type, block.line) for block in parse_document(text).blocks]
    assert lines == [("heading", 1), ("paragraph", 3), ("list", 6), ("paragraph", 9), ("list", 10)]


LINE_STARTS = [
    *PIECES,
    "中文",
    "١٢",
    "１. 全角",
    "²",
    "\u3000缩进",
    "import x from 'y'",
    "export const a = 1",
    "键:: 值",
    "é",
]


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(LINE_STARTS), st.text(max_size=6)), max_size=8),
    st.integers(min_value=0, max_value=120),
    st.booleans(),
)
def test_the_rules_a_line_may_start_match_as_all_rules_do(lines: list[str], start: int, nested: bool) -> None:
    block = parser().block
    assert isinstance(block, blocks.LineBlockParser)
    rules = block.list_rules if nested else block.rules
    text = "\n".join(lines) + "\n"
    pos = min(start, len(text))
    pattern = block.compile_sc(rules)
    expected = pattern.match(text, pos)
    found = block.line_rules(rules).match(text, pos)
    assert (found and (found.span(), found.lastgroup)) == (expected and (expected.span(), expected.lastgroup))


@settings(max_examples=500, deadline=None)
@given(st.characters())
def test_a_characters_kind_has_every_rule_the_character_may_start(char: str) -> None:
    block = parser().block
    assert isinstance(block, blocks.LineBlockParser)
    lines = block.line_rules(block.rules)
    if char in " \t" or (char < "\x80" and not char.isalnum()):
        return
    assert set(lines.starting_with(char)) <= set(lines.starting_with(blocks._KINDS[blocks.kind(char)]))


def test_every_rule_says_what_it_may_start_with() -> None:
    block = parser().block
    assert sorted(set(block.rules) - set(blocks.BLOCK_STARTS)) == []  # a new rule: add its first characters


def test_a_list_of_rules_changed_in_place_gets_the_line_pattern_of_its_new_rules() -> None:
    block = blocks.LineBlockParser()
    rules = ["atx_heading", "list"]
    assert block.line_rules(rules).match("# T\n", 0) is not None
    assert block.line_rules(rules) is block.line_rules(rules)  # found again by the list's identity
    rules.remove("atx_heading")
    assert block.line_rules(rules).match("# T\n", 0) is None


@functools.cache
def _slow_blank_lines() -> mistune.Markdown:
    """Our parser, but blank lines found by the rules' pattern and taken through ``parse_method``."""
    md = build(FastInlineParser())
    md.block.register("blank_line", BlockParser.SPECIFICATION["blank_line"], BlockParser.parse_blank_line)
    return md


BLANK_PIECES = [*PIECES, "", "", "   ", "\t", "\v", "\f", " \t ", "- a", "  - b", "> ", "    ", "!!! note", "    body"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(BLANK_PIECES), max_size=14), st.booleans())
@example(["", "", "text", "", " \t", "", "- a", "", "  - b"], True)
@example(["text", "\v", "\f", "more"], False)
def test_empty_lines_give_the_tokens_of_mistunes_blank_line_rule(lines: list[str], end: bool) -> None:
    """An empty line read without the rules' pattern (``blocks.blank_lines``) gives the tokens of the
    ``blank_line`` rule's match, at the top level (with offsets) and in list items and containers."""
    slow = _slow_blank_lines()
    assert not slow.block.line_rules(slow.block.rules).blank_only
    assert parser().block.line_rules(parser().block.rules).blank_only
    text = "\n".join(lines) + ("\n" if end else "")
    assert parser().parse(text)[0] == slow.parse(text)[0]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from([*"ab _-:\t\n中1é", " " * 3, "::", "a" * 20, "中" * 40]), max_size=30))
@example(["a" * 39, "b:: v"])
@example([" " * 3, "a" * 40, ":: v"])
@example(["键:: 值"])
def test_the_inline_fields_rule_matches_what_it_matched_without_its_lookahead(pieces: list[str]) -> None:
    text = "".join(pieces)
    without = re.compile(r"^ {0,3}[\w][\w -]{0,39}::[ \t][^\n]*(?:\n|$)", re.M)
    rule = re.compile(metadata.INLINE_FIELDS, re.M)
    for pos in [0, *(index + 1 for index, char in enumerate(text) if char == "\n")]:
        expected, found = without.match(text, pos), rule.match(text, pos)
        assert (found and found.span()) == (expected and expected.span())
