"""`flashforge export apkg|csv`: the deck as an Anki package or as text for Anki's import."""

from __future__ import annotations

import importlib
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from ..config import Settings
from ..export.files import ExportError
from ..export.pipeline import ExportResult, Format, export
from .common import current_time, fail, open_deck, out_console, settings, warn

OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Where to write (default: dist/<deck name>.<format>).")
]
DeckOption = Annotated[str | None, typer.Option("--deck", help="Only this deck and its sub-decks (A::B).")]
ParentOption = Annotated[
    str | None, typer.Option("--parent", help="Put the exported decks under this parent deck in Anki.")
]
NoBuildOption = Annotated[
    bool, typer.Option("--no-build", help="Export the deck as it is; do not re-read notes first.")
]


def _build_first(config: Settings, now: datetime) -> None:
    """Bring the deck up to date with the notes, so the export never ships stale cards."""
    if not config.notes.is_dir():
        return
    try:
        build = importlib.import_module("flashforge.build")
    except ImportError:  # the build pipeline is not part of this installation
        return
    build_notes = getattr(build, "build_notes", None)
    if callable(build_notes):
        build_notes(config, now)


def _run(
    ctx: typer.Context, fmt: Format, output: Path | None, deck: str | None, parent: str | None, no_build: bool
) -> None:
    config = settings(ctx)
    now = current_time()
    if not no_build:
        _build_first(config, now)
    opened = open_deck(config, must_exist=True)
    try:
        result = export(
            opened,
            notes_root=config.notes,
            dist=config.dist,
            fmt=fmt,
            now=now,
            output=output.resolve() if output is not None else None,
            prefix=deck,
            parent=parent,
        )
    except ExportError as error:
        fail(str(error))
    finally:
        opened.close()
    _report(result, fmt)


def _report(result: ExportResult, fmt: Format) -> None:
    for message in result.warnings:
        warn(message)
    decks = f"{len(result.decks)} deck" + ("" if len(result.decks) == 1 else "s")
    media = f", {result.media} media file" + ("" if result.media == 1 else "s") if fmt == "apkg" else ""
    out_console.print(f"Wrote {result.target}: {result.notes} notes, {result.cards} cards, {decks}{media}")
    if fmt == "apkg":
        out_console.print("Import it in Anki (File › Import); re-importing updates the notes in place.")


def register(app: typer.Typer) -> None:
    """Add `export apkg` and `export csv` to `app`."""
    export_app = typer.Typer(
        help="Export the deck for Anki: a package (.apkg) or tab-separated text.", no_args_is_help=True
    )

    @export_app.command("apkg")
    def export_apkg(
        ctx: typer.Context,
        output: OutputOption = None,
        deck: DeckOption = None,
        parent: ParentOption = None,
        no_build: NoBuildOption = False,
    ) -> None:
        """An Anki package: nested decks, one note type per kind; re-importing updates notes in place."""
        _run(ctx, "apkg", output, deck, parent, no_build)

    @export_app.command("csv")
    def export_csv(
        ctx: typer.Context,
        output: OutputOption = None,
        deck: DeckOption = None,
        parent: ParentOption = None,
        no_build: NoBuildOption = False,
    ) -> None:
        """Tab-separated text with deck, tags and GUID columns for Anki's File › Import."""
        _run(ctx, "csv", output, deck, parent, no_build)

    app.add_typer(export_app, name="export")
