"""Start-up of the daily commands against the floor of any typer + rich CLI, in one run.

Each command runs as a fresh child process on a project holding the shipped
notes (built once; the no-change build then finds every file unchanged by its
stat), interleaved round by round with the floor, ``python -c "import typer,
rich.console"``. The median of each is reported with its ratio to the floor's.

- ``--help``
- ``stats --format json``
- ``build`` with nothing changed
- ``review`` until the first card is on screen (piped, line mode)
- ``cards`` (the table)

Target (issue 10): every command <= 1.3x the floor.

Each checkout's ``flashforge`` package is byte-compiled first, as ``pip install`` does: without it
(e.g. under ``PYTHONDONTWRITEBYTECODE=1``) every run would compile our sources while typer and rich,
installed with their bytecode, would not.

``--instructions`` also counts each child's instructions under valgrind: slow (about 20 s a child), but
the same on a busy machine as on an idle one, where timings are not.

``--checkout DIR`` runs another checkout's flashforge (e.g. a ``git worktree``
of an older commit) on a project of its own, for a before/after comparison in
the same run: ``python bench/startup_bench.py --checkout /tmp/ff-before``; ``--checkout-python`` runs
it with another virtualenv's interpreter (e.g. one holding the dependency versions of that commit).
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.child_timing import time_child as timed  # noqa: E402

NOW = "2026-12-01T08:00:00+00:00"
FLOOR = "import typer, rich.console"
# What any typer app with one option pays on top of the import (shown for context; the target is FLOOR's):
# typer 0.29 coerced every option value through pydantic, which is why pyproject.toml keeps typer < 0.29.
TYPER_APP = (
    "import pathlib, typer\napp = typer.Typer()\n@app.command()\ndef main(db: pathlib.Path | None = None) -> None: "
    "pass\napp(['--db', 'x'], standalone_mode=False)"
)
COMMANDS: dict[str, tuple[list[str], str | None]] = {
    "--help": (["--help"], None),
    "stats --format json": (["stats", "--format", "json"], None),
    "build (nothing changed)": (["build"], None),
    "review (first card)": (["review"], "done "),
    "cards": (["cards"], None),
}


@dataclass(frozen=True)
class Run:
    """One flashforge checkout, run by one interpreter (whose installed typer and rich it uses)."""

    label: str
    checkout: Path
    python: str

    def cli(self) -> list[str]:
        code = f"import sys; sys.path.insert(0, {str(self.checkout)!r}); from flashforge.cli import main; main()"
        return [self.python, "-c", code]

    def key(self, name: str, runs: int) -> str:
        return f"{self.label}: {name}" if runs > 1 else name

    def floor_key(self, name: str, main_python: str) -> str:
        return name if self.python == main_python else f"{self.label}: {name}"


def time_child(command: list[str], cwd: Path, until: str | None) -> float:
    """Seconds until ``until`` shows (or the command exits), with the bench's pinned clock and zone."""
    env = {**os.environ, "FLASHFORGE_NOW": NOW, "PYTHONUNBUFFERED": "1", "TZ": "UTC", "COLUMNS": "100"}
    return timed(command, env=env, cwd=cwd, until=until)


def project(run: Run, where: Path) -> Path:
    """A project with the shipped notes, built, whose files have settled (so a rebuild trusts their stat)."""
    shutil.copytree(ROOT / "notes", where / "notes")
    time_child([*run.cli(), "build"], where, None)
    time.sleep(2.1)  # a stat is recorded only for files left alone for 2 s
    time_child([*run.cli(), "build"], where, None)
    return where


def children(runs: list[Run], work: Path) -> dict[str, tuple[list[str], Path, str | None]]:
    """Every child to time, by its row's key: (command, folder, line that ends the wait)."""
    pythons = {run.floor_key("", sys.executable): run.python for run in runs}
    listed: dict[str, tuple[list[str], Path, str | None]] = {}
    for prefix, python in pythons.items():
        listed[prefix + "floor"] = ([python, "-c", FLOOR], work, None)
        listed[prefix + APP] = ([python, "-c", TYPER_APP], work, None)
    for run in runs:
        folder = project(run, work / run.label)
        for name, (args, until) in COMMANDS.items():
            listed[run.key(name, len(runs))] = ([*run.cli(), *args], folder, until)
    return listed


