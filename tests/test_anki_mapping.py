"""The pure parts of meeting Anki: which revlog rows are pulled, replay, the rows an export writes."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from flashforge.anki.replay import Answer, replay
from flashforge.anki.revlog import (
    FILTERED,
    LEARN,
    MANUAL,
    RESCHEDULED,
    REVIEW,
    AnkiCard,
    AnkiLog,
    AnkiReview,
    plan_pull,
)
from flashforge.config import ReviewSettings
from flashforge.export.progress import Timing, memory_data, revlog_rows, scheduling
from flashforge.schedule import CardState, answer, make_scheduler
from flashforge.store.synced import LoggedAnswer, epoch_ms

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
SCHEDULER = make_scheduler(ReviewSettings())


def ms(moment: datetime) -> int:
    return epoch_ms(moment)


def review(revlog_id: int, cid: int, ease: int = 3, kind: int = REVIEW, factor: int = 2500) -> AnkiReview:
    return AnkiReview(revlog_id, cid, ease, kind, factor, 4000)


LOG = AnkiLog(
    cards={1: AnkiCard("note-a", 0), 2: AnkiCard("seq", 1), 3: AnkiCard("someone-else", 0)},
    reviews=[
        review(ms(T0), 1, kind=LEARN),
        review(ms(T0) + 5, 2, ease=1),
        review(ms(T0) + 6, 3),  # a note flashforge did not make
        review(ms(T0) + 7, 99),  # a card deleted from the collection
        review(ms(T0) + 8, 1, ease=0, kind=MANUAL),  # "set due date"
        review(ms(T0) + 9, 1, kind=RESCHEDULED),
        review(ms(T0) + 10, 1, kind=FILTERED, factor=0),  # preview without rescheduling
        review(ms(T0) + 11, 1, kind=FILTERED, factor=2500),  # a filtered deck that reschedules: a real answer
    ],
    scheduled_cards=2,
)
CARDS = {("note-a", 0): "card-a", ("seq", 1): "seq-step-2", ("seq", 0): "seq-step-1"}


def test_plan_takes_answers_to_flashforge_cards_by_guid_and_ordinal():
    plan = plan_pull(LOG, CARDS, known=set())
    assert [(r.card_id, r.rating) for r in plan.new] == [("card-a", 3), ("seq-step-2", 1), ("card-a", 3)]
    assert plan.new[0].reviewed_at == T0 and plan.new[0].duration_ms == 4000
    assert (plan.foreign, plan.not_answers, plan.already) == (2, 3, 0)
    assert plan.touched == ["card-a", "seq-step-2"]


def test_plan_skips_answers_already_in_the_deck():
    known = {ms(T0)}
    own = {"seq-step-2": [ms(T0) + 3]}  # a terminal answer exported a moment before Anki's id: its own
    plan = plan_pull(LOG, CARDS, known, own)
    assert [r.revlog_id for r in plan.new] == [ms(T0) + 11]
    assert plan.already == 2


def test_own_answers_match_only_the_same_card_and_only_just_before():
    own = {"card-a": [ms(T0) - 5_000]}  # five seconds earlier: another answer
    assert len(plan_pull(LOG, CARDS, set(), own).new) == 3


def test_replay_equals_answering_in_time_order_whatever_the_input_order():
    times = [T0, T0 + timedelta(minutes=10), T0 + timedelta(days=3), T0 + timedelta(days=12)]
    ratings = [3, 3, 1, 4]
    expected = CardState("c")
    for rating, moment in zip(ratings, times, strict=True):
        expected = answer(SCHEDULER, expected, rating, moment)
    shuffled = [Answer(ratings[i], times[i]) for i in (2, 0, 3, 1)]
    final, steps = replay(SCHEDULER, CardState("c"), shuffled)
    assert final == expected
    assert [step.answer.reviewed_at for step in steps] == times
    assert steps[0].before == CardState("c") and steps[-1].after == expected


def test_replay_keeps_a_hand_suspension_and_a_burial():
    buried = T0 + timedelta(days=1)
    current = CardState("c", suspended=True, buried_until=buried)
    final, _ = replay(SCHEDULER, current, [Answer(3, T0)])
    assert final.suspended and final.buried_until == buried


def test_review_card_scheduling_counts_days_from_the_export_day():
    now = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    state = CardState(
        "c", "review", None, 12.5, 4.25, now + timedelta(days=9, hours=3), now - timedelta(days=3), reps=4, lapses=1
    )
    timing = Timing(now, 4, 0.9)
    row = scheduling(state, timing)
    assert row is not None
    assert (row.type, row.queue, row.due, row.reps, row.lapses) == (2, 2, 9, 4, 1)
    assert row.ivl == 12
    assert json.loads(row.data) == {"s": 12.5, "d": 4.25, "dr": 0.9, "lrt": int((now - timedelta(days=3)).timestamp())}
    assert timing.creation_epoch == int(datetime(2026, 12, 1, 4, 0, tzinfo=UTC).timestamp())
    suspended = scheduling(replace(state, suspended=True), timing)
    assert suspended is not None and suspended.queue == -1
    assert scheduling(CardState("new"), timing) is None


def test_learning_steps_are_due_at_a_moment():
    now = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    state = answer(SCHEDULER, CardState("c"), 3, now)
    row = scheduling(state, Timing(now, 4, 0.9))
    assert row is not None and state.due is not None
    assert (row.type, row.queue, row.due) == (1, 1, int(state.due.timestamp()))
    assert "s" in json.loads(memory_data(state, 0.9))


def test_revlog_rows_keep_pulled_ids_and_never_repeat_one():
    first = answer(SCHEDULER, CardState("c"), 3, T0)
    second = answer(SCHEDULER, first, 4, T0 + timedelta(minutes=10))
    log = [
        LoggedAnswer(3, T0, 90_000, CardState("c"), first),
        LoggedAnswer(4, T0 + timedelta(minutes=10), 3000, first, second, anki_revlog_id=123),
    ]
    taken = {ms(T0)}  # another card's answer at the very same millisecond
    rows = revlog_rows(log, taken)
    assert [row.id for row in rows] == [ms(T0) + 1, 123]
    assert [row.type for row in rows] == [0, 0]  # both answered while learning
    assert rows[0].time == 60_000  # Anki caps an answer's time at a minute
    assert rows[0].ivl < 0 and rows[1].ivl > 0  # a step in seconds, then days
    assert taken == {ms(T0), ms(T0) + 1, 123}


@pytest.mark.parametrize("ease", [0, 5])
def test_eases_outside_the_buttons_are_not_answers(ease: int):
    assert not review(1, 1, ease=ease).is_answer


def test_the_sql_count_of_answers_agrees_with_is_answer():
    import itertools
    import sqlite3

    from flashforge.anki.revlog import ANSWER_SQL

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE revlog (id INTEGER PRIMARY KEY, ease INTEGER, type INTEGER, factor INTEGER)")
    combos = list(itertools.product(range(6), range(6), (0, 2500)))
    conn.executemany("INSERT INTO revlog (ease, type, factor) VALUES (?, ?, ?)", combos)
    by_sql = [bool(row[0]) for row in conn.execute(f"SELECT {ANSWER_SQL} FROM revlog ORDER BY id")]
    assert by_sql == [review(1, 1, ease, kind, factor).is_answer for ease, kind, factor in combos]
