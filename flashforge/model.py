"""The plain data that flows through flashforge: blocks, items, cards, skips.

Everything here is immutable and free of I/O so that the pipeline stages
(parse → extract → cards) stay pure functions that are easy to test. Each
class is a frozen dataclass defined through :class:`flashforge.record.Record`,
which every command can import without compiling its methods.
"""

from __future__ import annotations

# Kind, KINDS and LEECH_THRESHOLD live where a command can read them without defining these types.
from .card_state import LEECH_THRESHOLD as LEECH_THRESHOLD
from .kinds import KINDS as KINDS
from .kinds import Kind as Kind
from .record import Record

# Between the parts of a card's context wherever it is shown ("DHCP › 过程").
CONTEXT_SEP = " › "


class TermPayload(Record):
    """A term and its meaning: the payload of definition, field and state items and cards."""

    term: str
    meaning: str


class SequencePayload(Record):
    """A sequence item: its steps in order, each step's detail ("" if none) and source line."""

    steps: tuple[str, ...]
    details: tuple[str, ...]
    lines: tuple[int, ...]


class StepPayload(Record):
    """One cloze card of a sequence: the whole sequence and which step it hides.

    Every card of a sequence note carries the same ``steps`` and ``details``
    (the same tuples in memory); a store may keep them once per ``note_id``.
    """

    steps: tuple[str, ...]
    details: tuple[str, ...]
    index: int


class TablePayload(Record):
    """A table item: the header and one body row (the row's first cell is its key)."""

    columns: tuple[str, ...]
    row: tuple[str, ...]


class CellPayload(Record):
    """One table card: the whole row and the column it asks for."""

    columns: tuple[str, ...]
    row: tuple[str, ...]
    column: str


ItemPayload = TermPayload | SequencePayload | TablePayload
CardPayload = TermPayload | StepPayload | CellPayload


class Item(Record):
    """One piece of knowledge found by an extractor, before it becomes cards.

    ``key`` identifies the item inside its group (a term, a field name, a
    state, a table row); ``title`` names the group (a list's title such as
    ``默认字段``, a table's header) and is part of the question's context.
    ``parts`` holds the kind-specific payload: a :class:`TermPayload` for a
    definition, field or state, a :class:`SequencePayload` for a sequence (one
    item per sequence), a :class:`TablePayload` for a table (one item per row).
    """

    kind: Kind
    key: str
    title: str
    headings: tuple[str, ...]
    line: int
    parts: ItemPayload
    group: str = ""  # identifies siblings: the list, table or sequence the item came from


class FileStamp(Record):
    """What a stat of a notes file says: when size and times match the last build's, its content has not changed.

    ``ctime_ns`` changes on every write and cannot be set back (unlike the
    mtime, which ``cp -p``, ``tar`` and ``rsync`` restore).
    """

    size: int
    mtime_ns: int
    ctime_ns: int


class Skip(Record):
    """A block that was deliberately not turned into cards, and why."""

    line: int
    reason: str
    text: str


class Card(Record, kw_only=True):
    """A reviewable card as the deck stores it.

    ``id`` is stable across edits of the answer: it is derived from the file
    path, heading path, kind and key only (see :mod:`flashforge.ids`).
    ``note_id`` groups the cards of one Anki note (a cloze sequence gives one
    note with one card per step); for other kinds it equals ``id``.
    """

    id: str
    note_id: str
    ord: int
    kind: Kind
    deck: str
    key: str
    front: str
    back: str
    context: tuple[str, ...]
    title: str
    group_id: str
    position: int
    source_path: str
    source_line: int
    payload: CardPayload
    tags: tuple[str, ...] = ()
    images: tuple[str, ...] = ()  # image paths as written in the note (relative to its file), shown with the answer
    full: str = ""  # the whole answer when ``back`` was cut to card size (flashforge/answers.py); "" when not cut

    @property
    def source(self) -> str:
        return f"{self.source_path}:{self.source_line}"
