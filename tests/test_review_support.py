"""Helpers shared by the review, quiz and stats tests (no tests here)."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from flashforge.cli import app
from flashforge.model import Card
from flashforge.store import Deck
from flashforge.store.reviews import state_row
from tests.conftest import NOW, sample_cards

runner = CliRunner()

# Run the CLI in a child process exactly as a user would (no console script needed).
CLI = [sys.executable, "-c", "from flashforge.cli import main; main()"]


@contextmanager
def local_zone(name: str) -> Iterator[None]:
    """Review days follow the local zone; pin it so that day boundaries are known."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()


@pytest.fixture
def utc_zone() -> Iterator[None]:
    with local_zone("UTC"):
        yield


def make_deck(folder: Path, cards: Sequence[Card] | None = None) -> Path:
    path = folder / "cards" / "deck.db"
    deck = Deck.open(path)
    deck.apply_file("笔记.md", "hash-1", list(sample_cards() if cards is None else cards), NOW)
    deck.close()
    return path


def cli(
    db: Path, *args: str, lines: Sequence[str] = (), now: datetime = NOW, env: dict[str, str] | None = None
) -> Result:
    """Run ``flashforge --db DB ARGS`` with a pinned clock and ``lines`` as the piped stdin."""
    text = "".join(line + "\n" for line in lines)
    environment = {"FLASHFORGE_NOW": now.isoformat(), **(env or {})}
    return runner.invoke(app, ["--db", str(db), *args], input=text, env=environment)


def unwrapped(output: str) -> str:
    """The output with every run of white space (line wraps included) as one space: check messages on this."""
    return " ".join(output.split())


def reviews(db: Path) -> list[dict[str, Any]]:
    with Deck.open(db) as deck:
        rows = [dataclasses.asdict(row) for row in deck.review_log()]
    for row in rows:
        row["before"] = json.loads(row["state_before"])
        row["after"] = json.loads(row["state_after"])
    return rows


def state_of(db: Path, card_id: str) -> dict[str, Any] | None:
    """The card's stored state as its ``card_state`` row."""
    with Deck.open(db) as deck:
        state = deck.card_state(card_id)
    return state_row(state) if state else None


def card_id(key: str) -> str:
    return next(card.id for card in sample_cards() if card.key == key)


def key_of(card_id_: str) -> str:
    return next(card.key for card in sample_cards() if card.id == card_id_)
