"""flashforge stats on a deck with a known schedule and review log."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from flashforge.schedule import CardState
from flashforge.store import Deck
from tests.conftest import NOW, sample_cards
from tests.test_review_support import cli, make_deck, state_of, utc_zone

pytestmark = pytest.mark.usefixtures("utc_zone")
__all__ = ["utc_zone"]

IDS = [card.id for card in sample_cards()]


def review_state(index: int, due_in: timedelta, **changes: object) -> CardState:
    values: dict[str, object] = {
        "state": "review",
        "stability": 10.0,
        "difficulty": 5.0,
        "due": NOW + due_in,
        "last_review": NOW - timedelta(days=10),
        "reps": 3,
    }
    values.update(changes)
    return CardState(IDS[index], **values)  # type: ignore[arg-type]


def answer_at(deck: Deck, index: int, before_state: str, rating: int, at: timedelta) -> int:
    before = CardState(IDS[index], state=before_state)
    after = review_state(index, timedelta(days=5))
    return deck.record_answer(before, after, rating, NOW + at, 4000)


@pytest.fixture
def known_deck(tmp_path: Path) -> Path:
    db = make_deck(tmp_path)
    deck = Deck.open(db)
    # Reviews first (record_answer writes card_state too); the states below overwrite them.
    answer_at(deck, 0, "review", 3, -timedelta(hours=1))
    answer_at(deck, 1, "review", 1, -timedelta(hours=1))
    answer_at(deck, 8, "new", 3, -timedelta(hours=1))
    undone = answer_at(deck, 2, "review", 1, -timedelta(hours=2))
    deck.undo_answer(undone, CardState(IDS[2]))
    answer_at(deck, 3, "review", 4, -timedelta(hours=5))  # 03:00: still yesterday (days start at 04:00)
    answer_at(deck, 3, "review", 2, -timedelta(days=3))
    answer_at(deck, 4, "review", 1, -timedelta(days=20))
    answer_at(deck, 5, "learning", 3, -timedelta(days=20))
    answer_at(deck, 6, "review", 3, -timedelta(days=40))  # outside both windows
    states = [
        review_state(0, -timedelta(days=1)),  # overdue: today
        review_state(1, timedelta(hours=10)),  # 18:00: today
        review_state(2, timedelta(hours=21)),  # 05:00 tomorrow: after the day turns
        review_state(3, timedelta(days=4)),  # this week
        review_state(4, timedelta(days=19)),
        review_state(5, timedelta(minutes=10), state="learning", step=1),
        review_state(6, timedelta(hours=21), suspended=True),
        review_state(7, timedelta(days=1), lapses=9, leech=True, suspended=True),
        CardState(IDS[8]),  # answered once today but set back to new here: counts as new
    ]
    for state in states:
        deck.save_state(state)
    deck.close()
    return db


def test_stats_json(known_deck: Path) -> None:
    result = cli(known_deck, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["cards"] == 10
    assert (report["due_today"], report["due_tomorrow"], report["due_this_week"]) == (3, 1, 5)
    assert (report["new"], report["learning"], report["review"], report["suspended"]) == (2, 1, 5, 2)
    assert report["reviews_today"] == 3
    assert report["last_7_days"] == {"days": 7, "reviews": 5, "review_state_reviews": 4, "retention": 0.75}
    assert report["last_30_days"] == {"days": 30, "reviews": 7, "review_state_reviews": 5, "retention": 0.6}
    assert [(leech["id"], leech["lapses"], leech["suspended"]) for leech in report["leeches"]] == [(IDS[7], 9, True)]
    assert report["leeches"][0]["source"] == "笔记.md:30"


def test_stats_text(known_deck: Path) -> None:
    result = cli(known_deck, "stats")
    assert result.exit_code == 0, result.output
    text = result.output
    assert "today" in text and "tomorrow" in text and "this week" in text
    assert "75.0%" in text and "60.0%" in text
    assert "Leeches" in text and "DHCP › 过程" in text


def test_stats_for_one_deck(known_deck: Path) -> None:
    report = json.loads(cli(known_deck, "stats", "--format", "json", "--deck", "笔记::iptables").output)
    assert report["cards"] == 2  # NEW and ESTABLISHED (indexes 3 and 4)
    assert report["review"] == 2
    assert report["last_30_days"]["reviews"] == 3  # two for NEW, one for ESTABLISHED


def test_stats_on_an_empty_deck(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    report = json.loads(cli(db, "stats", "--format", "json").output)
    assert report["new"] == 10 and report["due_today"] == 0
    assert report["last_7_days"]["retention"] is None
    bad = cli(db, "stats", "--format", "xml")
    assert bad.exit_code == 2 and "use text or json" in bad.output


def test_eighth_lapse_in_a_review_makes_a_leech(tmp_path: Path) -> None:
    db = make_deck(tmp_path, sample_cards()[:2])
    deck = Deck.open(db)
    deck.save_state(review_state(0, -timedelta(hours=1), lapses=7))
    deck.close()
    result = cli(db, "review", "--new", "0", lines=["", "1", "q"])
    assert "Leech: failed 8 times" in result.output
    assert "Leech (tagged and suspended)" in result.output
    row = state_of(db, IDS[0])
    assert row is not None and (row["leech"], row["suspended"], row["lapses"]) == (1, 1, 8)
    report = json.loads(cli(db, "stats", "--format", "json").output)
    assert [leech["id"] for leech in report["leeches"]] == [IDS[0]]
    # Suspended: it does not come back in the session or the next day.
    tomorrow = cli(db, "review", "--new", "0", lines=["q"], now=NOW + timedelta(days=1))
    assert "Nothing due now" in tomorrow.output
