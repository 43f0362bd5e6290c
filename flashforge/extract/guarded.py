"""A regex that first checks, with cheap substring tests, words every match of it holds.

Pure. Python's regex engine tries a pattern of many alternatives (``过程|步骤|…|\\bsteps?\\b``,
case-insensitive) at every position of a text; most texts hold none of its words, and ``word in text``
says so in a fraction of the time. :class:`Guarded` runs the regex only when one of the words is there,
so it finds exactly what the regex finds (the words must be a necessary condition: every match holds one).

With ``re.IGNORECASE`` the words are written in lower case and looked for in the lower-cased text; a
text with one of the characters the engine folds to an ASCII letter beyond what ``str.lower`` does
(ı, İ, ſ, K) always goes to the regex.
"""

from __future__ import annotations

import re

# Non-ASCII letters re.IGNORECASE matches to ASCII ones that str.lower() does not map to them alone.
_FOLDS_TO_ASCII = "\u0131\u0130\u017f\u212a"  # ı, İ, ſ and the Kelvin sign


class Guarded:
    """``regex.search`` and ``regex.match``, skipped when none of ``words`` (separated by ``|``) is in the text."""

    def __init__(self, regex: re.Pattern[str], words: str) -> None:
        self.regex = regex
        self.pattern = regex.pattern
        self.flags = regex.flags
        self.words = tuple(words.split("|"))
        self._ascii_words = tuple(word for word in self.words if word.isascii())  # all an ASCII text can hold
        self._folded = bool(regex.flags & re.IGNORECASE)
        if self._folded and any(word != word.lower() for word in self.words):
            raise ValueError(f"{regex.pattern!r}: the words of a case-insensitive pattern are written in lower case")

    def may_match(self, text: str) -> bool:
        """False only when no match is possible (none of the words is in ``text``).

        An ASCII text (``str.isascii`` is a flag, not a scan) holds no word with other characters and none of the
        characters that fold to ASCII letters."""
        if text.isascii():
            words = self._ascii_words
            if self._folded:
                text = text.lower()
        else:
            words = self.words
            if self._folded:
                for char in _FOLDS_TO_ASCII:
                    if char in text:
                        return True
                text = text.lower()
        for word in words:  # noqa: SIM110 (a loop, not any(…): no generator to make on every call)
            if word in text:
                return True
        return False

    def search(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text) if self.may_match(text) else None

    def match(self, text: str) -> re.Match[str] | None:
        return self.regex.match(text) if self.may_match(text) else None
