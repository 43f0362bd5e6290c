"""A build that would orphan most of the deck stops and says so (issue 11, case 10).

A wrong ``--notes`` (an empty folder) used to orphan the whole deck with exit 0, and a ``prune``
after it deleted every card's review history.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashforge.cli import app
from tests.conftest import NOW
from tests.test_review_support import unwrapped

runner = CliRunner()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FLASHFORGE_NOW", NOW.isoformat())
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "网络.md").write_text("# 网络\n\n- ARP：地址解析\n- DNS：域名解析\n- TCP：传输层\n", encoding="utf-8")
    (notes / "系统.md").write_text("# 系统\n\n- 进程：资源分配单位\n", encoding="utf-8")
    assert runner.invoke(app, ["build"]).exit_code == 0
    return tmp_path


def orphaned(project: Path) -> int:
    conn = sqlite3.connect(project / "cards" / "deck.db")
    try:
        return int(conn.execute("SELECT count(*) FROM cards WHERE orphaned_at IS NOT NULL").fetchone()[0])
    finally:
        conn.close()


def test_an_empty_notes_folder_orphans_nothing_without_allow_orphans(project: Path) -> None:
    (project / "empty").mkdir()
    result = runner.invoke(app, ["--notes", "empty", "build"])
    assert result.exit_code == 2
    message = unwrapped(result.output)
    assert "would orphan 4 of the deck's 4 cards (2 notes file(s) gone); nothing was changed" in message
    assert "--allow-orphans" in message
    assert orphaned(project) == 0
    assert runner.invoke(app, ["prune"]).exit_code == 0
    assert orphaned(project) == 0 and "ARP" in runner.invoke(app, ["cards", "-f", "jsonl"]).output


def test_losing_more_than_half_stops_losing_less_does_not(project: Path) -> None:
    (project / "notes" / "网络.md").unlink()  # 3 of 4 cards
    assert runner.invoke(app, ["build"]).exit_code == 2 and orphaned(project) == 0
    assert runner.invoke(app, ["build", "--allow-orphans"]).exit_code == 0 and orphaned(project) == 3


def test_a_small_loss_builds_as_before(project: Path) -> None:
    (project / "notes" / "系统.md").unlink()  # 1 of 4 cards
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    assert orphaned(project) == 1


def test_export_keeps_the_deck_as_last_built(project: Path) -> None:
    (project / "empty").mkdir()
    result = runner.invoke(app, ["--notes", "empty", "export", "csv", "-o", "out.txt"])
    assert "would orphan" in unwrapped(result.output) and "exporting the deck as last built" in unwrapped(result.output)
    assert orphaned(project) == 0 and "ARP" in (project / "out.txt").read_text(encoding="utf-8")
