"""The deck: ``cards/deck.db``, one SQLite file, and the only way into it.

Tables (schema versioned by ``PRAGMA user_version``, see :mod:`.schema`):

- ``sources``: one row per notes file (path relative to the notes folder,
  content hash, when it was read);
- ``cards``: one row per card (see :mod:`.cards`);
- ``card_state``: the scheduler's state per card, and ``reviews``: the
  append-only review log (see :mod:`.reviews`; where each answer came from,
  terminal or Anki: :mod:`.synced`);
- ``meta``: key → value (the fitted FSRS parameters).

The database runs in WAL mode with a busy timeout so that a build and a
review can run at the same time.
"""

from __future__ import annotations

from collections.abc import Sequence

from .synced import SyncStore

FSRS_PARAMETERS = "fsrs_parameters"


class Deck(SyncStore):
    """A deck open for reading and writing. Open with :meth:`Deck.open`, close with ``with`` or :meth:`close`."""

    def get_meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", [key])
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self._conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])

    def delete_meta(self, key: str) -> None:
        with self.transaction():
            self._conn.execute("DELETE FROM meta WHERE key = ?", [key])

    def fsrs_parameters(self) -> str | None:
        """The FSRS parameters `flashforge optimize` stored, as their JSON text (None when there are none)."""
        return self.get_meta(FSRS_PARAMETERS)

    def save_fsrs_parameters(self, parameters: Sequence[float]) -> None:
        import json

        self.set_meta(FSRS_PARAMETERS, json.dumps(list(parameters)))

    def forget_fsrs_parameters(self) -> None:
        self.delete_meta(FSRS_PARAMETERS)
