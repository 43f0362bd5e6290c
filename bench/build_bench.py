"""Build speed and memory against bare mistune parsing of the same files, in one run.

Makes a ~15 MB notes folder from copies of the shipped notes and
../shared/corpus (each copy under its own name, so every file is parsed),
then measures, interleaved and best of ``--repeat``:

- bare: mistune 3 parsing every file to its AST in one process (the floor);
- full: `build_notes` from an empty deck with 1, 2 and all cores' worker
  processes (read, parse, extract, make cards, write SQLite);
- rebuild: `flashforge build` run as a command with nothing changed
  (start-up included; files settled, so the stat decides);
- peak memory: the largest process (main or worker).

``--instructions`` counts instructions instead of timing (valgrind; steady on a busy machine): each stage
on every 20th file (see build_instructions.py), and the no-change rebuild command as a whole;
``--checkout DIR`` counts another checkout's flashforge beside this one's (before/after).
``--timeline N``: one full build with N worker processes, showing each chunk's span in its worker, when results
reach the main process, its writing time and the tail after the last worker (see build_timeline.py).

Targets (issue 10): full ≤ 1.0× bare at 2 cores, rebuild ≤ 2% of full, peak ≤ 300 MB.
Run: python bench/build_bench.py [--megabytes 15] [--repeat 3] [--keep DIR] [--instructions [--checkout DIR]]
     [--timeline WORKERS]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import mistune

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flashforge.build import BuildReport, build_notes  # noqa: E402
from flashforge.config import Settings  # noqa: E402
from flashforge.parallel import usable_cores  # noqa: E402

SHARED = ROOT.parent / "shared"


def make_corpus(target: Path, megabytes: float) -> list[Path]:
    sources = [ROOT / "notes" / "杂乱笔记.md", *sorted((SHARED / "corpus").rglob("*.md"))]
    sources = [path for path in sources if path.name != "README.md"]
    texts = [(path.stem, path.read_bytes()) for path in sources]
    written: list[Path] = []
    total = 0
    copy = 0
    while total < megabytes * 1024 * 1024:
        for stem, data in texts:
            folder = target / f"topic{copy % 20:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{stem}-{copy:04d}.md"
            # A distinct first line keeps each copy's content hash its own.
            path.write_bytes(f"<!-- copy {copy} -->\n".encode() + data)
            written.append(path)
            total += len(data)
        copy += 1
    return written


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (worker processes are reaped when a pool shuts down)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(action: Callable[[], object]) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of every process involved, what ``action`` returned)."""
    start, cpu = time.perf_counter(), cpu_seconds()
    result = action()
    return time.perf_counter() - start, cpu_seconds() - cpu, result


def rebuild_args(settings: Settings) -> list[str]:
    """`flashforge build` as a user runs it (from this checkout)."""
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from flashforge.cli import main; main()"
    args = ["--notes", str(settings.notes), "--db", str(settings.db), "build", "--quiet"]
    return [sys.executable, "-c", code, *args]


def child_env() -> dict[str, str]:
    # An installed flashforge has its bytecode cached; PYTHONDONTWRITEBYTECODE (set in some shells)
    # would make every run compile its modules again.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "FLASHFORGE_NOW": "2026-12-01T08:00:00+00:00"}


