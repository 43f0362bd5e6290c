"""The command table: which module defines each command, and the line ``flashforge --help`` shows for it.

A command's module, and everything it imports, loads only when that command runs or shows its own help:
``flashforge stats`` never pays for the build, export, PDF or optimizer wiring, nor for typer reading the
signatures of a dozen commands it will not run (the pattern of click's "lazily loading subcommands").
``tests/test_startup.py`` checks every summary against the command's own help, so the two cannot drift.

typer loads when a command is built, not with this module: a no-change ``build`` reads the table before
typer is loaded (:mod:`flashforge.commands.unchanged`).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typer.models import CommandInfo

# name -> (module in flashforge.commands, the first paragraph of the command's help), in `--help` order.
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("build", "Read the notes, extract cards and update the deck (only changed files are parsed)."),
    "preview": ("build", "Show the cards a file gives and every block skipped, with line numbers and reasons."),
    "cards": ("build", "List the deck's cards as a table, JSON lines or CSV."),
    "prune": ("build", "Delete orphaned cards (their source text is gone) together with their review history."),
    "review": (
        "review",
        "Today's review: due cards first, then new ones in note order (keys: Space, 1–4, u, s, b, e, q).",
    ),
    "quiz": ("review", "Practice without touching the schedule: multiple choice, order the steps, type the term."),
    "stats": ("review", "Due counts, card states, recent reviews and retention, leeches."),
    "optimize": ("optimize", "Fit FSRS parameters to your review history, so intervals match your memory."),
    "cheatsheet": (
        "cheatsheet",
        "Print the deck as a cheat sheet, grouped by topic: a PDF (WeasyPrint) or one HTML file.",
    ),
    "check": ("check", "Check the deck like Anki's Check Database: integrity, orphans, leftover files, what to do."),
    "export": ("export", "Export the deck for Anki: a package (.apkg) or tab-separated text."),
    "anki": ("anki", "Meet Anki through its files: bring its reviews back into the deck."),
}


GLOBAL_OPTIONS = ("--notes", "--db")


def global_options_first(args: list[str], commands: Iterable[str]) -> list[str]:
    """``build --db x.db`` → ``--db x.db build``: the global options are accepted after the command too."""
    names = set(commands)
    at = next((index for index, arg in enumerate(args) if arg in names), None)
    if at is None:
        return args
    moved: list[str] = []
    rest: list[str] = []
    index = at + 1
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest += args[index:]
            break
        if arg in GLOBAL_OPTIONS and index + 1 < len(args):
            moved += args[index : index + 2]
            index += 2
            continue
        if arg.split("=", 1)[0] in GLOBAL_OPTIONS and "=" in arg:
            moved.append(arg)
        else:
            rest.append(arg)
        index += 1
    return [*args[:at], *moved, args[at], *rest]


def load(name: str) -> Any:  # a click Command or Group (typer vendors click)
    """The command ``name``, built by its module's ``register``: typer reads only that command's parameters."""
    import typer
    import typer.main

    module = importlib.import_module(f"{__package__}.{COMMANDS[name][0]}")
    source = typer.Typer(rich_markup_mode=None, add_completion=False, pretty_exceptions_enable=False)
    module.register(source)
    source.registered_commands = [info for info in source.registered_commands if _name(info) == name]
    source.registered_groups = [info for info in source.registered_groups if info.name == name]
    return typer.main.get_group(source).commands[name]


def _name(info: CommandInfo) -> str:
    import typer.main

    if info.name:
        return info.name
    return typer.main.get_command_name(info.callback.__name__) if info.callback else ""


class LazyCommands(MutableMapping[str, Any]):
    """A group's commands by name: every name in :data:`COMMANDS` is there, built the first time it is looked up.

    Listing names, ``in`` and ``len`` build nothing; only getting a command does.
    """

    def __init__(self, added: MutableMapping[str, Any]) -> None:
        self._built: dict[str, Any] = dict(added)
        self._removed: set[str] = set()

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in COMMANDS or name in self._removed:
                raise KeyError(name)
            self._built[name] = load(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command
        self._removed.discard(name)

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._built.pop(name, None)
        self._removed.add(name)

    def __contains__(self, name: object) -> bool:
        return name in self._built or (name in COMMANDS and name not in self._removed)

    def __iter__(self) -> Iterator[str]:
        yield from (name for name in COMMANDS if name in self)
        yield from (name for name in self._built if name not in COMMANDS)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def for_help(self, name: str) -> Any:
        """What a group's ``--help`` lists for ``name``: the command if built, else a stand-in with its summary."""
        from typer.core import TyperCommand

        if name in self._built:
            return self._built[name]
        return TyperCommand(name, help=COMMANDS[name][1])
