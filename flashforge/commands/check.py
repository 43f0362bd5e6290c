"""`flashforge check`: the deck's health, leftovers, and what to do."""

from __future__ import annotations

from typing import Annotated

import typer

from ..display import labelled
from .common import EXIT_SKIPPED, out_console, settings


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""

    @app.command("check")
    def check(
        ctx: typer.Context,
        clean: Annotated[
            bool, typer.Option("--clean", help="Remove the temporary files an interrupted export left behind.")
        ] = False,
    ) -> None:
        """Check the deck like Anki's Check Database: integrity, orphans, leftover files, what to do."""
        import time

        from ..check import check_deck

        report = check_deck(settings(ctx), time.time(), clean=clean)
        for finding in report.findings:
            mark = ("ok", "green") if finding.ok else ("!!", "bold yellow")
            line = labelled(mark[0], mark[1], finding.what)
            if finding.todo:
                line.append(f" → {finding.todo}")
            out_console.print(line)
        if not report.ok:
            raise typer.Exit(EXIT_SKIPPED)
