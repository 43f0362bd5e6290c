"""A new user's first hour with the command line (issue 11, "from a new user's first hour")."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashforge.cli import app, global_options_first
from flashforge.review.quiz import normalize
from tests.conftest import NOW
from tests.test_review_support import unwrapped

runner = CliRunner()
COMMANDS = [
    ["build"], ["preview"], ["cards"], ["prune"], ["review"], ["quiz"], ["stats"], ["optimize"],
    ["cheatsheet"], ["export"], ["export", "apkg"], ["export", "csv"],
]  # fmt: skip


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FLASHFORGE_NOW", NOW.isoformat())
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "网络.md").write_text("# 网络\n\n- ARP：地址解析\n- DNS：域名解析\n", encoding="utf-8")
    return tmp_path


def test_bare_flashforge_shows_help_and_exits_0() -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 0 and "Usage:" in result.output and "build" in result.output


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_shows_no_bool_metavars(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output and "BOOLEAN" not in result.output


def test_preview_usage_names_its_argument() -> None:
    assert "FILE" in runner.invoke(app, ["preview", "--help"]).output


def test_global_options_work_after_the_command(project: Path) -> None:
    result = runner.invoke(app, ["build", "--db", "x.db"])
    assert result.exit_code == 0, result.output
    assert (project / "x.db").is_file() and not (project / "cards").exists()
    listed = runner.invoke(app, ["cards", "-f", "jsonl", "--notes", "notes", "--db=x.db"])
    assert listed.exit_code == 0 and "ARP" in listed.output


def test_global_options_first_leaves_arguments_after_a_double_dash() -> None:
    commands = ["build", "export"]
    assert global_options_first(["export", "csv", "--db", "x", "-o", "y"], commands) == [
        "--db", "x", "export", "csv", "-o", "y",
    ]  # fmt: skip
    assert global_options_first(["build", "--", "--db"], commands) == ["build", "--", "--db"]
    assert global_options_first(["--db", "x", "build"], commands) == ["--db", "x", "build"]


def test_cards_format_json_says_what_to_use(project: Path) -> None:
    result = runner.invoke(app, ["cards", "-f", "json"])
    assert result.exit_code == 2
    assert "--format json: not a format; use table, jsonl or csv (jsonl is JSON" in unwrapped(result.output)
    assert "Value error" not in result.output


def test_build_without_notes_leaves_no_deck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 2 and "notes folder not found" in result.output
    assert not (tmp_path / "cards").exists()


def test_output_into_a_missing_folder_is_refused(project: Path) -> None:
    assert runner.invoke(app, ["build"]).exit_code == 0
    result = runner.invoke(app, ["cheatsheet", "-o", str(project / "no" / "such" / "x.html")])
    assert result.exit_code == 2
    assert f"{project / 'no'}: no such folder" in unwrapped(result.output)
    assert not (project / "no").exists()
    made = runner.invoke(app, ["export", "csv", "-o", str(project / "dist" / "x.txt")])  # one new folder is fine
    assert made.exit_code == 0 and made.output.startswith("Wrote ")


@pytest.mark.skipif(not Path("/dev/null").is_char_device(), reason="needs /dev/null")
def test_an_output_that_is_a_device_is_never_replaced(project: Path) -> None:
    assert runner.invoke(app, ["build"]).exit_code == 0
    result = runner.invoke(app, ["export", "csv", "-o", os.devnull])
    assert result.exit_code == 2 and "not a regular file" in result.output
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_quiz_ignores_spaces_between_cjk_and_latin() -> None:
    assert normalize("tcp/ip 四层") == normalize("TCP/IP四层") == normalize("TCP/IP 四层")
    assert normalize("四层 模型") == normalize("四层模型")
    assert normalize("a b") != normalize("ab")  # between Latin words a space still counts


def test_quiz_on_a_missing_kind_names_the_kinds_there_are(project: Path) -> None:
    assert runner.invoke(app, ["build"]).exit_code == 0
    result = runner.invoke(app, ["quiz", "--kind", "table"], input="q\n")
    assert result.exit_code == 2
    assert "--kind table: the deck has no table cards; it has definition" in unwrapped(result.output)
    assert "run 'flashforge build'" not in result.output


def test_a_4kb_heading_still_exports_under_a_short_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FLASHFORGE_NOW", NOW.isoformat())
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text("# " + "很长的标题" * 300 + "\n\n- ARP：地址解析\n", encoding="utf-8")
    assert runner.invoke(app, ["build"]).exit_code == 0
    for kind in ("csv", "apkg"):
        result = runner.invoke(app, ["export", kind])
        assert result.exit_code == 0, result.output
    names = [path.name for path in (tmp_path / "dist").iterdir()]
    assert len(names) == 2 and all(len(name.encode()) < 255 and name.startswith("很长的标题") for name in names)
    too_long = runner.invoke(app, ["export", "csv", "-o", "x" * 300 + ".txt"])
    assert too_long.exit_code == 2 and "the file name is too long" in too_long.output
