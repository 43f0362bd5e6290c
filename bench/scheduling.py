"""Scheduling quality: how well each model predicts recall on a real review log.

Replays ``shared/data/review_logs_sample.csv`` (12,580 Anki reviews of one
learner) in time order and scores the recall probability each model predicted
for every review that came a whole day or more after the previous review of
the same card, the way the public srs-benchmark does: log loss, RMSE over bins,
AUC.

The scored reviews are split by time into ``folds + 1`` equal parts (like
scikit-learn's TimeSeriesSplit); every model is scored on the same last
``folds`` parts. Models that learn from data (the average, the fitted FSRS
parameters) are trained, for each part, only on reviews before the part began.

Models:

- AVG: the mean recall of the scored reviews before the cut, predicted for all.
- SM-2: Anki's SM-2 rule replayed on the card's long-term reviews; its interval
  stands for the time at which recall is 90 % (the srs-benchmark's proxy:
  p = 0.9 ** (elapsed / interval)).
- FSRS-6 default: the reference implementation (fsrs-rs) with default parameters.
- flashforge: the ``fsrs`` scheduler exactly as ``flashforge review`` builds it
  (``make_scheduler`` with the default settings: learning steps 1 and 10 min,
  relearning 10 min), replayed with ``Scheduler.review_card``.
- flashforge optimized: the same scheduler with parameters fitted by
  ``flashforge optimize`` on the reviews before each cut.

Run by hand (results go in bench/results/scheduling.md)::

    /work/venv/bin/python bench/scheduling.py
    /work/venv/bin/python bench/scheduling.py --folds 5 --log tests/data/review_logs_sample.csv
"""

from __future__ import annotations

import argparse
import csv
import itertools
import math
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from fsrs_rs_python import DEFAULT_PARAMETERS as RS_DEFAULT_PARAMETERS
from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from flashforge.config import ConfigError, ReviewSettings, load_settings
from flashforge.optimize import (
    LoggedReview,
    Prediction,
    Score,
    ScoredReview,
    card_histories,
    elapsed_days,
    fit_parameters,
    predict_recall,
    score,
    scored_reviews,
)
from flashforge.schedule import make_scheduler

REPO = Path(__file__).resolve().parents[1]
SAMPLE_LOG = REPO / "tests" / "data" / "review_logs_sample.csv"  # vendored from ../shared/data with its licence
SM2_MAX_INTERVAL = 36500  # days, the srs-benchmark's s_max

Histories = Mapping[str, Sequence[LoggedReview]]
Predicted = dict[tuple[str, int], float]


def read_log(path: Path, limit: int | None = None) -> list[LoggedReview]:
    """The sample's rows (card_id, review_rating, review_time, review_duration), first ``limit`` only."""
    reviews: list[LoggedReview] = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if limit is not None and len(reviews) >= limit:
                break
            moment = datetime.fromisoformat(row["review_time"])
            moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
            reviews.append(LoggedReview(row["card_id"], int(row["review_rating"]), moment))
    return reviews


@dataclass(frozen=True)
class Fold:
    cut: datetime  # train on reviews strictly before, score the test part
    test: list[ScoredReview]


def time_folds(scored: Sequence[ScoredReview], folds: int) -> list[Fold]:
    """TimeSeriesSplit: ``folds + 1`` equal parts by time, each of the last ``folds`` parts a test set."""
    size = len(scored) // (folds + 1)
    if size == 0:
        raise ValueError(f"{len(scored)} scored reviews are too few for {folds} folds")
    parts: list[Fold] = []
    for k in range(folds):
        start = len(scored) - (folds - k) * size
        test = list(scored[start : start + size])
        parts.append(Fold(test[0].reviewed_at, test))
    return parts


# -- models: each returns predictions for the folds' test reviews -------------


def average_baseline(
    reviews: Sequence[LoggedReview], scored: Sequence[ScoredReview], folds: Sequence[Fold]
) -> list[Prediction]:
    predictions: list[Prediction] = []
    for fold in folds:
        past = [review.recalled for review in scored if review.reviewed_at < fold.cut]
        mean = sum(past) / len(past) if past else 0.9
        predictions += [Prediction(review, mean) for review in fold.test]
    return predictions


