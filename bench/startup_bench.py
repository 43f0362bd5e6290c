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

``--checkout DIR`` runs another checkout's flashforge (e.g. a ``git worktree``
of an older commit) on a project of its own, for a before/after comparison in
the same run: ``python bench/startup_bench.py --checkout /tmp/ff-before``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.child_timing import time_child as timed  # noqa: E402

NOW = "2026-12-01T08:00:00+00:00"
FLOOR = [sys.executable, "-c", "import typer, rich.console"]
# What any typer app with one option pays on top: typer >= 0.2x coerces option values through
# pydantic, imported on the first option of a run (shown for context; the target is FLOOR's).
TYPER_APP = [
    sys.executable,
    "-c",
    "import pathlib, typer\napp = typer.Typer()\n@app.command()\ndef main(db: pathlib.Path | None = None) -> None: "
    "pass\napp(['--db', 'x'], standalone_mode=False)",
]
COMMANDS: dict[str, tuple[list[str], str | None]] = {
    "--help": (["--help"], None),
    "stats --format json": (["stats", "--format", "json"], None),
    "build (nothing changed)": (["build"], None),
    "review (first card)": (["review"], "done "),
    "cards": (["cards"], None),
}


def cli(checkout: Path) -> list[str]:
    code = f"import sys; sys.path.insert(0, {str(checkout)!r}); from flashforge.cli import main; main()"
    return [sys.executable, "-c", code]


def time_child(command: list[str], cwd: Path, until: str | None) -> float:
    """Seconds until ``until`` shows (or the command exits), with the bench's pinned clock and zone."""
    env = {**os.environ, "FLASHFORGE_NOW": NOW, "PYTHONUNBUFFERED": "1", "TZ": "UTC", "COLUMNS": "100"}
    return timed(command, env=env, cwd=cwd, until=until)


def project(checkout: Path, where: Path) -> Path:
    """A project with the shipped notes, built, whose files have settled (so a rebuild trusts their stat)."""
    shutil.copytree(ROOT / "notes", where / "notes")
    time_child([*cli(checkout), "build"], where, None)
    time.sleep(2.1)  # a stat is recorded only for files left alone for 2 s
    time_child([*cli(checkout), "build"], where, None)
    return where


def measure(checkouts: dict[str, Path], rounds: int, work: Path) -> dict[str, list[float]]:
    projects = {label: project(checkout, work / label) for label, checkout in checkouts.items()}
    samples: dict[str, list[float]] = {"floor": [], "typer app with one option": []}
    for _ in range(rounds):
        samples["floor"].append(time_child(FLOOR, work, None))
        samples["typer app with one option"].append(time_child(TYPER_APP, work, None))
        for label, checkout in checkouts.items():
            for name, (args, until) in COMMANDS.items():
                key = f"{label}: {name}" if len(checkouts) > 1 else name
                samples.setdefault(key, []).append(time_child([*cli(checkout), *args], projects[label], until))
    return samples


FIXED = {
    "floor": "floor: `python -c 'import typer, rich.console'`",
    "typer app with one option": "context: a one-command typer app given one option",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--checkout", type=Path, help="also measure this checkout's flashforge (labelled 'before')")
    args = parser.parse_args()
    checkouts = {"now": ROOT}
    if args.checkout:
        checkouts = {"before": args.checkout.resolve(), "now": ROOT}
    work = Path(tempfile.mkdtemp(prefix="ff-startup-"))
    try:
        time_child(FLOOR, work, None)  # warm the file cache
        samples = measure(checkouts, args.rounds, work)
    finally:
        shutil.rmtree(work)
    floor = statistics.median(samples["floor"])
    load = os.getloadavg()[0]
    print(f"{args.rounds} interleaved rounds, medians; load average {load:.1f}; {os.cpu_count()} CPUs")
    print()
    print("| command | median s | × floor | target |")
    print("|---|---:|---:|---|")
    for key, values in samples.items():
        median = statistics.median(values)
        target = "" if key in FIXED else ("≤ 1.3× — met" if median / floor <= 1.3 else "≤ 1.3× — missed")
        label = FIXED.get(key, f"`{key}`")
        print(f"| {label} | {median:.3f} | {median / floor:.2f} | {target} |")


if __name__ == "__main__":
    main()
