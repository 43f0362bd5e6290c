"""Shared fixtures: real SQLite decks in temporary folders, sample cards of every kind."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from flashforge.ids import stable_id
from flashforge.model import Card, Kind
from flashforge.store import Deck
from flashforge.store.payloads import decode_payload

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REPO = Path(__file__).resolve().parents[1]


def make_card(
    kind: Kind,
    key: str,
    front: str,
    back: str,
    *,
    headings: tuple[str, ...] = ("笔记", "网络"),
    title: str = "",
    path: str = "笔记.md",
    line: int = 1,
    position: int = 0,
    ord: int = 0,
    note_key: str | None = None,
    payload: dict[str, object] | None = None,
    group: str = "",
) -> Card:
    card_id = stable_id(path, headings, kind, key)
    note_id = stable_id(path, headings, kind, note_key) if note_key is not None else card_id
    return Card(
        id=card_id,
        note_id=note_id,
        ord=ord,
        kind=kind,
        deck="::".join((path.removesuffix(".md"), *headings[1:2])),
        key=key,
        front=front,
        back=back,
        context=headings,
        title=title,
        group_id=group or stable_id(path, headings, kind, title),
        position=position,
        source_path=path,
        source_line=line,
        tags=(kind, *headings),
        payload=decode_payload(kind, payload or {}),
    )


def sample_cards() -> list[Card]:
    """A small deck with one group of each kind, shaped like the real extractor's output."""
    ip = ("笔记", "网络", "ip")
    conn = ("笔记", "iptables", "连接状态")
    dhcp = ("笔记", "网络", "DHCP")
    steps = ["DISCOVER", "OFFER", "REQUEST", "ACK"]
    cards = [
        make_card(
            "definition",
            "ARP",
            "网络 › ARP",
            "链路层协议。实现 ip->mac 地址解析。",
            line=3,
            position=0,
            payload={"term": "ARP", "meaning": "链路层协议。实现 ip->mac 地址解析。"},
        ),
        make_card(
            "field",
            "默认字段/ttl",
            "ip › 默认字段 · ttl",
            "生存时间，每经过一个路由器 -1。",
            headings=ip,
            title="默认字段",
            line=10,
            position=1,
            group="ip-fields",
            payload={"term": "ttl", "meaning": "生存时间，每经过一个路由器 -1。"},
        ),
        make_card(
            "field",
            "默认字段/protocol",
            "ip › 默认字段 · protocol",
            "上层协议：1 icmp，17 udp，6 tcp。",
            headings=ip,
            title="默认字段",
            line=11,
            position=2,
            group="ip-fields",
            payload={"term": "protocol", "meaning": "上层协议：1 icmp，17 udp，6 tcp。"},
        ),
        make_card(
            "state",
            "NEW",
            "连接状态 · NEW",
            "包合法但关联不到已有连接，创建新连接。",
            headings=conn,
            title="连接状态",
            line=20,
            position=3,
            group="conn",
            payload={"term": "NEW", "meaning": "包合法但关联不到已有连接，创建新连接。"},
        ),
        make_card(
            "state",
            "ESTABLISHED",
            "连接状态 · ESTABLISHED",
            "收到应答方向的合法包 <SYN/ACK> & more。",
            headings=conn,
            title="连接状态",
            line=21,
            position=4,
            group="conn",
            payload={"term": "ESTABLISHED", "meaning": "收到应答方向的合法包 <SYN/ACK> & more。"},
        ),
    ]
    for index, step in enumerate(steps):
        shown = [("[...]" if i == index else s) for i, s in enumerate(steps)]
        cards.append(
            make_card(
                "sequence",
                f"过程#{index + 1}",
                "DHCP › 过程: " + " → ".join(shown),
                step,
                headings=dhcp,
                title="过程",
                line=30,
                position=5 + index,
                ord=index,
                note_key="过程",
                group="dhcp",
                payload={"steps": steps, "index": index},
            )
        )
    cards.append(
        make_card(
            "table",
            "select/复杂度",
            "IO多路复用 · select · 复杂度",
            "O(n)",
            headings=("笔记", "IO", "IO多路复用"),
            title="维度",
            line=40,
            position=9,
            group="io-table",
            payload={
                "columns": ["维度", "复杂度", "最大连接数"],
                "row": ["select", "O(n)", "1024"],
                "column": "复杂度",
            },
        )
    )
    return cards


@pytest.fixture
def deck(tmp_path: Path) -> Iterator[Deck]:
    opened = Deck.open(tmp_path / "cards" / "deck.db")
    yield opened
    opened.close()


@pytest.fixture
def filled_deck(deck: Deck) -> Deck:
    deck.apply_file("笔记.md", "hash-1", sample_cards(), NOW)
    return deck


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Any]:
    """A fresh, real Anki collection (imported here lazily: only the export tests pay for it)."""
    from anki.collection import Collection

    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield col
    col.close()
