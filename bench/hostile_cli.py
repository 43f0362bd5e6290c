"""Each hostile block of issue 11, 100 KB of it in a notes file, through the real command line:
build, cards (table and jsonl), export csv and export apkg, timed by the wall clock.

Run by hand (results in bench/results/hostile.md); the tests only assert behaviour (tests/test_fuzz.py):

    python bench/hostile_cli.py            # every hostile block at 100 KB
    python bench/hostile_cli.py --size 20000
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.fuzz_documents import HOSTILE  # noqa: E402

CLI = [sys.executable, "-c", "from flashforge.cli import main; main()"]
STEPS = [["build", "--allow-orphans"], ["cards"], ["cards", "-f", "jsonl"], ["export", "csv"], ["export", "apkg"]]
LIMIT = 5.0  # seconds per command, as the issue asks
HANG = 120


def run(name: str, size: int) -> list[tuple[float, int, bool]]:
    """(seconds, exit code, traceback printed) for each step on one hostile file."""
    with tempfile.TemporaryDirectory(prefix="ff-hostile-") as folder:
        root = Path(folder)
        (root / "notes").mkdir()
        text = "# 笔记\n\n- ARP：地址解析\n\n" + HOSTILE[name](random.Random(0), size)
        (root / "notes" / f"{name}.md").write_text(text, encoding="utf-8")
        results = []
        for step in STEPS:
            started = time.perf_counter()
            try:
                done = subprocess.run([*CLI, *step], cwd=root, capture_output=True, text=True, timeout=HANG)
                results.append((time.perf_counter() - started, done.returncode, "Traceback" in done.stderr))
            except subprocess.TimeoutExpired:
                results.append((float(HANG), -1, False))
        return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "hostile.md")
    args = parser.parse_args(argv)
    header = " | ".join(" ".join(step[:2]) for step in STEPS)
    lines = [
        f"# Hostile notes through the CLI ({args.size // 1000} KB each; seconds, wall clock)",
        "",
        f"| block | {header} |",
        "| --- |" + " ---: |" * len(STEPS),
    ]
    worst, failures = 0.0, 0
    for name in sorted(HOSTILE):
        results = run(name, args.size)
        cells = []
        for seconds, code, traceback in results:
            worst = max(worst, seconds)
            bad = traceback or code < 0  # exit 2 with a one-line message (a 9 MB file refused) is fine
            failures += bad
            cells.append(f"{seconds:.1f}" + (f" (exit {code}{', traceback' if traceback else ''})" if bad else ""))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
        print(lines[-1], flush=True)
    lines += ["", f"Slowest command: {worst:.1f} s (limit {LIMIT:.0f} s); timeouts or tracebacks: {failures}."]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(lines[-1])
    return 0 if worst <= LIMIT and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
