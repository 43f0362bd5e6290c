"""Cheat-sheet layout (pure): cards -> sections by heading path, one block per fact group."""

from __future__ import annotations

from flashforge.cheatsheet.layout import (
    Chain,
    Definitions,
    PairTable,
    Sheet,
    Table,
    build_sheet,
    sheet_title,
)
from flashforge.model import Card

from .conftest import NOW, make_card, sample_cards


def _sheet(cards: list[Card]) -> Sheet:
    return build_sheet(cards, title=sheet_title(cards), now=NOW)


def test_sections_follow_heading_paths_in_note_order() -> None:
    sheet = _sheet(sample_cards())
    assert [section.path for section in sheet.sections] == [
        ("笔记", "网络"),
        ("笔记", "网络", "ip"),
        ("笔记", "iptables", "连接状态"),
        ("笔记", "网络", "DHCP"),
        ("笔记", "IO", "IO多路复用"),
    ]
    # The part every section shares (the file's title) is the sheet's title, not a chapter.
    assert [(s.chapter, s.heading) for s in sheet.sections] == [
        ("网络", ()),
        ("网络", ("ip",)),
        ("iptables", ("连接状态",)),
        ("网络", ("DHCP",)),
        ("IO", ("IO多路复用",)),
    ]
    assert sheet.title == "笔记"
    assert sheet.date == "2026-12-01"
    assert sheet.card_count == len(sample_cards())


def test_each_kind_becomes_its_block() -> None:
    sections = {section.path[-1]: section for section in _sheet(sample_cards()).sections}
    (definitions,) = sections["网络"].blocks
    assert isinstance(definitions, Definitions)
    assert [(row.term, row.meaning) for row in definitions.rows] == [("ARP", "链路层协议。实现 ip->mac 地址解析。")]

    (fields,) = sections["ip"].blocks
    assert isinstance(fields, PairTable)
    assert fields.kind == "field" and fields.title == "默认字段"
    assert [row.term for row in fields.rows] == ["ttl", "protocol"]

    (states,) = sections["连接状态"].blocks
    assert isinstance(states, PairTable) and states.kind == "state"
    assert [row.term for row in states.rows] == ["NEW", "ESTABLISHED"]

    # Four step cards of one sequence are one chain.
    (chain,) = sections["DHCP"].blocks
    assert isinstance(chain, Chain)
    assert chain.steps == ("DISCOVER", "OFFER", "REQUEST", "ACK")
    assert chain.title == "过程" and chain.inline

    (table,) = sections["IO多路复用"].blocks
    assert isinstance(table, Table)
    assert table.columns == ("维度", "复杂度", "最大连接数")
    assert table.rows == (("select", "O(n)", "1024"),)
    assert abs(sum(table.shares) - 1) < 0.01


def _table_cards() -> list[Card]:
    columns = ["模型", "复杂度", "上限"]
    rows = [["select", "O(n)", "1024"], ["poll", "O(n)", "无"], ["epoll", "O(1)", "无"]]
    cards = []
    position = 0
    for row in rows:
        for column in columns[1:]:
            cards.append(
                make_card(
                    "table",
                    f"{row[0]}/{column}",
                    f"{row[0]} · {column}",
                    row[columns.index(column)],
                    title="模型",
                    group="t",
                    position=position,
                    payload={"columns": columns, "row": row, "column": column},
                )
            )
            position += 1
    return cards


def test_table_is_rebuilt_from_its_cell_cards() -> None:
    (section,) = _sheet(_table_cards()).sections
    (table,) = section.blocks
    assert isinstance(table, Table)
    assert table.columns == ("模型", "复杂度", "上限")
    assert table.rows == (("select", "O(n)", "1024"), ("poll", "O(n)", "无"), ("epoll", "O(1)", "无"))


