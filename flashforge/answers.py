"""Card-sized answers: a long answer is cut after a sentence, the whole text kept beside it.

Pure. A card answers one thing; notes often hold a paragraph where a
definition's first sentence is what a learner recalls. :func:`cut_answer`
keeps the sentences that fit in :data:`ANSWER_LIMIT` characters (always at
least the first one, where definitions live), cut only where a sentence or a
line ends, outside brackets: never inside a word, never with "…". The cut
answer is always the start of the full text, so a reader can show the rest
below it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# About three lines on a phone card: an answer a learner can check at a glance.
ANSWER_LIMIT = 150
# Full-width ends of a sentence (；ends a clause that stands alone in Chinese notes).
CJK_SENTENCE_ENDS = "。；！？"
# ASCII ends of a sentence, only before a blank or the end ("2.5", "node.js", "a;b" go on).
LATIN_SENTENCE_ENDS = ".;!?"
# Quotes and brackets that close a sentence with its end ("…为止。」" ends after the 」).
CLOSERS = "”’\"'）)]】」』"
# A line ending in one of these goes on in the next line: prose wrapped at a width ("…the file system's⏎
# root directory,⏎and…") or a lead-in ("分为三类：⏎…"); its line break ends nothing. Any other line break
# ends a line of notes, a unit of its own.
WRAPPED_LINE_ENDS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,，、(（-–—/'\":：")
# Words whose period ends no sentence.
ABBREVIATIONS = frozenset({"e.g", "i.e", "etc", "vs", "cf", "al", "approx", "fig", "no", "mr", "dr", "st"})
_LONGEST_ABBREVIATION = max(len(word) for word in ABBREVIATIONS) + 1
_OPENERS = "（([【「『"
_BRACKET_CLOSERS = "）)]】」』"
# The characters _ends acts on: brackets, line breaks, sentence ends.
_MARKS = re.compile("[" + re.escape(_OPENERS + _BRACKET_CLOSERS + CJK_SENTENCE_ENDS + LATIN_SENTENCE_ENDS) + "\n]")


def cut_answer(text: str, limit: int = ANSWER_LIMIT) -> tuple[str, str]:
    """``(answer, full)``: ``full`` is ``text`` when the answer was cut, else ""."""
    if len(text) <= limit:
        return text, ""
    fitting: list[int] = []
    first_beyond = None
    for end in _ends(text):  # in order: the first end past the limit is the last one needed
        if end > limit:
            first_beyond = end
            break
        fitting.append(end)
    if not fitting and first_beyond is None:
        return text, ""
    answer = text[: fitting[-1] if fitting else first_beyond].rstrip()
    if not answer or len(answer) >= len(text.rstrip()):
        return text, ""
    return answer, text


def sentence_ends(text: str) -> list[int]:
    """Where each sentence or line of ``text`` ends (after its punctuation), outside brackets, in order."""
    return list(_ends(text))


def _ends(text: str) -> Iterator[int]:
    """:func:`sentence_ends` one by one, increasing."""
    last = -1
    depth = 0
    size = len(text)
    for match in _MARKS.finditer(text):  # every other character changes nothing: skip them in C
        index = match.start()
        char = text[index]
        if char in _OPENERS:
            depth += 1
        elif char in _BRACKET_CLOSERS:
            depth = max(depth - 1, 0)
        if char == "\n":
            if depth and _closed_soon(text, index):
                continue  # "(i.e.⏎for sidebars)": an aside wrapped over two lines goes on
            depth = 0  # a line ends every aside left open on it
            if index > 0 and text[index - 1] not in WRAPPED_LINE_ENDS and last != index:
                last = index
                yield index
            continue
        if depth or not _ends_sentence(text, index):
            continue
        end = index + 1
        while end < size and text[end] in CLOSERS and text[end] not in _OPENERS:
            end += 1
        if end < size and last != end:
            last = end
            yield end


# An aside open at a line break and closed within this many characters was wrapped, not left open.
MAX_WRAPPED_ASIDE = 120


def _closed_soon(text: str, index: int) -> bool:
    """Whether a bracket closes before the next line break, within :data:`MAX_WRAPPED_ASIDE` characters."""
    after = text[index + 1 : index + 1 + MAX_WRAPPED_ASIDE]
    line = after.split("\n", 1)[0]
    return any(closer in line for closer in _BRACKET_CLOSERS)


def _ends_sentence(text: str, index: int) -> bool:
    char = text[index]
    if char in CJK_SENTENCE_ENDS:
        return index + 1 >= len(text) or text[index + 1] not in CJK_SENTENCE_ENDS  # "？！" ends once
    if char not in LATIN_SENTENCE_ENDS:
        return False
    after = index + 1
    while after < len(text) and text[after] in CLOSERS:
        after += 1
    if after < len(text) and not text[after].isspace():
        return False
    if char != ".":
        return True
    start = index
    while start > 0 and index - start < _LONGEST_ABBREVIATION and not text[start - 1].isspace():
        start -= 1
    word = text[start:index].lstrip(_OPENERS).lower()
    return word not in ABBREVIATIONS and not (len(word) == 1 and word.isalpha())  # "J. Smith", "e.g."
