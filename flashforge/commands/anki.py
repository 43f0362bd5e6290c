"""`flashforge anki pull`: bring the answers given in Anki into the deck's review log."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Annotated

import typer

from .common import fail, open_deck, out_console, settings


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def register(app: typer.Typer) -> None:
    """Add `anki pull` to `app`."""
    anki_app = typer.Typer(
        help="Meet Anki through its files: bring its reviews back into the deck.",
        no_args_is_help=True,
        rich_markup_mode=None,
    )

    @anki_app.command("pull")
    def pull_command(
        ctx: typer.Context,
        path: Annotated[
            Path,
            typer.Argument(
                help="A .colpkg, an .apkg exported with scheduling, or collection.anki2 (with Anki closed).",
                show_default=False,
            ),
        ],
    ) -> None:
        """Add the reviews done in Anki to the deck's log (each once) and reschedule the cards they touch.

        Reads a copy of the file; the Anki file is never changed. Reviews of
        notes flashforge did not make are counted and left alone.
        """
        from ..anki.pull import pull
        from .review import scheduler_for

        config = settings(ctx)
        # A file Anki cannot give us raises AnkiFileError: the CLI prints its one line (nothing changed).
        with open_deck(config, must_exist=True) as deck:
            try:
                report = pull(deck, scheduler_for(config, deck), path)
            except sqlite3.DatabaseError as error:  # the deck busy past its timeout: the pull is one transaction
                fail(f"{config.db}: {error}; nothing was pulled, run 'flashforge anki pull' again")
        out_console.print(
            f"Pulled {_plural(report.added, 'review')} from {path.name} into {_plural(report.cards, 'card')}"
            f" ({report.already:,} already in the deck, {report.foreign:,} of notes flashforge did not make"
            + (f", {report.not_answers:,} reschedulings and previews skipped" if report.not_answers else "")
            + ")."
        )

    app.add_typer(anki_app, name="anki")
