"""A card's deck row values: the payload JSON written directly is the general encoder's, byte for byte."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from flashforge.model import Card, CardPayload, CellPayload, StepPayload, TermPayload
from flashforge.store.payloads import encode_payload
from flashforge.store.rows import card_values, file_values, payload_json

# Quotes, backslashes, control characters, CJK, surrogate-free astral characters: all that JSON escapes or keeps.
texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
tuples = st.lists(texts, max_size=4).map(tuple)
payloads = st.one_of(
    st.builds(TermPayload, texts, texts),
    st.builds(StepPayload, tuples, tuples, st.integers(-5, 10**12)),
    st.builds(CellPayload, tuples, tuples, texts),
)


def card(payload: CardPayload, images: tuple[str, ...], full: str) -> Card:
    return Card(
        id="a1",
        note_id="a1",
        ord=0,
        kind="definition",
        deck="d",
        key="k",
        front="f",
        back="b",
        context=("h",),
        title="",
        group_id="g",
        position=0,
        source_path="x.md",
        source_line=1,
        payload=payload,
        images=images,
        full=full,
    )


def general(made: Card) -> str:
    """What the deck stored before the direct writer: json.dumps of the encoded payload, keys sorted."""
    encoded = encode_payload(made.payload)
    if made.images:
        encoded["images"] = list(made.images)
    if made.full:
        encoded["full"] = made.full
    return json.dumps(encoded, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@settings(max_examples=400, deadline=None)
@given(payloads, tuples, texts)
def test_payload_json_is_the_general_encoders(payload: CardPayload, images: tuple[str, ...], full: str) -> None:
    made = card(payload, images, full)
    assert payload_json(made) == general(made)
    assert json.loads(payload_json(made)) == json.loads(general(made))


def test_row_values_carry_the_payload_json() -> None:
    made = card(TermPayload('引号"与\\反斜杠', "换行\n与制表\t"), ("a.png",), "整段答案")
    payload = card_values(made)[15]
    assert payload == '{"full":"整段答案","images":["a.png"],"meaning":"换行\\n与制表\\t","term":"引号\\"与\\\\反斜杠"}'


def test_a_files_rows_share_each_list_they_hold_and_equal_each_cards_own() -> None:
    steps = ("解压", "配置", "编译")
    cards = [card(StepPayload(steps, ("", "改 Makefile", ""), index), (), "") for index in range(len(steps))] + [
        card(CellPayload(("名", "值", "说明"), ("ttl", "64", "跳数"), column), (), "") for column in ("值", "说明")
    ]
    rows = file_values(cards)
    assert rows == [card_values(made) for made in cards]
    context, tags = {id(row[8]) for row in rows}, {id(row[14]) for row in rows}
    assert len(context) == 1 and len(tags) == 1  # one string object each: a worker pickles it once
    assert all('"steps":["解压","配置","编译"]' in str(row[15]) for row in rows[:3])
