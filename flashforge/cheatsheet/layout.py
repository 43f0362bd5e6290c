"""Cards -> a cheat sheet's structure: sections by heading path, blocks by kind.

Pure: no I/O, no clock (the date comes in as ``now``). A cheat sheet shows
knowledge, not cards, so the cards that several questions make of one fact
(a sequence gives one card per step, a table one card per cell, a state may
be asked both ways) collapse back into that one fact here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from wcwidth import wcswidth

from ..model import CONTEXT_SEP, Card, CellPayload, StepPayload, TermPayload


@dataclass(frozen=True)
class Pair:
    """A term and what it means (a definition, a field, a state)."""

    term: str
    meaning: str


@dataclass(frozen=True)
class Definitions:
    """Consecutive definitions of one section: term — meaning rows."""

    rows: tuple[Pair, ...]


@dataclass(frozen=True)
class PairTable:
    """A field list or a set of states: a compact two-column table.

    ``term_cells`` is the width of the longest term in terminal cells (a CJK
    character counts 2): the page sizes the first column to it, so that short
    keys do not waste half the column and long ones do not break mid-word.
    """

    kind: Literal["field", "state"]
    title: str
    rows: tuple[Pair, ...]
    term_cells: int


@dataclass(frozen=True)
class Chain:
    """A sequence: numbered steps joined by arrows.

    ``inline`` chains (all steps short) flow on one line like
    ``1 DISCOVER → 2 OFFER → …``; long steps are stacked one per line.
    """

    title: str
    steps: tuple[str, ...]
    inline: bool


@dataclass(frozen=True)
class Table:
    """A markdown table rebuilt from its cells; ``shares`` are column widths (sum 1)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    shares: tuple[float, ...]


Block = Definitions | PairTable | Chain | Table


@dataclass(frozen=True)
class Section:
    """The blocks under one heading path.

    ``path`` is the full heading path; ``chapter`` and ``heading`` are what is
    shown, with the part every section shares (usually the file's title)
    left out.
    """

    path: tuple[str, ...]
    chapter: str
    heading: tuple[str, ...]
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Sheet:
    title: str
    date: str
    card_count: int
    sections: tuple[Section, ...]


# Steps this wide (in terminal cells: a CJK character counts 2) or narrower
# read well as one flowing chain; anything longer is a sentence and gets its own line.
INLINE_STEP_WIDTH = 24
INLINE_CHAIN_WIDTH = 90


def text_width(text: str) -> int:
    width = wcswidth(text)
    return width if width >= 0 else len(text) * 2  # control characters: be generous


def sheet_title(cards: Iterable[Card], deck_prefix: str | None = None) -> str:
    """The deck's title: the chosen deck, or the deck every card shares."""
    if deck_prefix:
        parts = [part for part in deck_prefix.split("::") if part]
    else:
        decks = [card.deck.split("::") for card in cards]
        parts = list(_common_prefix(decks)) if decks else []
    return CONTEXT_SEP.join(parts) if parts else "flashforge"


def build_sheet(cards: Sequence[Card], *, title: str, now: datetime) -> Sheet:
    """Lay out ``cards`` (in note order) as a cheat sheet dated ``now``."""
    sections: dict[tuple[str, ...], _SectionBuilder] = {}
    headed = {card.context[:depth] for card in cards for depth in range(1, len(card.context) + 1)}
    for card in cards:
        path = _section_of(card, headed)
        builder = sections.get(path)
        if builder is None:
            builder = sections[path] = _SectionBuilder()
        builder.add(card)
    paths = list(sections)
    shared = len(_common_prefix(paths)) if paths else 0
    # Every section keeps at least its own last heading, even when all share one path.
    shared = min([shared, *(max(len(path) - 1, 0) for path in paths)])
    built = []
    for path, builder in sections.items():
        shown = path[shared:] or ("",)
        built.append(Section(path=path, chapter=shown[0], heading=shown[1:], blocks=builder.blocks()))
    return Sheet(title=title, date=now.strftime("%Y-%m-%d"), card_count=len(cards), sections=tuple(built))


def _section_of(card: Card, headed: set[tuple[str, ...]]) -> tuple[str, ...]:
    """Where a card is shown: its heading path, except for a heading's own definition.

    Notes define a topic by the paragraph under its heading (``### ARP`` then
    ``链路层协议…``); the extractor files that definition under the parent
    heading, but on the sheet it belongs at the top of the ARP section.
    ``headed`` holds every heading path (and its prefixes) that has cards.
    """
    if not card.context:  # a file without headings: its name is its topic
        return (card.source_path.rsplit("/", 1)[-1].removesuffix(".md"),)
    if card.kind != "definition":
        return card.context
    term = _pair(card).term
    own = (*card.context, term)
    return own if own in headed else card.context


