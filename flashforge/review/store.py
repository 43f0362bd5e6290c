"""card_state and the review log in the deck.

Every write is its own short ``BEGIN IMMEDIATE`` transaction, committed
before the caller shows the next card: a review killed at any moment keeps
every answer already given, and a ``flashforge build`` running at the same
time only waits for a few milliseconds (WAL mode, busy timeout). No read
cursor stays open between answers.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..deck import Deck, card_from_row
from ..schedule import CardState, parse_time, stamp
from .queue import QueueCard, pick_new, sibling_group

_STATE_COLUMNS = (
    "card_id",
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "suspended",
    "buried_until",
    "leech",
    "fsrs",
)
_UPSERT = (
    f"INSERT OR REPLACE INTO card_state ({', '.join(_STATE_COLUMNS)}) VALUES ({', '.join('?' for _ in _STATE_COLUMNS)})"
)


def deck_filter(prefix: str | None, alias: str = "c") -> tuple[str, list[Any]]:
    """SQL matching a deck and its sub-decks (``A`` matches ``A`` and ``A::B``, not ``AB``)."""
    if not prefix:
        return "", []
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f" AND ({alias}.deck = ? OR {alias}.deck LIKE ? ESCAPE '\\')", [prefix, escaped + "::%"]


def _queue_card(row: dict[str, Any]) -> QueueCard:
    card = card_from_row(row).card
    if row.get("card_id") is None:
        return QueueCard(card, CardState(card.id))
    return QueueCard(card, CardState.from_row(row))


@dataclass
class Today:
    """What was already done in the current review day (answers not undone)."""

    new: int = 0
    review: int = 0
    learning: int = 0
    groups: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        return self.new + self.review + self.learning


def load_today(deck: Deck, day_start: datetime) -> Today:
    today = Today()
    since = stamp(day_start)
    for state, count in deck.db.execute(
        "SELECT json_extract(state_before, '$.state'), count(*) FROM reviews "
        "WHERE reviewed_at >= ? AND undone = 0 GROUP BY 1",
        [since],
    ).fetchall():
        if state in (None, "new"):
            today.new += count
        elif state == "review":
            today.review += count
        else:
            today.learning += count
    for kind, group_id, note_id in deck.db.execute(
        # Written as IN (subquery) so that SQLite starts from today's few reviews, not from every card.
        "SELECT DISTINCT kind, group_id, note_id FROM cards "
        "WHERE id IN (SELECT card_id FROM reviews WHERE reviewed_at >= ? AND undone = 0)",
        [since],
    ).fetchall():
        group = sibling_group(kind, group_id, note_id)
        if group is not None:
            today.groups.add(group)
    return today


@dataclass
class DayQueue:
    learning: list[QueueCard]
    review: list[QueueCard]
    new: list[QueueCard]
    today: Today


def _active(alias: str = "s") -> str:
    return f"{alias}.suspended = 0 AND ({alias}.buried_until IS NULL OR {alias}.buried_until <= ?)"


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
    where_deck, deck_params = deck_filter(deck_prefix)
    now_s, end_s = stamp(now), stamp(day_end)
    learning = [
        _queue_card(row)
        for row in deck.db.query(
            "SELECT c.*, s.* FROM card_state s JOIN cards c ON c.id = s.card_id "
            f"WHERE s.state IN ('learning', 'relearning') AND s.due < ? AND {_active()} "
            f"AND c.orphaned_at IS NULL{where_deck} ORDER BY s.due",
            [end_s, now_s, *deck_params],
        )
    ]
    review_left = max(reviews_per_day - today.review, 0)
    review = [
        _queue_card(row)
        for row in deck.db.query(
            "SELECT c.*, s.* FROM card_state s JOIN cards c ON c.id = s.card_id "
            f"WHERE s.due < ? AND s.state = 'review' AND {_active()} "
            f"AND c.orphaned_at IS NULL{where_deck} ORDER BY s.due LIMIT ?",
            [end_s, now_s, *deck_params, review_left],
        )
    ]
    new_left = max(new_per_day - today.new, 0)
    candidates = _new_candidates(deck, now_s, where_deck, deck_params)
    try:
        new = pick_new(candidates, new_left, today.groups)
    finally:
        candidates.close()  # pick_new stops early; release the cursor now
    return DayQueue(learning, review, new, today)


def _new_candidates(
    deck: Deck, now_s: str, where_deck: str, deck_params: list[Any]
) -> Generator[QueueCard, None, None]:
    # Streamed in note order in batches; pick_new stops reading once it has enough.
    sql = (
        "SELECT c.*, s.* FROM cards c LEFT JOIN card_state s ON s.card_id = c.id "
        f"WHERE c.orphaned_at IS NULL{where_deck} "
        f"AND (s.card_id IS NULL OR (s.state = 'new' AND {_active()})) "
        "ORDER BY c.source_path, c.position, c.ord"
    )
    cursor = deck.db.conn.execute(sql, [*deck_params, now_s])
    names = [column[0] for column in cursor.description]
    try:
        while batch := cursor.fetchmany(256):
            for values in batch:
                yield _queue_card(dict(zip(names, values, strict=True)))
    finally:
        cursor.close()


def next_due(deck: Deck, deck_prefix: str | None, now: datetime) -> datetime | None:
    """When the next scheduled card (not new, suspended, buried or orphaned) comes due."""
    where, params = deck_filter(deck_prefix)
    row = deck.db.execute(
        "SELECT min(max(s.due, coalesce(s.buried_until, ''))) FROM card_state s JOIN cards c ON c.id = s.card_id "
        f"WHERE s.state != 'new' AND s.suspended = 0 AND c.orphaned_at IS NULL{where}",
        params,
    ).fetchone()
    return parse_time(row[0]) if row and row[0] else None


def load_state(deck: Deck, card_id: str) -> CardState:
    rows = list(deck.db.query("SELECT * FROM card_state WHERE card_id = ?", [card_id]))
    return CardState.from_row(rows[0]) if rows else CardState(card_id)


def _values(state: CardState) -> list[Any]:
    row = state.to_row()
    return [row[column] for column in _STATE_COLUMNS]


def save_state(deck: Deck, state: CardState) -> None:
    """Write one card's state (suspend, bury, leech) in its own transaction."""
    with deck.transaction():
        deck.db.execute(_UPSERT, _values(state))


