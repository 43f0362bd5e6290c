"""`flashforge stats`: what is due, what state cards are in, how reviews went.

Retention is the share of answers to cards in the review state (due by
interval, not still learning) that were not Again, as Anki's "true
retention" counts it. Orphaned cards are left out; leeches are cards that
lapsed 8 or more times (tagged and suspended by the review).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..deck import Deck
from ..schedule import day_start, stamp
from .store import deck_filter


@dataclass(frozen=True)
class Window:
    days: int
    reviews: int
    review_state_reviews: int
    retention: float | None  # None when no card in the review state was answered


@dataclass(frozen=True)
class Leech:
    id: str
    front: str
    lapses: int
    suspended: bool
    source: str


@dataclass
class StatsReport:
    cards: int = 0
    due_today: int = 0
    due_tomorrow: int = 0
    due_this_week: int = 0
    new: int = 0
    learning: int = 0
    review: int = 0
    suspended: int = 0
    reviews_today: int = 0
    last_7_days: Window = field(default_factory=lambda: Window(7, 0, 0, None))
    last_30_days: Window = field(default_factory=lambda: Window(30, 0, 0, None))
    leeches: list[Leech] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# Whether a logged answer was given to a card in the review state.
_WAS_REVIEW = "json_extract(r.state_before, '$.state') = 'review'"


def _reviews_join(deck_prefix: str | None) -> tuple[str, str, list[Any]]:
    """FROM/WHERE pieces for the review log; cards are joined only to filter by deck (joining is the slow part)."""
    if not deck_prefix:
        return "FROM reviews r", "", []
    where, params = deck_filter(deck_prefix)
    return "FROM reviews r JOIN cards c ON c.id = r.card_id", where, params


def _window(deck: Deck, since: datetime, days: int, deck_prefix: str | None) -> Window:
    source, where, params = _reviews_join(deck_prefix)
    row = deck.db.execute(
        f"SELECT count(*), coalesce(sum({_WAS_REVIEW}), 0), coalesce(sum({_WAS_REVIEW} AND r.rating > 1), 0) "
        f"{source} WHERE r.reviewed_at >= ? AND r.undone = 0{where}",
        [stamp(since), *params],
    ).fetchone()
    total, in_review, recalled = int(row[0]), int(row[1]), int(row[2])
    return Window(days, total, in_review, round(recalled / in_review, 4) if in_review else None)


def collect(deck: Deck, now: datetime, day_starts_at: int, deck_prefix: str | None = None) -> StatsReport:
    """Gather the report; ``now`` is in the learner's local zone (review days start at ``day_starts_at``).

    Reviews of cards orphaned since are still counted: they were real answers.
    """
    where, params = deck_filter(deck_prefix)
    report = StatsReport()
    start = day_start(now, day_starts_at)
    ends = [stamp(start + timedelta(days=n)) for n in (1, 2, 7)]
    report.cards = int(
        deck.db.execute(f"SELECT count(*) FROM cards c WHERE c.orphaned_at IS NULL{where}", params).fetchone()[0]
    )
    if deck_prefix:
        states = f"FROM card_state s JOIN cards c ON c.id = s.card_id WHERE c.orphaned_at IS NULL{where}"
    else:  # no join: the orphans are few, a NOT IN over them is far cheaper than a join over every card
        states = "FROM card_state s WHERE s.card_id NOT IN (SELECT id FROM cards WHERE orphaned_at IS NOT NULL)"
    row = deck.db.execute(
        "SELECT "
        "coalesce(sum(s.suspended = 1), 0), "
        "coalesce(sum(s.suspended = 0 AND s.state IN ('learning', 'relearning')), 0), "
        "coalesce(sum(s.suspended = 0 AND s.state = 'review'), 0), "
        "coalesce(sum(s.suspended = 0 AND s.state != 'new' AND s.due < ?), 0), "
        "coalesce(sum(s.suspended = 0 AND s.state != 'new' AND s.due >= ? AND s.due < ?), 0), "
        f"coalesce(sum(s.suspended = 0 AND s.state != 'new' AND s.due < ?), 0) {states}",
        [ends[0], ends[0], ends[1], ends[2], *params],
    ).fetchone()
    report.suspended, report.learning, report.review = int(row[0]), int(row[1]), int(row[2])
    report.due_today, report.due_tomorrow, report.due_this_week = int(row[3]), int(row[4]), int(row[5])
    report.new = report.cards - report.suspended - report.learning - report.review
    source, review_where, review_params = _reviews_join(deck_prefix)
    report.reviews_today = int(
        deck.db.execute(
            f"SELECT count(*) {source} WHERE r.reviewed_at >= ? AND r.undone = 0{review_where}",
            [stamp(start), *review_params],
        ).fetchone()[0]
    )
    report.last_7_days = _window(deck, start - timedelta(days=6), 7, deck_prefix)
    report.last_30_days = _window(deck, start - timedelta(days=29), 30, deck_prefix)
    report.leeches = [
        Leech(row[0], row[1], int(row[2]), bool(row[3]), f"{row[4]}:{row[5]}")
        for row in deck.db.execute(
            "SELECT c.id, c.front, s.lapses, s.suspended, c.source_path, c.source_line "
            "FROM card_state s JOIN cards c ON c.id = s.card_id "
            f"WHERE (s.leech = 1 OR s.lapses >= 8) AND c.orphaned_at IS NULL{where} ORDER BY s.lapses DESC, c.id",
            params,
        ).fetchall()
    ]
    return report


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def render(report: StatsReport) -> RenderableType:
    due = Table(title="Due", title_justify="left", show_header=False, box=None, padding=(0, 2))
    due.add_row("today", str(report.due_today))
    due.add_row("tomorrow", str(report.due_tomorrow))
    due.add_row("this week", str(report.due_this_week))
    cards = Table(title="Cards", title_justify="left", show_header=False, box=None, padding=(0, 2))
    for label, value in (
        ("new", report.new),
        ("learning", report.learning),
        ("review", report.review),
        ("suspended", report.suspended),
        ("total", report.cards),
    ):
        cards.add_row(label, str(value))
    history = Table(title="Reviews", title_justify="left", box=None, padding=(0, 2))
    history.add_column("")
    history.add_column("reviews", justify="right")
    history.add_column("retention", justify="right")
    history.add_row("today", str(report.reviews_today), "")
    for window in (report.last_7_days, report.last_30_days):
        history.add_row(f"last {window.days} days", str(window.reviews), _percent(window.retention))
    parts: list[RenderableType] = [due, Text(), cards, Text(), history]
    if report.leeches:
        leeches = Table(title="Leeches (8+ lapses)", title_justify="left", box=None, padding=(0, 2))
        leeches.add_column("lapses", justify="right")
        leeches.add_column("card")
        leeches.add_column("source")
        for leech in report.leeches:
            leeches.add_row(str(leech.lapses), leech.front + ("" if leech.suspended else " (active)"), leech.source)
        parts += [Text(), leeches]
    return Group(*parts)
