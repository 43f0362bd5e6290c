"""One export from start to end: bring the deck up to date, select cards, resolve images, plan notes, write the file.

The product rule "an export never ships stale cards" lives here
(:func:`bring_up_to_date`). The command module only parses options and
prints; everything it reports comes back in a :class:`Freshness` and an
:class:`ExportResult`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..errors import FlashforgeError
from ..progress import SILENT, Progress
from ..store import Deck, StoredCard
from .csv_export import write_csv
from .media import MediaCollector, MediaError
from .notes import ExportNote, plan_notes

if TYPE_CHECKING:  # the scheduler loads only for an export --with-progress
    from ..config import Settings
    from .progress import PackageProgress, Timing


class ExportError(FlashforgeError):
    """The export cannot be done; the one-line message names the file or option and what to do."""


Format = Literal["apkg", "csv"]
FALLBACK_NAME = "flashforge"


@dataclass
class ExportResult:
    target: Path
    notes: int
    cards: int
    decks: list[str]
    media: int = 0
    left_out: int = 0  # referenced images that were left out (missing, outside the notes folder)
    warnings: list[str] = field(default_factory=list)
    with_progress: tuple[int, int] | None = None  # --with-progress: (cards not new, reviews) in the package


@dataclass
class Freshness:
    """What bringing the deck up to date before an export did, and what to tell the user."""

    built: str = ""  # "Built first: …" when files were read
    warnings: list[str] = field(default_factory=list)
    skipped_files: int = 0  # notes files that could not be read (their cards are kept)


def bring_up_to_date(
    deck: Deck, settings: Settings, now: datetime, *, build: bool, meter: Progress = SILENT
) -> Freshness:
    """Build the deck from the notes first, so an export never ships stale cards.

    With ``build=False`` (``--no-build``) nothing is read, but files changed
    since the last build are named. A notes folder that cannot be read is a
    warning: the deck is exported as last built.
    """
    from ..build import NotesFolderError, build_notes, stale_sources  # the markdown parser loads only here

    freshness = Freshness()
    if not build:
        stale = stale_sources(settings, deck)
        if stale:
            freshness.warnings.append(
                f"{len(stale)} notes file(s) changed since the last build ({stale[0]}…); "
                "run 'flashforge build' or drop --no-build"
            )
        return freshness
    try:
        report = build_notes(settings, now, deck, progress=meter)
    except NotesFolderError as error:
        freshness.warnings.append(f"{error} (exporting the deck as last built)")
        return freshness
    changed = sum(report.new.values()) + sum(report.updated.values()) + sum(report.orphaned.values())
    if report.files_read or report.files_gone:
        freshness.built = f"Built first: {report.files_read} file(s) read, {changed} card(s) changed."
    for problem in report.problems:
        freshness.warnings.append(
            f"{settings.notes / problem.path}: {problem.message} (skipped; its cards in the deck are kept)"
        )
    freshness.skipped_files = len(report.problems)
    return freshness


def check_deck_name(name: str) -> str:
    """A single deck name given by the user (``--parent``): no nesting, no path separators."""
    stripped = name.strip()
    if not stripped:
        raise ExportError("--parent: the deck name is empty; give a name such as --parent 复习")
    if "::" in stripped or "/" in stripped or "\\" in stripped:
        raise ExportError(
            f"--parent {name!r}: a deck name cannot contain '::', '/' or '\\'; give one name such as --parent 复习"
        )
    return stripped


def select_cards(deck: Deck, prefix: str | None) -> list[StoredCard]:
    prefix = prefix.strip().removesuffix("::") if prefix else None  # "A::B::" as typed by tab completion
    cards = deck.cards(deck_prefix=prefix or None)
    if cards:
        return cards
    if not prefix:
        raise ExportError(f"{deck.path}: the deck has no cards; run 'flashforge build' first")
    deck.check_deck(prefix)
    return cards


def file_stem(cards: Sequence[StoredCard], prefix: str | None, parent: str | None) -> str:
    """The default output name: the parent deck, the selected deck, or the decks' common top deck."""
    if parent:
        name = parent
    elif prefix:
        name = prefix
    else:
        tops = {stored.card.deck.split("::")[0] for stored in cards}
        name = tops.pop() if len(tops) == 1 else FALLBACK_NAME
    # "::" nests decks in Anki; in a file name it becomes a dash, as does anything a path cannot hold.
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", name.replace("::", "-")).strip(" .-")
    return _fit_name(stem) or FALLBACK_NAME


