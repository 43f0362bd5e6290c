"""HTML -> PDF with WeasyPrint."""

from __future__ import annotations

import logging
from dataclasses import dataclass


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def render_pdf(html: str) -> RenderedPdf:
    """Lay out ``html`` (self-contained: no base URL, nothing fetched) and return the PDF."""
    # Imported here: WeasyPrint takes about a second to import and only this path needs it.
    import weasyprint

    # WeasyPrint logs every CSS property it ignores at WARNING level; the
    # stylesheet deliberately carries browser-only properties too.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html).render()
    data = document.write_pdf()
    if not isinstance(data, bytes):  # pragma: no cover - write_pdf without a target returns bytes
        raise TypeError("WeasyPrint returned no PDF bytes")
    return RenderedPdf(data=data, pages=len(document.pages))
