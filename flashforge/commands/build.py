"""`flashforge build`, `preview`, `cards` and `prune`: from notes to the deck and back out as text."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..display import printable
from ..kinds import KINDS
from .common import EXIT_SKIPPED, current_time, err_console, fail, open_deck, out_console, settings, warn
from .progress import QuietOption, TerminalProgress
from .unchanged import files_line, total_line

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

    from ..build import BuildReport
    from ..model import Card
    from ..store import StoredCard
    from ..store.cards import CardLine


class CardFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


def card_record(stored: StoredCard) -> dict[str, object]:
    """The stable `cards --format jsonl` record (see DESIGN.md)."""
    card = stored.card
    return {
        "id": card.id,
        "note_id": card.note_id,
        "deck": card.deck,
        "kind": card.kind,
        "front": card.front,
        "back": card.back,
        "full": card.full,  # the whole answer when back was cut to card size, "" when not
        "tags": list(card.tags),
        "source": card.source,
        "context": list(card.context),
        "key": card.key,
        "changed_at": stored.changed_at,
    }


def _print_report(report: BuildReport, notes: Path, db: Path) -> None:
    out_console.print(files_line(notes, db, report.files_read, report.files_unchanged, report.files_gone))
    columns = ("new", "updated", "unchanged", "restored", "orphaned")
    counters = [getattr(report, name) for name in columns]
    kinds = [kind for kind in KINDS if any(counter[kind] for counter in counters)]
    if kinds:
        from rich.table import Table  # a build that changed nothing prints no table

        table = Table(box=None, pad_edge=False, show_edge=False)
        table.add_column("kind")
        for name in columns:
            table.add_column(name, justify="right")
        for kind in kinds:
            table.add_row(kind, *(str(counter[kind]) for counter in counters))
        table.add_row("total", *(str(sum(counter.values())) for counter in counters), style="bold")
        out_console.print(table)
    out_console.print(total_line(report.card_total))
    for notice in report.notices:
        warn(f"{notes / notice.path}: {notice.message}")
    for problem in report.problems:
        warn(f"{notes / problem.path}: {problem.message} (skipped; its cards in the deck are kept)")


def build(
    ctx: typer.Context,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Processes that parse notes (default: one per core).")
    ] = None,
    quiet: QuietOption = False,
    allow_orphans: Annotated[
        bool,
        typer.Option("--allow-orphans", help="Build even when the notes gone hold more than half of the deck's cards."),
    ] = False,
) -> None:
    """Read the notes, extract cards and update the deck (only changed files are parsed)."""
    from ..build import build_notes, check_notes_folder

    config = settings(ctx)
    check_notes_folder(config.notes)  # before the deck is opened: no empty deck without notes
    with open_deck(config) as deck, TerminalProgress(err_console, quiet=quiet) as progress:
        report = build_notes(config, current_time(), deck, workers=jobs, progress=progress, allow_orphans=allow_orphans)
    _print_report(report, config.notes, config.db)
    if report.problems:
        raise typer.Exit(EXIT_SKIPPED)


def preview(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A markdown file (inside or outside the notes folder).")],
) -> None:
    """Show the cards a file gives and every block skipped, with line numbers and reasons."""
    from rich.table import Table

    from ..compile import cards_for_text
    from ..sources import SourceProblem, read_note

    config = settings(ctx)
    if not file.exists():
        fail(f"{file}: no such file; check the path")
    if file.is_dir():
        fail(f"{file}: is a folder; pass one markdown file")
    resolved = file.resolve()
    try:
        relative = resolved.relative_to(config.notes.resolve()).as_posix()
        root = config.notes.resolve()
    except ValueError:
        relative, root = resolved.name, resolved.parent
    source = read_note(root, relative)
    if isinstance(source, SourceProblem):
        fail(f"{file}: {source.message}")
    cards, extraction = cards_for_text(source)
    rows: list[tuple[int, int, str, str, str]] = []
    for card in cards:
        rows.append((card.source_line, 0, card.kind, card.front, card.back))
    for skip in extraction.skips:
        rows.append((skip.line, 1, "skipped", skip.reason, skip.text))
    rows.sort(key=lambda row: (row[0], row[1]))
    table = Table(title=f"{file}: {len(cards)} cards, {len(extraction.skips)} skipped", box=None, show_edge=False)
    table.add_column("line", justify="right")
    table.add_column("kind")
    table.add_column("front / reason", overflow="fold")
    table.add_column("back / text", overflow="fold")
    for line, is_skip, kind, first, second in rows:
        style = "dim" if is_skip else ""
        table.add_row(str(line), kind, first, second.replace("\n", " ⏎ "), style=style)
    out_console.print(table)


def _card_format(name: str) -> CardFormat:
    try:
        return CardFormat(name.lower())
    except ValueError:
        hint = " (jsonl is JSON: one object per line)" if name.lower() == "json" else ""
        fail(f"--format {name}: not a format; use table, jsonl or csv{hint}")


def cards(
    ctx: typer.Context,
    format_name: Annotated[
        str, typer.Option("--format", "-f", metavar="table|jsonl|csv", help="Output format (jsonl: one JSON per line).")
    ] = CardFormat.table.value,
    deck: Annotated[str | None, typer.Option(help="Only this deck and its sub-decks (A::B).")] = None,
    kind: Annotated[str | None, typer.Option(help=f"Only one kind: {', '.join(KINDS)}.")] = None,
) -> None:
    """List the deck's cards as a table, JSON lines or CSV."""
    config = settings(ctx)
    format = _card_format(format_name)
    if kind is not None and kind not in KINDS:
        fail(f"--kind {kind!r} is not a kind; use one of {', '.join(KINDS)}")
    with open_deck(config, must_exist=True) as opened:
        opened.check_deck(deck)
        if format is CardFormat.table:  # four texts a card: read without decoding each card's JSON
            lines = opened.card_lines(deck_prefix=deck, kind=kind)
        else:
            stored = opened.cards(deck_prefix=deck, kind=kind)
    if format is CardFormat.table:
        print_card_rows(lines, out_console)
        err_console.print(f"{len(lines)} cards")
    elif format is CardFormat.jsonl:
        import json

        for item in stored:
            sys.stdout.write(json.dumps(card_record(item), ensure_ascii=False) + "\n")
    else:
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(["id", "deck", "kind", "front", "back", "tags", "source"])
        for item in stored:
            card = item.card
            writer.writerow([card.id, card.deck, card.kind, card.front, card.back, " ".join(card.tags), card.source])


