"""Cards and sources in the deck: writing one file's cards, orphaning, reading back.

A card's row keeps its identity (``id``) and what a learner sees, with a
content hash so that a rebuild knows what changed; ``orphaned_at`` is set
instead of deleting a card whose source went away, so its review history
survives.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from ..clock import utc_text
from ..errors import FlashforgeError
from ..model import Card, FileStamp, Kind
from .base import Connection, Params
from .payloads import decode_payload, encode_payload

# One encoder for the process: json.dumps with options builds a new one per call.
_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode

_LIFE = "id, content_hash, created_at, changed_at, orphaned_at, source_path"


class DeckNotFound(FlashforgeError):
    """``--deck`` names no deck that has cards; the one message for it lists the decks there are."""

    def __init__(self, prefix: str, decks: Sequence[str]) -> None:
        listed = ", ".join(decks[:6]) + (", …" if len(decks) > 6 else "")
        known = f"the decks are {listed}" if decks else "the deck has no cards yet"
        super().__init__(f"no cards in deck '{prefix}'; {known} (or drop --deck)")
        self.prefix = prefix


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


@dataclass(frozen=True)
class SourceRecord:
    """What the deck knows of a notes file: its content hash and, if trusted, its stat at that build."""

    digest: str
    stamp: FileStamp | None


@dataclass(frozen=True)
class _Life:
    content_hash: str
    created_at: str
    changed_at: str
    orphaned_at: str | None
    source_path: str


def _content_hash(card: Card, context: str, tags: str, payload: str) -> str:
    """Hash of everything a learner sees of a card (not its identity)."""
    import hashlib  # only when cards are written: reading the deck needs no hashing

    blob = "\x1f".join((card.front, card.back, card.deck, card.title, context, tags, payload))
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()


def card_row(card: Card, created: str, changed: str) -> dict[str, object]:
    """The ``cards`` row of ``card`` (the column order is the table's)."""
    context, tags = _dumps(list(card.context)), _dumps(list(card.tags))
    encoded = encode_payload(card.payload)
    if card.images:  # kept with the payload: no schema change, and no hash change for cards without images
        encoded["images"] = list(card.images)
    if card.full:  # the same: no schema change, and no hash change for answers that were not cut
        encoded["full"] = card.full
    payload = _dumps(encoded)
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


def stored_card(row: Mapping[str, object]) -> StoredCard:
    """A ``cards`` row (as column → value) read back."""
    kind = cast(Kind, row["kind"])
    payload = json.loads(str(row["payload"]))
    images = payload.get("images") if isinstance(payload, dict) else None
    full = payload.get("full") if isinstance(payload, dict) else None
    card = Card(
        id=str(row["id"]),
        note_id=str(row["note_id"]),
        ord=cast(int, row["ord"]),
        kind=kind,
        deck=str(row["deck"]),
        key=str(row["key"]),
        front=str(row["front"]),
        back=str(row["back"]),
        context=tuple(json.loads(str(row["context"]))),
        title=str(row["title"]),
        group_id=str(row["group_id"]),
        position=cast(int, row["position"]),
        source_path=str(row["source_path"]),
        source_line=cast(int, row["source_line"]),
        tags=tuple(json.loads(str(row["tags"]))),
        payload=decode_payload(kind, payload),
        images=tuple(str(image) for image in images) if isinstance(images, list) else (),
        full=full if isinstance(full, str) else "",
    )
    orphaned = row["orphaned_at"]
    return StoredCard(
        card,
        str(row["content_hash"]),
        str(row["created_at"]),
        str(row["changed_at"]),
        None if orphaned is None else str(orphaned),
    )


def deck_filter(prefix: str | None, alias: str = "c") -> tuple[str, list[object]]:
    """SQL matching a deck and its sub-decks (``A`` matches ``A`` and ``A::B``, not ``AB``)."""
    if not prefix:
        return "", []
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f" AND ({alias}.deck = ? OR {alias}.deck LIKE ? ESCAPE '\\')", [prefix, escaped + "::%"]


class CardStore(Connection):
    """The ``cards`` and ``sources`` tables."""

    # -- sources -------------------------------------------------------------

    def source_hashes(self) -> dict[str, str]:
        return {str(path): str(digest) for path, digest in self._all("SELECT path, hash FROM sources")}

    def source_records(self) -> dict[str, SourceRecord]:
        """Every notes file the deck was built from, with its hash and stat."""
        return {
            str(row[0]): SourceRecord(str(row[1]), _stamp(row[2:]))
            for row in self._all("SELECT path, hash, size, mtime_ns, ctime_ns FROM sources")
        }

    def restamp_sources(self, stamps: Mapping[str, FileStamp | None]) -> None:
        """Files whose stat changed but whose content did not (a ``git checkout``): remember the new stat."""
        if not stamps:
            return
        with self.transaction():
            self._conn.executemany(
                "UPDATE sources SET size = ?, mtime_ns = ?, ctime_ns = ? WHERE path = ?",
                [(*_stamp_columns(stamp), path) for path, stamp in stamps.items()],
            )

    def card_counts_by_source(self) -> dict[str, int]:
        """Cards that are not orphaned, per notes file."""
        sql = "SELECT source_path, count(*) FROM cards WHERE orphaned_at IS NULL GROUP BY source_path"
        return {str(path): int(str(count)) for path, count in self._all(sql)}

    # -- writing cards ---------------------------------------------------------

    def apply_file(
        self, source_path: str, digest: str, cards: Sequence[Card], now: datetime, stamp: FileStamp | None = None
    ) -> FileChange:
        """Make the deck's cards for ``source_path`` equal ``cards``.

        Existing ids keep their row (and so their review state); changed
        content updates ``changed_at``; ids no longer produced are orphaned.
        ``stamp`` is the file's stat when it was read (None: hash it next time).
        Runs in one transaction.
        """
        moment = utc_text(now)
        unique: dict[str, Card] = {}
        for card in cards:
            unique.setdefault(card.id, card)  # the card builder de-duplicates; this guards the primary key
        with self.transaction():
            existing = self._lives(source_path, unique)
            change, rows = _sort_changes(unique.values(), existing, moment)
            self._upsert_cards(rows)
            gone = [
                card_id
                for card_id, life in existing.items()
                if card_id not in unique and life.orphaned_at is None and life.source_path == source_path
            ]
            change.orphaned = self._orphan(gone, moment)
            self._conn.execute(
                "INSERT INTO sources (path, hash, read_at, card_count, size, mtime_ns, ctime_ns) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(path) DO UPDATE SET hash = excluded.hash, read_at = excluded.read_at, "
                "card_count = excluded.card_count, size = excluded.size, mtime_ns = excluded.mtime_ns, "
                "ctime_ns = excluded.ctime_ns",
                [source_path, digest, moment, len(unique), *_stamp_columns(stamp)],
            )
        return change

    def _lives(self, source_path: str, cards: Mapping[str, Card]) -> dict[str, _Life]:
        """The stored life of the file's cards and of any of ``cards`` stored under another path."""
        existing = {
            str(row[0]): _life(row)
            for row in self._all(f"SELECT {_LIFE} FROM cards WHERE source_path = ?", [source_path])
        }
        # A card may move here from another file's row only by sharing its id,
        # which needs the same path: look the rest up in one query per chunk.
        missing = [card_id for card_id in cards if card_id not in existing]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._all(f"SELECT {_LIFE} FROM cards WHERE id IN ({marks})", chunk):
                existing[str(row[0])] = _life(row)
        return existing

    def _upsert_cards(self, rows: Sequence[dict[str, object]]) -> None:
        if not rows:
            return
        columns = list(rows[0])
        updates = ", ".join(f"{name} = excluded.{name}" for name in columns if name != "id")
        # An upsert, not INSERT OR REPLACE: replacing would delete the row
        # that card_state and reviews refer to.
        self._conn.executemany(
            f"INSERT INTO cards ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}",
            [tuple(row.values()) for row in rows],  # every row has card_row's column order
        )

    def forget_source(self, source_path: str, now: datetime) -> list[StoredCard]:
        """The file is gone (or ignored): orphan its cards and drop its source row."""
        with self.transaction():
            ids = [
                str(row[0])
                for row in self._all(
                    "SELECT id FROM cards WHERE source_path = ? AND orphaned_at IS NULL", [source_path]
                )
            ]
            orphaned = self._orphan(ids, utc_text(now))
            self._conn.execute("DELETE FROM sources WHERE path = ?", [source_path])
        return orphaned

    def _orphan(self, ids: Iterable[str], moment: str) -> list[StoredCard]:
        orphaned: list[StoredCard] = []
        for card_id in ids:
            self._conn.execute("UPDATE cards SET orphaned_at = ? WHERE id = ?", [moment, card_id])
            stored = self.get(card_id)
            if stored is not None:
                orphaned.append(stored)
        return orphaned

    def prune(self) -> int:
        """Delete orphaned cards with their state and review log. Returns how many."""
        with self.transaction():
            ids = [str(row[0]) for row in self._all("SELECT id FROM cards WHERE orphaned_at IS NOT NULL")]
            for card_id in ids:
                self._conn.execute("DELETE FROM reviews WHERE card_id = ?", [card_id])
                self._conn.execute("DELETE FROM card_state WHERE card_id = ?", [card_id])
                self._conn.execute("DELETE FROM cards WHERE id = ?", [card_id])
        return len(ids)

    # -- reading cards -----------------------------------------------------------

    def get(self, card_id: str) -> StoredCard | None:
        rows = list(self._dicts("SELECT * FROM cards WHERE id = ?", [card_id]))
        return stored_card(rows[0]) if rows else None

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
        where, params = deck_filter(deck_prefix)
        if not include_orphans:
            where += " AND c.orphaned_at IS NULL"
        if kind:
            where += " AND c.kind = ?"
            params.append(kind)
        sql = f"SELECT * FROM cards c WHERE 1{where} ORDER BY c.source_path, c.position, c.ord"
        return [stored_card(row) for row in self._dicts(sql, params)]

    def card_count(self, include_orphans: bool = False) -> int:
        return self._count("SELECT count(*) FROM cards" + ("" if include_orphans else " WHERE orphaned_at IS NULL"))

    def has_cards(self, deck_prefix: str | None = None) -> bool:
        """Whether the deck (or the deck ``deck_prefix`` with its sub-decks) has cards that are not orphaned."""
        where, params = deck_filter(deck_prefix)
        return self._one(f"SELECT 1 FROM cards c WHERE c.orphaned_at IS NULL{where} LIMIT 1", params) is not None

    def check_deck(self, deck_prefix: str | None) -> None:
        """Raise :class:`DeckNotFound` when ``deck_prefix`` is given and no card (not orphaned) is in it."""
        if deck_prefix and not self.has_cards(deck_prefix):
            raise DeckNotFound(deck_prefix, self.deck_names())

    def deck_names(self) -> list[str]:
        """Every deck that has cards that are not orphaned, sorted."""
        return [
            str(row[0]) for row in self._all("SELECT DISTINCT deck FROM cards WHERE orphaned_at IS NULL ORDER BY deck")
        ]


def _stamp(columns: Params) -> FileStamp | None:
    size, mtime_ns, ctime_ns = columns
    if not (isinstance(size, int) and isinstance(mtime_ns, int) and isinstance(ctime_ns, int)):
        return None  # never stamped (built before stamps existed) or not trusted
    return FileStamp(size, mtime_ns, ctime_ns)


def _stamp_columns(stamp: FileStamp | None) -> tuple[int | None, int | None, int | None]:
    return (None, None, None) if stamp is None else (stamp.size, stamp.mtime_ns, stamp.ctime_ns)


def _life(row: Params) -> _Life:
    orphaned = row[4]
    return _Life(str(row[1]), str(row[2]), str(row[3]), None if orphaned is None else str(orphaned), str(row[5]))


def _sort_changes(
    cards: Iterable[Card], existing: Mapping[str, _Life], moment: str
) -> tuple[FileChange, list[dict[str, object]]]:
    """Which cards are new, updated, unchanged or restored, and the rows to write."""
    change = FileChange()
    rows = []
    for card in cards:
        row = card_row(card, moment, moment)
        old = existing.get(card.id)
        if old is None:
            rows.append(row)
            change.new.append(card)
            continue
        changed = old.content_hash != row["content_hash"]
        if not changed and old.orphaned_at is None:
            change.unchanged.append(card)
            continue  # nothing to write
        row["created_at"], row["changed_at"] = old.created_at, moment if changed else old.changed_at
        rows.append(row)
        (change.restored if old.orphaned_at is not None else change.updated).append(card)
    return change, rows
