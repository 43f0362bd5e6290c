"""A review is a real process: SIGKILL after N answers loses none of them; a build may run alongside."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import replace
from pathlib import Path

from flashforge.store import Deck
from tests.conftest import NOW, sample_cards
from tests.test_review_support import CLI, make_deck, reviews

WAIT_LIMIT = 30.0  # seconds to wait for the child to draw a screen (a hang guard, not a speed check)


class ReviewProcess:
    """``flashforge review`` fed line commands through a pipe, its output collected as it comes."""

    def __init__(self, db: Path) -> None:
        env = {**os.environ, "FLASHFORGE_NOW": NOW.isoformat(), "PYTHONUNBUFFERED": "1", "TZ": "UTC"}
        self.process = subprocess.Popen(
            [*CLI, "--db", str(db), "review"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            text=True,
            encoding="utf-8",
        )
        self.output = ""
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._lock:
                self.output += line

    def send(self, *lines: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("".join(line + "\n" for line in lines))
        self.process.stdin.flush()

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + WAIT_LIMIT
        while time.monotonic() < deadline:
            with self._lock:
                if text in self.output:
                    return
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError(f"never saw {text!r}; output so far:\n{self.output[-2000:]}")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self._reader.join(timeout=5)


def test_sigkill_after_n_answers_keeps_all_n(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    review = ReviewProcess(db)
    try:
        review.wait_for("done 0")
        answers = 4
        for n in range(1, answers + 1):
            review.send("", "3" if n % 2 else "1")
            # The progress line of the next card is drawn only after the answer is committed.
            review.wait_for(f"done {n} ")
        review.send("")  # reveal the next card, then die before answering it
    finally:
        review.kill()
    assert review.process.returncode == -signal.SIGKILL
    log = reviews(db)
    assert len(log) == answers
    assert [row["rating"] for row in log] == [3, 1, 3, 1]
    deck = Deck.open(db)
    assert deck.integrity_check() == "ok"
    assert len([state for state in deck.card_states() if state.reps > 0]) == answers
    deck.close()


def test_a_build_while_a_review_is_open_corrupts_neither(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    review = ReviewProcess(db)
    try:
        review.wait_for("done 0")
        review.send("", "4")
        review.wait_for("done 1 ")
        # A build rewrites the file's cards while the review waits for a key.
        cards = [replace(card, back=card.back + " (v2)") for card in sample_cards()]
        builder = Deck.open(db)
        change = builder.apply_file("笔记.md", "hash-2", cards, NOW)
        assert len(change.updated) == len(cards)
        review.send("", "4")
        review.wait_for("done 2 ")
        review.send("")
        review.wait_for(" (v2)")  # the next card shows the rebuilt answer
        builder.apply_file("笔记.md", "hash-3", cards[:-1], NOW)  # and orphans one card
        builder.close()
        review.send("4", "", "4", "q")
        review.wait_for("Summary")
        review.process.wait(timeout=WAIT_LIMIT)
    finally:
        if review.process.poll() is None:
            review.kill()
    assert review.process.returncode == 0, review.output
    log = reviews(db)
    assert len(log) == 4
    deck = Deck.open(db)
    assert deck.integrity_check() == "ok"
    assert all(stored.card.back.endswith(" (v2)") for stored in deck.cards())
    assert deck.card_count() == len(cards) - 1
    deck.close()
