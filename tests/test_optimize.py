"""Fitting FSRS parameters: the pure core and `flashforge optimize` on real deck files."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
import pytest
import typer
from typer.testing import CliRunner

from flashforge.commands import optimize as optimize_commands
from flashforge.config import ReviewSettings, load_settings
from flashforge.optimize import (
    DEFAULT_PARAMETERS,
    LoggedReview,
    OptimizeError,
    card_histories,
    clamp_parameters,
    fit_parameters,
    logged_reviews,
    predict_recall,
    summarize,
    too_few_reasons,
    training_items,
)
from flashforge.schedule import make_scheduler
from flashforge.store import Deck, ReviewRow

# Vendored with its licence and source (tests/data/README.md): the tests need nothing outside the clone.
SAMPLE = Path(__file__).resolve().parent / "data" / "review_logs_sample.csv"
T0 = datetime(2024, 3, 1, 20, 0, tzinfo=UTC)
META = "fsrs_parameters"


def sample_rows(limit: int) -> list[tuple[str, int, str]]:
    with SAMPLE.open(newline="", encoding="utf-8") as handle:
        rows = [(r["card_id"], int(r["review_rating"]), r["review_time"]) for r in csv.DictReader(handle)]
    return rows[:limit]


def sample_reviews(limit: int) -> list[LoggedReview]:
    reviews, skipped = logged_reviews(sample_rows(limit))
    assert skipped == 0
    return reviews


# -- the core ----------------------------------------------------------------


def test_training_items_one_per_review_a_day_or_more_after_the_previous() -> None:
    log = [
        LoggedReview("a", 3, T0),
        LoggedReview("a", 3, T0 + timedelta(minutes=10)),
        LoggedReview("a", 3, T0 + timedelta(days=1, hours=1)),
        LoggedReview("a", 1, T0 + timedelta(days=5)),
        LoggedReview("b", 3, T0),
        LoggedReview("b", 3, T0 + timedelta(hours=20)),
    ]
    items = training_items(log)
    # a: the day-1 review (history of 3) and the day-5 review (history of 4); b has none
    assert [len(item.reviews) for item in items] == [3, 4]
    assert [item.long_term_review_cnt() for item in items] == [1, 2]


def test_predicted_recall_is_the_schedulers_forgetting_curve() -> None:
    scheduler = make_scheduler(ReviewSettings(), None)
    log = [LoggedReview("a", 3, T0), LoggedReview("a", 3, T0 + timedelta(days=3, hours=5))]
    predicted = predict_recall(card_histories(log), scheduler)
    stability = DEFAULT_PARAMETERS[2]  # initial stability after Good
    decay = -DEFAULT_PARAMETERS[20]
    factor = 0.9 ** (1 / decay) - 1
    assert predicted == {("a", 2): pytest.approx((1 + factor * 3 / stability) ** decay)}


def test_fit_on_real_reviews_gives_parameters_the_scheduler_accepts() -> None:
    reviews = sample_reviews(4000)
    fitted = fit_parameters(reviews)
    assert len(fitted) == 21
    assert fitted != DEFAULT_PARAMETERS
    fsrs.Scheduler(parameters=fitted)  # raises when out of bounds
    assert fit_parameters(reviews) == fitted  # seeded: the same log gives the same fit


def test_too_few_reviews_is_refused_with_the_reason() -> None:
    reviews = sample_reviews(60)
    reason = too_few_reasons(summarize(reviews))
    assert reason is not None and "60 reviews" in reason and "100" in reason
    with pytest.raises(OptimizeError, match="at least 100"):
        fit_parameters(reviews)
    # many reviews, but all on the same day: nothing to learn forgetting from
    same_day = [LoggedReview(f"c{i % 30}", 3, T0 + timedelta(minutes=i)) for i in range(200)]
    reason = too_few_reasons(summarize(same_day))
    assert reason is not None and "day or more" in reason


def test_clamp_keeps_parameters_inside_the_schedulers_bounds() -> None:
    wild = list(DEFAULT_PARAMETERS)
    wild[0], wild[20] = -3.0, 5.0
    clamped = clamp_parameters(wild)
    fsrs.Scheduler(parameters=clamped)
    assert clamped[1:20] == DEFAULT_PARAMETERS[1:20]
    with pytest.raises(OptimizeError):
        clamp_parameters([1.0, 2.0])


def test_unusable_log_rows_are_counted_not_fatal() -> None:
    rows = [("a", 3, "2024-03-01T20:00:00+00:00"), ("a", 5, "2024-03-02T20:00:00+00:00"), ("a", 3, "yesterday")]
    reviews, skipped = logged_reviews(rows)
    assert [r.rating for r in reviews] == [3] and skipped == 2
    assert reviews[0].reviewed_at == T0


# -- the command -----------------------------------------------------------------


def app_with_optimize() -> typer.Typer:
    """The optimize command on its own, with settings from the current folder as the real app reads them."""
    app = typer.Typer()

    @app.callback()
    def root(ctx: typer.Context) -> None:
        ctx.obj = load_settings()

    optimize_commands.register(app)
    return app


def deck_with_reviews(folder: Path, rows: list[tuple[str, int, str]], undone: bool = False) -> Path:
    path = folder / "cards" / "deck.db"
    deck = Deck.open(path)
    deck.append_reviews(ReviewRow(card_id, rating, reviewed_at, undone=undone) for card_id, rating, reviewed_at in rows)
    deck.close()
    return path


def meta(path: Path) -> str | None:
    deck = Deck.open(path)
    try:
        return deck.get_meta(META)
    finally:
        deck.close()


def invoke(*args: str) -> typer.testing.Result:
    return CliRunner().invoke(app_with_optimize(), ["optimize", *args])


def test_optimize_fits_saves_and_then_keeps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = deck_with_reviews(tmp_path, sample_rows(4000))

    dry = invoke("--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "current (FSRS-6 defaults)" in dry.output and "fitted" in dry.output
    assert "not saved" in dry.output
    assert meta(db) is None

    saved = invoke()
    assert saved.exit_code == 0, saved.output
    stored = json.loads(meta(db) or "null")
    assert isinstance(stored, list) and len(stored) == 21
    make_scheduler(ReviewSettings(), stored)  # the review loop can use them
    rows = [line for line in saved.output.splitlines() if line.startswith(("current (", "fitted  "))]
    old_loss, new_loss = (float(row.split()[-3]) for row in rows)
    assert new_loss < old_loss

    again = invoke()
    assert again.exit_code == 0, again.output
    assert "current (fitted earlier)" in again.output and "nothing changed" in again.output
    assert json.loads(meta(db) or "null") == stored


def test_reset_forgets_fitted_parameters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = deck_with_reviews(tmp_path, [])
    deck = Deck.open(db)
    deck.set_meta(META, json.dumps(list(DEFAULT_PARAMETERS)))
    deck.close()

    dry = invoke("--reset", "--dry-run")
    assert dry.exit_code == 0 and "Would remove" in dry.output
    assert meta(db) is not None
    done = invoke("--reset")
    assert done.exit_code == 0 and "Removed" in done.output
    assert meta(db) is None
    again = invoke("--reset")
    assert again.exit_code == 0 and "No fitted parameters" in again.output


def test_too_few_reviews_says_so_and_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = deck_with_reviews(tmp_path, sample_rows(50))
    result = invoke()
    assert result.exit_code == 1
    assert "Not enough reviews to fit yet: 50 reviews" in result.output
    assert "Traceback" not in result.output
    assert meta(db) is None


def test_undone_answers_are_not_fitted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    rows = sample_rows(4000)
    db = deck_with_reviews(tmp_path, rows[:40])
    deck_with_reviews(tmp_path, rows[40:], undone=True)
    result = invoke()
    assert result.exit_code == 1 and "40 reviews" in result.output
    assert meta(db) is None


def test_no_deck_is_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke()
    assert result.exit_code == 2
    assert "flashforge build" in result.output
    assert not (tmp_path / "cards" / "deck.db").exists()


def test_parameters_in_flashforge_toml_are_the_current_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "flashforge.toml").write_text(
        "[review]\nparameters = [" + ", ".join(str(v) for v in DEFAULT_PARAMETERS) + "]\n", encoding="utf-8"
    )
    deck_with_reviews(tmp_path, sample_rows(4000))
    result = invoke()
    assert result.exit_code == 0, result.output
    assert "current (flashforge.toml)" in result.output
    assert "take precedence" in result.output


def test_broken_parameters_in_flashforge_toml_fail_politely(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "flashforge.toml").write_text("[review]\nparameters = [1.0, 2.0]\n", encoding="utf-8")
    deck_with_reviews(tmp_path, sample_rows(4000))
    result = invoke()
    assert result.exit_code == 2
    assert "flashforge.toml" in result.output and "Traceback" not in result.output


def test_registered_on_the_real_app_and_honours_db_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flashforge.cli import app

    monkeypatch.chdir(tmp_path)
    db = deck_with_reviews(tmp_path / "elsewhere", sample_rows(3000))
    result = CliRunner().invoke(app, ["--db", str(db), "optimize"])
    assert result.exit_code == 0, result.output
    assert "Saved to" in result.output
    assert meta(db) is not None
    assert not (tmp_path / "cards").exists()


def test_the_fit_is_on_the_merged_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Answers pulled from Anki are fitted with the terminal's: one memory, one model."""
    monkeypatch.chdir(tmp_path)
    rows = sample_rows(4000)
    db = tmp_path / "cards" / "deck.db"
    with Deck.open(db) as deck:
        deck.append_reviews(
            ReviewRow(card_id, rating, at, source="anki", anki_revlog_id=index)
            if index % 2
            else ReviewRow(card_id, rating, at)
            for index, (card_id, rating, at) in enumerate(rows)
        )
    result = invoke("--dry-run")
    assert result.exit_code == 0, result.output
    assert "Your review log: 4,000 reviews (2,000 in the terminal, 2,000 pulled from Anki)" in result.output
