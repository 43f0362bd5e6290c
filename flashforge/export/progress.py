"""Terminal progress → Anki's card scheduling and review log rows (pure).

``flashforge export apkg --with-progress`` writes these into the package so
that Anki's "Import any learning progress" brings them along:

- a card's row: type/queue (learning, review, relearning, suspended), due (a
  review card's due is a day number counted from the package's creation day,
  which Anki re-bases onto the importing collection's own day count), interval,
  reps, lapses, and the FSRS memory state (stability, difficulty, desired
  retention, last review) in the ``data`` column, where Anki keeps it;
- the review log: one revlog row per answer, keyed by the answer's time in
  milliseconds, or by Anki's own revlog id for an answer pulled from Anki, so
  that Anki never takes the same answer twice.

New cards keep the row the package writer gives them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from ..clock import day_start, days_until
from ..schedule import CardState
from ..store.synced import LoggedAnswer, epoch_ms

# cards.type / cards.queue
TYPE_LEARN, TYPE_REVIEW, TYPE_RELEARN = 1, 2, 3
QUEUE_SUSPENDED, QUEUE_LEARN, QUEUE_REVIEW = -1, 1, 2
# revlog.type
REVLOG_LEARN, REVLOG_REVIEW, REVLOG_RELEARN = 0, 1, 2
DEFAULT_FACTOR = 2500  # Anki's starting ease (250%), for collections that schedule with SM-2


@dataclass(frozen=True)
class CardProgress:
    state: CardState
    log: Sequence[LoggedAnswer]


@dataclass(frozen=True)
class AnkiScheduling:
    """The scheduling columns of an Anki ``cards`` row."""

    type: int
    queue: int
    due: int
    ivl: int
    factor: int
    reps: int
    lapses: int
    left: int
    data: str


@dataclass(frozen=True)
class RevlogRow:
    id: int
    ease: int
    ivl: int
    last_ivl: int
    factor: int
    time: int
    type: int


@dataclass(frozen=True)
class Timing:
    """The package's day count: day 0 begins at ``creation`` (a review day's start)."""

    now: datetime  # in the learner's zone
    day_starts_at: int
    desired_retention: float

    @property
    def creation(self) -> datetime:
        return day_start(self.now, self.day_starts_at)

    @property
    def creation_epoch(self) -> int:
        return int(self.creation.timestamp())


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def memory_data(state: CardState, desired_retention: float) -> str:
    """The ``data`` column: Anki's FSRS memory state (s, d), desired retention and last review time."""
    data: dict[str, float | int] = {}
    if state.stability is not None and state.difficulty is not None:
        data.update(s=round(state.stability, 4), d=round(state.difficulty, 4), dr=desired_retention)
    if state.last_review is not None:
        data["lrt"] = _epoch(state.last_review)
    return json.dumps(data, separators=(",", ":"))


def _review_interval(state: CardState, timing: Timing) -> int:
    if state.due is None or state.last_review is None:
        return 1
    local = timing.now.tzinfo
    return max(1, days_until(state.due.astimezone(local), state.last_review.astimezone(local), timing.day_starts_at))


def scheduling(state: CardState, timing: Timing) -> AnkiScheduling | None:
    """The card row's scheduling columns, or None for a new card (left as the package writer made it)."""
    if state.is_new or state.due is None:
        return None
    data = memory_data(state, timing.desired_retention)
    if state.state == "review":
        due = days_until(state.due, timing.now, timing.day_starts_at)
        ctype, queue, ivl, left = TYPE_REVIEW, QUEUE_REVIEW, _review_interval(state, timing), 0
    else:
        # Learning steps are due at a moment, not on a day: Anki keeps those as epoch seconds.
        due = _epoch(state.due)
        ctype = TYPE_LEARN if state.state == "learning" else TYPE_RELEARN
        queue, ivl, left = QUEUE_LEARN, 0 if ctype == TYPE_LEARN else 1, 1
    if state.suspended:
        queue = QUEUE_SUSPENDED
    return AnkiScheduling(ctype, queue, due, ivl, DEFAULT_FACTOR, state.reps, state.lapses, left, data)


def _interval(state: CardState, at: datetime) -> int:
    """Anki's revlog interval: days when the card is in review, negative seconds for a learning step."""
    if state.is_new or state.due is None:
        return 0
    if state.state == "review":
        return max(1, math.floor((state.due - at).total_seconds() / 86400 + 0.5))
    return -max(1, int((state.due - at).total_seconds()))


def revlog_rows(log: Iterable[LoggedAnswer], taken: set[int]) -> list[RevlogRow]:
    """One revlog row per answer; ids stay unique across the package (``taken`` is updated)."""
    rows = []
    for entry in sorted(log, key=lambda item: item.reviewed_at):
        revlog_id = entry.anki_revlog_id or epoch_ms(entry.reviewed_at)
        while revlog_id in taken:
            revlog_id += 1
        taken.add(revlog_id)
        kind = {"review": REVLOG_REVIEW, "relearning": REVLOG_RELEARN}.get(entry.before.state, REVLOG_LEARN)
        rows.append(
            RevlogRow(
                id=revlog_id,
                ease=entry.rating,
                ivl=_interval(entry.after, entry.reviewed_at),
                last_ivl=_interval(entry.before, entry.before.last_review) if entry.before.last_review else 0,
                factor=DEFAULT_FACTOR if entry.after.state == "review" else 0,
                time=min(max(entry.duration_ms, 0), 60_000),
                type=kind,
            )
        )
    return rows


def package_progress(
    cards: Mapping[tuple[str, int], CardProgress], timing: Timing
) -> dict[tuple[str, int], tuple[AnkiScheduling | None, list[RevlogRow]]]:
    """Per (note GUID, card ordinal): the card's scheduling and its revlog rows."""
    taken: set[int] = set()
    return {key: (scheduling(card.state, timing), revlog_rows(card.log, taken)) for key, card in cards.items()}


@dataclass(frozen=True)
class PackageProgress:
    """What ``--with-progress`` adds to a package: each exported card's state and log, keyed by (note_id, ord)."""

    cards: Mapping[tuple[str, int], CardProgress]
    timing: Timing
