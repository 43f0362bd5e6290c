"""Line scanning over a mistune block state's text, shared by the block rules (one forward step each)."""

from __future__ import annotations

from mistune.core import BlockState


def line_end_in(src: str, pos: int, end: int) -> int:
    """Offset just after the line of ``src`` that holds ``pos`` (its newline included), at most ``end``."""
    stop = src.find("\n", pos, end)
    return end if stop < 0 else stop + 1


def line_end(state: BlockState, pos: int) -> int:
    return line_end_in(state.src, pos, state.cursor_max)


def line_at(state: BlockState, pos: int) -> tuple[str, int]:
    """The line starting at ``pos`` and the offset after it."""
    end = line_end(state, pos)
    return state.src[pos:end], end
