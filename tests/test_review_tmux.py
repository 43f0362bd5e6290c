"""The review in a real terminal: tmux runs it, send-keys presses single keys, capture-pane reads the screen."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from wcwidth import wcswidth

from tests.conftest import NOW, make_card, sample_cards
from tests.test_review_support import CLI, card_id, make_deck, reviews, state_of

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")

WAIT_LIMIT = 30.0  # a hang guard, not a speed check
WIDTH, HEIGHT = 100, 30


class Terminal:
    """A tmux server of its own (unique -L socket) with one fixed-size window."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.socket = f"ff-test-{uuid.uuid4().hex[:12]}"
        settings = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        # Keep the window open after the program ends so that its last screen can be read.
        # COLUMNS/LINES from the test runner would override the real window size.
        shell = f"env -u COLUMNS -u LINES {settings} {shlex.join(command)}; echo '[exited]' $?; sleep 600"
        self._tmux("new-session", "-d", "-x", str(WIDTH), "-y", str(HEIGHT), shell)

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True)
        return done.stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            self._tmux("send-keys", "-t", "0", key)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "0")

    def wait_until(self, check: Callable[[str], bool], what: str) -> str:
        deadline = time.monotonic() + WAIT_LIMIT
        text = ""
        while time.monotonic() < deadline:
            text = self.screen()
            if check(text):
                return text
            time.sleep(0.05)
        raise AssertionError(f"screen never showed {what}:\n{text}")

    def wait_for(self, *texts: str) -> str:
        return self.wait_until(lambda screen: all(text in screen for text in texts), repr(texts))

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    opened: list[Terminal] = []

    def start(db: Path, *args: str, env: dict[str, str] | None = None) -> Terminal:
        environment = {
            "FLASHFORGE_NOW": NOW.isoformat(),
            "TZ": "UTC",
            "TERM": "xterm-256color",
            "PATH": os.environ.get("PATH", ""),
            **(env or {}),
        }
        term = Terminal([*CLI, "--db", str(db), *args, "review"], environment)
        opened.append(term)
        return term

    yield start
    for term in opened:
        term.close()


def test_keys_reveal_rate_undo_and_quit(tmp_path: Path, terminal: Callable[..., Terminal]) -> None:
    db = make_deck(tmp_path)
    term = terminal(db)
    screen = term.wait_for("网络 › ARP", "done 0")
    assert "链路层协议" not in screen
    assert "Space/Enter show answer" in screen
    term.keys("Space")
    screen = term.wait_for("链路层协议。实现 ip->mac 地址解析。")
    assert "1 Again 1m" in screen and "3 Good 10m" in screen
    term.keys("3")  # a single key, no Enter
    screen = term.wait_for("ip › 默认字段 · ttl", "done 1")
    # The screen is redrawn in place: the previous card is gone.
    assert "网络 › ARP" not in screen
    assert "left: new 4  learning 1  review 0" in screen
    term.keys("u")
    screen = term.wait_for("网络 › ARP", "Undone")
    term.keys("Enter", "4")
    term.wait_for("ip › 默认字段 · ttl", "done 1")
    term.keys("q")
    screen = term.wait_for("Summary", "[exited] 0")
    assert "Answered 1 card" in screen
    log = reviews(db)
    assert [(row["rating"], row["undone"]) for row in log] == [(3, 1), (4, 0)]
    state = state_of(db, card_id("ARP"))
    assert state is not None and state["state"] == "review"


def test_cjk_text_wraps_by_display_width(tmp_path: Path, terminal: Callable[..., Terminal]) -> None:
    long_answer = "连接跟踪表记录每一个连接的状态，包括新建、已建立、相关和无效四种，" * 4 + "END"
    card = make_card("definition", "conntrack", "iptables › conntrack 是什么？", long_answer, line=7)
    db = make_deck(tmp_path, [card])
    term = terminal(db)
    term.wait_for("conntrack 是什么")
    term.keys("Space")
    screen = term.wait_for("END")
    lines = screen.splitlines()
    assert all(wcswidth(line) <= WIDTH for line in lines)
    panel = [line.rstrip() for line in lines if line.startswith("│")]
    assert panel, screen
    # Every row of the card's box ends at the same column, whatever mix of CJK and ASCII it holds.
    assert {wcswidth(line) for line in panel} == {WIDTH}, screen
    body = "".join(line.strip("│ ") for line in panel)
    assert long_answer in body


def test_e_opens_the_editor_and_comes_back(tmp_path: Path, terminal: Callable[..., Terminal]) -> None:
    db = make_deck(tmp_path, sample_cards()[:2])
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "笔记.md").write_text("# 笔记\n\n- ARP：链路层协议\n", encoding="utf-8")
    record = tmp_path / "editor-args.txt"
    editor = tmp_path / "nvim"
    editor.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\n', encoding="utf-8")
    editor.chmod(0o755)
    term = terminal(db, "--notes", str(notes), env={"EDITOR": str(editor), "VISUAL": ""})
    term.wait_for("网络 › ARP")
    term.keys("e")
    # The command leads the notice, so however long the path, it is never split across lines.
    term.wait_for("Run 'flashforge build' to update the cards", "网络 › ARP")
    assert record.read_text(encoding="utf-8").splitlines() == ["+3", str(notes / "笔记.md")]
    term.keys("Space", "3")
    term.wait_for("done 1")
    term.keys("q")
    term.wait_for("Summary")
    assert len(reviews(db)) == 1
