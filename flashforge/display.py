"""Text on its way to the terminal: note text and file names are shown, never obeyed.

Notes and file names can hold anything: rich markup (``conns[i]``, ``[/etc]``),
terminal escape sequences (``\\x1b[2J`` clears the screen, OSC sets the title)
and, in file names, bytes that are not UTF-8. :class:`SafeConsole` prints all
of it as plain characters: markup is off unless a caller builds styled
:class:`~rich.text.Text` itself, control characters other than newline and
tab are dropped, and undecodable bytes show as ``\\xff``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

# C0 controls but tab and newline, DEL, and the C1 controls (ESC's 8-bit forms, e.g. U+009B CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` without control characters (bar newline and tab); undecodable name bytes as ``\\xNN``."""
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return _CONTROL.sub("", text)


def shown_path(path: object) -> str:
    """A path as a message shows it."""
    return printable(str(path))


class SafeConsole(Console):
    """A rich console that prints strings as they are: no markup, no control characters."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        kwargs.setdefault("highlight", False)
        kwargs.setdefault("emoji", False)
        super().__init__(*args, **kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(printable(text), **kwargs)

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or not segment.text:
                yield segment
            else:
                yield Segment(printable(segment.text), segment.style, segment.control)


def labelled(label: str, style: str, message: str) -> Text:
    """``label`` in ``style``, then ``message`` as plain text (a message never carries markup)."""
    return Text.assemble((label, style), " ", printable(message))
