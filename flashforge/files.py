"""Writing output files (exports, cheat sheets) without ever leaving a half-written one at the target path."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import FlashforgeError


class OutputError(FlashforgeError):
    """An output file cannot be written; the one-line message names the file and what to do."""


def check_target(target: Path) -> None:
    if len(target.name.encode("utf-8", "surrogateescape")) > 250:
        raise OutputError(f"{target.name[:40]}…: the file name is too long; choose a shorter one with -o")
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; pass a file path with -o")
    if target.exists() and not target.is_file():
        # Replacing it would swap a device such as /dev/null for a regular file.
        raise OutputError(f"{target}: is not a regular file (a device or a pipe); pass a file path with -o")
    if not target.parent.parent.is_dir():
        # Make at most the last folder (dist/): a deeper missing path is more likely a typo.
        raise OutputError(f"{target.parent.parent}: no such folder; create it or choose another path with -o")
    try:
        target.parent.mkdir(exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"{target}: cannot create its folder ({error.strerror}); choose another path with -o"
        ) from error


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; move it into place only when the body succeeds."""
    check_target(target)
    try:
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"{target}: cannot write there ({error.strerror}); choose another path with -o") from error
    os.close(handle)
    temporary = Path(name)
    # mkstemp creates the file private (0600); an export is an ordinary file, so use the umask like open() does.
    os.chmod(temporary, 0o666 & ~_umask())
    try:
        yield temporary
        os.replace(temporary, target)
    except OSError as error:
        raise OutputError(f"{target}: cannot write ({error.strerror}); choose another path with -o") from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file beside it (see :func:`atomic_output`)."""
    with atomic_output(target) as temporary:
        temporary.write_bytes(data)


def shown(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it (shorter, and what the user typed)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)
