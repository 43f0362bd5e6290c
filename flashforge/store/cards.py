"""Cards and sources in the deck: writing one file's cards, orphaning, reading back.

A card's row keeps its identity (``id``) and what a learner sees, with a
content hash so that a rebuild knows what changed; ``orphaned_at`` is set
instead of deleting a card whose source went away, so its review history
survives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from datetime import datetime
from typing import TYPE_CHECKING, cast

from ..clock import utc_text
from ..errors import FlashforgeError
from ..kinds import Kind
from ..record import Record
from .base import Connection, Params
from .glance import LIVE_CARD_COUNT

if TYPE_CHECKING:  # the card types load when a card is read or written, not for `flashforge cards`
    from ..model import Card, FileStamp
    from .rows import CardValues

# What `flashforge cards` lists of a card: kind, front, back, source ("path:line").
CardLine = tuple[str, str, str, str]

_LIFE = "id, content_hash, created_at, changed_at, orphaned_at, source_path"
_UPSERT_SOURCE = (
    "INSERT INTO sources (path, hash, read_at, card_count, size, mtime_ns, ctime_ns) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT(path) DO UPDATE SET hash = excluded.hash, read_at = excluded.read_at, "
    "card_count = excluded.card_count, size = excluded.size, mtime_ns = excluded.mtime_ns, ctime_ns = excluded.ctime_ns"
)
# A notes file whose cards are all new to the deck: its path, content hash, card values and stat.
NewFile = tuple[str, str, "Sequence[CardValues]", "FileStamp | None"]


class DeckNotFound(FlashforgeError):
    """``--deck`` names no deck that has cards; the one message for it lists the decks there are."""

    def __init__(self, prefix: str, decks: Sequence[str]) -> None:
        listed = ", ".join(decks[:6]) + (", …" if len(decks) > 6 else "")
        known = f"the decks are {listed}" if decks else "the deck has no cards yet"
        super().__init__(f"no cards in deck '{prefix}'; {known} (or drop --deck)")
        self.prefix = prefix


class StoredCard(Record):
    """A card as read back from the deck, with its life-cycle times."""

    card: Card
    content_hash: str
    created_at: str
    changed_at: str
    orphaned_at: str | None = None


class FileChange(Record, frozen=False):
    """What applying one file's cards did to the deck."""

    new: list[Card] = field(default_factory=list)
    updated: list[Card] = field(default_factory=list)
    unchanged: list[Card] = field(default_factory=list)
    restored: list[Card] = field(default_factory=list)
    orphaned: list[StoredCard] = field(default_factory=list)


class AppliedValues(Record, frozen=False):
    """What applying one file's card values did to the deck: (card id, kind) of each card, by what happened."""

    new: list[tuple[str, str]] = field(default_factory=list)
    updated: list[tuple[str, str]] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    restored: list[tuple[str, str]] = field(default_factory=list)
    orphaned: list[StoredCard] = field(default_factory=list)


class SourceRecord(Record):
    """What the deck knows of a notes file: its content hash and, if trusted, its stat at that build."""

    digest: str
    stamp: FileStamp | None


class _Life(Record):
    content_hash: str
    created_at: str
    changed_at: str
    orphaned_at: str | None
    source_path: str


