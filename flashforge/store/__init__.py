"""The deck store: the only package that runs SQL (plain :mod:`sqlite3`).

``Deck.open(path)`` gives a context-managed deck with named methods for
cards and sources (:mod:`.cards`), card state and the review log
(:mod:`.reviews`), the stats queries (:mod:`.stats`) and meta values;
:mod:`.payloads` is the one JSON encoding of card payloads, :mod:`.rows` a card's row values, and
:mod:`.schema` the tables and their migrations.
"""

from __future__ import annotations

from .base import DeckError
from .cards import AppliedValues, DeckNotFound, FileChange, SourceRecord, StoredCard
from .deck import Deck
from .reviews import ReviewRow
from .schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "AppliedValues",
    "Deck",
    "DeckError",
    "DeckNotFound",
    "FileChange",
    "ReviewRow",
    "SourceRecord",
    "StoredCard",
]
