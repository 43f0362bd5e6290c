"""Items → cards: the question and answer a learner sees, and each card's stable id.

Pure. Every front names its context ("ip › 默认字段 · ttl"), never a bare
"ttl" or "过程". Ids come from :func:`flashforge.ids.stable_id` over the file
path, heading path, kind and key, so editing an answer keeps the card.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import PurePosixPath
from typing import TypedDict

from .answers import ANSWER_LIMIT, cut_answer
from .breadcrumbs import KEY_SEP, once
from .extract import patterns
from .ids import id_prefix, id_under
from .model import (
    CONTEXT_SEP,
    Card,
    CardPayload,
    CellPayload,
    Item,
    Kind,
    SequencePayload,
    StepPayload,
    TablePayload,
    TermPayload,
)
from .parse import images
from .record import Record

BLANK = "[...]"


# Most headings a label climbs for generic names ("概念 › 过程" still needs the one above; more is a path).
GENERIC_CLIMB = 3


def own_path(headings: Sequence[str], doc_title: str, stem: str = "") -> tuple[str, ...]:
    """The headings that place a card inside its file: not the file's own title, no heading twice in a row."""
    path = once(headings)
    if len(path) > 1 and path[0] in (doc_title, stem):
        path = path[1:]  # "# 杂乱笔记" in 杂乱笔记.md names the file, which the deck already says
    return tuple(path)


def label_path(
    headings: Sequence[str], doc_title: str, stem: str = "", shown: dict[str, str] | None = None
) -> tuple[str, ...]:
    """The headings as a question shows them (:func:`_shown`), once each, without the file's title; ``shown``:
    the file's headings as shown so far (a heading stands above many sections: it is worked out once)."""
    if shown is None:
        return own_path([_shown(heading) for heading in headings if heading], doc_title, stem)
    return own_path([shown.get(h) or shown.setdefault(h, _shown(h)) for h in headings if h], doc_title, stem)


def suffix_counts(paths: Sequence[tuple[str, ...]]) -> Counter[tuple[str, ...]]:
    """How many of a file's distinct section paths end with each run of headings."""
    counts: Counter[tuple[str, ...]] = Counter()
    for path in set(paths):
        counts.update(path[-depth:] for depth in range(1, len(path) + 1))
    return counts


def context_label(
    headings: Sequence[str],
    title: str,
    doc_title: str,
    shared: Mapping[tuple[str, ...], int] | None = None,
    stem: str = "",
    path: tuple[str, ...] | None = None,
) -> str:
    """The shortest context that makes a question unambiguous to a learner, each part once.

    ``shared`` counts the file's section paths by their endings (:func:`suffix_counts`):
    a section named like another one ("Linux › 命令", "Windows › 命令") climbs until it differs.
    ``path``: :func:`label_path` of ``headings``, when the caller has it already.
    """
    if path is None:
        path = label_path(headings, doc_title, stem)
    depth = 1 if path else 0
    # "策略", "过程", "概念" (and one- or two-letter headings) say nothing alone: add the heading above.
    while depth < min(len(path), GENERIC_CLIMB) and (patterns.is_generic(path[-depth]) or len(path[-depth]) <= 2):
        depth += 1
    while shared is not None and depth < len(path) and shared.get(path[-depth:], 0) > 1:
        depth += 1
    label = list(path[len(path) - depth :])
    if doc_title and doc_title not in label and (not label or (len(label) == 1 and patterns.is_generic(label[0]))):
        label.insert(0, doc_title)
    title = _shown(title) if title else ""
    if title and title not in label:
        label.append(title)
    return CONTEXT_SEP.join(label)


def _shown(heading: str) -> str:
    """A heading as a question shows it: ``（2）解压压缩包`` → 解压压缩包 (renumbering keeps the card's id too)."""
    return patterns.without_numbering(heading)


def deck_name(source_path: str, doc_title: str, headings: Sequence[str]) -> str:
    """``dir::file title::top section`` (Anki's nested decks), without ``::`` inside names."""
    path = PurePosixPath(source_path)
    return _deck_name(path.parent.parts, path.stem, doc_title, headings)


def _deck_name(folders: Sequence[str], stem: str, doc_title: str, headings: Sequence[str]) -> str:
    parts = [*folders, doc_title or stem]
    sections = [h for h in own_path(headings, doc_title, stem) if h != doc_title]
    if sections:
        parts.append(sections[0])
    return "::".join(_deck_part(part) for part in parts if part not in ("", "."))


def _deck_part(name: str) -> str:
    return _BLANKS.sub(" ", name.replace("::", ":")).strip() or "_"


def tag(name: str) -> str:
    return _BLANKS.sub("_", name.strip()).replace("::", "_") or "_"


_BLANKS = re.compile(r"\s+")


