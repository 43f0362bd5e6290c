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
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate

from rich.cells import get_character_cell_size, set_cell_size

_WORD = re.compile(r"\s*\S+\s*")  # rich's words: leading space, the word, trailing space
_TRAILING_SPACE = re.compile(r"\s+$")


# CJK Unified Ideographs, two cells wide in every Unicode version rich knows (tests/test_card_table.py checks
# each against rich): most of the characters of Chinese notes, each taken without rich's lookup (~15,000
# instructions a character, paid once per character and run).
IDEOGRAPHS = ("\u4e00", "\u9fff")


class _CellSizes(dict[str, int]):
    """Each character's width in cells, as rich counts it, looked up once per character."""

    def __missing__(self, character: str) -> int:
        first, last = IDEOGRAPHS
        size = self[character] = 2 if first <= character <= last else get_character_cell_size(character)
        return size


_SIZES = _CellSizes()


def _cell_sizes(line: str) -> Sequence[int] | None:
    """Each character's width in cells; None for printable ASCII (all ones); ``()`` when a character is not
    1 or 2 cells wide (rich wraps such a line)."""
    if line.isascii() and line.isprintable():
        return None
    if "\u200d" in line or "\ufe0f" in line:
        return ()
    sizes = list(map(_SIZES.__getitem__, line))
    return () if 0 in sizes else sizes


def cell_lines(text: str, width: int) -> list[str] | None:
    """``text`` wrapped to ``width`` cells as rich wraps a table cell (left-justified, folded), lines padded.

    None for text only rich lays out as rich does: tabs, zero-width joiners and other zero-width characters.
    """
    if "\t" in text:
        return None
    lines: list[str] = []
    for line in text.split("\n"):
        sizes = _cell_sizes(line)
        if sizes == ():
            return None
        cells = len(line) if sizes is None else sum(sizes)
        if cells <= width:  # it fits: no word breaks it
            lines.append(line + " " * (width - cells))
            continue
        ends = range(len(line) + 1) if sizes is None else [0, *accumulate(sizes)]  # ends[i]: cells of line[:i]
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
    """rich's ``chop_cells`` on line[start:end]: pieces of at most ``width`` cells (a character wider than
    ``width`` is a piece of its own). Each cut is found by bisection: ``ends`` rises with every character."""
    pieces: list[tuple[int, int]] = []
    piece_start = start
    after = start + 1  # the first end of line[piece_start:] that may take it past the width
    while (cut := bisect_right(ends, ends[piece_start] + width, after, end + 1)) <= end:
        pieces.append((piece_start, cut - 1))
        piece_start, after = cut - 1, cut + 1
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
