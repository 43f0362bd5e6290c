"""The deck model against real SQLite files."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
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
    with pytest.raises(DeckError, match="deck.db.*move it aside"):
        Deck.open(path)
    assert path.read_bytes() == b"this is not sqlite" * 100
