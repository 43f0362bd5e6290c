"""`flashforge build / preview / cards / prune` through typer's CliRunner, in a real project folder."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashforge.cli import app

from .conftest import REPO

runner = CliRunner()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    shutil.copytree(REPO / "notes", tmp_path / "notes")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FLASHFORGE_NOW", "2026-12-01T08:00:00+00:00")
    yield tmp_path


def test_build_reports_counts_by_kind(project: Path) -> None:
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    assert "1 file(s) read" in result.output
    for kind in ("definition", "field", "state", "sequence"):
        assert kind in result.output
    assert (project / "cards" / "deck.db").exists()
    again = runner.invoke(app, ["build"])
    assert "0 file(s) read, 1 unchanged" in again.output


def test_cards_jsonl_contract(project: Path) -> None:
    runner.invoke(app, ["build"])
    result = runner.invoke(app, ["cards", "--format", "jsonl"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) > 100
    for record in records:
        assert {"id", "deck", "kind", "front", "back", "tags", "source"} <= set(record)
        assert record["deck"].startswith("杂乱笔记")
        assert isinstance(record["tags"], list)
        path, line = record["source"].rsplit(":", 1)
        assert path == "杂乱笔记.md" and int(line) > 0
    assert len({r["id"] for r in records}) == len(records)
    cloze = [r for r in records if r["kind"] == "sequence"]
    assert all("[...]" in r["front"] for r in cloze)


def test_cards_filters_and_formats(project: Path) -> None:
    runner.invoke(app, ["build"])
    states = runner.invoke(app, ["cards", "--format", "jsonl", "--kind", "state"]).stdout.splitlines()
    assert len(states) == 7
    network = runner.invoke(app, ["cards", "--format", "jsonl", "--deck", "杂乱笔记::网络"]).stdout.splitlines()
    assert network and all(json.loads(line)["deck"] == "杂乱笔记::网络" for line in network)
    csv_out = runner.invoke(app, ["cards", "--format", "csv"]).stdout
    assert csv_out.startswith("id,deck,kind,front,back,tags,source")
    table = runner.invoke(app, ["cards"])
    assert table.exit_code == 0 and "ESTABLISHED" in table.stdout


def test_cards_bad_arguments_get_one_line(project: Path) -> None:
    runner.invoke(app, ["build"])
    bad_kind = runner.invoke(app, ["cards", "--kind", "poem"])
    assert bad_kind.exit_code == 2 and "not a kind" in bad_kind.output
    no_deck = runner.invoke(app, ["cards", "--deck", "nothing::here"])
    assert no_deck.exit_code == 2 and "no cards in deck" in no_deck.output


def test_preview_shows_cards_and_skips(project: Path) -> None:
    result = runner.invoke(app, ["preview", "notes/杂乱笔记.md"])
    assert result.exit_code == 0
    assert "table of contents" in result.output
    assert "only a TODO" in result.output
    assert "ESTABLISHED" in result.output
    missing = runner.invoke(app, ["preview", "notes/nope.md"])
    assert missing.exit_code == 2 and "no such file" in missing.output
    assert "Traceback" not in missing.output


def test_bad_file_exit_code_and_message(project: Path) -> None:
    (project / "notes" / "broken.md").write_bytes(b"\x00\x00\x00binary")
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 1
    assert "broken.md" in result.output and "binary" in result.output
    assert "Traceback" not in result.output


def test_missing_notes_folder(project: Path) -> None:
    result = runner.invoke(app, ["--notes", "nowhere", "build"])
    assert result.exit_code == 2 and "notes folder not found" in result.output


def test_broken_database_is_left_alone(project: Path) -> None:
    (project / "cards").mkdir()
    (project / "cards" / "deck.db").write_bytes(b"garbage" * 1000)
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 2 and "is not a flashforge deck" in result.output
    assert (project / "cards" / "deck.db").read_bytes() == b"garbage" * 1000


def test_prune_removes_orphans(project: Path) -> None:
    runner.invoke(app, ["build"])
    (project / "notes" / "杂乱笔记.md").unlink()
    refused = runner.invoke(app, ["build"])  # the whole deck would be orphaned: the guard asks first
    assert refused.exit_code == 2 and "--allow-orphans" in refused.output
    assert runner.invoke(app, ["build", "--allow-orphans"]).exit_code == 0
    result = runner.invoke(app, ["prune"])
    assert result.exit_code == 0 and "Removed" in result.output
    assert runner.invoke(app, ["cards", "--format", "jsonl"]).stdout == ""


def test_opt_out_with_config(project: Path) -> None:
    (project / "flashforge.toml").write_text('ignore = ["杂乱*.md"]\n', encoding="utf-8")
    runner.invoke(app, ["build"])
    assert runner.invoke(app, ["cards", "--format", "jsonl"]).stdout == ""
    (project / "flashforge.toml").write_text("ignore = [", encoding="utf-8")
    bad = runner.invoke(app, ["build"])
    assert bad.exit_code == 2 and "flashforge.toml" in bad.output and "TOML" in bad.output


def test_a_large_deck_lists_one_line_a_card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flashforge.commands.build import MAX_TABLE_CARDS

    monkeypatch.chdir(tmp_path)
    notes = tmp_path / "notes"
    notes.mkdir()
    items = "".join(
        f"- 术语{i}：第 {i} 个术语的中文解释，足够长以便被截断显示在一行里面\n" for i in range(MAX_TABLE_CARDS + 5)
    )
    (notes / "大.md").write_text("# 大\n\n## 术语\n\n" + items, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["build"]).exit_code == 0
    result = runner.invoke(app, ["cards"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("definition")]
    assert len(lines) == MAX_TABLE_CARDS + 5
    assert "术语 · 术语7 " in lines[7] and lines[7].rstrip().endswith("大.md:12")
