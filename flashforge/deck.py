"""The deck model: ``cards/deck.db``, a SQLite database owned by this module.

Tables (schema versioned by ``PRAGMA user_version`` and the MIGRATIONS list):

- ``sources``: one row per notes file (path relative to the notes folder,
  content hash, when it was read).
- ``cards``: one row per card; ``orphaned_at`` is set instead of deleting a
  card whose source went away, so its review history survives.
- ``card_state``: the scheduler's state per card (owned by the review loop).
- ``reviews``: the append-only review log.

All times are ISO 8601 strings in UTC. The database runs in WAL mode with a
busy timeout so that a build and a review can run at the same time.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import sqlite_utils

from .model import Card, Kind
from .store.payloads import decode_payload, encode_payload


class DeckError(Exception):
    """The deck database cannot be used; the message says what to do."""


def iso(moment: datetime) -> str:
    return moment.isoformat()


def _create_v1(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE sources (
            path TEXT PRIMARY KEY,
            hash TEXT NOT NULL,
            read_at TEXT NOT NULL,
            card_count INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        """
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
            payload TEXT NOT NULL,      -- JSON object, kind-specific
            content_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            orphaned_at TEXT
        )"""
    )
    db.execute("CREATE INDEX cards_source ON cards(source_path, position)")
    db.execute("CREATE INDEX cards_deck ON cards(deck)")
    db.execute("CREATE INDEX cards_note ON cards(note_id)")
    db.execute(
        """
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
        )"""
    )
    db.execute("CREATE INDEX card_state_due ON card_state(due)")
    db.execute(
        """
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            card_id TEXT NOT NULL,
            rating INTEGER NOT NULL,
            reviewed_at TEXT NOT NULL,
            duration_ms INTEGER NOT NULL DEFAULT 0,
            state_before TEXT,          -- JSON of the card_state row before
            state_after TEXT,           -- JSON of the card_state row after
            undone INTEGER NOT NULL DEFAULT 0  -- 1 when the learner pressed undo on this answer
        )"""
    )
    db.execute("CREATE INDEX reviews_card ON reviews(card_id, reviewed_at)")
    db.execute("CREATE INDEX reviews_time ON reviews(reviewed_at)")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


# Append only: each entry moves the schema from version i to i + 1.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_create_v1]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class StoredCard:
    """A card as read back from the deck, with its life-cycle times."""

    card: Card
    content_hash: str
    created_at: str
    changed_at: str
    orphaned_at: str | None = None


@dataclass
class FileChange:
    """What applying one file's cards did to the deck."""

    new: list[Card] = field(default_factory=list)
    updated: list[Card] = field(default_factory=list)
    unchanged: list[Card] = field(default_factory=list)
    restored: list[Card] = field(default_factory=list)
    orphaned: list[StoredCard] = field(default_factory=list)


# One encoder for the process: json.dumps with options builds a new one per call.
_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def _content_hash(card: Card, context: str, tags: str, payload: str) -> str:
    """Hash of everything a learner sees of a card (not its identity)."""
    blob = "\x1f".join((card.front, card.back, card.deck, card.title, context, tags, payload))
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()


def _row(card: Card, created: str, changed: str) -> dict[str, Any]:
    context, tags = _dumps(list(card.context)), _dumps(list(card.tags))
    payload = _dumps(encode_payload(card.payload))
    return {
        "id": card.id,
        "note_id": card.note_id,
        "ord": card.ord,
        "kind": card.kind,
        "deck": card.deck,
        "key": card.key,
        "front": card.front,
        "back": card.back,
        "context": context,
        "title": card.title,
        "group_id": card.group_id,
        "position": card.position,
        "source_path": card.source_path,
        "source_line": card.source_line,
        "tags": tags,
        "payload": payload,
        "content_hash": _content_hash(card, context, tags, payload),
        "created_at": created,
        "changed_at": changed,
        "orphaned_at": None,
    }


def card_from_row(row: dict[str, Any]) -> StoredCard:
    kind = cast(Kind, row["kind"])
    card = Card(
        id=row["id"],
        note_id=row["note_id"],
        ord=row["ord"],
        kind=kind,
        deck=row["deck"],
        key=row["key"],
        front=row["front"],
        back=row["back"],
        context=tuple(json.loads(row["context"])),
        title=row["title"],
        group_id=row["group_id"],
        position=row["position"],
        source_path=row["source_path"],
        source_line=row["source_line"],
        tags=tuple(json.loads(row["tags"])),
        payload=decode_payload(kind, json.loads(row["payload"])),
    )
    return StoredCard(card, row["content_hash"], row["created_at"], row["changed_at"], row["orphaned_at"])


