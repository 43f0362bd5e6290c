"""What a deck file must be before flashforge writes a byte to it, and what each SQLite failure means.

A deck carries flashforge's own ``application_id`` in its header. Another
program's SQLite file is refused before anything is written (not even the
switch to WAL), so it stays byte for byte as it was; so is a deck from a newer
flashforge. Decks made before the id existed are recognised by their tables.
Every SQLite failure becomes one line naming the real cause: a read-only file,
a folder SQLite cannot write its journal in, a lock, or a damaged file.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

APPLICATION_ID = int.from_bytes(b"FlFg", "big")  # PRAGMA application_id of every flashforge deck
SQLITE_HEADER = b"SQLite format 3\x00"
OUR_TABLES = frozenset({"sources", "cards", "card_state", "reviews", "meta"})
DAMAGED = ("malformed", "not a database", "disk i/o error", "corrupt")


class Header:
    """The fields of a SQLite file's 100-byte header that say whose it is and which version."""

    def __init__(self, data: bytes) -> None:
        self.empty = not data
        self.sqlite = data.startswith(SQLITE_HEADER)
        self.user_version = int.from_bytes(data[60:64], "big") if self.sqlite else 0
        self.application_id = int.from_bytes(data[68:72], "big") if self.sqlite else 0


def read_header(path: Path) -> Header | None:
    """The file's header, or None when there is no file yet. Raises OSError when it cannot be read."""
    try:
        with path.open("rb") as handle:
            return Header(handle.read(100))
    except FileNotFoundError:
        return None


def not_sqlite(path: Path) -> str:
    return (
        f"{path}: is not a flashforge deck (not an SQLite database) and is left as it is; "
        "pass the deck's path with --db (default cards/deck.db)"
    )


def foreign(path: Path, header: Header, tables: set[str]) -> str | None:
    """Why the SQLite file at ``path`` is not a deck flashforge may open, or None when it is one."""
    if header.application_id == APPLICATION_ID:
        return None
    if header.application_id == 0 and ((not tables and header.user_version == 0) or tables >= OUR_TABLES):
        return None  # a new, empty file, or a deck from before the application id
    owner = (
        f"application id {header.application_id:#x}"
        if header.application_id
        else f"tables {', '.join(sorted(tables)[:4])}"
    )
    return (
        f"{path}: is another program's SQLite database ({owner}) and is left untouched; "
        "pass a flashforge deck (or a new file name) with --db"
    )


def explain(error: sqlite3.Error, path: Path) -> str:
    """One line for a SQLite failure on the deck at ``path``: the real cause and what to do."""
    text = str(error)
    lowered = text.lower()
    folder = path.parent
    if "locked" in lowered or "busy" in lowered:
        return f"{path}: another program is writing to the deck ({text}); try again when it has finished"
    if "readonly" in lowered or "read-only" in lowered or "unable to open" in lowered:
        if path.exists() and not os.access(path, os.W_OK):
            return f"{path}: the deck is read-only; make it writable (chmod u+w {path}) and try again"
        if not os.access(folder, os.W_OK):
            return (
                f"{folder}: the deck's folder is not writable, and SQLite keeps its journal beside the deck; "
                f"make it writable (chmod u+w {folder}) and try again"
            )
        return f"{path}: cannot write the deck ({text}); check the permissions of the file and its folder"
    if "disk is full" in lowered or getattr(error, "sqlite_errorcode", None) == 13:
        return f"{path}: the disk is full; free some space and try again (the deck is unchanged)"
    if any(word in lowered for word in DAMAGED):
        return (
            f"{path}: the deck file is damaged ({text}); run 'flashforge check' to see what is wrong "
            "and what can be done"
        )
    return f"{path}: cannot use the deck ({text})"


def explain_os(error: OSError, path: Path) -> str:
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"{path}: cannot read the deck (permission denied); check its permissions"
    return f"{path}: cannot read the deck ({error.strerror})"


def integrity(path: Path) -> str:
    """SQLite's integrity check of the file at ``path``, opened read-only: ``ok`` or what is broken."""
    uri = path.resolve().as_uri().replace("file://", "file:", 1) + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=10)
    except sqlite3.Error as error:
        return str(error)
    try:
        rows = conn.execute("PRAGMA integrity_check(20)").fetchall()
        return "; ".join(str(row[0]) for row in rows)
    except sqlite3.Error as error:
        return str(error)
    finally:
        conn.close()
