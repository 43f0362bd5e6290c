"""Exported packages imported into a real Anki collection (the `anki` library inside Anki desktop)."""

from __future__ import annotations

import dataclasses
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from anki.collection import Collection
from anki.scheduler_pb2 import CardAnswer

from flashforge.export.notetypes import NOTE_TYPES, TEMPLATES_CHANGED_AT
from flashforge.export.pipeline import export
from flashforge.model import Card
from flashforge.store import Deck
from tests.anki_support import TEMPLATE_ERROR_MARKERS, import_package
from tests.conftest import NOW, make_card, sample_cards

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def export_apkg(deck: Deck, tmp_path: Path, now: Any = NOW, **kwargs: Any) -> Path:
    result = export(deck, notes_root=tmp_path / "notes", dist=tmp_path / "dist", fmt="apkg", now=now, **kwargs)
    assert result.target.is_file()
    return result.target


def review(col: Collection, card: Any) -> None:
    card.start_timer()
    states = col._backend.get_scheduling_states(card.id)
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=CardAnswer.GOOD))


def note_by_guid(col: Collection, guid: str) -> Any:
    ids = [nid for nid in col.find_notes("") if col.get_note(nid).guid == guid]
    assert len(ids) == 1
    return col.get_note(ids[0])


def test_package_imports_with_decks_note_types_and_cards(filled_deck: Deck, tmp_path: Path, collection: Collection):
    path = export_apkg(filled_deck, tmp_path)
    assert path == tmp_path / "dist" / "笔记.apkg"
    log = import_package(collection, path)

    stored = filled_deck.cards()
    notes = {s.card.note_id for s in stored}
    assert len(log.new) == len(notes) == 7
    assert collection.note_count() == 7
    assert collection.card_count() == len(stored) == 10

    names = {d.name for d in collection.decks.all_names_and_ids()}
    assert {s.card.deck for s in stored} <= names
    assert {"笔记", "笔记::网络", "笔记::iptables", "笔记::IO"} <= names

    for kind, note_type in NOTE_TYPES.items():
        model = collection.models.get(note_type.model_id)  # type: ignore[arg-type]
        assert model is not None, kind
        assert model["name"] == note_type.name
        assert [f["name"] for f in model["flds"]] == list(note_type.fields)

    for card_id in collection.find_cards(""):
        card = collection.get_card(card_id)
        for side in (card.question(), card.answer()):
            assert not [marker for marker in TEMPLATE_ERROR_MARKERS if marker in side], side[-500:]


def test_fields_are_escaped_and_cards_land_in_their_decks(filled_deck: Deck, tmp_path: Path, collection: Collection):
    import_package(collection, export_apkg(filled_deck, tmp_path))
    for stored in filled_deck.cards():
        note = note_by_guid(collection, stored.card.note_id)
        for card in note.cards():
            assert collection.decks.name(card.did) == stored.card.deck
    established = next(s for s in filled_deck.cards() if s.card.key == "ESTABLISHED")
    note = note_by_guid(collection, established.card.id)
    assert note["Back"] == "收到应答方向的合法包 &lt;SYN/ACK&gt; &amp; more。"
    assert note["Source"] == "笔记.md:21"
    assert note["Context"] == "笔记 › iptables"  # the front says 连接状态 itself
    assert "state" in note.tags and "连接状态" in note.tags


def test_sequence_is_one_overlapping_cloze_note(filled_deck: Deck, tmp_path: Path, collection: Collection):
    import_package(collection, export_apkg(filled_deck, tmp_path))
    steps = [s for s in filled_deck.cards() if s.card.kind == "sequence"]
    note = note_by_guid(collection, steps[0].card.note_id)
    cards = sorted(note.cards(), key=lambda c: c.ord)
    assert [c.ord for c in cards] == [s.card.ord for s in steps] == [0, 1, 2, 3]
    question = cards[1].question()
    assert '<span class="cloze" data-cloze="OFFER"' in question and "[...]" in question
    assert "DISCOVER" in question and "REQUEST" in question  # neighbours are in the markup
    assert "ff-question" in question  # the wrapper the overlapping-cloze CSS keys on
    assert '<span class="cloze" data-ordinal="2">OFFER</span>' in cards[1].answer()


