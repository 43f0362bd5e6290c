"""The counting queries behind `flashforge stats` (the report itself is in review/stats.py).

Orphaned cards are left out of card counts; answers given to cards that were
orphaned since still count: they were real answers.
"""

from __future__ import annotations

from datetime import datetime

from ..clock import stamp
from ..record import Record
from .cards import deck_filter
from .reviews import DECK_REVIEWS, ReviewStore, live_states

# Whether a logged answer was given to a card in the review state.
_WAS_REVIEW = "r.before_state = 'review'"


class StateCounts(Record):
    """Cards by state (suspended ones only as suspended), and how many fall due before three moments."""

    cards: int
    suspended: int
    learning: int
    review: int
    due_before: tuple[int, int, int]  # before the 1st moment, between the 1st and 2nd, before the 3rd


class AnswerCounts(Record):
    answers: int
    to_review_cards: int  # answers to cards in the review state
    recalled: int  # of those, not Again


class LeechRow(Record):
    id: str
    front: str
    lapses: int
    suspended: bool
    source: str


def _reviews_join(deck_prefix: str | None) -> tuple[str, str, list[object]]:
    """FROM/WHERE pieces for the review log; cards are joined only to filter by deck (joining is the slow part)."""
    if not deck_prefix:
        return "FROM reviews r", "", []
    where, params = deck_filter(deck_prefix)
    return f"FROM {DECK_REVIEWS}", where, params


def _int(value: object) -> int:
    return int(value) if isinstance(value, int | float) else 0


class StatsStore(ReviewStore):
    def state_counts(self, deck_prefix: str | None, moments: tuple[datetime, datetime, datetime]) -> StateCounts:
        where, params = deck_filter(deck_prefix)
        cards = self._count(f"SELECT count(*) FROM cards c WHERE c.orphaned_at IS NULL{where}", params)
        states = live_states(deck_prefix, where)
        first, second, third = (stamp(moment) for moment in moments)
        row = self._one(
            "SELECT "
            "coalesce(sum(s.suspended = 1), 0), "
            "coalesce(sum(s.suspended = 0 AND s.state IN ('learning', 'relearning')), 0), "
            "coalesce(sum(s.suspended = 0 AND s.state = 'review'), 0), "
            "coalesce(sum(s.suspended = 0 AND s.state != 'new' AND s.due < ?), 0), "
            "coalesce(sum(s.suspended = 0 AND s.state != 'new' AND s.due >= ? AND s.due < ?), 0), "
            f"coalesce(sum(s.suspended = 0 AND s.state != 'new' AND s.due < ?), 0) {states}",
            [first, first, second, third, *params],
        )
        values = [_int(value) for value in row] if row else [0] * 6
        return StateCounts(cards, values[0], values[1], values[2], (values[3], values[4], values[5]))

    def answers_since(self, since: datetime, deck_prefix: str | None) -> AnswerCounts:
        """Answers (not undone) since ``since``: all, those to cards in review, and those recalled."""
        source, where, params = _reviews_join(deck_prefix)
        row = self._one(
            f"SELECT count(*), coalesce(sum({_WAS_REVIEW}), 0), coalesce(sum({_WAS_REVIEW} AND r.rating > 1), 0) "
            f"{source} WHERE r.reviewed_at >= ? AND r.undone = 0{where}",
            [stamp(since), *params],
        )
        values = [_int(value) for value in row] if row else [0, 0, 0]
        return AnswerCounts(values[0], values[1], values[2])

    def leeches(self, deck_prefix: str | None, threshold: int) -> list[LeechRow]:
        """Cards tagged as leeches or with ``threshold`` lapses or more, most lapses first."""
        where, params = deck_filter(deck_prefix)
        return [
            LeechRow(str(row[0]), str(row[1]), _int(row[2]), bool(row[3]), f"{row[4]}:{row[5]}")
            for row in self._all(
                "SELECT c.id, c.front, s.lapses, s.suspended, c.source_path, c.source_line "
                "FROM card_state s CROSS JOIN cards c ON c.id = s.card_id "
                f"WHERE (s.leech = 1 OR s.lapses >= ?) AND c.orphaned_at IS NULL{where} ORDER BY s.lapses DESC, c.id",
                [threshold, *params],
            )
        ]
