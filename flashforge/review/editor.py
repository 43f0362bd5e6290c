"""``e`` in a review: open the card's source line in the learner's editor."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

from ..model import Card

# Editors that take ``+LINE path`` to open a file at a line.
_PLUS_LINE = {
    "vi",
    "vim",
    "nvim",
    "gvim",
    "mvim",
    "nano",
    "pico",
    "emacs",
    "emacsclient",
    "micro",
    "kak",
    "joe",
    "ne",
    "mg",
    "jed",
    "vis",
    "ed",
    "ex",
    "view",
}
_GOTO_FLAG = {"code", "code-insiders", "codium"}
_PATH_COLON_LINE = {"subl", "sublime_text", "zed", "hx", "helix"}


def editor_command(editor: str, path: Path, line: int) -> list[str]:
    """The command that opens ``path`` at ``line`` with the learner's $EDITOR."""
    words = shlex.split(editor)
    name = Path(words[0]).name if words else ""
    if name in _PLUS_LINE:
        return [*words, f"+{line}", str(path)]
    if name in _GOTO_FLAG:
        return [*words, "--goto", f"{path}:{line}"]
    if name in _PATH_COLON_LINE:
        return [*words, f"{path}:{line}"]
    return [*words, str(path)]


def _fallback_editor(search_path: str | None) -> str:
    """Without $VISUAL/$EDITOR, the system's ``editor`` (Debian's alternative) or ``vi``, if installed."""
    for name in ("editor", "vi"):
        found = shutil.which(name, path=search_path)
        if found:
            return found
    return ""


def open_in_editor(notes: Path, card: Card, environ: dict[str, str] | None = None) -> str:
    """Open the card's source in $VISUAL/$EDITOR; returns a one-line notice for the screen."""
    env = os.environ if environ is None else environ
    editor = env.get("VISUAL") or env.get("EDITOR") or _fallback_editor(env.get("PATH"))
    path = notes / card.source_path
    where = f"{path}:{card.source_line}"
    if not editor.strip():
        return f"Set $EDITOR to open notes from the review (the card comes from {where})."
    if not path.is_file():
        return f"{path}: not found; run 'flashforge build' if the notes moved."
    command = editor_command(editor, path, card.source_line)
    try:
        finished = subprocess.run(command, check=False)
    except OSError as error:
        return f"Could not start $EDITOR ({command[0]}: {error.strerror}); check the variable."
    if finished.returncode != 0:
        return f"$EDITOR exited with status {finished.returncode}."
    # The command comes first so that a long path never wraps it across two lines.
    return f"Run 'flashforge build' to update the cards (edited {where})."
