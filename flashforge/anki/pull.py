"""``flashforge anki pull``: Anki's answers to flashforge cards into the deck's review log.

Read the Anki file (a private copy), sort its review log (:func:`.revlog.plan_pull`),
then, for every card that gets new answers, replay its whole merged log to
recompute its state (:func:`.replay.replay`); the new reviews and the new
states are written in one transaction, or not at all.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import fsrs

from ..schedule import CardState
from ..store import Deck
from ..store.synced import PulledRow
from .errors import AnkiFileError
from .package import open_copy
from .read import read_log
from .replay import Answer, replay
from .revlog import AnkiLog, PulledReview, PullPlan, plan_pull


@dataclass(frozen=True)
class PullReport:
    added: int  # answers added to the deck's log
    cards: int  # cards that got them (their state was recomputed)
    already: int  # answers the deck has: pulled before, or its own that went to Anki with an export
    foreign: int  # answers to notes flashforge did not make
    not_answers: int  # manual rescheduling and previews, skipped


def read_anki(path: Path, guids: Collection[str]) -> AnkiLog:
    """The review log of the notes in ``guids`` in the collection in ``path``.

    A package exported without scheduling is refused.
    """
    with open_copy(path) as opened:
        log = read_log(opened.conn, str(path), guids)
    if opened.is_apkg and log.revlog_rows == 0 and log.scheduled_cards == 0:
        raise AnkiFileError(
            f"{path}: a package without scheduling (no reviews in it); export it from Anki with "
            "'Include scheduling information' ticked, or export a .colpkg; nothing changed"
        )
    return log


def _card_index(deck: Deck) -> dict[tuple[str, int], str]:
    """(note_id, ord) → card id, orphans included (their answers are still real)."""
    return {(stored.card.note_id, stored.card.ord): stored.card.id for stored in deck.cards(include_orphans=True)}


def replayed_rows(
    scheduler: fsrs.Scheduler, deck: Deck, new: Sequence[PulledReview]
) -> tuple[list[PulledRow], dict[str, CardState]]:
    """The rows to add (with their replayed states) and each touched card's final state."""
    by_card: dict[str, list[PulledReview]] = {}
    for review in new:
        by_card.setdefault(review.card_id, []).append(review)
    card_ids = list(by_card)
    logs = deck.card_logs(card_ids)
    current = deck.states_of(card_ids)
    rows: list[PulledRow] = []
    finals: dict[str, CardState] = {}
    for card_id, pulled in by_card.items():
        answers = [Answer(entry.rating, entry.reviewed_at) for entry in logs[card_id]]
        answers += [Answer(review.rating, review.reviewed_at, review) for review in pulled]
        finals[card_id], steps = replay(scheduler, current[card_id], answers)
        for step in steps:
            key = step.answer.key
            if isinstance(key, PulledReview):
                rows.append(
                    PulledRow(
                        card_id, key.rating, key.reviewed_at, key.duration_ms, step.before, step.after, key.revlog_id
                    )
                )
    return rows, finals


def apply_pull(deck: Deck, scheduler: fsrs.Scheduler, log: AnkiLog, cards: Mapping[tuple[str, int], str]) -> PullReport:
    """Add ``log``'s new answers to ``deck`` (``cards``: its (note_id, ord) → card id) and reschedule their cards."""
    # One write transaction from the first read to the last write: an answer given in the terminal
    # meanwhile waits, and is never overwritten by a replay that did not see it.
    with deck.transaction():
        plan: PullPlan = plan_pull(log, cards, deck.known_revlog_ids(), deck.terminal_answer_times())
        rows, finals = replayed_rows(scheduler, deck, plan.new)
        added = deck.save_pulled(rows, finals) if rows else 0
    return PullReport(added, len(finals), plan.already + len(rows) - added, plan.foreign, plan.not_answers)


def pull(deck: Deck, scheduler: fsrs.Scheduler, path: Path) -> PullReport:
    """Pull the answers in the Anki file at ``path`` into ``deck``."""
    cards = _card_index(deck)
    log = read_anki(path, {note_id for note_id, _ in cards})
    return apply_pull(deck, scheduler, log, cards)
