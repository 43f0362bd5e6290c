"""`flashforge cards` lays out its table itself: line for line what rich's Table printed (the reference here)."""

from __future__ import annotations

import io
import shutil
from collections.abc import Sequence
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import get_character_cell_size
from rich.table import Table
from typer.testing import CliRunner

from flashforge.cli import app
from flashforge.commands.build import print_card_table
from flashforge.commands.card_table import IDEOGRAPHS
from flashforge.display import SafeConsole
from flashforge.model import KINDS, Card, Kind
from flashforge.store import Deck

from .conftest import REPO, make_card

# What notes hold (ASCII, CJK, full-width punctuation, arrows) and what they seldom do (tabs, newlines,
# zero-width joiners, combining marks, emoji sequences, control characters: these go through rich itself).
COMMON = list("ab Zz09-_/.:()[]") + list("网络协议传输层，。：（）「」") + ["⏎", "→", "…", "  ", "abcdefghijklmnopq"]
# A bare joiner opening a cell is left out: rich's own Table mis-measures it (and raises IndexError in
# rich.cells._split_text on "\u200d\u200d网…" at width 40), so it is no reference there.
RARE = ["\t", "\n", "x\u200dy", "\u0301", "👩\u200d💻", "❤\ufe0f", "\x1b[2J", "é", "\u3000"]
TEXT = st.lists(st.sampled_from(COMMON) | st.sampled_from(RARE), max_size=40).map("".join)
PLAIN = st.lists(st.sampled_from(COMMON), max_size=40).map("".join)
WIDTHS = (40, 59, 60, 80, 100, 101, 160)


def rich_table(cards: Sequence[Card], console_width: int) -> str:
    """The table as flashforge printed it with rich's Table (decks up to 2,000 cards)."""
    out = io.StringIO()
    console = SafeConsole(file=out, width=console_width, soft_wrap=True, color_system=None)
    width = max(console.width, 60)
    kind_width, source_width = 10, min(32, width // 5)
    text_width = max((width - kind_width - source_width - 6) // 2, 10)
    table = Table(box=None, show_edge=False)
    for name, size in (("kind", kind_width), ("front", text_width), ("back", text_width), ("source", source_width)):
        table.add_column(name, overflow="fold", width=size)
    for card in cards:
        back = card.back.replace("\n", " ⏎ ")
        table.add_row(card.kind, card.front, back if len(back) <= 120 else back[:119] + "…", card.source)
    console.print(table)
    return out.getvalue()


def our_table(cards: Sequence[Card], console_width: int) -> str:
    out = io.StringIO()
    print_card_table(cards, SafeConsole(file=out, width=console_width, soft_wrap=True, color_system=None))
    return out.getvalue()


def test_the_shipped_notes_list_as_rich_listed_them(tmp_path: Path) -> None:
    shutil.copytree(REPO / "notes", tmp_path / "notes")
    result = CliRunner().invoke(app, ["--notes", str(tmp_path / "notes"), "--db", str(tmp_path / "deck.db"), "build"])
    assert result.exit_code == 0, result.output
    with Deck.open(tmp_path / "deck.db") as deck:
        cards = [stored.card for stored in deck.cards()]
    assert len(cards) > 100
    for width in WIDTHS:
        assert our_table(cards, width) == rich_table(cards, width), width
    assert our_table([], 80) == rich_table([], 80)  # an empty deck: the header alone


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(KINDS), TEXT, TEXT, PLAIN, st.integers(1, 99_999)), min_size=1, max_size=6),
    st.sampled_from(WIDTHS),
)
def test_any_text_lists_as_rich_lists_it(rows: list[tuple[Kind, str, str, str, int]], width: int) -> None:
    cards = [
        make_card(kind, f"k{index}", front, back, path=path or "x.md", line=line)
        for index, (kind, front, back, path, line) in enumerate(rows)
    ]
    assert our_table(cards, width) == rich_table(cards, width)


def test_the_ideographs_taken_as_two_cells_are_two_cells_in_rich() -> None:
    first, last = (ord(character) for character in IDEOGRAPHS)
    assert last - first > 20_000
    assert {get_character_cell_size(chr(point)) for point in range(first, last + 1)} == {2}
