"""`flashforge cheatsheet`: the deck on a few printed pages, as PDF or HTML."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import current_time, fail, open_deck, out_console, settings, warn

if TYPE_CHECKING:
    from ..cheatsheet.html import Paper

SUFFIXES = (".pdf", ".html")


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder, so a crash never leaves half a file."""
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
        # mkstemp makes the file private (0600); a cheat sheet gets the mode any new file would get.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp_name, 0o666 & ~umask)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _shown(path: Path) -> str:
    """``path`` relative to the current folder when it is inside it (shorter, and what the user typed)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _check_output(output: Path) -> None:
    if output.is_dir():
        fail(f"{output}: is a folder; give a file name such as {output / 'cheatsheet.pdf'}")
    if output.suffix.lower() not in SUFFIXES:
        fail(f"{output}: unknown output type '{output.suffix}'; name the file .pdf or .html")


def _make_folder(output: Path) -> None:
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fail(f"{output}: cannot create its folder ({error.strerror}); choose another path with -o")


def _write(path: Path, data: bytes) -> None:
    try:
        write_atomically(path, data)
    except OSError as error:
        fail(f"{path}: cannot write ({error.strerror}); choose another path with -o")


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""

    @app.command()
    def cheatsheet(
        ctx: typer.Context,
        deck: Annotated[
            str | None, typer.Option("--deck", help="Only this deck and its sub-decks (e.g. '杂乱笔记::网络').")
        ] = None,
        output: Annotated[
            Path | None,
            typer.Option("-o", "--output", help="Where to write: a .pdf or .html file (default: dist/cheatsheet.pdf)."),
        ] = None,
        columns: Annotated[int, typer.Option(help="Text columns per page: 2 or 3.")] = 2,
        paper: Annotated[str, typer.Option(help="Paper size: A4 or Letter.")] = "A4",
    ) -> None:
        """Print the deck as a cheat sheet, grouped by topic: a PDF (WeasyPrint) or one HTML file."""
        from ..cheatsheet import cheatsheet_html
        from ..cheatsheet.fonts import INSTALL_HINT, find_cjk_font, needs_cjk, no_fonts_at_all
        from ..cheatsheet.layout import build_sheet, sheet_title

        config = settings(ctx)
        chosen_paper = _paper(paper)
        if columns not in (2, 3):
            fail(f"--columns {columns}: use 2 or 3 (one column wastes the page, four are too narrow for tables)")
        target = (output if output is not None else config.dist / "cheatsheet.pdf").expanduser()
        _check_output(target)
        now = current_time()
        opened = open_deck(config, must_exist=True)
        try:
            cards = [stored.card for stored in opened.cards(deck_prefix=deck)]
            known = sorted({stored.card.deck for stored in opened.cards()}) if deck and not cards else []
        finally:
            opened.close()
        if not cards:
            if known:
                listed = ", ".join(known[:6]) + (", …" if len(known) > 6 else "")
                fail(f"{_shown(config.db)}: no cards in deck '{deck}'; the decks are {listed} (or drop --deck)")
            fail(f"{_shown(config.db)}: the deck has no cards yet; run 'flashforge build' first")
        _make_folder(target)

        # The date in the header is the learner's calendar day, not UTC's.
        sheet = build_sheet(cards, title=sheet_title(cards, deck), now=now.astimezone())
        font = find_cjk_font()
        html = cheatsheet_html(sheet, columns=columns, paper=chosen_paper, font=font)
        cjk_missing = font is None and needs_cjk(html)

        if target.suffix.lower() == ".html":
            _write(target, html.encode("utf-8"))
            out_console.print(f"wrote {_shown(target)} ({len(cards)} cards)")
            if cjk_missing:
                warn(f"no CJK font found; browsers will use their own. For the PDF, install one: {INSTALL_HINT}")
            return

        html_path = target.with_suffix(".html")
        if cjk_missing:
            # Written first: the PDF's Chinese will be boxes, the HTML prints fine from a browser with its own fonts.
            _write(html_path, html.encode("utf-8"))
        if no_fonts_at_all():
            if not cjk_missing:
                _write(html_path, html.encode("utf-8"))
            fail(
                f"{_shown(target)}: no fonts are installed, so no PDF can be drawn; wrote {_shown(html_path)}; "
                f"install fonts with: {INSTALL_HINT}"
            )

        from ..cheatsheet.pdf import render_pdf

        try:
            rendered = render_pdf(html)
        except Exception as error:  # WeasyPrint's failures have no common base class
            fail(f"{_shown(target)}: WeasyPrint could not draw the sheet ({error}); try -o {_shown(html_path)}")
        _write(target, rendered.data)
        out_console.print(f"wrote {_shown(target)} ({len(cards)} cards, {rendered.pages} pages)")
        if cjk_missing:
            warn(
                f"no CJK font found (fc-list :lang=zh is empty), so Chinese text in {_shown(target)} shows as boxes; "
                f"wrote {_shown(html_path)} to print from a browser; install a font with: {INSTALL_HINT}"
            )


def _paper(value: str) -> Paper:
    from ..cheatsheet.html import PAPERS

    for paper in PAPERS:
        if value.lower() == paper.lower():
            return paper
    fail(f"--paper {value}: unknown paper size; use A4 or Letter")
