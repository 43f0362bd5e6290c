"""Printable cheat sheets: the deck laid out by topic, as HTML and PDF.

- :mod:`.layout` (pure): cards -> a :class:`~.layout.Sheet` of sections and blocks.
- :mod:`.html` (pure): a sheet -> one self-contained HTML page with print CSS.
- :mod:`.fonts`: finds a CJK font through fontconfig.
- :mod:`.pdf`: HTML -> PDF bytes with WeasyPrint.
"""

from __future__ import annotations

from .html import render_html
from .layout import Sheet, build_sheet, sheet_title

__all__ = ["Sheet", "build_sheet", "render_html", "sheet_title"]
