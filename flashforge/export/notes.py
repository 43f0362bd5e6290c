"""Deck cards → Anki notes (pure): fields as HTML, deck, tags, GUID, modification time.

One note per ``note_id`` of the deck model: a definition, field, state or table
card is a note of its own; the cards of a sequence share a note_id and become
one cloze note with a deletion per step. The GUID is the deck's note id, so a
re-export updates the same Anki note; the modification time is when the
note's content last changed in the deck, so Anki takes the update only when
the notes really changed and otherwise keeps what the learner edited in Anki.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from ..breadcrumbs import once, unsaid
from ..model import CONTEXT_SEP, Card, CardPayload, CellPayload, StepPayload
from ..parse import images
from ..progress import SILENT, Progress
from ..store import StoredCard
from .notetypes import NOTE_TYPES, NoteType
from .render import ImageResolver, cloze_safe, render_text

# The label of the folded whole answer under a cut one (Anki's back extra).
FULL_ANSWER = "Full answer"
# (source path of the card, image reference as written) → media file name or None.
SourceImageResolver = Callable[[str, str, int], str | None]  # (note file, image as written, line) → media name


@dataclass(frozen=True)
class ExportNote:
    guid: str
    note_type: NoteType
    deck: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    mod: int  # epoch seconds: when the note's content last changed in the deck
    card_ids: tuple[str, ...]


def _no_images(_source: str, _ref: str, _line: int) -> str | None:
    return None


def epoch_seconds(stamp: str) -> int:
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


_SPACE = re.compile(r"\s+")


def anki_tag(text: str) -> str:
    """Anki tags cannot hold spaces; CJK and punctuation are kept."""
    return _SPACE.sub("_", text.strip())


def note_tags(cards: Iterable[Card]) -> tuple[str, ...]:
    tags: dict[str, None] = {}
    for card in cards:
        for raw in (card.kind, *card.tags):
            tag = anki_tag(raw)
            if tag:
                tags.setdefault(tag, None)
    return tuple(tags)


def _image_resolver(card: Card, resolve: SourceImageResolver) -> ImageResolver:
    return lambda ref: resolve(card.source_path, ref, card.source_line)


def _row_table(payload: CardPayload, image: ImageResolver) -> str:
    """A table card's whole row as a reference under the answer, the asked column marked ("" for other kinds)."""
    match payload:
        case CellPayload(columns=columns, row=row, column=asked) if columns and len(columns) == len(row):
            lines = []
            for column, cell in zip(columns, row, strict=True):
                marker = ' class="ff-asked"' if column == asked else ""
                lines.append(f"<tr{marker}><th>{html.escape(column)}</th><td>{render_text(cell, image)}</td></tr>")
            return "<table>" + "".join(lines) + "</table>"
        case _:
            return ""


def _full_answer(card: Card, image: ImageResolver) -> str:
    """The whole answer when the back was cut to card size, folded under it: the learner opens it."""
    if not card.full or isinstance(card.payload, CellPayload):
        return ""  # a table card's whole row (with the whole cell) is shown under it anyway
    return f'<details class="ff-full"><summary>{FULL_ANSWER}</summary>{render_text(card.full, image)}</details>'


def _pictures(card: Card, image: ImageResolver) -> str:
    """The card's images under its answer, where the note showed them."""
    if not card.images:
        return ""
    return "<div class=\"ff-images\">" + "".join(render_text(images.to_markdown(images.marker(ref)), image)
                                              for ref in card.images) + "</div>"  # fmt: skip


def _basic_note(stored: StoredCard, resolve: SourceImageResolver) -> ExportNote:
    card = stored.card
    image = _image_resolver(card, resolve)
    extra = _full_answer(card, image) + _row_table(card.payload, image)
    fields = (
        render_text(card.front, image),
        render_text(card.back, image) + _pictures(card, image),
        html.escape(CONTEXT_SEP.join(unsaid(card.context, card.title, card.front))),  # what the front does not say
        html.escape(card.source),
        extra,
    )
    return ExportNote(
        guid=card.note_id,
        note_type=NOTE_TYPES[card.kind],
        deck=card.deck,
        fields=fields,
        tags=note_tags([card]),
        mod=epoch_seconds(stored.changed_at),
        card_ids=(card.id,),
    )


def _sequence_note(group: Sequence[StoredCard], resolve: SourceImageResolver) -> ExportNote:
    first = group[0].card
    image = _image_resolver(first, resolve)
    steps = list(first.payload.steps) if isinstance(first.payload, StepPayload) else []
    asked = {stored.card.ord: stored.card for stored in group}
    if not steps or max(asked) >= len(steps):
        # Defensive: cards whose payload lost its steps still export, one step per card.
        steps = [asked[ord_].back if ord_ in asked else "…" for ord_ in range(max(asked) + 1)]
    items = []
    for index, step in enumerate(steps):
        text = cloze_safe(render_text(step, image))
        # One deletion per step that the deck has a card for; Anki makes card
        # ord N-1 from {{cN::…}}, matching the deck's ord = step index.
        # Each step sits in a <span> so that the overlapping-cloze CSS can fold it away.
        body = f"{{{{c{index + 1}::{text}}}}}" if index in asked else text
        items.append(f"<li><span>{body}</span></li>")
    fields = (
        '<ol class="ff-steps">' + "".join(items) + "</ol>",
        html.escape(first.title),
        html.escape(CONTEXT_SEP.join(_above(first.context, first.title))),
        html.escape(first.source),
    )
    return ExportNote(
        guid=first.note_id,
        note_type=NOTE_TYPES["sequence"],
        deck=first.deck,
        fields=fields,
        tags=note_tags(stored.card for stored in group),
        mod=max(epoch_seconds(stored.changed_at) for stored in group),
        card_ids=tuple(stored.card.id for stored in group),
    )


def _above(context: Sequence[str], title: str) -> list[str]:
    """A sequence's heading path without its last heading when the title shown under it says it again."""
    path = once(context)
    return path[:-1] if path and path[-1] == title else path


def plan_notes(
    cards: Sequence[StoredCard], resolve: SourceImageResolver = _no_images, progress: Progress = SILENT
) -> list[ExportNote]:
    """The Anki notes for ``cards`` (in deck order), one per note id; ``progress`` counts the cards done."""
    groups: dict[str, list[StoredCard]] = {}
    for stored in cards:
        groups.setdefault(stored.card.note_id, []).append(stored)
    notes = []
    for group in groups.values():
        if isinstance(group[0].card.payload, StepPayload):
            notes.append(_sequence_note(group, resolve))
        else:
            # Non-cloze kinds have note_id == card id: one card per note.
            notes.extend(_basic_note(stored, resolve) for stored in group)
        progress.advance(len(group))
    return notes
