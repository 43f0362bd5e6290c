"""The notes folder as a listing: which files are notes, and their stat, without opening one.

Only :mod:`os` and :mod:`fnmatch`: a no-change ``build`` (:mod:`flashforge.commands.unchanged`) lists the
folder with these very functions before anything heavier is loaded. Reading a file is
:mod:`flashforge.sources`'s job.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

NOTE_SUFFIXES = (".md", ".markdown")

Stat = tuple[int, int, int]  # size, mtime_ns, ctime_ns


def is_ignored(relative: str, globs: Sequence[str]) -> bool:
    """``relative`` (with ``/`` between folders) or its file name matches one of ``globs``."""
    if not globs:
        return False
    name = relative.rpartition("/")[2]
    return any(fnmatch.fnmatch(relative, glob) or fnmatch.fnmatch(name, glob) for glob in globs)


def find_notes(root: Path, ignore: Sequence[str]) -> Iterator[str]:
    """Relative paths of the markdown files under ``root``, sorted, hidden folders skipped."""
    found: list[str] = []
    top = os.fspath(root)
    prefix = top if top.endswith(os.sep) else top + os.sep
    for folder, dirs, files in os.walk(top, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        # os.walk joins each folder to ``top``: the part after it is the folder's path in the notes
        inside = folder[len(prefix) :].replace(os.sep, "/") + "/" if folder != top else ""
        for name in files:
            if name.startswith(".") or not name.lower().endswith(NOTE_SUFFIXES):
                continue
            relative = inside + name
            if not is_ignored(relative, ignore):
                found.append(relative)
    yield from sorted(found)


def file_stat(root: Path, relative: str) -> Stat | None:
    """The file's size and times (None when it cannot be stat'ed: reading it will say why)."""
    return path_stat(os.path.join(root, relative))


def path_stat(path: str) -> Stat | None:
    """:func:`file_stat` of a whole path, as ``os.path.join(root, "") + relative`` gives it for a found file."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns
