"""Shortcuts in extraction give what the plain code gives: skip snippets, per-document memory."""

from __future__ import annotations

import inspect

from hypothesis import given, settings
from hypothesis import strategies as st

from flashforge.extract import extract, memo, patterns, remarks
from flashforge.extract.base import SNIPPET_CHARS, snippet
from flashforge.parse import parse_document


def plain_snippet(text: str) -> str:
    shown = " ".join(text.split())
    return shown[: SNIPPET_CHARS - 1] + "…" if len(shown) > SNIPPET_CHARS else shown


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "词", " ", "\n", "\t", "\u3000", "  " * 40, "word " * 30, "长句子" * 30])))
def test_a_snippet_is_the_collapsed_text_cut(parts: list[str]) -> None:
    text = "".join(parts)
    assert snippet(text) == plain_snippet(text)


def test_snippets_at_the_edges() -> None:
    for text in ["x" * 240, "x" * 241, "x " * 120 + "y", " " * 300 + "end", "a" * 59 + " " * 200 + "b", ""]:
        assert snippet(text) == plain_snippet(text)


def test_per_document_answers_from_memory_until_the_next_document() -> None:
    calls: list[str] = []

    @memo.per_document
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert shout("a") == shout("a") == "A"
    assert calls == ["a"]
    memo.new_document()
    assert shout("a") == "A"
    assert calls == ["a", "a"]


def test_remembered_checks_answer_as_the_plain_ones() -> None:
    texts = ["TCP", "TCP（Transmission Control Protocol）", "1. 过程：", "这是一个句子，很长", "  a\tb  ", "x;"]
    for check in (patterns.is_termlike, patterns.clean_meaning, patterns.normalize_title):
        plain = inspect.unwrap(check)
        assert plain is not check
        for text in texts:
            assert check(text) == plain(text)
    for text in texts:
        assert patterns.is_termlike(text, 10) == inspect.unwrap(patterns.is_termlike)(text, 10)


def test_an_extraction_does_not_depend_on_the_one_before() -> None:
    first = parse_document("# A\n\n**TCP**：传输控制协议\n\n- 过程：握手\n")
    second = parse_document("# B\n\nTCP 是一种面向连接的协议。\n\n**过程**\n\n1. 握手\n2. 传输\n")
    alone = extract(second)
    extract(first)
    assert extract(second) == alone


_PIECES = [*remarks._ANY_WORDS, *(word.upper() for word in remarks._ANY_WORDS), *"ıİſK aZ词。", "TODO", "ToDo"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=6))
def test_the_quick_checks_pass_every_text_their_patterns_can_match(parts: list[str]) -> None:
    text = "".join(parts)
    if remarks._ANY.search(text):
        assert remarks._may_hold_remark(text)
    if patterns.TODO_MARK.search(text):
        assert patterns._may_hold_todo(text)
