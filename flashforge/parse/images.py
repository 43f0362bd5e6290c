"""Images inside plain text: a marker that keeps the image's place.

The reader turns ``![alt](path)``, ``![[file.png]]`` and ``<img src>`` into
``\\ue000path\\ue001`` (Unicode private-use characters, which notes never
contain), so that extractors can move text around without breaking an image
and without mistaking its path for text. Cards strip the markers from what
they show and keep the references; the Anki export turns them into ``<img>``.
"""

from __future__ import annotations

import re

OPEN = "\ue000"
CLOSE = "\ue001"
_MARKER = re.compile(f"{OPEN}([^{OPEN}{CLOSE}]*){CLOSE}")
_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif", ".tif", ".tiff", ".ico")


def marker(path: str) -> str:
    clean = path.replace(OPEN, "").replace(CLOSE, "").strip()
    return f"{OPEN}{clean}{CLOSE}" if clean else ""


def refs(text: str) -> list[str]:
    """The image paths in ``text``, in order."""
    if OPEN not in text:
        return []
    return [match.group(1) for match in _MARKER.finditer(text)]


def strip(text: str) -> str:
    """``text`` without its images (what a plain-text view shows)."""
    if OPEN not in text and CLOSE not in text:
        return text
    cleaned = _MARKER.sub("", text).replace(OPEN, "").replace(CLOSE, "")
    cleaned = _DOUBLE_SPACE.sub(" ", cleaned)  # "见图 ![](x) 然后" leaves one space, not two
    return "\n".join(line.rstrip() for line in cleaned.split("\n")).strip()


def to_markdown(text: str) -> str:
    """Markers as ``![](path)``, the form the Anki renderer bundles and shows."""
    if OPEN not in text:
        return text
    return _MARKER.sub(lambda match: f"![]({_angle(match.group(1))})", text)


def only_images(text: str) -> bool:
    return bool(refs(text)) and not strip(text).strip()


def is_image_path(path: str) -> bool:
    return path.split("#")[0].split("?")[0].lower().endswith(_IMAGE_SUFFIXES)


def _angle(path: str) -> str:
    return f"<{path}>" if any(char in path for char in " ()") else path
