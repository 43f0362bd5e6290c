"""No-change rebuilds: the stat decides first, the content hash is the truth, nothing is written."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest

from flashforge import scan
from flashforge.build import build_notes
from flashforge.config import Settings
from flashforge.model import FileStamp
from flashforge.scan import scan_notes
from flashforge.sources import note_stamp
from flashforge.store import Deck, SourceRecord

from .conftest import NOW

DATA = Path(__file__).parent / "data"

NOTE = "# 笔记\n\n## 网络\n\n- ARP：把 IP 地址解析成 MAC 地址。\n- DNS：把域名解析成 IP 地址。\n"


@pytest.fixture
def project(tmp_path: Path) -> Settings:
    notes = tmp_path / "notes"
    (notes / "sub").mkdir(parents=True)
    (notes / "笔记.md").write_text(NOTE, encoding="utf-8")
    (notes / "sub" / "other.md").write_text(NOTE.replace("笔记", "其他"), encoding="utf-8")
    return Settings(root=tmp_path, notes=notes, db=tmp_path / "cards" / "deck.db", dist=tmp_path / "dist")


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    # Files written by the test are younger than the settling time; trust their stat anyway.
    monkeypatch.setattr(scan, "SETTLE_NS", 0)


def records(settings: Settings) -> dict[str, SourceRecord]:
    with Deck.open(settings.db) as deck:
        return deck.source_records()


def deck_bytes(settings: Settings) -> dict[str, str]:
    folder = settings.db.parent
    return {path.name: hashlib.sha1(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir())}


def test_a_matching_stat_means_unchanged_without_reading(project: Settings) -> None:
    stamp = note_stamp(project.notes, "笔记.md")
    assert stamp is not None
    known = {"笔记.md": SourceRecord("a hash the file does not have", stamp)}
    result = scan_notes(project.notes, (), known, time.time_ns())
    assert result.unchanged == 1  # trusted the stat: the file was not hashed
    assert [source.path for source in result.changed] == ["sub/other.md"]


def test_nothing_changed_writes_nothing(project: Settings, settled: None) -> None:
    build_notes(project, NOW)
    before = deck_bytes(project)
    report = build_notes(project, NOW)
    assert (report.files_read, report.files_unchanged) == (0, 2)
    assert deck_bytes(project) == before  # no write transaction, not even a checkpoint


def test_same_content_new_stat_is_unchanged_and_remembered(project: Settings, settled: None) -> None:
    build_notes(project, NOW)
    path = project.notes / "笔记.md"
    path.write_text(NOTE, encoding="utf-8")  # what a git checkout does: same bytes, new times
    os.utime(path, ns=(time.time_ns(), time.time_ns() - 5_000_000_000))
    report = build_notes(project, NOW)
    assert (report.files_read, report.files_unchanged) == (0, 2)
    assert records(project)["笔记.md"].stamp == note_stamp(project.notes, "笔记.md")


def test_same_size_and_restored_mtime_is_still_read(project: Settings, settled: None) -> None:
    build_notes(project, NOW)
    path = project.notes / "笔记.md"
    old = path.stat()
    path.write_text(NOTE.replace("MAC", "mac"), encoding="utf-8")  # same size
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))  # as cp -p or tar would leave it
    assert path.stat().st_size == old.st_size
    report = build_notes(project, NOW)
    assert (report.files_read, sum(report.updated.values())) == (1, 1)  # the ctime gave it away


def test_a_freshly_written_file_is_hashed_again_next_time(project: Settings) -> None:
    build_notes(project, NOW)
    assert records(project)["笔记.md"].stamp is None  # written within the settling time: not trusted yet
    assert build_notes(project, NOW).files_unchanged == 2  # found unchanged by its hash


def test_stamps_are_kept_for_files_left_alone(project: Settings) -> None:
    build_notes(project, NOW)
    stamps = {path: note_stamp(project.notes, path) for path in ("笔记.md", "sub/other.md")}
    later = max(max(stamp.mtime_ns, stamp.ctime_ns) for stamp in stamps.values() if stamp) + scan.SETTLE_NS
    result = scan_notes(project.notes, (), records(project), later)
    assert result.restamped == stamps  # once settled, the next build records them
    assert result.changed == [] and all(isinstance(stamp, FileStamp) for stamp in stamps.values())


def test_a_deck_built_before_stamps_hashes_once_then_trusts_the_stat(project: Settings, settled: None) -> None:
    project.db.parent.mkdir()
    shutil.copyfile(DATA / "deck_v1.db", project.db)  # a version-1 deck: sources without stat columns
    first = build_notes(project, NOW)
    assert first.files_read == 2
    assert records(project)["笔记.md"].stamp == note_stamp(project.notes, "笔记.md")
