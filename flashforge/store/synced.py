"""The review log meets Anki: where answers came from, answers pulled from Anki, logs for export.

``reviews.source`` is ``terminal`` (answered in ``flashforge review``) or
``anki`` (pulled by ``flashforge anki pull``); ``reviews.anki_revlog_id`` is a
pulled answer's id in Anki's review log, unique in the deck, so that no pull
can add the same answer twice, even two at once (see :mod:`.schema`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, cast

from ..clock import parse_time, stamp
from ..record import Record
from .reviews import DECK_REVIEWS, INSERT_REVIEW, card_state, log_json, state_row
from .stats import StatsStore

if TYPE_CHECKING:
    from ..card_state import CardState

SOURCE_TERMINAL = "terminal"
SOURCE_ANKI = "anki"
_CHUNK = 500
# An answer pulled twice (two pulls at once) is skipped: anki_revlog_id is unique.
_INSERT_PULLED = INSERT_REVIEW.replace("INSERT INTO", "INSERT OR IGNORE INTO", 1)


def epoch_ms(moment: datetime) -> int:
    """An answer's time as Anki's revlog ids count it (milliseconds since 1970)."""
    return int(moment.timestamp() * 1000)


class LoggedAnswer(Record):
    """One answer of a card's log (not undone), with the states the log kept."""

    rating: int
    reviewed_at: datetime
    duration_ms: int
    before: CardState
    after: CardState
    anki_revlog_id: int | None = None  # set when the answer was pulled from Anki


class PulledRow(Record):
    """An answer to add from Anki, with the card's states before and after it in the replay."""

    card_id: str
    rating: int
    reviewed_at: datetime
    duration_ms: int
    before: CardState
    after: CardState
    anki_revlog_id: int


def _logged_state(card_id: str, text: object) -> CardState:
    """A state as the review log keeps it (log_json) read back; a damaged one reads as new."""
    try:
        import json

        data = json.loads(text) if isinstance(text, str) else {}
    except ValueError:
        data = {}
    row: dict[str, object] = {column: None for column in ("step", "stability", "difficulty", "due")}
    row.update(last_review=None, buried_until=None, reps=0, lapses=0, suspended=0, leech=0)
    if isinstance(data, dict):
        row.update({key: value for key, value in data.items() if key in row or key == "state"})
    row["card_id"] = card_id
    row.setdefault("state", "new")
    return card_state(row)


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


class SyncStore(StatsStore):
    """The review log's ``source`` and ``anki_revlog_id`` columns and what reads and writes them."""

    def known_revlog_ids(self) -> set[int]:
        """The Anki revlog ids of every answer pulled so far."""
        rows = self._all("SELECT anki_revlog_id FROM reviews WHERE anki_revlog_id IS NOT NULL")
        return {cast(int, row[0]) for row in rows}

    def terminal_answer_times(self) -> dict[str, list[int]]:
        """Each card's terminal answers (not undone) in epoch milliseconds, sorted: the revlog ids an export gives."""
        times: dict[str, list[int]] = {}
        rows = self._all("SELECT card_id, reviewed_at FROM reviews WHERE source = ? AND undone = 0", [SOURCE_TERMINAL])
        for card_id, reviewed_at in rows:
            moment = parse_time(str(reviewed_at))
            if moment is not None:
                times.setdefault(str(card_id), []).append(epoch_ms(moment))
        for values in times.values():
            values.sort()
        return times

    def card_logs(self, card_ids: Sequence[str]) -> dict[str, list[LoggedAnswer]]:
        """Each card's answers (undone ones left out) in time order."""
        logs: dict[str, list[LoggedAnswer]] = {card_id: [] for card_id in card_ids}
        for chunk in _chunks(card_ids):
            marks = ",".join("?" * len(chunk))
            for card_id, rating, at, duration, before, after, revlog_id in self._all(
                "SELECT card_id, rating, reviewed_at, duration_ms, state_before, state_after, anki_revlog_id "
                f"FROM reviews WHERE undone = 0 AND card_id IN ({marks}) ORDER BY reviewed_at, id",
                list(chunk),
            ):
                moment = parse_time(str(at))
                if moment is None or not isinstance(rating, int) or not 1 <= rating <= 4:
                    continue
                key = str(card_id)
                logs[key].append(
                    LoggedAnswer(
                        rating,
                        moment,
                        cast(int, duration),
                        _logged_state(key, before),
                        _logged_state(key, after),
                        cast("int | None", revlog_id),
                    )
                )
        return logs

    def states_of(self, card_ids: Sequence[str]) -> dict[str, CardState]:
        """Each card's stored state (a new card's when it has none)."""
        states = {card_id: _logged_state(card_id, None) for card_id in card_ids}
        for chunk in _chunks(card_ids):
            marks = ",".join("?" * len(chunk))
            for row in self._dicts(f"SELECT * FROM card_state WHERE card_id IN ({marks})", list(chunk)):
                states[str(row["card_id"])] = card_state(row)
        return states

    def save_pulled(self, rows: Sequence[PulledRow], states: Mapping[str, CardState]) -> int:
        """Add the pulled answers and the cards' replayed states in one transaction; returns answers added."""
        added = 0
        with self.transaction():
            for row in rows:
                cursor = self._conn.execute(
                    _INSERT_PULLED,
                    [
                        row.card_id,
                        row.rating,
                        stamp(row.reviewed_at),
                        row.duration_ms,
                        log_json(row.before),
                        log_json(row.after),
                        0,
                        SOURCE_ANKI,
                        row.anki_revlog_id,
                    ],
                )
                added += cursor.rowcount
            for state in states.values():
                values = state_row(state)
                columns = ", ".join(values)
                self._conn.execute(
                    f"INSERT OR REPLACE INTO card_state ({columns}) VALUES ({', '.join('?' * len(values))})",
                    list(values.values()),
                )
        return added

    def answers_by_source(self, since: datetime | None, deck_prefix: str | None) -> dict[str, int]:
        """Answers (not undone) per source, since ``since`` or all time, in a deck and its sub-decks or all."""
        from .cards import deck_filter

        if since is None and not deck_prefix:  # kept by triggers (schema v6): no count over every answer
            rows = self._all("SELECT source, answers FROM review_counts WHERE answers > 0 ORDER BY source")
            return {str(name): cast(int, count) for name, count in rows}
        where, params = deck_filter(deck_prefix)
        source = DECK_REVIEWS if deck_prefix else "reviews r"
        if since is not None:
            where += " AND r.reviewed_at >= ?"
            params.append(stamp(since))
        rows = self._all(f"SELECT r.source, count(*) FROM {source} WHERE r.undone = 0{where} GROUP BY r.source", params)
        return {str(name): cast(int, count) for name, count in rows}
