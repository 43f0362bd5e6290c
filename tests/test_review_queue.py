"""The pure queue: order within a session, sibling burying, Again coming back, undo putting a card first."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from flashforge.review.queue import QueueCard, SessionQueue, pick_new
from flashforge.schedule import CardState
from tests.conftest import NOW, sample_cards
from tests.test_review_support import cli, local_zone, make_deck, reviews

CARDS = {card.key: card for card in sample_cards()}
END = NOW + timedelta(hours=20)


def new(key: str) -> QueueCard:
    return QueueCard(CARDS[key], CardState(CARDS[key].id))


def scheduled(key: str, state: str, due_in: timedelta) -> QueueCard:
    return QueueCard(CARDS[key], CardState(CARDS[key].id, state=state, stability=3.0, difficulty=5.0, due=NOW + due_in))


def test_pick_new_keeps_note_order_and_one_card_per_sibling_group() -> None:
    everything = [new(card.key) for card in sample_cards()]
    picked = pick_new(everything, 20, set())
    assert [item.card.key for item in picked] == ["ARP", "默认字段/ttl", "NEW", "过程#1", "select/复杂度"]
    assert [item.card.key for item in pick_new(everything, 2, set())] == ["ARP", "默认字段/ttl"]
    assert pick_new(everything, 0, set()) == []
    # A group already studied today keeps its new cards for another day; definitions are never buried.
    later = pick_new(everything, 20, {CARDS["NEW"].group_id, CARDS["ARP"].group_id})
    assert [item.card.key for item in later] == ["ARP", "默认字段/ttl", "过程#1", "select/复杂度"]


def test_order_learning_due_then_reviews_then_new_then_learn_ahead() -> None:
    queue = SessionQueue(
        learning=[
            scheduled("NEW", "learning", timedelta(minutes=5)),
            scheduled("ESTABLISHED", "relearning", -timedelta(minutes=1)),
        ],
        review=[
            scheduled("ARP", "review", -timedelta(days=2)),
            scheduled("默认字段/ttl", "review", timedelta(hours=3)),
        ],
        new=[new("过程#1")],
        day_end=END,
    )
    assert (queue.counts().new, queue.counts().learning, queue.counts().review) == (1, 2, 2)
    order = []
    while (item := queue.next(NOW)) is not None:
        order.append(item.card.key)
        queue.remove(item.id)
    # The relearning card is due now; the learning card due in 5 minutes waits until nothing else is left.
    assert order == ["ESTABLISHED", "ARP", "默认字段/ttl", "过程#1", "NEW"]
    assert len(queue) == 0


def test_again_requeues_the_card_for_later_in_the_session() -> None:
    item = new("ARP")
    queue = SessionQueue([], [], [item, new("NEW")], day_end=END)
    assert queue.next(NOW) == item
    again = replace(item.state, state="learning", step=0, due=NOW + timedelta(minutes=1))
    queue.answered(item, again)
    assert queue.next(NOW).card.key == "NEW"  # type: ignore[union-attr]
    assert queue.next(NOW + timedelta(minutes=1)).card.key == "ARP"  # type: ignore[union-attr]
    queue.remove(CARDS["NEW"].id)
    assert queue.next(NOW).card.key == "ARP"  # type: ignore[union-attr]  # learn ahead: nothing else left
    graduated = replace(again, state="review", due=NOW + timedelta(days=3))
    queue.answered(QueueCard(item.card, again), graduated)
    assert queue.next(NOW) is None


def test_a_learning_step_past_the_learn_ahead_window_ends_the_session() -> None:
    item = scheduled("ARP", "relearning", timedelta(minutes=30))
    queue = SessionQueue([item], [], [], day_end=END)
    assert queue.next(NOW) is None
    assert queue.next_learning_due() == NOW + timedelta(minutes=30)
    assert queue.next(NOW + timedelta(minutes=10)) == item


def test_a_step_due_after_the_day_ends_leaves_the_session() -> None:
    item = new("ARP")
    queue = SessionQueue([], [], [item], day_end=NOW + timedelta(minutes=5))
    queue.answered(item, replace(item.state, state="learning", step=1, due=NOW + timedelta(minutes=10)))
    assert len(queue) == 0


def test_put_back_shows_the_card_first() -> None:
    first, second = new("ARP"), new("NEW")
    queue = SessionQueue([], [scheduled("默认字段/ttl", "review", timedelta(0))], [first, second], day_end=END)
    queue.remove(second.id)
    queue.put_back(second)
    assert queue.next(NOW) == second
    assert queue.counts().new == 2


@pytest.fixture
def shanghai() -> Iterator[None]:
    with local_zone("Asia/Shanghai"):
        yield


@pytest.mark.usefixtures("shanghai")
def test_the_review_day_follows_the_local_zone(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    cli(db, "review", "--new", "1", lines=["", "4"])
    assert len(reviews(db)) == 1
    # 19:59 UTC is 03:59 in Shanghai: still the same review day there, so no new card.
    night = cli(db, "review", "--new", "1", lines=["", "4"], now=NOW + timedelta(hours=11, minutes=59))
    assert "Nothing due now: 1 answered today." in night.output
    assert "Today's 1 new cards are done" in night.output
    assert "The next card is due in" in night.output
    cli(db, "review", "--new", "1", lines=["", "4"], now=NOW + timedelta(hours=12))
    assert len(reviews(db)) == 2
