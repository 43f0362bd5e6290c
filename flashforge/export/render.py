"""Plain card text → the HTML that goes into an Anki field.

Card text is plain text that may still carry a little markdown: inline code
(`` `x` ``), fenced code blocks, images (``![alt](path)``) and links
(``[text](url)``). Everything else is escaped, because the notes are full of
``<container>``, ``->`` and ``&`` that must show as written. Pure: images are
resolved through a callback that the caller provides.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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

# Every scan below is linear in the text, whatever it holds (issue 11): fences are matched line by line
# with a table of closing lines, code spans with a table of closing backtick runs (CommonMark's closer
# search), and link and image patterns stop at the next bracket, so no opener rescans another's text.
_FENCE_OPEN = re.compile(r"^[ \t]*+(`{3,}+|~{3,}+)[ \t]*+([\w+#.-]*+)[^\n]*+\n", re.M)
_FENCE_CLOSE = re.compile(r"^[ \t]*+(`{3,}+|~{3,}+)[ \t]*+$", re.M)
# Backtick runs, and brackets that may open a link or an image (a label, then "](").
_TOKEN = re.compile(r"`++|!?\[[^\[\]\n]*+\]\(")
_BACKTICKS = re.compile(r"`++")
_DESTINATION = r"(?:[^()\s]++|\([^()\s]*+\))++"  # one level of balanced brackets: Foo_(bar).png
_IMAGE = re.compile(rf'!\[(?P<alt>[^\[\]\n]*+)\]\((?P<src><[^<>\n]++>|{_DESTINATION})(?:\s++"[^"\n]*+")?+\)')
_LINK = re.compile(rf"\[(?P<label>[^\[\]\n]++)\]\((?P<href>(?:https?://|mailto:){_DESTINATION})\)")
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
    spans = (found for _start, found in _inline_spans(text))
    return [_strip_angle(m["src"]) for m in spans if isinstance(m, re.Match) and m.re is _IMAGE]


def _strip_angle(src: str) -> str:
    return src[1:-1] if src.startswith("<") and src.endswith(">") else src


def is_remote(src: str) -> bool:
    return bool(_REMOTE.match(src))


def code_block(code: str, language: str = "") -> str:
    """A highlighted code block (Pygments, CSS classes so light and dark themes both apply)."""
    return str(highlight(code, _lexer(language), _formatter))


@dataclass(frozen=True)
class _Code:
    end: int
    text: str


def _code_closers(text: str) -> dict[int, tuple[int, int]]:
    """For each backtick run: the next run of the same length on the same line (start → its span)."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    lines: list[int] = []
    line, seen = 0, 0
    for start, _end in runs:
        line += text.count("\n", seen, start)
        seen = start
        lines.append(line)
    closers: dict[int, tuple[int, int]] = {}
    following: dict[tuple[int, int], tuple[int, int]] = {}
    for (start, end), run_line in zip(reversed(runs), reversed(lines), strict=True):
        key = (run_line, end - start)
        if key in following:
            closers[start] = following[key]
        following[key] = (start, end)
    return closers


def _inline_spans(text: str) -> Iterator[tuple[int, re.Match[str] | _Code]]:
    """Code spans, images and links, left to right; the leftmost construct wins, as in one regex scan."""
    closers = _code_closers(text) if "`" in text else {}
    pos = 0
    while (token := _TOKEN.search(text, pos)) is not None:
        start = token.start()
        found: re.Match[str] | _Code | None
        if text[start] == "`":
            closer = closers.get(start)
            found = _Code(closer[1], text[token.end() : closer[0]]) if closer else None
        else:
            found = (_IMAGE if text[start] == "!" else _LINK).match(text, start)
        if found is None:
            pos = token.end() if text[start] == "`" else start + 1
            continue
        yield start, found
        pos = found.end if isinstance(found, _Code) else found.end()


def _inline(text: str, image: ImageResolver) -> str:
    out: list[str] = []
    last = 0
    for start, found in _inline_spans(text):
        out.append(_escape_lines(text[last:start]))
        if isinstance(found, _Code):
            out.append(f"<code>{html.escape(found.text.strip())}</code>")
            last = found.end
            continue
        last = found.end()
        if found.re is _IMAGE:
            out.append(_image(found["alt"], _strip_angle(found["src"]), image))
        else:
            out.append(f'<a href="{html.escape(found["href"])}">{html.escape(found["label"])}</a>')
    out.append(_escape_lines(text[last:]))
    return "".join(out)


def _image(alt: str, src: str, image: ImageResolver) -> str:
    name = image(src)
    if name is None:
        # Left out (warned about by the resolver); the alt text keeps the meaning.
        return f'<span class="ff-missing-image">{html.escape(alt)}</span>' if alt else ""
    return f'<img src="{html.escape(name)}" alt="{html.escape(alt)}">'


def _escape_lines(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


def _no_image(_src: str) -> str | None:
    return None


def _fences(text: str) -> Iterator[tuple[int, int, str, str]]:
    """Fenced code blocks as (start, end, code, language), in one pass.

    A fence closes at the next line holding exactly its opening run; an opening line without one
    stays text. The closing lines are indexed first, so no opener scans the rest of the text.
    """
    closing: dict[str, list[int]] = {}
    for close in _FENCE_CLOSE.finditer(text):
        closing.setdefault(close[1], []).append(close.start())
    last = 0
    for opening in _FENCE_OPEN.finditer(text):
        if opening.start() < last:
            continue
        candidates = closing.get(opening[1], [])
        found = bisect.bisect_left(candidates, opening.end())
        if found == len(candidates):
            continue
        close_start = candidates[found]
        close_end = text.find("\n", close_start)
        last = len(text) if close_end < 0 else close_end + 1
        yield opening.start(), last, text[opening.end() : close_start], opening[2]


def render_text(text: str, image: ImageResolver = _no_image) -> str:
    """Escape ``text`` for an Anki field; render code, images and links."""
    if "`" not in text and "[" not in text and "~~~" not in text:
        return _escape_lines(text)  # the common case, kept cheap for big decks
    out: list[str] = []
    last = 0
    for start, end, code, language in _fences(text) if ("```" in text or "~~~" in text) else ():
        before = text[last:start].strip("\n")
        if before:
            out.append(_inline(before, image))
        out.append(code_block(code, language))
        last = end
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
