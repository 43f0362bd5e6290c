"""The one error family: everything flashforge raises on purpose derives from :class:`FlashforgeError`.

Its message is the one line a user sees (it names the file and says what to
do); the CLI catches the family once and prints it without a traceback.
"""

from __future__ import annotations


class FlashforgeError(Exception):
    """An error a user or a file can cause; ``str(error)`` is the whole message."""
