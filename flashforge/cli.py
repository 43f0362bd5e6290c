"""The ``flashforge`` command: a no-change ``build`` answered at once, everything else by typer.

The typer application is :mod:`flashforge.commands.app` (``flashforge.cli.app`` still finds it); it is
loaded only when needed, so a ``build`` with nothing to do never loads typer or rich
(:mod:`flashforge.commands.unchanged`).
"""

from __future__ import annotations

import atexit
import gc
import sys
from typing import TYPE_CHECKING, Any

from .commands.registry import global_options_first as global_options_first

if TYPE_CHECKING:
    from .commands.app import app as app


# Start-up creates some 10^5 container objects (modules, classes, functions) that live as long as the process;
# the collector's default, a pass every 700 new ones, scans them again and again for nothing (4 % of the
# instructions of a review's start). Cycles are still collected once a command holds this many new objects.
COLLECT_AFTER = 1_000_000


def main() -> None:
    gc.set_threshold(COLLECT_AFTER, *gc.get_threshold()[1:])
    # The pass at exit would only free memory the process is handing back (another 2 %).
    atexit.register(gc.disable)
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
