"""A collection copy → :class:`~.revlog.AnkiLog` (Anki's tables, read only).

Only the cards of flashforge's notes and their revlog rows are read into
Python; everyone else's answers are counted by SQLite (a collection can hold
millions of them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection

from .errors import AnkiFileError
from .revlog import ANSWER_SQL, AnkiCard, AnkiLog, AnkiReview

_OURS = "SELECT c.id FROM cards c JOIN notes n ON n.id = c.nid WHERE n.guid IN (SELECT guid FROM temp.ff_guids)"


def read_log(conn: sqlite3.Connection, name: str, guids: Collection[str]) -> AnkiLog:
    """The cards of the notes whose GUID is in ``guids``, their revlog rows, and counts of the rest.

    ``conn`` may be read-only: the GUIDs go into a temporary table. ``name`` is for messages.
    """
    try:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS ff_guids (guid TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM temp.ff_guids")
        conn.executemany("INSERT OR IGNORE INTO temp.ff_guids VALUES (?)", ((guid,) for guid in guids))
        cards = {
            int(card_id): AnkiCard(str(guid), int(ord_))
            for card_id, guid, ord_ in conn.execute(
                "SELECT c.id, n.guid, c.ord FROM cards c JOIN notes n ON n.id = c.nid "
                "WHERE n.guid IN (SELECT guid FROM temp.ff_guids)"
            )
        }
        reviews = [
            AnkiReview(int(rid), int(cid), int(ease or 0), int(kind or 0), int(factor or 0), int(taken or 0))
            for rid, cid, ease, kind, factor, taken in conn.execute(
                f"SELECT id, cid, ease, type, factor, time FROM revlog WHERE cid IN ({_OURS}) ORDER BY id"
            )
        ]
        rows, foreign = conn.execute(
            f"SELECT count(*), coalesce(sum(({ANSWER_SQL}) AND cid NOT IN ({_OURS})), 0) FROM revlog"
        ).fetchone()
        scheduled = conn.execute("SELECT count(*) FROM cards WHERE queue != 0").fetchone()[0]
    except (sqlite3.DatabaseError, TypeError, ValueError) as error:
        raise AnkiFileError(f"{name}: unreadable Anki tables ({error}); nothing changed") from error
    return AnkiLog(cards, reviews, int(scheduled), revlog_rows=int(rows), foreign_answers=int(foreign))
