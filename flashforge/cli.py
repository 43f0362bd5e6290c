"""The command line: wiring only. Each feature lives in ``flashforge.commands.*``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .commands import build as build_commands
from .commands import cheatsheet as cheatsheet_commands
from .commands import export as export_commands
from .commands import optimize as optimize_commands
from .commands import review as review_commands
from .commands.common import fail
from .config import ConfigError, Settings, load_settings

app = typer.Typer(
    name="flashforge",
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
    try:
        config = load_settings()
    except ConfigError as error:
        fail(str(error))
    if notes is not None or db is not None:
        config = Settings(
            root=config.root,
            notes=notes.resolve() if notes is not None else config.notes,
            db=db.resolve() if db is not None else config.db,
            dist=config.dist,
            ignore=config.ignore,
            review=config.review,
        )
    ctx.obj = config


for module in (build_commands, export_commands, review_commands, optimize_commands, cheatsheet_commands):
    module.register(app)


def main() -> None:
    app()