def _common_prefix(paths: Sequence[Sequence[str]]) -> tuple[str, ...]:
    if not paths:
        return ()
    prefix: list[str] = []
    for parts in zip(*paths, strict=False):
        if any(part != parts[0] for part in parts):
            break
        prefix.append(parts[0])
    return tuple(prefix)


def _pair(card: Card) -> Pair:
    given = card.payload if isinstance(card.payload, TermPayload) else TermPayload("", "")
    term = given.term or card.key.rsplit("/", 1)[-1]
    meaning = given.meaning or card.back
    return Pair(term.strip(), meaning.strip())


class _SectionBuilder:
    """Collects one section's blocks in the order their first card appears."""

    def __init__(self) -> None:
        self._order: list[tuple[str, str]] = []
        self._pairs: dict[tuple[str, str], dict[Pair, None]] = {}  # dicts: ordered and unique
        self._titles: dict[tuple[str, str], str] = {}
        self._steps: dict[tuple[str, str], list[str]] = {}
        self._tables: dict[tuple[str, str], tuple[list[str], dict[tuple[str, ...], None]]] = {}

    def _slot(self, key: tuple[str, str], card: Card) -> bool:
        """Register the block ``key``; True when this card opens it."""
        if key in self._titles:
            return False
        self._order.append(key)
        self._titles[key] = card.title.strip()
        return True

    def add(self, card: Card) -> None:
        match card.payload:
            case TermPayload():
                # Definitions of a section read as one list even when the notes
                # state them in different ways (list item, bold term, heading).
                key = ("definition", "") if card.kind == "definition" else (card.kind, card.group_id)
                self._slot(key, card)
                # A fact asked both ways (term -> meaning, meaning -> term) is still one row.
                self._pairs.setdefault(key, {})[_pair(card)] = None
            case StepPayload(steps=steps):
                key = ("sequence", card.note_id)
                self._slot(key, card)
                if steps:
                    self._steps[key] = [step.strip() for step in steps]
                else:  # no steps stored: rebuild the chain from the cards' answers, in step order
                    self._steps.setdefault(key, []).append(card.back.strip())
            case CellPayload() as cell:
                self._add_cell(card, cell)

    def _add_cell(self, card: Card, cell: CellPayload) -> None:
        key = ("table", card.group_id)
        columns = [column.strip() for column in cell.columns]
        row = tuple(value.strip() for value in cell.row)
        if self._slot(key, card):
            self._tables[key] = (columns, {})
        known_columns, table_rows = self._tables[key]
        if not known_columns and columns:
            known_columns.extend(columns)
        if row:  # one card per cell: the row comes once per column
            table_rows[row] = None

    def blocks(self) -> tuple[Block, ...]:
        built: list[Block] = []
        for key in self._order:
            kind = key[0]
            title = self._titles[key]
            if kind == "definition":
                built.append(Definitions(tuple(self._pairs[key])))
            elif kind in ("field", "state"):
                rows = tuple(self._pairs[key])
                built.append(
                    PairTable(
                        kind="field" if kind == "field" else "state",
                        title=title,
                        rows=rows,
                        term_cells=max((text_width(row.term) for row in rows), default=0),
                    )
                )
            elif kind == "sequence":
                steps = tuple(step for step in self._steps[key] if step)
                built.append(Chain(title=title, steps=steps, inline=_reads_inline(steps)))
            else:
                columns, cells = self._tables[key]
                width = max([len(columns), *(len(row) for row in cells)])
                if width == 0:  # a table card without columns or cells: nothing to print
                    continue
                padded_columns = tuple(columns) + ("",) * (width - len(columns))
                padded_rows = tuple(row + ("",) * (width - len(row)) for row in cells)
                built.append(
                    Table(
                        title=title,
                        columns=padded_columns,
                        rows=padded_rows,
                        shares=_column_shares(padded_columns, padded_rows),
                    )
                )
        return tuple(built)


def _column_shares(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> tuple[float, ...]:
    """Column widths proportional to their content, so no column starves.

    A column's weight is its longest cell capped (a paragraph in one cell
    wraps anyway) and floored (a one-letter column still needs room to read).
    """
    if not columns:
        return ()
    weights = []
    for index, header in enumerate(columns):
        widest = max([text_width(header), *(text_width(row[index]) for row in rows)])
        weights.append(min(max(widest, 6), 40))
    total = sum(weights)
    return tuple(round(weight / total, 4) for weight in weights)


def _reads_inline(steps: Sequence[str]) -> bool:
    widths = [text_width(step) for step in steps]
    return bool(widths) and max(widths) <= INLINE_STEP_WIDTH and sum(widths) + 4 * len(widths) <= INLINE_CHAIN_WIDTH