class _Place(Record):
    """What every card of one item shares."""

    item: Item
    label: str
    deck: str
    tags: tuple[str, ...]
    group_id: str
    position: int
    source_path: str
    id_prefix: str  # ids.id_prefix of the item's file, headings and kind
    doc_title: str = ""

    def card(
        self,
        *,
        card_id: str,
        note_id: str,
        ord: int,
        key: str,
        front: str,
        back: str,
        position: int,
        line: int,
        payload: CardPayload,
        lead: str = "",
        plain: bool = False,
    ) -> Card:
        """``lead`` starts the answer and is never cut (a sequence's chain); ``back`` may be cut to card size.

        ``plain``: the payload's texts are stripped of images already (a sequence strips its steps once and a
        table row its cells, not once per card: k steps would cost k² otherwise).
        """
        pictures = _pictures(front, lead, back)
        front, payload = images.strip(front), payload if plain else _plain(payload)
        back, full = _card_sized(images.strip(lead), images.strip(back))
        return made_card(
            {
                "id": card_id,
                "note_id": note_id,
                "ord": ord,
                "kind": self.item.kind,
                "deck": self.deck,
                "key": key,
                "front": front,
                "back": back,
                "context": tuple(self.item.headings),
                "title": self.item.title,
                "group_id": self.group_id,
                "position": position,
                "source_path": self.source_path,
                "source_line": line,
                "payload": payload,
                "tags": self.tags,
                "images": pictures,
                "full": full,
            }
        )

    def card_id(self, key: str) -> str:
        return id_under(self.id_prefix, key)


class CardFields(TypedDict):
    """Every field of a :class:`Card`, by name (a test checks they are the same)."""

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
    tags: tuple[str, ...]
    images: tuple[str, ...]
    full: str


def made_card(fields: CardFields) -> Card:
    """``Card(**fields)`` without the keyword call: a class called with 18 keywords builds and unpacks a dict of
    them twice (about 20,000 instructions, a fifth of what making a card costs); the card takes this dict."""
    card = object.__new__(Card)
    object.__setattr__(card, "__dict__", fields)
    return card


_WORD = re.compile(r"[^\W_]")


def _pictures(front: str, lead: str, back: str) -> tuple[str, ...]:
    """The images of a card's texts, each once, in order."""
    if images.OPEN not in front and images.OPEN not in lead and images.OPEN not in back:
        return ()  # most cards: no image
    return tuple(dict.fromkeys([*images.refs(front), *images.refs(lead), *images.refs(back)]))


def _card_sized(lead: str, body: str) -> tuple[str, str]:
    """``(back, full)``: the answer cut after a sentence so that it fits a card, and the whole one if it was cut."""
    if len(lead) + len(body) <= ANSWER_LIMIT:
        return lead + body, ""
    short, full = cut_answer(body, max(ANSWER_LIMIT - len(lead), 0))
    return lead + short, lead + full if full else ""


def _plain(payload: CardPayload) -> CardPayload:
    """The payload as the learner reads it: images are the card's, not inside its texts."""
    match payload:
        case TermPayload(term=term, meaning=meaning):
            plain_term, plain_meaning = images.strip(term), images.strip(meaning)
            if plain_term is term and plain_meaning is meaning:
                return payload  # no image in it (most cards): the same payload, not a copy
            return TermPayload(plain_term, plain_meaning)
        case StepPayload(steps=steps, details=details, index=index):
            return StepPayload(_strip_all(steps), _strip_all(details), index)
        case CellPayload(columns=columns, row=row, column=column):
            return CellPayload(_strip_all(columns), _strip_all(row), images.strip(column))


def _strip_all(texts: tuple[str, ...]) -> tuple[str, ...]:
    if not any(images.OPEN in text for text in texts):
        return texts  # the same tuple: a sequence's cards share their steps
    return tuple(images.strip(text) for text in texts)


def build_cards(items: Sequence[Item], source_path: str, doc_title: str, doc_tags: Sequence[str] = ()) -> list[Card]:
    """``doc_tags``: the note's own tags (front matter, Obsidian ``#tags``), added to every card's tags."""
    cards: list[Card] = []
    labels: dict[tuple[tuple[str, ...], str], str] = {}
    decks: dict[tuple[str, ...], tuple[str, tuple[str, ...]]] = {}
    group_ids: dict[tuple[tuple[str, ...], str, str], str] = {}
    path = PurePosixPath(source_path)
    folders, stem = path.parent.parts, path.stem
    shown: dict[str, str] = {}  # each heading as questions show it, worked out once for the file
    paths = {headings: label_path(headings, doc_title, stem, shown) for headings in {item.headings for item in items}}
    shared = suffix_counts(list(paths.values()))
    note_tags = [tag(name) for name in doc_tags]
    for position, item in enumerate(items):
        label_key = (item.headings, item.title)
        if label_key not in labels:
            labels[label_key] = context_label(item.headings, item.title, doc_title, shared, stem, paths[item.headings])
        if item.headings not in decks:
            heading_tags = tuple(dict.fromkeys([*note_tags, *(tag(h) for h in item.headings if h and h != doc_title)]))
            decks[item.headings] = (_deck_name(folders, stem, doc_title, item.headings), heading_tags)
        deck, heading_tags = decks[item.headings]
        prefix = id_prefix(source_path, item.headings, item.kind)  # every id of the item's cards starts so
        group = (item.headings, item.kind, item.group or item.key)  # a list's items share their group
        if group not in group_ids:
            group_ids[group] = id_under(prefix, "group:" + group[2])
        place = _Place(
            item,
            labels[label_key],
            deck,
            (item.kind, *heading_tags),
            group_ids[group],
            position,
            source_path,
            prefix,
            doc_title,
        )
        match item.parts:
            case TermPayload() as pair:
                cards.append(_term_card(place, pair))
            case SequencePayload() as sequence:
                cards.extend(_sequence_cards(place, sequence))
            case TablePayload() as table:
                cards.extend(_table_cards(place, table))
    return cards


