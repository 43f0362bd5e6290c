"""The quiz: sibling distractors, ordering steps, normalised typed answers, and the schedule left alone."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from flashforge.review.quiz import Question, make_questions, normalize
from flashforge.store import Deck
from tests.conftest import sample_cards
from tests.test_review_support import cli, make_deck, reviews, utc_zone

pytestmark = pytest.mark.usefixtures("utc_zone")
__all__ = ["utc_zone"]


def by_key(questions: list[Question]) -> dict[str, Question]:
    return {question.card.key: question for question in questions}


def test_normalize_folds_width_case_space_and_edge_punctuation() -> None:
    assert normalize("ＴＣＰ　三次握手。") == normalize("tcp 三次握手")
    assert normalize("  Copy   On Write ") == "copy on write"
    assert normalize("ＥＳＴＡＢＬＩＳＨＥＤ") == "established"
    assert normalize("O(n)") == "o(n)"  # brackets are part of the answer
    assert normalize("1024") == normalize("１０２４")


def test_choices_come_from_siblings_only() -> None:
    questions = by_key(make_questions(sample_cards(), kind=None, count=100, rng=random.Random(3)))
    established = questions["ESTABLISHED"]
    assert established.mode == "choice"
    assert set(established.options) == {
        "收到应答方向的合法包 <SYN/ACK> & more。",
        "包合法但关联不到已有连接，创建新连接。",
    }
    ttl = questions["默认字段/ttl"]
    assert ttl.mode == "choice"
    assert set(ttl.options) == {"生存时间，每经过一个路由器 -1。", "上层协议：1 icmp，17 udp，6 tcp。"}
    assert ttl.check(str(ttl.options.index("生存时间，每经过一个路由器 -1。") + 1))
    assert not ttl.check(str(ttl.options.index("上层协议：1 icmp，17 udp，6 tcp。") + 1))
    assert ttl.check("生存时间，每经过一个路由器 -1")  # the text itself, without the final 。


def test_a_sequence_is_asked_once_as_an_ordering() -> None:
    questions = make_questions(sample_cards(), kind="sequence", count=100, rng=random.Random(5))
    assert len(questions) == 1
    order = questions[0]
    assert order.mode == "order"
    assert order.correct == ("DISCOVER", "OFFER", "REQUEST", "ACK")
    assert list(order.options) != list(order.correct)
    right = [order.options.index(step) + 1 for step in order.correct]
    assert order.check(" ".join(map(str, right)))
    assert order.check("".join(map(str, right)))
    assert order.check("，".join(map(str, right)))
    assert not order.check(" ".join(map(str, reversed(right))))
    assert not order.check("1 1 2 3")


def test_definitions_are_typed_and_compared_normalised() -> None:
    questions = make_questions(sample_cards(), kind="definition", count=100, rng=random.Random(1))
    assert [question.mode for question in questions] == ["typed"]
    arp = questions[0]
    assert "链路层协议" in arp.prompt
    assert arp.check("ＡＲＰ") and arp.check(" arp ") and not arp.check("RARP")


def test_table_cell_without_siblings_is_typed() -> None:
    questions = make_questions(sample_cards(), kind="table", count=100, rng=random.Random(1))
    assert [(q.mode, q.correct) for q in questions] == [("typed", ("O(n)",))]
    assert questions[0].check("ｏ（ｎ）")


def test_count_and_seed() -> None:
    first = make_questions(sample_cards(), kind=None, count=3, rng=random.Random(9))
    again = make_questions(sample_cards(), kind=None, count=3, rng=random.Random(9))
    assert len(first) == 3
    assert [q.card.id for q in first] == [q.card.id for q in again]


def test_quiz_command_scores_and_leaves_the_schedule_alone(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    result = cli(db, "quiz", "--kind", "state", "--seed", "2", lines=["1", "2"])
    assert result.exit_code == 0, result.output
    assert "Question 1/2" in result.output and "Question 2/2" in result.output
    assert result.output.count("✓ Correct") + result.output.count("✗ Answer") == 2
    assert re.search(r"Score: [012]/2", result.output)
    assert "The schedule was not changed." in result.output
    assert reviews(db) == []
    with Deck.open(db) as deck:
        assert deck.card_states() == []


def test_quiz_typed_answer_right_and_quit(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    result = cli(db, "quiz", "--kind", "definition", lines=["ａｒｐ"])
    assert "✓ Correct" in result.output
    assert "Score: 1/1 (100%)" in result.output
    stopped = cli(db, "quiz", lines=["q"])
    assert "Score: 0/0" in stopped.output
    assert stopped.exit_code == 0


def test_quiz_bad_kind_is_a_one_line_error(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    result = cli(db, "quiz", "--kind", "poem")
    assert result.exit_code == 2
    assert "unknown kind" in result.output


def test_a_typed_question_does_not_give_its_term_away(tmp_path: Path) -> None:
    from tests.conftest import make_card

    card = make_card(
        "definition",
        "ARP",
        "网络 › ARP",
        "ARP 是链路层协议，arp 表缓存 ip->mac。",
        headings=("笔记", "网络", "ARP"),
        payload={"term": "ARP", "meaning": "ARP 是链路层协议，arp 表缓存 ip->mac。"},
    )
    db = make_deck(tmp_path, [card])
    result = cli(db, "quiz", lines=["arp"])
    question = result.output.split("> ")[0]
    assert "ARP" not in question.upper()
    assert "____ 是链路层协议，____ 表缓存 ip->mac。" in question
    assert "笔记 › 网络" in question
    assert "✓ Correct" in result.output
