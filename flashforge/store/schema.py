"""The deck's schema: the tables, and the migrations that bring an older file up to date.

The version lives in ``PRAGMA user_version``; :data:`MIGRATIONS` is append
only, entry ``i`` moving a deck from version ``i`` to ``i + 1`` inside the
opening transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

V1 = """
CREATE TABLE sources (
    path TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    read_at TEXT NOT NULL,
    card_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE cards (
    id TEXT PRIMARY KEY,
    note_id TEXT NOT NULL,
    ord INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL,
    deck TEXT NOT NULL,
    key TEXT NOT NULL,
    front TEXT NOT NULL,
    back TEXT NOT NULL,
    context TEXT NOT NULL,      -- JSON list: the heading path
    title TEXT NOT NULL,
    group_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    source_path TEXT NOT NULL,
    source_line INTEGER NOT NULL,
    tags TEXT NOT NULL,         -- JSON list
    payload TEXT NOT NULL,      -- JSON object, kind-specific (see payloads.py)
    content_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    orphaned_at TEXT
);
CREATE INDEX cards_source ON cards(source_path, position);
CREATE INDEX cards_deck ON cards(deck);
CREATE INDEX cards_note ON cards(note_id);
CREATE TABLE card_state (
    card_id TEXT PRIMARY KEY REFERENCES cards(id),
    state TEXT NOT NULL DEFAULT 'new',   -- new | learning | review | relearning
    step INTEGER,
    stability REAL,
    difficulty REAL,
    due TEXT,
    last_review TEXT,
    reps INTEGER NOT NULL DEFAULT 0,
    lapses INTEGER NOT NULL DEFAULT 0,
    suspended INTEGER NOT NULL DEFAULT 0,
    buried_until TEXT,
    leech INTEGER NOT NULL DEFAULT 0,
    fsrs TEXT                   -- JSON: the scheduler's own card (fsrs.Card.to_dict())
);
CREATE INDEX card_state_due ON card_state(due);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    card_id TEXT NOT NULL,
    rating INTEGER NOT NULL,
    reviewed_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL DEFAULT 0,
    state_before TEXT,          -- JSON of the card_state row before
    state_after TEXT,           -- JSON of the card_state row after
    undone INTEGER NOT NULL DEFAULT 0  -- 1 when the learner pressed undo on this answer
);
CREATE INDEX reviews_card ON reviews(card_id, reviewed_at);
CREATE INDEX reviews_time ON reviews(reviewed_at);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def _statements(script: str) -> list[str]:
    """The statements of a DDL script (none of ours holds a ';' inside a literal)."""
    return [statement.strip() for statement in script.split(";") if statement.strip()]


def _create_v1(conn: sqlite3.Connection) -> None:
    # executescript would COMMIT the surrounding transaction: run statement by statement.
    for statement in _statements(V1):
        conn.execute(statement)


def _add_file_stamps(conn: sqlite3.Connection) -> None:
    # What the last build saw of each file's stat (NULL: hash the file next time).
    for column in ("size", "mtime_ns", "ctime_ns"):
        conn.execute(f"ALTER TABLE sources ADD COLUMN {column} INTEGER")


# Times that versions 1 and 2 wrote in the zone of the clock that wrote them; all others were UTC already.
_ZONED_TIMES = (("cards", "id", ("created_at", "changed_at", "orphaned_at")), ("sources", "path", ("read_at",)))


