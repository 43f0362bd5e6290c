"""Our list parser gives exactly the tokens mistune's own list parser gives, and leaves mistune untouched."""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path
from typing import Any

import mistune
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mistune import list_parser

from flashforge.parse import htmltables, lists, reader
from flashforge.parse.blocks import LineBlockParser
from flashforge.parse.inline import inline_text
from flashforge.parse.inline_parser import FastInlineParser
from flashforge.parse.markdown import build, parser
from flashforge.parse.reader import LineFinder, Reader

ROOT = Path(__file__).resolve().parents[1]

# Lines that start, continue, nest, loosen and end list items, with tabs and every bullet.
PIECES = [
    "- a",
    "-",
    "- ",
    "* b",
    "+ c",
    "1. one",
    "2) two",
    "3. three",
    "10. ten",
    "١. 阿拉伯",
    "  - nested",
    "    - deeper",
    "   * three blanks",
    "\t- tab",
    "-\ttab after",
    " \t- mixed",
    "  text",
    "    code or text",
    "\tcode",
    "      six",
    "lazy line",
    "",
    " ",
    "\t",
    "---",
    "***",
    "- - -",
    "* * *",
    "_ _ _",
    "-\t-\t-",
    "- -",
    "# heading",
    "> quote",
    "```",
    "~~~",
    "<div>",
    "<!-- c -->",
    "| a | b |",
    "!!! note",
    ":::",
    "term",
    ": meaning",
    "-    five blanks",
    "- [ ] task",
    "-\t\tx",
    "  \t y",
    # one-line items, read without collecting lines or a parse of their text (lists._one_line_item)
    "- 中文的一行",
    "- word:: value",
    "- a | b",
    "- **bold** text",
    "- `code`",
    "-  two blanks",
    "- trailing ",
    "- import x from 'y'",
    "  - nested text",
    "   - three",
    "10) ten",
    "- 1. label",
    "- [x](y)",
    "\v",
]


def _block_tokens(md: mistune.Markdown, text: str) -> list[dict[str, Any]]:
    state = md.block.state_cls()
    state.process(text if text.endswith("\n") else text + "\n")
    md.block.parse(state)
    return state.tokens


@functools.cache
def _mistunes() -> mistune.Markdown:
    """Our parser, but lists parsed by mistune's own list parser."""
    md = build(FastInlineParser())
    block = md.block
    block._methods["list"] = lambda m, state: list_parser.parse_list(block, m, state)
    return md


def _same(text: str) -> None:
    assert _block_tokens(parser(), text) == _block_tokens(_mistunes(), text)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
@example(["- a", "", "  text", "- b"])
@example(["1. one", "2) two"])
@example(["- a", "\t- tab", "  \t y"])
def test_list_tokens_equal_mistunes(lines: list[str]) -> None:
    _same("\n".join(lines))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(alphabet=" \t-*+1.)>#`a\n", max_size=8)), max_size=10))
def test_random_indents_and_markers_too(lines: list[str]) -> None:
    _same("\n".join(lines))


def test_the_shipped_notes_give_mistunes_tokens() -> None:
    for path in sorted((ROOT / "notes").rglob("*.md")):
        _same(path.read_text(encoding="utf-8"))


def test_the_regexes_are_mistunes() -> None:
    block = parser().block
    assert isinstance(block, LineBlockParser)
    for width in range(8):
        ours = block.list_patterns.breaks(width)
        theirs = list_parser._compile_list_break_sc(block, width)
        assert (ours.pattern, ours.flags) == (theirs.pattern, theirs.flags)
        assert block.list_patterns.breaks(width) is ours  # compiled once
        for bullet in "-*+.)":
            pattern = list_parser._compile_list_item_pattern(list_parser._get_list_bullet(bullet), width)
            assert block.list_patterns.item(bullet, width).pattern == pattern


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(PIECES), st.text(max_size=4), st.integers(min_value=0, max_value=5))
def test_a_line_that_may_break_an_item_passes_the_first_character_test(piece: str, tail: str, width: int) -> None:
    block = parser().block
    assert isinstance(block, LineBlockParser)
    for line in (piece + tail, tail + piece, tail):
        text = "x\n" + line + "\n"
        items = [block.list_patterns.item(bullet, width) for bullet in "-*+.)"]
        if block.list_patterns.breaks(width).match(text, 2) or any(item.match(line) for item in items):
            assert lists.MAY_BREAK.match(line)


