"""``Record`` behaves as the frozen (or plain) dataclass it replaces: each check is made on both side by side."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import FrozenInstanceError, field
from typing import Any

import pytest

from flashforge.model import Card, Item, TermPayload
from flashforge.record import COMPILE_AFTER, Record


class Pair(Record):
    """A record with a default."""

    name: str
    lines: tuple[int, ...]
    note: str = ""


@dataclasses.dataclass(frozen=True)
class PairClass:
    """The same as a frozen dataclass."""

    name: str
    lines: tuple[int, ...]
    note: str = ""


class Named(Record, kw_only=True):
    name: str
    tags: tuple[str, ...] = ()


class Tally(Record, frozen=False):
    count: int = 0
    seen: list[str] = field(default_factory=list)
    hidden: str = field(default="", compare=False, repr=False)


@dataclasses.dataclass
class TallyClass:
    count: int = 0
    seen: list[str] = field(default_factory=list)
    hidden: str = field(default="", compare=False, repr=False)


CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    (("a", (1, 2)), {}),
    (("a", (1, 2), "n"), {}),
    (("a",), {"lines": (3,)}),
    ((), {"note": "x", "lines": (), "name": "b"}),
]


@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_construction_equality_hash_and_repr_match_a_frozen_dataclass(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    record, reference = Pair(*args, **kwargs), PairClass(*args, **kwargs)
    assert dataclasses.astuple(record) == dataclasses.astuple(reference)
    assert dataclasses.asdict(record) == dataclasses.asdict(reference)
    assert repr(record) == repr(reference).replace("PairClass", "Pair")
    assert hash(record) == hash(reference)
    assert record == Pair(*args, **kwargs) and record is not Pair(*args, **kwargs)
    assert record != reference  # another class, as between two dataclasses
    assert record != dataclasses.replace(record, note=record.note + "!")
    assert len({record, Pair(*args, **kwargs)}) == 1


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((), {"name": "a"}),  # missing
        (("a", (), "", "extra"), {}),  # too many
        (("a", ()), {"name": "b"}),  # twice
        (("a", ()), {"colour": "red"}),  # unknown
    ],
)
def test_bad_arguments_raise_type_error_as_a_dataclass_does(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        PairClass(*args, **kwargs)
    with pytest.raises(TypeError):
        Pair(*args, **kwargs)


def test_keyword_only_fields() -> None:
    assert Named(name="a") == Named(name="a", tags=())
    loose: Any = Named
    with pytest.raises(TypeError):
        loose("a")  # only by keyword
    assert Named.__match_args__ == ()
    assert Pair.__match_args__ == ("name", "lines", "note")


def test_frozen_records_refuse_changes() -> None:
    record: Any = Pair("a", ())
    with pytest.raises(FrozenInstanceError):
        record.name = "b"
    with pytest.raises(FrozenInstanceError):
        del record.name
    assert record.name == "a"


def test_a_mutable_record_is_a_plain_dataclass() -> None:
    tally, reference = Tally(), TallyClass()
    tally.count += 1
    reference.count += 1
    tally.seen.append("x")
    reference.seen.append("x")
    assert Tally().seen == [] and Tally().seen is not Tally().seen  # a fresh list each time
    assert repr(tally) == repr(reference).replace("TallyClass", "Tally")
    assert tally == Tally(1, ["x"], hidden="ignored")  # `hidden` is not compared
    with pytest.raises(TypeError, match="unhashable"):
        hash(tally)


def test_dataclass_functions_and_pattern_matching_work() -> None:
    assert dataclasses.is_dataclass(Pair) and dataclasses.is_dataclass(Card)
    assert [f.name for f in dataclasses.fields(Pair)] == [f.name for f in dataclasses.fields(PairClass)]
    payload = TermPayload("ARP", "resolves addresses")
    match payload:
        case TermPayload(term, meaning=meaning):
            assert (term, meaning) == ("ARP", "resolves addresses")
        case _:  # pragma: no cover
            pytest.fail("no match")


def test_records_pickle_and_copy_as_they_are() -> None:
    pair = TermPayload("ARP", "resolves")
    item = Item("definition", "ARP", "", ("Net",), 3, pair, group="g")
    card = Card(
        id="c",
        note_id="c",
        ord=0,
        kind="definition",
        deck="net",
        key="ARP",
        front="ARP",
        back="resolves",
        context=("Net",),
        title="",
        group_id="g",
        position=0,
        source_path="net.md",
        source_line=3,
        payload=pair,
    )
    for value in (item, card, Tally(2, ["y"])):
        for copied in (pickle.loads(pickle.dumps(value)), copy.copy(value), copy.deepcopy(value)):
            assert copied == value and type(copied) is type(value)
    assert hash(pickle.loads(pickle.dumps(card))) == hash(card)
    unpickled: Any = pickle.loads(pickle.dumps(card))
    with pytest.raises(FrozenInstanceError):
        unpickled.front = "changed"


def test_what_a_record_cannot_do_is_refused_when_defined() -> None:
    with pytest.raises(TypeError, match="__post_init__"):

        class Checked(Record):
            value: int

            def __post_init__(self) -> None:  # pragma: no cover
                pass

    with pytest.raises(TypeError, match="__init__ argument"):

        class Derived(Record):
            value: int
            double: int = field(init=False, default=0)


def compiled(cls: type[Record]) -> Any:
    """``cls`` after it has made enough instances to compile its own ``__init__``."""
    made = 0
    while cls.__dict__["__init__"] is Record.__init__:
        made += 1
        assert made <= COMPILE_AFTER
        if cls is Named:
            cls(name="x")
        else:
            cls(*CALLS[0][0])
    return cls


class Wider(Pair):
    """A subclass adds a field: it must not take its parent's compiled __init__."""

    width: int = 0


