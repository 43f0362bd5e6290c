"""Guarded regexes find exactly what their regexes find: the words they check first are in every match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashforge.extract import comparisons, naming, patterns, prose, remarks, sequences
from flashforge.extract.guarded import Guarded
from flashforge.extract.patterns import is_filler

GUARDED = [patterns.SEQUENCE_TITLE, patterns.NOT_SEQUENCE_TITLE, patterns.META_SENTENCE, remarks._SKIPPED]
GUARDED += [prose._NAMING_WORD, prose._STANDS_WORD, prose._CLAUSE_NAMING, comparisons.COMPARISON]
GUARDED += [patterns.QUESTION_END, patterns.STATE_TITLE, remarks._REMARK_WORDS]


def pieces(guarded: Guarded) -> list[str]:
    """The pattern's own words and letters, characters re.IGNORECASE folds, digits, blanks and punctuation."""
    words = re.findall(r"[\u4e00-\u9fff]+|[A-Za-z]+", guarded.pattern)
    return [*words, *(word.upper() for word in words), *"ıİſK 3三种类个从由到高低先后'.\n?？$:：", "the ", "there are "]


@pytest.mark.parametrize("guarded", GUARDED, ids=lambda guarded: guarded.pattern[:24])
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_guarded_regex_finds_what_its_regex_finds(guarded: Guarded, data: st.DataObject) -> None:
    parts = data.draw(st.lists(st.sampled_from(pieces(guarded)) | st.text(max_size=3), max_size=8))
    text = "".join(parts)
    found, expected = guarded.search(text), guarded.regex.search(text)
    assert (found and found.span()) == (expected and expected.span())
    matched, expected = guarded.match(text), guarded.regex.match(text)
    assert (matched and matched.span()) == (expected and expected.span())


def test_every_alternative_holds_a_word() -> None:
    # One example of each alternative of a pattern, as it appears in notes: each must reach the regex.
    examples = {
        patterns.SEQUENCE_TITLE: ["启动过程", "The Process", "Steps", "WORKFLOW", "从高到低", "由先到后", "生命周期"],
        patterns.META_SENTENCE: ["分为三类", "有3种", "As follows", "There are four kinds", "可以分为以下两个"],
        remarks._SKIPPED: ["这里直接跳过", "We skip it", "详见下文", "SEE ALSO", "后面会详细介绍"],
        remarks._REMARK_WORDS: [
            *["抄了", "抄的", "抄自", "照抄", "偷懒", "懒得", "感觉", "觉得", "我猜", "猜的"],
            *["不太懂", "没太懂", "没懂", "不懂", "不理解", "没找到", "没有找到", "找不到", "没查到", "没用过"],
            *["用过的", "不确定", "不太确定", "存疑", "待确认", "待查", "待补充", "待完善", "未完成", "不知道"],
            *["不清楚", "也不是很"],
            *["参考资料", "举个例子", "Not sure", "UNSURE", "I think", "i GUESS", "Copied", "citation needed"],
            *["check this", "No idea", "don't understand", "dont really understand"],
        ],
    }
    for guarded, texts in examples.items():
        for text in texts:
            assert guarded.regex.search(text), text
            assert guarded.search(text), text
    assert patterns.SEQUENCE_TITLE.regex.search("ſteps")  # a long s is an s to the engine
    assert patterns.SEQUENCE_TITLE.search("ſteps")


def test_a_case_insensitive_guard_takes_lower_case_words() -> None:
    with pytest.raises(ValueError, match="lower case"):
        Guarded(re.compile("Step", re.I), "Step")


def test_filler_as_the_pattern_says_for_every_character() -> None:
    filler = re.compile(r"^[\s()（）\[\]【】?？.。,，:：!！~\-—…]*$")
    for code in range(0x10000):
        char = chr(code)
        for text in (char, char + "（", "（" + char, char + "a"):
            assert is_filler(text) == bool(filler.match(text)), repr(text)


_STEPS = (sequences._STEP_WORD, sequences._ACTOR, sequences._IMPERATIVE, sequences._YOU_STEP)


def _reads_as_step_unguarded(text: str) -> bool:
    first = text.strip().split("\n", 1)[0]
    return any(pattern.match(first) for pattern in _STEPS)


def _step_pieces() -> list[str]:
    words = [word for pattern in _STEPS for word in re.findall(r"[\u4e00-\u9fff]+|[A-Za-z]+", pattern.pattern)]
    return [*words, *(word.upper() for word in words), *"\u0131\u0130\u017f\u212a 3三第步 \n.", "the ", "you need "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_step_pieces()) | st.text(max_size=3), max_size=6))
def test_a_list_item_reads_as_a_step_as_its_four_patterns_say(parts: list[str]) -> None:
    text = "".join(parts)
    assert sequences._reads_as_step(text) == _reads_as_step_unguarded(text)


def test_every_opening_of_a_step_passes_the_first_character_check() -> None:
    for word in {word[0] for word in _step_pieces() if word.strip()}:
        assert sequences._reads_as_step(word + "先") == _reads_as_step_unguarded(word + "先")
    for code in range(0x10000):  # every character the engine takes for an ASCII letter when it ignores case
        char = chr(code)
        if re.match("[a-z]", char, re.I):
            assert char in sequences.STEP_OPENINGS or (char.isascii() and char.isalpha()), repr(char)
    for text in ("首先解压", "客户端发送 SYN", "Create a file", "ſtart the server", "步骤 1 解压", "第二步：编译"):
        assert sequences._reads_as_step(text) and _reads_as_step_unguarded(text), text


_ACRONYM_PIECES = [*"(（)） -_,，", "Dead ", "Letter ", "Queue", "DLQ", "TCP", "A", "Ab", "中文", "x1", "ABCDEFGHI"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_ACRONYM_PIECES) | st.text(max_size=2), max_size=10))
def test_an_expansion_before_its_acronym_needs_an_acronym_in_brackets(parts: list[str]) -> None:
    text = "".join(parts)
    if naming._BRACKETED_ACRONYM.search(text) is None:
        assert naming._FULL_FIRST.search(text) is None
    assert naming._FULL_FIRST.search("uses Dead Letter Queues (DLQ) for") and naming._BRACKETED_ACRONYM.search("(DLQ)")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*"(（)） \n", "SYN", "同步", "a b"]) | st.text(max_size=3), max_size=8))
def test_an_expansion_is_cut_only_from_a_term_that_ends_with_a_bracket(parts: list[str]) -> None:
    term = "".join(parts).strip()
    if not term.endswith((")", "）")):
        assert prose._EXPANSION.sub("", term) == term
    assert prose._EXPANSION.sub("", "SYN（Synchronize Sequence Numbers）") == "SYN"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*"12.、)一二十 \n\t", "3.1", "解压", "TCP"]) | st.text(max_size=2), max_size=8))
def test_numbering_goes_only_from_the_start_of_a_title(parts: list[str]) -> None:
    title = "".join(parts)
    numbered = patterns._NUMBERING.match(title)
    assert patterns._NUMBERING.sub("", title) == (title[numbered.end() :] if numbered else title)