def sm2_interval(ratings: Sequence[int]) -> float:
    """Anki's SM-2 (as the srs-benchmark writes it): the interval after these long-term answers."""
    interval = 0.0
    ease = 2.5
    repetitions = 0
    for rating in ratings:
        quality = rating + 1  # Anki's 1–4 onto SM-2's 0–5 scale: Again=2, Hard=3, Good=4, Easy=5
        if quality > 2:
            if repetitions == 0:
                interval, repetitions = 1, 1
            elif repetitions == 1:
                interval, repetitions = 6, 2
            else:
                interval, repetitions = interval * ease, repetitions + 1
        else:
            interval, repetitions = 1, 0
        ease = max(1.3, ease + (0.1 - (5 - quality) * (0.08 + (5 - quality) * 0.02)))
        interval = min(max(1, round(interval + 0.01)), SM2_MAX_INTERVAL)
    return float(interval)


def sm2_predictions(histories: Histories) -> Predicted:
    predicted: Predicted = {}
    for card_id, history in histories.items():
        long_term = [history[0].rating]  # the first answer, then answers a day or more apart
        for position in range(1, len(history)):
            days = elapsed_days(history[position - 1].reviewed_at, history[position].reviewed_at)
            if days < 1:
                continue
            predicted[(card_id, position + 1)] = 0.9 ** (days / sm2_interval(long_term))
            long_term.append(history[position].rating)
    return predicted


def fsrs_rs_predictions(histories: Histories, parameters: Sequence[float]) -> Predicted:
    """The reference FSRS-6 (fsrs-rs): memory state after each review, recall from the forgetting curve."""
    model = FSRS(list(parameters))
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    predicted: Predicted = {}
    for card_id, history in histories.items():
        steps = [FSRSReview(history[0].rating, 0)]
        steps += [
            FSRSReview(review.rating, elapsed_days(before.reviewed_at, review.reviewed_at))
            for before, review in itertools.pairwise(history)
        ]
        states = model.historical_memory_states(FSRSItem(steps))
        for position in range(1, len(history)):
            days = elapsed_days(history[position - 1].reviewed_at, history[position].reviewed_at)
            if days >= 1:
                predicted[(card_id, position + 1)] = (1 + factor * days / states[position - 1].stability) ** decay
    return predicted


def flashforge_predictions(
    histories: Histories, settings: ReviewSettings, parameters: Sequence[float] | None
) -> Predicted:
    return predict_recall(histories, make_scheduler(settings, parameters))


def on_folds(folds: Sequence[Fold], predicted: Predicted) -> list[Prediction]:
    return [Prediction(review, predicted[(review.card_id, review.index)]) for fold in folds for review in fold.test]


@dataclass
class Result:
    name: str
    score: Score
    seconds: float
    per_fold: list[Score]


@dataclass
class Report:
    reviews: int
    cards: int
    scored: int
    tested: int
    folds: list[Fold]
    results: list[Result]
    fitted: list[tuple[float, ...]]  # parameters fitted for each fold


def run(reviews: Sequence[LoggedReview], folds: int = 5, settings: ReviewSettings | None = None) -> Report:
    """Score every model on the same time-ordered test parts of ``reviews``.

    ``settings`` are flashforge's review settings (default: as shipped); the
    flashforge rows build their scheduler from them exactly as the review loop does.
    """
    settings = settings or ReviewSettings()
    histories = card_histories(reviews)
    scored = scored_reviews(histories)
    parts = time_folds(scored, folds)
    results: list[Result] = []
    fitted: list[tuple[float, ...]] = []
    # make_scheduler prefers flashforge.toml's parameters; the fitted ones must win here.
    fitted_settings = replace(settings, parameters=())

    def timed(name: str, predict: Callable[[], list[Prediction]]) -> None:
        start = time.perf_counter()
        predictions = predict()
        seconds = time.perf_counter() - start
        per_fold: list[Score] = []
        offset = 0
        for fold in parts:  # predictions come fold after fold
            per_fold.append(score(predictions[offset : offset + len(fold.test)]))
            offset += len(fold.test)
        results.append(Result(name, score(predictions), seconds, per_fold))

    def optimized() -> list[Prediction]:
        predictions: list[Prediction] = []
        for fold in parts:
            past = [review for review in reviews if review.reviewed_at < fold.cut]
            parameters = fit_parameters(past, relearning_steps=len(settings.relearning_steps_minutes))
            fitted.append(parameters)
            predictions += on_folds([fold], flashforge_predictions(histories, fitted_settings, parameters))
        return predictions

    timed("AVG (mean recall of the past)", lambda: average_baseline(reviews, scored, parts))
    timed("SM-2 (Anki's rule, R = 0.9^(t/interval))", lambda: on_folds(parts, sm2_predictions(histories)))
    timed(
        "FSRS-6 default (fsrs-rs reference)",
        lambda: on_folds(parts, fsrs_rs_predictions(histories, RS_DEFAULT_PARAMETERS)),
    )
    configured = "flashforge.toml parameters" if settings.parameters else "FSRS-6 defaults"
    timed(
        f"flashforge (as configured: {configured})",
        lambda: on_folds(parts, flashforge_predictions(histories, settings, None)),
    )
    timed("flashforge optimized (fitted on the past only)", optimized)
    return Report(len(reviews), len(histories), len(scored), sum(len(f.test) for f in parts), parts, results, fitted)


