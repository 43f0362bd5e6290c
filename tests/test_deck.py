"""The deck model against real SQLite files."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from flashforge.store import SCHEMA_VERSION, Deck, DeckError

from .conftest import NOW, sample_cards


def test_creates_schema_in_wal_mode(tmp_path: Path) -> None:
    deck = Deck.open(tmp_path / "cards" / "deck.db")
    tables = deck.tables()
    assert {"sources", "cards", "card_state", "reviews", "meta"} <= tables
    assert deck.journal_mode() == "wal"
    assert deck.schema_version() == SCHEMA_VERSION
    deck.close()
    # Opening again does not re-run migrations.
    Deck.open(tmp_path / "cards" / "deck.db").close()


def test_apply_file_reports_new_updated_unchanged_orphaned(deck: Deck) -> None:
    cards = sample_cards()
    first = deck.apply_file("笔记.md", "h1", cards, NOW)
    assert len(first.new) == len(cards)
    again = deck.apply_file("笔记.md", "h1", cards, NOW + timedelta(hours=1))
    assert len(again.unchanged) == len(cards) and not again.new and not again.updated

    edited = [dataclasses.replace(cards[0], back="新的答案"), *cards[1:-1]]
    later = NOW + timedelta(days=1)
    change = deck.apply_file("笔记.md", "h2", edited, later)
    assert [c.id for c in change.updated] == [cards[0].id]
    assert [s.card.id for s in change.orphaned] == [cards[-1].id]
    stored = deck.get(cards[0].id)
    assert stored is not None and stored.card.back == "新的答案"
    assert stored.changed_at == later.isoformat() and stored.created_at == NOW.isoformat()
    assert deck.card_count() == len(cards) - 1

    back = deck.apply_file("笔记.md", "h1", cards, later)
    assert [c.id for c in back.restored] == [cards[-1].id]
    assert deck.card_count() == len(cards)


def test_forget_and_prune(filled_deck: Deck) -> None:
    total = filled_deck.card_count()
    orphaned = filled_deck.forget_source("笔记.md", NOW)
    assert len(orphaned) == total and filled_deck.card_count() == 0
    assert filled_deck.card_count(include_orphans=True) == total
    assert filled_deck.prune() == total
    assert filled_deck.card_count(include_orphans=True) == 0


def test_deck_prefix_matches_subdecks_only(filled_deck: Deck) -> None:
    all_cards = filled_deck.cards()
    assert filled_deck.cards(deck_prefix="笔记") == all_cards
    assert filled_deck.cards(deck_prefix="笔") == []
    assert {s.card.deck for s in filled_deck.cards(deck_prefix="笔记::网络")} == {"笔记::网络"}
    assert {s.card.kind for s in filled_deck.cards(kind="state")} == {"state"}


def test_broken_database_gets_a_message_and_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "deck.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DeckError, match="deck.db: is not a flashforge deck .* left as it is"):
        Deck.open(path)
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_opening_a_version_1_deck_moves_its_times_to_utc(tmp_path: Path) -> None:
    path = tmp_path / "deck.db"
    shutil.copyfile(Path(__file__).parent / "data" / "deck_v1.db", path)
    with Deck.open(path) as deck:
        assert deck.schema_version() == SCHEMA_VERSION
        stored = deck.cards(include_orphans=True)
        assert len(stored) == len(sample_cards())
        created = datetime(2026, 11, 30, 1, 15, tzinfo=UTC).isoformat()  # 09:15 at UTC+08:00
        changed = datetime(2026, 11, 30, 17, 30, tzinfo=UTC).isoformat()  # 01:30 the next day at UTC+08:00
        assert {card.created_at for card in stored} == {created}
        assert {card.changed_at for card in stored} == {created, changed}
        assert [card.orphaned_at for card in stored if card.orphaned_at] == [changed]
        assert deck.review_log()[0].reviewed_at == "2026-11-30T17:00:00.000000+00:00"  # UTC already: untouched
        # The cards themselves did not change: a build of the same notes finds them unchanged.
        change = deck.apply_file("笔记.md", "h1", sample_cards()[:-1], NOW)
        assert len(change.unchanged) == len(sample_cards()) - 1 and not change.updated


def test_card_times_are_stored_in_utc(deck: Deck) -> None:
    shanghai = timezone(timedelta(hours=8))
    deck.apply_file("笔记.md", "h1", sample_cards(), datetime(2026, 12, 1, 9, 0, tzinfo=shanghai))
    assert {stored.created_at for stored in deck.cards()} == {"2026-12-01T01:00:00+00:00"}
