"""HTML definition lists (``<dl><dt>term</dt><dd>meaning</dd></dl>``) → a ``deflist`` block.

Pure and linear: one scan finds every ``<dt>``/``<dd>`` tag, and each opener is paired with
the next closer of its name, so a note full of unclosed tags costs one pass.
"""

from __future__ import annotations

import html
import re

from .htmltables import html_cell_text
from .model import Block, DefEntry

_TAGS = re.compile(r"<(/?)(dt|dd)\b[^>]{0,500}>", re.I)
_TAG = re.compile(r"<[^<>]{0,500}>")


def _text(inner: str) -> str:
    """A term's or meaning's words: tags gone, ``**``/`` ` `` marks dropped as in HTML table cells, one line."""
    return " ".join(html.unescape(html_cell_text(_TAG.sub(" ", inner))).split())


def definition_block(raw: str, line: int, headings: tuple[str, ...]) -> Block | None:
    """The entries of a ``<dl>`` block, each term with the meanings after it; None when ``raw`` holds none."""
    if "<dl" not in raw.lower():
        return None
    entries: list[DefEntry] = []
    opened: tuple[str, int, int] | None = None  # name, where its body starts, its line
    counted, lines = 0, line  # newlines counted up to ``counted``
    for match in _TAGS.finditer(raw):
        lines += raw.count("\n", counted, match.start())
        counted = match.start()
        name = match.group(2).lower()
        if not match.group(1):
            opened = (name, match.end(), lines)
            continue
        if opened is None or opened[0] != name:
            continue
        text, at = _text(raw[opened[1] : match.start()]), opened[2]
        if name == "dt":
            entries.append(DefEntry(text, (), at))
        elif entries and text:
            last = entries[-1]
            entries[-1] = DefEntry(last.term, (*last.meanings, text), last.line)
        opened = None
    return Block("deflist", line, headings, entries=tuple(entries)) if entries else None
