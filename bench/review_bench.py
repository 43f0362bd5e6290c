"""Review speed on a big deck: time to first card, per-answer save, stats.

Builds a 100,000-card deck through the deck API (Deck.apply_file, then the
review store), simulates a year of daily reviews with the real scheduler,
then measures, each against a baseline taken in the same run:

- first card: ``flashforge review`` started as a child process with piped
  line commands, until its first card is written, vs. a child that only
  imports typer and rich.console (the floor of any typer + rich CLI),
  interleaved run by run;
- answer: ``Deck.record_answer`` (one committed transaction) vs. a bare
  one-row committed transaction on the same database;
- stats: ``flashforge stats --format json`` as a child process vs. the same
  floor.

Targets: first card <= 0.5 s and (issue 10) <= 1.3x the floor; answer <= 20 ms; stats <= 1 s.

Usage: python bench/review_bench.py [--cards 100000] [--days 365] [--out bench/results/review.md]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.child_timing import time_child
from flashforge.clock import day_start, stamp
from flashforge.config import ReviewSettings
from flashforge.ids import stable_id
from flashforge.model import Card, TermPayload
from flashforge.review import stats
from flashforge.review.day import load_day
from flashforge.review.queue import QueueCard
from flashforge.schedule import CardState, answer, make_scheduler, retrievability
from flashforge.store import Deck, ReviewRow
from flashforge.store.reviews import log_json

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
CLI = [sys.executable, "-c", "from flashforge.cli import main; main()"]
IMPORT_ONLY = [sys.executable, "-c", "import typer, rich.console"]
CARDS_PER_FILE = 500
GROUP_SIZE = 5


def make_cards(file_index: int) -> list[Card]:
    path = f"topic{file_index:04d}/notes.md"
    cards = []
    for position in range(CARDS_PER_FILE):
        group = position // GROUP_SIZE
        headings = ("notes", f"section {group // 10}", f"表 {group}")
        kind = "definition" if group % 3 == 0 else "field"
        key = f"术语{position}"
        card_id = stable_id(path, headings, kind, key)
        cards.append(
            Card(
                id=card_id,
                note_id=card_id,
                ord=0,
                kind=kind,
                deck=f"topic{file_index:04d}::section {group // 10}",
                key=key,
                front=f"{headings[-1]} · {key}",
                back=f"第 {position} 个字段的含义：用于测试的中文解释 with English terms。",
                context=headings,
                title=headings[-1],
                group_id=stable_id(path, headings, kind, "group"),
                position=position,
                source_path=path,
                source_line=position + 1,
                tags=(kind,),
                payload=TermPayload(key, f"含义 {position}"),
            )
        )
    return cards


def build_deck(path: Path, total: int, days: int, studied: float, rng: random.Random) -> dict[str, float]:
    started = time.perf_counter()
    deck = Deck.open(path)
    start_day = NOW - timedelta(days=days)
    files = max(1, total // CARDS_PER_FILE)
    all_cards: list[Card] = []
    for index in range(files):
        cards = make_cards(index)
        deck.apply_file(cards[0].source_path, f"hash-{index}", cards, start_day)
        all_cards += cards
    built = time.perf_counter() - started

    # A learner who introduces new cards in note order every day and reviews what is due, up to
    # this morning: today's due cards are still waiting, as when the learner opens the review.
    scheduler = make_scheduler(ReviewSettings())
    introduced_per_day = min(int(len(all_cards) * studied) // days + 1, len(all_cards))
    this_morning = day_start(NOW, ReviewSettings().day_starts_at)
    review_rows: list[ReviewRow] = []
    state_rows: list[CardState] = []
    cursor = 0
    for day in range(days):
        batch = all_cards[cursor : cursor + introduced_per_day]
        cursor += len(batch)
        for card in batch:
            moment = start_day + timedelta(days=day, hours=8 + rng.random() * 12)
            state = CardState(card.id)
            while moment < this_morning:
                if state.is_new:
                    rating = rng.choices((1, 2, 3, 4), weights=(20, 10, 60, 10))[0]
                else:
                    recall = retrievability(scheduler, state, moment) if state.state == "review" else 0.9
                    rating = (3 if rng.random() < 0.85 else 2) if rng.random() < recall else 1
                after = answer(scheduler, state, rating, moment)
                review_rows.append(
                    ReviewRow(
                        card.id,
                        rating,
                        stamp(moment),
                        rng.randint(2000, 20000),
                        log_json(state),
                        log_json(after),
                    )
                )
                state = after
                assert after.due is not None
                # Reviews happen on the due day, at some hour of the day (learning steps: right away).
                moment = after.due if after.state != "review" else after.due + timedelta(hours=rng.random() * 6)
            state_rows.append(state)
    simulated = time.perf_counter() - started - built
    with deck.transaction():
        deck.append_reviews(review_rows)
        deck.save_states(state_rows)
    deck.compact()
    deck.close()
    return {
        "cards": len(all_cards),
        "cards_with_history": len(state_rows),
        "reviews": len(review_rows),
        "build_s": built,
        "simulate_s": simulated,
        "total_s": time.perf_counter() - started,
    }


def median_of(runs: int, measure: Callable[[], float]) -> tuple[float, list[float]]:
    samples = [measure() for _ in range(runs)]
    return statistics.median(samples), samples


def upgrade(db: Path) -> float:
    """Open the deck once before timing anything: a deck made by an older flashforge upgrades here."""
    started = time.perf_counter()
    Deck.open(db).close()
    return time.perf_counter() - started


def measure(db: Path, runs: int) -> dict[str, object]:
    # Byte-compiled first, as `pip install` leaves it: with PYTHONDONTWRITEBYTECODE set (as on this
    # machine) every child would compile flashforge from source, which no installed copy does.
    compileall.compile_dir(Path(__file__).resolve().parents[1] / "flashforge", quiet=1)
    env = {**os.environ, "FLASHFORGE_NOW": NOW.isoformat(), "PYTHONUNBUFFERED": "1", "TZ": "UTC"}
    review_cmd = [*CLI, "--db", str(db), "review"]
    stats_cmd = [*CLI, "--db", str(db), "stats", "--format", "json"]
    time_child(IMPORT_ONLY, env=env, stdin_text="")  # warm the file cache
    baseline_runs, first_runs, stats_runs = [], [], []
    for _ in range(runs):  # interleaved: the machine's load moves all three alike
        baseline_runs.append(time_child(IMPORT_ONLY, env=env, stdin_text=""))
        first_runs.append(time_child(review_cmd, env=env, stdin_text="", until="done "))
        stats_runs.append(time_child(stats_cmd, env=env, stdin_text=""))
    baseline, first, stats_wall = (statistics.median(values) for values in (baseline_runs, first_runs, stats_runs))

    deck = Deck.open(db)
    local = NOW.astimezone(UTC)
    start = day_start(local, 4)
    t0 = time.perf_counter()
    day = load_day(
        deck,
        now=local,
        day_start=start,
        day_end=start + timedelta(days=1),
        deck_prefix=None,
        new_per_day=20,
        reviews_per_day=200,
    )
    load_day_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    stats.collect(deck, local, 4)
    collect_s = time.perf_counter() - t0
    deck.close()
    answers = measure_answers(db, [*day.review, *day.new][:200])
    return {
        "baseline_import_s": baseline,
        "baseline_runs": baseline_runs,
        "first_card_s": first,
        "first_card_runs": first_runs,
        "stats_s": stats_wall,
        "stats_runs": stats_runs,
        "load_day_s": load_day_s,
        "stats_collect_s": collect_s,
        "queue": {"learning": len(day.learning), "review": len(day.review), "new": len(day.new)},
        **answers,
    }


def measure_answers(db: Path, items: list[QueueCard]) -> dict[str, float | int]:
    """Answer timing on a copy of the deck, so that a kept deck stays as it was built (no answers today)."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / db.name
        shutil.copyfile(db, copy)
        descriptor = os.open(copy, os.O_RDONLY)
        try:  # written out now, not during the first answers' checkpoint (the kept deck is on disk too)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        deck = Deck.open(copy)
        try:
            return _time_answers(deck, items)
        finally:
            deck.close()