def log_json(state: CardState) -> str:
    """The state as the review log keeps it: compact, ``state`` first (stats test that prefix).

    The row's card_id is in the review row and its fsrs JSON repeats the other
    columns; a year of reviews should not weigh hundreds of MB.
    """
    row = state.to_row()
    del row["card_id"], row["fsrs"]
    return json.dumps(row, separators=(",", ":"))


def record_answer(
    deck: Deck,
    before: CardState,
    after: CardState,
    rating: int,
    now: datetime,
    duration_ms: int,
) -> int:
    """Save one answer: the card's new state and a log entry, committed together. Returns the review id."""
    with deck.transaction():
        deck.db.execute(_UPSERT, _values(after))
        cursor = deck.db.execute(
            "INSERT INTO reviews (card_id, rating, reviewed_at, duration_ms, state_before, state_after) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                before.card_id,
                rating,
                stamp(now),
                max(int(duration_ms), 0),
                log_json(before),
                log_json(after),
            ],
        )
        review_id = cursor.lastrowid
    assert review_id is not None
    return int(review_id)


def undo_answer(deck: Deck, review_id: int, before: CardState) -> None:
    """Put the card back as it was and mark the log entry undone (the log stays append-only)."""
    with deck.transaction():
        deck.db.execute(_UPSERT, _values(before))
        deck.db.execute("UPDATE reviews SET undone = 1 WHERE id = ?", [review_id])


def review_count(deck: Deck, include_undone: bool = False) -> int:
    sql = "SELECT count(*) FROM reviews" + ("" if include_undone else " WHERE undone = 0")
    return int(deck.db.execute(sql).fetchone()[0])
