"""The block model's own ``__init__`` (it stores only the fields it is given) keeps dataclass behaviour."""

from __future__ import annotations

import dataclasses
import pickle
import typing

import pytest

from flashforge.parse.model import Block, BlockExtras, ListItem, ListItemExtras


@pytest.mark.parametrize(("cls", "extras", "required"), [(Block, BlockExtras, 3), (ListItem, ListItemExtras, 7)])
def test_the_keyword_fields_are_exactly_the_fields_with_defaults(cls: type, extras: type, required: int) -> None:
    fields = dataclasses.fields(cls)
    assert all(field.default is dataclasses.MISSING for field in fields[:required])
    defaulted = [field.name for field in fields[required:]]
    assert all(field.default is not dataclasses.MISSING for field in fields[required:])
    hints = typing.get_type_hints(extras)
    assert list(hints) == list(defaulted)
    types = typing.get_type_hints(cls)
    assert hints == {name: types[name] for name in defaulted}


def test_a_field_left_out_reads_its_default_and_compares_equal_to_it_given() -> None:
    short = Block("paragraph", 3, ("A",), text="x")
    full = Block("paragraph", 3, ("A",), text="x", lead_strong="", strongs=(), level=0, children=())
    assert short == full and hash(short) == hash(full) and repr(short) == repr(full)
    assert short.lead_strong == "" and short.items == () and short.level == 0
    assert short != Block("paragraph", 3, ("A",), text="y")
    assert dataclasses.replace(short, level=2) == Block("paragraph", 3, ("A",), text="x", level=2)
    assert pickle.loads(pickle.dumps(short)) == short
    assert repr(short).startswith("Block(type='paragraph', line=3, headings=('A',), text='x', level=0, items=()")


def test_list_items_too() -> None:
    item = ListItem("t", 1, (), False, "", False, False)
    assert item == ListItem("t", 1, (), False, "", False, False, blocks=(), lead_code="", strongs=())
    assert item != ListItem("t", 1, (), False, "", False, False, strongs=("b",))
    assert dataclasses.asdict(item)["strongs"] == ()


def test_blocks_stay_frozen() -> None:
    block = Block("rule", 1, ())
    name = "text"
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(block, name, "x")
