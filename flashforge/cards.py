"""Items → cards: the question and answer a learner sees, and each card's stable id.

Pure. Every front names its context ("ip › 默认字段 · ttl"), never a bare
"ttl" or "过程". Ids come from :func:`flashforge.ids.stable_id` over the file
path, heading path, kind and key, so editing an answer keeps the card.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from .extract import patterns
from .ids import stable_id
from .model import Card, Item

CONTEXT_SEP = " › "
KEY_SEP = " · "
BLANK = "[...]"


def context_label(headings: Sequence[str], title: str, doc_title: str) -> str:
    """The shortest context that makes a question unambiguous to a learner."""
    path = [h for h in headings if h]
    if path and path[0] == doc_title and len(path) > 1:
        path = path[1:]
    label: list[str] = []
    if path:
        label.append(path[-1])
        # "策略", "过程", "概念" say nothing alone: add the heading above.
        index = len(path) - 1
        while index > 0 and (patterns.is_generic(path[index]) or len(path[index]) <= 2) and len(label) < 3:
            index -= 1
            label.insert(0, path[index])
    if doc_title and (not label or (len(label) == 1 and patterns.is_generic(label[0]))):
        label.insert(0, doc_title)
    if title and title not in label:
        label.append(title)
    return CONTEXT_SEP.join(label)


def deck_name(source_path: str, doc_title: str, headings: Sequence[str]) -> str:
    """``dir::file title::top section`` (Anki's nested decks), without ``::`` inside names."""
    parts = list(PurePosixPath(source_path).parent.parts)
    stem = PurePosixPath(source_path).stem
    parts.append(doc_title or stem)
    sections = [h for h in headings if h and h != doc_title]
    if sections:
        parts.append(sections[0])
    return "::".join(_deck_part(part) for part in parts if part not in ("", "."))


def _deck_part(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("::", ":")).strip() or "_"


def tag(name: str) -> str:
    return re.sub(r"\s+", "_", name.strip()).replace("::", "_") or "_"


def build_cards(items: Sequence[Item], source_path: str, doc_title: str) -> list[Card]:
    cards: list[Card] = []
    labels: dict[tuple[tuple[str, ...], str], str] = {}
    decks: dict[tuple[str, ...], tuple[str, tuple[str, ...]]] = {}
    for position, item in enumerate(items):
        label_key = (item.headings, item.title)
        if label_key not in labels:
            labels[label_key] = context_label(item.headings, item.title, doc_title)
        label = labels[label_key]
        if item.headings not in decks:
            heading_tags = tuple(dict.fromkeys(tag(h) for h in item.headings if h and h != doc_title))
            decks[item.headings] = (deck_name(source_path, doc_title, item.headings), heading_tags)
        deck, heading_tags = decks[item.headings]
        tags = (item.kind, *heading_tags)
        group_id = stable_id(source_path, item.headings, item.kind, "group:" + (item.group or item.key))
        base = {
            "kind": item.kind,
            "deck": deck,
            "context": tuple(item.headings),
            "title": item.title,
            "group_id": group_id,
            "source_path": source_path,
            "tags": tags,
        }
        if item.kind in ("definition", "field", "state"):
            card_id = stable_id(source_path, item.headings, item.kind, item.key)
            term, meaning = item.parts["term"], item.parts["meaning"]
            front = f"{label}{KEY_SEP}{term}" if label else term
            cards.append(
                Card(id=card_id, note_id=card_id, ord=0, key=item.key, front=front, back=meaning,
                     position=position * 1000, source_line=item.line,
                     payload={"term": term, "meaning": meaning}, **base)  # type: ignore[arg-type]
            )  # fmt: skip
        elif item.kind == "sequence":
            cards.extend(_sequence_cards(item, label, position, source_path, base))
        elif item.kind == "table":
            columns, row = item.parts["columns"], item.parts["row"]
            for index in range(1, len(columns)):
                cell = row[index] if index < len(row) else ""
                if not cell.strip():
                    continue
                key = f"{item.key}/{columns[index]}"
                card_id = stable_id(source_path, item.headings, item.kind, key)
                front = KEY_SEP.join(part for part in (label, row[0], columns[index]) if part)
                cards.append(
                    Card(id=card_id, note_id=card_id, ord=0, key=key, front=front, back=cell,
                         position=position * 1000 + index, source_line=item.line,
                         payload={"columns": columns, "row": row, "column": columns[index]}, **base)  # type: ignore[arg-type]
                )  # fmt: skip
    return cards


def _sequence_cards(item: Item, label: str, position: int, source_path: str, base: dict[str, Any]) -> list[Card]:
    """Overlapping cloze: each step hidden in turn with its neighbours shown."""
    steps: list[str] = item.parts["steps"]
    details: list[str] = item.parts.get("details", [""] * len(steps))
    lines: list[int] = item.parts.get("lines", [item.line] * len(steps))
    note_id = stable_id(source_path, item.headings, item.kind, item.key)
    cards = []
    total = len(steps)
    for index, step in enumerate(steps):
        shown_before = steps[index - 1] if index > 0 else ""
        shown_after = steps[index + 1] if index + 1 < total else ""
        chain_front = [s for s in (shown_before, BLANK, shown_after) if s]
        chain_back = [s for s in (shown_before, step, shown_after) if s]
        where = f"({index + 1}/{total})"
        front = f"{label} {where}: " + " → ".join(chain_front)
        back = " → ".join(chain_back)
        if details[index]:
            back += f"\n{step}：{details[index]}"
        card_key = f"{item.key}#{index + 1}"
        cards.append(
            Card(
                id=stable_id(source_path, item.headings, item.kind, card_key),
                note_id=note_id,
                ord=index,
                key=card_key,
                front=front.strip(),
                back=back,
                position=position * 1000 + index,
                source_line=lines[index] if index < len(lines) else item.line,
                payload={"steps": steps, "index": index, "details": details},
                **base,  # type: ignore[arg-type]
            )
        )
    return cards