def test_a_compiled_init_takes_what_the_shared_one_takes() -> None:
    pair, named, tally = compiled(Pair), compiled(Named), compiled(Tally)
    for args, kwargs in CALLS:
        record, reference = pair(*args, **kwargs), PairClass(*args, **kwargs)
        assert repr(record) == repr(reference).replace("PairClass", "Pair")
        assert vars(record) == vars(reference)
    assert named(name="a") == Named(name="a", tags=()) and named(name="a").tags == ()
    with pytest.raises(TypeError):
        named("a")
    assert tally().seen == [] and tally().seen is not tally().seen
    assert tally(1, ["x"], hidden="h") == Tally(1, ["x"])
    assert Wider("a", (), width=3).width == 3 and Wider("a", ()).width == 0
    assert compiled(Wider)("a", (1,), "n", 4) == Wider(name="a", lines=(1,), note="n", width=4)
    assert pickle.loads(pickle.dumps(Wider("a", ()))) == Wider("a", ())


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((), {"name": "a"}), (("a", (), "", "extra"), {}), (("a", ()), {"name": "b"}), (("a", ()), {"colour": "red"})],
)
def test_a_compiled_init_refuses_bad_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        compiled(Pair)(*args, **kwargs)


def test_a_record_with_its_own_init_keeps_it() -> None:
    class Doubled(Record):
        value: int

        def __init__(self, value: int) -> None:
            super().__init__(value * 2)

    own = Doubled.__dict__["__init__"]
    for _ in range(COMPILE_AFTER + 1):
        assert Doubled(2).value == 4
    assert Doubled.__dict__["__init__"] is own


def test_a_record_a_dataclass_could_not_init_keeps_the_shared_init() -> None:
    class Odd(Record):
        first: int = 0
        second: int  # no default after one: a dataclass's __init__ could not take this order

    for _ in range(COMPILE_AFTER + 1):
        assert Odd(1, 2) == Odd(first=1, second=2)
    assert Odd.__dict__["__init__"] is Record.__init__
