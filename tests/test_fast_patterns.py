"""Patterns rewritten for speed say what the patterns they stand for say, on any text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from flashforge.extract import patterns

# The words, their neighbours, blanks, "=", word characters that break a "\b", and the characters the pattern ends at.
_WORDS = re.findall(r"[a-z]+|[\u4e00-\u9fff]+", patterns.SENTENCE_WORDS.pattern)
_PIECES = [*_WORDS, *(word.upper() for word in _WORDS), *" \t\n=_1éX是也许", "this", "Hadoop", " = "]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=2), max_size=8))
def test_has_sentence_word_says_what_sentence_words_finds(parts: list[str]) -> None:
    text = "".join(parts)
    assert bool(patterns._HAS_SENTENCE_WORD.search(text)) == bool(patterns.SENTENCE_WORDS.search(text))


def test_has_sentence_word_on_examples() -> None:
    for text in ("ARP 要解决的就是这个", "this is", "is", "a = b", "x =\n", "也", "it can", "\nhad"):
        assert patterns._HAS_SENTENCE_WORD.search(text), text
    for text in ("Hadoop", "this", "a=b", "也许", "是的", "_is", "1is", "is1", "cant"):
        assert not patterns._HAS_SENTENCE_WORD.search(text), text
