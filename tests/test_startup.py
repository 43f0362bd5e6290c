"""Start-up: a command loads only what it uses (checked in a fresh interpreter's ``sys.modules``, never timed)."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from typer.testing import CliRunner

from flashforge import cli
from flashforge.commands.registry import COMMANDS

from .conftest import REPO

# Heavy libraries that only some commands need: PDF drawing, Anki packages, the FSRS optimizer,
# code highlighting for export, the sqlite-utils layer, the markdown parser.
HEAVY = ("weasyprint", "genanki", "fsrs_rs_python", "pygments", "sqlite_utils", "mistune")
# The modules that wire commands to typer: a run imports the one of the command it runs.
COMMAND_MODULES = {
    f"flashforge.commands.{name}" for name in ("anki", "build", "cheatsheet", "check", "export", "optimize", "review")
}

PROBE = """
import sys
from flashforge.cli import app
try:
    app(sys.argv[1:], prog_name="flashforge")
except SystemExit as done:
    code = done.code
else:
    code = 0
modules = sorted(sys.modules)
import json  # only now: whether the command loaded json is part of the answer
sys.stdout.write("\\n" + json.dumps({"code": code, "modules": modules}))
"""


def probe(args: list[str], cwd: Path, keys: str = "") -> tuple[str, set[str]]:
    """What ``flashforge ARGS`` printed, given ``keys`` on stdin, and the modules (and their top-level packages)
    a fresh interpreter has imported by its end."""
    env = {**os.environ, "FLASHFORGE_NOW": "2026-12-01T08:00:00+00:00", "TERM": "dumb"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=cwd, env=env, input=keys, capture_output=True, text=True, timeout=120
    )
    printed, _, last = done.stdout.rpartition("\n")
    result = json.loads(last)
    assert result["code"] in (0, None), done.stderr
    return printed, {name.split(".")[0] for name in result["modules"]} | set(result["modules"])


def loaded_by(args: list[str], cwd: Path) -> set[str]:
    """Top-level packages and modules a fresh interpreter has imported after running ``flashforge ARGS``."""
    return probe(args, cwd)[1]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("startup")
    shutil.copytree(REPO / "notes", root / "notes")
    return root


def test_importing_the_cli_loads_no_heavy_library(project: Path) -> None:
    for code, typer_loaded in (("import flashforge.cli", False), ("from flashforge.cli import app", True)):
        code += "; import json, sys; print(json.dumps(sorted(sys.modules)))"
        done = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=True)
        loaded = {name.split(".")[0] for name in json.loads(done.stdout)}
        assert ("typer" in loaded) is typer_loaded  # the typer app loads when asked for, not with the module
        assert sorted(loaded & set(HEAVY)) == []


def test_help_loads_no_heavy_library(project: Path) -> None:
    loaded = loaded_by(["--help"], project)
    assert sorted(loaded & set(HEAVY)) == []
    # Help is read from the command table: no command is built, no deck, config or terminal library is loaded.
    assert sorted(loaded & (COMMAND_MODULES | {"sqlite3", "rich", "tomllib"})) == []


def eager_app() -> typer.Typer:
    """The CLI as typer builds it when every command is registered up front (as before the command table)."""
    eager = typer.Typer(
        name="flashforge", help=cli.app.info.help, no_args_is_help=True, add_completion=False, rich_markup_mode=None
    )
    eager.callback()(cli._root)
    for module in ("build", "export", "review", "optimize", "cheatsheet", "anki", "check"):
        importlib.import_module(f"flashforge.commands.{module}").register(eager)
    return eager


def defined_in(command: Any) -> str:
    """The module of a command's function (a group's: its first command's)."""
    callback = command.callback or next(iter(command.commands.values())).callback
    return str(callback.__module__)


def test_help_lists_each_command_as_the_command_itself_says() -> None:
    eager = typer.main.get_group(eager_app())
    assert list(eager.commands) == list(COMMANDS)  # the same commands, in the same order
    for name, (module, summary) in COMMANDS.items():
        command = eager.commands[name]
        assert command.help is not None and command.help.split("\n\n")[0] == summary, name
        assert defined_in(command) == f"flashforge.commands.{module}", name
    runner = CliRunner()
    for args in (["--help"], [], ["export", "--help"], ["stats", "--help"], ["bild"]):
        lazy, built = runner.invoke(cli.app, args), runner.invoke(eager_app(), args)
        assert (lazy.exit_code, lazy.output) == (built.exit_code if args else 0, built.output), args


def test_each_command_loads_only_what_it_uses(project: Path) -> None:
    built = loaded_by(["build"], project)
    assert {"mistune", "flashforge.parse"} <= built  # it did parse the notes
    assert sorted(built & {"weasyprint", "genanki", "fsrs_rs_python", "pygments", "fsrs"}) == []

    rebuilt = loaded_by(["build"], project)  # nothing changed: no parser, no card building
    assert sorted(rebuilt & {"mistune", "flashforge.compile", "weasyprint", "genanki", "fsrs_rs_python"}) == []
    # ... nor a worker pool, nor a table (nothing changed to count)
    assert sorted(rebuilt & {"multiprocessing", "concurrent", "rich.table"}) == []

    for command, module in ((["stats", "--format", "json"], "review"), (["cards", "--format", "jsonl"], "build")):
        loaded = loaded_by(command, project)
        assert sorted(loaded & {"mistune", "weasyprint", "genanki", "fsrs_rs_python", "pygments"}) == [], command
        assert sorted(loaded & COMMAND_MODULES) == [f"flashforge.commands.{module}"], command
        if module == "review":  # stats reads the deck: no scheduler, no table for JSON, no hashing, no card types
            assert sorted(loaded & {"fsrs", "flashforge.schedule", "rich.table", "hashlib", "flashforge.model"}) == []

    listed = loaded_by(["cards"], project)  # the table is laid out without rich's Table, from four texts a card
    assert sorted(listed & {"rich.table", "mistune", "fsrs", "hashlib", "json", "csv", "flashforge.model"}) == []

    exported = loaded_by(["export", "csv", "--no-build", "-o", "out.csv"], project)
    assert sorted(exported & {"weasyprint", "genanki", "fsrs_rs_python"}) == []
    assert (project / "out.csv").exists()


def test_review_shows_its_first_card_before_loading_the_scheduler(project: Path) -> None:
    loaded_by(["build"], project)
    screen, loaded = probe(["review"], project)  # input ends at once: the first card, then the summary
    assert "done 0" in screen and "Space/Enter" in screen  # a card was on screen, waiting for its answer
    assert sorted(loaded & {"fsrs", "flashforge.schedule", "rich.table", "rich._emoji_codes"}) == []
    screen, answered = probe(["review"], project, keys="\n3\n")  # reveal, Good: now it schedules
    assert "fsrs" in answered and "done 1" in screen
