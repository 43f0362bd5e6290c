"""What every command shares: settings from the context, opening the deck, failing politely."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from .. import clock
from ..config import Settings

if TYPE_CHECKING:
    from ..store import Deck

# Messages for the user go to stderr so that stdout stays machine-readable
# (``flashforge cards --format jsonl | jq``).
err_console = Console(stderr=True, highlight=False, soft_wrap=True)
out_console = Console(highlight=False, soft_wrap=True)

EXIT_SKIPPED = 1  # the job ran, but some input was skipped
EXIT_USAGE = 2  # nothing was done: bad arguments, bad paths, unusable deck


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """One line on stderr naming what is wrong and what to do, then exit."""
    err_console.print(f"[bold red]error:[/] {escape(message)}", markup=True, highlight=False)
    raise typer.Exit(code)


def warn(message: str) -> None:
    err_console.print(f"[yellow]warning:[/] {escape(message)}", markup=True, highlight=False)


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
