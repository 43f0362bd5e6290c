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
    return id_under(id_prefix(source_path, headings, kind), key)


def id_prefix(source_path: str, headings: Sequence[str], kind: str) -> str:
    """What the ids of every key under one place (file, headings, kind) begin with: join it once for them all."""
    # Unit and record separators cannot occur in the parts, so the join is unambiguous.
    return "\x1f".join((source_path, "\x1e".join(headings), kind, ""))


def id_under(prefix: str, key: str) -> str:
    """:func:`stable_id` of ``key`` under the place :func:`id_prefix` made ``prefix`` for."""
    return hashlib.sha1((prefix + key).encode("utf-8")).hexdigest()[:16]


def anki_int_id(name: str) -> int:
    """A deterministic positive 63-bit integer for Anki model and deck ids."""
    digest = hashlib.sha1(name.encode("utf-8")).digest()
    # Anki ids live in a signed 64-bit column; keep them well inside it and
    # away from the small ids Anki itself hands out.
    return (int.from_bytes(digest[:8], "big") % (1 << 52)) + (1 << 30)
