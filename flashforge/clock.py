"""Time in one place: the real clock (read only at the edge, the CLI; the core takes ``now``),
how times are stored (UTC ISO 8601) and read back, review days, and intervals as people read them."""

from __future__ import annotations

import math
import os
from datetime import UTC, datetime, timedelta

from .errors import FlashforgeError


class ClockError(FlashforgeError):
    """FLASHFORGE_NOW is set but is not a time."""


def now() -> datetime:
    """The current time, or ``FLASHFORGE_NOW`` (ISO 8601) when set, always timezone-aware."""
    pinned = os.environ.get("FLASHFORGE_NOW")
    if pinned:
        try:
            moment = datetime.fromisoformat(pinned)
        except ValueError as error:
            raise ClockError(
                f"FLASHFORGE_NOW={pinned!r} is not an ISO 8601 time; use e.g. 2026-12-01T08:00:00+00:00"
            ) from error
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.now(UTC)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def stamp(moment: datetime) -> str:
    """How times that queries compare are stored: UTC ISO 8601 with microseconds, so strings sort as times."""
    return _utc(moment).isoformat(timespec="microseconds")


def utc_text(moment: datetime) -> str:
    """How the deck records when something happened to a card or file: UTC ISO 8601."""
    return _utc(moment).isoformat()


def parse_time(text: str | None) -> datetime | None:
    """A stored ISO 8601 time (None stays None); naive times are taken as UTC."""
    if text is None:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def format_interval(interval: timedelta) -> str:
    """Short and rounded like Anki's buttons: 1m, 10m, 3h, 4d, 2.5mo, 1.2y."""
    seconds = max(interval.total_seconds(), 0.0)
    minutes = seconds / 60
    if minutes < 59.5:
        return f"{max(1, round(minutes))}m"
    hours = minutes / 60
    if hours < 23.5:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        months = days / 30.4
        return f"{months:.1f}mo".replace(".0mo", "mo")
    years = days / 365.25
    return f"{years:.1f}y".replace(".0y", "y")


def day_start(now: datetime, start_hour: int) -> datetime:
    """When the review day containing ``now`` began, in ``now``'s own time zone.

    Pass ``now`` in the learner's local zone; the day turns over at
    ``start_hour`` local time, not at midnight.
    """
    hour = min(max(start_hour, 0), 23)
    start = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    if now < start:
        start -= timedelta(days=1)
    return start


def day_end(now: datetime, start_hour: int) -> datetime:
    """When the review day containing ``now`` ends (the next day's start)."""
    return day_start(now, start_hour) + timedelta(days=1)


def days_until(moment: datetime, now: datetime, start_hour: int) -> int:
    """How many review days from today ``moment`` falls on (0 = today, negative = overdue)."""
    local = moment.astimezone(now.tzinfo)
    return math.floor((day_start(local, start_hour) - day_start(now, start_hour)).total_seconds() / 86400 + 0.5)