def test_reimport_adds_nothing(filled_deck: Deck, tmp_path: Path, collection: Collection):
    path = export_apkg(filled_deck, tmp_path)
    import_package(collection, path)
    again = import_package(collection, export_apkg(filled_deck, tmp_path, now=NOW + timedelta(days=3)))
    assert len(again.new) == 0
    assert len(again.updated) == 0
    assert collection.note_count() == 7 and collection.card_count() == 10


def test_edit_rebuild_reexport_updates_the_same_note(filled_deck: Deck, tmp_path: Path, collection: Collection):
    import_package(collection, export_apkg(filled_deck, tmp_path))
    arp = next(s for s in filled_deck.cards() if s.card.key == "ARP")
    before = note_by_guid(collection, arp.card.id)
    review(collection, next(iter(before.cards())))  # progress that must survive the update

    later = NOW + timedelta(days=1)
    edited = [
        dataclasses.replace(c, back="链路层协议：把 ip 解析成 mac。") if c.key == "ARP" else c for c in sample_cards()
    ]
    filled_deck.apply_file("笔记.md", "hash-2", edited, later)
    log = import_package(collection, export_apkg(filled_deck, tmp_path, now=later))

    assert len(log.new) == 0 and len(log.updated) == 1
    after = note_by_guid(collection, arp.card.id)
    assert after.id == before.id
    assert after["Back"] == "链路层协议：把 ip 解析成 mac。"
    assert after.mod == int(later.timestamp())
    assert next(iter(after.cards())).reps == 1
    assert collection.note_count() == 7 and collection.card_count() == 10


def test_unchanged_notes_keep_edits_made_in_anki(deck: Deck, tmp_path: Path, collection: Collection):
    # Anki stamps the learner's edit with the real clock, so the notes must have changed before it.
    built = datetime(2024, 1, 1, tzinfo=UTC)
    deck.apply_file("笔记.md", "hash-1", sample_cards(), built)
    import_package(collection, export_apkg(deck, tmp_path, now=built))
    arp = next(s for s in deck.cards() if s.card.key == "ARP")
    note = note_by_guid(collection, arp.card.id)
    note["Back"] = "my own words"
    collection.update_note(note)

    log = import_package(collection, export_apkg(deck, tmp_path, now=built + timedelta(days=2)))
    assert len(log.updated) == 0 and len(log.new) == 0
    assert note_by_guid(collection, arp.card.id)["Back"] == "my own words"


def test_changed_field_list_gets_a_new_note_type_id():
    note_type = NOTE_TYPES["definition"]
    widened = dataclasses.replace(note_type, fields=(*note_type.fields, "Hint"))
    renamed = dataclasses.replace(note_type, name="flashforge Other")
    assert len({note_type.model_id, widened.model_id, renamed.model_id}) == 3
    assert note_type.model_id == dataclasses.replace(note_type).model_id
    assert len({t.model_id for t in NOTE_TYPES.values()}) == len(NOTE_TYPES)


def test_images_inside_the_notes_are_bundled(deck: Deck, tmp_path: Path, collection: Collection):
    notes = tmp_path / "notes"
    (notes / "img").mkdir(parents=True)
    (notes / "img" / "arp.png").write_bytes(PNG)
    card = make_card("definition", "ARP", "ARP", "看图：![arp 流程](img/arp.png)", line=3)
    deck.apply_file("笔记.md", "h", [card], NOW)
    result = export(deck, notes_root=notes, dist=tmp_path / "dist", fmt="apkg", now=NOW)
    assert result.media == 1 and not result.warnings
    import_package(collection, result.target)
    note = note_by_guid(collection, card.id)
    assert '<img src="arp-' in note["Back"]
    media_dir = Path(collection.media.dir())
    bundled = list(media_dir.glob("arp-*.png"))
    assert len(bundled) == 1 and bundled[0].read_bytes() == PNG
    assert bundled[0].name in note["Back"]


