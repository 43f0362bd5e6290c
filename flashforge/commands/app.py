"""The typer application: the root options, and every command run inside :class:`_Commands`.

Each feature lives in its own ``flashforge.commands.*`` module, built on first use (see
:mod:`flashforge.commands.registry`). The ``flashforge`` command itself is :func:`flashforge.cli.main`.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from ..config import Settings, load_settings
from ..errors import FlashforgeError
from .registry import LazyCommands, global_options_first

if TYPE_CHECKING:
    import sqlite3


class _Commands(TyperGroup):
    """Every command runs inside here: a FlashforgeError anywhere becomes its one-line message and exit 2.

    Its commands are built on first use (see :mod:`flashforge.commands.registry`), so a run imports
    the module of the command it runs and no other.
    """

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.lazy = LazyCommands(self.commands)
        self.commands = self.lazy

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # names only: typer's own list builds every command

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list of ``--help`` from the table's summaries, without building every command."""
        shown = [self.lazy.for_help(name) for name in self.list_commands(ctx)]
        TyperGroup(commands=shown, rich_markup_mode=None).format_commands(ctx, formatter)

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
            from .common import fail

            fail(str(error))
        except Exception as error:
            deck_error = _deck_error(error)
            if deck_error is None:
                raise
            from ..store.guard import explain  # a read-only, locked or damaged deck, met outside a transaction
            from .common import fail

            fail(explain(deck_error, _deck_path(ctx)))


def _deck_error(error: Exception) -> sqlite3.DatabaseError | None:
    """``error`` if it says the deck cannot be used (a plain DatabaseError or OperationalError), else None.

    An integrity or programming error is a bug and is let through. sqlite3 is imported only by the commands
    that open a deck: when none did, no deck error can have happened (``--help`` never loads it).
    """
    if "sqlite3" not in sys.modules:
        return None
    import sqlite3

    plain = type(error) in (sqlite3.OperationalError, sqlite3.DatabaseError)
    return error if plain and isinstance(error, sqlite3.DatabaseError) else None


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
