"""Note text and file names reach the terminal as plain characters (issue 11, cases 6 and 7).

Rich markup in a note (``conns[i]``, ``[/etc]``) is shown as written, never parsed (it used to crash
``cards``/``preview``/``stats`` or silently drop text); escape sequences and other control characters
are dropped, so a note cannot clear the screen or set the terminal title.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashforge.cli import app
from flashforge.display import SafeConsole, printable
from flashforge.schedule import CardState
from flashforge.store import Deck
from tests.conftest import NOW, make_card
from tests.test_review_support import unwrapped

runner = CliRunner()
MARKUP_NOTE = """# 笔记

## 目录

- 目录[/etc]：系统配置文件所在的目录
- 计数：conns[i] 与 cnt[s] 的和
- 参数：fix [review] parameters 之后再看
- 清屏：这一行带着 \x1b[2J 和 \x1b]0;pwned\x07 以及 \x9b31m
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FLASHFORGE_NOW", NOW.isoformat())
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "笔记.md").write_text(MARKUP_NOTE, encoding="utf-8")
    return tmp_path


def assert_plain(output: str) -> None:
    text = unwrapped(output)
    assert "目录[/etc]" in text and "conns[i] 与 cnt[s]" in text and "fix [review] parameters" in text
    assert not any(char in output for char in "\x1b\x07\x9b"), repr(output)


def test_build_then_cards_and_preview_show_markup_as_written(project: Path) -> None:
    built = runner.invoke(app, ["build"])
    assert built.exit_code == 0, built.output
    listed = runner.invoke(app, ["cards"])
    assert listed.exit_code == 0, listed.output
    assert_plain(listed.output)
    previewed = runner.invoke(app, ["preview", "notes/笔记.md"])
    assert previewed.exit_code == 0, previewed.output
    assert_plain(previewed.output)


def test_a_leech_with_markup_shows_in_stats(project: Path) -> None:
    card = make_card("definition", "目录", "目录[/etc] \x1b[2J", "conns[i] 与 cnt[s]")
    db = project / "cards" / "deck.db"
    with Deck.open(db) as deck:
        deck.apply_file("笔记.md", "hash", [card], NOW)
        deck.save_state(CardState(card.id, state="relearning", reps=20, lapses=9, leech=True, suspended=True))
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0, result.output
    assert "目录[/etc]" in result.output and "\x1b" not in result.output


def test_warnings_show_paths_with_markup_and_escapes(project: Path) -> None:
    odd = project / "notes" / "a[" / "i]b\x1b[2J.md"  # the path reads notes/a[/i]b….md
    odd.parent.mkdir()
    odd.write_bytes(b"\x00\x01binary")
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 1, result.output
    assert "a[/i]b[2J.md" in unwrapped(result.output)
    assert "\x1b" not in result.output


def test_printable_keeps_newline_and_tab_and_names_bad_bytes() -> None:
    assert printable("a\x1b[2Jb\tc\nd\x9b\x7f\x00") == "a[2Jb\tc\nd"
    assert printable(os.fsdecode(b"bad\xff\xfe.md")) == "bad\\xff\\xfe.md"


def test_safe_console_prints_markup_literally(capsys: pytest.CaptureFixture[str]) -> None:
    SafeConsole(width=80, color_system=None).print("[bold]x[/] [/etc] \x1b]0;t\x07")
    assert capsys.readouterr().out == "[bold]x[/] [/etc] ]0;t\n"
