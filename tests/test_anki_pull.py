"""`flashforge anki pull` against real Anki collections (the `anki` library inside Anki desktop)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection

from flashforge.clock import parse_time
from flashforge.config import ReviewSettings
from flashforge.export.pipeline import export
from flashforge.schedule import CardState, answer, make_scheduler
from flashforge.store import Deck
from flashforge.store.reviews import state_row
from tests.anki_support import answer as answer_in_anki
from tests.anki_support import export_with_scheduling, import_package
from tests.conftest import NOW
from tests.test_review_support import cli, reviews, state_of

STATE_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")


@pytest.fixture
def db(filled_deck: Deck, tmp_path: Path, collection: Collection) -> Path:
    """The sample deck, exported and imported into the Anki collection."""
    result = export(filled_deck, notes_root=tmp_path / "notes", dist=tmp_path / "dist", fmt="apkg", now=NOW)
    import_package(collection, result.target)
    assert filled_deck.path is not None
    return filled_deck.path


def card_ids_by_guid(col: Collection) -> dict[tuple[str, int], int]:
    rows = col.db.all("SELECT c.id, n.guid, c.ord FROM cards c JOIN notes n ON n.id = c.nid")
    return {(str(guid), int(ord_)): int(cid) for cid, guid, ord_ in rows}


def flashforge_ids(deck_path: Path) -> dict[tuple[str, int], str]:
    with Deck.open(deck_path) as deck:
        return {(s.card.note_id, s.card.ord): s.card.id for s in deck.cards(include_orphans=True)}


def review_some(col: Collection, count: int) -> list[int]:
    """Answer ``count`` cards once in Anki (Good, then Again for every third), returning their Anki ids."""
    chosen = sorted(col.find_cards(""))[:count]
    for index, card_id in enumerate(chosen):
        answer_in_anki(col, card_id, 3)
        answer_in_anki(col, card_id, 1 if index % 3 == 2 else 3)
    return chosen


def replayed(rows: list[dict[str, Any]]) -> CardState:
    scheduler = make_scheduler(ReviewSettings())
    state = CardState(rows[0]["card_id"])
    for row in sorted(rows, key=lambda r: r["reviewed_at"]):
        moment = parse_time(row["reviewed_at"])
        assert moment is not None
        state = answer(scheduler, state, row["rating"], moment)
    return state


def assert_state_is_replay(deck_path: Path, card_id: str) -> None:
    rows = [row for row in reviews(deck_path) if row["card_id"] == card_id and not row["undone"]]
    expected = state_row(replayed(rows))
    stored = state_of(deck_path, card_id)
    assert stored is not None
    assert {k: stored[k] for k in STATE_FIELDS} == {k: expected[k] for k in STATE_FIELDS}


@pytest.mark.parametrize("name", ["collection.colpkg", "deck.apkg", "legacy.apkg", "legacy.colpkg", "collection.anki2"])
def test_reviews_come_back_once_and_the_state_is_a_replay(db: Path, collection: Collection, tmp_path: Path, name: str):
    anki_ids = review_some(collection, 4)
    by_anki_id = {anki_id: key for key, anki_id in card_ids_by_guid(collection).items()}
    if name == "collection.anki2":
        collection.close()  # "with Anki closed"
        source = Path(collection.path)
    else:
        source = export_with_scheduling(collection, tmp_path / name, legacy=name.startswith("legacy"))
    before = source.read_bytes()

    first = cli(db, "anki", "pull", str(source))
    assert first.exit_code == 0, first.output
    assert "Pulled 8 reviews" in first.output and "into 4 cards" in first.output
    pulled = reviews(db)
    assert len(pulled) == 8
    assert {row["source"] for row in pulled} == {"anki"}
    assert len({row["anki_revlog_id"] for row in pulled}) == 8

    again = cli(db, "anki", "pull", str(source))
    assert again.exit_code == 0, again.output
    assert "Pulled 0 reviews" in again.output and "8 already in the deck" in again.output
    assert len(reviews(db)) == 8
    assert source.read_bytes() == before  # read-only on the Anki file

    ours = flashforge_ids(db)
    for anki_id in anki_ids:
        card_id = ours[by_anki_id[anki_id]]
        assert [row["rating"] for row in pulled if row["card_id"] == card_id] in ([3, 3], [3, 1])
        assert_state_is_replay(db, card_id)


def test_reviews_of_foreign_notes_are_counted_and_left_alone(db: Path, collection: Collection, tmp_path: Path):
    basic = collection.models.by_name("Basic")
    assert basic is not None
    note = collection.new_note(basic)
    note["Front"], note["Back"] = "mine", "not flashforge's"
    collection.add_note(note, collection.decks.id("Mine"))
    answer_in_anki(collection, note.cards()[0].id, 3)
    review_some(collection, 1)
    source = export_with_scheduling(collection, tmp_path / "all.colpkg")
    result = cli(db, "anki", "pull", str(source))
    assert result.exit_code == 0, result.output
    assert "Pulled 2 reviews" in result.output and "1 of notes flashforge did not make" in result.output
    assert len(reviews(db)) == 2


def assert_refused(db: Path, source: Path, message: str) -> None:
    before = [dict(row) for row in reviews(db)]
    result = cli(db, "anki", "pull", str(source))
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "nothing changed" in lines[0], result.output
    assert str(source) in lines[0]
    assert [dict(row) for row in reviews(db)] == before


def test_a_package_without_scheduling_is_refused(db: Path, collection: Collection, tmp_path: Path):
    from anki.collection import ExportAnkiPackageOptions

    review_some(collection, 2)
    target = tmp_path / "plain.apkg"
    options = ExportAnkiPackageOptions(with_scheduling=False, with_media=False)
    collection.export_anki_package(out_path=str(target), options=options, limit=None)
    assert_refused(db, target, "without scheduling")


def test_a_collection_open_in_anki_is_refused(db: Path, collection: Collection):
    review_some(collection, 1)
    collection.close()
    path = Path(collection.path)
    holder = sqlite3.connect(path, isolation_level=None)  # holds the file as Anki does while a window is open
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert_refused(db, path, "open in Anki (locked)")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert cli(db, "anki", "pull", str(path)).exit_code == 0


def test_a_newer_schema_is_refused(db: Path, collection: Collection, tmp_path: Path):
    review_some(collection, 1)
    collection.close()
    newer = tmp_path / "newer.anki2"
    shutil.copy(collection.path, newer)
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE col SET ver = 99")
    conn.commit()
    conn.close()
    assert_refused(db, newer, "newer Anki (collection schema 99")


@pytest.mark.parametrize("content", [b"", b"hello, not anki", b"PK\x03\x04broken zip"])
def test_files_that_are_not_anki_collections_are_refused(db: Path, tmp_path: Path, content: bytes):
    path = tmp_path / "notes.colpkg"
    path.write_bytes(content)
    assert_refused(db, path, "not")


def test_a_sqlite_file_that_is_not_a_collection_is_refused(db: Path):
    assert_refused(db, db, "not an Anki collection")


def test_a_missing_file_is_refused(db: Path, tmp_path: Path):
    assert_refused(db, tmp_path / "nope.colpkg", "no such file")


def test_an_older_deck_keeps_its_log_as_terminal_answers(tmp_path: Path):
    path = tmp_path / "deck.db"
    shutil.copyfile(Path(__file__).parent / "data" / "deck_v1.db", path)
    with Deck.open(path) as deck:
        log = deck.review_log()
        assert log and {(row.source, row.anki_revlog_id) for row in log} == {("terminal", None)}
        assert deck.known_revlog_ids() == set()
