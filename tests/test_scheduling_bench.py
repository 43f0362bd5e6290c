"""The scheduling benchmark: metrics checked on hand-computed cases, and a replay of a slice of the real log."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from bench.scheduling import SAMPLE_LOG, read_log, render, run, sm2_interval, time_folds
from flashforge.optimize import (
    LoggedReview,
    Prediction,
    ScoredReview,
    auc,
    card_histories,
    log_loss,
    rmse_bin,
    rmse_bins,
    scored_reviews,
)

T0 = datetime(2024, 3, 1, 20, 0, tzinfo=UTC)


def scored(elapsed: int, index: int = 2, lapses: int = 0, recalled: bool = True) -> ScoredReview:
    return ScoredReview("c", T0, recalled, elapsed, index, lapses)


def test_log_loss_by_hand() -> None:
    expected = -(math.log(0.8) + math.log(1 - 0.4)) / 2
    assert log_loss([True, False], [0.8, 0.4]) == pytest.approx(expected)
    assert log_loss([True, False], [0.8, 0.4]) == pytest.approx(0.3669845, abs=1e-6)
    # a certain, wrong prediction is clipped, not infinite
    assert math.isfinite(log_loss([False], [1.0]))


def test_auc_by_hand() -> None:
    # positives 0.9, 0.4; negatives 0.6, 0.1: 3 of 4 pairs ordered right
    assert auc([True, True, False, False], [0.9, 0.4, 0.6, 0.1]) == pytest.approx(0.75)
    assert auc([True, False], [0.5, 0.5]) == pytest.approx(0.5)  # a tie counts half
    assert auc([True, False, True], [0.2, 0.1, 0.3]) == pytest.approx(1.0)
    assert math.isnan(auc([True, True], [0.2, 0.3]))


def test_bins_follow_the_srs_benchmark() -> None:
    # (lapses, elapsed days, index) each on its log scale
    assert rmse_bin(scored(1, index=1)) == (0.0, 2.48, 2.0)
    assert rmse_bin(scored(3, index=2)) == (0.0, 2.48, 4.0)
    assert rmse_bin(scored(4, index=2, lapses=1)) == (2.0, 8.98, 4.0)
    assert rmse_bin(scored(14, index=4, lapses=2)) == (3.0, 32.5, 7.0)


def test_rmse_bins_by_hand() -> None:
    predictions = [
        Prediction(scored(1, recalled=True), 0.9),  # same bin: mean outcome 0.5, mean prediction 0.8
        Prediction(scored(2, recalled=False), 0.7),
        Prediction(scored(10, recalled=True), 0.6),  # own bin: 1 against 0.6
    ]
    expected = math.sqrt((2 * 0.3**2 + 1 * 0.4**2) / 3)
    assert rmse_bins(predictions) == pytest.approx(expected)


def test_scored_reviews_skip_same_day_and_count_long_term_lapses() -> None:
    log = [
        LoggedReview("a", 1, T0),
        LoggedReview("a", 3, T0 + timedelta(minutes=10)),  # same day: a step, not scored
        LoggedReview("a", 1, T0 + timedelta(days=2)),  # scored, a lapse
        LoggedReview("a", 3, T0 + timedelta(days=2, minutes=10)),
        LoggedReview("a", 3, T0 + timedelta(days=3, hours=23)),  # 1 whole day after the previous one
        LoggedReview("b", 3, T0 + timedelta(hours=1)),
        LoggedReview("b", 3, T0 + timedelta(hours=23)),  # 22 hours later: not a day
    ]
    result = scored_reviews(card_histories(log))
    assert [(r.card_id, r.index, r.elapsed_days, r.lapses, r.recalled) for r in result] == [
        ("a", 3, 1, 0, False),
        ("a", 5, 1, 1, True),
    ]


def test_sm2_interval_follows_anki_sm2() -> None:
    assert sm2_interval([3]) == 1
    assert sm2_interval([3, 3]) == 6
    assert sm2_interval([3, 3, 3]) == 15  # ease stays 2.5 on Good
    assert sm2_interval([3, 3, 3, 1]) == 1
    assert sm2_interval([3, 3, 1, 3, 3, 3]) == round(6 * (2.5 - 0.32))  # Again cost 0.32 ease


def test_time_folds_are_equal_parts_in_time_order() -> None:
    items = [ScoredReview("c", T0 + timedelta(days=i), True, 1, 2, 0) for i in range(13)]
    folds = time_folds(items, 3)
    assert [len(fold.test) for fold in folds] == [3, 3, 3]
    assert [fold.cut for fold in folds] == [T0 + timedelta(days=d) for d in (4, 7, 10)]


def test_replay_of_a_slice_of_the_real_log() -> None:
    reviews = read_log(SAMPLE_LOG, limit=4000)
    assert len(reviews) == 4000
    report = run(reviews, folds=2)
    names = [result.name.split(" (")[0] for result in report.results]
    assert names == ["AVG", "SM-2", "FSRS-6 default", "flashforge", "flashforge optimized"]
    for result in report.results:
        assert result.score.count == report.tested > 100
        assert 0 < result.score.log_loss < 1
        assert 0 <= result.score.rmse_bins < 0.5
        assert 0 <= result.score.auc <= 1
    scores = {name: result.score for name, result in zip(names, report.results, strict=True)}
    # flashforge's replay through the fsrs package matches the reference implementation
    assert scores["flashforge"].log_loss == pytest.approx(scores["FSRS-6 default"].log_loss, abs=1e-3)
    assert scores["flashforge"].log_loss < scores["AVG"].log_loss
    assert len(report.fitted) == 2 and all(len(p) == 21 for p in report.fitted)
    assert "| flashforge optimized" in render(report, "slice")
