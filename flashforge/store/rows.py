"""A card as the values of its deck row: made where the card is made (a build's worker), written by the store.

Pure (JSON and a hash, no database), so that a parallel build's workers do this
work and send plain tuples of strings and numbers back, which pickle far more
cheaply than cards.
"""

from __future__ import annotations

import hashlib
import json

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


def _string_list(items: tuple[str, ...]) -> str:
    """``_dumps(list(items))`` for strings, without the encoder's set-up per call."""
    return "[" + ",".join([_string(item) for item in items]) + "]"


def payload_json(card: Card) -> str:
    """The ``payload`` column: :func:`.payloads.encode_payload` of the card's payload with its images and
    whole answer, as ``_dumps`` writes it (keys sorted), written directly for the payloads a build makes."""
    payload = card.payload
    members: list[tuple[str, str]]
    if type(payload) is TermPayload:
        members = [("meaning", _string(payload.meaning)), ("term", _string(payload.term))]
    elif type(payload) is StepPayload and type(payload.index) is int:
        members = [("details", _string_list(payload.details)), ("index", int.__repr__(payload.index))]
        members.append(("steps", _string_list(payload.steps)))
    elif type(payload) is CellPayload:
        members = [("column", _string(payload.column)), ("columns", _string_list(payload.columns))]
        members.append(("row", _string_list(payload.row)))
    else:  # not a payload a build makes: the general encoder
        return _dumps(_encoded(card))
    if card.images:  # kept with the payload: no schema change, and no hash change for cards without images
        members.append(("images", _string_list(card.images)))
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


def card_values(card: Card) -> CardValues:
    """The row values of ``card`` (everything but its life-cycle times), content hash included."""
    context, tags = _string_list(card.context), _string_list(card.tags)
    payload = payload_json(card)
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
