"""flashforge.schedule against fsrs itself: same states, same intervals (within fsrs's fuzz range)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import fsrs
import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS

from flashforge.clock import day_end, day_start, days_until, format_interval
from flashforge.config import ReviewSettings
from flashforge.schedule import CardState, ParameterError, answer, make_scheduler, parse_parameters, preview
from flashforge.store.reviews import card_state, state_row
from tests.conftest import NOW

SETTINGS = ReviewSettings()


def plain_fsrs() -> fsrs.Scheduler:
    return fsrs.Scheduler(enable_fuzzing=False)


def fuzz_bounds(days: int) -> tuple[int, int]:
    """fsrs's documented fuzz range for an interval of ``days``."""
    if days < 2.5:
        return days, days
    delta = 1.0 + 0.15 * max(min(days, 7.0) - 2.5, 0) + 0.1 * max(min(days, 20.0) - 7.0, 0) + 0.05 * max(days - 20, 0)
    return max(2, round(days - delta)), round(days + delta)


def test_make_scheduler_uses_toml_then_fitted_then_defaults() -> None:
    fitted = list(DEFAULT_PARAMETERS)
    fitted[0] = 0.5
    toml = list(DEFAULT_PARAMETERS)
    toml[0] = 0.9
    assert make_scheduler(SETTINGS, None).parameters == tuple(DEFAULT_PARAMETERS)
    assert make_scheduler(SETTINGS, fitted).parameters[0] == 0.5
    assert make_scheduler(replace(SETTINGS, parameters=tuple(toml)), fitted).parameters[0] == 0.9
    scheduler = make_scheduler(SETTINGS)
    assert scheduler.enable_fuzzing
    assert scheduler.desired_retention == 0.9
    assert scheduler.learning_steps == (timedelta(minutes=1), timedelta(minutes=10))
    assert scheduler.relearning_steps == (timedelta(minutes=10),)


def test_make_scheduler_rejects_bad_parameters_with_a_message() -> None:
    with pytest.raises(ParameterError, match="parameters"):
        make_scheduler(replace(SETTINGS, parameters=(1.0, 2.0)))
    with pytest.raises(ParameterError, match="desired_retention"):
        make_scheduler(replace(SETTINGS, desired_retention=1.5))


def test_parse_parameters() -> None:
    assert parse_parameters(None) is None
    assert parse_parameters("not json") is None
    assert parse_parameters('{"a": 1}') is None
    assert parse_parameters("[0.1, 2]") == (0.1, 2.0)


def test_learning_steps_match_fsrs_exactly() -> None:
    ours = make_scheduler(SETTINGS)
    reference = plain_fsrs()
    state = CardState("c1")
    card = fsrs.Card(card_id=1, due=NOW)
    moment = NOW
    for rating in (3, 1, 2, 3, 3):
        state = answer(ours, state, rating, moment)
        card, _ = reference.review_card(card, fsrs.Rating(rating), moment)
        assert state.state == {1: "learning", 2: "review", 3: "relearning"}[card.state.value]
        assert state.stability == pytest.approx(card.stability)
        assert state.difficulty == pytest.approx(card.difficulty)
        assert state.step == card.step
        if card.state == fsrs.State.Learning:
            assert state.due == card.due
        else:
            low, high = fuzz_bounds((card.due - moment).days)
            assert state.due is not None
            assert low <= (state.due - moment).days <= high
        moment = state.due if state.due is not None else moment


def test_review_intervals_follow_fsrs_over_months() -> None:
    ours = make_scheduler(SETTINGS)
    reference = plain_fsrs()
    state = answer(ours, CardState("c2"), 4, NOW)
    card, _ = reference.review_card(fsrs.Card(card_id=1, due=NOW), fsrs.Rating.Easy, NOW)
    for rating in (3, 3, 2, 1, 3, 3, 4):
        # Both review the card on the day ours scheduled it, so the memory states stay comparable.
        assert state.due is not None
        moment = state.due
        state = answer(ours, state, rating, moment)
        card, _ = reference.review_card(card, fsrs.Rating(rating), moment)
        assert state.stability == pytest.approx(card.stability)
        assert state.difficulty == pytest.approx(card.difficulty)
        assert state.due is not None
        if card.state == fsrs.State.Review:
            low, high = fuzz_bounds((card.due - moment).days)
            assert low <= (state.due - moment).days <= high
        else:
            assert state.due == card.due
        card.due = state.due  # keep the reference on our (fuzzed) day
    assert state.reps == 8
    assert state.lapses == 1


def test_preview_is_exactly_what_the_answer_gives() -> None:
    scheduler = make_scheduler(SETTINGS)
    state = answer(scheduler, CardState("c3"), 4, NOW)
    later = NOW + timedelta(days=30)
    shown = preview(scheduler, state, later)
    for rating in (1, 2, 3, 4):
        after = answer(scheduler, state, rating, later)
        assert after.due is not None
        assert after.due - later == shown[rating]
    assert shown[1] == timedelta(minutes=10)  # relearning step
    assert shown[2] <= shown[3] <= shown[4]


def test_new_card_preview_shows_the_learning_steps() -> None:
    shown = preview(make_scheduler(SETTINGS), CardState("c4"), NOW)
    assert shown[1] == timedelta(minutes=1)
    assert shown[2] == timedelta(minutes=5.5)
    assert shown[3] == timedelta(minutes=10)
    assert shown[4] >= timedelta(days=1)


def test_eighth_lapse_makes_a_leech_and_suspends_it() -> None:
    scheduler = make_scheduler(SETTINGS)
    state = replace(answer(scheduler, CardState("c5"), 4, NOW), lapses=7)
    assert state.state == "review"
    after = answer(scheduler, state, 1, NOW + timedelta(days=5))
    assert after.lapses == 8
    assert after.leech and after.suspended
    # A lapse while relearning is not counted again.
    again = answer(scheduler, after, 1, NOW + timedelta(days=5, minutes=10))
    assert again.lapses == 8


def test_state_row_round_trip() -> None:
    scheduler = make_scheduler(SETTINGS)
    state = answer(scheduler, CardState("c6"), 3, NOW)
    row = state_row(state)
    assert row["state"] == "learning"
    assert row["fsrs"] is not None
    assert card_state(row) == state
    assert card_state(state_row(CardState("c7"))) == CardState("c7")


def test_day_starts_at_the_configured_local_hour() -> None:
    shanghai = timezone(timedelta(hours=8))
    late = datetime(2026, 12, 2, 2, 30, tzinfo=shanghai)  # 02:30 counts for Dec 1 when days start at 4
    assert day_start(late, 4) == datetime(2026, 12, 1, 4, 0, tzinfo=shanghai)
    assert day_end(late, 4) == datetime(2026, 12, 2, 4, 0, tzinfo=shanghai)
    morning = datetime(2026, 12, 2, 4, 0, tzinfo=shanghai)
    assert day_start(morning, 4) == morning
    assert day_start(late, 0) == datetime(2026, 12, 2, 0, 0, tzinfo=shanghai)
    assert days_until(datetime(2026, 12, 2, 19, 0, tzinfo=UTC), late, 4) == 1


@pytest.mark.parametrize(
    ("interval", "text"),
    [
        (timedelta(seconds=20), "1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(minutes=5.5), "6m"),
        (timedelta(hours=3), "3h"),
        (timedelta(days=4), "4d"),
        (timedelta(days=75), "2.5mo"),
        (timedelta(days=400), "1.1y"),
    ],
)
def test_format_interval(interval: timedelta, text: str) -> None:
    assert format_interval(interval) == text
