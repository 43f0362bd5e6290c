"""Printable cheat sheets: the deck laid out by topic, as HTML and PDF.

- :mod:`.layout` (pure): cards -> a :class:`~.layout.Sheet` of sections and blocks.
- :mod:`.html` (pure): a sheet -> one self-contained HTML page with print CSS.
- :mod:`.fonts`: finds a CJK font through fontconfig and cuts it down to the sheet's characters.
- :mod:`.pdf`: HTML -> PDF with WeasyPrint.
"""

from __future__ import annotations

import string

from .fonts import CjkFont, embed_cjk_font
from .html import Paper, render_html
from .layout import Sheet, build_sheet, sheet_title

__all__ = ["Sheet", "build_sheet", "cheatsheet_html", "render_html", "sheet_title"]


def cheatsheet_html(sheet: Sheet, *, columns: int, paper: Paper, font: CjkFont | None) -> str:
    """The sheet's HTML with ``font`` embedded (only the characters the page shows)."""
    plain = render_html(sheet, columns=columns, paper=paper, font_families=(font.family,) if font else ())
    if font is None:
        return plain
    # Markup characters ride along; they are ASCII, a few hundred bytes of glyphs.
    fonts = embed_cjk_font(font, plain + string.printable)
    if not fonts:
        return plain
    return render_html(sheet, columns=columns, paper=paper, font_families=(fonts[0].family, font.family), fonts=fonts)
