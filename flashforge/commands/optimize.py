"""`flashforge optimize`: fit FSRS parameters to the learner's own review log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated

import typer

from .common import err_console, fail, open_deck, out_console, settings, warn
from .progress import QuietOption, TerminalProgress

if TYPE_CHECKING:
    from rich.table import Table

    from ..config import Settings
    from ..optimize import LoggedReview, Score
    from ..store import Deck

EXIT_NOT_FITTED = 1  # ran, but the log is too small to fit: nothing changed


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""

    @app.command("optimize")
    def optimize(
        ctx: typer.Context,
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help="Fit and show the scores, but do not save the parameters.")
        ] = False,
        reset: Annotated[
            bool, typer.Option("--reset", help="Forget fitted parameters: review goes back to the FSRS defaults.")
        ] = False,
        quiet: QuietOption = False,
    ) -> None:
        """Fit FSRS parameters to your review history, so intervals match your memory.

        Compares how well the current and the fitted parameters predict your
        past answers (log loss, RMSE over bins, AUC; lower, lower, higher is
        better) and saves the fitted ones in the deck when they do better.
        """
        config = settings(ctx)
        deck = open_deck(config, must_exist=True)
        try:
            if reset:
                _reset(deck, config, dry_run)
            else:
                _optimize(deck, config, dry_run, quiet)
        finally:
            deck.close()


def _stored_parameters(deck: Deck) -> tuple[float, ...] | None:
    from ..schedule import parse_parameters

    text = deck.fsrs_parameters()
    parameters = parse_parameters(text)
    if text and parameters is None:
        warn(f"{deck.path}: stored FSRS parameters are unreadable; ignoring them (run 'flashforge optimize --reset')")
    return parameters


def _reset(deck: Deck, config: Settings, dry_run: bool) -> None:
    if deck.fsrs_parameters() is None:
        out_console.print("No fitted parameters stored; review already uses the FSRS defaults.")
        return
    if dry_run:
        out_console.print(f"Would remove the fitted FSRS parameters from {deck.path} (dry run: nothing changed).")
        return
    deck.forget_fsrs_parameters()
    out_console.print(f"Removed the fitted FSRS parameters from {deck.path}; review uses the FSRS defaults again.")
    if config.review.parameters:
        warn("flashforge.toml sets [review] parameters; review keeps using those")


def _optimize(deck: Deck, config: Settings, dry_run: bool, quiet: bool) -> None:
    # Imported here, not at the top: fsrs and the optimizer load only when a fit runs.
    from ..optimize import (
        OptimizeError,
        fit_parameters,
        logged_reviews,
        rounded,
        score_parameters,
        summarize,
        too_few_reasons,
    )
    from ..schedule import make_scheduler

    log = deck.review_log(include_undone=False, in_time_order=True)
    reviews, skipped = logged_reviews((row.card_id, row.rating, row.reviewed_at) for row in log)
    if skipped:
        warn(f"{deck.path}: skipped {skipped} review log rows with an unknown rating or time")
    summary = summarize(reviews)
    reason = too_few_reasons(summary)
    if reason is not None:
        err_console.print(
            f"Not enough reviews to fit yet: {reason}. Keep reviewing and run 'flashforge optimize' again; "
            "until then review keeps its current parameters."
        )
        raise typer.Exit(EXIT_NOT_FITTED)

    with TerminalProgress(err_console, quiet=quiet) as progress:
        progress.phase("Scoring the current parameters")
        current_label, current = _current(deck, config, reviews)
        progress.phase(f"Fitting FSRS parameters to {summary.reviews:,} reviews")
        try:
            fitted = rounded(fit_parameters(reviews, relearning_steps=len(config.review.relearning_steps_minutes)))
        except OptimizeError as error:
            fail(f"{deck.path}: cannot fit parameters: {error}")
        # make_scheduler prefers flashforge.toml's parameters; score the fitted ones on their own.
        progress.phase("Scoring the fitted parameters")
        new = score_parameters(reviews, make_scheduler(replace(config.review, parameters=()), fitted))

    from_anki = sum(1 for row in log if row.source == "anki")
    merged = f" ({summary.reviews - from_anki:,} in the terminal, {from_anki:,} pulled from Anki)" if from_anki else ""
    out_console.print(
        f"Your review log: {summary.reviews:,} reviews{merged} of {summary.cards:,} cards; "
        f"{summary.training_items:,} came a day or more after the previous one and are scored."
    )
    out_console.print(_table(current_label, current, new))
    out_console.print("fitted parameters: [" + ", ".join(f"{value:g}" for value in fitted) + "]", soft_wrap=True)

    _save_if_better(deck, config, fitted, new.log_loss < current.log_loss, dry_run)


def _current(deck: Deck, config: Settings, reviews: Sequence[LoggedReview]) -> tuple[str, Score]:
    """What review schedules with now (toml, fitted earlier or the defaults), and how well it predicts the log."""
    from ..optimize import score_parameters
    from ..schedule import ParameterError, make_scheduler

    stored = _stored_parameters(deck)
    if config.review.parameters:
        label = "current (flashforge.toml)"
    elif stored:
        label = "current (fitted earlier)"
    else:
        label = "current (FSRS-6 defaults)"
    try:
        return label, score_parameters(reviews, make_scheduler(config.review, stored))
    except ParameterError as error:
        source = "flashforge.toml [review] parameters" if config.review.parameters else f"{deck.path} fitted parameters"
        fail(f"{source}: {error}; fix them or run 'flashforge optimize --reset'")


def _save_if_better(deck: Deck, config: Settings, fitted: Sequence[float], better: bool, dry_run: bool) -> None:
    if not better:
        out_console.print(
            "The current parameters predict your answers at least as well as the fitted ones; nothing changed."
        )
        return
    if dry_run:
        out_console.print("Dry run: the fitted parameters were not saved.")
        return
    deck.save_fsrs_parameters(fitted)
    out_console.print(f"Saved to {deck.path}; 'flashforge review' schedules with them from now on.")
    if config.review.parameters:
        warn("flashforge.toml sets [review] parameters, which take precedence; remove them to use the fitted ones")


def _table(current_label: str, current: Score, new: Score) -> Table:
    from rich.table import Table

    table = Table(show_edge=False, box=None, pad_edge=False, caption="log loss and RMSE: lower is better; AUC: higher")
    table.add_column("parameters")
    table.add_column("log loss", justify="right")
    table.add_column("RMSE (bins)", justify="right")
    table.add_column("AUC", justify="right")
    for label, result in ((current_label, current), ("fitted", new)):
        table.add_row(label, f"{result.log_loss:.4f}", f"{result.rmse_bins:.4f}", f"{result.auc:.4f}")
    return table
