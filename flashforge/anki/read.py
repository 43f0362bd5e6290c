"""A collection copy → :class:`~.revlog.AnkiLog` (Anki's tables, read only)."""

from __future__ import annotations

import sqlite3

from .errors import AnkiFileError
from .revlog import AnkiCard, AnkiLog, AnkiReview


def read_log(conn: sqlite3.Connection, name: str) -> AnkiLog:
    """Every card with its note's GUID and ordinal, and every revlog row; ``name`` is for messages."""
    try:
        cards = {
            int(card_id): AnkiCard(str(guid), int(ord_))
            for card_id, guid, ord_ in conn.execute(
                "SELECT c.id, n.guid, c.ord FROM cards c JOIN notes n ON n.id = c.nid"
            )
        }
        reviews = [
            AnkiReview(int(rid), int(cid), int(ease or 0), int(kind or 0), int(factor or 0), int(taken or 0))
            for rid, cid, ease, kind, factor, taken in conn.execute(
                "SELECT id, cid, ease, type, factor, time FROM revlog ORDER BY id"
            )
        ]
        scheduled = int(conn.execute("SELECT count(*) FROM cards WHERE queue != 0").fetchone()[0])
    except (sqlite3.DatabaseError, TypeError, ValueError) as error:
        raise AnkiFileError(f"{name}: unreadable Anki tables ({error}); nothing changed") from error
    return AnkiLog(cards, reviews, scheduled)