def test_steps_with_cloze_syntax_import_as_one_card_each(deck: Deck, tmp_path: Path, collection: Collection):
    steps = ["a::b", "{{x}}", "c}} <d> & e"]
    cards = [
        make_card("sequence", f"s#{i}", "f", s, ord=i, note_key="s", payload={"steps": steps, "index": i})
        for i, s in enumerate(steps)
    ]
    deck.apply_file("笔记.md", "h", cards, NOW)
    log = import_package(collection, export_apkg(deck, tmp_path))
    assert len(log.new) == 1 and collection.card_count() == 3
    answers = [collection.get_card(c).answer() for c in collection.find_cards("")]
    assert all("&lt;d&gt; &amp; e" in answer for answer in answers)
    assert all(answer.count('class="cloze"') == 1 for answer in answers)


def test_a_step_added_to_a_sequence_adds_its_card(deck: Deck, tmp_path: Path, collection: Collection):
    def sequence(steps: list[str]) -> list[Card]:
        return [
            make_card("sequence", f"过程#{i}", "f", s, ord=i, note_key="过程", payload={"steps": steps, "index": i})
            for i, s in enumerate(steps)
        ]

    deck.apply_file("笔记.md", "h1", sequence(["DISCOVER", "OFFER", "REQUEST"]), NOW)
    import_package(collection, export_apkg(deck, tmp_path))
    assert collection.card_count() == 3
    later = NOW + timedelta(days=1)
    deck.apply_file("笔记.md", "h2", sequence(["DISCOVER", "OFFER", "REQUEST", "ACK"]), later)
    log = import_package(collection, export_apkg(deck, tmp_path, now=later))
    assert len(log.new) == 0 and len(log.updated) == 1
    assert collection.note_count() == 1 and collection.card_count() == 4


def test_styling_changed_in_anki_survives_a_reimport(filled_deck: Deck, tmp_path: Path, collection: Collection):
    if time.time() <= TEMPLATES_CHANGED_AT:
        pytest.skip("the machine clock is older than the shipped templates")
    import_package(collection, export_apkg(filled_deck, tmp_path))
    model = collection.models.get(NOTE_TYPES["definition"].model_id)  # type: ignore[arg-type]
    assert model is not None and model["mod"] == TEMPLATES_CHANGED_AT
    model["css"] += "\n.card { font-size: 30px; }"
    collection.models.update_dict(model)
    import_package(collection, export_apkg(filled_deck, tmp_path, now=NOW + timedelta(days=1)))
    model = collection.models.get(NOTE_TYPES["definition"].model_id)  # type: ignore[arg-type]
    assert model is not None and model["css"].endswith("font-size: 30px; }")


def test_new_flashforge_templates_reach_the_collection(
    filled_deck: Deck, tmp_path: Path, collection: Collection, monkeypatch: pytest.MonkeyPatch
):
    import flashforge.export.apkg as apkg

    import_package(collection, export_apkg(filled_deck, tmp_path))
    shipped = apkg.stylesheet()
    monkeypatch.setattr(apkg, "stylesheet", lambda: shipped + "\n/* v2 */")
    monkeypatch.setattr(apkg, "TEMPLATES_CHANGED_AT", TEMPLATES_CHANGED_AT + 86_400)
    import_package(collection, export_apkg(filled_deck, tmp_path, now=NOW + timedelta(days=1)))
    model = collection.models.get(NOTE_TYPES["definition"].model_id)  # type: ignore[arg-type]
    assert model is not None and model["css"].endswith("/* v2 */")
    assert collection.note_count() == 7
