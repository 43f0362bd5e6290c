"""`flashforge export apkg|csv`: the deck as an Anki package or as text for Anki's import."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..export.files import ExportError
from .common import EXIT_SKIPPED, current_time, fail, open_deck, out_console, settings, warn

if TYPE_CHECKING:
    from ..config import Settings
    from ..export.pipeline import ExportResult, Format
    from ..store import Deck

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


def _build_first(config: Settings, deck: Deck, now: datetime) -> int:
    """Bring the deck up to date with the notes, so an export never ships stale cards.

    Returns how many notes files had to be skipped.
    """
    from ..build import NotesFolderError, build_notes

    try:
        report = build_notes(config, now, deck)
    except NotesFolderError as error:
        warn(f"{error} (exporting the deck as last built)")
        return 0
    changed = sum(report.new.values()) + sum(report.updated.values()) + sum(report.orphaned.values())
    if report.files_read or report.files_gone:
        out_console.print(f"Built first: {report.files_read} file(s) read, {changed} card(s) changed.")
    for problem in report.problems:
        warn(f"{config.notes / problem.path}: {problem.message} (skipped; its cards in the deck are kept)")
    return len(report.problems)


def _run(
    ctx: typer.Context, fmt: Format, output: Path | None, deck: str | None, parent: str | None, no_build: bool
) -> None:
    from ..build import stale_sources
    from ..export.pipeline import check_deck_name, export

    config = settings(ctx)
    now = current_time()
    try:
        parent = check_deck_name(parent) if parent is not None else None
    except ExportError as error:
        fail(str(error))
    opened = open_deck(config, must_exist=no_build or not config.notes.is_dir())
    skipped_files = 0
    try:
        if no_build:
            stale = stale_sources(config, opened)
            if stale:
                warn(
                    f"{len(stale)} notes file(s) changed since the last build ({stale[0]}…); "
                    "run 'flashforge build' or drop --no-build"
                )
        else:
            skipped_files = _build_first(config, opened, now)
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
    if skipped_files or result.left_out:
        raise typer.Exit(EXIT_SKIPPED)  # written, but something the notes refer to is not in it


def _shown(path: Path) -> Path:
    """The path as the user would type it: relative to the current folder when inside it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _report(result: ExportResult, fmt: Format) -> None:
    for message in result.warnings:
        warn(message)
    decks = f"{len(result.decks)} deck" + ("" if len(result.decks) == 1 else "s")
    media = f", {result.media} media file" + ("" if result.media == 1 else "s") if fmt == "apkg" else ""
    out_console.print(f"Wrote {_shown(result.target)}: {result.notes} notes, {result.cards} cards, {decks}{media}")
    if fmt == "apkg":
        out_console.print("Import it in Anki (File › Import); re-importing updates the notes in place.")


def register(app: typer.Typer) -> None:
    """Add `export apkg` and `export csv` to `app`."""
    export_app = typer.Typer(
        help="Export the deck for Anki: a package (.apkg) or tab-separated text.",
        no_args_is_help=True,
        rich_markup_mode=None,
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
