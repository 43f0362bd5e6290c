"""Today's queue read from the deck: learning steps, due reviews and new cards within the day's limits.

The deck answers the queries (:mod:`flashforge.store.reviews`); the policy
(limits, one new card per sibling group a day) is :mod:`.queue`'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field
from datetime import datetime

from ..card_state import CardState
from ..record import Record
from ..store import Deck
from ..store.reviews import QueuedCard
from .queue import QueueCard, pick_new, sibling_group


class Today(Record, frozen=False):
    """What was already done in the current review day (answers not undone)."""

    new: int = 0
    review: int = 0
    learning: int = 0
    groups: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        return self.new + self.review + self.learning


class DayQueue(Record, frozen=False):
    learning: list[QueueCard]
    review: list[QueueCard]
    new: list[QueueCard]
    today: Today


def _queue_cards(rows: Iterable[tuple[QueuedCard, CardState | None]]) -> Iterable[QueueCard]:
    for key, state in rows:
        yield QueueCard(key, state or CardState(key.id))


def load_today(deck: Deck, day_start: datetime) -> Today:
    today = Today()
    for state, count in deck.answered_since(day_start).items():
        if state in (None, "new"):
            today.new += count
        elif state == "review":
            today.review += count
        else:
            today.learning += count
    for kind, group_id, note_id in deck.groups_answered_since(day_start):
        group = sibling_group(kind, group_id, note_id)
        if group is not None:
            today.groups.add(group)
    return today


def load_day(
    deck: Deck,
    *,
    now: datetime,
    day_start: datetime,
    day_end: datetime,
    deck_prefix: str | None,
    new_per_day: int,
    reviews_per_day: int,
) -> DayQueue:
    """Today's cards: learning steps, due reviews (up to the limit), new cards (up to the limit)."""
    today = load_today(deck, day_start)
    learning = list(_queue_cards(deck.learning_due(before=day_end, now=now, deck_prefix=deck_prefix)))
    review_left = max(reviews_per_day - today.review, 0)
    review = list(_queue_cards(deck.reviews_due(before=day_end, now=now, deck_prefix=deck_prefix, limit=review_left)))
    candidates = deck.new_cards(now=now, deck_prefix=deck_prefix)
    try:
        new = pick_new(_queue_cards(candidates), max(new_per_day - today.new, 0), today.groups)
    finally:
        candidates.close()  # pick_new stops early; release the cursor now
    return DayQueue(learning, review, new, today)
