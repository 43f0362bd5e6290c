"""Build speed and memory against bare mistune parsing of the same files, in one run.

Makes a ~15 MB notes folder from copies of the shipped notes and
../shared/corpus (each copy under its own name, so every file is parsed),
then measures in this one process:

- bare: mistune 3 parsing every file to its AST (the floor for any build);
- full: `flashforge build` from an empty deck (read, parse, extract, write SQLite);
- rebuild: the same build again with nothing changed (hash check only).

Targets (issue 2): full ≤ 2× bare, rebuild ≤ 5% of full, peak memory ≤ 300 MB.
Run: python bench/build_bench.py [--megabytes 15] [--keep DIR]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import mistune

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flashforge.build import build_notes  # noqa: E402
from flashforge.config import Settings  # noqa: E402

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


def timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=float, default=15.0)
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs; the best of each counts")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="ff-bench-"))
    notes = work / "notes"
    if notes.exists():
        shutil.rmtree(notes)
    files = make_corpus(notes, args.megabytes)
    size = sum(path.stat().st_size for path in files)
    settings = Settings(root=work, notes=notes, db=work / "cards" / "deck.db", dist=work / "dist")
    shutil.rmtree(work / "cards", ignore_errors=True)
    now = datetime(2026, 12, 1, tzinfo=UTC)

    md = mistune.create_markdown(renderer=None, plugins=["table", "strikethrough"])

    def bare() -> None:
        for path in files:
            md(path.read_text(encoding="utf-8"))

    # Interleave the runs and keep each one's best: the machine is shared and
    # noisy, and a ratio of two minimums is the steadiest figure it gives.
    bare_times: list[float] = []
    full_times: list[float] = []
    cards_made = 0
    for attempt in range(args.repeat):
        bare_times.append(timed(bare))
        attempt_settings = replace(settings, db=work / "cards" / f"deck{attempt}.db")
        start = time.perf_counter()
        cards_made = sum(build_notes(attempt_settings, now).new.values())
        full_times.append(time.perf_counter() - start)
    bare_seconds, full_seconds = min(bare_times), min(full_times)
    rebuild_seconds = min(timed(lambda: build_notes(attempt_settings, now)) for _ in range(args.repeat))
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    report_holder = [cards_made]

    print(f"corpus: {len(files)} files, {size / 1024 / 1024:.1f} MB, {report_holder[0]} cards")
    print(f"bare mistune parse : {bare_seconds:7.2f} s")
    print(f"full build         : {full_seconds:7.2f} s  = {full_seconds / bare_seconds:.2f}x bare (target <= 2x)")
    print(
        f"rebuild, unchanged : {rebuild_seconds:7.2f} s  = {rebuild_seconds / full_seconds:.1%} of full (target <= 5%)"
    )
    print(f"peak memory (RSS)  : {peak_rss:7.0f} MB for the whole process (target <= 300 MB)")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
