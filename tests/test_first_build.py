"""A build into a deck without cards inserts each batch at once: the deck ends as file-by-file writes leave it."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from flashforge.build import BuildReport, _write, build_notes
from flashforge.compile import Compiled, compile_sources
from flashforge.progress import SILENT
from flashforge.sources import SourceText, find_notes, read_note
from flashforge.store import Deck

from .conftest import NOW
from .test_parallel_build import notes_folder


def table(db: Path, name: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT * FROM {name} ORDER BY rowid").fetchall()


def file_by_file(db: Path, compiled: Sequence[Compiled]) -> BuildReport:
    """What a build wrote before: apply_values for each file, 50 files a transaction."""
    report = BuildReport()
    with Deck.open(db) as deck:
        for start in range(0, len(compiled), 50):
            with deck.transaction():
                for result in compiled[start : start + 50]:
                    report.add(deck.apply_values(result.path, result.digest, result.rows, NOW, None))
    return report


def counted(report: BuildReport) -> dict[str, object]:
    fields = dataclasses.asdict(report)
    return {name: fields[name] for name in ("new", "updated", "unchanged", "restored", "orphaned")}


def test_a_first_build_writes_what_file_by_file_writes_do(tmp_path: Path) -> None:
    settings = notes_folder(tmp_path, copies=2)
    report = build_notes(settings, NOW, workers=1)
    sources = [read_note(settings.notes, relative) for relative in find_notes(settings.notes, ())]
    compiled = compile_sources([source for source in sources if isinstance(source, SourceText)], settings.notes)
    before = tmp_path / "before.db"
    expected = file_by_file(before, compiled)
    assert report.card_total > 100
    assert counted(report) == counted(expected)
    assert table(settings.db, "cards") == table(before, "cards")
    # read_at and the stat columns differ (a build stamps the files it read); path, hash and count do not
    assert [row[:2] + row[3:4] for row in table(settings.db, "sources")] == [
        row[:2] + row[3:4] for row in table(before, "sources")
    ]


def test_an_id_two_files_give_is_written_as_file_by_file_writes_do(tmp_path: Path) -> None:
    # Card ids hash the file's path, so two files never share one; if they did, the second file takes the card
    # over, as it always has (the batch falls back to file-by-file writes from that file on).
    settings = notes_folder(tmp_path, copies=1)
    sources = [read_note(settings.notes, relative) for relative in find_notes(settings.notes, ())]
    compiled = compile_sources([source for source in sources if isinstance(source, SourceText)], settings.notes)
    first, second, *rest = [result for result in compiled if result.rows]
    taken = (*second.rows[0][:1], *first.rows[0][1:])  # the second file's first id, the first file's content
    odd = [first, dataclasses.replace(second, rows=[second.rows[0], taken, *second.rows[1:]]), *rest]
    odd.insert(1, dataclasses.replace(first, path="copy.md", rows=[taken]))
    expected = file_by_file(tmp_path / "before.db", odd)
    report = BuildReport()
    with Deck.open(tmp_path / "after.db") as deck:
        _write(deck, [odd[:2], odd[2:]], {}, NOW, report, SILENT, eager=True)
    assert counted(report) == counted(expected)
    assert counted(report)["updated"] and counted(report)["new"]
    assert table(tmp_path / "after.db", "cards") == table(tmp_path / "before.db", "cards")


def test_a_deck_with_cards_is_written_file_by_file(tmp_path: Path) -> None:
    settings = notes_folder(tmp_path, copies=1)
    build_notes(settings, NOW, workers=1)
    changed = settings.notes / "topic0" / "part0" / "杂乱笔记.md"
    changed.write_text("# 新\n\n- **TCP**：传输控制协议\n", encoding="utf-8")
    report = build_notes(settings, NOW, workers=1)
    assert report.files_read == 1 and sum(report.new.values()) == 1 and sum(report.orphaned.values()) > 10


def test_a_deck_keeps_as_many_pages_as_a_build_asks(tmp_path: Path) -> None:
    with Deck.open(tmp_path / "deck.db") as deck:
        default = deck._count("PRAGMA cache_size")
        deck.keep_pages(64)
        assert default == -2000 and deck._count("PRAGMA cache_size") == -64 * 1024  # KiB, as SQLite counts
