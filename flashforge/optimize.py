"""Fitting and scoring FSRS parameters on a review log.

Pure: review rows in, numbers out (no deck, no clock, no terminal).

- :func:`card_histories` groups the log by card in time order.
- :func:`training_items` turns the histories into the optimizer's items
  (one per review that comes a whole day or more after the previous review of
  its card, with everything before it as history).
- :func:`fit_parameters` runs the optimizer (the ``fsrs-rs-python`` package, no
  torch) and returns 21 FSRS-6 parameters the ``fsrs`` scheduler accepts.
- :func:`predict_recall` replays the log through an ``fsrs.Scheduler`` and
  records the recall probability it predicted before each scored review;
  :func:`score` measures those predictions the way the public srs-benchmark
  does: log loss, RMSE over bins, AUC.

"A day" is what the ``fsrs`` scheduler counts: whole 24-hour periods since the
previous review. Reviews closer together than that are short-term steps: they
update the memory state during replay and training, but are never scored.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import fsrs
from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from .errors import FlashforgeError

if TYPE_CHECKING:  # imported lazily at run time, so that a missing optimizer is a message
    from fsrs_rs_python import FSRSItem, FSRSReview

PARAMETER_COUNT = len(fsrs.scheduler.DEFAULT_PARAMETERS)
DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs.scheduler.DEFAULT_PARAMETERS)

# Below these the optimizer would mostly fit noise; Anki refuses for the same reason.
MIN_REVIEWS = 100
MIN_TRAINING_ITEMS = 50
MIN_CARDS_WITH_HISTORY = 10

# A card id for replay: fsrs.Card() without one reads the clock and sleeps 1 ms.
_REPLAY_CARD_ID = 0
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class OptimizeError(FlashforgeError, ValueError):
    """The log cannot be fitted (too few reviews, optimizer missing or failing)."""


@dataclass(frozen=True)
class LoggedReview:
    """One answer from the review log."""

    card_id: str
    rating: int  # 1 Again, 2 Hard, 3 Good, 4 Easy
    reviewed_at: datetime  # timezone-aware


@dataclass(frozen=True)
class ScoredReview:
    """A review that can be scored: it came a whole day or more after the previous one.

    ``index`` (1-based position in the card's history) and ``lapses`` (earlier
    long-term Again answers) are the srs-benchmark's binning features.
    """

    card_id: str
    reviewed_at: datetime
    recalled: bool
    elapsed_days: int
    index: int
    lapses: int


@dataclass(frozen=True)
class Prediction:
    review: ScoredReview
    recall: float  # predicted probability of recall


@dataclass(frozen=True)
class Score:
    log_loss: float
    rmse_bins: float
    auc: float
    count: int


@dataclass(frozen=True)
class LogSummary:
    reviews: int
    cards: int
    cards_with_history: int  # cards with two or more reviews
    training_items: int  # reviews a day or more after the previous one


# -- the log -----------------------------------------------------------------


def elapsed_days(earlier: datetime, later: datetime) -> int:
    """Whole days between two reviews, counted as ``fsrs.Scheduler`` counts them."""
    return max(0, (later - earlier).days)


def card_histories(reviews: Iterable[LoggedReview]) -> dict[str, list[LoggedReview]]:
    """Each card's reviews in time order (ties keep log order)."""
    histories: dict[str, list[LoggedReview]] = {}
    for review in reviews:
        histories.setdefault(review.card_id, []).append(review)
    for history in histories.values():
        history.sort(key=lambda review: review.reviewed_at)
    return histories


def scored_reviews(histories: Mapping[str, Sequence[LoggedReview]]) -> list[ScoredReview]:
    """The reviews a model is judged on, in time order."""
    scored: list[ScoredReview] = []
    for card_id, history in histories.items():
        lapses = 0
        for position in range(1, len(history)):
            review = history[position]
            days = elapsed_days(history[position - 1].reviewed_at, review.reviewed_at)
            if days < 1:
                continue
            scored.append(ScoredReview(card_id, review.reviewed_at, review.rating > 1, days, position + 1, lapses))
            if review.rating == 1:
                lapses += 1
    scored.sort(key=lambda item: item.reviewed_at)
    return scored


def summarize(reviews: Sequence[LoggedReview]) -> LogSummary:
    histories = card_histories(reviews)
    return LogSummary(
        reviews=len(reviews),
        cards=len(histories),
        cards_with_history=sum(1 for history in histories.values() if len(history) >= 2),
        training_items=len(scored_reviews(histories)),
    )


