"""`flashforge stats`: what is due, what state cards are in, how reviews went.

Retention is the share of answers to cards in the review state (due by
interval, not still learning) that were not Again, as Anki's "true
retention" counts it. Orphaned cards are left out; leeches are cards that
lapsed 8 or more times (tagged and suspended by the review).
"""

from __future__ import annotations

from dataclasses import field, fields, is_dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.text import Text

from ..card_state import LEECH_THRESHOLD
from ..clock import day_start
from ..record import Record
from ..store import Deck
from ..store.stats import LeechRow as Leech

if TYPE_CHECKING:
    from rich.table import Table  # imported by the text rendering only: `stats --format json` needs none


class Window(Record):
    days: int
    reviews: int
    review_state_reviews: int
    retention: float | None  # None when no card in the review state was answered


class StatsReport(Record, frozen=False):
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
    # Where the answers came from (terminal review, pulled from Anki): last 30 days and all time.
    sources_30_days: dict[str, int] = field(default_factory=dict)
    sources_all_time: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """As ``dataclasses.asdict`` gives it, without its deep copy of every leech (a big deck has hundreds)."""
        return {item.name: _plain(getattr(self, item.name)) for item in fields(self)}


def _plain(value: object) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        return {item.name: _plain(getattr(value, item.name)) for item in fields(value)}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _window(deck: Deck, since: datetime, days: int, deck_prefix: str | None) -> Window:
    counts = deck.answers_since(since, deck_prefix)
    in_review, recalled = counts.to_review_cards, counts.recalled
    return Window(days, counts.answers, in_review, round(recalled / in_review, 4) if in_review else None)


def collect(deck: Deck, now: datetime, day_starts_at: int, deck_prefix: str | None = None) -> StatsReport:
    """Gather the report; ``now`` is in the learner's local zone (review days start at ``day_starts_at``).

    Reviews of cards orphaned since are still counted: they were real answers.
    """
    report = StatsReport()
    start = day_start(now, day_starts_at)
    counts = deck.state_counts(
        deck_prefix, (start + timedelta(days=1), start + timedelta(days=2), start + timedelta(days=7))
    )
    report.cards = counts.cards
    report.suspended, report.learning, report.review = counts.suspended, counts.learning, counts.review
    report.due_today, report.due_tomorrow, report.due_this_week = counts.due_before
    report.new = report.cards - report.suspended - report.learning - report.review
    report.reviews_today = deck.answers_since(start, deck_prefix).answers
    report.last_7_days = _window(deck, start - timedelta(days=6), 7, deck_prefix)
    report.last_30_days = _window(deck, start - timedelta(days=29), 30, deck_prefix)
    report.sources_30_days = deck.answers_by_source(start - timedelta(days=29), deck_prefix)
    report.sources_all_time = deck.answers_by_source(None, deck_prefix)
    report.leeches = deck.leeches(deck_prefix, LEECH_THRESHOLD)
    return report


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


_SOURCE_LABELS = {"terminal": "terminal", "anki": "Anki"}


def _sources(report: StatsReport) -> Table:
    """Reviews by where they were answered; retention above counts them all."""
    from rich.table import Table

    table = Table(title="Answered in", title_justify="left", box=None, padding=(0, 2))
    table.add_column("")
    table.add_column("last 30 days", justify="right")
    table.add_column("all time", justify="right")
    for source in sorted(report.sources_all_time, key=lambda name: (name != "terminal", name)):
        label = _SOURCE_LABELS.get(source, source)
        table.add_row(label, str(report.sources_30_days.get(source, 0)), str(report.sources_all_time[source]))
    return table


def render(report: StatsReport) -> RenderableType:
    from rich.table import Table

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
    if report.sources_all_time:
        parts += [Text(), _sources(report)]
    if report.leeches:
        leeches = Table(title="Leeches (8+ lapses)", title_justify="left", box=None, padding=(0, 2))
        leeches.add_column("lapses", justify="right")
        leeches.add_column("card")
        leeches.add_column("source")
        for leech in report.leeches:
            leeches.add_row(str(leech.lapses), leech.front + ("" if leech.suspended else " (active)"), leech.source)
        parts += [Text(), leeches]
    return Group(*parts)
