"""``flashforge build`` when nothing changed, answered before typer, rich and the store are loaded.

Most builds find every notes file as the last build left it. Their whole answer is two lines, and
finding it takes a stat of each file and two reads of the deck; typer and rich alone cost more than that
to import. So :func:`answer` tries first, with the very functions the full build uses to decide
(:func:`flashforge.config_file.read_config`, :func:`flashforge.scan.unchanged_files`,
:func:`flashforge.store.glance.glance`), and prints what the full command would print.

It answers only a command line it reads exactly as typer would (``--notes``, ``--db``, ``--quiet``,
``--jobs``, ``--allow-orphans``, each at most once, in their plain forms) and only when the full command
would change nothing and print just those two lines: every file's stat as recorded, no file new or gone,
the deck current and in WAL mode, text a terminal shows as it is. Anything else, from ``--help`` to a bad
``flashforge.toml`` or a file touched since, returns False without having written anything, and the full
command runs (and reports any error) as if this module did not exist.
"""

from __future__ import annotations

import codecs
import os
import sys
from pathlib import Path

from .registry import COMMANDS, global_options_first

ROOT_OPTIONS = ("--notes", "--db")  # options of the app, before the command, that take a value
BUILD_FLAGS = ("--quiet", "-q", "--allow-orphans")
BUILD_VALUES = ("--jobs", "-j")  # its one option that takes a value: a whole number, 1 or more


def files_line(notes: Path, db: Path, read: int, unchanged: int, gone: int) -> str:
    """The first line of a build's report."""
    files = f"{read} file(s) read, {unchanged} unchanged"
    if gone:
        files += f", {gone} gone"
    return f"Built {notes} → {db}: {files}"


def total_line(cards: int) -> str:
    """The last line of a build's report (before any warning)."""
    return f"{cards} cards in the deck."


def answer(args: list[str]) -> bool:
    """Print the report of a build that changes nothing and return True, or return False (see the module)."""
    paths = build_paths(args)
    if paths is None or _completing() or not _prints_utf8():
        return False  # having loaded nothing more than the command table: other commands start as they did
    from ..errors import FlashforgeError

    try:
        lines = _report(paths)
    except (FlashforgeError, OSError, RuntimeError, ValueError):  # the full command meets it again and says so
        return False
    if lines is None or not all(line.isprintable() for line in lines):
        return False  # rich's way with tabs and control characters is the full command's to apply
    sys.stdout.write("".join(line + "\n" for line in lines))
    return True


def _report(paths: dict[str, str]) -> tuple[str, str] | None:
    """The two lines of the report when the build would change nothing, else None."""
    from ..clock import now
    from ..config_file import project_path, read_config
    from ..scan import unchanged_files
    from ..store.glance import glance

    root = Path.cwd().resolve()
    top, _ = read_config(root)  # the [review] table is checked too, as every command does
    now()  # every build reads FLASHFORGE_NOW
    notes = Path(paths["--notes"]).resolve() if "--notes" in paths else project_path(root, top, "notes")
    db = Path(paths["--db"]).resolve() if "--db" in paths else project_path(root, top, "db")
    if not notes.is_dir():
        return None
    deck = glance(db)
    if deck is None:
        return None
    unchanged = unchanged_files(notes, tuple(top.get("ignore", ())), deck.stamps)
    if unchanged is None:
        return None
    return files_line(notes, db, 0, unchanged, 0), total_line(deck.live_cards)


def build_paths(args: list[str]) -> dict[str, str] | None:
    """``--notes`` and ``--db`` of a ``build`` command line in the forms typer reads plainly, else None."""
    args = global_options_first(args, COMMANDS)
    if "build" not in args:
        return None
    at = args.index("build")
    paths = _options(args[:at], ROOT_OPTIONS, ())
    built = _options(args[at + 1 :], BUILD_VALUES, BUILD_FLAGS)
    if paths is None or built is None:
        return None
    jobs = built.get("--jobs", built.get("-j"))
    if jobs is not None and not (jobs.isascii() and jobs.isdigit() and int(jobs) >= 1):
        return None
    if len({"--jobs", "-j"} & set(built)) > 1 or len({"--quiet", "-q"} & set(built)) > 1:
        return None
    return paths


def _options(args: list[str], with_value: tuple[str, ...], flags: tuple[str, ...]) -> dict[str, str] | None:
    """Each option's value ("" for a flag); None for anything else, a repeat, or a value that looks odd."""
    found: dict[str, str] = {}
    index = 0
    while index < len(args):
        arg = args[index]
        # click splits "--name=value"; "-j=2" is "-j" given "=2"
        name, equals, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in flags and not equals:
            value = ""
        elif name in with_value:
            if not equals:
                index += 1
                if index == len(args):
                    return None
                value = args[index]
            if not value or value.startswith("-"):
                return None
        else:
            return None
        if name in found:
            return None
        found[name] = value
        index += 1
    return found


def _completing() -> bool:
    """Shell completion is asked for (click's ``_PROG_COMPLETE`` variable): typer answers that."""
    return any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ)


def _prints_utf8() -> bool:
    stdout = sys.stdout
    encoding = getattr(stdout, "encoding", None)
    if stdout is None or not encoding:
        return False
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False
