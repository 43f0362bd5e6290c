"""`flashforge export apkg|csv` through the real command line: output, bad input, CSV into real Anki."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from anki.collection import Collection
from anki.import_export_pb2 import ImportCsvRequest
from typer.testing import CliRunner

from flashforge.cli import app
from flashforge.store import Deck
from tests.conftest import NOW, REPO, make_card, sample_cards

runner = CliRunner()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with a built deck of the sample cards and a notes folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FLASHFORGE_NOW", NOW.isoformat())
    deck = Deck.open(tmp_path / "cards" / "deck.db")
    deck.apply_file("笔记.md", "hash-1", sample_cards(), NOW)
    deck.close()
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_apkg_default_path_and_summary(project: Path):
    code, output = run("export", "apkg", "--no-build")
    assert code == 0, output
    target = project / "dist" / "笔记.apkg"
    assert "7 notes, 10 cards, 3 decks" in output
    with zipfile.ZipFile(target) as archive:
        assert {"collection.anki2", "media"} <= set(archive.namelist())
    assert leftovers(project / "dist") == []


def test_deck_prefix_and_parent(project: Path):
    code, output = run("export", "apkg", "--no-build", "--deck", "笔记::网络", "--parent", "复习")
    assert code == 0, output
    assert (project / "dist" / "复习.apkg").is_file()
    assert "4 notes, 7 cards, 1 deck" in output


@pytest.mark.parametrize("name", ["a/b", "a::b", "  "])
def test_parent_with_separator_is_refused(project: Path, name: str):
    code, output = run("export", "apkg", "--no-build", "--parent", name)
    assert code == 2
    assert "--parent" in output and len(output.strip().splitlines()) == 1
    assert not (project / "dist").exists()


def test_deck_prefix_without_cards(project: Path):
    code, output = run("export", "apkg", "--no-build", "--deck", "笔记::没有")
    assert code == 2
    assert "no cards" in output and "笔记" in output
    assert not (project / "dist").exists()


def test_unwritable_output_path(project: Path):
    (project / "blocker").write_text("a file, not a folder")
    code, output = run("export", "apkg", "--no-build", "-o", "blocker/deck.apkg")
    assert code == 2 and "blocker" in output and "-o" in output
    (project / "folder.apkg").mkdir()
    code, output = run("export", "apkg", "--no-build", "-o", "folder.apkg")
    assert code == 2 and "is a folder" in output


def test_image_that_is_not_an_image_leaves_the_old_package(project: Path):
    assert run("export", "apkg", "--no-build")[0] == 0
    target = project / "dist" / "笔记.apkg"
    before = target.read_bytes()
    (project / "notes").mkdir()
    (project / "notes" / "fake.png").write_text("not really a picture")
    deck = Deck.open(project / "cards" / "deck.db")
    deck.apply_file("图.md", "h", [make_card("definition", "X", "X", "见 ![图](fake.png)", path="图.md")], NOW)
    deck.close()
    code, output = run("export", "apkg", "--no-build", "-o", str(target))
    assert code == 2
    assert "fake.png" in output and "not an image" in output
    assert target.read_bytes() == before
    assert leftovers(target.parent) == []


def test_missing_and_outside_images_warn_and_are_left_out(project: Path):
    (project / "secret.png").write_bytes(PNG)
    (project / "notes").mkdir()
    (project / "notes" / "ok.png").write_bytes(PNG)
    text = "![a](missing.png) ![b](../secret.png) ![c](ok.png)"
    deck = Deck.open(project / "cards" / "deck.db")
    deck.apply_file("图.md", "h", [make_card("definition", "X", "X", text, path="图.md")], NOW)
    deck.close()
    code, output = run("export", "apkg", "--no-build", "-o", "out.apkg")
    assert code == 1, output  # written, but with images left out
    assert "missing.png" in output and "not found" in output
    assert "secret.png" in output and "outside the notes folder" in output
    assert "1 media file" in output
    with zipfile.ZipFile(project / "out.apkg") as archive:
        assert archive.read("0") == PNG


def test_builds_first_and_warns_about_stale_notes_with_no_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FLASHFORGE_NOW", NOW.isoformat())
    shutil.copytree(REPO / "notes", tmp_path / "notes")
    code, output = run("export", "apkg")  # no deck yet: the export builds it first
    assert code == 0, output
    assert "Built first" in output and (tmp_path / "dist" / "杂乱笔记.apkg").is_file()
    note = tmp_path / "notes" / "杂乱笔记.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n## 新\n\n- 术语：意思。\n", encoding="utf-8")
    code, output = run("export", "apkg", "--no-build")
    assert code == 0 and "changed since the last build" in output


def test_no_deck_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    code, output = run("export", "csv", "--no-build")
    assert code == 2 and "flashforge build" in output


def test_csv_imports_into_anki_with_decks_tags_and_guids(project: Path):
    code, output = run("export", "csv", "--no-build")
    assert code == 0, output
    target = project / "dist" / "笔记.csv"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("#separator:tab\n#html:true\n")
    (project / "anki").mkdir()
    col = Collection(str(project / "anki" / "collection.anki2"))
    try:
        metadata = col.get_csv_metadata(str(target), None)
        log = col.import_csv(ImportCsvRequest(path=str(target), metadata=metadata)).log
        assert len(log.new) == 7
        assert col.note_count() == 7 and col.card_count() == 10
        names = {d.name for d in col.decks.all_names_and_ids()}
        assert {"笔记::网络", "笔记::iptables", "笔记::IO"} <= names
        established = next(c for c in sample_cards() if c.key == "ESTABLISHED")
        [note_id] = [n for n in col.find_notes("") if col.get_note(n).guid == established.id]
        note = col.get_note(note_id)
        assert "&lt;SYN/ACK&gt; &amp; more" in note["Back"]
        assert "state" in note.tags and "连接状态" in note.tags
        again = col.import_csv(ImportCsvRequest(path=str(target), metadata=col.get_csv_metadata(str(target), None)))
        assert len(again.log.new) == 0 and col.note_count() == 7
    finally:
        col.close()


def test_csv_warns_that_images_stay_behind(project: Path):
    (project / "notes").mkdir()
    (project / "notes" / "ok.png").write_bytes(PNG)
    deck = Deck.open(project / "cards" / "deck.db")
    deck.apply_file("图.md", "h", [make_card("definition", "X", "X", "![c](ok.png)", path="图.md")], NOW)
    deck.close()
    code, output = run("export", "csv", "--no-build", "--deck", "图::")
    assert code == 0, output
    assert "1 notes, 1 cards" in output and "cannot carry" in output


def test_package_without_apkg_suffix_gets_a_warning(project: Path):
    code, output = run("export", "apkg", "--no-build", "-o", "deck.zip")
    assert code == 0 and (project / "deck.zip").is_file()
    assert "*.apkg" in output
