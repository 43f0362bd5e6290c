"""Golden cases: markdown in, expected cards and skips out (tests/golden/*.md)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from flashforge.build import cards_for_text
from flashforge.sources import SourceText

GOLDEN = Path(__file__).parent / "golden"
SEPARATOR = "%%% expected"
CASES = sorted(path for path in GOLDEN.glob("*.md") if path.name != "README.md")


def render(markdown: str, name: str) -> str:
    cards, extraction = cards_for_text(SourceText(f"{name}.md", markdown, "digest", "utf-8"))
    lines = [f"card: {card.kind} | {card.front} | {card.back.replace(chr(10), ' ⏎ ')}" for card in cards]
    lines += [f"skip: L{skip.line} | {skip.reason}" for skip in extraction.skips]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("case", CASES, ids=[path.stem for path in CASES])
def test_golden(case: Path) -> None:
    text = case.read_text(encoding="utf-8")
    markdown, found, expected = text.partition("\n" + SEPARATOR + "\n")
    actual = render(markdown + "\n", case.stem)
    if os.environ.get("FLASHFORGE_UPDATE_GOLDEN"):
        case.write_text(markdown + "\n" + SEPARATOR + "\n" + actual, encoding="utf-8")
        return
    assert found, f"{case.name}: add a line '{SEPARATOR}' followed by the expected cards"
    assert actual == expected
