"""Notes folder → deck: the incremental build.

A file whose content hash is unchanged is not parsed again; a file that is
gone (or now ignored) has its cards orphaned, never deleted. Every problem
with a file is reported and the other files still build.

Changed files are parsed in worker processes when there is enough of them to
pay for the pool (:mod:`flashforge.parallel`); the deck is written here, in
file order, so a parallel build gives exactly the cards a serial one does.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import field
from datetime import datetime
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Settings
from .errors import FlashforgeError
from .model import Card, FileStamp
from .parallel import chunked, ordered_map, tapering, usable_cores
from .progress import SILENT, Progress
from .record import Record
from .scan import Scan, read_changed, scan_notes, stat_notes
from .sources import SourceProblem, SourceText
from .store import AppliedValues, Deck

if TYPE_CHECKING:
    from .compile import Compiled
    from .extract import Extraction
    from .store.cards import NewFile

BATCH_FILES = 50
# The deck's page cache while a build writes (the cards of 15 MB of notes fill an 18 MB deck).
BUILD_CACHE_MIB = 32
BATCH_CARDS = 2000
# Below this much changed text a worker pool costs more to start than it saves.
SERIAL_CHARS = 400_000
# Work is handed out in chunks of at most this many characters, smaller towards the end (parallel.tapered).
MAX_CHUNK_CHARS = 500_000
MIN_CHUNK_CHARS = 20_000


class NotesFolderError(FlashforgeError):
    """The notes folder itself is unusable; the message says what to do."""


class MassOrphaningError(NotesFolderError):
    """The build would orphan most of the deck: more likely a wrong --notes than deleted notes."""


class BuildReport(Record, frozen=False):
    files_read: int = 0
    files_unchanged: int = 0
    files_gone: int = 0
    new: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    restored: Counter[str] = field(default_factory=Counter)
    orphaned: Counter[str] = field(default_factory=Counter)
    problems: list[SourceProblem] = field(default_factory=list)  # files skipped: the exit code says so
    notices: list[SourceProblem] = field(default_factory=list)  # built, but the author may want to fix these
    card_total: int = 0

    def add(self, change: AppliedValues) -> None:
        self.new.update(kind for _, kind in change.new)
        self.updated.update(kind for _, kind in change.updated)
        self.unchanged.update(kind for _, kind in change.unchanged)
        self.restored.update(kind for _, kind in change.restored)
        self.orphaned.update(stored.card.kind for stored in change.orphaned)


def cards_for_text(source: SourceText) -> tuple[list[Card], Extraction]:
    """One file's text → its cards (and what was skipped); see :mod:`flashforge.compile`."""
    from .compile import cards_for_text as compile_text  # the parser loads only when a file must be parsed

    return compile_text(source)


def build_notes(
    settings: Settings,
    now: datetime,
    deck: Deck | None = None,
    *,
    workers: int | None = None,
    progress: Progress = SILENT,
    allow_orphans: bool = False,
) -> BuildReport:
    """Bring the deck up to date with the notes folder (opens ``settings.db`` when no deck is given).

    ``workers``: processes that parse changed files (default: one per usable core; 1 parses here).
    Raises :class:`MassOrphaningError`, before writing anything, when the files gone hold more than
    half of the deck's cards, unless ``allow_orphans``.
    """
    if deck is None:
        with Deck.open(settings.db) as owned:
            return _build_into(owned, settings, now, workers, progress, allow_orphans)
    return _build_into(deck, settings, now, workers, progress, allow_orphans)


def _build_into(
    deck: Deck, settings: Settings, now: datetime, workers: int | None, progress: Progress, allow_orphans: bool
) -> BuildReport:
    """The build itself, into an open deck."""
    check_notes_folder(settings.notes)
    known = deck.source_records()
    scan = Scan()
    candidates = stat_notes(settings.notes, settings.ignore, known, scan)
    if not allow_orphans:
        _check_orphaning(deck, set(known) - scan.present, settings.notes)
    changed = read_changed(settings.notes, candidates, known, time.time_ns(), scan)
    # Every changed file is read before _compiled returns; with worker processes, they start on the first ones.
    processes, compiled = _compiled(settings.notes, changed, candidates, workers or usable_cores())
    with closing(compiled):  # an error below stops the workers
        # Unreadable files keep their cards: a bad read must not orphan them.
        report = BuildReport(files_unchanged=scan.unchanged, problems=list(scan.problems))
        deck.restamp_sources(scan.restamped)
        if scan.changed:
            deck.keep_pages(BUILD_CACHE_MIB)
            progress.phase("Reading notes", len(scan.changed))
            _write(deck, compiled, scan.stamps, now, report, progress, eager=processes > 1)
    for relative in sorted(set(known) - scan.present):
        report.files_gone += 1
        report.orphaned.update(stored.card.kind for stored in deck.forget_source(relative, now))
    report.card_total = deck.card_count()
    return report