def stored_card(row: Mapping[str, object]) -> StoredCard:
    """A ``cards`` row (as column → value) read back."""
    kind = cast(Kind, row["kind"])
    import json  # here: `flashforge cards` lists its table without JSON or the card types (see card_lines)

    from ..model import Card
    from .payloads import decode_payload

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
        from .rows import file_values

        by_id: dict[str, Card] = {}
        for card in cards:
            by_id.setdefault(card.id, card)
        applied = self.apply_values(source_path, digest, file_values(by_id.values()), now, stamp)
        return FileChange(
            new=[by_id[card_id] for card_id, _ in applied.new],
            updated=[by_id[card_id] for card_id, _ in applied.updated],
            unchanged=[by_id[card_id] for card_id, _ in applied.unchanged],
            restored=[by_id[card_id] for card_id, _ in applied.restored],
            orphaned=applied.orphaned,
        )

    def apply_values(
        self, source_path: str, digest: str, cards: Sequence[CardValues], now: datetime, stamp: FileStamp | None = None
    ) -> AppliedValues:
        """:meth:`apply_file` for cards already turned into row values (:func:`.rows.card_values`), as a
        build's workers send them; says what happened by card id and kind."""
        from .rows import ID

        moment = utc_text(now)
        unique: dict[str, CardValues] = {}
        for values in cards:
            unique.setdefault(str(values[ID]), values)  # the card builder de-duplicates; this guards the primary key
        with self.transaction():
            existing = self._lives(source_path, unique)
            applied, rows = _sort_changes(unique.values(), existing, moment)
            self._upsert_cards(rows)
            gone = [
                card_id
                for card_id, life in existing.items()
                if card_id not in unique and life.orphaned_at is None and life.source_path == source_path
            ]
            applied.orphaned = self._orphan(gone, moment)
            self._conn.execute(_UPSERT_SOURCE, [source_path, digest, moment, len(unique), *_stamp_columns(stamp)])
        return applied

    def insert_new_files(self, files: Sequence[NewFile], now: datetime) -> AppliedValues:
        """:meth:`apply_values` for files none of whose card ids the deck holds (a build into a deck without
        cards): every card is new, so the stored-card look-ups are skipped and each table gets one statement
        for all of ``files``; the deck ends as :meth:`apply_values`, file by file, would leave it."""
        from .rows import ID, KIND

        moment = utc_text(now)
        applied = AppliedValues()
        rows: list[Params] = []
        sources: list[Params] = []
        for source_path, digest, cards, stamp in files:
            unique: dict[str, CardValues] = {}
            for values in cards:
                unique.setdefault(str(values[ID]), values)  # as apply_values: the first card of an id
            rows.extend([(*values, moment, moment, None) for values in unique.values()])
            applied.new.extend([(card_id, str(values[KIND])) for card_id, values in unique.items()])
            sources.append((source_path, digest, moment, len(unique), *_stamp_columns(stamp)))
        with self.transaction():
            if rows:
                from .rows import COLUMNS, LIFE_COLUMNS

                columns = (*COLUMNS, *LIFE_COLUMNS)
                # A plain insert: an id already stored breaks the caller's promise, and fails here.
                sql = f"INSERT INTO cards ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
                self._conn.executemany(sql, rows)
            self._conn.executemany(_UPSERT_SOURCE, sources)
        return applied

    def _lives(self, source_path: str, cards: Mapping[str, object]) -> dict[str, _Life]:
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

    def _upsert_cards(self, rows: Sequence[Params]) -> None:
        if not rows:
            return
        from .rows import COLUMNS, LIFE_COLUMNS

        columns = (*COLUMNS, *LIFE_COLUMNS)
        updates = ", ".join(f"{name} = excluded.{name}" for name in columns if name != "id")
        # An upsert, not INSERT OR REPLACE: replacing would delete the row
        # that card_state and reviews refer to.
        self._conn.executemany(
            f"INSERT INTO cards ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}",
            rows,
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

    def card_lines(self, deck_prefix: str | None = None, kind: str | None = None) -> list[CardLine]:
        """Kind, front, back and source of the cards :meth:`cards` gives (not orphaned), in the same order,
        without reading the rest of a card (its JSON above all)."""
        where, params = deck_filter(deck_prefix)
        if kind:
            where += " AND c.kind = ?"
            params.append(kind)
        sql = (
            "SELECT c.kind, c.front, c.back, c.source_path, c.source_line FROM cards c "
            f"WHERE c.orphaned_at IS NULL{where} ORDER BY c.source_path, c.position, c.ord"
        )
        rows = self._all(sql, params)
        return [
            (str(card_kind), str(front), str(back), f"{path}:{line}") for card_kind, front, back, path, line in rows
        ]

    def holds_no_card(self) -> bool:
        """Whether the deck has no card rows at all, orphans included (a first build's deck)."""
        return self._count("SELECT EXISTS (SELECT 1 FROM cards)") == 0

    def card_count(self, include_orphans: bool = False) -> int:
        return self._count("SELECT count(*) FROM cards" if include_orphans else LIVE_CARD_COUNT)

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
    from ..model import FileStamp

    return FileStamp(size, mtime_ns, ctime_ns)


def _stamp_columns(stamp: FileStamp | None) -> tuple[int | None, int | None, int | None]:
    return (None, None, None) if stamp is None else (stamp.size, stamp.mtime_ns, stamp.ctime_ns)


def _life(row: Params) -> _Life:
    orphaned = row[4]
    return _Life(str(row[1]), str(row[2]), str(row[3]), None if orphaned is None else str(orphaned), str(row[5]))


def _sort_changes(
    cards: Iterable[CardValues], existing: Mapping[str, _Life], moment: str
) -> tuple[AppliedValues, list[Params]]:
    """Which cards are new, updated, unchanged or restored, and the rows to write (life-cycle times added)."""
    from .rows import CONTENT_HASH, ID, KIND

    applied = AppliedValues()
    rows: list[Params] = []
    for values in cards:
        card_id, kind = str(values[ID]), str(values[KIND])
        old = existing.get(card_id)
        if old is None:
            rows.append((*values, moment, moment, None))
            applied.new.append((card_id, kind))
            continue
        changed = old.content_hash != values[CONTENT_HASH]
        if not changed and old.orphaned_at is None:
            applied.unchanged.append((card_id, kind))
            continue  # nothing to write
        rows.append((*values, old.created_at, moment if changed else old.changed_at, None))
        (applied.restored if old.orphaned_at is not None else applied.updated).append((card_id, kind))
    return applied, rows
