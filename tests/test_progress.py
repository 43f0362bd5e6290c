"""Progress bars: drawn on a terminal once work has taken a while; never off a terminal, with --quiet, or early."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from flashforge.cli import app
from flashforge.commands.progress import TerminalProgress

from .conftest import REPO


def terminal() -> tuple[Console, io.StringIO]:
    output = io.StringIO()
    return Console(file=output, force_terminal=True, width=100), output


def shown(progress: TerminalProgress) -> None:
    """Wait until the bar's timer has fired (no sleeping on a clock)."""
    timer = progress._timer
    assert timer is not None
    timer.join()


def test_a_long_job_on_a_terminal_shows_its_phase_and_count() -> None:
    console, output = terminal()
    with TerminalProgress(console, delay=0) as progress:
        progress.phase("Reading notes", 40)
        shown(progress)
        progress.advance(25)
    assert "Reading notes" in output.getvalue()
    assert "25/40" in output.getvalue()


def test_a_phase_without_a_count_shows_a_spinner() -> None:
    console, output = terminal()
    with TerminalProgress(console, delay=0) as progress:
        progress.phase("Drawing pages")
        shown(progress)
    assert "Drawing pages" in output.getvalue()


def test_a_job_done_before_the_delay_draws_nothing() -> None:
    console, output = terminal()
    with TerminalProgress(console, delay=3600) as progress:
        progress.phase("Reading notes", 3)
        progress.advance(3)
    assert output.getvalue() == ""
    assert progress._timer is not None and not progress._timer.is_alive()


@pytest.mark.parametrize(("quiet", "is_terminal"), [(True, True), (False, False)])
def test_quiet_or_not_a_terminal_draws_nothing(quiet: bool, is_terminal: bool) -> None:
    output = io.StringIO()
    console = Console(file=output, force_terminal=is_terminal, width=100)
    with TerminalProgress(console, quiet=quiet, delay=0) as progress:
        assert progress._timer is None  # nothing is even scheduled
        progress.phase("Reading notes", 2)
        progress.advance(2)
    assert output.getvalue() == ""


def test_build_off_a_terminal_prints_only_its_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(REPO / "notes", tmp_path / "notes")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FLASHFORGE_NOW", "2026-12-01T08:00:00+00:00")
    result = CliRunner().invoke(app, ["build", "--quiet", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Built ")
    assert "Reading notes" not in result.output
