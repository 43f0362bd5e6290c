"""`flashforge cheatsheet`: the deck on a few printed pages, as PDF or HTML (see cheatsheet/pipeline.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import current_time, err_console, open_deck, out_console, settings, warn
from .progress import QuietOption, TerminalProgress


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""

    @app.command()
    def cheatsheet(
        ctx: typer.Context,
        deck: Annotated[
            str | None, typer.Option("--deck", help="Only this deck and its sub-decks (e.g. '杂乱笔记::网络').")
        ] = None,
        output: Annotated[
            Path | None,
            typer.Option("-o", "--output", help="Where to write: a .pdf or .html file (default: dist/cheatsheet.pdf)."),
        ] = None,
        columns: Annotated[int, typer.Option(help="Text columns per page: 2 or 3.")] = 2,
        paper: Annotated[str, typer.Option(help="Paper size: A4 or Letter.")] = "A4",
        quiet: QuietOption = False,
    ) -> None:
        """Print the deck as a cheat sheet, grouped by topic: a PDF (WeasyPrint) or one HTML file."""
        from ..cheatsheet.pipeline import check_options, make_cheatsheet
        from ..files import shown

        config = settings(ctx)
        target = (output if output is not None else config.dist / "cheatsheet.pdf").expanduser()
        options = check_options(target, columns, paper, deck)
        now = current_time()
        with open_deck(config, must_exist=True) as opened, TerminalProgress(err_console, quiet=quiet) as progress:
            result = make_cheatsheet(opened, options, now, progress)
        pages = "" if result.pages is None else f", {result.pages} pages"
        out_console.print(f"Wrote {shown(result.target)} ({result.cards} cards{pages})")
        for message in result.warnings:
            warn(message)
