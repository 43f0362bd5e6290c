"""Benchmark: a 5,000-card deck to a PDF cheat sheet (target: ≤ 20 s, peak RSS ≤ 500 MB).

Each measurement runs in a fresh subprocess so that its peak RSS
(resource.getrusage) is its own. The baseline is WeasyPrint rendering a plain
HTML page of the same text (one paragraph per card, no columns, no tables)
in the same run, so the result is also a ratio that holds on other machines.

    /work/venv/bin/python bench/cheatsheet_bench.py [--cards 5000] [--columns 2]

Prints a markdown table; paste it into bench/results/cheatsheet.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from html import escape
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from flashforge.ids import stable_id  # noqa: E402
from flashforge.model import Card, Kind  # noqa: E402
from flashforge.store import Deck  # noqa: E402
from flashforge.store.payloads import decode_payload  # noqa: E402

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
TARGET_SECONDS = 20.0
TARGET_MB = 500.0


def note_phrases() -> list[str]:
    """Sentences of the shipped notes (so the sheet uses their ~700 distinct characters), cut to card length."""
    phrases = []
    for path in sorted((REPO / "notes").rglob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = line.strip().lstrip("-#>*` ").strip()
            if len(text) >= 8 and not text.startswith(("[", "|", "```")) and "---" not in text:
                phrases.append(text[:120])
    return phrases or ["链路层协议。实现ip->mac地址解析 <SYN/ACK> & more"]


PHRASES = note_phrases()


def _card(
    kind: Kind, key: str, front: str, back: str, headings: tuple[str, ...], position: int, **extra: object
) -> Card:
    path = f"notes{position // 1000}.md"
    card_id = stable_id(path, headings, kind, key)
    note_key = extra.pop("note_key", None)
    return Card(
        id=card_id,
        note_id=stable_id(path, headings, kind, str(note_key)) if note_key else card_id,
        ord=int(str(extra.pop("ord", 0))),
        kind=kind,
        deck="::".join((path.removesuffix(".md"), *headings[1:2])),
        key=key,
        front=front,
        back=back,
        context=headings,
        title=str(extra.pop("title", "")),
        group_id=str(extra.pop("group", "")) or stable_id(path, headings, kind, ""),
        position=position,
        source_path=path,
        source_line=position + 1,
        tags=(kind,),
        payload=decode_payload(kind, extra.pop("payload", {})),
    )


def synthetic_cards(count: int) -> list[Card]:
    """``count`` cards in sections of ~12: definitions, a field list, states, a sequence, a table."""
    cards: list[Card] = []
    section = 0
    while len(cards) < count:
        headings = ("笔记", f"第{section // 8}章", f"主题{section}")
        position = len(cards)

        def phrase(i: int, section: int = section) -> str:
            return f"{PHRASES[(section * 7 + i) % len(PHRASES)]}（{section}.{i}）"

        for i in range(3):
            term = f"term_{section}_{i}"
            cards.append(
                _card(
                    "definition",
                    term,
                    term,
                    phrase(i),
                    headings,
                    position + i,
                    payload={"term": term, "meaning": phrase(i)},
                )
            )
        for i in range(3):
            term = f"field_{i}"
            cards.append(
                _card(
                    "field",
                    f"字段/{term}",
                    term,
                    phrase(i + 3),
                    headings,
                    position + 3 + i,
                    title="默认字段",
                    group=f"f{section}",
                    payload={"term": term, "meaning": phrase(i + 3)},
                )
            )
        for i in range(2):
            term = f"STATE_{i}"
            cards.append(
                _card(
                    "state",
                    term,
                    term,
                    phrase(i + 6),
                    headings,
                    position + 6 + i,
                    title="状态",
                    group=f"s{section}",
                    payload={"term": term, "meaning": phrase(i + 6)},
                )
            )
        steps = [f"STEP{section}_{i}" for i in range(4)]
        for i, step in enumerate(steps):
            cards.append(
                _card(
                    "sequence",
                    f"过程#{i + 1}",
                    f"过程 {i}",
                    step,
                    headings,
                    position + 8 + i,
                    title="过程",
                    note_key="过程",
                    ord=i,
                    group=f"q{section}",
                    payload={"steps": steps, "index": i},
                )
            )
        columns = ["维度", "复杂度", "最大连接数"]
        for i in range(2):
            row = [f"impl{section}_{i}", "O(n)", phrase(i)]
            cards.append(
                _card(
                    "table",
                    f"{row[0]}/复杂度",
                    row[0],
                    "O(n)",
                    headings,
                    position + 12 + i,
                    title="维度",
                    group=f"t{section}",
                    payload={"columns": columns, "row": row, "column": "复杂度"},
                )
            )
        section += 1
    return cards[:count]


def plain_html(cards: list[Card]) -> str:
    """The baseline document: the same text, one paragraph per card, default styles."""
    body = "".join(f"<p>{escape(card.front)} — {escape(card.back)}</p>" for card in cards)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
        'html { font-family: "Noto Sans CJK SC", sans-serif; font-size: 7.3pt; } @page { size: A4; margin: 10mm }'
        f"</style></head><body>{body}</body></html>"
    )


def measure(which: str, count: int, columns: int) -> dict[str, float]:
    """Run inside the child process: time one render and report peak RSS."""
    import logging

    import weasyprint

    from flashforge.cheatsheet import cheatsheet_html
    from flashforge.cheatsheet.fonts import find_cjk_font
    from flashforge.cheatsheet.layout import build_sheet, sheet_title
    from flashforge.cheatsheet.pdf import render_pdf

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    cards = synthetic_cards(count)
    folder = tempfile.mkdtemp(prefix="cheatsheet-bench-")
    deck_path = Path(folder) / "deck.db"
    deck = Deck.open(deck_path)
    for source in sorted({card.source_path for card in cards}):
        deck.apply_file(source, "bench", [card for card in cards if card.source_path == source], NOW)
    deck.close()
    weasyprint.HTML(string="<p>warm up 字体</p>").write_pdf()  # import and font loading are not what we measure
    start = time.perf_counter()
    if which == "cheatsheet":
        # What `flashforge cheatsheet` does: read the deck, lay out, embed the font, draw.
        deck = Deck.open(deck_path)
        cards = [stored.card for stored in deck.cards()]
        deck.close()
        font = find_cjk_font()
        sheet = build_sheet(cards, title=sheet_title(cards), now=NOW)
        html = cheatsheet_html(sheet, columns=columns, paper="A4", font=font)
        rendered = render_pdf(html)
        pages, size = rendered.pages, len(rendered.data)
    else:
        document = weasyprint.HTML(string=plain_html(cards)).render()
        data = document.write_pdf()
        pages, size = len(document.pages), len(data)
    seconds = time.perf_counter() - start
    shutil.rmtree(folder)
    # Peak over the whole child, imports and warm-up included; Linux reports KiB.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak_mb, "pages": pages, "bytes": size}


def run_child(which: str, count: int, columns: int) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", which, "--cards", str(count), "--columns", str(columns)],
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--columns", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the median is reported")
    parser.add_argument("--child", choices=("cheatsheet", "baseline"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.cards, args.columns)))
        return
    load_before = os.getloadavg()[0]
    baselines, sheets = [], []
    for _ in range(args.repeat):  # interleaved, so that a busy spell hits both alike
        baselines.append(run_child("baseline", args.cards, args.columns))
        sheets.append(run_child("cheatsheet", args.cards, args.columns))
    baseline = _median(baselines)
    sheet = _median(sheets)
    worst = max(run["seconds"] for run in sheets)
    ratio = sheet["seconds"] / baseline["seconds"]
    ok_time = sheet["seconds"] <= TARGET_SECONDS
    ok_memory = sheet["peak_mb"] <= TARGET_MB
    print(
        f"{args.cards} cards, {args.columns} columns, A4 · median of {args.repeat} runs · "
        f"Python {platform.python_version()} · {platform.machine()} · {os.cpu_count()} CPUs · "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    print()
    print("| run | seconds | peak RSS MB | pages | PDF KB |")
    print("|---|---:|---:|---:|---:|")
    for name, row in (("baseline: plain HTML, same text", baseline), ("flashforge cheatsheet", sheet)):
        print(
            f"| {name} | {row['seconds']:.2f} | {row['peak_mb']:.0f} | {row['pages']:.0f} | {row['bytes'] / 1024:.0f} |"
        )
    print()
    print(
        f"ratio cheatsheet / baseline: {ratio:.2f}× · slowest cheatsheet run {worst:.2f} s · "
        f"target ≤ {TARGET_SECONDS:.0f} s: {'met' if ok_time else 'MISSED'}"
        f" · ≤ {TARGET_MB:.0f} MB: {'met' if ok_memory else 'MISSED'}"
    )
    if not (ok_time and ok_memory):
        sys.exit(1)


if __name__ == "__main__":
    main()
