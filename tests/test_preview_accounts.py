"""`preview` accounts for every block: each gives a card or is listed as skipped, with a reason."""

from __future__ import annotations

import bisect
from pathlib import Path

import pytest

from flashforge.extract import Extraction, extract
from flashforge.parse import Document, parse_document

REPO = Path(__file__).resolve().parents[1]
GOLDEN = sorted(path for path in (REPO / "tests" / "golden").glob("*.md") if path.name != "README.md")


def silent_blocks(document: Document, extraction: Extraction) -> list[tuple[int, str]]:
    """Blocks (line, type) with no card and no skip between their first line and the next block's.

    A part opted out with ``<!-- flashforge: off -->`` … ``on`` is accounted for by its one skip.
    """
    lines = {item.line for item in extraction.items} | {skip.line for skip in extraction.skips}
    for item in extraction.items:
        lines.update(getattr(item.parts, "lines", ()))
    ordered = sorted(lines)
    opted_out = [skip.line for skip in extraction.skips if skip.reason.startswith("opted out")]
    blocks = [block for block in document.blocks if block.type != "heading"]
    silent = []
    for index, block in enumerate(blocks):
        end = blocks[index + 1].line if index + 1 < len(blocks) else 10**9
        at = bisect.bisect_left(ordered, block.line)
        if at < len(ordered) and ordered[at] < max(end, block.line + 1):
            continue
        if any(start <= block.line for start in opted_out) and "flashforge" in "".join(
            b.text for b in blocks[index:] if b.type == "html"
        ):
            continue
        silent.append((block.line, block.type))
    return silent


def accounted(text: str) -> list[tuple[int, str]]:
    document = parse_document(text)
    return silent_blocks(document, extract(document))


def test_every_block_of_the_shipped_notes_is_accounted_for() -> None:
    assert accounted((REPO / "notes" / "杂乱笔记.md").read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("case", GOLDEN, ids=[path.stem for path in GOLDEN])
def test_every_block_of_a_golden_case_is_accounted_for(case: Path) -> None:
    markdown = case.read_text(encoding="utf-8").partition("\n%%% expected\n")[0]
    assert accounted(markdown) == []


def test_the_check_finds_a_silent_block() -> None:
    document = parse_document("# T\n\n- a：b\n\ntext\n")
    assert silent_blocks(document, Extraction((), ())) == [(3, "list"), (5, "paragraph")]