# Past this many cards the list is printed one line a card.
MAX_TABLE_CARDS = 2_000


def print_card_table(cards: Sequence[Card], console: Console) -> None:
    """The cards as a table (kind, front, back, source) fitted to the console's width; past
    MAX_TABLE_CARDS one line a card."""
    print_card_rows([(card.kind, card.front, card.back, card.source) for card in cards], console)


def print_card_rows(cards: Sequence[CardLine], console: Console) -> None:
    """:func:`print_card_table` from each card's (kind, front, back, source), as ``Deck.card_lines`` reads them."""
    if len(cards) > MAX_TABLE_CARDS:
        _print_card_lines(cards, console)
        return
    from rich.text import Text

    from .card_table import column_widths, table_lines

    width = max(console.width, 60)
    kind_width, source_width = 10, min(32, width // 5)
    text_width = max((width - kind_width - source_width - 6) // 2, 10)
    requested = (kind_width, text_width, text_width, source_width)
    rows = [("kind", "front", "back", "source")]
    for kind, front, back, source in cards:
        back = back.replace("\n", " ⏎ ")
        rows.append((kind, front, back if len(back) <= 120 else back[:119] + "…", source))
    lines = table_lines([[printable(text) for text in row] for row in rows], column_widths(requested, console.width))
    if lines is None:  # text only rich lays out as rich does (tabs, zero-width characters)
        _print_rich_table(rows, requested, console)
        return
    console.print(Text(lines[0], style="bold"))  # the header, bold as rich's tables show it
    console.file.write("".join(line + "\n" for line in lines[1:]))


def _print_rich_table(rows: Sequence[Sequence[str]], widths: Sequence[int], console: Console) -> None:
    from rich.table import Table

    table = Table(box=None, show_edge=False)
    for name, size in zip(rows[0], widths, strict=True):
        table.add_column(name, overflow="fold", width=size)
    for row in rows[1:]:
        table.add_row(*row)
    console.print(table)


def _print_card_lines(cards: Sequence[CardLine], console: Console) -> None:
    """One line a card, columns cut to the terminal's width (``--format jsonl`` has the whole text)."""
    from wcwidth import wcwidth  # CJK characters take two columns

    def fit(text: str, size: int) -> str:
        out: list[str] = []
        used = 0
        for char in text.replace("\n", " ⏎ "):
            step = max(wcwidth(char), 0)
            if used + step > size:
                return "".join(out[:-1]) + "…" + " " * (size - used)
            out.append(char)
            used += step
        return "".join(out) + " " * (size - used)

    width = max(console.width, 60)
    source_width = min(32, width // 5)
    text_width = max((width - 11 - source_width - 3) // 2, 10)
    write = console.file.write
    for kind, front, back, source in cards:
        write(printable(f"{kind:<11}{fit(front, text_width)} {fit(back, text_width)} {source}\n"))


def prune(ctx: typer.Context) -> None:
    """Delete orphaned cards (their source text is gone) together with their review history."""
    config = settings(ctx)
    opened = open_deck(config, must_exist=True)
    try:
        removed = opened.prune()
    finally:
        opened.close()
    out_console.print(f"Removed {removed} orphaned card(s).")


def register(app: typer.Typer) -> None:
    app.command()(build)
    app.command()(preview)
    app.command()(cards)
    app.command()(prune)
