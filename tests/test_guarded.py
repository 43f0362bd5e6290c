"""Guarded regexes find exactly what their regexes find: the words they check first are in every match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashforge.extract import comparisons, patterns, prose, remarks
from flashforge.extract.guarded import Guarded
from flashforge.extract.patterns import is_filler

GUARDED = [patterns.SEQUENCE_TITLE, patterns.NOT_SEQUENCE_TITLE, patterns.META_SENTENCE, remarks._SKIPPED]
GUARDED += [prose._NAMING_WORD, prose._STANDS_WORD, prose._CLAUSE_NAMING, comparisons.COMPARISON]
GUARDED += [patterns.QUESTION_END, patterns.STATE_TITLE]


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
