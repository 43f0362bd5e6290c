"""The plain data that flows through flashforge: blocks, items, cards, skips.

Everything here is immutable and free of I/O so that the pipeline stages
(parse → extract → cards) stay pure functions that are easy to test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["definition", "field", "state", "sequence", "table"]
KINDS: tuple[Kind, ...] = ("definition", "field", "state", "sequence", "table")


@dataclass(frozen=True)
class Item:
    """One piece of knowledge found by an extractor, before it becomes cards.

    ``key`` identifies the item inside its group (a term, a field name, a
    state, a table row); ``title`` names the group (a list's title such as
    ``默认字段``, a table's header) and is part of the question's context.
    ``parts`` holds the kind-specific payload:

    - definition / field / state: ``{"term": str, "meaning": str}``
    - sequence: ``{"steps": [str, ...]}`` (one item per sequence)
    - table: ``{"columns": [str, ...], "row": [str, ...]}`` (one item per row)
    """

    kind: Kind
    key: str
    title: str
    headings: tuple[str, ...]
    line: int
    parts: dict[str, Any]
    group: str = ""  # identifies siblings: the list, table or sequence the item came from


@dataclass(frozen=True)
class Skip:
    """A block that was deliberately not turned into cards, and why."""

    line: int
    reason: str
    text: str


@dataclass(frozen=True)
class Card:
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
    tags: tuple[str, ...] = ()
    payload: dict[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return f"{self.source_path}:{self.source_line}"
