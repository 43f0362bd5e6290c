"""Start-up: a command loads only what it uses (checked in a fresh interpreter's ``sys.modules``, never timed)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

# Heavy libraries that only some commands need: PDF drawing, Anki packages, the FSRS optimizer,
# code highlighting for export, the sqlite-utils layer, the markdown parser.
HEAVY = ("weasyprint", "genanki", "fsrs_rs_python", "pygments", "sqlite_utils", "mistune")

PROBE = """
import json, sys
from flashforge.cli import app
try:
    app(sys.argv[1:], prog_name="flashforge")
except SystemExit as done:
    code = done.code
else:
    code = 0
sys.stdout.write("\\n" + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def loaded_by(args: list[str], cwd: Path) -> set[str]:
    """Top-level packages a fresh interpreter has imported after running ``flashforge ARGS``."""
    env = {**os.environ, "FLASHFORGE_NOW": "2026-12-01T08:00:00+00:00", "TERM": "dumb"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    result = json.loads(done.stdout.rsplit("\n", 1)[-1])
    assert result["code"] in (0, None), done.stderr
    return {name.split(".")[0] for name in result["modules"]} | set(result["modules"])


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("startup")
    shutil.copytree(REPO / "notes", root / "notes")
    return root


def test_importing_the_cli_loads_no_heavy_library(project: Path) -> None:
    code = "import json, sys, flashforge.cli; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=True)
    loaded = {name.split(".")[0] for name in json.loads(done.stdout)}
    assert "typer" in loaded  # the probe sees real imports
    assert sorted(loaded & set(HEAVY)) == []


def test_help_loads_no_heavy_library(project: Path) -> None:
    assert sorted(loaded_by(["--help"], project) & set(HEAVY)) == []


def test_each_command_loads_only_what_it_uses(project: Path) -> None:
    built = loaded_by(["build"], project)
    assert {"mistune", "flashforge.parse"} <= built  # it did parse the notes
    assert sorted(built & {"weasyprint", "genanki", "fsrs_rs_python", "pygments", "fsrs"}) == []

    rebuilt = loaded_by(["build"], project)  # nothing changed: no parser, no card building
    assert sorted(rebuilt & {"mistune", "flashforge.compile", "weasyprint", "genanki", "fsrs_rs_python"}) == []

    for command in (["stats", "--format", "json"], ["cards", "--format", "jsonl"]):
        loaded = loaded_by(command, project)
        assert sorted(loaded & {"mistune", "weasyprint", "genanki", "fsrs_rs_python", "pygments"}) == [], command

    exported = loaded_by(["export", "csv", "--no-build", "-o", "out.csv"], project)
    assert sorted(exported & {"weasyprint", "genanki", "fsrs_rs_python"}) == []
    assert (project / "out.csv").exists()
