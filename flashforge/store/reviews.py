"""Card state and the review log.

Every write is its own short ``BEGIN IMMEDIATE`` transaction, committed
before the caller shows the next card: a review killed at any moment keeps
every answer already given, and a ``flashforge build`` running at the same
time only waits for a few milliseconds (WAL mode, busy timeout). No read
cursor stays open between answers.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple, cast

from ..card_state import CardState
from ..clock import parse_time, stamp
from ..record import Record
from .cards import CardStore, deck_filter
from .schema import BEFORE_STATE_SQL

STATE_COLUMNS = (
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
    f"INSERT OR REPLACE INTO card_state ({', '.join(STATE_COLUMNS)}) VALUES ({', '.join('?' * len(STATE_COLUMNS))})"
)
_REVIEW_COLUMNS = "card_id, rating, reviewed_at, duration_ms, state_before, state_after, undone"
# Every answer is logged through this; before_state is filled from state_before by SQL itself,
# as the v5 migration filled the older rows. (A pull inserts OR IGNORE: see synced.py.)
INSERT_REVIEW = (
    f"INSERT INTO reviews ({_REVIEW_COLUMNS}, source, anki_revlog_id, before_state) "
    f"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, {BEFORE_STATE_SQL.format('?5')})"
)
_ACTIVE = "s.suspended = 0 AND (s.buried_until IS NULL OR s.buried_until <= ?)"


class ReviewRow(Record):
    """One entry of the review log, as stored (times are ISO 8601 text)."""

    card_id: str
    rating: int
    reviewed_at: str
    duration_ms: int = 0
    state_before: str | None = None  # log_json of the state before the answer
    state_after: str | None = None
    undone: bool = False
    id: int | None = None  # set by the deck
    source: str = "terminal"  # or "anki": pulled by `flashforge anki pull`
    anki_revlog_id: int | None = None  # a pulled answer's id in Anki's review log


def _stamp(moment: datetime | None) -> str | None:
    return stamp(moment) if moment else None


def state_row(state: CardState) -> dict[str, Any]:
    """The ``card_state`` row of ``state``."""
    import json

    fsrs_json = None if state.is_new else json.dumps(state.to_fsrs().to_dict())
    return {
        "card_id": state.card_id,
        "state": state.state,
        "step": state.step,
        "stability": state.stability,
        "difficulty": state.difficulty,
        "due": _stamp(state.due),
        "last_review": _stamp(state.last_review),
        "reps": state.reps,
        "lapses": state.lapses,
        "suspended": int(state.suspended),
        "buried_until": _stamp(state.buried_until),
        "leech": int(state.leech),
        "fsrs": fsrs_json,
    }


# The columns a CardState is read from, in its fields' order (the fsrs JSON repeats them for the scheduler).
STATE_FIELDS = STATE_COLUMNS[:-1]


def card_state(row: Mapping[str, Any]) -> CardState:
    """A ``card_state`` row read back."""
    return state_of([row[column] for column in STATE_FIELDS])


def state_of(values: Sequence[Any]) -> CardState:
    """A ``card_state`` row read back from the values of :data:`STATE_FIELDS`, in that order."""
    card_id, state, step, stability, difficulty, due, last_review, reps, lapses, suspended, buried, leech = values
    return CardState(  # positionally: a Record takes every field given in order at once
        str(card_id),
        str(state or "new"),
        step,
        stability,
        difficulty,
        parse_time(due),
        parse_time(last_review),
        int(reps or 0),
        int(lapses or 0),
        bool(suspended),
        parse_time(buried),
        bool(leech),
    )


def log_json(state: CardState) -> str:
    """The state as the review log keeps it: compact, ``state`` first (also kept as ``reviews.before_state``).

    The row's card_id is in the review row and its fsrs JSON repeats the other
    columns; a year of reviews should not weigh hundreds of MB.
    """
    import json

    row = state_row(state)
    del row["card_id"], row["fsrs"]
    return json.dumps(row, separators=(",", ":"))


class QueuedCard(NamedTuple):
    """What a review queue needs of a card until it comes up; the card itself is read then (no JSON before)."""

    id: str
    kind: str
    group_id: str
    note_id: str


# A queued card's key, then its state's columns (NULL when it has no state yet): read as plain tuples.
_QUEUED = "c.id, c.kind, c.group_id, c.note_id, " + ", ".join(f"s.{column}" for column in STATE_FIELDS)


def _queued(row: Sequence[Any]) -> tuple[QueuedCard, CardState | None]:
    key = QueuedCard(str(row[0]), str(row[1]), str(row[2]), str(row[3]))
    return key, (state_of(row[4:]) if row[4] is not None else None)


class ReviewStore(CardStore):
    """The ``card_state`` and ``reviews`` tables."""

    # -- card state ------------------------------------------------------------

    def card_state(self, card_id: str) -> CardState | None:
        rows = list(self._dicts("SELECT * FROM card_state WHERE card_id = ?", [card_id]))
        return card_state(rows[0]) if rows else None

    def card_states(self) -> list[CardState]:
        return [card_state(row) for row in self._dicts("SELECT * FROM card_state ORDER BY card_id")]

    def save_state(self, state: CardState) -> None:
        """Write one card's state (suspend, bury, leech) in its own transaction."""
        with self.transaction():
            self._conn.execute(_UPSERT, _values(state))

    def save_states(self, states: Iterable[CardState]) -> None:
        """Write many cards' states in one transaction (an import, a benchmark's history)."""
        with self.transaction():
            self._conn.executemany(_UPSERT, (_values(state) for state in states))

    # -- answers -----------------------------------------------------------------

    def record_answer(self, before: CardState, after: CardState, rating: int, now: datetime, duration_ms: int) -> int:
        """Save one answer: the card's new state and a log entry, committed together. Returns the review id."""
        with self.transaction():
            self._conn.execute(_UPSERT, _values(after))
            cursor = self._conn.execute(
                INSERT_REVIEW,
                [
                    before.card_id,
                    rating,
                    _stamp(now),
                    max(int(duration_ms), 0),
                    log_json(before),
                    log_json(after),
                    0,
                    "terminal",
                    None,
                ],
            )
            review_id = cursor.lastrowid
        assert review_id is not None
        return int(review_id)

    def undo_answer(self, review_id: int, before: CardState) -> None:
        """Put the card back as it was and mark the log entry undone (the log stays append-only)."""
        with self.transaction():
            self._conn.execute(_UPSERT, _values(before))
            self._conn.execute("UPDATE reviews SET undone = 1 WHERE id = ?", [review_id])

    def append_reviews(self, rows: Iterable[ReviewRow]) -> None:
        """Add entries to the review log as they are (an import); card states are not touched."""
        with self.transaction():
            self._conn.executemany(
                INSERT_REVIEW,
                (
                    (
                        r.card_id,
                        r.rating,
                        r.reviewed_at,
                        r.duration_ms,
                        r.state_before,
                        r.state_after,
                        int(r.undone),
                        r.source,
                        r.anki_revlog_id,
                    )
                    for r in rows
                ),
            )

    def review_log(self, *, include_undone: bool = True, in_time_order: bool = False) -> list[ReviewRow]:
        """The review log, in the order it was written (or by time of the answer)."""
        where = "" if include_undone else " WHERE undone = 0"
        order = "reviewed_at, id" if in_time_order else "id"
        return [
            ReviewRow(
                card_id=str(row[1]),
                rating=cast(int, row[2]),
                reviewed_at=cast(str, row[3]),
                duration_ms=cast(int, row[4]),
                state_before=cast("str | None", row[5]),
                state_after=cast("str | None", row[6]),
                undone=bool(row[7]),
                id=cast(int, row[0]),
                source=str(row[8]),
                anki_revlog_id=cast("int | None", row[9]),
            )
            for row in self._all(
                f"SELECT id, {_REVIEW_COLUMNS}, source, anki_revlog_id FROM reviews{where} ORDER BY {order}"
            )
        ]

    # -- what a review day shows ------------------------------------------------------

    def answered_since(self, since: datetime) -> dict[str | None, int]:
        """Answers (not undone) since ``since``, counted by the state the card was in before."""
        rows = self._all(
            "SELECT before_state, count(*) FROM reviews WHERE undone = 0 AND reviewed_at >= ? GROUP BY 1",
            [_stamp(since)],
        )
        return {None if state is None else str(state): cast(int, count) for state, count in rows}

    def groups_answered_since(self, since: datetime) -> list[tuple[str, str, str]]:
        """(kind, group_id, note_id) of the cards answered (not undone) since ``since``."""
        rows = self._all(
            # Written as IN (subquery) so that SQLite starts from today's few reviews, not from every card.
            "SELECT DISTINCT kind, group_id, note_id FROM cards "
            "WHERE id IN (SELECT card_id FROM reviews WHERE reviewed_at >= ? AND undone = 0)",
            [_stamp(since)],
        )
        return [(str(kind), str(group_id), str(note_id)) for kind, group_id, note_id in rows]

    def learning_due(
        self, *, before: datetime, now: datetime, deck_prefix: str | None
    ) -> list[tuple[QueuedCard, CardState | None]]:
        """Cards in (re)learning due before ``before``, not suspended or buried at ``now``, by due time."""
        return self._due("s.state IN ('learning', 'relearning')", before, now, deck_prefix, None)

    def reviews_due(
        self, *, before: datetime, now: datetime, deck_prefix: str | None, limit: int
    ) -> list[tuple[QueuedCard, CardState | None]]:
        """Up to ``limit`` cards in review due before ``before``, not suspended or buried, most overdue first."""
        return self._due("s.state = 'review'", before, now, deck_prefix, limit)

    def _due(
        self, state: str, before: datetime, now: datetime, deck_prefix: str | None, limit: int | None
    ) -> list[tuple[QueuedCard, CardState | None]]:
        """Active cards in ``state`` (an SQL condition on ``s``) due before ``before``, by due time."""
        where, params = deck_filter(deck_prefix)
        tail, extra = (" LIMIT ?", [limit]) if limit is not None else ("", [])
        return [
            _queued(row)
            for row in self._all(
                # CROSS JOIN: from the few due states to their cards, never the other way round.
                f"SELECT {_QUEUED} FROM card_state s CROSS JOIN cards c ON c.id = s.card_id "
                f"WHERE {state} AND s.due < ? AND {_ACTIVE} "
                f"AND c.orphaned_at IS NULL{where} ORDER BY s.due{tail}",
                [_stamp(before), _stamp(now), *params, *extra],
            )
        ]

    def new_cards(
        self, *, now: datetime, deck_prefix: str | None
    ) -> Generator[tuple[QueuedCard, CardState | None], None, None]:
        """New cards in note order, streamed (close the iterator to stop early)."""
        where, params = deck_filter(deck_prefix)
        rows = self._conn.execute(
            # Unstudied cards in note order from cards_unstudied and their states from card_state_new, both
            # read from the index alone; SQLite would pick the unique index on card_id, which reads the row
            # of every card. The state is still checked: the studied flag only skips the studied cards.
            f"SELECT {_QUEUED} FROM cards c INDEXED BY cards_unstudied "
            "LEFT JOIN card_state s INDEXED BY card_state_new ON s.card_id = c.id "
            f"WHERE c.orphaned_at IS NULL AND c.studied = 0{where} "
            f"AND (s.card_id IS NULL OR (s.state = 'new' AND {_ACTIVE})) "
            "ORDER BY c.source_path, c.position, c.ord",
            [*params, _stamp(now)],
        )
        try:
            for row in rows:
                yield _queued(row)
        finally:
            rows.close()  # the caller stopped early: release the cursor now

    def next_due(self, deck_prefix: str | None) -> datetime | None:
        """When the next scheduled card (not new, suspended, buried or orphaned) comes due."""
        where, params = deck_filter(deck_prefix)
        row = self._one(
            f"SELECT min(max(s.due, coalesce(s.buried_until, ''))) {live_states(deck_prefix, where)} "
            "AND s.state != 'new' AND s.suspended = 0",
            params,
        )
        return parse_time(str(row[0])) if row and row[0] else None


# The answers to a deck's cards (orphaned ones too: they were real answers), from the deck's cards
# (the deck filter reads the cards_deck index) to their answers, never from every answer to its card.
DECK_REVIEWS = "cards c INDEXED BY cards_deck CROSS JOIN reviews r INDEXED BY reviews_card ON r.card_id = c.id"


def live_states(deck_prefix: str | None, where: str) -> str:
    """FROM/WHERE for the states of cards that are not orphaned (``where``: the deck filter on ``c``)."""
    if deck_prefix:  # from the deck's cards (cards_live holds the deck) to their states
        return f"FROM cards c CROSS JOIN card_state s ON s.card_id = c.id WHERE c.orphaned_at IS NULL{where}"
    # No join: the orphans are few, a NOT IN over them (index cards_orphans) is far cheaper than a join.
    return "FROM card_state s WHERE s.card_id NOT IN (SELECT id FROM cards WHERE orphaned_at IS NOT NULL)"


def _values(state: CardState) -> list[Any]:
    row = state_row(state)
    return [row[column] for column in STATE_COLUMNS]