def _term_card(place: _Place, pair: TermPayload) -> Card:
    card_id = place.card_id(place.item.key)
    label = place.label
    parts = label.split(CONTEXT_SEP) if label else []
    if parts and _normalized(parts[-1]) == _normalized(pair.term):
        # "页缓存 · 页缓存" says it twice: name the section above instead (or the note, "Graph · Corner cases")
        above = [_shown(h) for h in place.item.headings[:-1] if h] or [_shown(place.doc_title)]
        parts = parts[:-1] or [part for part in above[-1:] if part and part != pair.term]
        label = CONTEXT_SEP.join(parts)
    front = f"{label}{KEY_SEP}{pair.term}" if label else pair.term
    return place.card(
        card_id=card_id,
        note_id=card_id,
        ord=0,
        key=place.item.key,
        front=front,
        back=pair.meaning,
        position=place.position * 1000,
        line=place.item.line,
        payload=pair,
    )


# A file's labels repeat from card to card (and terms from copy to copy): normalize each once.
_normalized = lru_cache(maxsize=4096)(patterns.normalize_title)


def _table_cards(place: _Place, table: TablePayload) -> list[Card]:
    """One card per non-empty cell after the key column."""
    columns, row = table.columns, table.row
    names = _distinct(columns)
    plain_columns, plain_row = _strip_all(columns), _strip_all(row)  # once for the row's cards, as a sequence does
    cards = []
    for index in range(1, len(columns)):
        cell = row[index] if index < len(row) else ""
        if not _WORD.search(images.strip(cell)):
            continue  # empty, or a symbol alone ("~", "|"): nothing to recall
        key = f"{place.item.key}/{names[index]}"
        card_id = place.card_id(key)
        front = KEY_SEP.join(part for part in (place.label, row[0], names[index]) if part)
        cards.append(
            place.card(
                card_id=card_id,
                note_id=card_id,
                ord=0,
                key=key,
                front=front,
                back=cell,
                position=place.position * 1000 + index,
                line=place.item.line,
                payload=CellPayload(plain_columns, plain_row, images.strip(columns[index])),
                plain=True,
            )
        )
    return cards


def _distinct(columns: Sequence[str]) -> list[str]:
    """Column names as questions name them: a repeated header (``值 | 值``) is told apart as ``值 (2)``."""
    seen: dict[str, int] = {}
    names = []
    for column in columns:
        seen[column] = seen.get(column, 0) + 1
        names.append(column if seen[column] == 1 else f"{column} ({seen[column]})")
    return names


def _sequence_cards(place: _Place, sequence: SequencePayload) -> list[Card]:
    """Overlapping cloze: each step hidden in turn with its neighbours shown."""
    item = place.item
    steps = sequence.steps
    details = sequence.details
    lines = sequence.lines
    note_id = place.card_id(item.key)
    cards = []
    total = len(steps)
    plain_steps, plain_details = _strip_all(steps), _strip_all(details)
    for index, step in enumerate(steps):
        shown_before = steps[index - 1] if index > 0 else ""
        shown_after = steps[index + 1] if index + 1 < total else ""
        chain_front = [s for s in (shown_before, BLANK, shown_after) if s]
        chain_back = [s for s in (shown_before, step, shown_after) if s]
        where = f"({index + 1}/{total})"
        front = f"{place.label} {where}: " + " → ".join(chain_front)
        chain = " → ".join(chain_back)
        # The chain is the answer; the step's detail under it may be cut to card size.
        lead, back = (f"{chain}\n{step}：", details[index]) if details[index] else (chain, "")
        card_key = f"{item.key}#{index + 1}"
        cards.append(
            place.card(
                card_id=place.card_id(card_key),
                note_id=note_id,
                ord=index,
                key=card_key,
                front=front.strip(),
                back=back,
                lead=lead,
                position=place.position * 1000 + index,
                line=lines[index] if index < len(lines) else item.line,
                payload=StepPayload(plain_steps, plain_details, index),
                plain=True,
            )
        )
    return cards
