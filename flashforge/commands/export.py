"""`flashforge export apkg|csv`: the deck as an Anki package or as text for Anki's import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import EXIT_SKIPPED, current_time, err_console, open_deck, out_console, settings, warn
from .progress import QuietOption, TerminalProgress

if TYPE_CHECKING:
    from datetime import datetime

    from ..config import Settings
    from ..export.pipeline import ExportResult, Format
    from ..export.progress import Timing

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


def _run(
    ctx: typer.Context,
    fmt: Format,
    output: Path | None,
    deck: str | None,
    parent: str | None,
    no_build: bool,
    quiet: bool,
    with_progress: bool = False,
) -> None:
    from ..export.pipeline import bring_up_to_date, check_deck_name, export

    config = settings(ctx)
    now = current_time()
    parent = check_deck_name(parent) if parent is not None else None
    with (
        open_deck(config, must_exist=no_build or not config.notes.is_dir()) as opened,
        TerminalProgress(err_console, quiet=quiet) as meter,
    ):
        freshness = bring_up_to_date(opened, config, now, build=not no_build, meter=meter)
        result = export(
            opened,
            notes_root=config.notes,
            dist=config.dist,
            fmt=fmt,
            now=now,
            output=output.resolve() if output is not None else None,
            prefix=deck,
            parent=parent,
            progress=_timing(config, now) if with_progress else None,
            meter=meter,
        )
    if freshness.built:
        out_console.print(freshness.built)
    for message in freshness.warnings:
        warn(message)
    _report(result, fmt)
    if freshness.skipped_files or result.left_out:
        raise typer.Exit(EXIT_SKIPPED)  # written, but something the notes refer to is not in it


def _timing(config: Settings, now: datetime) -> Timing:
    from ..export.progress import Timing

    # Review days follow the learner's wall clock, as in `flashforge review`.
    return Timing(now.astimezone(), config.review.day_starts_at, config.review.desired_retention)


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
    if result.with_progress is not None:
        cards, reviews = result.with_progress
        out_console.print(
            f"With progress: {cards} card(s) scheduled, {reviews} review(s). In Anki's import, tick "
            "'Import any learning progress'; Anki takes it for cards not yet in the collection."
        )
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
        with_progress: Annotated[
            bool,
            typer.Option(
                "--with-progress",
                help="Also carry the terminal's scheduling and review log, for Anki's 'Import any learning progress'.",
            ),
        ] = False,
        quiet: QuietOption = False,
    ) -> None:
        """An Anki package: nested decks, one note type per kind; re-importing updates notes in place."""
        _run(ctx, "apkg", output, deck, parent, no_build, quiet, with_progress)

    @export_app.command("csv")
    def export_csv(
        ctx: typer.Context,
        output: OutputOption = None,
        deck: DeckOption = None,
        parent: ParentOption = None,
        no_build: NoBuildOption = False,
        quiet: QuietOption = False,
    ) -> None:
        """Tab-separated text with deck, tags and GUID columns for Anki's File › Import."""
        _run(ctx, "csv", output, deck, parent, no_build, quiet)

    app.add_typer(export_app, name="export")
