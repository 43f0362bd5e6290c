"""Reading notes files: encodings, binary and oversized files, special files.

With :mod:`flashforge.folder` (which files are notes: suffixes, ignore globs), the one place that touches
the notes on disk. Each problem becomes a
:class:`SourceProblem` with a one-line message naming the file and what to
do; it never raises for a user's file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .folder import NOTE_SUFFIXES as NOTE_SUFFIXES
from .folder import file_stat
from .folder import find_notes as find_notes
from .folder import is_ignored as is_ignored
from .model import FileStamp
from .record import Record

# Notes are typed by hand: 5 MB of markdown is already a book. Bigger files are
# almost always exports or logs, and parsing them would stall every build.
MAX_BYTES = 5 * 1024 * 1024


class SourceText(Record):
    path: str  # relative to the notes folder, with "/" separators
    text: str
    digest: str
    encoding: str


class SourceProblem(Record):
    path: str
    message: str


def digest_bytes(data: bytes) -> str:
    import hashlib  # here: a build whose files' stats are unchanged hashes nothing

    return hashlib.sha1(data).hexdigest()


def decode(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) for UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030; None if none fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
        return (text, "utf-16") if _plausible(text) else None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return (text, "gb18030") if _plausible(text) else None


def _plausible(text: str) -> bool:
    """Decoding "succeeded" but is it text? Few control or private-use characters."""
    sample = text[:20000]
    if not sample:
        return True
    odd = sum(1 for char in sample if (ord(char) < 32 and char not in "\t\n\r\f") or 0xE000 <= ord(char) <= 0xF8FF)
    return odd <= len(sample) // 50


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    return bool(b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")))


def note_stamp(root: Path, relative: str) -> FileStamp | None:
    """The file's size and times (None when it cannot be stat'ed: reading it will say why)."""
    found = file_stat(root, relative)
    return None if found is None else FileStamp(*found)


def read_note(root: Path, relative: str) -> SourceText | SourceProblem:
    refused = refuse_special(root, relative)
    if refused is not None:
        return refused
    path = root / relative
    try:
        data = _read_regular(path)
    except OSError as error:
        return SourceProblem(relative, f"cannot read it ({error.strerror}); check its permissions")
    if isinstance(data, SourceProblem):
        return SourceProblem(relative, data.message)
    if looks_binary(data):
        return SourceProblem(relative, "is a binary file, not markdown; remove it or add it to 'ignore'")
    decoded = decode(data)
    if decoded is None:
        return SourceProblem(relative, "is neither UTF-8 nor GB18030 text; re-save it as UTF-8")
    text, encoding = decoded
    return SourceText(relative, text, digest_bytes(data), encoding)


def _too_large(size: int) -> SourceProblem:
    return SourceProblem(
        "",
        f"{size / 1024 / 1024:.0f} MB is too large for a notes file (limit {MAX_BYTES // 1024 // 1024} MB); "
        "split it or add it to 'ignore' in flashforge.toml",
    )


def _read_regular(path: Path) -> bytes | SourceProblem:
    """The file's bytes; opened without blocking and checked on the open file, so a FIFO or a device
    swapped in after :func:`refuse_special` looked is still refused, and never more than the limit is read."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return SourceProblem(
                "", f"is {_file_kind(info.st_mode)}, not a notes file; remove it or add it to 'ignore'"
            )
        if info.st_size > MAX_BYTES:
            return _too_large(info.st_size)
        # As much as its size says, and one byte more: a buffer of the limit's size per file would cost
        # three times the read. A file that holds more (it grew, or a /proc file of size 0) is read on.
        data = handle.read(info.st_size + 1)
        if len(data) > info.st_size:
            data += handle.read(MAX_BYTES + 1 - len(data))
    return _too_large(len(data)) if len(data) > MAX_BYTES else data


# -- files that are not notes: odd names, special files, links out of the folder --------------------


def refuse_special(root: Path, relative: str) -> SourceProblem | None:
    """Why ``relative`` must not be read, or None: a name that is not UTF-8, a FIFO, a device or a
    socket (reading would hang or never end), or a link to a file outside the notes folder."""
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        return SourceProblem(relative, "has a name that is not valid UTF-8; rename it (e.g. with convmv)")
    path = root / relative
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            target = path.resolve(strict=True)
            if not target.is_relative_to(root.resolve()):
                return SourceProblem(
                    relative, f"links to {target}, outside the notes folder; copy the file in or remove the link"
                )
            info = target.stat()
    except FileNotFoundError:
        return SourceProblem(relative, "is a broken link; remove it or point it at a notes file")
    except (OSError, RuntimeError) as error:  # RuntimeError: a link loop on older Pythons
        return SourceProblem(relative, f"cannot be read ({getattr(error, 'strerror', None) or error}); check it")
    if not stat.S_ISREG(info.st_mode):
        return SourceProblem(
            relative, f"is {_file_kind(info.st_mode)}, not a notes file; remove it or add it to 'ignore'"
        )
    return None


def _not_a_file(mode: int) -> str:
    return f"is {_file_kind(mode)}, not a notes file; remove it or add it to 'ignore'"


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"
