"""How long work reports how far it got, without knowing whether anyone is watching.

The build, the export, the cheat sheet and the optimizer take a
:class:`Progress` and call it; the command line passes one that draws a bar on
a terminal (``flashforge.commands.progress``), everything else gets
:data:`SILENT`.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def phase(self, description: str, total: int | None = None) -> None:
        """A new stage of the work begins: ``total`` steps, or None when the count is unknown."""

    def advance(self, steps: int = 1) -> None:
        """``steps`` more steps of the current stage are done."""


class _Silent:
    def phase(self, description: str, total: int | None = None) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass


SILENT: Progress = _Silent()
