"""The block model every dialect is read into: what extractors see.

Text in these blocks is already plain (no markdown, no dialect syntax); an
image keeps its place as a marker (see :mod:`flashforge.parse.images`).

A build makes a block or list item for every few lines of every note, so :class:`Block` and
:class:`ListItem` are frozen dataclasses with an ``__init__`` of their own that stores only the
fields it is given: the class holds every default (a dataclass keeps them as class attributes),
and equality, hashing, ``repr`` and ``dataclasses.replace`` read fields as attributes. The
generated ``__init__`` sets all 21 fields of a block through ``object.__setattr__``, which cost
more than reading most paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict, Unpack


class ListItemExtras(TypedDict, total=False):
    """The fields of :class:`ListItem` that have a default, as ``ListItem(...)`` takes them."""

    blocks: tuple[Block, ...]
    lead_code: str
    strongs: tuple[str, ...]


@dataclass(frozen=True, init=False)
class ListItem:
    text: str  # plain text of the item's own paragraph(s), lines joined by "\n"
    line: int
    children: tuple[ListItem, ...]  # items of lists nested in this item
    children_ordered: bool
    lead_strong: str  # the item starts with **term** (its text), else ""
    links_only: bool  # the item is nothing but links (a table of contents entry)
    anchors_only: bool  # ...links to #anchors in this document
    blocks: tuple[Block, ...] = ()  # other blocks inside the item (tables, admonitions, code)
    lead_code: str = ""  # the item starts with `code` (its text), else ""
    strongs: tuple[str, ...] = ()  # the **bold** phrases of the item's own text, in order

    def __init__(
        self,
        text: str,
        line: int,
        children: tuple[ListItem, ...],
        children_ordered: bool,
        lead_strong: str,
        links_only: bool,
        anchors_only: bool,
        **extras: Unpack[ListItemExtras],
    ) -> None:
        fields = self.__dict__
        fields["text"] = text
        fields["line"] = line
        fields["children"] = children
        fields["children_ordered"] = children_ordered
        fields["lead_strong"] = lead_strong
        fields["links_only"] = links_only
        fields["anchors_only"] = anchors_only
        fields.update(extras)


@dataclass(frozen=True)
class DefEntry:
    """One term of a definition list and its meanings (``term`` / ``: meaning``)."""

    term: str
    meanings: tuple[str, ...]
    line: int


class BlockExtras(TypedDict, total=False):
    """The fields of :class:`Block` that have a default, as ``Block(...)`` takes them."""

    text: str
    level: int
    items: tuple[ListItem, ...]
    ordered: bool
    rows: tuple[tuple[str, ...], ...]
    ragged_rows: tuple[int, ...]
    row_lines: tuple[int, ...]
    too_deep: tuple[int, ...]
    lead_strong: str
    strong_only: bool
    links_only: bool
    info: str
    kind: str
    title: str
    children: tuple[Block, ...]
    entries: tuple[DefEntry, ...]
    lead_code: str
    strongs: tuple[str, ...]


@dataclass(frozen=True, init=False)
class Block:
    """One block of a note.

    ``type`` is one of heading | paragraph | list | table | code | quote | html |
    rule | math | deflist | admonition | skip. An admonition (MkDocs ``!!!``/``???``,
    Obsidian callouts, GitHub alerts, ``:::`` containers, ``<details>``, content
    tabs) has a ``kind`` (note, tip, question, details, tab, ...), a ``title`` and
    its body as ``children``; a block quote keeps its body as ``children`` too.
    A ``skip`` block is text the reader recognised as not knowledge (footnote
    definitions, metadata, a table-of-contents marker); ``info`` says why.
    """

    type: str
    line: int
    headings: tuple[str, ...]  # heading path above the block (for a heading: including itself)
    text: str = ""  # plain text; for code, the code
    level: int = 0  # heading level
    items: tuple[ListItem, ...] = ()
    ordered: bool = False
    rows: tuple[tuple[str, ...], ...] = ()  # table: header row first
    ragged_rows: tuple[int, ...] = ()  # table: 1-based indexes of body rows whose cell count was off
    row_lines: tuple[int, ...] = ()  # table: each row's source line, header first (empty: a pipe table's own)
    too_deep: tuple[int, ...] = ()  # list: lines of items whose sub-lists were nested too deeply to keep
    lead_strong: str = ""  # paragraph starts with **term**: the term
    strong_only: bool = False  # paragraph is nothing but **bold**
    links_only: bool = False
    info: str = ""  # code block language; skip reason
    kind: str = ""  # admonition kind
    title: str = ""  # admonition title
    children: tuple[Block, ...] = ()
    entries: tuple[DefEntry, ...] = ()  # definition list
    lead_code: str = ""  # paragraph starts with `code`: its text
    strongs: tuple[str, ...] = ()  # the **bold** phrases of a paragraph, in order

    def __init__(self, type: str, line: int, headings: tuple[str, ...], **extras: Unpack[BlockExtras]) -> None:
        fields = self.__dict__
        fields["type"] = type
        fields["line"] = line
        fields["headings"] = headings
        fields.update(extras)


@dataclass(frozen=True)
class Document:
    title: str  # front-matter title, else the first H1, else ""
    blocks: tuple[Block, ...]
    tags: tuple[str, ...] = ()  # front-matter tags and Obsidian #tags
