"""Fuzz the pipeline: N generated notes through parse, extract, cards and the Anki renderer.

Reports uncaught exceptions and documents over 2 s of CPU time per 100 KB (at least 2 s), per hostile
generator; a document still running after 30 s of wall time is stopped and counted as a hang. Run by hand:

    python bench/fuzz.py                      # 10,000 documents, results in bench/results/fuzz.md
    python bench/fuzz.py -n 500 --seed 7      # a quick look
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.fuzz_documents import HOSTILE, ORDINARY  # noqa: E402
from flashforge.compile import cards_for_text, raise_recursion_limit  # noqa: E402
from flashforge.export.render import render_text  # noqa: E402
from flashforge.sources import SourceText  # noqa: E402

HANG_SECONDS = 30
SECONDS_PER_100KB = 2.0
HOSTILE_SHARE = 0.15
HOSTILE_SIZES = (1_000, 10_000, 30_000, 100_000)


class Hang(Exception):
    pass


@dataclass(frozen=True)
class Outcome:
    index: int
    kind: str  # "ordinary" or the hostile generator's name
    size: int
    seconds: float
    cards: int
    error: str = ""


def make(index: int, seed: int) -> tuple[str, str]:
    rng = random.Random(seed * 1_000_003 + index)
    parts = [rng.choice(ORDINARY)(rng, 0) for _ in range(rng.randint(1, 14))]
    kind = "ordinary"
    if rng.random() < HOSTILE_SHARE:
        kind = rng.choice(sorted(HOSTILE))
        parts.insert(rng.randint(0, len(parts)), HOSTILE[kind](rng, rng.choice(HOSTILE_SIZES)))
    return kind, "\n\n".join(parts)


def _stop(_signum: int, _frame: FrameType | None) -> None:
    raise Hang


def run_one(job: tuple[int, int]) -> Outcome:
    index, seed = job
    kind, text = make(index, seed)
    raise_recursion_limit()
    signal.signal(signal.SIGALRM, _stop)
    started = time.process_time()  # CPU time: the machine may be shared; a hang is caught by wall time
    signal.alarm(HANG_SECONDS)
    try:
        cards, _ = cards_for_text(SourceText(f"fuzz-{index}.md", text, "digest", "utf-8"))
        for card in cards:
            render_text(card.front)
            render_text(card.back)
        count, error = len(cards), ""
    except Hang:
        count, error = 0, f"hang: still running after {HANG_SECONDS} s"
    except Exception as caught:  # the point of a fuzzer: record, never stop
        count, error = 0, "".join(traceback.format_exception_only(caught)).strip()
    finally:
        signal.alarm(0)
    return Outcome(index, kind, len(text.encode("utf-8")), time.process_time() - started, count, error)


def too_slow(outcome: Outcome) -> bool:
    return outcome.seconds > SECONDS_PER_100KB * max(1.0, outcome.size / 100_000)


def report(outcomes: Sequence[Outcome], seed: int, wall: float) -> str:
    errors = [o for o in outcomes if o.error]
    slow = [o for o in outcomes if not o.error and too_slow(o)]
    kinds = Counter(o.kind for o in outcomes)
    total_kb = sum(o.size for o in outcomes) / 1000
    lines = [
        f"# Fuzz run: {len(outcomes)} documents (seed {seed})",
        "",
        f"{total_kb:,.0f} KB in {wall:.0f} s wall; {sum(o.cards for o in outcomes):,} cards.",
        f"**Exceptions and hangs: {len(errors)}. Over {SECONDS_PER_100KB:.0f} s per 100 KB: {len(slow)}.**",
        "",
        "| documents | count | slowest (s per 100 KB) | largest (KB) | errors | slow |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind in sorted(kinds):
        mine = [o for o in outcomes if o.kind == kind]
        worst = max(o.seconds / max(o.size / 100_000, 1.0) for o in mine)
        bad = sum(1 for o in mine if o.error)
        late = sum(1 for o in mine if not o.error and too_slow(o))
        biggest = max(o.size for o in mine) / 1000
        lines.append(f"| {kind} | {len(mine)} | {worst:.2f} | {biggest:,.0f} | {bad} | {late} |")
    for outcome in (errors + slow)[:20]:
        lines.append(f"\n- document {outcome.index} ({outcome.kind}, {outcome.size / 1000:.0f} KB, "
                     f"{outcome.seconds:.1f} s): {outcome.error or 'slow'}")  # fmt: skip
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-n", "--documents", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "fuzz.md")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    jobs = [(index, args.seed) for index in range(args.documents)]
    with multiprocessing.get_context("fork").Pool(args.jobs, maxtasksperchild=500) as pool:
        outcomes = pool.map(run_one, jobs, chunksize=20)
    text = report(outcomes, args.seed, time.perf_counter() - started)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 1 if any(o.error or too_slow(o) for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
