"""A card's scheduling state recomputed from its whole review log (pure).

After reviews from elsewhere join a card's log, its state is no longer the
last answer's: the answers are replayed in time order from a new card through
the same :func:`flashforge.schedule.answer` the review uses, so the result is
exactly what reviewing them in that order would have given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import fsrs

from ..schedule import CardState, answer


@dataclass(frozen=True)
class Answer:
    rating: int
    reviewed_at: datetime
    key: object = None  # the caller's handle on the log entry (a review id, a revlog id)


@dataclass(frozen=True)
class Step:
    answer: Answer
    before: CardState
    after: CardState


def replay(scheduler: fsrs.Scheduler, current: CardState, answers: Sequence[Answer]) -> tuple[CardState, list[Step]]:
    """The card's state after ``answers`` (sorted here by time, ties kept), and each answer's step.

    What the learner chose by hand is kept from ``current``: a suspension
    (unless it was the leech rule's, which the replay decides again) and a
    burial.
    """
    state = CardState(current.card_id)
    steps: list[Step] = []
    for given in sorted(answers, key=lambda item: item.reviewed_at):
        after = answer(scheduler, state, given.rating, given.reviewed_at)
        steps.append(Step(given, state, after))
        state = after
    final = replace(
        state,
        suspended=state.suspended or (current.suspended and not current.leech),
        buried_until=current.buried_until,
    )
    return final, steps