def render(report: Report, source: str) -> str:
    lines = [
        f"Log: {source}: {report.reviews:,} reviews of {report.cards:,} cards; "
        f"{report.scored:,} came a day or more after the previous review of their card.",
        f"Scored: the last {len(report.folds)} of {len(report.folds) + 1} time-ordered parts, "
        f"{report.tested:,} reviews from {report.folds[0].cut:%Y-%m-%d} on.",
        "",
        "| model | log loss ↓ | RMSE (bins) ↓ | AUC ↑ | seconds |",
        "|---|---:|---:|---:|---:|",
    ]
    for result in report.results:
        s = result.score
        lines.append(f"| {result.name} | {s.log_loss:.4f} | {s.rmse_bins:.4f} | {s.auc:.4f} | {result.seconds:.2f} |")
    lines += [
        "",
        "Log loss per test part (each fitted on the reviews before it):",
        "",
        "| model | " + " | ".join(f"from {fold.cut:%m-%d} (n={len(fold.test)})" for fold in report.folds) + " |",
        "|---|" + "---:|" * len(report.folds),
    ]
    for result in report.results:
        lines.append(
            f"| {result.name.split(' (')[0]} | " + " | ".join(f"{s.log_loss:.4f}" for s in result.per_fold) + " |"
        )
    by_name = {result.name.split(" (")[0]: result.score for result in report.results}
    reference, default, optimized = by_name["FSRS-6 default"], by_name["flashforge"], by_name["flashforge optimized"]
    default_ok = default.log_loss <= reference.log_loss + 1e-4 and default.rmse_bins <= reference.rmse_bins + 1e-4
    optimized_ok = optimized.log_loss < default.log_loss and optimized.rmse_bins < default.rmse_bins
    lines += [
        "",
        f"- flashforge default at least as good as FSRS-6 default (log loss and RMSE, within 1e-4): "
        f"{'yes' if default_ok else 'NO'}",
        f"- optimized parameters beat flashforge default on log loss and RMSE: {'yes' if optimized_ok else 'NO'} "
        f"(log loss {default.log_loss - optimized.log_loss:+.4f} better, "
        f"RMSE {default.rmse_bins - optimized.rmse_bins:+.4f} better)",
    ]
    if report.fitted:
        last = ", ".join(f"{value:.4f}" for value in report.fitted[-1])
        lines += ["", f"Parameters fitted for the last part: [{last}]"]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--log", type=Path, default=SAMPLE_LOG, help="review log CSV (default: the vendored sample)")
    parser.add_argument("--folds", type=int, default=5, help="time-ordered test parts (default 5)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N rows of the log")
    parser.add_argument(
        "--project",
        type=Path,
        default=None,
        help="take [review] settings from PROJECT/flashforge.toml (default: shipped)",
    )
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.project).review if args.project else ReviewSettings()
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not args.log.is_file():
        print(f"error: {args.log}: no such review log; pass --log PATH", file=sys.stderr)
        return 2
    report = run(read_log(args.log, args.limit), args.folds, settings)
    print(render(report, args.log.name))
    return 0 if all(math.isfinite(result.score.log_loss) for result in report.results) else 1


if __name__ == "__main__":
    sys.exit(main())