def _as_utc(text: str) -> str | None:
    """``text`` as a UTC ISO 8601 time, or None when it is not a time at all (left as it is)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def _utc_times_v3(conn: sqlite3.Connection) -> None:
    """Every stored time in UTC: card and source times move from the writer's zone to UTC (same instant)."""
    for table, key, columns in _ZONED_TIMES:
        for column in columns:
            rows = conn.execute(
                f"SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL AND {column} NOT LIKE '%+00:00'"
            ).fetchall()
            updates = [(utc, row_key) for row_key, text in rows if (utc := _as_utc(str(text))) is not None]
            conn.executemany(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", updates)


def _add_review_sources(conn: sqlite3.Connection) -> None:
    """v4: where each answer came from (``terminal`` or ``anki``) and a pulled answer's Anki revlog id."""
    conn.execute("ALTER TABLE reviews ADD COLUMN source TEXT NOT NULL DEFAULT 'terminal'")
    conn.execute("ALTER TABLE reviews ADD COLUMN anki_revlog_id INTEGER")
    conn.execute("CREATE UNIQUE INDEX reviews_anki ON reviews(anki_revlog_id) WHERE anki_revlog_id IS NOT NULL")


# The state a logged answer found its card in, as SQL reads it from state_before (NULL when not JSON).
BEFORE_STATE_SQL = "CASE WHEN json_valid({0}) THEN json_extract({0}, '$.state') END"

# v5: what review and stats read, each answered from an index alone (none of them scans a table).
_READ_INDEXES = """
CREATE INDEX reviews_day ON reviews(undone, reviewed_at, source, rating, before_state);
CREATE INDEX reviews_source ON reviews(undone, source);
CREATE INDEX cards_live ON cards(source_path, position, ord, id, deck, orphaned_at) WHERE orphaned_at IS NULL;
CREATE INDEX cards_orphans ON cards(id, orphaned_at) WHERE orphaned_at IS NOT NULL;
CREATE INDEX card_state_queue ON card_state(state, due, suspended, buried_until, lapses, leech, card_id);
CREATE INDEX card_state_new ON card_state(card_id, state, suspended, buried_until)
"""


def _add_read_indexes(conn: sqlite3.Connection) -> None:
    """v5: ``reviews.before_state`` (the card's state before the answer, so counts need no JSON) and indexes.

    Partial indexes carry ``orphaned_at`` so that SQLite can answer from them alone; the planner
    has no statistics (decks are never analysed), so the store's queries are written to pick them.
    """
    # Statistics only an older benchmark wrote (flashforge never analyses a deck): stale, they mislead.
    conn.execute("DROP TABLE IF EXISTS sqlite_stat1")
    conn.execute("ALTER TABLE reviews ADD COLUMN before_state TEXT")
    conn.execute(f"UPDATE reviews SET before_state = {BEFORE_STATE_SQL.format('state_before')}")
    for statement in _statements(_READ_INDEXES):
        conn.execute(statement)


# v6: answers (not undone) per source, kept by triggers, so that the all-time count reads one row per source.
_REVIEW_COUNTS = (
    "CREATE TABLE review_counts (source TEXT PRIMARY KEY, answers INTEGER NOT NULL)",
    "INSERT INTO review_counts (source, answers) SELECT source, count(*) FROM reviews WHERE undone = 0 GROUP BY source",
    "CREATE TRIGGER review_counts_insert AFTER INSERT ON reviews WHEN new.undone = 0 BEGIN "
    "INSERT INTO review_counts (source, answers) VALUES (new.source, 1) "
    "ON CONFLICT (source) DO UPDATE SET answers = answers + 1; END",
    "CREATE TRIGGER review_counts_delete AFTER DELETE ON reviews WHEN old.undone = 0 BEGIN "
    "UPDATE review_counts SET answers = answers - 1 WHERE source = old.source; END",
    "CREATE TRIGGER review_counts_update AFTER UPDATE OF undone, source ON reviews BEGIN "
    "UPDATE review_counts SET answers = answers - 1 WHERE source = old.source AND old.undone = 0; "
    "INSERT INTO review_counts (source, answers) SELECT new.source, 1 WHERE new.undone = 0 "
    "ON CONFLICT (source) DO UPDATE SET answers = answers + 1; END",
)


def _add_review_counts(conn: sqlite3.Connection) -> None:
    """v6: ``review_counts``, answers not undone per source, filled now and kept by triggers on ``reviews``."""
    for statement in _REVIEW_COUNTS:
        conn.execute(statement)


# v7: which live cards have been studied, kept by triggers on card_state, so that today's new cards are read
# from an index of the unstudied ones instead of walking past every studied card in note order (a 100,000-card
# deck with 30,000 studied spent ~100 ms there before its first card). The queue still checks each card's
# state: the flag only decides where the walk starts, it never hides a new card.
_STUDIED = (
    "ALTER TABLE cards ADD COLUMN studied INTEGER NOT NULL DEFAULT 0",
    "UPDATE cards SET studied = 1 WHERE id IN (SELECT card_id FROM card_state WHERE state != 'new')",
    "CREATE INDEX cards_unstudied ON cards(source_path, position, ord, id, deck) "
    "WHERE orphaned_at IS NULL AND studied = 0",
    "CREATE TRIGGER cards_studied_insert AFTER INSERT ON card_state BEGIN "
    "UPDATE cards SET studied = (new.state != 'new') WHERE id = new.card_id; END",
    "CREATE TRIGGER cards_studied_update AFTER UPDATE OF state, card_id ON card_state BEGIN "
    "UPDATE cards SET studied = 0 WHERE id = old.card_id; "
    "UPDATE cards SET studied = (new.state != 'new') WHERE id = new.card_id; END",
    "CREATE TRIGGER cards_studied_delete AFTER DELETE ON card_state BEGIN "
    "UPDATE cards SET studied = 0 WHERE id = old.card_id; END",
)


def _add_studied(conn: sqlite3.Connection) -> None:
    """v7: ``cards.studied``, filled now and kept by triggers on ``card_state``, and its partial index."""
    for statement in _STUDIED:
        conn.execute(statement)


# Append only: each entry moves the schema from version i to i + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _create_v1,
    _add_file_stamps,
    _utc_times_v3,
    _add_review_sources,
    _add_read_indexes,
    _add_review_counts,
    _add_studied,
]
SCHEMA_VERSION = len(MIGRATIONS)
