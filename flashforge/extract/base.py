"""What every extractor writes into: the items found and the blocks skipped."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Item, ItemPayload, Kind, Skip, TermPayload
from .patterns import clean_meaning


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
        return self.add(kind, key, title, headings, line, TermPayload(term, clean_meaning(meaning)), group)

    def skip(self, line: int, reason: str, text: str) -> None:
        snippet = " ".join(text.split())
        if len(snippet) > 60:
            snippet = snippet[:59] + "…"
        self.skips.append(Skip(line, reason, snippet))