def _time_answers(deck: Deck, items: list[QueueCard]) -> dict[str, float | int]:
    scheduler = make_scheduler(ReviewSettings())
    answer_times: list[float] = []
    moment = NOW
    for item in items:
        after = answer(scheduler, item.state, 3, moment)
        t0 = time.perf_counter()
        deck.record_answer(item.state, after, 3, moment, 5000)
        answer_times.append(time.perf_counter() - t0)
        moment += timedelta(seconds=8)
    bare_times: list[float] = []
    for index in range(len(answer_times)):
        t0 = time.perf_counter()
        deck.set_meta("bench", str(index))  # one committed transaction with one small write
        bare_times.append(time.perf_counter() - t0)
    answer_times.sort()
    bare_times.sort()

    def pct(values: list[float], q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))]

    return {
        "answers": len(answer_times),
        "answer_median_ms": 1000 * statistics.median(answer_times),
        "answer_p95_ms": 1000 * pct(answer_times, 0.95),
        "answer_max_ms": 1000 * answer_times[-1],
        "bare_commit_median_ms": 1000 * statistics.median(bare_times),
        "bare_commit_p95_ms": 1000 * pct(bare_times, 0.95),
    }


def report(setup: dict[str, float], result: dict[str, object], db_size: int) -> str:
    def s(key: str) -> float:
        value = result[key]
        assert isinstance(value, float)
        return value

    base = s("baseline_import_s")
    lines = [
        "# Review speed (bench/review_bench.py)",
        "",
        f"Machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs.",
        f"Run: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}.",
        "",
        f"Deck: {setup['cards']:,} cards, {setup['cards_with_history']:,} of them introduced over a simulated year "
        f"(new cards in note order every day, every due card reviewed; recall drawn from FSRS's own prediction), "
        f"{setup['reviews']:,} reviews; {db_size / 1e6:.0f} MB. Built through Deck.apply_file in "
        f"{setup['build_s']:.1f} s, history simulated with the real scheduler in {setup['simulate_s']:.1f} s.",
        f"Today's queue: {result['queue']}.",
        "",
        "| measure | target | result (median) | baseline in the same run | ratio |",
        "|---|---|---|---|---|",
        f"| first card on screen (`flashforge review`, child process) | ≤ 0.5 s, ≤ 1.3× floor | "
        f"{s('first_card_s'):.3f} s | {base:.3f} s (`python -c 'import typer, rich.console'`) "
        f"| {s('first_card_s') / base:.2f}× |",
        f"| save one answer (`Deck.record_answer`, committed) | ≤ 20 ms | {s('answer_median_ms'):.2f} ms "
        f"(p95 {s('answer_p95_ms'):.2f}, max {s('answer_max_ms'):.2f}) | {s('bare_commit_median_ms'):.2f} ms "
        f"(one-row committed transaction) | {s('answer_median_ms') / s('bare_commit_median_ms'):.2f}× |",
        f"| `flashforge stats --format json` (child process) | ≤ 1 s | {s('stats_s'):.3f} s "
        f"| {base:.3f} s (the same floor) | {s('stats_s') / base:.2f}× |",
        "",
        f"In process: building today's queue (`review.day.load_day`) {1000 * s('load_day_s'):.0f} ms; "
        f"`stats.collect` {1000 * s('stats_collect_s'):.0f} ms. The floor is what any typer + rich CLI pays "
        "to start; the rest is ours. "
        f"Opened once before timing in {s('first_open_s'):.1f} s (a deck made by an older flashforge "
        "upgrades then, once); answers are timed on a copy, so a kept deck has no answers today.",
        "",
        "Raw samples (s): first card "
        + ", ".join(f"{v:.3f}" for v in result["first_card_runs"])  # type: ignore[attr-defined]
        + "; stats "
        + ", ".join(f"{v:.3f}" for v in result["stats_runs"])  # type: ignore[attr-defined]
        + "; floor "
        + ", ".join(f"{v:.3f}" for v in result["baseline_runs"])  # type: ignore[attr-defined]
        + ".",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--studied", type=float, default=0.3, help="Share of the cards introduced over the simulated year."
    )
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "review.md")
    parser.add_argument("--keep", type=Path, help="Build the deck here (or reuse it when it exists).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = args.keep or Path(folder) / "deck.db"
        setup_file = db.with_suffix(".setup.json")
        if args.keep and db.exists() and setup_file.exists():
            setup = json.loads(setup_file.read_text(encoding="utf-8"))
        else:
            setup = build_deck(db, args.cards, args.days, args.studied, random.Random(args.seed))
            setup_file.write_text(json.dumps(setup), encoding="utf-8")
        print(json.dumps(setup), flush=True)
        opened = upgrade(db)
        result = {**measure(db, args.runs), "first_open_s": opened}
        print(json.dumps(result), flush=True)
        text = report(setup, result, db.stat().st_size)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    temporary = args.out.with_suffix(".md.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, args.out)
    print(text)


if __name__ == "__main__":
    main()
