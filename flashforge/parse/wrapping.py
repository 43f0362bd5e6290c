"""Soft line breaks: which ones only wrap an English sentence at a width, and so read as a space.

Pure. Markdown renders a soft line break (a newline inside a paragraph) as a
space, but notes use them two ways: English prose wrapped at a width
("…a file or directory⏎with respect to the current directory"), and one
statement per line (Obsidian shows each line as written: "git add⏎git commit",
"Primary key: …⏎Foreign key: …", Chinese lines). Cards keep the second kind as
line breaks, which the extractors read; :func:`wraps` tells the first kind apart
from the text on either side. Hard breaks (two blanks, a backslash, ``<br>``)
are the author's and always stay.
"""

from __future__ import annotations

import re

# A wrapped line is prose: at least this many words (a short line is a statement or a command of its own).
MIN_WRAPPED_WORDS = 4
# Where a wrapped line may end: inside a sentence (a word, a number, a comma, a closing bracket or quote).
_OPEN_END = re.compile(r"[A-Za-z0-9,)\]'\"`%]$")
# How the next line goes on: a lower-case word; after a comma, any word or an aside.
_GOES_ON = re.compile(r"[a-z]")
_GOES_ON_AFTER_COMMA = re.compile(r"[A-Za-z0-9(`\"']")
# A line that starts a label of its own ("foreign key: …", "`-v`: …") or an item ("- …", "* …").
_OWN_LINE = re.compile(r"(?:[-*+]\s|[\w`'\".-]{1,30}(?: [\w`'\".-]{1,30}){0,3}[ \t]?[:：](?:\s|$))")


def wraps(before: str, after: str) -> bool:
    """Whether a soft break between the line ``before`` and the line ``after`` only wraps prose."""
    before = before.rstrip()
    if not before or not after or not _OPEN_END.search(before):
        return False
    goes_on = _GOES_ON_AFTER_COMMA if before[-1] == "," else _GOES_ON
    if not goes_on.match(after) or _OWN_LINE.match(after):
        return False
    return len(before.split(None, MIN_WRAPPED_WORDS)) >= MIN_WRAPPED_WORDS


def join_soft_breaks(pieces: list[str], soft: list[bool]) -> str:
    """``pieces`` joined, each soft break (a piece that is ``"\\n"`` with ``soft`` set) a space where it wraps.

    Linear: each break looks at the source line before it and at most :data:`_LOOKAHEAD` characters after it.
    """
    out: list[str] = []
    line: list[str] = []  # the source line before the next break: what is written since the last break
    for index, piece in enumerate(pieces):
        if soft[index]:
            out.append(" " if wraps("".join(line), _line_after(pieces, index + 1)) else "\n")
            line = []
            continue
        out.append(piece)
        if "\n" in piece:
            line = [piece[piece.rindex("\n") + 1 :]]
        else:
            line.append(piece)
    return "".join(out)


_LOOKAHEAD = 80


def _line_after(pieces: list[str], start: int) -> str:
    """The start of the text after a break, to its next line break: enough to judge how the next line starts."""
    parts: list[str] = []
    size = 0
    index = start
    while index < len(pieces) and size <= _LOOKAHEAD:
        piece = pieces[index][: _LOOKAHEAD + 1]
        cut = piece.find("\n")
        if cut >= 0:
            parts.append(piece[:cut])
            break
        parts.append(piece)
        size += len(piece)
        index += 1
    return "".join(parts)
