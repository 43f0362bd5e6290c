"""HTML -> PDF with WeasyPrint."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ..progress import SILENT, Progress


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


@contextmanager
def _few_collections() -> Iterator[None]:
    """Let the cyclic garbage collector run rarely while WeasyPrint builds its boxes.

    Laying out a big sheet allocates millions of long-lived objects; with the
    default thresholds Python rescans them over and over, which more than
    doubles the time for a 5,000-card deck (see bench/results/cheatsheet.md).
    The boxes live until the PDF is written anyway, so collecting early frees nothing.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def render_pdf(html: str, progress: Progress = SILENT) -> RenderedPdf:
    """Lay out ``html`` (self-contained: nothing is fetched) and return the PDF and its page count."""
    # Imported here: WeasyPrint takes about a second to import and only this path needs it.
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint logs every CSS property it ignores at WARNING level; the
    # stylesheet deliberately carries browser-only properties too.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    with _few_collections():
        progress.phase("Laying out pages")
        font_config = FontConfiguration()  # loads the sheet's @font-face fonts
        document = weasyprint.HTML(string=html).render(font_config=font_config)
        pages = len(document.pages)
        progress.phase("Writing pages", pages)
        data = document.write_pdf()
        progress.advance(pages)
        del document
    if not isinstance(data, bytes):  # pragma: no cover - write_pdf without a target returns bytes
        raise TypeError("WeasyPrint returned no PDF bytes")
    return RenderedPdf(data=data, pages=pages)
