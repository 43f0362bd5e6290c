"""The extractor's text patterns take linear time on hostile lines (issue 11, case 1) and keep their answers."""

from __future__ import annotations

import pytest

from flashforge.extract import patterns

from .hang_guard import no_hang

N = 200_000  # a quadratic scan of this takes minutes; a linear one well under a second


@pytest.mark.parametrize(
    "line",
    [
        "x" + " " * N + "y -> z",
        "x" + "-" * N + " -> y -> z",
        "a ->" + " " * N + "x",
        "+" + "-" * N + "+",  # an ASCII diagram outside a fence
    ],
)
def test_arrow_chain_is_linear(line: str) -> None:
    with no_hang("arrow_chain"):
        assert patterns.arrow_chain(line) is None


@pytest.mark.parametrize(
    "line",
    ["ab> " * (N // 4) + ">", "a" * N + ">b>", "a" + " " * N + ">b>", "a(" * (N // 2) + ">b>", "->" + "a>" * N],
)
def test_gt_chain_is_linear(line: str) -> None:
    with no_hang("gt_chain"):
        assert patterns.gt_chain(line) is None


@pytest.mark.parametrize(
    "title",
    ["x" + " " * N + "y：", "(" + "?" * N + "：", "(" * N + "：", "一" * N + "：", "1." * N + "：", "（" + " " * N],
)
def test_normalize_title_is_linear(title: str) -> None:
    with no_hang("normalize_title"):
        assert isinstance(patterns.normalize_title(title), str)


def test_a_long_chain_is_still_found_whole() -> None:
    names = [f"n{i}" for i in range(N // 8)]
    with no_hang("gt_chain"):
        found = patterns.gt_chain("按顺序：" + " > ".join(names))
    assert found == ("按顺序：", names)
    with no_hang("arrow_chain"):
        assert patterns.arrow_chain(" -> ".join(names)) == names


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("（按优先级高到低，raw>mangle>dnat>filter）", ("（按优先级高到低，", ["raw", "mangle", "dnat", "filter"])),
        ("->a > b > c > d", ("->a > ", ["b", "c", "d"])),  # a chain does not continue an arrow
        ("a > b > c >>", ("", ["a", "b", "c"])),
        ("a)>_>a(>", ("", ["a)", "_", "a"])),  # the last name ends before "("
        ("9ab>c>d e>f>g", ("9ab>c>d ", ["e", "f", "g"])),
        ("a>b", None),
        ("a>b>c>", None),
    ],
)
def test_gt_chain_answers(line: str, expected: tuple[str, list[str]] | None) -> None:
    assert patterns.gt_chain(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("A -> B → C", ["A", "B", "C"]),
        ("A  ->  B=>C", ["A", "B", "C"]),
        ("A ---> B ⇒ C。", ["A", "B", "C"]),
        ("A → → B", None),  # an empty step
        ("A -> B", None),
    ],
)
def test_arrow_chain_answers(line: str, expected: list[str] | None) -> None:
    assert patterns.arrow_chain(line) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("1. 连接状态（重要）有：", "连接状态"),
        ("架构（自顶向下）", "架构（自顶向下）"),
        ("步骤(为什么?)：", "步骤"),
        ("a (b)  (c) d", "ad"),
    ],
)
def test_normalize_title_answers(title: str, expected: str) -> None:
    assert patterns.normalize_title(title) == expected
