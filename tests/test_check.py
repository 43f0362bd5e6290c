"""`flashforge check`: integrity, orphans, leftover temporary files and what to do (issue 11)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashforge.cli import app
from tests.conftest import NOW
from tests.test_review_support import make_deck, unwrapped

runner = CliRunner()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FLASHFORGE_NOW", NOW.isoformat())
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "网络.md").write_text("# 网络\n\n- ARP：地址解析\n- DNS：域名解析\n", encoding="utf-8")
    (tmp_path / "notes" / "系统.md").write_text("# 系统\n\n- 进程：资源分配单位\n", encoding="utf-8")
    assert runner.invoke(app, ["build"]).exit_code == 0
    return tmp_path


def test_a_healthy_deck_checks_ok(project: Path) -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    assert "integrity ok" in result.output and "3 cards" in result.output


def test_orphans_and_stale_notes_are_reported_with_what_to_do(project: Path) -> None:
    (project / "notes" / "系统.md").unlink()
    assert runner.invoke(app, ["build"]).exit_code == 0
    (project / "notes" / "网络.md").write_text("# 网络\n\n- ARP：地址解析协议\n", encoding="utf-8")
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1
    text = unwrapped(result.output)
    assert "1 orphaned card(s): their notes are gone" in text and "'flashforge prune'" in text
    assert "1 notes file(s) changed since the last build" in text


def test_leftover_temporary_files_are_found_and_cleaned(project: Path) -> None:
    dist = project / "dist"
    dist.mkdir()
    old = dist / ".网络.apkg.k3j2.tmp"
    old.write_bytes(b"")
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    young = dist / ".other.apkg.x1.tmp"  # may belong to an export still running
    young.write_bytes(b"")
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1 and "1 leftover temporary file(s)" in unwrapped(result.output)
    cleaned = runner.invoke(app, ["check", "--clean"])
    assert cleaned.exit_code == 0 and "removed 1 leftover" in cleaned.output
    assert not old.exists() and young.exists()


def test_a_damaged_deck_is_named_with_a_way_out(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    data = bytearray(db.read_bytes())
    data[4096:] = b"\x5a" * (len(data) - 4096)
    db.write_bytes(bytes(data))
    result = runner.invoke(app, ["--db", str(db), "check"])
    assert result.exit_code == 1, result.output
    text = unwrapped(result.output)
    assert "damaged" in text and ".recover" in text and "from a backup" in text
    assert "Traceback" not in result.output


def test_no_deck_yet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1 and "no deck yet" in result.output
