"""Writing an output file without ever leaving a half-written one at the target path."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import FlashforgeError


class ExportError(FlashforgeError):
    """The export cannot be done; the one-line message names the file and what to do."""


def check_target(target: Path) -> None:
    if target.is_dir():
        raise ExportError(f"{target}: is a folder; pass a file path with -o")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(
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
        raise ExportError(f"{target}: cannot write there ({error.strerror}); choose another path with -o") from error
    os.close(handle)
    temporary = Path(name)
    # mkstemp creates the file private (0600); an export is an ordinary file, so use the umask like open() does.
    os.chmod(temporary, 0o666 & ~_umask())
    try:
        yield temporary
        os.replace(temporary, target)
    except OSError as error:
        raise ExportError(f"{target}: cannot write ({error.strerror}); choose another path with -o") from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
