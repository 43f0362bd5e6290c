"""A PDF past the size limit is refused with the parts of the deck that fit; HTML has no limit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashforge.cheatsheet import pipeline
from flashforge.cli import app
from flashforge.store import Deck

from .conftest import NOW, sample_cards

runner = CliRunner()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The sample deck (10 cards: 笔记::网络 7, 笔记::iptables 2, 笔记::IO 1) with the limit at 5 cards."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FLASHFORGE_NOW", "2026-12-01T08:00:00+00:00")
    monkeypatch.setattr(pipeline, "MAX_PDF_CARDS", 5)
    with Deck.open(tmp_path / "cards" / "deck.db") as deck:
        deck.apply_file("笔记.md", "hash", sample_cards(), NOW)
    yield tmp_path


def test_too_many_cards_for_a_pdf_names_the_decks_that_fit(project: Path) -> None:
    result = runner.invoke(app, ["cheatsheet", "--deck", "笔记"])
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "10 cards are too many for one printed sheet (at most 5)" in message
    assert "--deck '笔记::iptables' (2 cards) or --deck '笔记::IO' (1 card)" in message  # 网络 alone is too big
    assert "-o dist/cheatsheet.html" in message
    assert not (project / "dist" / "cheatsheet.pdf").exists()


def test_the_whole_deck_suggests_its_top_decks(project: Path) -> None:
    result = runner.invoke(app, ["cheatsheet"])
    assert result.exit_code == 2
    assert "print part of the deck with --deck," in " ".join(result.output.split())  # the only top deck is too big


def test_a_deck_within_the_limit_prints_and_html_has_no_limit(project: Path) -> None:
    assert runner.invoke(app, ["cheatsheet", "--deck", "笔记::iptables", "-o", "small.pdf"]).exit_code == 0
    assert (project / "small.pdf").read_bytes().startswith(b"%PDF")
    result = runner.invoke(app, ["cheatsheet", "-o", "all.html"])
    assert result.exit_code == 0, result.output
    assert "Wrote all.html (10 cards)" in result.output
