"""Parallel builds: worker processes give exactly the serial build's cards; a dead worker costs one file."""

from __future__ import annotations

import dataclasses
import os
import shutil
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from flashforge import build, compile
from flashforge.build import BuildReport, build_notes
from flashforge.config import Settings
from flashforge.model import Card
from flashforge.parallel import chunked, ordered_map, tapered, tapering
from flashforge.sources import SourceText
from flashforge.store import Deck, StoredCard

from .conftest import NOW, REPO


def notes_folder(root: Path, copies: int) -> Settings:
    """The shipped notes and the golden examples, copied under several names in nested folders."""
    notes = root / "notes"
    examples = [REPO / "notes" / "杂乱笔记.md", *sorted((REPO / "tests" / "golden").glob("*.md"))]
    for copy in range(copies):
        folder = notes / f"topic{copy % 3}" / f"part{copy}"
        folder.mkdir(parents=True)
        for example in examples:
            shutil.copyfile(example, folder / example.name)
    return Settings(root=root, notes=notes, db=root / "cards" / "deck.db", dist=root / "dist")


def stored(settings: Settings) -> list[StoredCard]:
    deck = Deck.open(settings.db)
    try:
        return deck.cards(include_orphans=True)
    finally:
        deck.close()


def counts(report: BuildReport) -> dict[str, object]:
    fields = dataclasses.asdict(report)
    return {name: fields[name] for name in ("files_read", "files_unchanged", "new", "card_total")}


@pytest.fixture
def always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    # A test-sized folder is below the size where a real build starts a pool.
    monkeypatch.setattr(build, "SERIAL_CHARS", 0)
    monkeypatch.setattr(build, "MIN_CHUNK_CHARS", 1)


def test_serial_and_parallel_builds_give_identical_cards(tmp_path: Path, always_parallel: None) -> None:
    serial = notes_folder(tmp_path, copies=4)
    parallel = dataclasses.replace(serial, db=tmp_path / "parallel.db")
    serial_report = build_notes(serial, NOW, workers=1)
    parallel_report = build_notes(parallel, NOW, workers=3)
    assert counts(parallel_report) == counts(serial_report)
    assert parallel_report.notices == serial_report.notices
    assert parallel_report.problems == serial_report.problems
    serial_cards, parallel_cards = stored(serial), stored(parallel)
    assert len(serial_cards) > 1000
    assert parallel_cards == serial_cards  # every field of every card, in the same order


def test_a_parallel_rebuild_changes_only_what_changed(tmp_path: Path, always_parallel: None) -> None:
    settings = notes_folder(tmp_path, copies=3)
    build_notes(settings, NOW, workers=2)
    before = {card.card.id: card for card in stored(settings)}
    edited = settings.notes / "topic1" / "part1" / "杂乱笔记.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n## 新\n\n- 新词：新的意思。\n", encoding="utf-8")
    report = build_notes(settings, NOW, workers=2)
    assert (report.files_read, sum(report.new.values())) == (1, 1)
    after = {card.card.id: card for card in stored(settings)}
    assert len(after) == len(before) + 1
    assert all(after[card_id] == card for card_id, card in before.items())


def _dies_on(name: str) -> object:
    real = compile.cards_for_text

    def cards_for_text(source: SourceText) -> tuple[list[Card], object]:
        if source.path.endswith(name):
            os._exit(70)  # what a crash in a C extension or the out-of-memory killer looks like to the pool
        return real(source)

    return cards_for_text


def test_a_worker_that_dies_costs_only_its_file(
    tmp_path: Path, always_parallel: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = notes_folder(tmp_path, copies=2)
    killer = settings.notes / "topic1" / "part1" / "killer.md"
    killer.write_text("# 杀手\n\n- 术语：含义。\n", encoding="utf-8")
    expected = build_notes(dataclasses.replace(settings, db=tmp_path / "reference.db"), NOW, workers=1)
    killer.unlink()
    reference = build_notes(dataclasses.replace(settings, db=tmp_path / "without.db"), NOW, workers=1)
    killer.write_text("# 杀手\n\n- 术语：含义。\n", encoding="utf-8")
    monkeypatch.setattr(compile, "cards_for_text", _dies_on("killer.md"))  # workers are forked: they see it

    report = build_notes(settings, NOW, workers=2)

    assert [(problem.path, "crashed" in problem.message) for problem in report.problems] == [
        ("topic1/part1/killer.md", True)
    ]
    assert report.files_read == expected.files_read
    assert report.card_total == reference.card_total  # every other file built
    deck = Deck.open(settings.db)
    assert "topic1/part1/killer.md" not in deck.source_hashes()  # so the next build tries it again
    deck.close()


def test_an_exception_in_one_file_is_reported_and_the_others_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = notes_folder(tmp_path, copies=1)
    reference_settings = dataclasses.replace(settings, db=tmp_path / "reference.db")
    reference = build_notes(reference_settings, NOW, workers=1)
    real = compile.cards_for_text

    def broken(source: SourceText) -> tuple[list[Card], object]:
        if source.path.endswith("杂乱笔记.md"):
            raise ValueError("unexpected shape")
        return real(source)

    monkeypatch.setattr(compile, "cards_for_text", broken)
    report = build_notes(settings, NOW, workers=1)
    assert [problem.message for problem in report.problems] == [
        "could not be parsed (ValueError: unexpected shape); please report this file"
    ]
    from_others = [card for card in stored(reference_settings) if not card.card.source_path.endswith("杂乱笔记.md")]
    assert report.card_total == len(from_others) < reference.card_total


def test_chunks_keep_order_and_size() -> None:
    items = list("abcdefg")
    assert chunked(items, [5, 1, 1, 5, 1, 1, 1], target=5) == [["a"], ["b", "c", "d"], ["e", "f", "g"]]
    assert [item for chunk in chunked(items, [1] * 7, target=3) for item in chunk] == items


def test_tapered_chunks_keep_order_and_shrink_towards_the_end() -> None:
    items = list(range(200))
    chunks = tapered(items, [10] * 200, workers=2, least=30, most=10_000)
    assert [item for chunk in chunks for item in chunk] == items
    sizes = [len(chunk) for chunk in chunks]
    assert sizes[0] == 34  # a sixth of 2,000 (two workers, three chunks each of what is left), 10 a file
    assert sizes == sorted(sizes, reverse=True)[: len(sizes) - 1] + sizes[-1:]  # shrinking, the rest last
    assert min(sizes[:-1]) == 3  # never below ``least`` (30)
    assert tapered(items, [10] * 200, workers=2, least=30, most=100)[0] == list(range(10))  # at most ``most``


def _touched(paths: Sequence[str]) -> list[str]:
    for path in paths:
        Path(path).touch()
    return list(paths)


def test_a_worker_starts_on_the_first_chunk_while_the_next_ones_are_made(tmp_path: Path) -> None:
    first, second = str(tmp_path / "first"), str(tmp_path / "second")

    def made() -> Iterator[list[str]]:  # as a build reads its files: the second chunk waits for the first's work
        yield [first]
        deadline = time.monotonic() + 120
        while not Path(first).exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        yield [second] if Path(first).exists() else []

    results = ordered_map(_touched, made(), 2, lambda item: item)
    assert list(results) == [[first], [second]]


def test_chunks_made_one_by_one_are_the_tapered_chunks() -> None:
    sizes = [10 * (1 + index % 7) for index in range(300)]
    expected = tapered(list(range(300)), sizes, workers=2, least=30, most=400)
    assert list(tapering(iter(zip(range(300), sizes, strict=True)), sum(sizes), 2, 30, 400)) == expected
