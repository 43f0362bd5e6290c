"""How a review looks: rich renderables for a card, its answer, the progress line and the summary.

rich measures text in terminal cells (a CJK character takes two), so Chinese
questions wrap and align by display width, never by character count. On a
terminal the screen is redrawn in place; otherwise (scripts, tests) each step
is printed below the last, as plain text.
"""

from __future__ import annotations

from dataclasses import field
from datetime import timedelta

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.text import Text

from ..breadcrumbs import once, unsaid
from ..card_state import RATING_NAMES
from ..clock import format_interval
from ..model import CONTEXT_SEP, Card
from ..record import Record
from .queue import Counts

MAX_WIDTH = 100
RATING_STYLES = {1: "bold red", 2: "bold yellow", 3: "bold green", 4: "bold cyan"}
STATE_LABELS = {"new": "new", "learning": "learning", "relearning": "relearning", "review": "review"}


class Progress(Record, frozen=False):
    done: int
    left: Counts

    def render(self) -> Text:
        text = Text()
        text.append(f"done {self.done}", style="bold")
        text.append("  ·  left: ")
        text.append(f"new {self.left.new}", style="blue")
        text.append("  ")
        text.append(f"learning {self.left.learning}", style="red")
        text.append("  ")
        text.append(f"review {self.left.review}", style="green")
        return text


class Summary(Record, frozen=False):
    answered: int = 0
    by_rating: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    new_seen: int = 0
    seconds: float = 0.0
    suspended: int = 0
    buried: int = 0
    leeches: list[str] = field(default_factory=list)
    finished: bool = False
    next_due: str | None = None
    notice: str = ""  # the last message, not yet shown when the session ended


def breadcrumb(card: Card, front: str = "") -> Text:
    """The card's heading path, down to where ``front`` (the question shown under it) names its own context."""
    parts = unsaid(card.context, card.title, front) if front else tuple(once([*card.context, card.title]))
    shown = CONTEXT_SEP.join(parts) if parts or front else card.deck
    return Text(shown, style="dim", no_wrap=True, overflow="ellipsis")


def answer_text(card: Card) -> Text:
    """The card-sized answer, and dimmed under it the rest of the whole answer when it was cut."""
    text = Text(card.back)
    if card.full:
        rest = card.full[len(card.back) :] if card.full.startswith(card.back) else card.full
        if rest.strip():
            text.append("\n" + rest.strip(), style="dim")
    return text


def _buttons(previews: dict[int, timedelta]) -> Text:
    text = Text()
    for rating in (1, 2, 3, 4):
        if rating > 1:
            text.append("   ")
        text.append(f"{rating}", style=RATING_STYLES[rating])
        text.append(f" {RATING_NAMES[rating]} ")
        text.append(format_interval(previews[rating]), style="dim" if rating != 3 else "bold")
    return text


KEYS_QUESTION = "Space/Enter show answer · u undo · s suspend · b bury · e edit · q quit"
KEYS_ANSWER = "1–4 rate · u undo · s suspend · b bury · e edit · q quit"


def card_view(
    card: Card,
    state_name: str,
    *,
    revealed: bool,
    previews: dict[int, timedelta] | None,
    progress: Progress,
    notice: str = "",
) -> RenderableType:
    """The whole screen for one card: breadcrumb, question, and when revealed the answer and the buttons."""
    header = Text()
    header.append(f"[{STATE_LABELS.get(state_name, state_name)}] ", style="bold magenta")
    header.append_text(breadcrumb(card, card.front))
    body: list[RenderableType] = [Text(card.front, style="bold")]
    if revealed:
        body += [Rule(style="dim"), answer_text(card)]
    panel = Panel(
        Group(*body),
        title=header,
        title_align="left",
        subtitle=Text(card.source, style="dim"),
        subtitle_align="right",
        padding=(1, 2),
    )
    parts: list[RenderableType] = [progress.render(), panel]
    if revealed and previews is not None:
        parts.append(Padding(_buttons(previews), (0, 2)))
    parts.append(Text(KEYS_ANSWER if revealed else KEYS_QUESTION, style="dim"))
    if notice:
        parts.append(Text(notice, style="yellow"))
    return Group(*parts)


def summary_view(summary: Summary) -> RenderableType:
    lines = Text()
    if summary.notice:
        lines.append(summary.notice + "\n", style="yellow")
    if summary.finished:
        lines.append("Congratulations! No more cards due now.\n", style="bold green")
    else:
        lines.append("Review stopped.\n", style="bold")
    minutes = summary.seconds / 60
    lines.append(f"Answered {summary.answered} card{'s' if summary.answered != 1 else ''}")
    if summary.answered:
        lines.append(f" in {minutes:.1f} min ({summary.seconds / summary.answered:.1f} s per card)")
    lines.append(f", {summary.new_seen} new.\n")
    if summary.answered:
        again = summary.by_rating.get(1, 0)
        correct = 100 * (summary.answered - again) / summary.answered
        counts = "  ".join(f"{RATING_NAMES[r]} {summary.by_rating.get(r, 0)}" for r in (1, 2, 3, 4))
        lines.append(f"{counts}   ({correct:.0f}% not Again)\n")
    if summary.suspended or summary.buried:
        lines.append(f"Suspended {summary.suspended}, buried {summary.buried}.\n")
    for leech in summary.leeches:
        lines.append(f"Leech (tagged and suspended): {leech}\n", style="yellow")
    if summary.next_due:
        lines.append(f"Learning cards come back {summary.next_due}.\n", style="dim")
    lines.rstrip()
    return Panel(lines, title=Text("Summary"), title_align="left", padding=(0, 2))  # a str title is read as markup


class Screen:
    """Prints views; on a terminal each view replaces the previous one."""

    def __init__(self, console: Console, full_screen: bool) -> None:
        self.console = console
        self.full_screen = full_screen

    @property
    def width(self) -> int:
        return min(self.console.width, MAX_WIDTH)

    def show(self, view: RenderableType) -> None:
        if self.full_screen:
            self.console.clear()
        self.console.print(view, width=self.width)

    def say(self, message: str) -> None:
        self.console.print(Text(message, style="yellow"), width=self.width)