MAX_STEM_BYTES = 120  # file names hold 255 bytes; leave room for the suffix and the writer's temporary name


def _fit_name(stem: str) -> str:
    """``stem`` cut at a character boundary to fit a file name (a deck named by a 4 KB heading)."""
    encoded = stem.encode("utf-8")
    if len(encoded) <= MAX_STEM_BYTES:
        return stem
    return encoded[:MAX_STEM_BYTES].decode("utf-8", "ignore").rstrip(" .-")


def plan(
    deck: Deck, notes_root: Path, prefix: str | None, parent: str | None, meter: Progress = SILENT
) -> tuple[list[StoredCard], list[ExportNote], MediaCollector]:
    meter.phase("Reading cards")
    cards = select_cards(deck, prefix)
    media = MediaCollector(notes_root)
    meter.phase("Preparing notes", len(cards))
    try:
        notes = plan_notes(cards, media.resolve, meter)
    except MediaError as error:
        raise ExportError(str(error)) from error
    if parent:
        notes = [dataclasses.replace(note, deck=f"{parent}::{note.deck}") for note in notes]
    return cards, notes, media


def gather_progress(deck: Deck, cards: Sequence[StoredCard], timing: Timing) -> PackageProgress:
    """Each exported card's state and review log, keyed as the package knows it: (note GUID, ordinal)."""
    from .progress import CardProgress, PackageProgress

    ids = [stored.card.id for stored in cards]
    states, logs = deck.states_of(ids), deck.card_logs(ids)
    return PackageProgress(
        {(s.card.note_id, s.card.ord): CardProgress(states[s.card.id], logs[s.card.id]) for s in cards}, timing
    )


def export(
    deck: Deck,
    *,
    notes_root: Path,
    dist: Path,
    fmt: Format,
    now: datetime,
    output: Path | None = None,
    prefix: str | None = None,
    parent: str | None = None,
    progress: Timing | None = None,
    meter: Progress = SILENT,
) -> ExportResult:
    """Write the export; ``progress`` (apkg only) adds the cards' scheduling and review log (``--with-progress``).

    ``meter`` hears how far the work got (cards read, notes prepared, file written).
    """
    if parent is not None:
        parent = check_deck_name(parent)
    cards, notes, media = plan(deck, notes_root, prefix, parent, meter)
    target = output if output is not None else dist / f"{file_stem(cards, prefix, parent)}.{fmt}"
    meter.phase(f"Writing {target.name}", len(notes))
    with_progress: tuple[int, int] | None = None
    if fmt == "apkg":
        from .apkg import write_apkg  # genanki loads only for a package

        carried = gather_progress(deck, cards, progress) if progress is not None else None
        write_apkg(notes, target, now, media.files, carried)
        if carried is not None:
            scheduled = [card for card in carried.cards.values() if not card.state.is_new]
            with_progress = (len(scheduled), sum(len(card.log) for card in carried.cards.values()))
        if target.suffix.lower() != ".apkg":
            media.warnings.append(f"{target}: Anki only imports packages named *.apkg; rename it before importing")
    else:
        write_csv(notes, target)
        if media.files:
            media.warnings.append(
                f"{len(media.files)} image(s) are referenced but a CSV file cannot carry them; "
                "use 'flashforge export apkg', or copy them into Anki's media folder"
            )
    meter.advance(len(notes))
    return ExportResult(
        with_progress=with_progress,
        target=target,
        notes=len(notes),
        cards=len(cards),
        decks=sorted({note.deck for note in notes}),
        media=len(media.files) if fmt == "apkg" else 0,
        left_out=media.left_out,
        warnings=media.warnings,
    )
