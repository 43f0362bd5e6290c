"""The deck's connection: opening, migrating, transactions. Plain :mod:`sqlite3`.

Every store module adds its named methods to :class:`Connection` (see
:mod:`flashforge.store.deck`); nothing outside ``flashforge/store/`` sees the
connection or any SQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Self

from ..errors import FlashforgeError
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
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DeckError(f"{path}: cannot create its folder ({error.strerror}); check the path") from error
        try:
            conn = sqlite3.connect(str(path), timeout=10, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 10000")
            deck = cls(conn, path)
            # Reading the schema fails fast on a file that is not SQLite at all.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            deck._prepare()
        except sqlite3.DatabaseError as error:
            raise DeckError(
                f"{path}: not a usable deck database ({error}); move it aside "
                f"(mv {path} {path}.broken) and run 'flashforge build' to make a new one"
            ) from error
        return deck

    def _prepare(self) -> None:
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._conn.execute("PRAGMA journal_mode = WAL").fetchone()
        self._conn.execute("PRAGMA synchronous = NORMAL")
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise DeckError(
                f"{self.path}: made by a newer flashforge (schema {version} > {SCHEMA_VERSION}); upgrade flashforge"
            )
        for index in range(version, SCHEMA_VERSION):
            with self.transaction():
                MIGRATIONS[index](self._conn)
                self._conn.execute(f"PRAGMA user_version = {index + 1}")

    def close(self) -> None:
        self._conn.close()

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
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

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
        """Fold the write-ahead log into the file and refresh the query planner's statistics."""
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._conn.execute("ANALYZE")
