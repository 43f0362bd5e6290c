"""The deck store: the only package that runs SQL (plain :mod:`sqlite3`).

``Deck.open(path)`` gives a context-managed deck with named methods for
cards and sources (:mod:`.cards`), card state and the review log
(:mod:`.reviews`), the stats queries (:mod:`.stats`) and meta values;
:mod:`.payloads` is the one JSON encoding of card payloads, :mod:`.rows` a card's row values, and
:mod:`.schema` the tables and their migrations. :mod:`.glance` reads what a no-change build needs
without loading the rest.

The names below load their module when first used (PEP 562), so that importing :mod:`.glance` does not
load the card types, :mod:`flashforge.record` and :mod:`dataclasses` with :class:`Deck`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# name -> the module of this package that defines it
_HOMES = {
    "SCHEMA_VERSION": "schema",
    "AppliedValues": "cards",
    "Deck": "deck",
    "DeckError": "base",
    "DeckNotFound": "cards",
    "FileChange": "cards",
    "ReviewRow": "reviews",
    "SourceRecord": "cards",
    "StoredCard": "cards",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # looked up once
    return value
