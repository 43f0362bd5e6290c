"""The ``flashforge`` command: a no-change ``build`` answered at once, everything else by typer.

The typer application is :mod:`flashforge.commands.app` (``flashforge.cli.app`` still finds it); it is
loaded only when needed, so a ``build`` with nothing to do never loads typer or rich
(:mod:`flashforge.commands.unchanged`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from .commands.registry import global_options_first as global_options_first

if TYPE_CHECKING:
    from .commands.app import app as app


def main() -> None:
    from .commands.unchanged import answer

    if answer(sys.argv[1:]):
        return
    from .commands.app import app

    app()


def __getattr__(name: str) -> Any:
    if name in ("app", "_root"):
        from .commands import app as module

        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
