"""Where the review's keys come from: a real terminal (one key at a time) or lines of text.

A real terminal is read in cbreak mode, no Enter needed; scripts, pipes and
tests send line commands instead (an empty line reveals, ``1``–``4`` rate,
``u``, ``s``, ``b``, ``e``, ``q``).
"""

from __future__ import annotations

import os
import select
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import IO, Any, Protocol

REVEAL = " "
QUIT = "q"


class KeySource(Protocol):
    def read(self) -> str | None:
        """The next command: a single key, or None when input has ended."""

    def paused(self) -> AbstractContextManager[None]:
        """Give the terminal back (to an editor) for the duration of the block."""


class LineKeys:
    """Commands one per line: for scripts, pipes and tests (stdin is not a terminal)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def read(self) -> str | None:
        line = self.stream.readline()
        if not line:
            return None
        command = line.strip()
        return command.lower() if command else REVEAL

    @contextmanager
    def paused(self) -> Iterator[None]:
        yield


class TerminalKeys:
    """Single key presses from a terminal, without echo or Enter."""

    def __init__(self, fd: int | None = None) -> None:
        self.fd = sys.stdin.fileno() if fd is None else fd
        self._saved: list[Any] | None = None

    def __enter__(self) -> TerminalKeys:
        import termios
        import tty

        self._saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd)
        return self

    def __exit__(self, *exc: object) -> None:
        self._restore()

    def _restore(self) -> None:
        import termios

        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    def read(self) -> str | None:
        data = os.read(self.fd, 1)
        if not data or data == b"\x04":  # end of file or Ctrl-D
            return None
        if data == b"\x1b":  # an escape sequence (arrow keys...): drop the rest of it
            while select.select([self.fd], [], [], 0.01)[0]:
                os.read(self.fd, 16)
            return "\x1b"
        if data in (b"\r", b"\n", b" "):
            return REVEAL
        return data.decode("utf-8", errors="ignore").lower()

    @contextmanager
    def paused(self) -> Iterator[None]:
        import tty

        self._restore()
        try:
            yield
        finally:
            if self._saved is not None:
                tty.setcbreak(self.fd)