def test_mistune_itself_is_left_as_it_was() -> None:
    """A bare mistune in the same process runs mistune's own code: nothing of it is patched."""
    script = (
        "import mistune, mistune.list_parser as lp, mistune.block_parser as bp\n"
        "before = {m.__name__: dict(vars(m)) for m in (lp, bp)}\n"
        "methods = dict(vars(bp.BlockParser))\n"
        "from flashforge.parse import parse_document\n"
        "parse_document('- a\\n  - b\\n\\n1. c\\n')\n"
        "mistune.create_markdown(renderer=None)('- a\\n- b\\n')\n"
        "assert all(dict(vars(m)) == before[m.__name__] for m in (lp, bp))\n"
        "assert dict(vars(bp.BlockParser)) == methods\n"
        "print('same')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "same"


ITEM_PIECES = [*PIECES, "text", "中文的一行", "word:: value", "import x from 'y'", "a | b", "|---|---|", "**bold**"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(ITEM_PIECES), min_size=1, max_size=5), st.booleans(), st.booleans())
@example(["text"], True, True)
@example(["**bold**", "a | b", "|---|---|"], True, False)
@example(["text", "", "more"], True, False)
@example(["text", "- nested"], True, False)
def test_an_item_text_gives_the_tokens_of_a_parse_of_its_own(lines: list[str], newline: bool, nested: bool) -> None:
    """An item's text read as one plain paragraph without a parse (or starting with one) gives the same tokens."""
    block = parser().block
    assert isinstance(block, LineBlockParser)
    source = "\n".join(lines) + ("\n" if newline else "")
    rules = [rule for rule in block.list_rules if rule not in ("list", "block_quote")] if nested else block.list_rules
    state = block.state_cls()
    child = state.child_state(source)
    block.parse(child, rules)
    assert block.parse_text(block.state_cls(), source, rules) == child.tokens


def test_most_item_texts_are_one_paragraph() -> None:
    block = parser().block
    assert isinstance(block, LineBlockParser)
    state = block.state_cls()
    for text in ("一个列表项\n", "two\nlines\n", "**粗体** 开头\n", "`code` first\n"):
        assert block.parse_text(state, text, block.list_rules) == [{"type": "paragraph", "text": text}]
    nested = block.parse_text(state, "text\n- nested\n", block.list_rules)
    assert [token["type"] for token in nested] == ["paragraph", "list"]
    assert block.parse_text(state, "# heading\n", block.list_rules)[0]["type"] == "heading"


ITEM_TEXTS = [
    "text",
    "中文",
    "**bold** text",
    "`code` first",
    "[a](#b)",
    "[a](http://x)",
    "a &amp; b",
    "<b>x</b>",
    "#tag",
]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from([*ITEM_TEXTS, *PIECES]), min_size=1, max_size=8), st.sampled_from(["- ", "1. "]))
@example(["text", "  - nested", "", "more"], "- ")
def test_a_plain_items_shortcut_reads_what_the_whole_reading_reads(texts: list[str], marker: str) -> None:
    """``reader.plain_item`` gives the list item that ``Reader.any_item`` gives, where it gives one."""
    text = "\n".join(marker + line if line in ITEM_TEXTS else line for line in texts) + "\n"
    tokens, _ = parser().parse(text)
    finder = LineFinder(text, 0)
    for token in tokens:
        if token["type"] != "list":
            continue
        for child in token["children"]:
            shortcut = reader.plain_item(child, 3)
            if shortcut is not None:
                assert shortcut == Reader(finder, ()).any_item(child, 3, [3], [0], 0, [])


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab &<>;#\n 中")), max_size=12))
def test_a_paragraph_of_one_text_reads_as_the_whole_reading_reads_it(raw: str) -> None:
    """``reader.paragraph`` takes one plain text without ``<`` or ``&`` as it is; the same block as inline_text's."""
    children = [{"type": "text", "raw": raw}]
    expected = reader.Block("paragraph", 4, ("h",), text=inline_text(children).strip())
    assert reader.paragraph(children, 4, ("h",)) == expected


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab &<>;#\n 中\t")), max_size=12))
def test_a_table_cell_of_one_text_reads_as_the_whole_reading_reads_it(raw: str) -> None:
    """``reader._cell`` takes one line of plain text without ``<`` or ``&`` as it is, stripped."""
    children = [{"type": "text", "raw": raw}]
    assert reader._cell({"type": "table_cell", "children": children}) == htmltables.cell_text(inline_text(children))


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["TODO", "(", "（", ")", "）", "？", "重要", "非常", "⭐️", " ", "a", "中", "#", "必看", "\u3000", "_"]
        ),
        max_size=8,
    )
)
def test_a_heading_without_markers_is_cleaned_as_the_patterns_clean_it(pieces: list[str]) -> None:
    """``clean_heading`` skips its two patterns only where neither can match: the same text."""
    text = "".join(pieces)
    cleaned = reader._HEADING_DECORATION.sub("", reader._HEADING_MARKERS.sub("", text)).strip()
    assert reader.clean_heading(text) == (cleaned or text.strip())
