"""A look into a deck that writes nothing and loads nothing else of the store: what a no-change build needs.

:func:`glance` answers only for a deck that :meth:`Deck.open <flashforge.store.base.Connection.open>` would
leave exactly as it is: a flashforge deck (its application id) of this schema version, already in WAL mode.
For any other file, or any SQLite error, it answers ``None`` and the caller opens the deck the full way,
which brings it up to date or says what is wrong with it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .guard import APPLICATION_ID
from .schema import SCHEMA_VERSION

# Cards that are not orphaned. count(*) of a whole table is read from its b-tree pages' cell counts, while a
# count with a WHERE steps through every row of an index: the orphans are few (their partial index).
LIVE_CARD_COUNT = "SELECT (SELECT count(*) FROM cards) - (SELECT count(*) FROM cards WHERE orphaned_at IS NOT NULL)"
SOURCE_STAMPS = "SELECT path, size, mtime_ns, ctime_ns FROM sources"
BUSY_TIMEOUT_MS = 10_000


class Glance:
    """What the deck knows of the notes files, and how many cards it holds."""

    def __init__(self, stamps: dict[str, tuple[object, ...]], live_cards: int) -> None:
        self.stamps = stamps  # path -> (size, mtime_ns, ctime_ns) recorded at the last build, NULL as None
        self.live_cards = live_cards  # cards that are not orphaned


def glance(path: Path) -> Glance | None:
    """The notes files' stamps and the live card count of the deck at ``path``, or None (see the module)."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        return _read(conn)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _read(conn: sqlite3.Connection) -> Glance | None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    (application_id,) = conn.execute("PRAGMA application_id").fetchone()
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    (journal,) = conn.execute("PRAGMA journal_mode").fetchone()
    if (application_id, version, str(journal).lower()) != (APPLICATION_ID, SCHEMA_VERSION, "wal"):
        return None
    stamps = {str(row[0]): tuple(row[1:]) for row in conn.execute(SOURCE_STAMPS)}
    (live,) = conn.execute(LIVE_CARD_COUNT).fetchone()
    return Glance(stamps, int(live))
