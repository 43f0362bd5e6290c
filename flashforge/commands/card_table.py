"""The ``flashforge cards`` table: rich's layout for fixed-width columns, without rich's per-cell machinery.

A rich ``Table`` without a box whose columns all have a fixed width and ``overflow="fold"`` lays out a row
as: every column a space, the cell's line padded to the column's width in terminal cells, a space; a
cell's lines are its text word-wrapped (words longer than the column folded); a row is as tall as its
tallest cell. rich measures every character through several layers of calls and re-cuts every line into
segments (about a millisecond a card); here each character's width is looked up once and a line is a
string, and a line that fits (most of them) is not searched for word breaks at all (the shipped notes' 143
cards: ~150 ms in rich, ~7 ms here, on a busy 2-core machine).

Text whose characters are all one or two cells wide (what notes hold: any script, CJK, punctuation) is
wrapped here with rich's rules; a deck holding anything else (tabs, zero-width joiners, combining marks,
emoji sequences) is printed by rich's Table itself. ``tests/test_card_table.py`` checks the lines are
rich's, character for character.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import accumulate

from rich.cells import get_character_cell_size, set_cell_size

_WORD = re.compile(r"\s*\S+\s*")  # rich's words: leading space, the word, trailing space
_TRAILING_SPACE = re.compile(r"\s+$")


class _CellSizes(dict[str, int]):
    """Each character's width in cells, as rich counts it, looked up once per character."""

    def __missing__(self, character: str) -> int:
        size = self[character] = get_character_cell_size(character)
        return size


_SIZES = _CellSizes()


def _cell_ends(line: str) -> Sequence[int] | None:
    """``ends[i]``: the cells ``line[:i]`` takes; None when a character is not 1 or 2 cells (rich wraps it)."""
    if line.isascii() and line.isprintable():
        return range(len(line) + 1)
    if "\u200d" in line or "\ufe0f" in line:
        return None
    sizes = list(map(_SIZES.__getitem__, line))
    return None if 0 in sizes else [0, *accumulate(sizes)]


def cell_lines(text: str, width: int) -> list[str] | None:
    """``text`` wrapped to ``width`` cells as rich wraps a table cell (left-justified, folded), lines padded.

    None for text only rich lays out as rich does: tabs, zero-width joiners and other zero-width characters.
    """
    if "\t" in text:
        return None
    lines: list[str] = []
    for line in text.split("\n"):
        ends = _cell_ends(line)
        if ends is None:
            return None
        if ends[-1] <= width:  # it fits: no word breaks it
            lines.append(line + " " * (width - ends[-1]))
            continue
        for start, end in _pieces(line, ends, width):
            lines.append(_fit(line[start:end], ends[end] - ends[start], width))
    return lines


def _pieces(line: str, ends: Sequence[int], width: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each wrapped line: rich's ``divide_line`` with folding."""
    breaks = _breaks(line, ends, width)
    return zip([0, *breaks], [*breaks, len(line)], strict=True)


def _breaks(line: str, ends: Sequence[int], width: int) -> list[int]:
    breaks: list[int] = []
    offset = 0  # cells used on the current line
    for match in _WORD.finditer(line):
        start, end = match.span()
        word_cells = ends[start + len(match.group().rstrip())] - ends[start]
        if width - offset >= word_cells:
            offset += ends[end] - ends[start]
        elif word_cells > width:  # fold the word over lines of at most `width` cells
            pieces = _chop(start, end, ends, width)
            for index, (piece_start, piece_end) in enumerate(pieces):
                if piece_start:
                    breaks.append(piece_start)
                if index == len(pieces) - 1:
                    offset = ends[piece_end] - ends[piece_start]
        elif offset and start:
            breaks.append(start)
            offset = ends[end] - ends[start]
    return breaks


def _chop(start: int, end: int, ends: Sequence[int], width: int) -> list[tuple[int, int]]:
    """rich's ``chop_cells`` on line[start:end]: pieces of at most ``width`` cells."""
    pieces: list[tuple[int, int]] = []
    piece_start = start
    for index in range(start, end):
        if ends[index + 1] - ends[piece_start] > width:
            pieces.append((piece_start, index))
            piece_start = index
    pieces.append((piece_start, end))
    return pieces


def _fit(piece: str, cells: int, width: int) -> str:
    """rich's ``rstrip_end`` then ``truncate(pad=True)``: a wrapped line made exactly ``width`` cells."""
    if len(piece) > width:  # whitespace past the width (counted in characters) is dropped
        trailing = _TRAILING_SPACE.search(piece)
        if trailing is not None:
            cut = min(len(trailing.group()), len(piece) - width)
            piece, cells = piece[: len(piece) - cut], cells - cut
    if cells > width:  # a character two cells wide in a one-cell column
        return set_cell_size(piece, width)
    return piece + " " * (width - cells)


def column_widths(requested: Sequence[int], console_width: int) -> list[int]:
    """The widths rich gives columns of these fixed widths (one space either side) on a console this wide.

    When they do not fit, every column gives up an even share of the excess, rounded as rich rounds it.
    """
    cells = [width + 2 for width in requested]
    excess, columns = sum(cells) - console_width, len(cells)
    if excess > 0:
        for index, cell in enumerate(cells):
            share = min(cell, round(excess / columns))
            cells[index] = cell - share
            excess, columns = excess - share, columns - 1
    return [max(cell - 2, 0) for cell in cells]


def table_lines(rows: Sequence[Sequence[str]], widths: Sequence[int]) -> list[str] | None:
    """Each row's lines: its cells side by side, one space either side of each, top-aligned.

    None when a cell holds text only rich lays out as rich does (see :func:`cell_lines`).
    """
    blanks = [" " * width for width in widths]
    out: list[str] = []
    for row in rows:
        laid_out = [cell_lines(text, width) for text, width in zip(row, widths, strict=True)]
        cells = [lines for lines in laid_out if lines is not None]
        if len(cells) < len(laid_out):
            return None
        height = max(len(lines) for lines in cells)
        for index in range(height):
            out.append(
                "".join(
                    f" {lines[index] if index < len(lines) else blank} "
                    for lines, blank in zip(cells, blanks, strict=True)
                )
            )
    return out
