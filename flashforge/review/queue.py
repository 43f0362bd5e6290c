"""Which cards a review shows, and in what order (pure: no clock, no database).

Order within a session, as in Anki: learning cards whose step is due, then
due reviews (most overdue first), then new cards in the order the notes give
them; when nothing else is left, learning cards due within the learn-ahead
window come back early, so that Again brings a card back later in the same
session instead of ending it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Protocol

from ..card_state import CardState
from ..record import Record

# Anki's default "learn ahead limit".
LEARN_AHEAD = timedelta(minutes=20)

LEARNING_STATES = ("learning", "relearning")


class CardKey(Protocol):
    """What the queue reads of a card: a full :class:`Card`, or the deck's row key until the card comes up."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def group_id(self) -> str: ...
    @property
    def note_id(self) -> str: ...


class QueueCard(Record):
    card: CardKey  # the session reads the card itself when it comes up
    state: CardState

    @property
    def id(self) -> str:
        return self.card.id


def sibling_group(kind: str, group_id: str, note_id: str) -> str | None:
    """The group whose cards give each other away: a list of fields or states, a sequence, a table.

    Definitions are independent facts even when they share a list, so they
    are never buried for each other.
    """
    if kind == "definition":
        return None
    return group_id or note_id


def pick_new(candidates: Iterable[QueueCard], limit: int, groups_seen_today: set[str]) -> list[QueueCard]:
    """Up to ``limit`` new cards in note order, at most one per sibling group a day.

    ``groups_seen_today`` holds the groups of cards already reviewed today;
    their new siblings wait for another day (Anki's "bury new siblings").
    """
    chosen: list[QueueCard] = []
    taken = set(groups_seen_today)
    if limit <= 0:
        return chosen
    for item in candidates:
        group = sibling_group(item.card.kind, item.card.group_id, item.card.note_id)
        if group is not None:
            if group in taken:
                continue
            taken.add(group)
        chosen.append(item)
        if len(chosen) >= limit:
            break
    return chosen


class Counts(Record, frozen=False):
    new: int
    learning: int
    review: int


class SessionQueue:
    """The cards left in a session; it changes as cards are answered."""

    def __init__(
        self,
        learning: Iterable[QueueCard],
        review: Iterable[QueueCard],
        new: Iterable[QueueCard],
        day_end: datetime,
        learn_ahead: timedelta = LEARN_AHEAD,
    ) -> None:
        self._learning = sorted(learning, key=_due_key)
        self._review = list(review)
        self._new = list(new)
        self._front: list[QueueCard] = []  # cards put back by undo come first
        self._day_end = day_end
        self._learn_ahead = learn_ahead

    def counts(self) -> Counts:
        front_new = sum(1 for item in self._front if item.state.is_new)
        front_learning = sum(1 for item in self._front if item.state.state in LEARNING_STATES)
        front_review = len(self._front) - front_new - front_learning
        return Counts(
            new=len(self._new) + front_new,
            learning=len(self._learning) + front_learning,
            review=len(self._review) + front_review,
        )

    def __len__(self) -> int:
        return len(self._front) + len(self._learning) + len(self._review) + len(self._new)

    def next(self, now: datetime) -> QueueCard | None:
        """The card to show at ``now``, or None when the session is over."""
        if self._front:
            return self._front[0]
        if self._learning and _due(self._learning[0]) <= now:
            return self._learning[0]
        if self._review:
            return self._review[0]
        if self._new:
            return self._new[0]
        if self._learning and _due(self._learning[0]) <= now + self._learn_ahead:
            return self._learning[0]
        return None

    def next_learning_due(self) -> datetime | None:
        """When the next learning card comes due (to tell the learner to come back)."""
        return _due(self._learning[0]) if self._learning else None

    def remove(self, card_id: str) -> None:
        for items in (self._front, self._learning, self._review, self._new):
            items[:] = [item for item in items if item.id != card_id]

    def answered(self, item: QueueCard, after: CardState) -> None:
        """Take the card out; keep it in the session if it is learning again today."""
        self.remove(item.id)
        if after.state in LEARNING_STATES and after.due is not None and after.due < self._day_end:
            self._learning.append(QueueCard(item.card, after))
            self._learning.sort(key=_due_key)

    def put_back(self, item: QueueCard) -> None:
        """After undo: the card is shown again next, in its restored state."""
        self.remove(item.id)
        self._front.insert(0, item)


def _due(item: QueueCard) -> datetime:
    assert item.state.due is not None
    return item.state.due


def _due_key(item: QueueCard) -> datetime:
    return _due(item)
