"""What every command shares: settings from the context, opening the deck, failing politely."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING, NoReturn

import typer

from .. import clock
from ..config import Settings
from ..display import SafeConsole, labelled

if TYPE_CHECKING:
    from ..store import Deck

# Messages for the user go to stderr so that stdout stays machine-readable
# (``flashforge cards --format jsonl | jq``).
# Both print note text and file names as they are: no markup, no control characters (see display.py).
err_console = SafeConsole(stderr=True, soft_wrap=True)
out_console = SafeConsole(soft_wrap=True)

EXIT_SKIPPED = 1  # the job ran, but some input was skipped
EXIT_USAGE = 2  # nothing was done: bad arguments, bad paths, unusable deck


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """One line on stderr naming what is wrong and what to do, then exit."""
    err_console.print(labelled("error:", "bold red", message))
    raise typer.Exit(code)


def warn(message: str) -> None:
    err_console.print(labelled("warning:", "yellow", message))


def settings(ctx: typer.Context) -> Settings:
    value = ctx.obj
    if not isinstance(value, Settings):  # pragma: no cover - set by the app callback
        fail("internal error: settings missing")
    return value


def open_deck(config: Settings, must_exist: bool = False) -> Deck:
    from ..store import Deck  # imported here: `--help` and `preview` need no database

    if must_exist and not config.db.exists():
        fail(f"{config.db}: no deck yet; run 'flashforge build' first")
    return Deck.open(config.db)


def current_time() -> datetime:
    return clock.now()


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()