def _check_orphaning(deck: Deck, gone: set[str], notes: Path) -> None:
    if not gone:
        return
    counts = deck.card_counts_by_source()
    total = sum(counts.values())
    lost = sum(counts.get(path, 0) for path in gone)
    if total and lost * 2 > total:
        raise MassOrphaningError(
            f"{notes}: this build would orphan {lost} of the deck's {total} cards ({len(gone)} notes file(s) gone); "
            "nothing was changed. Check --notes and 'ignore', or pass --allow-orphans if you removed those notes"
        )


def check_notes_folder(notes: Path) -> None:
    if not notes.exists():
        raise NotesFolderError(f"{notes}: notes folder not found; create it or pass --notes PATH")
    if not notes.is_dir():
        raise NotesFolderError(f"{notes}: is a file, not a folder; pass the folder that holds your notes")


def _compiled(
    notes: Path, changed: Iterator[SourceText], candidates: Sequence[tuple[str, FileStamp | None]], workers: int
) -> tuple[int, Generator[list[Compiled], None, None]]:
    """(processes, each changed file's cards in file order, chunk by chunk). Worker processes only when there is
    enough to parse (SERIAL_CHARS, two files): a pool costs more than it saves on a small build. Every file of
    ``changed`` is read before this returns: with workers, each chunk is handed out as soon as it is read."""
    first: list[SourceText] = []
    chars = 0
    if workers > 1:
        for source in changed:  # read until the build is known to be large enough for workers
            first.append(source)
            chars += len(source.text)
            if chars >= SERIAL_CHARS and len(first) >= 2:
                break
    if chars < SERIAL_CHARS or len(first) < 2:
        return 1, _here(notes, [*first, *changed])
    from .compile import compile_sources, crashed

    # Chunk sizes by the files' stat, known before they are read (bytes: chunks of CJK notes hold fewer characters).
    sizes = {relative: stamp.size if stamp else 0 for relative, stamp in candidates}
    sized = ((source, sizes.get(source.path) or len(source.text)) for source in chain(first, changed))
    chunks = tapering(sized, sum(sizes.values()), workers, MIN_CHUNK_CHARS, MAX_CHUNK_CHARS)
    return workers, ordered_map(partial(compile_sources, notes=notes), chunks, workers, crashed)


def _here(notes: Path, sources: list[SourceText]) -> Generator[list[Compiled], None, None]:
    """The cards of ``sources`` made in this process, a chunk each time one is asked for (the parser loads then)."""
    from .compile import compile_sources

    for chunk in chunked(sources, [len(source.text) for source in sources], MIN_CHUNK_CHARS):
        yield compile_sources(chunk, notes)


def _write(
    deck: Deck,
    compiled: Iterable[Sequence[Compiled]],
    stamps: Mapping[str, FileStamp | None],
    now: datetime,
    report: BuildReport,
    progress: Progress,
    *,
    eager: bool = False,
) -> None:
    """Write chunks of compiled files in order, a batch per transaction; ``eager``: also at the end of each chunk
    (worker processes are computing the next ones: written now, they are not left for after the last one)."""
    pending: list[Compiled] = []
    cards = 0
    # A deck without cards (a first build): every card is new, unless two files gave the same id.
    written: set[str] | None = set() if deck.holds_no_card() else None

    def flush() -> None:
        # One commit per batch: a commit per file costs more than parsing a small
        # file, and a batch stays short enough not to hold up a review's answer.
        nonlocal cards
        with deck.transaction():
            _apply(deck, pending, stamps, now, report, written)
        pending.clear()
        cards = 0

    for chunk in compiled:
        for result in chunk:
            report.problems.extend(result.problems)
            report.notices.extend(result.notices)
            report.files_read += 1
            progress.advance()
            if not result.written:
                continue
            pending.append(result)
            cards += len(result.rows)
            if len(pending) >= BATCH_FILES or cards >= BATCH_CARDS:
                flush()
        if eager and pending:
            flush()
    if pending:
        flush()


def _apply(
    deck: Deck,
    batch: Sequence[Compiled],
    stamps: Mapping[str, FileStamp | None],
    now: datetime,
    report: BuildReport,
    written: set[str] | None,
) -> None:
    """Write a batch of files in order. ``written``: the card ids written so far when the deck held no card
    when the build began (None otherwise); files whose ids are all new then go in with plain inserts."""
    from .store.rows import ID

    new: list[NewFile] = []
    for result in batch:
        stamp = stamps.get(result.path)
        if written is not None:
            ids = {str(values[ID]) for values in result.rows}
            if written.isdisjoint(ids):
                written |= ids
                new.append((result.path, result.digest, result.rows, stamp))
                continue
            written |= ids
        if new:
            report.add(deck.insert_new_files(new, now))
            new = []
        report.add(deck.apply_values(result.path, result.digest, result.rows, now, stamp))
    if new:
        report.add(deck.insert_new_files(new, now))


def stale_sources(settings: Settings, deck: Deck) -> list[str]:
    """Notes files that changed, appeared or disappeared since the last build (no parsing)."""
    if not settings.notes.is_dir():
        return []
    known = deck.source_records()
    scan = scan_notes(settings.notes, settings.ignore, known, time.time_ns())
    return [source.path for source in scan.changed] + sorted(set(known) - scan.present)
