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
    heavy = _heavy_stretches(text) if emphasis > MAX_EMPHASIS_RUNS else []
    spaces = _space_run_lines(text)
    if not (long_line or heavy or spaces):
        return text, guarded  # no line to change (most notes): no pass over the lines
    lines = text.split("\n")
    if long_line and max(map(len, lines)) > MAX_LINE:
        for index, line in enumerate(lines):
            if len(line) > MAX_LINE:
                lines[index] = ""
                guarded.long_lines.append(index + 1)
    for index in spaces:  # a long line is blank now
        line = lines[index]
        if len(line) > MAX_SPACE_RUN and ("  " in line or "\t" in line or "\u3000" in line):
            lines[index] = _SPACE_RUN.sub(" ", line)  # a run of blanks holds two spaces, a tab or a U+3000
    for first, stop in heavy:
        _escape_heavy_units(lines, guarded, first, stop)
    return "\n".join(lines), guarded


def _space_run_lines(text: str) -> list[int]:
    """The lines of ``text`` that could hold a run of more than :data:`MAX_SPACE_RUN` blanks, by index (substring
    searches: the regex, tried at every position, costs some 170 instructions a character)."""
    if "\t" in text or "\u3000" in text:
        text = text.replace("\t", " ").replace("\u3000", " ")  # one character for one: lines stay where they are
    run = " " * (MAX_SPACE_RUN + 1)
    found: list[int] = []
    line = counted = 0  # the line of position ``counted``
    at = text.find(run)
    while at >= 0:
        line += text.count("\n", counted, at)
        counted = at
        found.append(line)
        next_line = text.find("\n", at)
        at = -1 if next_line < 0 else text.find(run, next_line)
    return found


def _heavy_stretches(text: str) -> list[tuple[int, int]]:
    """The lines where a paragraph or list item could hold more than :data:`MAX_EMPHASIS_RUNS` runs of ``*``/``_``,
    as (first, stop) indexes: each stretch between empty lines that holds more ``*`` and ``_`` than that, from
    the empty line before it (a unit starts there) to the one after it.

    A unit never spans an empty line (one starts a new unit), and it has no more runs than characters: a unit
    outside these stretches is light, and one inside them starts and ends inside (most notes: none).
    """
    stretches: list[tuple[int, int]] = []
    start = 0  # the stretch's first line
    for part in text.split("\n\n"):
        newlines = part.count("\n")
        if part.count("*") + part.count("_") > MAX_EMPHASIS_RUNS:
            stretches.append((max(start - 1, 0), start + newlines + 1))
        start += newlines + 2
    return stretches


def _escape_heavy_units(lines: list[str], guarded: Guarded, first: int = 0, stop: int | None = None) -> None:
    """Escape the ``*``/``_`` of every unit with too many runs among ``lines[first:stop]`` (a unit starts at
    ``first``; ``stop`` ends the last one)."""
    stop = len(lines) if stop is None else stop
    start, runs = first, 0
    for index in range(first, stop + 1):
        line = lines[index] if index < len(lines) else ""
        if index == stop or _UNIT_START.match(line):
            if runs > MAX_EMPHASIS_RUNS:
                for unit in range(start, index):
                    marker = _MARKER.match(lines[unit])
                    cut = marker.end() if marker else 0
                    lines[unit] = lines[unit][:cut] + _ESCAPE.sub(r"\\\1", lines[unit][cut:])
                guarded.escaped.append(start + 1)
            start, runs = index, 0
        runs += len(_EMPHASIS.findall(line)) if "*" in line or "_" in line else 0
