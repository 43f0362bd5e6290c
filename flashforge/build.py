"""Notes folder → deck: the incremental build.

A file whose content hash is unchanged is not parsed again; a file that is
gone (or now ignored) has its cards orphaned, never deleted. Every problem
with a file is reported and the other files still build.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from .cards import build_cards
from .config import Settings
from .extract import NEEDS_A_FIX, Extraction, extract
from .model import Card
from .parse import parse_document
from .sources import SourceProblem, SourceText, find_notes, read_note
from .store import Deck, FileChange

BATCH_FILES = 50
BATCH_CARDS = 2000


class NotesFolderError(Exception):
    """The notes folder itself is unusable; the message says what to do."""


@dataclass
class BuildReport:
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

    def add(self, change: FileChange) -> None:
        self.new.update(card.kind for card in change.new)
        self.updated.update(card.kind for card in change.updated)
        self.unchanged.update(card.kind for card in change.unchanged)
        self.restored.update(card.kind for card in change.restored)
        self.orphaned.update(stored.card.kind for stored in change.orphaned)


def cards_for_text(source: SourceText) -> tuple[list[Card], Extraction]:
    """The pure heart of a build: one file's text → its cards (and what was skipped)."""
    document = parse_document(source.text)
    extraction = extract(document)
    return build_cards(extraction.items, source.path, document.title), extraction


def _raise_recursion_limit() -> None:
    # mistune recurses once per nesting level; deeply nested lists are capped in
    # parse.py, but leave headroom for the inline parser on pathological input.
    if sys.getrecursionlimit() < 5000:
        sys.setrecursionlimit(5000)


def build_notes(settings: Settings, now: datetime, deck: Deck | None = None) -> BuildReport:
    """Bring the deck up to date with the notes folder (opens ``settings.db`` when no deck is given)."""
    if deck is None:
        owned = Deck.open(settings.db)
        try:
            return build_notes(settings, now, owned)
        finally:
            owned.close()
    notes = settings.notes
    if not notes.exists():
        raise NotesFolderError(f"{notes}: notes folder not found; create it or pass --notes PATH")
    if not notes.is_dir():
        raise NotesFolderError(f"{notes}: is a file, not a folder; pass the folder that holds your notes")
    _raise_recursion_limit()
    report = BuildReport()
    known = deck.source_hashes()
    present: set[str] = set()
    pending: list[tuple[str, str, list[Card]]] = []

    def flush() -> None:
        # One commit per batch: a commit per file costs more than parsing a small
        # file, and a batch stays short enough not to hold up a review's answer.
        with deck.transaction():
            for relative, digest, cards in pending:
                report.add(deck.apply_file(relative, digest, cards, now))
        pending.clear()

    for relative in find_notes(notes, settings.ignore):
        present.add(relative)
        source = read_note(notes, relative)
        if isinstance(source, SourceProblem):
            report.problems.append(source)
            continue  # keep its existing cards: a bad read must not orphan them
        if known.get(relative) == source.digest:
            report.files_unchanged += 1
            continue
        report.files_read += 1
        try:
            cards, extraction = cards_for_text(source)
        except RecursionError:
            report.problems.append(SourceProblem(relative, "is nested too deeply to parse; flatten its lists"))
            continue
        if not source.text.strip():
            report.problems.append(SourceProblem(relative, "is empty; write some notes in it or delete it"))
        elif not cards:
            report.notices.append(
                SourceProblem(relative, f"gave no cards; 'flashforge preview {notes / relative}' shows why")
            )
        for skip in extraction.skips:
            if skip.reason in NEEDS_A_FIX:
                report.notices.append(SourceProblem(f"{relative}:{skip.line}", skip.reason))
        pending.append((relative, source.digest, cards))
        if len(pending) >= BATCH_FILES or sum(len(batch[2]) for batch in pending) >= BATCH_CARDS:
            flush()
    flush()
    for relative in sorted(set(known) - present):
        report.files_gone += 1
        report.orphaned.update(stored.card.kind for stored in deck.forget_source(relative, now))
    report.card_total = deck.card_count()
    return report


def stale_sources(settings: Settings, deck: Deck) -> list[str]:
    """Notes files that changed, appeared or disappeared since the last build (no parsing)."""
    if not settings.notes.is_dir():
        return []
    known = deck.source_hashes()
    stale: list[str] = []
    present: set[str] = set()
    for relative in find_notes(settings.notes, settings.ignore):
        present.add(relative)
        source = read_note(settings.notes, relative)
        if isinstance(source, SourceText) and known.get(relative) != source.digest:
            stale.append(relative)
    stale.extend(sorted(set(known) - present))
    return stale
