"""Plain card text → the HTML that goes into an Anki field.

Card text is plain text that may still carry a little markdown: inline code
(`` `x` ``), fenced code blocks, images (``![alt](path)``) and links
(``[text](url)``). Everything else is escaped, because the notes are full of
``<container>``, ``->`` and ``&`` that must show as written. Pure: images are
resolved through a callback that the caller provides.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache

# Pygments ships no type information (and the project lists no stubs for it).
from pygments import highlight  # type: ignore[import-untyped]
from pygments.formatters import HtmlFormatter  # type: ignore[import-untyped]
from pygments.lexer import Lexer  # type: ignore[import-untyped]
from pygments.lexers import TextLexer, get_lexer_by_name  # type: ignore[import-untyped]
from pygments.util import ClassNotFound  # type: ignore[import-untyped]

# An image reference → the media file name to show, or None to leave it out.
ImageResolver = Callable[[str], str | None]

CODE_CLASS = "ff-code"

_FENCE = re.compile(r"^[ \t]*(```+|~~~+)[ \t]*([\w+#.-]*)[^\n]*\n(.*?)^[ \t]*\1[ \t]*$\n?", re.M | re.S)
_INLINE = re.compile(
    r"(?P<code>`+)(?P<code_text>.+?)(?P=code)"
    r"|!\[(?P<alt>[^\]\n]*)\]\((?P<src><[^>\n]+>|[^)\s]+)(?:\s+\"[^\"\n]*\")?\)"
    r"|\[(?P<label>[^\]\n]+)\]\((?P<href>(?:https?://|mailto:)[^)\s]+)\)"
)
_REMOTE = re.compile(r"^(?:https?:)?//", re.I)

_formatter = HtmlFormatter(cssclass=CODE_CLASS)


@lru_cache(maxsize=64)
def _lexer(language: str) -> Lexer:
    if not language:
        return TextLexer()
    try:
        return get_lexer_by_name(language.lower())
    except ClassNotFound:
        return TextLexer()


def image_refs(text: str) -> list[str]:
    """The image paths a card text refers to, in order (remote URLs included)."""
    return [_strip_angle(m.group("src")) for m in _INLINE.finditer(text) if m.group("src")]


def _strip_angle(src: str) -> str:
    return src[1:-1] if src.startswith("<") and src.endswith(">") else src


def is_remote(src: str) -> bool:
    return bool(_REMOTE.match(src))


def code_block(code: str, language: str = "") -> str:
    """A highlighted code block (Pygments, CSS classes so light and dark themes both apply)."""
    return str(highlight(code, _lexer(language), _formatter))


def _inline(text: str, image: ImageResolver) -> str:
    out: list[str] = []
    last = 0
    for match in _INLINE.finditer(text):
        out.append(_escape_lines(text[last : match.start()]))
        last = match.end()
        if match.group("code") is not None:
            out.append(f"<code>{html.escape(match.group('code_text').strip())}</code>")
        elif match.group("src") is not None:
            alt = match.group("alt")
            name = image(_strip_angle(match.group("src")))
            if name is None:
                # Left out (warned about by the resolver); the alt text keeps the meaning.
                if alt:
                    out.append(f'<span class="ff-missing-image">{html.escape(alt)}</span>')
            else:
                out.append(f'<img src="{html.escape(name)}" alt="{html.escape(alt)}">')
        else:
            href = html.escape(match.group("href"))
            out.append(f'<a href="{href}">{html.escape(match.group("label"))}</a>')
    out.append(_escape_lines(text[last:]))
    return "".join(out)


def _escape_lines(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


def _no_image(_src: str) -> str | None:
    return None


def render_text(text: str, image: ImageResolver = _no_image) -> str:
    """Escape ``text`` for an Anki field; render code, images and links."""
    if "`" not in text and "[" not in text and "~~~" not in text:
        return _escape_lines(text)  # the common case, kept cheap for big decks
    out: list[str] = []
    last = 0
    for match in _FENCE.finditer(text):
        before = text[last : match.start()].strip("\n")
        if before:
            out.append(_inline(before, image))
        out.append(code_block(match.group(3), match.group(2)))
        last = match.end()
    rest = text[last:].strip("\n") if last else text
    if rest:
        out.append(_inline(rest, image))
    return "".join(out)


def cloze_safe(rendered: str) -> str:
    """Make rendered HTML safe inside ``{{cN::…}}``: ``::``, ``{{`` and ``}}`` would end the deletion early."""
    return rendered.replace("{", "&#123;").replace("}", "&#125;").replace(":", "&#58;")


def code_css(selectors: list[str], style: str) -> str:
    """Pygments' CSS for ``style``, scoped under each of ``selectors``."""
    return str(HtmlFormatter(style=style, cssclass=CODE_CLASS).get_style_defs(selectors))
