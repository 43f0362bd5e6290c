"""Stable card identity.

A card's id is made from where it lives and what it asks: the file path
(relative to the notes folder), the heading path, the kind and the key. It
never depends on the answer, so editing a definition keeps the card, its
review history and its Anki note.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def stable_id(source_path: str, headings: Sequence[str], kind: str, key: str) -> str:
    # Unit and record separators cannot occur in the parts, so the join is unambiguous.
    blob = "\x1f".join((source_path, "\x1e".join(headings), kind, key))
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:16]


def anki_int_id(name: str) -> int:
    """A deterministic positive 63-bit integer for Anki model and deck ids."""
    digest = hashlib.sha1(name.encode("utf-8")).digest()
    # Anki ids live in a signed 64-bit column; keep them well inside it and
    # away from the small ids Anki itself hands out.
    return (int.from_bytes(digest[:8], "big") % (1 << 52)) + (1 << 30)
