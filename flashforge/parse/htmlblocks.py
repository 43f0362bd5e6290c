"""HTML text blocks written inside markdown (``<p>``, ``<h3>``, ``<ul><li>``) → the markdown they stand for.

Notes written for a site, or pasted from one, hold whole sections of HTML: a Docusaurus glossary of
``<details><summary>Docker</summary><h3>What is it?</h3><p>Docker is…</p>``, an old MDN page of
``<p>``/``<ul><li>``. Their text is knowledge like any paragraph's. :func:`markdown_of` rewrites such a
block as markdown (each paragraph a paragraph, a heading a heading, an item a
``- `` item), which the parser then reads as it reads any note; inline tags are left to the inline parser.

A block of layout (no paragraph, heading or item tag), a comment, a table or definition list (read
elsewhere) or anything that is not text (scripts, forms, code, media) stays a skipped HTML block.
Pure and linear: a few scans of the block, each regex without nested repetition.
"""

from __future__ import annotations

import re

# Tags whose content is text in paragraphs, headings or items.
_TEXT_TAG = re.compile(r"<(?:p|h[1-6]|li)\b[^<>]{0,500}>", re.I)
# Tags this rewrite does not read: their blocks stay HTML (tables and <dl> have readers of their own).
_OTHER = re.compile(
    r"<(?:table|dl|pre|script|style|svg|iframe|form|input|select|textarea|button|video|audio|object|canvas|math|"
    r"template|nav|head|body|html)\b",
    re.I,
)
_HEADING = re.compile(
    r"<h[1-6]\b[^<>]{0,500}>(?P<text>[^<>]{0,300}(?:<(?!/?h[1-6]\b)[^<>]{0,300}>[^<>]{0,300}){0,20})"
    r"</h[1-6]\s*>",
    re.I,
)
_ITEM_OPEN = re.compile(r"<li\b[^<>]{0,500}>", re.I)
_PARAGRAPH_END = re.compile(r"</p\s*>", re.I)
# Tags that only frame blocks: they go, leaving their text.
_FRAME = re.compile(
    r"</?(?:p|ul|ol|div|section|article|aside|header|footer|main|center|blockquote|figure|figcaption)"
    r"\b[^<>]{0,500}>|</li\s*>",
    re.I,
)
# "<a href="https://…" target="_blank">Official documentation</a>" → "[Official documentation](https://…)": a link,
# so that a list of them reads as links (references), not as facts.
_ANCHOR = re.compile(
    r"<a\b[^<>]{0,500}?\bhref\s*=\s*[\"'](?P<href>[^\"'<>\s()]{1,500})[\"'][^<>]{0,500}>(?P<text>[^<>\[\]]{1,300})</a\s*>",
    re.I,
)
_BREAK = re.compile(r"<br\s*/?>", re.I)
_EMPTY_ITEM = re.compile(r"^- *\n+(?=[^\n-])", re.M)  # "<li>" alone on its line, its text on the next


def _heading(match: re.Match[str]) -> str:
    level = int(match.group(0)[2])
    return f"\n\n{'#' * level} {' '.join(match.group('text').split())}\n\n"


def markdown_of(raw: str) -> str | None:
    """The markdown an HTML text block stands for, or None when it is layout, a comment or not text."""
    stripped = raw.lstrip()
    if stripped.startswith("<!--") or not _TEXT_TAG.search(raw) or _OTHER.search(raw):
        return None
    text = _HEADING.sub(_heading, raw)
    text = _ANCHOR.sub(lambda match: f"[{' '.join(match.group('text').split())}]({match.group('href')})", text)
    text = _ITEM_OPEN.sub("\n- ", text)
    text = _PARAGRAPH_END.sub("\n\n", text)
    text = _BREAK.sub("\n", _FRAME.sub("", text))
    lines = [line.strip() for line in text.split("\n")]  # indentation means nothing in HTML (no code blocks)
    markdown = _EMPTY_ITEM.sub("- ", re.sub(r"\n{3,}", "\n\n", "\n".join(lines))).strip("\n")
    return markdown + "\n" if markdown.strip() else None