def test_long_steps_are_stacked_and_chains_are_split_by_note() -> None:
    long_steps = ["client 广播 DHCPDISCOVER，所有 DHCP 服务器都会响应", "服务器回复 DHCPOFFER，包含预分配的 ip 和租期"]
    cards = []
    for note, steps in (("a", long_steps), ("b", ["raw", "mangle", "nat", "filter"])):
        for index, step in enumerate(steps):
            cards.append(
                make_card(
                    "sequence",
                    f"{note}#{index}",
                    "…",
                    step,
                    title=note,
                    ord=index,
                    position=len(cards),
                    note_key=note,
                    payload={"steps": steps, "index": index},
                )
            )
    (section,) = _sheet(cards).sections
    first, second = section.blocks
    assert isinstance(first, Chain) and isinstance(second, Chain)
    assert first.steps == tuple(long_steps) and not first.inline
    assert second.steps == ("raw", "mangle", "nat", "filter") and second.inline


def test_a_fact_asked_twice_is_one_row() -> None:
    pair = {"term": "NEW", "meaning": "新连接"}
    cards = [
        make_card("state", "NEW", "NEW?", "新连接", title="状态", group="s", payload=pair),
        make_card("state", "NEW/reverse", "新连接?", "NEW", title="状态", group="s", position=1, payload=pair),
    ]
    (section,) = _sheet(cards).sections
    (block,) = section.blocks
    assert isinstance(block, PairTable)
    assert len(block.rows) == 1


def test_a_headings_own_definition_opens_its_section() -> None:
    cards = [
        make_card("definition", "ARP", "ARP", "链路层协议", headings=("笔记", "网络"), payload={"term": "ARP"}),
        make_card(
            "field",
            "f/op",
            "op",
            "操作码",
            headings=("笔记", "网络", "ARP"),
            title="字段",
            group="g",
            position=1,
            payload={"term": "op", "meaning": "操作码"},
        ),
    ]
    (section,) = _sheet(cards).sections
    assert section.path == ("笔记", "网络", "ARP")
    definitions, fields = section.blocks
    assert isinstance(definitions, Definitions) and definitions.rows[0].term == "ARP"
    # The meaning falls back to the card's answer when the payload has none.
    assert definitions.rows[0].meaning == "链路层协议"
    assert isinstance(fields, PairTable)


def test_pair_table_knows_its_widest_term() -> None:
    short = [make_card("field", f"f/{t}", t, "x", group="g", payload={"term": t, "meaning": "x"}) for t in ("a", "b")]
    long = [make_card("field", "f/long", "l", "x", group="g", payload={"term": "x" * 80, "meaning": "x"})]
    (short_table,) = _sheet(short).sections[0].blocks
    (long_table,) = _sheet(long).sections[0].blocks
    assert isinstance(short_table, PairTable) and isinstance(long_table, PairTable)
    assert short_table.term_cells == 1
    assert long_table.term_cells == 80
    (cjk_table,) = _sheet([make_card("state", "s", "s", "x", group="g", payload={"term": "新连接"})]).sections[0].blocks
    assert isinstance(cjk_table, PairTable) and cjk_table.term_cells == 6


def test_sheet_title() -> None:
    cards = sample_cards()
    assert sheet_title(cards) == "笔记"
    assert sheet_title(cards, "笔记::网络") == "笔记 › 网络"
    other = make_card("definition", "x", "x", "y", path="其他.md")
    assert sheet_title([*cards, other]) == "flashforge"
    assert sheet_title([]) == "flashforge"


def test_files_are_chapters_when_the_deck_has_several() -> None:
    cards = [
        make_card("definition", "ARP", "ARP", "链路层", headings=("网络笔记", "协议"), path="net.md"),
        make_card("definition", "fd", "fd", "文件描述符", headings=("Linux 笔记", "IO"), path="linux.md"),
        make_card("definition", "inode", "inode", "索引节点", headings=(), path="misc/散记.md"),
    ]
    sheet = _sheet(cards)
    assert [(s.chapter, s.heading) for s in sheet.sections] == [
        ("网络笔记", ("协议",)),
        ("Linux 笔记", ("IO",)),
        ("散记", ()),
    ]
    assert sheet.title == "flashforge"


def test_a_table_card_without_cells_prints_nothing() -> None:
    empty = make_card("table", "x/y", "x", "y", group="t", payload={})
    definition = make_card(
        "definition", "ARP", "ARP", "链路层", position=1, payload={"term": "ARP", "meaning": "链路层"}
    )
    (section,) = _sheet([empty, definition]).sections
    assert [type(block) for block in section.blocks] == [Definitions]
