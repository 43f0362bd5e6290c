"""A card as the values of its deck row: made where the card is made (a build's worker), written by the store.

Pure (JSON and a hash, no database), so that a parallel build's workers do this
work and send plain tuples of strings and numbers back, which pickle far more
cheaply than cards.
"""

from __future__ import annotations

import hashlib
import json

from ..model import Card
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


def card_values(card: Card) -> CardValues:
    """The row values of ``card`` (everything but its life-cycle times), content hash included."""
    context, tags = _string_list(card.context), _string_list(card.tags)
    encoded = encode_payload(card.payload)
    if card.images:  # kept with the payload: no schema change, and no hash change for cards without images
        encoded["images"] = list(card.images)
    if card.full:  # the same: no schema change, and no hash change for answers that were not cut
        encoded["full"] = card.full
    payload = _dumps(encoded)
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
