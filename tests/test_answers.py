"""Card-sized answers: long answers cut after a sentence, the whole text kept and shown where it can be opened."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashforge.answers import ANSWER_LIMIT, cut_answer, sentence_ends
from flashforge.build import cards_for_text
from flashforge.cheatsheet.layout import Definitions, build_sheet
from flashforge.export.notes import FULL_ANSWER, plan_notes
from flashforge.review.screen import answer_text
from flashforge.sources import SourceText
from flashforge.store import Deck, StoredCard
from tests.conftest import NOW

FIRST = "写时复制（COW）是在写的时候才复制数据的策略。"
SECOND = "父进程 fork 之后，父子进程共享同一份只读的物理页，页表项都被标记为只读，谁先写入谁就触发缺页异常。"
THIRD = (
    "内核在异常处理中复制那一页，把新页映射给写入的进程，其余的页仍然共享，直到它们也被写入为止，"
    "文件系统的写时复制同理，新数据写到别处，写完再替换指向旧数据的指针。"
)
LONG = FIRST + SECOND + THIRD


def test_short_answers_stay_whole() -> None:
    assert cut_answer("链路层协议。实现 ip->mac 地址解析。") == ("链路层协议。实现 ip->mac 地址解析。", "")


def test_long_answer_keeps_the_sentences_that_fit() -> None:
    assert len(LONG) > ANSWER_LIMIT >= len(FIRST + SECOND)
    assert cut_answer(LONG) == (FIRST + SECOND, LONG)


def test_a_long_first_sentence_stays_whole() -> None:
    first = "甲" * 200 + "。"
    assert cut_answer(first + "乙乙。") == (first, first + "乙乙。")


def test_no_sentence_end_no_cut() -> None:
    text = "a" * 100 + " b" * 60
    assert cut_answer(text) == (text, "")


def test_english_ends_only_before_a_blank_and_not_after_abbreviations() -> None:
    text = "A tree (i.e. a graph) has no cycle, e.g. a path. Node.js and 2.5 go on. J. Smith agreed! End"
    ends = sentence_ends(text)
    assert [text[:end].rsplit(" ", 1)[-1] for end in ends] == ["path.", "on.", "agreed!"]


def test_no_cut_inside_brackets_or_a_wrapped_line() -> None:
    text = "X 是一种机制（它很老。后来改了。）" + "后面的说明很长" * 20 + "。再一句。"
    assert cut_answer(text)[0] == text[: text.index("。再") + 1]
    wrapped = "A path that refers to a location in the file system's\nroot directory,\nand more. " + "x" * 150
    assert cut_answer(wrapped)[0] == "A path that refers to a location in the file system's\nroot directory,\nand more."


def test_a_line_of_notes_ends_a_unit() -> None:
    text = "同步模型、事件驱动\n" + "多路复用由内核实现" * 20
    assert cut_answer(text) == ("同步模型、事件驱动", text)
    lead_in = "分为三类：\n" + "第一类由内核实现" * 20
    assert cut_answer(lead_in) == (lead_in, "")  # a lead-in alone answers nothing


@pytest.fixture
def cut_cards() -> list:
    markdown = (
        f"# 笔记\n\n## 存储\n\n- COW：{LONG}\n- 分层：镜像由多层构成。\n\n"
        f"## 流程\n\n**过程**\n\n1. 复制页：{LONG}\n2. 映射\n"
    )
    cards, _ = cards_for_text(SourceText("笔记.md", markdown, "digest", "utf-8"))
    return cards


def test_cards_carry_the_cut_answer_and_the_whole_one(cut_cards: list) -> None:
    cow = next(card for card in cut_cards if card.key == "COW")
    assert (cow.back, cow.full) == (FIRST + SECOND, LONG)
    assert cow.payload.meaning == LONG
    short = next(card for card in cut_cards if card.key == "分层")
    assert short.full == ""
    step = next(card for card in cut_cards if card.kind == "sequence" and card.ord == 0)
    assert step.back.startswith("复制页 → 映射\n复制页：" + FIRST) and len(step.back) < len(step.full)
    assert step.full == "复制页 → 映射\n复制页：" + LONG
    assert step.full.count(FIRST) == 1  # the step's text is shown once


def test_the_deck_keeps_the_whole_answer_without_a_new_column(cut_cards: list, tmp_path: Path) -> None:
    deck = Deck.open(tmp_path / "deck.db")
    try:
        deck.apply_file("笔记.md", "digest", cut_cards, NOW)
        again = {stored.card.id: stored.card for stored in deck.cards()}
    finally:
        deck.close()
    assert all(again[card.id].full == card.full for card in cut_cards)
    assert again[next(c.id for c in cut_cards if c.key == "COW")].back == FIRST + SECOND


def test_the_whole_answer_is_shown_where_the_learner_opens_it(cut_cards: list) -> None:
    cow = next(card for card in cut_cards if card.key == "COW")
    note = plan_notes([StoredCard(cow, "hash", NOW.isoformat(), NOW.isoformat())])[0]
    back, extra = note.fields[1], note.fields[4]
    assert THIRD not in back and f"<summary>{FULL_ANSWER}</summary>" in extra and THIRD in extra
    shown = answer_text(cow)  # review: the rest of the whole answer, dimmed under the card-sized one
    assert shown.plain == f"{FIRST}{SECOND}\n{THIRD}"
    assert [shown.plain[span.start : span.end] for span in shown.spans if span.style == "dim"] == ["\n" + THIRD]
    sheet = build_sheet(cut_cards, title="笔记", now=NOW)
    blocks = [block for section in sheet.sections for block in section.blocks if isinstance(block, Definitions)]
    assert any(row.meaning == LONG for block in blocks for row in block.rows)
