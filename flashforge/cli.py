"""The command line: wiring only. Each feature lives in ``flashforge.commands.*``."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from .commands import anki as anki_commands
from .commands import build as build_commands
from .commands import cheatsheet as cheatsheet_commands
from .commands import check as check_commands
from .commands import export as export_commands
from .commands import optimize as optimize_commands
from .commands import review as review_commands
from .commands.common import fail
from .config import Settings, load_settings
from .errors import FlashforgeError

GLOBAL_OPTIONS = ("--notes", "--db")


def global_options_first(args: list[str], commands: Iterable[str]) -> list[str]:
    """``build --db x.db`` → ``--db x.db build``: the global options are accepted after the command too."""
    names = set(commands)
    at = next((index for index, arg in enumerate(args) if arg in names), None)
    if at is None:
        return args
    moved: list[str] = []
    rest: list[str] = []
    index = at + 1
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest += args[index:]
            break
        if arg in GLOBAL_OPTIONS and index + 1 < len(args):
            moved += args[index : index + 2]
            index += 2
            continue
        if arg.split("=", 1)[0] in GLOBAL_OPTIONS and "=" in arg:
            moved.append(arg)
        else:
            rest.append(arg)
        index += 1
    return [*args[:at], *moved, args[at], *rest]


class _Commands(TyperGroup):
    """Every command runs inside here: a FlashforgeError anywhere becomes its one-line message and exit 2."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help:
            # Help asked for by giving nothing is not an error: print it and exit 0 (click exits 2).
            typer.echo(ctx.get_help())
            ctx.exit(0)
        return list(super().parse_args(ctx, global_options_first(list(args), self.commands)))

    def invoke(self, ctx: Any) -> Any:  # a click Context (typer vendors click in recent releases)
        try:
            return super().invoke(ctx)
        except FlashforgeError as error:
            fail(str(error))
        except (sqlite3.OperationalError, sqlite3.DatabaseError) as error:
            if type(error) not in (sqlite3.OperationalError, sqlite3.DatabaseError):
                raise  # an integrity or programming error is a bug: let it show
            from .store.guard import explain  # a read-only, locked or damaged deck, met outside a transaction

            fail(explain(error, _deck_path(ctx)))


def _deck_path(ctx: Any) -> Path:
    config = getattr(ctx, "obj", None)
    return config.db if isinstance(config, Settings) else Path("cards/deck.db")


app = typer.Typer(
    name="flashforge",
    cls=_Commands,
    help="Turn markdown study notes into flashcards: build, review, export to Anki, print cheat sheets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click help: typer's rich help formatter alone imports for longer than the whole CLI starts.
    rich_markup_mode=None,
)


@app.callback()
def _root(
    ctx: typer.Context,
    notes: Annotated[Path | None, typer.Option(help="Notes folder (default: notes/ or flashforge.toml).")] = None,
    db: Annotated[Path | None, typer.Option(help="Deck database (default: cards/deck.db).")] = None,
) -> None:
    config = load_settings()
    if notes is not None:
        config = replace(config, notes=notes.resolve())
    if db is not None:
        config = replace(config, db=db.resolve())
    ctx.obj = config


for module in (
    build_commands,
    export_commands,
    review_commands,
    optimize_commands,
    cheatsheet_commands,
    anki_commands,
    check_commands,
):
    module.register(app)


def main() -> None:
    app()
