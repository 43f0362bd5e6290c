"""YAML front matter / Obsidian properties: the note's title and tags.

Only what cards use is read (``title``, ``tags``/``tag``, ``aliases``), with a
line scanner rather than a YAML parser: front matter in notes is often not
valid YAML (Hexo, Hugo, hand-written), and a broken block must not cost the
note. Linear in the size of the block.
"""

from __future__ import annotations

from dataclasses import dataclass

_FENCES = ("---", "...")


@dataclass(frozen=True)
class FrontMatter:
    title: str
    tags: tuple[str, ...]
    body: str  # the text after the block
    lines: int  # lines the block took (the body starts on line lines + 1)


def split(text: str) -> FrontMatter:
    """The front matter at the very start of ``text`` (``---`` … ``---``), if any."""
    if not text.startswith("---"):
        return FrontMatter("", (), text, 0)
    first_end = text.find("\n")
    if first_end < 0 or text[:first_end].strip() != "---":
        return FrontMatter("", (), text, 0)
    lines: list[str] = []
    pos = first_end + 1
    while pos < len(text):
        end = text.find("\n", pos)
        line = text[pos:] if end < 0 else text[pos:end]
        if line.rstrip() in _FENCES:
            body_start = len(text) if end < 0 else end + 1
            title, tags = _read(lines)
            return FrontMatter(title, tags, text[body_start:], len(lines) + 2)
        lines.append(line)
        if end < 0:
            break
        pos = end + 1
    return FrontMatter("", (), text, 0)  # never closed: not front matter


def _read(lines: list[str]) -> tuple[str, tuple[str, ...]]:
    title = ""
    tags: list[str] = []
    key = ""
    for line in lines:
        if line.startswith((" ", "\t", "-")) and key:
            item = line.strip()
            if (item.startswith("- ") or item == "-") and key in ("tags", "tag"):
                tags.extend(_words(item[1:]))
            continue
        name, colon, value = line.partition(":")
        if not colon:
            key = ""
            continue
        key = name.strip().lower()
        value = value.strip()
        if key == "title" and value:
            title = _unquote(value)
        elif key in ("tags", "tag") and value:
            tags.extend(_words(value))
    return title, tuple(dict.fromkeys(tag for tag in tags if tag))


def _words(value: str) -> list[str]:
    value = value.strip().strip("[]")
    parts = value.split(",") if "," in value else value.split()
    return [_unquote(part).lstrip("#").strip() for part in parts if part.strip()]


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return " ".join(value.split())