def too_few_reasons(summary: LogSummary) -> str | None:
    """Why the log is too small to fit, or None when it is big enough."""
    if summary.reviews < MIN_REVIEWS:
        return f"{summary.reviews} reviews in the log; fitting needs at least {MIN_REVIEWS}"
    if summary.cards_with_history < MIN_CARDS_WITH_HISTORY:
        return (
            f"only {summary.cards_with_history} cards have two or more reviews; "
            f"fitting needs at least {MIN_CARDS_WITH_HISTORY}"
        )
    if summary.training_items < MIN_TRAINING_ITEMS:
        return (
            f"only {summary.training_items} reviews came a day or more after the previous one; "
            f"fitting needs at least {MIN_TRAINING_ITEMS}"
        )
    return None


# -- fitting -------------------------------------------------------------------


def training_items(reviews: Iterable[LoggedReview]) -> list[FSRSItem]:
    """The optimizer's items (``fsrs_rs_python.FSRSItem``), oldest label first.

    Each item is one card's history up to and including a review that came a
    whole day or more after the previous one; that last review is the label.
    """
    from fsrs_rs_python import FSRSItem, FSRSReview

    dated: list[tuple[datetime, FSRSItem]] = []
    for history in card_histories(reviews).values():
        steps: list[FSRSReview] = []
        previous: datetime | None = None
        for review in history:
            days = 0 if previous is None else elapsed_days(previous, review.reviewed_at)
            steps.append(FSRSReview(review.rating, days))
            if previous is not None and days >= 1:
                dated.append((review.reviewed_at, FSRSItem(list(steps))))
            previous = review.reviewed_at
    dated.sort(key=lambda pair: pair[0])
    return [item for _, item in dated]


