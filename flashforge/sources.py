"""Finding and reading notes files: encodings, binary and oversized files, ignore globs.

The one place that touches the notes on disk. Each problem becomes a
:class:`SourceProblem` with a one-line message naming the file and what to
do; it never raises for a user's file.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .model import FileStamp

# Notes are typed by hand: 5 MB of markdown is already a book. Bigger files are
# almost always exports or logs, and parsing them would stall every build.
MAX_BYTES = 5 * 1024 * 1024
NOTE_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class SourceText:
    path: str  # relative to the notes folder, with "/" separators
    text: str
    digest: str
    encoding: str


@dataclass(frozen=True)
class SourceProblem:
    path: str
    message: str


def digest_bytes(data: bytes) -> str:
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


def is_ignored(relative: str, globs: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(relative, glob) or fnmatch.fnmatch(Path(relative).name, glob) for glob in globs)


def find_notes(root: Path, ignore: Sequence[str]) -> Iterator[str]:
    """Relative paths of the markdown files under ``root``, sorted, hidden folders skipped."""
    found: list[str] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith(".") or not name.lower().endswith(NOTE_SUFFIXES):
                continue
            relative = Path(folder, name).relative_to(root).as_posix()
            if not is_ignored(relative, ignore):
                found.append(relative)
    yield from sorted(found)


def note_stamp(root: Path, relative: str) -> FileStamp | None:
    """The file's size and times (None when it cannot be stat'ed: reading it will say why)."""
    try:
        stat = os.stat(root / relative)
    except OSError:
        return None
    return FileStamp(stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def read_note(root: Path, relative: str) -> SourceText | SourceProblem:
    path = root / relative
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return SourceProblem(
                relative,
                f"{size / 1024 / 1024:.0f} MB is too large for a notes file (limit {MAX_BYTES // 1024 // 1024} MB); "
                "split it or add it to 'ignore' in flashforge.toml",
            )
        data = path.read_bytes()
    except OSError as error:
        return SourceProblem(relative, f"cannot read it ({error.strerror}); check its permissions")
    if looks_binary(data):
        return SourceProblem(relative, "is a binary file, not markdown; remove it or add it to 'ignore'")
    decoded = decode(data)
    if decoded is None:
        return SourceProblem(relative, "is neither UTF-8 nor GB18030 text; re-save it as UTF-8")
    text, encoding = decoded
    return SourceText(relative, text, digest_bytes(data), encoding)
