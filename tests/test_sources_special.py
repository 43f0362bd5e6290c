"""Files in notes/ that are not plain notes are skipped with a warning naming them (issue 11, cases 5 and 11).

A FIFO named ``*.md`` used to hang the build, a link to ``/dev/zero`` ended in MemoryError, links to
files outside ``notes/`` were read, and a file name that is not UTF-8 crashed build, export and
preview with a traceback and kept the other files of its batch out of the deck.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from flashforge.cli import app
from flashforge.sources import SourceProblem, SourceText, read_note
from tests.conftest import NOW
from tests.test_review_support import unwrapped

from .hang_guard import no_hang

runner = CliRunner()
GOOD = "# 网络\n\n- ARP：链路层协议，ip -> mac\n- DNS：域名解析\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FLASHFORGE_NOW", NOW.isoformat())
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "网络.md").write_text(GOOD, encoding="utf-8")
    return tmp_path


def build() -> Result:
    with no_hang("flashforge build"):
        return runner.invoke(app, ["build"])


def sources_in_deck(project: Path) -> list[str]:
    conn = sqlite3.connect(project / "cards" / "deck.db")
    try:
        return sorted(row[0] for row in conn.execute("SELECT DISTINCT source_path FROM cards"))
    finally:
        conn.close()


def test_a_fifo_is_skipped_not_waited_on(project: Path) -> None:
    os.mkfifo(project / "notes" / "pipe.md")
    result = build()
    assert result.exit_code == 1, result.output
    assert "pipe.md: is a named pipe (FIFO), not a notes file" in unwrapped(result.output)
    assert sources_in_deck(project) == ["网络.md"]


def test_a_link_to_a_device_is_skipped(project: Path) -> None:
    (project / "notes" / "zero.md").symlink_to("/dev/zero")
    result = build()
    assert result.exit_code == 1, result.output
    assert "zero.md: links to /dev/zero, outside the notes folder" in unwrapped(result.output)
    assert sources_in_deck(project) == ["网络.md"]


def test_a_link_out_of_the_notes_folder_is_not_read(project: Path) -> None:
    secret = project / "secret.md"
    secret.write_text("# 秘密\n\n- 密码：hunter2\n", encoding="utf-8")
    (project / "notes" / "leak.md").symlink_to(secret)
    result = build()
    assert result.exit_code == 1
    assert f"leak.md: links to {secret.resolve()}, outside the notes folder" in unwrapped(result.output)
    listed = runner.invoke(app, ["cards", "-f", "jsonl"])
    assert "hunter2" not in listed.output


def test_a_link_inside_the_notes_folder_is_read(project: Path) -> None:
    (project / "notes" / "again.md").symlink_to(project / "notes" / "网络.md")
    result = build()
    assert result.exit_code == 0, result.output
    assert sources_in_deck(project) == ["again.md", "网络.md"]


def test_a_broken_link_is_named(project: Path) -> None:
    (project / "notes" / "gone.md").symlink_to(project / "notes" / "nowhere.md")
    result = build()
    assert result.exit_code == 1
    assert "gone.md: is a broken link" in unwrapped(result.output)


def test_a_name_that_is_not_utf8_is_skipped_and_the_rest_builds(project: Path) -> None:
    bad = os.fsdecode(b"bad\xff\xfe.md")
    (project / "notes" / bad).write_text(GOOD, encoding="utf-8")
    (project / "notes" / "zz.md").write_text("# 其他\n\n- TCP：传输层协议\n", encoding="utf-8")
    for _ in range(2):  # and every later build too
        result = build()
        assert result.exit_code == 1, result.output
        assert "bad\\xff\\xfe.md: has a name that is not valid UTF-8" in unwrapped(result.output)
        assert "Traceback" not in result.output
    assert sources_in_deck(project) == ["zz.md", "网络.md"]
    exported = runner.invoke(app, ["export", "csv", "-o", str(project / "out.txt")])
    assert exported.exit_code == 1 and "Wrote" in exported.output, exported.output  # built from the good files
    preview = runner.invoke(app, ["preview", str(project / "notes" / bad)])
    assert preview.exit_code == 2 and "not valid UTF-8" in preview.output
    assert isinstance(preview.exception, SystemExit)


def test_read_note_refuses_special_files_directly(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "p.md")
    (tmp_path / "ok.md").write_text("x", encoding="utf-8")
    with no_hang("read_note on a FIFO"):
        problem = read_note(tmp_path, "p.md")
    assert isinstance(problem, SourceProblem) and problem.path == "p.md"
    assert isinstance(read_note(tmp_path, "ok.md"), SourceText)


@pytest.mark.skipif(not Path("/proc/version").is_file(), reason="needs Linux's /proc")
def test_a_file_that_holds_more_than_its_size_says_is_read_whole() -> None:
    # /proc files say their size is 0; a note that grows between its stat and its read is the same case.
    assert Path("/proc/version").stat().st_size == 0
    source = read_note(Path("/proc"), "version")
    assert isinstance(source, SourceText)
    assert source.text == Path("/proc/version").read_text() != ""
