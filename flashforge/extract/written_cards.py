"""Cards the author already wrote out: Obsidian spaced-repetition's own syntax.

- ``Question::Answer`` on one line (``:::`` for a card both ways);
- a question, a line ``?`` (``??`` both ways), then the answer on the lines after it.

A line ``X::Y`` is also how C++ names things (``std::vector``) and how Dataview writes a page field
(``due:: 2024-01-01``), so a one-line card is taken when its question asks (ends with ``?``) or when the
note holds the plugin's review comments (``<!--SR:!2024-07-04,37,250-->``): then its lines are cards.
"""

from __future__ import annotations

import re

from ..parse import Block
from .base import Found

# "What are the two types of primary key::We've got…": the question, two or three colons, the answer.
_ONE_LINE = re.compile(r"^(?P<q>[^:\n]{2,300}?[^:\s])[ \t]*:{2,3}(?!:)[ \t]*(?P<a>[^:\s][^\n]{0,1000})$")
# "What does std::move do?::It casts…": a question that names a C++ thing ends at its question mark.
_ASKED = re.compile(r"^(?P<q>[^\n]{2,300}?[?？])[ \t]*:{2,3}(?!:)[ \t]*(?P<a>[^:\s][^\n]{0,1000})$")
# The line between a question and its answer in a card of several lines.
_SEPARATOR = frozenset({"?", "??"})
# The review schedule the plugin writes after a card: "<!--SR:!2024-07-04,37,250-->".
SCHEDULE = re.compile(r"<!--SR:[^<>\n]{0,300}-->")
_ASKS = ("?", "？")


_SEPARATOR_LINE = re.compile(r"^[ \t]*\?\??[ \t]*$", re.M)


def may_hold_cards(text: str) -> bool:
    """False only when the text can hold no written card (no "::", no line of "?"): most paragraphs, at once."""
    return "::" in text or ("?" in text and _SEPARATOR_LINE.search(text) is not None)


def add_written_cards(found: Found, block: Block, reviewed: bool) -> bool:
    """The cards the paragraph writes out (``reviewed``: the note holds the plugin's review comments)."""
    lines = [SCHEDULE.sub("", line).strip() for line in block.text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return False
    separator = next((index for index, line in enumerate(lines) if line in _SEPARATOR), -1)
    if 0 < separator < len(lines) - 1:
        question, answer = " ".join(lines[:separator]), "\n".join(lines[separator + 1 :])
        return found.term("definition", question, "", block.headings, block.line, question, answer)
    pairs = [_ASKED.match(line) or _ONE_LINE.match(line) for line in lines]
    if not all(pairs):
        return False
    asked = [match for match in pairs if match is not None and (reviewed or match.group("q").rstrip().endswith(_ASKS))]
    if not asked:
        return False
    for match in pairs:
        assert match is not None
        question, answer = match.group("q").strip(), match.group("a").strip()
        if match in asked:
            found.term("definition", question, "", block.headings, block.line, question, answer)
        else:
            found.skip(block.line, "written card that asks nothing (X::Y without a question mark)", question)
    return True
