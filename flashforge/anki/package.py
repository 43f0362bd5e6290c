"""An Anki file → a private SQLite copy of its collection (file I/O; the Anki file is only read).

Accepted: a ``.colpkg`` or ``.apkg`` (a zip holding ``collection.anki21b``,
zstd-compressed, from current Anki, or ``collection.anki21`` /
``collection.anki2`` from older ones and "support older Anki versions"
exports), or a bare ``collection.anki2``. A bare collection is copied with
SQLite's backup API from a read-only connection: a consistent snapshot, and
a collection that Anki holds open (it locks the file exclusively) fails at
once instead of being read half-written.
"""

from __future__ import annotations

import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol
from urllib.parse import quote

from .errors import AnkiFileError

# Newest first: a current package also holds a stub collection.anki2 that only says "update Anki".
MEMBERS = ("collection.anki21b", "collection.anki21", "collection.anki2")
SQLITE_MAGIC = b"SQLite format 3\x00"
OLDEST_SCHEMA, NEWEST_SCHEMA = 11, 18
_MAX_COLLECTION = 1 << 34  # a collection that decompresses past 16 GiB is not one
_NOTHING_CHANGED = "nothing changed"


@dataclass(frozen=True)
class Opened:
    conn: sqlite3.Connection
    is_apkg: bool  # a deck package: it has scheduling only when exported with it


def _unicase(left: str, right: str) -> int:
    """Anki's case-insensitive collation, which some of its indexes name."""
    a, b = left.casefold(), right.casefold()
    return (a > b) - (a < b)


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _copy_limited(source: _Readable, sink: IO[bytes], path: Path) -> None:
    written = 0
    while chunk := source.read(1 << 20):
        written += len(chunk)
        if written > _MAX_COLLECTION:
            raise AnkiFileError(f"{path}: the collection inside is implausibly large; {_NOTHING_CHANGED}")
        sink.write(chunk)


def _extract(path: Path, target: Path) -> None:
    import zstandard

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            member = next((name for name in MEMBERS if name in names), None)
            if member is None:
                raise AnkiFileError(f"{path}: not an Anki package (no collection inside); {_NOTHING_CHANGED}")
            with archive.open(member) as source, target.open("wb") as sink:
                if member.endswith("b"):
                    with zstandard.ZstdDecompressor().stream_reader(source) as reader:
                        _copy_limited(reader, sink, path)
                else:
                    _copy_limited(source, sink, path)
    except (zipfile.BadZipFile, zstandard.ZstdError, EOFError) as error:
        raise AnkiFileError(f"{path}: a damaged Anki package ({error}); export it again; {_NOTHING_CHANGED}") from error


def _backup(path: Path, target: Path) -> None:
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True, timeout=0.2)) as source, closing(sqlite3.connect(target)) as copy:
            # Take the read lock first: it fails at once on a locked file, where backup() would retry forever;
            # held, it keeps Anki from writing while the copy is made.
            source.execute("BEGIN")
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
            source.backup(copy)
            source.rollback()
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise AnkiFileError(
                f"{path}: the collection is open in Anki (locked); close Anki, or export a .colpkg "
                f"(File › Export) and pull that; {_NOTHING_CHANGED}"
            ) from error
        raise AnkiFileError(f"{path}: not an Anki collection ({error}); {_NOTHING_CHANGED}") from error
    except sqlite3.DatabaseError as error:
        raise AnkiFileError(f"{path}: not an Anki collection ({error}); {_NOTHING_CHANGED}") from error


def _check(conn: sqlite3.Connection, path: Path) -> None:
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"col", "notes", "cards", "revlog"} <= tables:
            raise AnkiFileError(f"{path}: not an Anki collection (no notes, cards and review log); {_NOTHING_CHANGED}")
        row = conn.execute("SELECT ver FROM col").fetchone()
    except sqlite3.DatabaseError as error:
        raise AnkiFileError(f"{path}: not an Anki collection ({error}); {_NOTHING_CHANGED}") from error
    version = row[0] if row and isinstance(row[0], int) else -1
    if version > NEWEST_SCHEMA:
        raise AnkiFileError(
            f"{path}: made by a newer Anki (collection schema {version}, flashforge reads up to {NEWEST_SCHEMA}); "
            f"export it with 'Support older Anki versions' ticked, or upgrade flashforge; {_NOTHING_CHANGED}"
        )
    if version < OLDEST_SCHEMA:
        raise AnkiFileError(
            f"{path}: collection schema {version} is older than Anki 2.1; open it in a current Anki first; "
            f"{_NOTHING_CHANGED}"
        )


def _snapshot(path: Path, copy: Path) -> bool:
    """Write the collection in ``path`` to ``copy``; True when ``path`` is a deck package (.apkg)."""
    if not path.is_file():
        raise AnkiFileError(f"{path}: no such file; give a .colpkg, an .apkg or a collection.anki2; {_NOTHING_CHANGED}")
    try:
        if zipfile.is_zipfile(path):
            _extract(path, copy)
            return path.suffix.lower() != ".colpkg"
        with path.open("rb") as handle:
            magic = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise AnkiFileError(f"{path}: cannot read it ({error.strerror}); {_NOTHING_CHANGED}") from error
    if magic != SQLITE_MAGIC:
        raise AnkiFileError(f"{path}: not an Anki collection or package; {_NOTHING_CHANGED}")
    _backup(path, copy)
    return False


@contextmanager
def open_copy(path: Path) -> Iterator[Opened]:
    """A read-only connection to a private copy of the collection in ``path``; the copy is deleted after."""
    with tempfile.TemporaryDirectory(prefix="flashforge-anki-") as staging:
        copy = Path(staging) / "collection.sqlite"
        is_apkg = _snapshot(path, copy)
        conn = sqlite3.connect(f"file:{quote(str(copy))}?mode=ro", uri=True)
        try:
            conn.create_collation("unicase", _unicase)
            _check(conn, path)
            yield Opened(conn, is_apkg)
        finally:
            conn.close()
