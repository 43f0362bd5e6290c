"""Cards made from a dict of their fields are the cards their keyword call makes."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import FrozenInstanceError
from typing import Any

import pytest

from flashforge.cards import CardFields, made_card
from flashforge.model import Card, TermPayload


def test_card_fields_name_every_field_of_a_card_in_order() -> None:
    assert list(CardFields.__annotations__) == [field.name for field in dataclasses.fields(Card)]


def test_a_made_card_equals_hashes_pickles_and_refuses_changes_as_a_card() -> None:
    fields: CardFields = {
        "id": "c1",
        "note_id": "c1",
        "ord": 0,
        "kind": "definition",
        "deck": "net",
        "key": "ARP",
        "front": "网络 · ARP",
        "back": "地址解析协议",
        "context": ("网络",),
        "title": "",
        "group_id": "g",
        "position": 3000,
        "source_path": "net.md",
        "source_line": 4,
        "payload": TermPayload("ARP", "地址解析协议"),
        "tags": ("definition", "网络"),
        "images": (),
        "full": "",
    }
    made, called = made_card(fields.copy()), Card(**fields)
    assert made == called and hash(made) == hash(called) and repr(made) == repr(called)
    assert dataclasses.asdict(made) == dataclasses.asdict(called)
    assert pickle.loads(pickle.dumps(made)) == called
    assert made != dataclasses.replace(called, back="其他")
    changed: Any = made
    with pytest.raises(FrozenInstanceError):
        changed.back = "其他"