class Deck:
    """Access to ``deck.db``. Open with :meth:`Deck.open`."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None = None) -> None:
        self.db = db
        self.path = path

    # -- opening -----------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str) -> Deck:
        """Open (creating if needed) and migrate the deck at ``path``.

        Raises :class:`DeckError` with a one-line, actionable message when the
        file is not a usable SQLite database; the file is never modified then.
        """
        path = Path(path)
        if path.exists() and path.is_dir():
            raise DeckError(f"{path}: is a folder, not a deck database; pass a file path with --db")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DeckError(f"{path}: cannot create its folder ({error.strerror}); check the path") from error
        try:
            conn = sqlite3.connect(str(path), timeout=10, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 10000")
            deck = cls(sqlite_utils.Database(conn), path)
            deck._check_integrity()
            deck._prepare()
        except sqlite3.DatabaseError as error:
            raise DeckError(
                f"{path}: not a usable deck database ({error}); move it aside "
                f"(mv {path} {path}.broken) and run 'flashforge build' to make a new one"
            ) from error
        return deck

    @classmethod
    def memory(cls) -> Deck:
        deck = cls(sqlite_utils.Database(memory=True))
        deck._prepare()
        return deck

    def _check_integrity(self) -> None:
        # Reading the schema fails fast on a file that is not SQLite at all.
        self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()

    def _prepare(self) -> None:
        self.db.execute("PRAGMA foreign_keys = ON")
        if self.path is not None:
            mode = self.db.execute("PRAGMA journal_mode = WAL").fetchone()
            del mode
            self.db.execute("PRAGMA synchronous = NORMAL")
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise DeckError(
                f"{self.path}: made by a newer flashforge (schema {version} > {SCHEMA_VERSION}); upgrade flashforge"
            )
        for index in range(version, SCHEMA_VERSION):
            with self.transaction():
                MIGRATIONS[index](self.db)
                self.db.execute(f"PRAGMA user_version = {index + 1}")

    def close(self) -> None:
        self.db.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """An immediate write transaction: committed on success, rolled back on error.

        Nested use joins the outer transaction, so a caller can group several
        writes (a build groups files) into one commit.
        """
        conn = self.db.conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- sources -------------------------------------------------------------

    def source_hashes(self) -> dict[str, str]:
        return {row[0]: row[1] for row in self.db.execute("SELECT path, hash FROM sources")}

    # -- writing cards ---------------------------------------------------------

    def apply_file(self, source_path: str, digest: str, cards: Sequence[Card], now: datetime) -> FileChange:
        """Make the deck's cards for ``source_path`` equal ``cards``.

        Existing ids keep their row (and so their review state); changed
        content updates ``changed_at``; ids no longer produced are orphaned.
        Runs in one transaction.
        """
        stamp = iso(now)
        change = FileChange()
        unique: dict[str, Card] = {}
        for card in cards:
            unique.setdefault(card.id, card)  # the card builder de-duplicates; this guards the primary key
        with self.transaction():
            existing: dict[str, tuple[str, str, str, str | None, str]] = {}
            for row in self.db.execute(
                "SELECT id, content_hash, created_at, changed_at, orphaned_at, source_path FROM cards "
                "WHERE source_path = ?",
                [source_path],
            ):
                existing[row[0]] = (row[1], row[2], row[3], row[4], row[5])
            # A card may move here from another file's row only by sharing its id,
            # which needs the same path: look the rest up in one query per chunk.
            missing = [card_id for card_id in unique if card_id not in existing]
            for start in range(0, len(missing), 500):
                chunk = missing[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for row in self.db.execute(
                    f"SELECT id, content_hash, created_at, changed_at, orphaned_at, source_path FROM cards "
                    f"WHERE id IN ({marks})",
                    chunk,
                ):
                    existing[row[0]] = (row[1], row[2], row[3], row[4], row[5])
            rows = []
            for card in unique.values():
                row = _row(card, stamp, stamp)
                old = existing.get(card.id)
                if old is None:
                    rows.append(row)
                    change.new.append(card)
                    continue
                old_hash, created, changed_at, orphaned_at, _ = old
                changed = old_hash != row["content_hash"]
                if not changed and orphaned_at is None:
                    change.unchanged.append(card)
                    continue  # nothing to write
                row["created_at"], row["changed_at"] = created, stamp if changed else changed_at
                rows.append(row)
                if orphaned_at is not None:
                    change.restored.append(card)
                else:
                    change.updated.append(card)
            if rows:
                columns = list(rows[0])
                updates = ", ".join(f"{name} = excluded.{name}" for name in columns if name != "id")
                # An upsert, not INSERT OR REPLACE: replacing would delete the row
                # that card_state and reviews refer to.
                self.db.conn.executemany(
                    f"INSERT INTO cards ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
                    f"ON CONFLICT(id) DO UPDATE SET {updates}",
                    [tuple(row.values()) for row in rows],  # every row has _row's column order
                )
            gone = [
                card_id
                for card_id, old in existing.items()
                if card_id not in unique and old[3] is None and old[4] == source_path
            ]
            change.orphaned = self._orphan(gone, stamp)
            self.db.execute(
                "INSERT INTO sources (path, hash, read_at, card_count) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(path) DO UPDATE SET hash = excluded.hash, read_at = excluded.read_at, "
                "card_count = excluded.card_count",
                [source_path, digest, stamp, len(unique)],
            )
        return change

    def forget_source(self, source_path: str, now: datetime) -> list[StoredCard]:
        """The file is gone (or ignored): orphan its cards and drop its source row."""
        with self.transaction():
            ids = [
                row[0]
                for row in self.db.execute(
                    "SELECT id FROM cards WHERE source_path = ? AND orphaned_at IS NULL", [source_path]
                )
            ]
            orphaned = self._orphan(ids, iso(now))
            self.db.execute("DELETE FROM sources WHERE path = ?", [source_path])
        return orphaned

    def _orphan(self, ids: Iterable[str], stamp: str) -> list[StoredCard]:
        orphaned: list[StoredCard] = []
        for card_id in ids:
            self.db.execute("UPDATE cards SET orphaned_at = ? WHERE id = ?", [stamp, card_id])
            stored = self.get(card_id)
            if stored is not None:
                orphaned.append(stored)
        return orphaned

    def prune(self) -> int:
        """Delete orphaned cards with their state and review log. Returns how many."""
        with self.transaction():
            ids = [row[0] for row in self.db.execute("SELECT id FROM cards WHERE orphaned_at IS NOT NULL")]
            for card_id in ids:
                self.db.execute("DELETE FROM reviews WHERE card_id = ?", [card_id])
                self.db.execute("DELETE FROM card_state WHERE card_id = ?", [card_id])
                self.db.execute("DELETE FROM cards WHERE id = ?", [card_id])
        return len(ids)

    # -- reading cards -----------------------------------------------------------

    def get(self, card_id: str) -> StoredCard | None:
        rows = list(self.db.query("SELECT * FROM cards WHERE id = ?", [card_id]))
        return card_from_row(rows[0]) if rows else None

    def cards(
        self,
        deck_prefix: str | None = None,
        kind: str | None = None,
        include_orphans: bool = False,
    ) -> list[StoredCard]:
        """Cards in note order (file, then position in the file).

        ``deck_prefix`` matches a deck and its sub-decks (``A`` matches ``A``
        and ``A::B`` but not ``AB``).
        """
        where = [] if include_orphans else ["orphaned_at IS NULL"]
        params: list[Any] = []
        if deck_prefix:
            where.append("(deck = ? OR deck LIKE ? ESCAPE '\\')")
            escaped = deck_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params += [deck_prefix, escaped + "::%"]
        if kind:
            where.append("kind = ?")
            params.append(kind)
        sql = "SELECT * FROM cards"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY source_path, position, ord"
        return [card_from_row(row) for row in self.db.query(sql, params)]

    def card_count(self, include_orphans: bool = False) -> int:
        sql = "SELECT count(*) FROM cards" + ("" if include_orphans else " WHERE orphaned_at IS NULL")
        return int(self.db.execute(sql).fetchone()[0])

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])

    def delete_meta(self, key: str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM meta WHERE key = ?", [key])

    def last_build(self) -> str | None:
        row = self.db.execute("SELECT max(read_at) FROM sources").fetchone()
        return row[0] if row else None
