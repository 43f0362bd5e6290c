"""A card's scheduling state, as the deck keeps it: plain data, readable without loading the scheduler.

:mod:`flashforge.schedule` computes new states with the ``fsrs`` package; a review shows its first card
from these states alone and loads fsrs when the first answer is revealed or rated (issue 10).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from .record import Record

if TYPE_CHECKING:
    import fsrs

RATING_NAMES: dict[int, str] = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}

# Anki's default leech threshold: a card that lapsed this often is a leech (flashforge.schedule tags and
# suspends it; stats lists it). Here, not in schedule, so that stats need not import the scheduler.
LEECH_THRESHOLD = 8


class CardState(Record):
    """One card's scheduling state. ``state`` is new, learning, review or relearning."""

    card_id: str
    state: str = "new"
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    buried_until: datetime | None = None
    leech: bool = False

    @property
    def is_new(self) -> bool:
        return self.state == "new"

    def to_fsrs(self) -> fsrs.Card:
        import fsrs  # loaded by whoever schedules: a review before its first answer has no need of it

        # fsrs wants an integer id; it is only echoed back in review logs.
        if self.is_new:
            return fsrs.Card(
                card_id=0, state=fsrs.State.Learning, step=0, due=self.due or datetime(1970, 1, 1, tzinfo=UTC)
            )
        return fsrs.Card(
            card_id=0,
            state=fsrs.State[self.state.capitalize()],  # learning → Learning, …
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )
