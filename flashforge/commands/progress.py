"""A progress bar on stderr for long commands: only on a terminal, only once the work has taken a while.

Nothing is drawn (and rich.progress is not even imported) until
:data:`DELAY` seconds have passed, so a small job looks exactly as it did
without a bar; the bar disappears when the work is done, leaving the
command's own report.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

DELAY = 0.5

QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar (there is none off a terminal).")]


class TerminalProgress:
    """A :class:`flashforge.progress.Progress` drawn by rich; use it as a context manager."""

    def __init__(self, console: Console, *, quiet: bool = False, delay: float = DELAY) -> None:
        self._console = console
        self._lock = threading.Lock()
        self._description = ""
        self._total: int | None = None
        self._completed = 0
        self._bar: RichProgress | None = None
        self._task: TaskID | None = None
        self._closed = False
        enabled = console.is_terminal and not quiet
        self._timer = threading.Timer(delay, self._show) if enabled else None

    def __enter__(self) -> TerminalProgress:
        if self._timer is not None:
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            self._closed = True
            if self._bar is not None:
                self._bar.stop()
                self._bar = None
        if self._timer is not None:
            self._timer.join()  # no thread outlives the command

    def phase(self, description: str, total: int | None = None) -> None:
        with self._lock:
            self._description, self._total, self._completed = description, total, 0
            self._update()

    def advance(self, steps: int = 1) -> None:
        with self._lock:
            self._completed += steps
            self._update()

    def _update(self) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, description=self._description, total=self._total, completed=self._completed)

    def _show(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        with self._lock:
            if self._closed:
                return  # the work ended while the timer fired
            bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self._console,
                transient=True,
            )
            self._task = bar.add_task(self._description, total=self._total, completed=self._completed)
            self._bar = bar
            bar.start()
