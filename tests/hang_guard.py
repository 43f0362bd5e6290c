"""A hang guard for hostile inputs: a generous deadline that only a stall (quadratic time or worse) can miss.

Not a speed check: the inputs are sized so that linear code finishes in well under a second and
quadratic code would take minutes to hours; speed itself is measured in bench/.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

GUARD_SECONDS = 30.0


class Hung(AssertionError):
    pass


@contextmanager
def no_hang(what: str, seconds: float = GUARD_SECONDS) -> Iterator[None]:
    """Fail with ``Hung`` if the block is still running after ``seconds`` (main thread only: SIGALRM)."""

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise Hung(f"{what}: still running after {seconds:.0f} s (super-linear time?)")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
