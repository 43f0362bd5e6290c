"""The review loop: shows the queue's cards, reads keys, records answers.

Each answer goes through :meth:`Deck.record_answer`, which commits before
the loop asks for the next key. Keys come from :mod:`.keys`; ``e`` opens the
card's source through :mod:`.editor`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..card_state import CardState
from ..clock import format_interval
from ..model import Card
from ..record import Record
from ..store import Deck
from .keys import QUIT, REVEAL, KeySource
from .queue import QueueCard, SessionQueue
from .screen import Progress, Screen, Summary, card_view, summary_view

if TYPE_CHECKING:
    import fsrs

# Anki caps the time counted for one answer so that a coffee break does not skew the log.
MAX_ANSWER_MS = 60_000


class _Shown(Record):
    """A card on screen: read from the deck when it came up, with its state from the queue."""

    card: Card
    state: CardState

    @property
    def id(self) -> str:
        return self.card.id

    def queued(self) -> QueueCard:
        return QueueCard(self.card, self.state)


class _Undo(Record, frozen=False):
    kind: str  # answer | suspend | bury
    item: _Shown  # the card as it was before
    review_id: int = 0
    rating: int = 0


class ReviewSession:
    """One sitting: shows cards until none are left or the learner quits."""

    def __init__(
        self,
        deck: Deck,
        scheduler: Callable[[], fsrs.Scheduler],
        queue: SessionQueue,
        screen: Screen,
        keys: KeySource,
        clock: Callable[[], datetime],
        *,
        day_end: datetime,
        done_today: int = 0,
        editor: Callable[[Card], str] | None = None,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.deck = deck
        self._make_scheduler = scheduler
        self._scheduler: fsrs.Scheduler | None = None
        self.queue = queue
        self.screen = screen
        self.keys = keys
        self.clock = clock
        self.day_end = day_end
        self.done = done_today
        self.editor = editor
        self.timer = timer
        self.summary = Summary()
        self._undo: list[_Undo] = []
        self._notice = ""

    def run(self) -> Summary:
        started = self.timer()
        try:
            self._loop()
        except KeyboardInterrupt:  # Ctrl-C is a quit: every answer so far is already saved
            pass
        finally:
            self.summary.seconds = self.timer() - started
            upcoming = self.queue.next_learning_due()
            if upcoming is not None:
                self.summary.next_due = "in " + format_interval(max(upcoming - self.clock(), timedelta(0)))
        self.summary.notice, self._notice = self._notice, ""
        self.screen.show(summary_view(self.summary))
        return self.summary

    @property
    def scheduler(self) -> fsrs.Scheduler:
        """Made when an answer is first revealed: the first card shows before fsrs is even imported."""
        if self._scheduler is None:
            self._scheduler = self._make_scheduler()
        return self._scheduler

    def _progress(self) -> Progress:
        return Progress(done=self.done, left=self.queue.counts())

    def _loop(self) -> None:
        while True:
            item = self.queue.next(self.clock())
            if item is None:
                self.summary.finished = True
                return
            # A build may have run since the queue was read: show the card as the notes say now,
            # and drop it if its source went away.
            stored = self.deck.get(item.id)
            if stored is None or stored.orphaned_at is not None:
                self.queue.remove(item.id)
                continue
            if not self._show_card(_Shown(stored.card, item.state)):
                return

    def _draw(self, item: _Shown, revealed: bool, previews: dict[int, timedelta] | None) -> None:
        view = card_view(
            item.card,
            item.state.state,
            revealed=revealed,
            previews=previews,
            progress=self._progress(),
            notice=self._notice,
        )
        self._notice = ""
        self.screen.show(view)

    def _show_card(self, item: _Shown) -> bool:
        """Show one card until it is answered or set aside. False when the learner quits."""
        shown_at = self.timer()
        revealed = False
        previews: dict[int, timedelta] | None = None
        redraw = True
        while True:
            if redraw:
                self._draw(item, revealed, previews)
            redraw = True
            key = self.keys.read()
            if key is None or key == QUIT:
                return False
            if key == REVEAL:
                if not revealed:
                    revealed = True
                    from ..schedule import preview

                    previews = preview(self.scheduler, item.state, self.clock())
                else:
                    redraw = False
            elif key in ("1", "2", "3", "4"):
                if not revealed:
                    self._notice = "Show the answer first (Space or Enter), then rate it."
                    continue
                self._answer(item, int(key), shown_at)
                return True
            elif key == "u":
                if self._undo_last():
                    return True
            elif key == "s":
                self._set_aside(item, "suspend")
                return True
            elif key == "b":
                self._set_aside(item, "bury")
                return True
            elif key == "e":
                self._edit(item.card)
            elif key == "\x1b":
                redraw = False
            else:
                self._notice = f"Unknown key {key!r}: Space/Enter reveal, 1–4 rate, u s b e q."

    def _answer(self, item: _Shown, rating: int, shown_at: float) -> None:
        from ..schedule import answer

        now = self.clock()
        before = item.state
        after = answer(self.scheduler, before, rating, now)
        duration = min(int((self.timer() - shown_at) * 1000), MAX_ANSWER_MS)
        review_id = self.deck.record_answer(before, after, rating, now, duration)
        self._undo.append(_Undo("answer", item, review_id=review_id, rating=rating))
        self.queue.answered(item.queued(), after)
        self.done += 1
        self.summary.answered += 1
        self.summary.by_rating[rating] = self.summary.by_rating.get(rating, 0) + 1
        if before.is_new:
            self.summary.new_seen += 1
        if after.leech and not before.leech:
            label = f"{item.card.front} ({item.card.source})"
            self.summary.leeches.append(label)
            self._notice = f"Leech: failed {after.lapses} times, so it is tagged and suspended. Rewrite it: e."

    def _set_aside(self, item: _Shown, kind: str) -> None:
        before = item.state
        if kind == "suspend":
            after = replace(before, suspended=True)
            self.summary.suspended += 1
            self._notice = "Suspended. u brings it back."
        else:
            after = replace(before, buried_until=self.day_end)
            self.summary.buried += 1
            self._notice = "Buried until tomorrow. u brings it back."
        self.deck.save_state(after)
        self._undo.append(_Undo(kind, item))
        self.queue.remove(item.id)

    def _undo_last(self) -> bool:
        if not self._undo:
            self._notice = "Nothing to undo."
            return False
        last = self._undo.pop()
        if last.kind == "answer":
            self.deck.undo_answer(last.review_id, last.item.state)
            self.done -= 1
            self.summary.answered -= 1
            self.summary.by_rating[last.rating] -= 1
            if last.item.state.is_new:
                self.summary.new_seen -= 1
            self.summary.leeches = [
                leech for leech in self.summary.leeches if not leech.startswith(f"{last.item.card.front} (")
            ]
            self._notice = "Undone: rate this card again."
        else:
            self.deck.save_state(last.item.state)
            if last.kind == "suspend":
                self.summary.suspended -= 1
            else:
                self.summary.buried -= 1
            self._notice = "Back in the queue."
        self.queue.put_back(last.item.queued())
        return True

    def _edit(self, card: Card) -> None:
        if self.editor is None:
            self._notice = f"Source: {card.source}"
            return
        with self.keys.paused():
            self._notice = self.editor(card)