def rebuild_command(settings: Settings) -> float:
    """`flashforge build` as a user runs it, nothing changed: seconds, start-up included."""
    start = time.perf_counter()
    subprocess.run(rebuild_args(settings), check=True, capture_output=True, env=child_env())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=float, default=15.0)
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs; the best of each counts")
    parser.add_argument("--instructions", action="store_true", help="count instructions (valgrind) instead of timing")
    parser.add_argument("--checkout", type=Path, help="with --instructions: also count this checkout (before/after)")
    parser.add_argument("--timeline", type=int, metavar="WORKERS", help="one build with WORKERS processes, by stage")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="ff-bench-"))
    notes = work / "notes"
    if notes.exists():
        shutil.rmtree(notes)
    files = make_corpus(notes, args.megabytes)
    size = sum(path.stat().st_size for path in files)
    settings = Settings(root=work, notes=notes, db=work / "cards" / "deck.db", dist=work / "dist")
    shutil.rmtree(work / "cards", ignore_errors=True)
    if args.timeline or args.instructions:
        if args.timeline:
            from build_timeline import timeline

            timeline(settings, args.timeline)
        else:
            instructions(notes, settings, args.checkout)
        if not args.keep:
            shutil.rmtree(work)
        return
    now = datetime(2026, 12, 1, tzinfo=UTC)
    md = mistune.create_markdown(renderer=None, plugins=["table", "strikethrough"])

    def bare() -> None:
        for path in files:
            md(path.read_text(encoding="utf-8"))

    cores = usable_cores()
    counts = sorted({1, 2, cores})
    times: dict[str, list[tuple[float, float]]] = {"bare": [], **{f"full, {n} worker(s)": [] for n in counts}}
    cards = 0
    load = os.getloadavg()[0]
    for attempt in range(args.repeat):
        times["bare"].append(timed(bare)[:2])
        for n in counts:
            deck = replace(settings, db=work / "cards" / f"deck{attempt}-{n}.db")
            wall, cpu, built = timed(partial(build_notes, deck, now, workers=n))
            times[f"full, {n} worker(s)"].append((wall, cpu))
            cards = built.card_total if isinstance(built, BuildReport) else 0
    print(f"load average (1 min) before: {load:.2f}, after: {os.getloadavg()[0]:.2f}")
    last = replace(settings, db=work / "cards" / f"deck{args.repeat - 1}-{counts[-1]}.db")
    time.sleep(2.1)  # let the files settle: the next build records their stat
    rebuild_command(last)
    rebuild = min(rebuild_command(last) for _ in range(args.repeat))
    report(times, rebuild, files, size, cards, cores)
    if not args.keep:
        shutil.rmtree(work)


def instructions(notes: Path, settings: Settings, checkout: Path | None) -> None:
    """Stage by stage on every 20th file, and the no-change rebuild command (millions of instructions)."""
    from build_instructions import STAGES, count, count_command

    checkouts = {"this checkout": ROOT, **({f"{checkout}": checkout.resolve()} if checkout else {})}
    counted = {name: {stage: count(stage, notes, 20, path) for stage in STAGES} for name, path in checkouts.items()}
    print(f"instructions (millions) on every 20th file of {notes}; × bare mistune in the same checkout's run")
    print("| stage | " + " | ".join(checkouts) + " |")
    print("|---|" + "---:|" * len(checkouts))
    for stage in STAGES:
        cells = [f"{values[stage] / 1e6:,.0f} M ({values[stage] / values['bare']:.2f}×)" for values in counted.values()]
        print(f"| {stage} | " + " | ".join(cells) + " |")
    build_notes(settings, datetime(2026, 12, 1, tzinfo=UTC))
    time.sleep(2.1)  # let the files settle: the next build records their stat
    rebuild_command(settings)
    print(
        f"no-change rebuild command (this checkout): {count_command(rebuild_args(settings), child_env()) / 1e6:,.0f} M"
    )


def report(
    times: dict[str, list[tuple[float, float]]], rebuild: float, files: list[Path], size: int, cards: int, cores: int
) -> None:
    """Best wall time of each run and, beside it, the least CPU time (all processes): on a machine whose
    other jobs take cores away, the CPU time still says how much work each run does."""
    best = {name: min(wall for wall, _ in values) for name, values in times.items()}
    cpu = {name: min(used for _, used in values) for name, values in times.items()}
    bare = best["bare"]
    full = min(value for name, value in best.items() if name != "bare")
    # ru_maxrss: the largest of this process and (separately) of any finished child, in KiB on Linux.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"corpus: {len(files)} files, {size / 1024 / 1024:.1f} MB, {cards} cards; {cores} usable cores")
    print("| run | seconds | ratio | CPU seconds (all processes) | CPU ratio | target |")
    print("|---|---:|---:|---:|---:|---|")
    for name, value in best.items():
        target = "" if name == "bare" else ("≤ 1.0× at 2 cores" if "2 worker" in name else "")
        used, ratio = cpu[name], cpu[name] / cpu["bare"]
        print(f"| {name} | {value:.2f} | {value / bare:.2f}× bare | {used:.2f} | {ratio:.2f}× | {target} |")
    share = f"{rebuild / full:.1%} of the fastest full"
    print(f"| rebuild, nothing changed (command) | {rebuild:.2f} | {share} | | | ≤ 2% |")
    print(f"| peak RSS | main {own:.0f} MB, largest child {workers:.0f} MB | | | | ≤ 300 MB |")


if __name__ == "__main__":
    main()
