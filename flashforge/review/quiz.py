"""Quiz: practice that never touches the schedule.

Three kinds of question, chosen by what the notes give:

- multiple choice whose distractors are siblings (the other states of the
  same table, the other fields of the same header, the same column of the
  other rows of a table);
- putting the steps of a sequence in order;
- typing the term for a definition, compared after NFKC (which also folds
  full-width letters and digits to ASCII width), case folding, spacing and
  trailing punctuation.

Building questions is pure (a seeded ``random.Random`` is passed in); the
runner only prints and reads lines.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace

from rich.console import Console
from rich.text import Text

from ..model import CONTEXT_SEP, Card, CellPayload, StepPayload, TermPayload
from ..record import Record
from .screen import breadcrumb

MAX_CHOICES = 4
LineReader = Callable[[str], "str | None"]

# Sentence punctuation and quotes around an answer do not make it wrong; brackets may be part of it (O(n)).
_EDGE_PUNCTUATION = " \t.,;:!?。，、；：！？\"'“”‘’「」『』"


# A space next to a CJK character is a matter of style (runs of blanks are one space by then: linear).
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff"
_SPACE_BY_CJK = re.compile(f"(?<=[{_CJK}]) | (?=[{_CJK}])")


def normalize(text: str) -> str:
    """The form two answers are compared in: 'ＴＣＰ　握手。' and 'tcp 握手' are equal."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = re.sub(r"\s+", " ", folded)
    folded = _SPACE_BY_CJK.sub("", folded)  # 'tcp/ip 四层' and 'TCP/IP四层' are the same answer
    return folded.strip(_EDGE_PUNCTUATION)


class Question(Record):
    mode: str  # choice | order | typed
    card: Card
    prompt: str
    options: tuple[str, ...] = ()  # choice: the choices; order: the steps shuffled
    correct: tuple[str, ...] = ()  # choice: (right option,); order: steps in order; typed: accepted answers
    context: tuple[str, ...] | None = None  # the breadcrumb to show (None: the card's own)
    hide_title: bool = False

    def check(self, reply: str) -> bool:
        """Whether ``reply`` (as typed on one line) is right."""
        reply = reply.strip()
        if self.mode == "choice":
            if reply.isdigit() and 1 <= int(reply) <= len(self.options):
                return self.options[int(reply) - 1] == self.correct[0]
            return normalize(reply) == normalize(self.correct[0])
        if self.mode == "order":
            picked = _order_reply(reply, len(self.options))
            if picked is None:
                return False
            return [normalize(self.options[i]) for i in picked] == [normalize(step) for step in self.correct]
        return normalize(reply) in {normalize(answer) for answer in self.correct}

    def solution(self) -> str:
        if self.mode == "choice":
            return f"{self.options.index(self.correct[0]) + 1}. {self.correct[0]}"
        if self.mode == "order":
            numbers = " ".join(str(self.options.index(step) + 1) for step in self.correct)
            return f"{numbers}  ({' → '.join(self.correct)})"
        return self.correct[0]


def _order_reply(reply: str, size: int) -> list[int] | None:
    """'3 1 4 2', '3,1,4,2' or (up to 9 steps) '3142' → zero-based indexes; None when not a permutation."""
    text = unicodedata.normalize("NFKC", reply)
    parts = re.findall(r"\d+", text)
    if len(parts) == 1 and size <= 9 and len(parts[0]) == size:
        parts = list(parts[0])
    numbers = [int(part) - 1 for part in parts]
    if sorted(numbers) != list(range(size)):
        return None
    return numbers


def _term(card: Card) -> str:
    term = card.payload.term if isinstance(card.payload, TermPayload) else ""
    return term or card.key


def _meaning(card: Card) -> str:
    meaning = card.payload.meaning if isinstance(card.payload, TermPayload) else ""
    return meaning or card.back


def _choice(card: Card, right: str, pool: Sequence[str], rng: random.Random) -> Question | None:
    distractors = sorted({option for option in pool if normalize(option) != normalize(right)})
    if not distractors:
        return None
    options = [right, *rng.sample(distractors, min(len(distractors), MAX_CHOICES - 1))]
    rng.shuffle(options)
    return Question("choice", card, card.front, tuple(options), (right,))


