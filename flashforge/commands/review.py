"""`flashforge review`, `flashforge quiz` and `flashforge stats`: wiring only."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from ..display import SafeConsole
from ..errors import FlashforgeError
from ..kinds import KINDS
from .common import current_time, fail, open_deck, out_console, settings, stdin_is_terminal

# Each command imports what it runs inside its body, so `stats` never loads the review screen
# and no other command loads fsrs.
if TYPE_CHECKING:
    import fsrs

    from ..config import Settings
    from ..model import Card
    from ..review import quiz as quiz_module
    from ..review.queue import SessionQueue
    from ..store import Deck

DeckOption = Annotated[
    str | None, typer.Option("--deck", help="Only this deck and its sub-decks (Anki style A::B).", show_default=False)
]


def scheduler_for(config: Settings, deck: Deck) -> fsrs.Scheduler:
    """toml parameters, else the ones `flashforge optimize` stored in the deck, else FSRS defaults."""
    try:
        return later_scheduler(config, deck)()
    except FlashforgeError as error:
        fail(str(error))


def later_scheduler(config: Settings, deck: Deck) -> Callable[[], fsrs.Scheduler]:
    """What makes :func:`scheduler_for`'s scheduler when first called, with the parameters stored now.

    A review calls it when the first answer is revealed, so its first card shows before fsrs is loaded;
    parameters fsrs refuses then end the review (nothing was answered) with the message of ``scheduler_for``.
    """
    stored = deck.fsrs_parameters()

    def make() -> fsrs.Scheduler:
        from ..schedule import ParameterError, make_scheduler, parse_parameters

        try:
            return make_scheduler(config.review, parse_parameters(stored))
        except ParameterError as error:
            toml = config.root / "flashforge.toml"
            raise ParameterError(f"{toml}: {error}; fix [review] parameters or run 'flashforge optimize'") from error

    return make


def _local(now: datetime) -> datetime:
    # Review days follow the learner's wall clock (TZ), whatever zone FLASHFORGE_NOW was given in.
    return now.astimezone()


def _console(interactive: bool) -> Console:
    return SafeConsole() if interactive else SafeConsole(width=100, color_system=None)


def review_command(
    ctx: typer.Context,
    deck_prefix: DeckOption = None,
    new: Annotated[int | None, typer.Option("--new", help="New cards today (default: review.new_per_day, 20).")] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Reviews today (default: review.reviews_per_day, 200).")
    ] = None,
) -> None:
    """Today's review: due cards first, then new ones in note order (keys: Space, 1–4, u, s, b, e, q)."""
    from ..clock import day_start, format_interval
    from ..review.day import load_day
    from ..review.queue import SessionQueue

    config = settings(ctx)
    if new is not None and new < 0:
        fail("--new must be 0 or more")
    if limit is not None and limit < 0:
        fail("--limit must be 0 or more")
    deck = open_deck(config, must_exist=True)
    scheduler = later_scheduler(config, deck)
    if not deck.has_cards():  # one row, not a count of every card
        fail(f"{config.db}: the deck has no cards yet; run 'flashforge build' to read {config.notes}")
    deck.check_deck(deck_prefix)
    now = _local(current_time())
    start = day_start(now, config.review.day_starts_at)
    end = start + timedelta(days=1)
    day = load_day(
        deck,
        now=now,
        day_start=start,
        day_end=end,
        deck_prefix=deck_prefix,
        new_per_day=config.review.new_per_day if new is None else new,
        reviews_per_day=config.review.reviews_per_day if limit is None else limit,
    )
    queue = SessionQueue(day.learning, day.review, day.new, end)
    interactive = stdin_is_terminal()
    console = _console(interactive and sys.stdout.isatty())
    if queue.next(now) is None:
        upcoming = deck.next_due(deck_prefix)
        later = f" The next card is due in {format_interval(upcoming - now)}." if upcoming else ""
        new_limit = config.review.new_per_day if new is None else new
        if day.today.new >= new_limit:
            later += f" Today's {new_limit} new cards are done (--new N raises the limit)."
        console.print(f"Nothing due now: {day.today.total} answered today.{later}")
        deck.close()
        return
    try:
        _run_session(config, deck, scheduler, queue, console, interactive, end, day.today.total)
    except sqlite3.DatabaseError as error:
        # Busy for longer than the timeout, or a card pruned mid-answer: every earlier answer is committed.
        fail(f"{config.db}: {error}; answers given so far are saved, run 'flashforge review' again")
    finally:
        deck.close()


