"""Markdown text in any common dialect → one block model (see :mod:`.model`).

mistune 3 parses the text with every dialect registered as a plugin
(:mod:`.markdown`); :mod:`.reader` turns its tokens into blocks with source
lines and heading paths and plain text. Before that, :mod:`.guard` keeps one
hostile line from stalling the parse. Pure: text in, document out.
"""

from __future__ import annotations

from . import frontmatter, guard
from .markdown import MAX_NESTING, parser
from .model import Block, DefEntry, Document, ListItem
from .reader import LineFinder, Reader, clean_heading

__all__ = ["MAX_NESTING", "Block", "DefEntry", "Document", "ListItem", "clean_heading", "parse_document"]


def parse_document(text: str) -> Document:
    """Parse markdown into blocks with heading paths and 1-based source lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    front = frontmatter.split(text)
    body, guarded = guard.tame(front.body)
    tokens, state = parser().parse(body)
    assert isinstance(tokens, list)
    terms = dict(state.env.get("ff_footnote_terms", {}))
    reader = Reader(LineFinder(body, front.lines), (), nested=False, footnote_terms=terms)
    blocks = [*guarded.blocks(front.lines), *reader.blocks(tokens)]
    blocks.sort(key=lambda block: block.line)
    title = front.title or next((b.text for b in blocks if b.type == "heading" and b.level == 1), "")
    tags = tuple(dict.fromkeys((*front.tags, *state.env.get("ff_tags", []))))
    return Document(title=title, blocks=tuple(blocks), tags=tags)
