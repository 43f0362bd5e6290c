"""The deck's connection: opening, migrating, transactions. Plain :mod:`sqlite3`.

Every store module adds its named methods to :class:`Connection` (see
:mod:`flashforge.store.deck`); nothing outside ``flashforge/store/`` sees the
connection or any SQL.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Self

from ..errors import FlashforgeError
from . import guard
from .schema import MIGRATIONS, SCHEMA_VERSION

Params = Sequence[object]


class DeckError(FlashforgeError):
    """The deck database cannot be used; the message says what to do."""


class Connection:
    """A deck database open for reading and writing; use it as a context manager to close it."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self._conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path | str) -> Self:
        """Open (creating if needed) and migrate the deck at ``path``.

        Raises :class:`DeckError` with a one-line, actionable message when the
        file is not a usable SQLite database; the file is never modified then.
        """
        path = Path(path)
        if path.exists() and path.is_dir():
            raise DeckError(f"{path}: is a folder, not a deck database; pass a file path with --db")
        try:
            header = guard.read_header(path)
        except OSError as error:
            raise DeckError(guard.explain_os(error, path)) from error
        if header is not None and not header.empty and not header.sqlite:
            raise DeckError(guard.not_sqlite(path))
        if header is None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DeckError(f"{path}: cannot create its folder ({error.strerror}); check the path") from error
        try:
            conn = sqlite3.connect(str(path), timeout=10, isolation_level=None)
            deck = cls(conn, path)
            deck._prepare(header)
        except sqlite3.DatabaseError as error:
            raise DeckError(guard.explain(error, path)) from error
        return deck

    def _prepare(self, header: guard.Header | None) -> None:
        """Check the file (reading only), then switch it to WAL and migrate it."""
        conn = self._conn
        conn.execute("PRAGMA busy_timeout = 10000")
        if header is not None and header.sqlite:
            refused = guard.foreign(self.path or Path(), header, self.tables())
            if refused is not None:
                raise DeckError(refused)
            if header.user_version > SCHEMA_VERSION:
                raise DeckError(
                    f"{self.path}: made by a newer flashforge (schema {header.user_version} > {SCHEMA_VERSION}); "
                    "upgrade flashforge"
                )
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = NORMAL")
        version = self.schema_version()
        for index in range(version, SCHEMA_VERSION):
            with self.transaction():
                MIGRATIONS[index](conn)
                conn.execute(f"PRAGMA user_version = {index + 1}")
        if self._count("PRAGMA application_id") != guard.APPLICATION_ID:
            # A read-only deck from before the id still reads.
            with contextlib.suppress(DeckError), self.transaction():
                conn.execute(f"PRAGMA application_id = {guard.APPLICATION_ID}")

    def close(self) -> None:
        self._conn.close()

    def keep_pages(self, mebibytes: int) -> None:
        """Let this connection's page cache grow to ``mebibytes`` (SQLite's default is 2 MiB) for a long write:
        a build's transactions each touch most pages of the cards' indexes by id, which a small cache reads from
        the file again each time (and spills mid-transaction). Memory is taken only as pages are touched."""
        self._conn.execute(f"PRAGMA cache_size = {-1024 * mebibytes}")

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """An immediate write transaction: committed on success, rolled back on error.

        Nested use joins the outer transaction, so a caller can group several
        writes (a build groups files) into one commit.
        """
        conn = self._conn
        if conn.in_transaction:
            yield
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except (sqlite3.OperationalError, sqlite3.DatabaseError) as error:
            if type(error) not in (sqlite3.OperationalError, sqlite3.DatabaseError):
                raise  # an integrity or programming error is a bug: let it show
            raise DeckError(guard.explain(error, self.path or Path())) from error

    # -- helpers for the store modules ------------------------------------------

    def _one(self, sql: str, params: Params = ()) -> tuple[object, ...] | None:
        row: tuple[object, ...] | None = self._conn.execute(sql, params).fetchone()
        return row

    def _all(self, sql: str, params: Params = ()) -> list[tuple[object, ...]]:
        return list(self._conn.execute(sql, params).fetchall())

    def _dicts(self, sql: str, params: Params = ()) -> Generator[dict[str, object], None, None]:
        """Rows as column → value, read in batches (stop early and the cursor is closed)."""
        cursor = self._conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        try:
            while batch := cursor.fetchmany(256):
                for values in batch:
                    yield dict(zip(names, values, strict=True))
        finally:
            cursor.close()

    def _count(self, sql: str, params: Params = ()) -> int:
        row = self._one(sql, params)
        value = row[0] if row else None
        return int(value) if isinstance(value, int | float) else 0

    # -- the file itself -----------------------------------------------------------

    def schema_version(self) -> int:
        return self._count("PRAGMA user_version")

    def journal_mode(self) -> str:
        row = self._one("PRAGMA journal_mode")
        return str(row[0]) if row else ""

    def tables(self) -> set[str]:
        return {str(row[0]) for row in self._all("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def integrity_check(self) -> str:
        """SQLite's own check: ``ok``, or what is broken."""
        return "; ".join(str(row[0]) for row in self._all("PRAGMA integrity_check"))

    def compact(self) -> None:
        """Fold the write-ahead log into the file.

        No ANALYZE: decks are never analysed (statistics go stale as a deck grows), so the queries
        are written to pick their indexes without statistics, as on every learner's deck.
        """
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