def _run_session(
    config: Settings,
    deck: Deck,
    scheduler: Callable[[], fsrs.Scheduler],
    queue: SessionQueue,
    console: Console,
    interactive: bool,
    end: datetime,
    done_today: int,
) -> None:
    from ..review.keys import KeySource, LineKeys, TerminalKeys
    from ..review.screen import Screen
    from ..review.session import ReviewSession

    with ExitStack() as stack:
        keys: KeySource = stack.enter_context(TerminalKeys()) if interactive else LineKeys(sys.stdin)
        session = ReviewSession(
            deck,
            scheduler,
            queue,
            Screen(console, full_screen=interactive and console.is_terminal),
            keys,
            lambda: _local(current_time()),
            day_end=end,
            done_today=done_today,
            editor=lambda card: _edit(config, card),
        )
        session.run()


def _edit(config: Settings, card: Card) -> str:
    from ..review.editor import open_in_editor  # only when `e` is pressed

    return open_in_editor(config.notes, card)


def quiz_command(
    ctx: typer.Context,
    deck_prefix: DeckOption = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help=f"Only cards of this kind ({', '.join(KINDS)}).", show_default=False)
    ] = None,
    count: Annotated[int, typer.Option("--count", "-n", help="How many questions.")] = 20,
    seed: Annotated[int | None, typer.Option("--seed", help="Repeatable question order.", show_default=False)] = None,
) -> None:
    """Practice without touching the schedule: multiple choice, order the steps, type the term."""
    import random

    from ..review import quiz as quiz_module

    config = settings(ctx)
    if kind is not None and kind not in KINDS:
        fail(f"--kind {kind}: unknown kind; use one of {', '.join(KINDS)}")
    if count < 1:
        fail("--count must be 1 or more")
    deck = open_deck(config, must_exist=True)
    deck.check_deck(deck_prefix)
    cards = [stored.card for stored in deck.cards(deck_prefix=deck_prefix)]
    deck.close()
    rng = random.Random(seed)
    questions = quiz_module.make_questions(cards, kind=kind, count=count, rng=rng)
    if not questions:
        fail(_no_questions(cards, kind))
    interactive = stdin_is_terminal()
    console = _console(interactive and sys.stdout.isatty())
    quiz_module.run_quiz(questions, console, read_line=_line_reader(interactive, console))


def _no_questions(cards: list[Card], kind: str | None) -> str:
    """Why there is nothing to ask: an empty deck needs a build, a missing kind needs another --kind."""
    if not cards:
        return "no cards to quiz on; run 'flashforge build' first"
    kinds = sorted({card.kind for card in cards})
    if kind is not None and kind not in kinds:
        return f"--kind {kind}: the deck has no {kind} cards; it has {', '.join(kinds)}"
    return f"no {kind + ' ' if kind else ''}cards here make a question (each needs an answer to type or choose)"


def _line_reader(interactive: bool, console: Console) -> quiz_module.LineReader:
    def read(prompt: str) -> str | None:
        if interactive:
            try:
                return console.input(prompt)
            except EOFError:
                return None
        console.print(prompt, end="")
        line = sys.stdin.readline()
        if not line:
            return None
        console.print(line.rstrip("\n"), highlight=False, markup=False)
        return line.rstrip("\n")

    return read


def stats_command(
    ctx: typer.Context,
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    deck_prefix: DeckOption = None,
) -> None:
    """Due counts, card states, recent reviews and retention, leeches."""
    from ..review import stats as stats_module

    config = settings(ctx)
    if output_format not in ("text", "json"):
        fail(f"--format {output_format}: use text or json")
    deck = open_deck(config, must_exist=True)
    deck.check_deck(deck_prefix)
    now = _local(current_time())
    report = stats_module.collect(deck, now, config.review.day_starts_at, deck_prefix)
    deck.close()
    if output_format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out_console.print(stats_module.render(report))


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.command("review")(review_command)
    app.command("quiz")(quiz_command)
    app.command("stats")(stats_command)
