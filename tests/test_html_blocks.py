"""HTML text blocks inside markdown are read as the markdown they stand for (parse/htmlblocks.py)."""

from __future__ import annotations

import pytest

from flashforge.build import cards_for_text
from flashforge.parse import parse_document
from flashforge.parse.htmlblocks import markdown_of
from flashforge.sources import SourceText

from .hang_guard import no_hang

N = 20_000


def test_paragraphs_headings_items_and_links_become_markdown() -> None:
    raw = (
        '<h3 id="x"> What is it? </h3>\n    <p>Docker is an open\n    platform.</p>\n'
        '<ul>\n  <li><a href="https://docs.docker.com/" target="_blank">Docs</a></li>\n</ul>\n'
    )
    assert markdown_of(raw) == "### What is it?\n\nDocker is an open\nplatform.\n\n- [Docs](https://docs.docker.com/)\n"


@pytest.mark.parametrize(
    "raw",
    [
        "<!-- <p>a comment</p> -->\n",
        '<div align="center"><img src="a.png"/></div>\n',
        "<table><tr><td><p>cell</p></td></tr></table>\n",
        "<dl><dt>term</dt><dd><p>meaning</p></dd></dl>\n",
        '<script>var p = "<p>x</p>";</script>\n',
        "<pre><p>code</p></pre>\n",
        "<p></p>\n",
    ],
)
def test_layout_comments_and_other_readers_blocks_stay_html(raw: str) -> None:
    assert markdown_of(raw) is None


def test_html_sections_get_their_place_on_the_heading_path() -> None:
    document = parse_document("# Header\n\n<h2>Directives</h2>\n\n<p>Each directive:</p>\n\n## Examples\n\ntext\n")
    paragraph = next(block for block in document.blocks if block.text == "Each directive:")
    assert paragraph.headings == ("Header", "Directives")
    assert paragraph.line == 5
    assert next(block for block in document.blocks if block.text == "text").headings == ("Header", "Examples")


def test_a_details_glossary_gives_one_card_per_summary() -> None:
    text = "".join(
        f"<details>\n  <summary>{name}</summary>\n\n  <h3>What is it?</h3>\n    <p>{name} is a tool for {use}.</p>\n"
        "</details>\n\n"
        for name, use in (("Helm", "packaging charts"), ("Kind", "local clusters"))
    )
    cards, _ = cards_for_text(SourceText("glossary.md", "# Glossary\n\n" + text, "digest", "utf-8"))
    backs = {card.front.split(" · ")[0]: card.back for card in cards}
    assert backs == {"Helm": "Helm is a tool for packaging charts.", "Kind": "Kind is a tool for local clusters."}


@pytest.mark.parametrize(
    "markdown",
    [
        "# T\n\n<p>" + "<h2 " * N + "x\n",
        "# T\n\n<p>" + '<a href="' + "x" * N + "\n",
        "# T\n\n<p>" + "<a " * N + 'href="y">z</a></p>\n',
        "# T\n\n<p>" + "<li>" * N + "</p>\n",
        "# T\n\n<h2>" + "<b>" * N + "</h2>\n",
        "# T\n\n<p>" + "x</p><p>" * N + "</p>\n",
    ],
)
def test_hostile_html_blocks_are_linear(markdown: str) -> None:
    with no_hang("cards_for_text"):
        cards, _ = cards_for_text(SourceText("hostile.md", markdown, "digest", "utf-8"))
        assert isinstance(cards, list)
