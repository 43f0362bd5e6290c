"""The shipped notes give the cards a learner expects from them."""

from __future__ import annotations

from itertools import pairwise

import pytest

from flashforge.breadcrumbs import label_parts, unsaid
from flashforge.build import cards_for_text
from flashforge.model import Card
from flashforge.sources import SourceText, read_note

from .conftest import REPO, SHARED

IP_FIELDS = [
    "version", "header length", "differentiated servies field", "total length", "identification", "flags",
    "fragment offset", "ttl", "protocol", "header checksum", "source", "destination",
]  # fmt: skip
CONNTRACK = ["NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED", "SNAT", "DNAT"]


@pytest.fixture(scope="module")
def seed_cards() -> list[Card]:
    source = read_note(REPO / "notes", "杂乱笔记.md")
    assert isinstance(source, SourceText)
    cards, _ = cards_for_text(source)
    return cards


def test_shipped_notes_are_the_seed() -> None:
    shared = SHARED / "seed" / "杂乱笔记.md"
    if shared.exists():
        assert (REPO / "notes" / "杂乱笔记.md").read_bytes() == shared.read_bytes()


def test_all_twelve_ip_header_fields(seed_cards: list[Card]) -> None:
    fields = [c for c in seed_cards if c.kind == "field" and c.title == "默认字段"]
    assert [c.payload.term for c in fields] == IP_FIELDS
    assert all(c.back for c in fields)
    ttl = next(c for c in fields if c.payload.term == "ttl")
    assert ttl.front == "网络 › ip › 默认字段 · ttl"
    assert ttl.back == "分片生存时间。"
    assert len({c.group_id for c in fields}) == 1


def test_seven_conntrack_states(seed_cards: list[Card]) -> None:
    states = [c for c in seed_cards if c.kind == "state"]
    assert [c.payload.term for c in states] == CONNTRACK
    assert "NEW变成ESTABLISHED" in states[1].back


def test_dhcp_five_steps_in_order(seed_cards: list[Card]) -> None:
    dhcp = [c for c in seed_cards if c.kind == "sequence" and c.context[-1] == "DHCP"]
    assert len(dhcp) == 5 and len({c.note_id for c in dhcp}) == 1
    steps = dhcp[0].payload.steps
    for step, message in zip(
        steps, ["DHCPDISCOVER", "DHCPOFFER", "DHCPREQUEST", "DHCPACK", "DHCPRELEASE"], strict=True
    ):
        assert message in step
    assert [c.ord for c in dhcp] == [0, 1, 2, 3, 4]
    assert all("[...]" in c.front and c.front.startswith("DHCP › 过程") for c in dhcp)


def test_three_load_balancing_strategies(seed_cards: list[Card]) -> None:
    strategies = [c for c in seed_cards if c.context[-2:] == ("负载均衡", "策略")]
    assert [c.payload.term for c in strategies] == ["轮询", "最小链接", "IP_HASH"]
    assert strategies[0].front == "负载均衡 › 策略 · 轮询"


def test_docker_architecture_is_a_top_down_sequence(seed_cards: list[Card]) -> None:
    arch = [c for c in seed_cards if c.kind == "sequence" and "架构" in c.front]
    assert list(arch[0].payload.steps) == ["docker client", "dockerd", "containerd", "shim", "runc"]


def test_no_card_from_toc_todo_or_bare_titles(seed_cards: list[Card]) -> None:
    for card in seed_cards:
        assert "](#" not in card.front + card.back
        assert "TODO" not in card.front
        assert card.back.strip() and card.back.strip() != "TODO"
        assert not card.front.startswith(("过程", "策略 ·", "概念 ·")), card.front
        assert card.source_line > 58  # the table of contents fills lines 1–57


def test_ids_are_unique_and_stable(seed_cards: list[Card]) -> None:
    assert len({c.id for c in seed_cards}) == len(seed_cards)
    again, _ = cards_for_text(read_note(REPO / "notes", "杂乱笔记.md"))  # type: ignore[arg-type]
    assert [c.id for c in again] == [c.id for c in seed_cards]


def test_jsonl_plain_text(seed_cards: list[Card]) -> None:
    for card in seed_cards:
        for text in (card.front, card.back):
            assert "**" not in text and "`" not in text and "<br" not in text


def test_source_lines_point_at_the_text(seed_cards: list[Card]) -> None:
    lines = (REPO / "notes" / "杂乱笔记.md").read_text(encoding="utf-8").split("\n")
    for card in seed_cards:
        if card.kind in ("definition", "field", "state"):
            term = card.payload.term
            nearby = "\n".join(lines[card.source_line - 3 : card.source_line + 1])
            assert term.split("（")[0].split("(")[0] in nearby, (card.front, card.source_line)


# The author's asides in the shipped notes: none is knowledge a learner should be asked.
REMARKS = ("TODO", "抄了", "（？）", "(?)", "感觉", "没有找到", "不太懂", "没太懂", "懒得", "用过的", "没用过")


def test_no_remark_or_todo_in_any_card(seed_cards: list[Card]) -> None:
    for card in seed_cards:
        for text in (card.front, card.back):
            assert not [remark for remark in REMARKS if remark in text], (card.front, text)
    overlay = next(c for c in seed_cards if c.kind == "field" and c.key.endswith("/overlay（抄了）"))
    assert overlay.payload.term == "overlay" and overlay.front.endswith("· overlay")
    assert "配置存储服务。类似于" in overlay.back
    bootfs = next(c for c in seed_cards if c.front.endswith("· bootfs & rootfs"))
    assert bootfs.back.startswith("结合linux启动过程")


def test_preview_lists_the_remarks() -> None:
    source = read_note(REPO / "notes", "杂乱笔记.md")
    assert isinstance(source, SourceText)
    _, extraction = cards_for_text(source)
    remarks = {skip.text for skip in extraction.skips if skip.reason == "remark (the author's aside)"}
    assert {"（抄了）", "（TODO）", "（感觉是五层）", "bootfs没有找到非常具体的说明"} <= remarks


def test_context_is_named_once(seed_cards: list[Card]) -> None:
    for card in seed_cards:
        shown = [*unsaid(card.context, card.title, card.front), *label_parts(card.front)]  # context line, then front
        assert all(above != below for above, below in pairwise(shown)), (shown, card.front)
        assert "杂乱笔记 › 杂乱笔记" not in card.front
