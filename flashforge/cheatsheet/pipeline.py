"""One cheat sheet from start to end: check the options, select cards, lay out, pick a font, write HTML or PDF.

The command module only parses options and prints; what it reports comes
back in a :class:`CheatsheetResult`, and anything that stops the sheet is a
:class:`CheatsheetError` with a one-line message. The fallback policy lives
here: without a CJK font the sheet is also written as HTML (a browser prints
it with its own fonts); without any font at all only the HTML is written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import FlashforgeError
from ..files import shown, write_atomically
from ..progress import SILENT, Progress
from .html import PAPERS, Paper

if TYPE_CHECKING:
    from ..model import Card
    from ..store import Deck

SUFFIXES = (".pdf", ".html")
COLUMNS = (2, 3)
# WeasyPrint keeps every page's boxes until the PDF is written and its layout grows faster than
# the cards: 5,000 cards took 12.9 s and 445 MB, 10,000 took 4.4x its plain-HTML baseline and
# 774 MB (bench/results/cheatsheet.md, 2 cores). Past this limit the command asks for part of
# the deck (--deck) or HTML instead; a printed sheet of more is no cheat sheet anyway.
MAX_PDF_CARDS = 5_000


class CheatsheetError(FlashforgeError):
    """The sheet cannot be made; the message names the file or option and what to do."""


@dataclass(frozen=True)
class SheetOptions:
    target: Path
    columns: int
    paper: Paper
    deck_prefix: str | None = None


@dataclass
class CheatsheetResult:
    target: Path
    cards: int
    pages: int | None = None  # None for an HTML sheet
    warnings: list[str] = field(default_factory=list)


def check_options(target: Path, columns: int, paper: str, deck_prefix: str | None = None) -> SheetOptions:
    """The options as given on the command line, checked before anything is read."""
    chosen = next((known for known in PAPERS if known.lower() == paper.lower()), None)
    if chosen is None:
        raise CheatsheetError(f"--paper {paper}: unknown paper size; use A4 or Letter")
    if columns not in COLUMNS:
        raise CheatsheetError(
            f"--columns {columns}: use 2 or 3 (one column wastes the page, four are too narrow for tables)"
        )
    if target.is_dir():
        raise CheatsheetError(f"{target}: is a folder; give a file name such as {target / 'cheatsheet.pdf'}")
    if target.suffix.lower() not in SUFFIXES:
        raise CheatsheetError(f"{target}: unknown output type '{target.suffix}'; name the file .pdf or .html")
    return SheetOptions(target, columns, chosen, deck_prefix)


def select_cards(deck: Deck, deck_prefix: str | None) -> list[Card]:
    if not deck.has_cards():
        where = shown(deck.path) if deck.path else "the deck"
        raise CheatsheetError(f"{where}: the deck has no cards yet; run 'flashforge build' first")
    deck.check_deck(deck_prefix)
    return [stored.card for stored in deck.cards(deck_prefix=deck_prefix)]


def make_cheatsheet(deck: Deck, options: SheetOptions, now: datetime, progress: Progress = SILENT) -> CheatsheetResult:
    """Lay the cards out and write the sheet; ``now`` dates it (the learner's calendar day).

    ``progress`` hears of the cards laid out, then of the pages drawn.
    """
    from . import cheatsheet_html
    from .fonts import INSTALL_HINT, find_cjk_font, needs_cjk
    from .layout import build_sheet, sheet_title

    cards = select_cards(deck, options.deck_prefix)
    target = options.target
    if target.suffix.lower() == ".pdf" and len(cards) > MAX_PDF_CARDS:
        raise CheatsheetError(too_many(cards, options.deck_prefix, target))
    progress.phase("Laying out cards", len(cards))
    # The date in the header is the learner's calendar day, not UTC's.
    sheet = build_sheet(cards, title=sheet_title(cards, options.deck_prefix), now=now.astimezone())
    font = find_cjk_font()
    html = cheatsheet_html(sheet, columns=options.columns, paper=options.paper, font=font)
    progress.advance(len(cards))
    cjk_missing = font is None and needs_cjk(html)
    result = CheatsheetResult(target, len(cards))
    if target.suffix.lower() == ".html":
        write_atomically(target, html.encode("utf-8"))
        if cjk_missing:
            result.warnings.append(
                f"no CJK font found; browsers will use their own. For the PDF, install one: {INSTALL_HINT}"
            )
        return result
    result.pages = _write_pdf(html, target, cjk_missing, progress)
    if cjk_missing:
        result.warnings.append(
            f"no CJK font found (fc-list :lang=zh is empty), so Chinese text in {shown(target)} shows as boxes; "
            f"wrote {shown(target.with_suffix('.html'))} to print from a browser; install a font with: {INSTALL_HINT}"
        )
    return result


def too_many(cards: Sequence[Card], deck_prefix: str | None, target: Path) -> str:
    """The refusal for a PDF past MAX_PDF_CARDS, naming the biggest parts of the deck that fit (for --deck)."""
    depth = deck_prefix.count("::") + 1 if deck_prefix else 0
    sizes = Counter("::".join(card.deck.split("::")[: depth + 1]) for card in cards)
    fitting = [(name, n) for name, n in sizes.most_common() if n <= MAX_PDF_CARDS and name != deck_prefix][:3]
    counted = [f"--deck '{name}' ({n:,} card{'' if n == 1 else 's'})" for name, n in fitting]
    return (
        f"{shown(target)}: {len(cards):,} cards are too many for one printed sheet (at most {MAX_PDF_CARDS:,}); "
        f"print part of the deck with {' or '.join(counted) or '--deck'}, "
        f"or write HTML with -o {shown(target.with_suffix('.html'))}"
    )


def _write_pdf(html: str, target: Path, cjk_missing: bool, progress: Progress) -> int:
    """Draw and write the PDF (and the HTML beside it when fonts are missing). Returns the page count."""
    from .fonts import INSTALL_HINT, no_fonts_at_all

    html_path = target.with_suffix(".html")
    if cjk_missing:
        # Written first: the PDF's Chinese will be boxes, the HTML prints fine from a browser with its own fonts.
        write_atomically(html_path, html.encode("utf-8"))
    if no_fonts_at_all():
        if not cjk_missing:
            write_atomically(html_path, html.encode("utf-8"))
        raise CheatsheetError(
            f"{shown(target)}: no fonts are installed, so no PDF can be drawn; wrote {shown(html_path)}; "
            f"install fonts with: {INSTALL_HINT}"
        )
    from .pdf import render_pdf

    try:
        rendered = render_pdf(html, progress)
    except Exception as error:  # WeasyPrint's failures have no common base class
        raise CheatsheetError(
            f"{shown(target)}: WeasyPrint could not draw the sheet ({error}); try -o {shown(html_path)}"
        ) from error
    write_atomically(target, rendered.data)
    return rendered.pages
