"""A card as the values of its deck row: made where the card is made (a build's worker), written by the store.

Pure (JSON and a hash, no database), so that a parallel build's workers do this
work and send plain tuples of strings and numbers back, which pickle far more
cheaply than cards.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from ..model import Card, CellPayload, StepPayload, TermPayload
from .payloads import encode_payload

# The ``cards`` columns a card decides, in the table's order; the life-cycle columns follow them.
COLUMNS = (
    "id",
    "note_id",
    "ord",
    "kind",
    "deck",
    "key",
    "front",
    "back",
    "context",
    "title",
    "group_id",
    "position",
    "source_path",
    "source_line",
    "tags",
    "payload",
    "content_hash",
)
LIFE_COLUMNS = ("created_at", "changed_at", "orphaned_at")
ID, KIND, CONTENT_HASH = COLUMNS.index("id"), COLUMNS.index("kind"), COLUMNS.index("content_hash")

# A card's row values in COLUMNS order (str and int only).
CardValues = tuple[object, ...]

# One encoder for the process: json.dumps with options builds a new one per call.
_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
# The string encoder _dumps uses (ensure_ascii=False): a list of strings is written as _dumps writes it.
_string = json.encoder.encode_basestring


# Lists already written, by their items: a file's cards share their context and tags, a sequence's cards its
# steps, a table row's cards its cells (one dict per file: see file_values).
Written = dict[tuple[str, ...], str]


def _string_list(items: tuple[str, ...], written: Written) -> str:
    """``_dumps(list(items))`` for strings, without the encoder's set-up per call; once per distinct list."""
    text = written.get(items)
    if text is None:
        text = written[items] = "[" + ",".join([_string(item) for item in items]) + "]"
    return text


def payload_json(card: Card, written: Written | None = None) -> str:
    """The ``payload`` column: :func:`.payloads.encode_payload` of the card's payload with its images and
    whole answer, as ``_dumps`` writes it (keys sorted), written directly for the payloads a build makes."""
    if written is None:
        written = {}
    payload = card.payload
    members: list[tuple[str, str]]
    if type(payload) is TermPayload:
        members = [("meaning", _string(payload.meaning)), ("term", _string(payload.term))]
    elif type(payload) is StepPayload and type(payload.index) is int:
        members = [("details", _string_list(payload.details, written)), ("index", int.__repr__(payload.index))]
        members.append(("steps", _string_list(payload.steps, written)))
    elif type(payload) is CellPayload:
        members = [("column", _string(payload.column)), ("columns", _string_list(payload.columns, written))]
        members.append(("row", _string_list(payload.row, written)))
    else:  # not a payload a build makes: the general encoder
        return _dumps(_encoded(card))
    if card.images:  # kept with the payload: no schema change, and no hash change for cards without images
        members.append(("images", _string_list(card.images, written)))
    if card.full:  # the same: no schema change, and no hash change for answers that were not cut
        members.append(("full", _string(card.full)))
    members.sort()
    return "{" + ",".join([f'"{name}":{value}' for name, value in members]) + "}"


def _encoded(card: Card) -> dict[str, object]:
    encoded = encode_payload(card.payload)
    if card.images:
        encoded["images"] = list(card.images)
    if card.full:
        encoded["full"] = card.full
    return encoded


def file_values(cards: Iterable[Card]) -> list[CardValues]:
    """:func:`card_values` of each of a file's cards. A list the cards share (context, tags, steps, a row's
    cells) is written once, and its one string goes into every row that holds it: a worker pickles it once."""
    written: Written = {}
    return [card_values(card, written) for card in cards]


def card_values(card: Card, written: Written | None = None) -> CardValues:
    """The row values of ``card`` (everything but its life-cycle times), content hash included; ``written``:
    the lists written so far for the cards of its file (:func:`file_values`)."""
    if written is None:
        written = {}
    context, tags = _string_list(card.context, written), _string_list(card.tags, written)
    payload = payload_json(card, written)
    # The content hash covers everything a learner sees of a card (not its identity).
    blob = "\x1f".join((card.front, card.back, card.deck, card.title, context, tags, payload))
    return (
        card.id,
        card.note_id,
        card.ord,
        card.kind,
        card.deck,
        card.key,
        card.front,
        card.back,
        context,
        card.title,
        card.group_id,
        card.position,
        card.source_path,
        card.source_line,
        tags,
        payload,
        hashlib.sha1(blob.encode("utf-8")).hexdigest(),
    )
