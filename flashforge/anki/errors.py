"""The one error an Anki file can cause; its message is one line naming the file and what to do."""

from __future__ import annotations

from ..errors import FlashforgeError


class AnkiFileError(FlashforgeError):
    """The Anki file cannot be used; nothing was changed."""
