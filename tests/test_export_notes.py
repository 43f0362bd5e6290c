"""The shipped notes, built for real, exported and imported into a real Anki collection."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from anki.collection import Collection

from flashforge.build import build_notes
from flashforge.config import load_settings
from flashforge.export.pipeline import export
from flashforge.store import Deck
from tests.anki_support import TEMPLATE_ERROR_MARKERS, import_package
from tests.conftest import NOW, REPO


def test_shipped_notes_import_and_update_in_place(tmp_path: Path, collection: Collection):
    shutil.copytree(REPO / "notes", tmp_path / "notes")
    settings = load_settings(tmp_path)
    deck = Deck.open(settings.db)
    try:
        build_notes(settings, NOW, deck)
        result = export(deck, notes_root=settings.notes, dist=settings.dist, fmt="apkg", now=NOW)
        stored = deck.cards()
        log = import_package(collection, result.target)
        assert len(log.new) == len({s.card.note_id for s in stored}) == result.notes
        assert collection.card_count() == len(stored) == result.cards
        names = {d.name for d in collection.decks.all_names_and_ids()}
        assert {s.card.deck for s in stored} <= names
        for card_id in collection.find_cards(""):
            card = collection.get_card(card_id)
            for side in (card.question(), card.answer()):
                assert not [m for m in TEMPLATE_ERROR_MARKERS if m in side], side[-600:]

        # Anki's "Check Database" and "Empty Cards" find nothing to fix.
        report, ok = collection.fix_integrity()
        assert ok and report.strip().splitlines() == ["Database rebuilt and optimized."]
        assert not collection.get_empty_cards().notes

        assert len(import_package(collection, result.target).new) == 0

        # Edit one definition in the notes, rebuild, re-export, re-import.
        source = settings.notes / "杂乱笔记.md"
        text = source.read_text(encoding="utf-8")
        assert "链路层协议。实现ip->mac地址解析。" in text
        source.write_text(
            text.replace("链路层协议。实现ip->mac地址解析。", "链路层协议。负责把ip解析为mac地址。"), "utf-8"
        )
        later = NOW + timedelta(days=1)
        build_notes(settings, later, deck)
        again = export(deck, notes_root=settings.notes, dist=settings.dist, fmt="apkg", now=later)
        log = import_package(collection, again.target)
    finally:
        deck.close()
    assert len(log.new) == 0
    assert len(log.updated) == 1
    assert "负责把ip解析为mac地址" in log.updated[0].fields[1]
    assert collection.note_count() == result.notes and collection.card_count() == result.cards
