"""Keep one hostile line from stalling the parse: mistune is quadratic on a few shapes.

Measured on mistune 3 (see bench/): nested emphasis (``'*a '*n + ' a*'*n``)
costs O(n²) in the delimiters of one paragraph, whitespace runs inside a
heading O(n²) in the run. So, before parsing, line by line (linear):

- a line longer than :data:`MAX_LINE` characters is blanked (a ``skip`` block says so);
- runs of more than :data:`MAX_SPACE_RUN` blanks inside a line are folded to one;
- a paragraph or list item with more than :data:`MAX_EMPHASIS_RUNS` ``*``/``_``
  runs has them escaped, so it reads as plain text.

Line numbers never change: every line stays a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Block

MAX_LINE = 20_000  # no note line is this long; a minified blob or a pasted dump is
MAX_SPACE_RUN = 64  # alignment in prose never needs more; code keeps its indentation
MAX_EMPHASIS_RUNS = 64  # a sentence with 32 bold phrases is already unreadable

_SPACE_RUN = re.compile(r"(?<=\S)[ \t\u3000]{" + str(MAX_SPACE_RUN + 1) + ",}")
_EMPHASIS = re.compile(r"[*_]+")
_UNIT_START = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s|^\s*$|^\s{0,3}#")
_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s")
_ESCAPE = re.compile(r"(?<!\\)([*_])")


@dataclass
class Guarded:
    """The lines that were changed, for ``preview``."""

    long_lines: list[int] = field(default_factory=list)
    escaped: list[int] = field(default_factory=list)

    def blocks(self, offset: int) -> list[Block]:
        out = [Block("skip", line + offset, (), info=f"line longer than {MAX_LINE:,} characters: left out")
               for line in self.long_lines]  # fmt: skip
        out += [Block("skip", line + offset, (), info="too much emphasis markup: read as plain text")
                for line in self.escaped]  # fmt: skip
        return out


def tame(text: str) -> tuple[str, Guarded]:
    guarded = Guarded()
    emphasis = text.count("*") + text.count("_")
    if len(text) < 2000 and emphasis < MAX_EMPHASIS_RUNS:
        return text, guarded
    long_line = len(text) > MAX_LINE  # a text can hold a long line only if it is longer still
    heavy = _may_have_heavy_unit(text, emphasis)
    spaces = _may_have_space_run(text)
    if not (long_line or heavy or spaces):
        return text, guarded  # no line to change (most notes): no pass over the lines
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if len(line) > MAX_LINE:
            lines[index] = ""
            guarded.long_lines.append(index + 1)
        elif spaces and len(line) > MAX_SPACE_RUN and ("  " in line or "\t" in line or "\u3000" in line):
            lines[index] = _SPACE_RUN.sub(" ", line)  # a run of blanks holds two spaces, a tab or a U+3000
    if heavy:
        _escape_heavy_units(lines, guarded)
    return "\n".join(lines), guarded


def _may_have_space_run(text: str) -> bool:
    """Whether a line of ``text`` could hold a run of more than :data:`MAX_SPACE_RUN` blanks (substring tests:
    the regex, tried at every position, costs some 170 instructions a character)."""
    if "\t" in text or "\u3000" in text:
        text = text.replace("\t", " ").replace("\u3000", " ")
    return " " * (MAX_SPACE_RUN + 1) in text


def _may_have_heavy_unit(text: str, emphasis: int) -> bool:
    """Whether a paragraph or list item could hold more than :data:`MAX_EMPHASIS_RUNS` runs of ``*``/``_``
    (``emphasis``: how many ``*`` and ``_`` the text holds).

    A unit never spans an empty line (one starts a new unit), and it has no more runs than characters:
    when no stretch between empty lines holds that many ``*`` and ``_``, no unit does.
    """
    if emphasis <= MAX_EMPHASIS_RUNS:
        return False
    return any(part.count("*") + part.count("_") > MAX_EMPHASIS_RUNS for part in text.split("\n\n"))


def _escape_heavy_units(lines: list[str], guarded: Guarded) -> None:
    start, runs = 0, 0
    for index in range(len(lines) + 1):
        line = lines[index] if index < len(lines) else ""
        if index == len(lines) or _UNIT_START.match(line):
            if runs > MAX_EMPHASIS_RUNS:
                for unit in range(start, index):
                    marker = _MARKER.match(lines[unit])
                    cut = marker.end() if marker else 0
                    lines[unit] = lines[unit][:cut] + _ESCAPE.sub(r"\\\1", lines[unit][cut:])
                guarded.escaped.append(start + 1)
            start, runs = index, 0
        runs += len(_EMPHASIS.findall(line)) if "*" in line or "_" in line else 0
