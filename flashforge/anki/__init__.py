"""Anki's own files: reading a collection's review log back into the deck (``flashforge anki pull``).

- :mod:`.package`: a ``.colpkg``, ``.apkg`` or ``collection.anki2`` → a private SQLite copy (file I/O).
- :mod:`.read`: that copy → plain data (:class:`.revlog.AnkiLog`).
- :mod:`.revlog`: which of Anki's reviews belong to which flashforge card (pure).
- :mod:`.replay`: a card's state recomputed from its whole merged log (pure).
"""
