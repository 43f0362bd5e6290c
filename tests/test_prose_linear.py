"""Sentence definitions take linear time on hostile sentences (issue 11, case 1)."""

from __future__ import annotations

import pytest

from flashforge.extract import prose

from .hang_guard import no_hang

N = 40_000  # a quadratic scan of this takes minutes; a linear one well under a second


@pytest.mark.parametrize(
    "text",
    [
        "，".join(["这样的"] * N) + "叫做x",  # every clause before a name was joined again for each clause
        "，".join(["这个叫做x"] * N),
        "a" * N + " - the x",  # one long word before a dash
        ("word " * N) + " - a thing that is",
        "A x that " + "y " * N + " is a z.",
        "有一个" + "啊" * N + "，它" + "x" * N,
        "Between " + "a " * N + ", a signal is said to be pending.",
    ],
)
def test_prose_definitions_are_linear(text: str) -> None:
    with no_hang("prose_definitions"):
        assert isinstance(prose.prose_definitions(text), list)


@pytest.mark.parametrize(
    "text",
    ["A" * N + " (", "（AB，" + "a" * N + "）", "word " * N + "(ABC)", "ab-" * N + " (AB)", "ABC (" + "a " * N + ")"],
)
def test_acronyms_are_linear(text: str) -> None:
    with no_hang("acronym_definitions"):
        assert prose.acronym_definitions(text) == []
