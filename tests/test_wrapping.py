"""Soft line breaks read as a space only where they wrap an English sentence."""

from __future__ import annotations

import pytest

from flashforge.parse.wrapping import join_soft_breaks, wraps


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("A path that specifies the location of a file or directory", "with respect to the current directory."),
        ("A command-line interface such as Bash (the Bourne-Again Shell)", "or the Microsoft Windows DOS shell"),
        ("A user interface based on typing commands,", "usually at a REPL."),
        ("A remark that is meant for readers of the code,", "But ignored by the computer."),
    ],
)
def test_wrapped_prose_reads_as_one_line(before: str, after: str) -> None:
    assert wraps(before, after)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("git add", "git commit"),  # short lines: one command each
        ("It is a modern NAND based storage device", "It is full-duplex"),  # a capital: a statement of its own
        ("The value of immutable data cannot change.", "see also mutable"),  # the sentence ended
        ("the key of a row in this table", "foreign key: a key of another table"),  # a label starts a line
        ("the items of a list are these ones", "- first"),
        ("当前特权模式低于 M 模式的时候", "中断使能"),  # CJK: lines stay
        ("分为以下几类：", "first kind"),
    ],
)
def test_statement_lines_stay_lines(before: str, after: str) -> None:
    assert not wraps(before, after)


def test_only_soft_breaks_join() -> None:
    pieces = ["A path that specifies the location", "\n", "of a file or directory", "\n", "with respect to it."]
    assert join_soft_breaks(pieces, [False, True, False, False, False]) == (
        "A path that specifies the location of a file or directory\nwith respect to it."
    )  # the second break is a hard one (two blanks, a backslash): the author's
