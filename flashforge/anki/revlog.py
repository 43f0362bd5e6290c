"""Anki's review log → flashforge reviews (pure).

A flashforge note is an Anki note whose GUID is the deck's ``note_id``; the
Anki card with ordinal N of that note is the flashforge card with ``ord`` N
(a cloze deletion ``cN`` is ordinal N-1, the sequence step index; every other
kind has one card, ordinal 0). Anki's revlog id is the answer's time in
milliseconds and unique in the collection, so it keys a pulled review: a
review already in the deck under that id is never added again.

Only real answers are pulled: Anki also logs manual rescheduling ("set due
date", "forget": ease 0, types 4 and 5) and previews in filtered decks that
do not reschedule (type 3 with no ease factor); none of those is a memory
event.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

# revlog.type
LEARN, REVIEW, RELEARN, FILTERED, MANUAL, RESCHEDULED = range(6)
# AnkiReview.is_answer as SQL over a revlog row, for counting the answers never read into Python.
ANSWER_SQL = (
    f"ease BETWEEN 1 AND 4 AND type NOT IN ({MANUAL}, {RESCHEDULED}) AND NOT (type = {FILTERED} AND factor = 0)"
)


@dataclass(frozen=True)
class AnkiCard:
    guid: str  # the note's GUID
    ord: int


@dataclass(frozen=True)
class AnkiReview:
    """One revlog row."""

    revlog_id: int  # epoch milliseconds of the answer
    anki_card_id: int
    ease: int  # 1 Again … 4 Easy; 0 for manual entries
    kind: int  # revlog.type
    factor: int
    duration_ms: int

    @property
    def is_answer(self) -> bool:
        if not 1 <= self.ease <= 4 or self.kind in (MANUAL, RESCHEDULED):
            return False
        return not (self.kind == FILTERED and self.factor == 0)

    @property
    def reviewed_at(self) -> datetime:
        return datetime.fromtimestamp(self.revlog_id / 1000, UTC)


@dataclass(frozen=True)
class AnkiLog:
    """What flashforge needs from a collection."""

    cards: Mapping[int, AnkiCard]  # Anki card id → its note's GUID and its ordinal (flashforge's notes only)
    reviews: Sequence[AnkiReview]  # revlog rows of those cards, in revlog id order
    scheduled_cards: int  # cards not new (queue != 0): 0 in a package exported without scheduling
    revlog_rows: int = 0  # every row of the review log, whoever's
    foreign_answers: int = 0  # answers to cards left out of ``cards`` (counted while reading)


@dataclass(frozen=True)
class PulledReview:
    """An Anki answer to a flashforge card, not yet in the deck."""

    revlog_id: int
    card_id: str
    rating: int
    reviewed_at: datetime
    duration_ms: int


@dataclass
class PullPlan:
    new: list[PulledReview] = field(default_factory=list)
    already: int = 0  # answers the deck has: pulled before, or its own that went to Anki with an export
    foreign: int = 0  # answers to notes flashforge did not make (or to cards it no longer has)
    not_answers: int = 0  # manual rescheduling, previews

    @property
    def touched(self) -> list[str]:
        """The flashforge cards that get new reviews, in first-review order."""
        return list(dict.fromkeys(review.card_id for review in self.new))


# An exported answer's revlog id is its time, or a little later when ids collide.
OWN_ID_SLACK_MS = 1000


def _is_own(times: Sequence[int], revlog_id: int) -> bool:
    index = bisect.bisect_left(times, revlog_id - OWN_ID_SLACK_MS)
    return index < len(times) and times[index] <= revlog_id


def plan_pull(
    log: AnkiLog,
    cards: Mapping[tuple[str, int], str],
    known: Collection[int],
    own: Mapping[str, Sequence[int]] | None = None,
) -> PullPlan:
    """Sort ``log``'s reviews: new ones for flashforge cards, already in the deck, foreign, not answers.

    ``cards`` maps (note_id, ord) to the flashforge card id; ``known`` holds
    the revlog ids already pulled; ``own`` holds each card's terminal answers
    (epoch milliseconds, sorted), which ``export apkg --with-progress`` gives
    Anki under their time as revlog id (moved on by a few milliseconds when
    two answers share one).
    """
    own = own or {}
    plan = PullPlan(foreign=log.foreign_answers)
    for review in log.reviews:
        if not review.is_answer:
            plan.not_answers += 1
            continue
        anki_card = log.cards.get(review.anki_card_id)
        card_id = cards.get((anki_card.guid, anki_card.ord)) if anki_card else None
        if card_id is None:
            plan.foreign += 1
        elif review.revlog_id in known or _is_own(own.get(card_id, ()), review.revlog_id):
            plan.already += 1
        else:
            plan.new.append(
                PulledReview(review.revlog_id, card_id, review.ease, review.reviewed_at, max(review.duration_ms, 0))
            )
    return plan