def clamp_parameters(parameters: Sequence[float]) -> tuple[float, ...]:
    """Keep fitted values inside the bounds ``fsrs.Scheduler`` validates against."""
    if len(parameters) != PARAMETER_COUNT:
        raise OptimizeError(f"the optimizer returned {len(parameters)} parameters, expected {PARAMETER_COUNT}")
    return tuple(
        min(max(float(value), low), high)
        for value, low, high in zip(parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
    )


def fit_parameters(reviews: Sequence[LoggedReview], *, relearning_steps: int = 1) -> tuple[float, ...]:
    """FSRS-6 parameters fitted to ``reviews`` (all of them: pass only the past to test honestly)."""
    try:
        from fsrs_rs_python import DEFAULT_PARAMETERS as RS_DEFAULTS
        from fsrs_rs_python import FSRS
    except ImportError as error:  # pragma: no cover - a dependency of flashforge
        raise OptimizeError("the optimizer is not installed; run: pip install fsrs-rs-python") from error
    reason = too_few_reasons(summarize(reviews))
    if reason is not None:
        raise OptimizeError(reason)
    items = training_items(reviews)
    try:
        fitted = FSRS(list(RS_DEFAULTS)).compute_parameters(
            items, enable_short_term=True, num_relearning_steps=relearning_steps
        )
    except Exception as error:  # the Rust optimizer raises plain exceptions with its own message
        raise OptimizeError(f"the optimizer failed: {error}") from error
    return clamp_parameters(fitted)


# -- predicting ----------------------------------------------------------------


def predict_recall(
    histories: Mapping[str, Sequence[LoggedReview]], scheduler: fsrs.Scheduler
) -> dict[tuple[str, int], float]:
    """Replay every card through ``scheduler``; predicted recall keyed by (card id, 1-based index).

    Only reviews a whole day or more after the previous one get a prediction.
    """
    # Fuzz moves only the due date, never stability: switch it off so replay
    # neither depends on nor disturbs the global random generator.
    scheduler = copy.copy(scheduler)
    scheduler.enable_fuzzing = False
    predicted: dict[tuple[str, int], float] = {}
    for card_id, history in histories.items():
        card = fsrs.Card(card_id=_REPLAY_CARD_ID, due=_EPOCH)
        previous: datetime | None = None
        for position, review in enumerate(history):
            moment = review.reviewed_at.astimezone(UTC)
            if previous is not None and elapsed_days(previous, moment) >= 1:
                predicted[(card_id, position + 1)] = scheduler.get_card_retrievability(card, moment)
            card, _ = scheduler.review_card(card, fsrs.Rating(review.rating), moment)
            previous = moment
    return predicted


def predictions_for(scored: Iterable[ScoredReview], predicted: Mapping[tuple[str, int], float]) -> list[Prediction]:
    return [Prediction(review, predicted[(review.card_id, review.index)]) for review in scored]


# -- metrics (as the srs-benchmark computes them) -------------------------------

_CLIP = 1e-15


def log_loss(recalled: Sequence[bool], recall: Sequence[float]) -> float:
    """Mean negative log-likelihood of the outcomes (natural log)."""
    if not recalled:
        return math.nan
    total = 0.0
    for outcome, probability in zip(recalled, recall, strict=True):
        p = min(max(probability, _CLIP), 1 - _CLIP)
        total -= math.log(p) if outcome else math.log(1 - p)
    return total / len(recalled)


def _bin(value: float, base: float, scale: float, digits: int) -> float:
    return round(scale * base ** math.floor(math.log(value) / math.log(base)), digits)


def rmse_bin(review: ScoredReview) -> tuple[float, float, float]:
    """The srs-benchmark's bin: (lapses, elapsed days, review index), each on a log scale."""
    lapses = _bin(review.lapses, 1.73, 1.65, 0) if review.lapses else 0.0
    return (lapses, _bin(review.elapsed_days, 3.62, 2.48, 2), _bin(review.index, 1.89, 1.99, 0))


def rmse_bins(predictions: Sequence[Prediction]) -> float:
    """RMSE between mean outcome and mean prediction per bin, weighted by the bin's size."""
    if not predictions:
        return math.nan
    sums: dict[tuple[float, float, float], list[float]] = {}
    for prediction in predictions:
        bucket = sums.setdefault(rmse_bin(prediction.review), [0.0, 0.0, 0.0])
        bucket[0] += prediction.review.recalled
        bucket[1] += prediction.recall
        bucket[2] += 1
    squared = sum(count * (outcomes / count - recall / count) ** 2 for outcomes, recall, count in sums.values())
    return math.sqrt(squared / len(predictions))


def auc(recalled: Sequence[bool], recall: Sequence[float]) -> float:
    """Area under the ROC curve (Mann-Whitney, ties counted half); NaN with one class only."""
    positives = sum(1 for outcome in recalled if outcome)
    negatives = len(recalled) - positives
    if positives == 0 or negatives == 0:
        return math.nan
    order = sorted(range(len(recall)), key=lambda i: recall[i])
    rank_sum = 0.0
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and recall[order[end + 1]] == recall[order[start]]:
            end += 1
        average_rank = (start + end) / 2 + 1
        rank_sum += average_rank * sum(1 for i in order[start : end + 1] if recalled[i])
        start = end + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def score(predictions: Sequence[Prediction]) -> Score:
    recalled = [prediction.review.recalled for prediction in predictions]
    recall = [prediction.recall for prediction in predictions]
    return Score(log_loss(recalled, recall), rmse_bins(predictions), auc(recalled, recall), len(predictions))


def score_parameters(reviews: Sequence[LoggedReview], scheduler: fsrs.Scheduler) -> Score:
    """How well ``scheduler`` predicts the log it replays (every scored review)."""
    histories = card_histories(reviews)
    return score(predictions_for(scored_reviews(histories), predict_recall(histories, scheduler)))


def logged_reviews(rows: Iterable[Sequence[object]]) -> tuple[list[LoggedReview], int]:
    """Review log rows ``(card_id, rating, reviewed_at ISO 8601)`` -> reviews, and how many rows were unusable."""
    reviews: list[LoggedReview] = []
    skipped = 0
    for card_id, rating, reviewed_at in rows:
        if not isinstance(rating, int) or not 1 <= rating <= 4 or not isinstance(reviewed_at, str):
            skipped += 1
            continue
        try:
            moment = datetime.fromisoformat(reviewed_at)
        except ValueError:
            skipped += 1
            continue
        moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
        reviews.append(LoggedReview(str(card_id), rating, moment))
    return reviews, skipped


def rounded(parameters: Sequence[float], digits: int = 4) -> tuple[float, ...]:
    """Parameters as stored and shown: 4 decimals (bounds have at most 4, so rounding never crosses one)."""
    return tuple(round(value, digits) for value in parameters)
