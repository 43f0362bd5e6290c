"""The real clock, read only at the edge (the CLI). The core takes ``now``."""

from __future__ import annotations

import os
from datetime import UTC, datetime


class ClockError(ValueError):
    pass


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
