"""Which notes files changed since the last build: the stat first, the content hash as the truth.

A file whose size, mtime and ctime equal the ones recorded at the last build
is not even opened. Any other file is read and hashed; only a different hash
makes it "changed" (a ``git checkout`` rewrites files with the same content:
those only get their new stat recorded).

A stat is recorded only once the file has been left alone for
:data:`SETTLE_NS`: a file written again within the file system's timestamp
granularity of our read could keep its stat while its content changed (git's
"racy clean" problem), so such a file is hashed once more next time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .model import FileStamp
from .sources import SourceProblem, SourceText, find_notes, note_stamp, read_note
from .store import SourceRecord

SETTLE_NS = 2_000_000_000


@dataclass
class Scan:
    present: set[str] = field(default_factory=set)  # every notes file found
    changed: list[SourceText] = field(default_factory=list)  # content differs from the deck's: parse these
    stamps: dict[str, FileStamp | None] = field(default_factory=dict)  # stat to record for each changed file
    restamped: dict[str, FileStamp | None] = field(default_factory=dict)  # same content, new stat
    unchanged: int = 0
    problems: list[SourceProblem] = field(default_factory=list)  # unreadable: their cards stay


def scan_notes(notes: Path, ignore: Sequence[str], records: Mapping[str, SourceRecord], wall_ns: int) -> Scan:
    """Compare the notes folder with the deck's ``records``; ``wall_ns`` is the real clock's time.time_ns()."""
    scan = Scan()
    for relative in find_notes(notes, ignore):
        scan.present.add(relative)
        record = records.get(relative)
        stamp = note_stamp(notes, relative)
        if record is not None and stamp is not None and record.stamp == stamp:
            scan.unchanged += 1
            continue
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
    return scan
