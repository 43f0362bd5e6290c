"""Anki's own files: reading a collection's review log back into the deck (``flashforge anki pull``).

- :mod:`.package`: a ``.colpkg``, ``.apkg`` or ``collection.anki2`` → a private SQLite copy (file I/O).
- :mod:`.read`: that copy → plain data (:class:`.revlog.AnkiLog`).
- :mod:`.revlog`: which of Anki's reviews belong to which flashforge card (pure).
- :mod:`.replay`: a card's state recomputed from its whole merged log (pure).
- :mod:`.pull`: the whole pull, the deck's side through :class:`flashforge.store.Deck` (no SQL here).

The other way, terminal progress into Anki, is ``export apkg --with-progress``
(:mod:`flashforge.export.progress`).
"""
