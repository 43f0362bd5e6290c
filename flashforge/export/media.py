"""Images that cards refer to: resolved against the notes folder, bundled as Anki media.

An image is bundled only when its path stays inside the notes folder; a
missing image or a path outside the folder gets a warning and is left out. A
file that is there but is not an image is an error (the export stops): it is
almost always a wrong path the learner wants to fix.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from ..errors import FlashforgeError
from .render import is_remote

# Leading bytes of the image formats Anki shows.
_SIGNATURES: tuple[tuple[bytes, ...], ...] = (
    (b"\x89PNG\r\n\x1a\n",),
    (b"\xff\xd8\xff",),
    (b"GIF87a", b"GIF89a"),
    (b"BM",),
    (b"II*\x00", b"MM\x00*"),
    (b"\x00\x00\x01\x00",),  # .ico
)


class MediaError(FlashforgeError, ValueError):
    """An image reference points at a file that is not an image."""


def looks_like_image(head: bytes) -> bool:
    if any(head.startswith(sig) for group in _SIGNATURES for sig in group):
        return True
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return True
    if head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis", b"heic", b"mif1"):
        return True
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in head.lower())


def media_name(relative: PurePosixPath) -> str:
    """A flat, stable media file name (Anki's media folder has no sub-folders).

    The folder path is folded into a short hash so that ``a/x.png`` and
    ``b/x.png`` never collide while the name stays readable.
    """
    parent = str(relative.parent)
    if parent in ("", "."):
        return relative.name
    digest = hashlib.sha1(parent.encode("utf-8")).hexdigest()[:8]
    return f"{relative.stem}-{digest}{relative.suffix}"


@dataclass
class MediaCollector:
    """Resolves image references while notes are planned; remembers files and warnings."""

    notes_root: Path
    files: dict[str, Path] = field(default_factory=dict)  # media name → file on disk
    warnings: list[str] = field(default_factory=list)
    left_out: int = 0  # image references that could not be bundled
    _seen: dict[tuple[str, str], str | None] = field(default_factory=dict)

    def resolve(self, source_path: str, ref: str, line: int = 0) -> str | None:
        key = (source_path, ref)
        if key not in self._seen:
            self._seen[key] = self._resolve(source_path, ref, line)
        return self._seen[key]

    def _leave_out(self, message: str) -> str | None:
        """Warn, count, and resolve to None: the reference is rendered as its alt text."""
        self.warnings.append(message)
        self.left_out += 1
        return None

    def _resolve(self, source_path: str, ref: str, line: int) -> str | None:
        if is_remote(ref) or ref.startswith("data:"):
            return ref  # shown by Anki straight from the web / inline; nothing to bundle
        root = self.notes_root.resolve()
        target = (root / PurePosixPath(source_path).parent / unquote(ref.split("#")[0].split("?")[0])).resolve()
        where = f"{source_path}{f':{line}' if line else ''}: image {ref!r}"
        try:
            relative = target.relative_to(root)
        except ValueError:
            return self._leave_out(f"{where} is outside the notes folder; left out of the package")
        if not target.is_file():
            return self._leave_out(f"{where} not found ({target}); left out of the package")
        try:
            with target.open("rb") as handle:
                head = handle.read(64)
        except OSError as error:
            return self._leave_out(f"{where} cannot be read ({error.strerror}); left out of the package")
        if not looks_like_image(head):
            raise MediaError(f"{where} is not an image ({target}); fix the path or the file in the notes")
        name = media_name(PurePosixPath(relative.as_posix()))
        self.files[name] = target
        return name
