"""`flashforge export apkg --with-progress` into a real Anki collection: terminal progress arrives in Anki."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection

from flashforge.clock import days_until, parse_time
from tests.anki_support import answer, export_with_scheduling, import_with_progress
from tests.test_review_support import card_id, cli, make_deck, reviews, state_of, utc_zone

pytestmark = pytest.mark.usefixtures("utc_zone")
__all__ = ["utc_zone"]

# Anki counts its days on the machine's real clock, so the terminal reviews happen "now" too
# (the clock is still pinned for the run: one value, read once).
TODAY = datetime.now(UTC).replace(microsecond=0)


def review_in_terminal(db: Path) -> None:
    # ARP and ttl: Easy (straight to review); NEW: Good (a learning step); then quit.
    result = cli(db, "review", lines=["", "4", "", "4", "", "3", "q"], now=TODAY)
    assert result.exit_code == 0, result.output
    assert len(reviews(db)) == 3


def export_progress(db: Path, tmp_path: Path, *flags: str) -> Path:
    target = tmp_path / "progress.apkg"
    args = ("export", "apkg", "--no-build", "-o", str(target), *flags)
    result = cli(db, "--notes", str(tmp_path / "notes"), *args, now=TODAY)
    assert result.exit_code == 0, result.output
    return target


def anki_card(col: Collection, flashforge_id: str) -> Any:
    rows = col.db.all("SELECT c.id, n.guid, c.ord FROM cards c JOIN notes n ON n.id = c.nid")
    guid_ord = {(str(guid), int(o)): int(cid) for cid, guid, o in rows}
    return col.get_card(guid_ord[(flashforge_id, 0)])


def test_terminal_progress_arrives_in_anki(tmp_path: Path, collection: Collection):
    db = make_deck(tmp_path)
    review_in_terminal(db)
    path = export_progress(db, tmp_path, "--with-progress")
    log = import_with_progress(collection, path)
    assert len(log.new) == 7

    today = collection.sched.today
    for key in ("ARP", "默认字段/ttl"):
        state = state_of(db, card_id(key))
        assert state is not None and state["state"] == "review"
        card = anki_card(collection, card_id(key))
        due = parse_time(state["due"])
        assert due is not None
        assert (card.type, card.queue) == (2, 2)
        assert card.due - today == days_until(due, TODAY, 4)
        assert card.reps == 1 and card.lapses == 0
        assert card.memory_state is not None
        assert card.memory_state.stability == pytest.approx(state["stability"], abs=1e-3)
        assert card.memory_state.difficulty == pytest.approx(state["difficulty"], abs=1e-3)
        assert collection.db.scalar("SELECT count(*) FROM revlog WHERE cid = ?", card.id) == 1
    learning = state_of(db, card_id("NEW"))
    assert learning is not None and learning["state"] == "learning"
    card = anki_card(collection, card_id("NEW"))
    learning_due = parse_time(learning["due"])
    assert learning_due is not None
    assert (card.type, card.queue, card.due) == (1, 1, int(learning_due.timestamp()))
    assert collection.db.scalar("SELECT count(*) FROM revlog") == 3
    assert collection.db.list("SELECT ease FROM revlog ORDER BY id") == [4, 4, 3]
    # Cards never reviewed in the terminal stay new.
    assert collection.db.scalar("SELECT count(*) FROM cards WHERE type = 0") == 10 - 3
    # Anki does not ask today what the terminal answered today (beyond a learning step's own repeat).
    collection.decks.select(collection.decks.id_for_name("笔记"))
    asked_today = {queued.card.id for queued in collection.sched.get_queued_cards(fetch_limit=100).cards}
    assert asked_today and not asked_today & {anki_card(collection, card_id(k)).id for k in ("ARP", "默认字段/ttl")}


def test_without_the_flag_nothing_but_content_goes(tmp_path: Path, collection: Collection):
    db = make_deck(tmp_path)
    review_in_terminal(db)
    import_with_progress(collection, export_progress(db, tmp_path))
    assert collection.db.scalar("SELECT count(*) FROM revlog") == 0
    assert collection.db.scalar("SELECT count(*) FROM cards WHERE type != 0") == 0


def test_a_round_trip_adds_no_review_twice(tmp_path: Path, collection: Collection):
    """Terminal → Anki with progress → answer there → pull back: the deck holds each answer once."""
    db = make_deck(tmp_path)
    review_in_terminal(db)
    import_with_progress(collection, export_progress(db, tmp_path, "--with-progress"))
    arp = anki_card(collection, card_id("ARP"))
    answer(collection, arp.id, 3)
    source = export_with_scheduling(collection, tmp_path / "back.colpkg")
    result = cli(db, "anki", "pull", str(source), now=TODAY)
    assert result.exit_code == 0, result.output
    # The 3 terminal answers went to Anki and come back: recognised as the deck's own, not added again.
    assert "Pulled 1 review " in result.output and "3 already in the deck" in result.output
    rows = reviews(db)
    assert [row["source"] for row in rows] == ["terminal"] * 3 + ["anki"]
    again = cli(db, "anki", "pull", str(source), now=TODAY)
    assert "Pulled 0 reviews" in again.output and "4 already in the deck" in again.output
    assert len(reviews(db)) == 4


def twenty_cards() -> list[Any]:
    from tests.conftest import make_card

    return [
        make_card("definition", f"term{n}", f"term {n}", f"meaning {n}", line=n, position=n, group=f"g{n}")
        for n in range(20)
    ]


def test_ten_answers_on_each_side_are_twenty_in_stats(tmp_path: Path, collection: Collection):
    import json

    db = make_deck(tmp_path, twenty_cards())
    result = cli(db, "review", lines=["", "4"] * 10 + ["q"], now=TODAY)
    assert result.exit_code == 0, result.output
    answered_here = {row["card_id"] for row in reviews(db)}
    assert len(answered_here) == 10
    import_with_progress(collection, export_progress(db, tmp_path))
    in_anki = [anki_card(collection, card.id) for card in twenty_cards() if card.id not in answered_here]
    for card in in_anki:
        answer(collection, card.id, 4)
    pulled = cli(db, "anki", "pull", str(export_with_scheduling(collection, tmp_path / "phone.colpkg")), now=TODAY)
    assert "Pulled 10 reviews" in pulled.output, pulled.output

    stats = json.loads(cli(db, "stats", "--format", "json", now=TODAY).stdout)
    assert stats["reviews_today"] == 20
    assert stats["sources_all_time"] == {"terminal": 10, "anki": 10}
    assert stats["review"] == 20
    # Nothing is asked again today in the terminal: every card was answered once, on one side or the other.
    again = cli(db, "review", lines=["q"], now=TODAY)
    assert "Nothing due now: 20 answered today" in again.output, again.output


def test_anki_keeps_its_own_scheduling_for_cards_it_already_has(tmp_path: Path, collection: Collection):
    """As the README says: Anki takes progress only for cards new to the collection (its importer's rule)."""
    db = make_deck(tmp_path)
    import_with_progress(collection, export_progress(db, tmp_path))  # imported before any review
    review_in_terminal(db)
    log = import_with_progress(collection, export_progress(db, tmp_path, "--with-progress"))
    assert len(log.new) == 0
    assert collection.db.scalar("SELECT count(*) FROM revlog") == 0
    assert collection.db.scalar("SELECT count(*) FROM cards WHERE type != 0") == 0
