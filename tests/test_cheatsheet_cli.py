"""`flashforge cheatsheet` end to end: real deck, real WeasyPrint PDF, real poppler."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from flashforge.cli import app
from flashforge.model import CellPayload, StepPayload, TermPayload
from flashforge.store import Deck

from .conftest import NOW, make_card, sample_cards
from .test_cheatsheet_fonts import LATIN_ONLY, latin_only_fontconfig

runner = CliRunner()
CJK_FONT_NAMES = ("Noto", "CJK", "WenQuanYi", "Source Han")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A project folder whose deck holds the sample cards (one group of every kind)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FLASHFORGE_NOW", "2026-12-01T08:00:00+00:00")
    deck = Deck.open(tmp_path / "cards" / "deck.db")
    deck.apply_file("笔记.md", "hash", sample_cards(), NOW)
    deck.close()
    yield tmp_path


def pdf_text(path: Path) -> str:
    """The PDF's text with all whitespace removed (CJK lines wrap anywhere)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", "", text.stdout)


def font_names(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def shown_terms(cards: list[object]) -> list[str]:
    """What each card puts on the sheet: its term, step, or table row key."""
    terms = []
    for stored in cards:
        card = stored.card  # type: ignore[attr-defined]
        match card.payload:
            case StepPayload(steps=steps, index=index):
                terms.append(steps[index])
            case CellPayload(row=row):
                terms.append(row[0])
            case TermPayload(term=term):
                terms.append(term or card.key)
    return terms


def test_pdf_of_the_sample_deck(project: Path) -> None:
    result = runner.invoke(app, ["cheatsheet"])
    assert result.exit_code == 0, result.output
    assert "Wrote dist/cheatsheet.pdf (10 cards, 1 pages)" in result.output
    pdf = project / "dist" / "cheatsheet.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    width, height = (float(x) for x in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = pdf_text(pdf)
    for needle in ("ARP", "ttl", "protocol", "ESTABLISHED", "DISCOVER", "select", "最大连接数", "<SYN/ACK>&more"):
        assert needle in text
    # Header and footer: the deck's title, the pinned date, the page number.
    assert "笔记" in text and "2026-12-01" in text and "1/1" in text
    assert any(any(name in font for name in CJK_FONT_NAMES) for font in font_names(reader))
    assert [p.name for p in (project / "dist").iterdir()] == ["cheatsheet.pdf"]  # no temp file left behind


def test_html_output_is_one_escaped_file(project: Path) -> None:
    result = runner.invoke(app, ["cheatsheet", "-o", "out/sheet.html", "--columns", "3"])
    assert result.exit_code == 0, result.output
    html = (project / "out" / "sheet.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "&lt;SYN/ACK&gt; &amp; more" in html
    assert "column-count: 3;" in html
    assert "2026-12-01" in html
    assert "@font-face" in html and "base64," in html  # the CJK glyphs travel with the page
    assert oct((project / "out" / "sheet.html").stat().st_mode & 0o777) != oct(0o600)


def test_deck_filter_and_letter_paper(project: Path) -> None:
    result = runner.invoke(app, ["cheatsheet", "--deck", "笔记::网络", "--paper", "letter", "-o", "net.pdf"])
    assert result.exit_code == 0, result.output
    reader = PdfReader(project / "net.pdf")
    width, height = (float(x) for x in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (612, 792)
    text = pdf_text(project / "net.pdf")
    assert "笔记›网络" in text
    assert "DISCOVER" in text and "ESTABLISHED" not in text


def test_replaces_an_existing_sheet(project: Path) -> None:
    target = project / "sheet.html"
    target.write_text("old", encoding="utf-8")
    assert runner.invoke(app, ["cheatsheet", "-o", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--deck", "没有"],
            "no cards in deck '没有'; the decks are 笔记::IO, 笔记::iptables, 笔记::网络 (or drop --deck)",
        ),
        (["-o", "sheet.txt"], "sheet.txt: unknown output type '.txt'; name the file .pdf or .html"),
        (["-o", "dist"], "dist: is a folder"),
        (["--paper", "A3"], "--paper A3: unknown paper size; use A4 or Letter"),
        (["--columns", "5"], "--columns 5: use 2 or 3"),
    ],
)
def test_bad_arguments_fail_in_one_line_and_write_nothing(project: Path, args: list[str], message: str) -> None:
    (project / "dist").mkdir(exist_ok=True)
    result = runner.invoke(app, ["cheatsheet", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert list((project / "dist").iterdir()) == []
    assert not (project / "sheet.txt").exists()


def test_without_a_deck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["cheatsheet"])
    assert result.exit_code == 2
    assert "no deck yet; run 'flashforge build' first" in result.output
    assert not (tmp_path / "dist").exists()


def test_long_words_and_code_lines_wrap_inside_the_page(project: Path) -> None:
    url = "https://example.com/" + "very-long-path-segment" * 12
    code = "iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE" * 3
    cards = [
        make_card("definition", url, url, code, payload={"term": url, "meaning": code}),
        make_card("field", "f/x", "x", url, title="字段", group="g", position=1, payload={"term": url, "meaning": url}),
    ]
    deck = Deck.open(project / "cards" / "deck.db")
    deck.apply_file("长.md", "hash", cards, NOW)
    deck.close()
    assert runner.invoke(app, ["cheatsheet", "-o", "long.pdf"]).exit_code == 0
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(project / "long.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))  # type: ignore[union-attr]
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    assert right_edges and max(right_edges) <= page_width - 8 * 72 / 25.4 + 1  # inside the 8 mm margin


@pytest.mark.skipif(not LATIN_ONLY.is_dir(), reason="DejaVu fonts not installed")
def test_without_a_cjk_font_warns_once_and_still_writes_the_html(project: Path, tmp_path: Path) -> None:
    env = {**os.environ, "FONTCONFIG_FILE": str(latin_only_fontconfig(tmp_path))}
    result = subprocess.run(
        [sys.executable, "-c", "from flashforge.cli import main; main()", "cheatsheet"],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("warning:") == 1
    assert "sudo apt-get install fonts-noto-cjk" in result.stderr
    assert (project / "dist" / "cheatsheet.pdf").exists()
    assert "链路层协议" in (project / "dist" / "cheatsheet.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def shipped_sheet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[object]]]:
    """The shipped notes, built into a fresh deck and printed once for the tests below."""
    from flashforge.build import build_notes
    from flashforge.config import load_settings

    from .conftest import REPO

    root = tmp_path_factory.mktemp("shipped")
    shutil.copytree(REPO / "notes", root / "notes")
    settings = load_settings(root)
    build_notes(settings, NOW)
    deck = Deck.open(settings.db)
    cards: list[object] = list(deck.cards())
    deck.close()
    old = Path.cwd()
    os.chdir(root)
    try:
        result = runner.invoke(app, ["cheatsheet"], env={"FLASHFORGE_NOW": "2026-12-01T08:00:00+00:00"})
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    yield root / "dist" / "cheatsheet.pdf", cards


def test_shipped_notes_fit_on_six_a4_pages(shipped_sheet: tuple[Path, list[object]]) -> None:
    pdf, cards = shipped_sheet
    assert len(cards) > 100
    reader = PdfReader(pdf)
    assert 1 <= len(reader.pages) <= 6
    assert all(round(float(page.mediabox.width)) == 595 for page in reader.pages)


def test_shipped_notes_every_term_is_printed(shipped_sheet: tuple[Path, list[object]]) -> None:
    pdf, cards = shipped_sheet
    text = pdf_text(pdf)
    missing = [term for term in shown_terms(cards) if re.sub(r"\s+", "", term) not in text]
    assert missing == []


def test_shipped_notes_embed_a_cjk_font_and_page_one_is_an_artefact(shipped_sheet: tuple[Path, list[object]]) -> None:
    pdf, _ = shipped_sheet
    names = font_names(PdfReader(pdf))
    assert any(any(name in font for name in CJK_FONT_NAMES) for font in names), names
    # Page 1 as PNG for a human to look at (CI keeps test-artifacts/).
    artefacts = Path(__file__).resolve().parents[1] / "test-artifacts"
    artefacts.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(artefacts / "cheatsheet")],
        check=True,
    )
    assert (artefacts / "cheatsheet.png").stat().st_size > 50_000


def test_header_date_is_the_local_calendar_day(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("FLASHFORGE_NOW", "2026-12-01T20:00:00+00:00")  # 04:00 the next day in Shanghai
    old_tz = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    try:
        assert runner.invoke(app, ["cheatsheet", "-o", "day.html"]).exit_code == 0
    finally:
        if old_tz is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old_tz
        time.tzset()
    assert "2026-12-02 · 10 cards" in (project / "day.html").read_text(encoding="utf-8")