def _typed_term(card: Card) -> Question:
    """Show the meaning, ask for the term; the term is hidden where it would give itself away."""
    term = _term(card)
    meaning = _meaning(card)
    if len(normalize(term)) >= 2:
        meaning = re.sub(re.escape(term), "____", meaning, flags=re.IGNORECASE)
    # A term defined under its own heading (### ARP) would be named by the breadcrumb.
    context = tuple(part for part in card.context if normalize(term) not in normalize(part))
    return Question(
        "typed", card, f"{meaning}\n\nWhich term is this?", (), (term, card.key), context=context, hide_title=True
    )


def _table_cell(cell: CellPayload) -> tuple[str, int] | None:
    if cell.column not in cell.columns:
        return None
    index = cell.columns.index(cell.column)
    return (cell.row[index], index) if index < len(cell.row) else None


def make_questions(cards: Sequence[Card], *, kind: str | None, count: int, rng: random.Random) -> list[Question]:
    """Up to ``count`` questions about ``cards`` (optionally of one kind), in random order."""
    groups: dict[str, list[Card]] = {}
    for card in cards:
        groups.setdefault(card.group_id or card.note_id, []).append(card)
    questions: list[Question] = []
    seen_sequences: set[str] = set()
    for card in cards:
        if kind is not None and card.kind != kind:
            continue
        siblings = [other for other in groups[card.group_id or card.note_id] if other.id != card.id]
        question: Question | None
        match card.payload:
            case StepPayload(steps=steps):
                if card.note_id in seen_sequences or len({normalize(step) for step in steps}) < 2:
                    continue
                seen_sequences.add(card.note_id)
                question = _order(card, list(steps), rng)
            case CellPayload() as cell:
                question = _table_question(card, cell, siblings, rng)
            case TermPayload() if card.kind in ("state", "field"):
                question = _choice(card, _meaning(card), [_meaning(other) for other in siblings], rng)
                if question is None:
                    question = _typed_term(card)
            case _:
                question = _typed_term(card)
        questions.append(question)
    rng.shuffle(questions)
    return questions[:count]


def _order(card: Card, steps: list[str], rng: random.Random) -> Question:
    shuffled = steps[:]
    while shuffled == steps:
        rng.shuffle(shuffled)
    title = CONTEXT_SEP.join([*card.context[-2:], card.title] if card.title else card.context[-2:])
    return Question("order", card, f"{title}: put the steps in order", tuple(shuffled), tuple(steps))


def _table_question(card: Card, cell: CellPayload, siblings: Sequence[Card], rng: random.Random) -> Question:
    """Choose among the same column of the other rows; typed when there is nothing to choose from."""
    found = _table_cell(cell)
    question = None
    if found is not None:
        right, index = found
        pool = [
            other.payload.row[index]
            for other in siblings
            if isinstance(other.payload, CellPayload)
            and other.payload.column == cell.column
            and index < len(other.payload.row)
        ]
        question = _choice(card, right, pool, rng)
    return question or Question("typed", card, card.front, (), (card.back,))


class QuizResult(Record, frozen=False):
    asked: int = 0
    right: int = 0
    stopped: bool = False


def _show(question: Question, number: int, total: int, console: Console) -> None:
    header = Text(f"Question {number}/{total}  ", style="bold")
    card = question.card
    if question.context is not None:
        card = replace(card, context=question.context, title="" if question.hide_title else card.title)
    header.append_text(breadcrumb(card))
    console.print(header)
    console.print(Text(question.prompt))
    if question.mode in ("choice", "order"):
        for index, option in enumerate(question.options, start=1):
            console.print(Text(f"  {index}. {option}"))
    hints = {
        "choice": "Type the number of the answer (q quits).",
        "order": "Type the numbers in the right order, e.g. 3 1 2 (q quits).",
        "typed": "Type the answer (empty line: show it; q quits).",
    }
    console.print(Text(hints[question.mode], style="dim"))


def run_quiz(questions: Sequence[Question], console: Console, read_line: LineReader) -> QuizResult:
    """Ask each question, say whether the reply was right, end with the score."""
    result = QuizResult()
    for number, question in enumerate(questions, start=1):
        _show(question, number, len(questions), console)
        reply = read_line("> ")
        if reply is None or reply.strip().lower() == "q":
            result.stopped = True
            break
        result.asked += 1
        if question.check(reply):
            result.right += 1
            console.print(Text("✓ Correct", style="bold green"))
        else:
            console.print(Text(f"✗ Answer: {question.solution()}", style="bold red"))
        console.print()
    percent = f" ({100 * result.right / result.asked:.0f}%)" if result.asked else ""
    console.print(Text(f"Score: {result.right}/{result.asked}{percent}. The schedule was not changed.", style="bold"))
    return result
