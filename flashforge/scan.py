"""Which notes files changed since the last build: the stat first, the content hash as the truth.

A file whose size, mtime and ctime equal the ones recorded at the last build
is not even opened. Any other file is read and hashed; only a different hash
makes it "changed" (a ``git checkout`` rewrites files with the same content:
those only get their new stat recorded).

A stat is recorded only once the file has been left alone for
:data:`SETTLE_NS`: a file written again within the file system's timestamp
granularity of our read could keep its stat while its content changed (git's
"racy clean" problem), so such a file is hashed once more next time.

This module loads only :mod:`flashforge.folder` when imported: :func:`unchanged_files` is the whole
answer of a build with nothing to do, given before the rest of flashforge is loaded.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .folder import find_notes, path_stat

if TYPE_CHECKING:
    from .model import FileStamp
    from .sources import SourceProblem, SourceText
    from .store import SourceRecord

SETTLE_NS = 2_000_000_000


class Scan:
    """What :func:`scan_notes` found."""

    def __init__(self) -> None:
        self.present: set[str] = set()  # every notes file found
        self.changed: list[SourceText] = []  # content differs from the deck's: parse these
        self.stamps: dict[str, FileStamp | None] = {}  # stat to record for each changed file
        self.restamped: dict[str, FileStamp | None] = {}  # same content, new stat
        self.unchanged = 0
        self.problems: list[SourceProblem] = []  # unreadable: their cards stay


def scan_notes(notes: Path, ignore: Sequence[str], records: Mapping[str, SourceRecord], wall_ns: int) -> Scan:
    """Compare the notes folder with the deck's ``records``; ``wall_ns`` is the real clock's time.time_ns()."""
    scan = Scan()
    for _ in read_changed(notes, stat_notes(notes, ignore, records, scan), records, wall_ns, scan):
        pass  # read_changed keeps each changed file in scan.changed
    return scan


def stat_notes(
    notes: Path, ignore: Sequence[str], records: Mapping[str, SourceRecord], scan: Scan
) -> list[tuple[str, FileStamp | None]]:
    """The first half of :func:`scan_notes`, nothing read: every notes file goes into ``scan.present``; those
    whose stat is the recorded one are counted unchanged, the others come back with their stat, to be read."""
    from .sources import note_stamp

    candidates: list[tuple[str, FileStamp | None]] = []
    for relative in find_notes(notes, ignore):
        scan.present.add(relative)
        record = records.get(relative)
        stamp = note_stamp(notes, relative)
        if record is not None and stamp is not None and record.stamp == stamp:
            scan.unchanged += 1
        else:
            candidates.append((relative, stamp))
    return candidates


def read_changed(
    notes: Path,
    candidates: Sequence[tuple[str, FileStamp | None]],
    records: Mapping[str, SourceRecord],
    wall_ns: int,
    scan: Scan,
) -> Iterator[SourceText]:
    """The second half: read and hash each of :func:`stat_notes`' ``candidates`` and yield the changed ones, each
    as soon as it is read (a build hands them to its workers while it reads on); ``scan`` is complete at the end."""
    from .sources import SourceProblem, read_note

    for relative, stamp in candidates:
        record = records.get(relative)
        source = read_note(notes, relative)
        if isinstance(source, SourceProblem):
            scan.problems.append(source)
            continue
        settled = stamp if stamp is not None and wall_ns - max(stamp.mtime_ns, stamp.ctime_ns) >= SETTLE_NS else None
        if record is not None and record.digest == source.digest:
            scan.unchanged += 1
            if record.stamp != settled:
                scan.restamped[relative] = settled
        else:
            scan.changed.append(source)
            scan.stamps[relative] = settled
            yield source


def unchanged_files(notes: Path, ignore: Sequence[str], stamps: Mapping[str, tuple[object, ...]]) -> int | None:
    """How many notes files there are when :func:`scan_notes` would find every one unchanged by its stat
    alone and none gone, given the deck's ``stamps`` (path -> size, mtime_ns, ctime_ns as recorded); else None.

    Nothing is read, so nothing is hashed: any file whose stat differs, a new file and a file gone all
    answer None (the full scan then decides).
    """
    found = 0
    folder = os.path.join(notes, "")  # joined once: a found path never starts with a separator
    for relative in find_notes(notes, ignore):
        stat = path_stat(folder + relative)
        if stat is None or stamps.get(relative) != stat:
            return None
        found += 1
    return found if found == len(stamps) else None