def measure(listed: dict[str, tuple[list[str], Path, str | None]], rounds: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {key: [] for key in listed}
    for _ in range(rounds):
        for key, (command, folder, until) in listed.items():
            samples[key].append(time_child(command, folder, until))
    return samples


def instructions(listed: dict[str, tuple[list[str], Path, str | None]]) -> dict[str, int]:
    """Instructions each child executes (valgrind's callgrind): the same on a busy machine as on an idle one.

    A review runs to its end here (stdin closed: the first card, then the summary), not just to its first card.
    """
    env = {**os.environ, "FLASHFORGE_NOW": NOW, "PYTHONUNBUFFERED": "1", "TZ": "UTC", "COLUMNS": "100"}
    counted: dict[str, int] = {}
    for key, (command, folder, _until) in listed.items():
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=True,
        )
        found = re.search(r"Collected : (\d+)", done.stderr)
        assert found is not None, done.stderr
        counted[key] = int(found.group(1))
    return counted


APP = "typer app with one option"
FIXED = {
    "floor": "floor: `python -c 'import typer, rich.console'`",
    APP: "context: a one-command typer app given one option",
}


def versions(python: str) -> str:
    code = "from importlib import metadata as m; print(m.version('typer'), m.version('rich'))"
    typer, rich = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return f"typer {typer}, rich {rich}"


def report_instructions(runs: list[Run], counted: dict[str, int]) -> None:
    floor_keys = {run.label: run.floor_key("floor", sys.executable) for run in runs}
    print()
    print("| command | instructions (millions) | × floor |")
    print("|---|---:|---:|")
    for key, count in counted.items():
        label, _, name = key.rpartition(": ")
        shown = f"{label}: {FIXED[name]}" if label and name in FIXED else FIXED.get(key, f"`{key}`")
        print(f"| {shown} | {count / 1e6:.0f} | {count / counted[floor_keys.get(label, 'floor')]:.2f} |")


def report(runs: list[Run], samples: dict[str, list[float]], rounds: int, load: str) -> None:
    """Medians (the target's figure) and, for a busy machine, the fastest run of each against the floor's fastest."""
    medians = {key: statistics.median(values) for key, values in samples.items()}
    fastest = {key: min(values) for key, values in samples.items()}
    floor_keys = {run.label: run.floor_key("floor", sys.executable) for run in runs}
    print(f"{rounds} interleaved rounds; load average {load}; {os.cpu_count()} CPUs")
    for run in runs:
        print(f"- {run.label}: {run.checkout} with {run.python} ({versions(run.python)})")
    print()
    print("| command | median s | × floor | fastest s | × floor's fastest | target (medians) |")
    print("|---|---:|---:|---:|---:|---|")
    for key, median in medians.items():
        label, _, name = key.rpartition(": ")
        floor_key = floor_keys.get(label, "floor")
        ratio = median / medians[floor_key]
        target = "" if name in FIXED else ("≤ 1.3× — met" if ratio <= 1.3 else "≤ 1.3× — missed")
        shown = f"{label}: {FIXED[name]}" if label and name in FIXED else FIXED.get(key, f"`{key}`")
        quickest = f"{fastest[key]:.3f} | {fastest[key] / fastest[floor_key]:.2f}"
        print(f"| {shown} | {median:.3f} | {ratio:.2f} | {quickest} | {target} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--checkout", type=Path, help="also measure this checkout's flashforge (labelled 'before')")
    parser.add_argument(
        "--checkout-python", default=sys.executable, help="the interpreter (virtualenv) to run --checkout with"
    )
    parser.add_argument(
        "--instructions", action="store_true", help="also count each child's instructions under valgrind (slow)"
    )
    args = parser.parse_args()
    runs = [Run("now", ROOT, sys.executable)]
    if args.checkout:
        runs.insert(0, Run("before", args.checkout.resolve(), args.checkout_python))
    for run in runs:
        compileall.compile_dir(run.checkout / "flashforge", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="ff-startup-"))
    load_before = os.getloadavg()[0]
    try:
        time_child([sys.executable, "-c", FLOOR], work, None)  # warm the file cache
        listed = children(runs, work)
        samples = measure(listed, args.rounds)
        load = f"{load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
        counted = instructions(listed) if args.instructions else {}
    finally:
        shutil.rmtree(work)
    report(runs, samples, args.rounds, load)
    if counted:
        report_instructions(runs, counted)


if __name__ == "__main__":
    main()
