"""What every extractor writes into: the items found and the blocks skipped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Item, ItemPayload, Kind, Skip, TermPayload
from ..parse import images
from .patterns import clean_meaning

_WORD = re.compile(r"[^\W_]")


def unaskable(question: str, answer: str) -> str:
    """Why a question/answer pair makes no card ("" when it does)."""
    if not _WORD.search(images.strip(question)):
        return "question without words"
    text = images.strip(answer)
    if not text.strip():
        return "answer is only an image" if images.refs(answer) else "empty answer"
    if not _WORD.search(text):
        return "answer without words (a symbol alone is no card)"
    return ""


@dataclass
class Found:
    """Accumulates items and skips for one document, de-duplicating identities."""

    items: list[Item] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    _seen: set[tuple[tuple[str, ...], str, str]] = field(default_factory=set)

    def add(
        self,
        kind: Kind,
        key: str,
        title: str,
        headings: tuple[str, ...],
        line: int,
        parts: ItemPayload,
        group: str = "",
    ) -> bool:
        identity = (headings, kind, key)
        if identity in self._seen:
            self.skip(line, f"duplicate {kind} '{key}' in this section (the first one is kept)", key)
            return False
        self._seen.add(identity)
        self.items.append(Item(kind, key, title, headings, line, parts, group))
        return True

    def term(
        self,
        kind: Kind,
        key: str,
        title: str,
        headings: tuple[str, ...],
        line: int,
        term: str,
        meaning: str,
        group: str = "",
    ) -> bool:
        """A term and its meaning (definition, field or state), the meaning cleaned up."""
        meaning = clean_meaning(meaning)
        reason = unaskable(term, meaning)
        if reason:
            self.skip(line, reason, term)
            return False
        return self.add(kind, key, title, headings, line, TermPayload(term, meaning), group)

    def skip(self, line: int, reason: str, text: str) -> None:
        snippet = " ".join(text.split())
        if len(snippet) > 60:
            snippet = snippet[:59] + "…"
        self.skips.append(Skip(line, reason, snippet))
