"""One notes file's text → its cards, and what its author should hear about it.

The part of a build that needs the markdown parser, so a build with nothing
changed never imports this module. Pure: no deck, no clock; a build runs it
in worker processes (:mod:`flashforge.parallel`) or in its own process.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .cards import build_cards
from .extract import NEEDS_A_FIX, Extraction, extract
from .model import Card
from .parse import parse_document
from .sources import SourceProblem, SourceText
from .store.rows import CardValues, file_values

RECURSION_LIMIT = 5000


@dataclass(frozen=True)
class Compiled:
    """A file's cards as deck row values (to write) with its problems and notices (to report)."""

    path: str
    digest: str
    rows: list[CardValues]
    problems: tuple[SourceProblem, ...] = ()  # the exit code says so
    notices: tuple[SourceProblem, ...] = ()  # built, but the author may want to fix these
    written: bool = True  # False when the file could not be parsed: its cards in the deck are kept


def cards_for_text(source: SourceText) -> tuple[list[Card], Extraction]:
    """The pure heart of a build: one file's text → its cards (and what was skipped)."""
    document = parse_document(source.text)
    extraction = extract(document)
    return build_cards(extraction.items, source.path, document.title, document.tags), extraction


def raise_recursion_limit() -> None:
    # mistune recurses once per nesting level; deeply nested lists are capped in
    # parse.py, but leave headroom for the inline parser on pathological input.
    if sys.getrecursionlimit() < RECURSION_LIMIT:
        sys.setrecursionlimit(RECURSION_LIMIT)


def compile_source(source: SourceText, notes: Path) -> Compiled:
    """``source`` → :class:`Compiled`; ``notes`` is the notes folder as the user named it (for hints)."""
    relative = source.path
    try:
        cards, extraction = cards_for_text(source)
    except RecursionError:
        return _failed(source, "is nested too deeply to parse; flatten its lists")
    except Exception as error:  # a bug the file triggers must not stop the other files
        return _failed(source, f"could not be parsed ({type(error).__name__}: {error}); please report this file")
    problems: list[SourceProblem] = []
    notices: list[SourceProblem] = []
    if not source.text.strip():
        problems.append(SourceProblem(relative, "is empty; write some notes in it or delete it"))
    elif not cards:
        notices.append(SourceProblem(relative, f"gave no cards; 'flashforge preview {notes / relative}' shows why"))
    notices.extend(
        SourceProblem(f"{relative}:{skip.line}", skip.reason) for skip in extraction.skips if skip.reason in NEEDS_A_FIX
    )
    rows = file_values(cards)  # here, in the worker: values pickle far faster than cards
    return Compiled(relative, source.digest, rows, tuple(problems), tuple(notices))


def compile_sources(sources: Sequence[SourceText], notes: Path) -> list[Compiled]:
    """A chunk of files, in order: the unit of work a worker process gets."""
    raise_recursion_limit()
    return [compile_source(source, notes) for source in sources]


def crashed(source: SourceText) -> Compiled:
    """The result for a file whose parsing killed its worker process."""
    return _failed(source, "crashed the parser (its worker process died); please report this file")


def _failed(source: SourceText, message: str) -> Compiled:
    # Not written: the cards the file gave before stay in the deck, as for an unreadable file.
    return Compiled(source.path, source.digest, [], problems=(SourceProblem(source.path, message),), written=False)
