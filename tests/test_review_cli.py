"""Scripted review sessions through the CLI (line commands on stdin, pinned clock, real SQLite deck)."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import fsrs
import pytest

from flashforge.clock import format_interval
from flashforge.config import ReviewSettings
from flashforge.schedule import CardState, make_scheduler, preview
from flashforge.store import Deck
from tests.conftest import NOW, sample_cards
from tests.test_review_support import card_id, cli, key_of, make_deck, reviews, state_of, unwrapped, utc_zone

pytestmark = pytest.mark.usefixtures("utc_zone")
__all__ = ["utc_zone"]

GOOD = ["", "3"]  # reveal, then Good


def test_first_answer_is_saved_with_the_interval_fsrs_gives(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    result = cli(db, "review", lines=[*GOOD, "q"])
    assert result.exit_code == 0, result.output
    assert "网络 › ARP" in result.output
    assert "链路层协议。实现 ip->mac 地址解析。" in result.output
    log = reviews(db)
    assert [(row["card_id"], row["rating"], row["undone"]) for row in log] == [(card_id("ARP"), 3, 0)]
    assert log[0]["before"]["state"] == "new"
    assert log[0]["reviewed_at"].startswith("2026-12-01T08:00:00")
    reference, _ = fsrs.Scheduler().review_card(fsrs.Card(card_id=1, due=NOW), fsrs.Rating.Good, NOW)
    row = state_of(db, card_id("ARP"))
    assert row is not None
    assert row["state"] == "learning"
    assert row["due"].startswith(reference.due.isoformat()[:19])
    assert row["stability"] == pytest.approx(reference.stability)
    assert row["difficulty"] == pytest.approx(reference.difficulty)


def test_answer_buttons_show_the_intervals_of_each_rating(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    result = cli(db, "review", lines=["", "q"])
    shown = preview(make_scheduler(ReviewSettings()), CardState(card_id("ARP")), NOW)
    for rating, name in ((1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy")):
        assert f"{rating} {name} {format_interval(shown[rating])}" in result.output
    assert "1 Again 1m" in result.output and "3 Good 10m" in result.output
    assert "done 0  ·  left: new 5  learning 0  review 0" in result.output


def test_a_review_card_is_scheduled_as_fsrs_schedules_it(tmp_path: Path) -> None:
    db = make_deck(tmp_path, sample_cards()[:1])
    cli(db, "review", lines=["", "4", "q"])  # Easy: straight to review
    first = state_of(db, card_id("ARP"))
    assert first is not None and first["state"] == "review"
    due = datetime.fromisoformat(first["due"])
    result = cli(db, "review", lines=[*GOOD, "q"], now=due)
    assert result.exit_code == 0, result.output
    assert "[review]" in result.output
    reference_card = fsrs.Card.from_json(first["fsrs"])
    expected, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(reference_card, fsrs.Rating.Good, due)
    second = state_of(db, card_id("ARP"))
    assert second is not None
    assert second["stability"] == pytest.approx(expected.stability)
    assert second["difficulty"] == pytest.approx(expected.difficulty)
    assert second["reps"] == 2


def test_new_cards_come_in_note_order_one_sibling_per_group(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    # Easy graduates each card at once, so the session shows every new card exactly once.
    result = cli(db, "review", lines=["", "4"] * 12)
    assert result.exit_code == 0, result.output
    assert "Congratulations" in result.output
    introduced = [key_of(row["card_id"]) for row in reviews(db)]
    # protocol waits (sibling of ttl), ESTABLISHED waits (sibling of NEW), DHCP steps 2–4 wait.
    assert introduced == ["ARP", "默认字段/ttl", "NEW", "过程#1", "select/复杂度"]
    tomorrow = cli(db, "review", lines=["", "4"] * 12, now=NOW + timedelta(days=1))
    second_day = [key_of(row["card_id"]) for row in reviews(db)][5:]
    assert second_day == ["默认字段/protocol", "ESTABLISHED", "过程#2"], tomorrow.output


def test_daily_new_limit_holds_across_sessions(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    cli(db, "review", "--new", "2", lines=["", "4"] * 5)
    assert len(reviews(db)) == 2
    again = cli(db, "review", "--new", "2", lines=["", "4"] * 5)
    assert "Nothing due now: 2 answered today." in again.output
    assert len(reviews(db)) == 2
    # The day turns at 04:00 local: 03:59 the next morning is still today.
    night = cli(db, "review", "--new", "2", lines=["", "4"] * 5, now=NOW + timedelta(hours=19, minutes=59))
    assert "Nothing due now" in night.output
    cli(db, "review", "--new", "2", lines=["", "4"] * 5, now=NOW + timedelta(hours=20))
    assert len(reviews(db)) == 4


def test_review_limit_caps_due_reviews(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    cli(db, "review", lines=["", "4"] * 5)  # five cards go to review
    result = cli(db, "review", "--new", "0", "--limit", "2", lines=["", "3"] * 10, now=NOW + timedelta(days=60))
    assert "left: new 0  learning 0  review 2" in result.output
    assert len(reviews(db)) == 7


def test_again_brings_the_card_back_in_the_same_session(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    result = cli(db, "review", "--new", "1", lines=["", "1", "", "3", "", "3", "", "3"])
    assert result.exit_code == 0, result.output
    log = reviews(db)
    assert [(key_of(row["card_id"]), row["rating"]) for row in log] == [("ARP", 1), ("ARP", 3), ("ARP", 3)]
    assert [row["before"]["state"] for row in log] == ["new", "learning", "learning"]
    assert log[-1]["after"]["state"] == "review"
    assert "Congratulations" in result.output


def test_undo_restores_the_card_and_marks_the_log(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    result = cli(db, "review", lines=[*GOOD, "u", "", "4", "q"])
    assert "Undone" in result.output
    log = reviews(db)
    assert [(row["rating"], row["undone"]) for row in log] == [(3, 1), (4, 0)]
    assert {row["card_id"] for row in log} == {card_id("ARP")}
    row = state_of(db, card_id("ARP"))
    assert row is not None and row["state"] == "review" and row["reps"] == 1
    assert "Answered 1 card" in result.output


def test_undo_before_any_answer_says_so(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    result = cli(db, "review", lines=["u", "q"])
    assert "Nothing to undo." in result.output


def test_rating_before_reveal_is_refused(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    result = cli(db, "review", lines=["3", "q"])
    assert "Show the answer first" in result.output
    assert reviews(db) == []


def test_suspend_and_bury(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    result = cli(db, "review", "--new", "2", lines=["s", "b", "q"])
    assert "Suspended" in result.output and "Buried until tomorrow" in result.output
    suspended = state_of(db, card_id("ARP"))
    buried = state_of(db, card_id("默认字段/ttl"))
    assert suspended is not None and suspended["suspended"] == 1
    assert buried is not None and buried["buried_until"].startswith("2026-12-02T04:00:00")
    assert reviews(db) == []
    later = cli(db, "review", "--new", "1", lines=["q"], now=NOW + timedelta(hours=1))
    assert "网络 › ARP" not in later.output and "ip › 默认字段 · ttl" not in later.output
    tomorrow = cli(db, "review", "--new", "1", lines=["q"], now=NOW + timedelta(days=1))
    assert "ip › 默认字段 · ttl" in tomorrow.output


def test_undo_of_suspend_brings_the_card_back(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    result = cli(db, "review", lines=["s", "u", "q"])
    assert result.output.count("网络 › ARP") >= 2
    row = state_of(db, card_id("ARP"))
    assert row is not None and row["suspended"] == 0


def test_history_survives_rebuilds_and_orphans_leave_the_queue(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    cli(db, "review", lines=["", "4"] * 12)
    before = state_of(db, card_id("ARP"))
    cards = sample_cards()
    edited = [replace(card, back=card.back + "（已修改）") if card.key == "ARP" else card for card in cards]
    deck = Deck.open(db)
    change = deck.apply_file("笔记.md", "hash-2", edited, NOW + timedelta(hours=1))
    assert [card.key for card in change.updated] == ["ARP"]
    deck.close()
    assert state_of(db, card_id("ARP")) == before
    # The card is due in a month; the edited answer shows then.
    month = NOW + timedelta(days=40)
    shown = cli(db, "review", "--new", "0", lines=["", "4"] * 5, now=month)
    assert "（已修改）" in shown.output
    assert sum(row["card_id"] == card_id("ARP") for row in reviews(db)) == 2
    before = state_of(db, card_id("ARP"))
    deck = Deck.open(db)
    change = deck.apply_file("笔记.md", "hash-3", [card for card in edited if card.key != "ARP"], month)
    assert [stored.card.key for stored in change.orphaned] == ["ARP"]
    deck.close()
    gone = cli(db, "review", "--new", "0", lines=["", "4"] * 5, now=month + timedelta(days=400))
    assert "left: new 0  learning 0  review 4" in gone.output
    assert "网络 › ARP" not in gone.output
    assert state_of(db, card_id("ARP")) == before
    assert sum(row["card_id"] == card_id("ARP") for row in reviews(db)) == 2


def test_deck_option_limits_the_review(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    result = cli(db, "review", "--deck", "笔记::iptables", lines=["", "4"] * 5)
    assert [key_of(row["card_id"]) for row in reviews(db)] == ["NEW"]
    assert result.exit_code == 0
    missing = cli(db, "review", "--deck", "nope", lines=["q"])
    assert missing.exit_code == 2
    assert "no cards in deck 'nope'" in missing.output


def test_no_deck_is_a_one_line_error(tmp_path: Path) -> None:
    result = cli(tmp_path / "cards" / "deck.db", "review", lines=["q"])
    assert result.exit_code == 2
    assert "no deck yet; run 'flashforge build' first" in result.output
    assert "Traceback" not in result.output


def test_bad_parameters_in_the_deck_meta_are_ignored_but_toml_errors_fail(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    deck = Deck.open(db)
    deck.set_meta("fsrs_parameters", "[1, 2, 3]")
    deck.close()
    # The scheduler is made when the first answer is revealed (the first card shows before fsrs loads):
    # parameters it refuses end the review there, with one line and nothing answered.
    result = cli(db, "review", lines=["", "3", "q"])
    assert result.exit_code == 2
    assert "FSRS parameters not usable" in result.output and "flashforge.toml" in result.output
    assert "Traceback" not in result.output
    with Deck.open(db) as reopened:
        assert reopened.review_log() == []
    assert cli(db, "review", lines=["q"]).exit_code == 0  # quitting at the first card needs no scheduler


def test_e_opens_the_editor_at_the_source_line(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "笔记.md").write_text("# 笔记\n\nARP：链路层协议\n", encoding="utf-8")
    record = tmp_path / "args.txt"
    editor = tmp_path / "vim"
    editor.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\n', encoding="utf-8")
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    environment = {"EDITOR": str(editor), "VISUAL": ""}
    result = cli(db, "--notes", str(notes), "review", lines=["e", "q"], env=environment)
    assert result.exit_code == 0, result.output
    assert record.read_text(encoding="utf-8").splitlines() == ["+3", str(notes / "笔记.md")]
    assert "Run 'flashforge build' to update the cards (edited" in unwrapped(result.output)


def test_e_without_editor_variables_falls_back_to_the_system_editor(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "笔记.md").write_text("# 笔记\n\nARP：链路层协议\n", encoding="utf-8")
    record = tmp_path / "args.txt"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    editor = bin_dir / "editor"
    editor.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\n', encoding="utf-8")
    editor.chmod(0o755)
    environment = {"EDITOR": "", "VISUAL": "", "PATH": str(bin_dir)}
    result = cli(db, "--notes", str(notes), "review", lines=["e", "q"], env=environment)
    assert result.exit_code == 0, result.output
    assert record.read_text(encoding="utf-8").splitlines() == [str(notes / "笔记.md")]
    assert "Run 'flashforge build'" in unwrapped(result.output)


def test_e_without_an_editor_says_what_to_set(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    result = cli(db, "review", lines=["e", "q"], env={"EDITOR": "", "VISUAL": "", "PATH": str(empty)})
    assert "Set $EDITOR" in result.output
    assert "笔记.md:3" in unwrapped(result.output)
    assert result.exit_code == 0
    assert os.environ.get("FLASHFORGE_NOW") is None


def test_an_empty_deck_says_to_build(tmp_path: Path) -> None:
    db = make_deck(tmp_path, [])
    result = cli(db, "review", lines=["q"])
    assert result.exit_code == 2
    assert "the deck has no cards yet; run 'flashforge build'" in result.output
