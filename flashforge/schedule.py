"""Scheduling: the ``fsrs`` package's Scheduler behind a small, pure interface.

- :class:`CardState` is one card's scheduling state; it converts to
  ``fsrs.Card`` (the deck store keeps it, see :mod:`flashforge.store.reviews`).
- :func:`answer` applies a rating at ``now``; :func:`preview` gives the
  interval each rating would give. Fuzz is seeded by the card and its review
  count (as Anki does), so the interval shown on a button is exactly the one
  the answer gets.

Nothing here reads the clock, the terminal or the database.
"""

from __future__ import annotations

import copy
import json
import math
import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import fsrs
from fsrs.scheduler import DEFAULT_PARAMETERS, FUZZ_RANGES

from .card_state import LEECH_THRESHOLD as LEECH_THRESHOLD

# Re-exported: they lived here before a review needed them without fsrs (see flashforge.card_state).
from .card_state import RATING_NAMES as RATING_NAMES
from .card_state import CardState as CardState
from .config import ReviewSettings
from .errors import FlashforgeError

RATINGS: tuple[fsrs.Rating, ...] = (fsrs.Rating.Again, fsrs.Rating.Hard, fsrs.Rating.Good, fsrs.Rating.Easy)

# At LEECH_THRESHOLD lapses (flashforge.model) a card is tagged and suspended,
# and again every 4 lapses after that if the learner brings it back.
LEECH_REPEAT = 4

_STATE_NAMES = {
    fsrs.State.Learning: "learning",
    fsrs.State.Review: "review",
    fsrs.State.Relearning: "relearning",
}


class ParameterError(FlashforgeError, ValueError):
    """FSRS parameters that the scheduler refuses; the message says which."""


def make_scheduler(settings: ReviewSettings, parameters: Sequence[float] | None = None) -> fsrs.Scheduler:
    """The scheduler for these settings.

    Parameters come from ``settings.parameters`` (flashforge.toml) when set,
    else ``parameters`` (fitted by ``flashforge optimize``), else the FSRS-6
    defaults. Fuzz is on.
    """
    chosen: Sequence[float] = settings.parameters or parameters or DEFAULT_PARAMETERS
    if not 0 < settings.desired_retention < 1:
        raise ParameterError(f"desired_retention must be between 0 and 1, not {settings.desired_retention}")
    try:
        return fsrs.Scheduler(
            parameters=tuple(float(value) for value in chosen),
            desired_retention=settings.desired_retention,
            learning_steps=tuple(timedelta(minutes=m) for m in settings.learning_steps_minutes),
            relearning_steps=tuple(timedelta(minutes=m) for m in settings.relearning_steps_minutes),
            enable_fuzzing=True,
        )
    except ValueError as error:
        first_line = str(error).splitlines()[-1]
        raise ParameterError(f"FSRS parameters not usable: {first_line}") from error


def parse_parameters(text: str | None) -> tuple[float, ...] | None:
    """Parameters stored as a JSON list (deck meta ``fsrs_parameters``); None when absent or unreadable."""
    if not text:
        return None
    try:
        values = json.loads(text)
    except ValueError:
        return None
    if not isinstance(values, list) or not all(isinstance(v, int | float) for v in values):
        return None
    return tuple(float(v) for v in values) or None


def _fuzz_days(scheduler: fsrs.Scheduler, days: int, rng: random.Random) -> int:
    """fsrs's own fuzz ranges, drawn from a seeded generator instead of the global one (so previews hold)."""
    if days < 2.5:
        return days
    delta = 1.0
    for fuzz_range in FUZZ_RANGES:
        delta += fuzz_range["factor"] * max(min(float(days), fuzz_range["end"]) - fuzz_range["start"], 0.0)
    low = max(2, round(days - delta))
    high = min(round(days + delta), scheduler.maximum_interval)
    low = min(low, high)
    # Uniform over [low, high]; fsrs rounds instead of flooring here, which can overshoot high by a day.
    return min(low + math.floor(rng.random() * (high - low + 1)), scheduler.maximum_interval)


def _unfuzzed(scheduler: fsrs.Scheduler) -> fsrs.Scheduler:
    plain = copy.copy(scheduler)
    plain.enable_fuzzing = False
    return plain


def answer(scheduler: fsrs.Scheduler, before: CardState, rating: int, now: datetime) -> CardState:
    """The card's state after answering ``rating`` (1–4) at ``now``."""
    moment = now.astimezone(UTC)
    result, _log = _unfuzzed(scheduler).review_card(before.to_fsrs(), fsrs.Rating(rating), moment)
    due = result.due
    if scheduler.enable_fuzzing and result.state == fsrs.State.Review:
        days = (due - moment).days
        rng = random.Random(f"{before.card_id}:{before.reps}")
        due = moment + timedelta(days=_fuzz_days(scheduler, days, rng))
    lapsed = rating == fsrs.Rating.Again and before.state == "review"
    lapses = before.lapses + (1 if lapsed else 0)
    becomes_leech = lapsed and lapses >= LEECH_THRESHOLD and (lapses - LEECH_THRESHOLD) % LEECH_REPEAT == 0
    return replace(
        before,
        state=_STATE_NAMES[result.state],
        step=result.step,
        stability=result.stability,
        difficulty=result.difficulty,
        due=due,
        last_review=moment,
        reps=before.reps + 1,
        lapses=lapses,
        leech=before.leech or becomes_leech,
        suspended=before.suspended or becomes_leech,
        buried_until=None,
    )


def preview(scheduler: fsrs.Scheduler, before: CardState, now: datetime) -> dict[int, timedelta]:
    """The interval each rating would give, as shown on the answer buttons."""
    return {int(rating): answer(scheduler, before, int(rating), now).due - now.astimezone(UTC) for rating in RATINGS}  # type: ignore[operator]


def retrievability(scheduler: fsrs.Scheduler, state: CardState, now: datetime) -> float:
    """Predicted chance of recall at ``now`` (0 for a card never reviewed)."""
    if state.is_new:
        return 0.0
    return float(scheduler.get_card_retrievability(state.to_fsrs(), now.astimezone(UTC)))
