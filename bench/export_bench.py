"""Export speed and memory: `flashforge export apkg` against genanki alone, in the same run.

    /work/venv/bin/python bench/export_bench.py [--cards 20000] [--rounds 3]

Makes a deck of N cards shaped like the extractor's output (mostly CJK
definitions and fields with `<`, `&`, inline code, a few code blocks,
sequences and tables), then times, each in a fresh child process so that
peak memory (ru_maxrss) belongs to that one job:

- flashforge: the whole export: read deck.db, render fields, plan notes, write the .apkg;
- genanki: genanki alone writing the same notes (fields already rendered,
  stock genanki.Note / Model / Package.write_to_file).

Targets (issue 3): flashforge ≤ 1.3 × genanki; peak memory ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flashforge.ids import stable_id  # noqa: E402
from flashforge.model import Card, Kind  # noqa: E402
from flashforge.store import Deck  # noqa: E402
from flashforge.store.payloads import decode_payload  # noqa: E402

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
TIME_TARGET = 1.3
DECK_DEPTH = 2  # decks from the file and the first heading level: ~50 cards a deck (--fine-decks: ~10)
MEMORY_TARGET_MB = 300.0

MEANINGS = [
    "链路层协议。实现ip->mac地址解析，缓存至本地arp表。",
    "当一个连接收到应答方向的合法包时，状态从`NEW`变成`ESTABLISHED`。",
    "抽象全局资源，使 <container> 内的进程看起来拥有独立的资源 & 视图。",
    "进程的用户态与内核态区别在于运行是否受限（IO请求、进程切换、内存访问等等）。",
    "可以通过`mount | grep overlay`看到实际的挂载信息，显示了lowerdir、upperdir、workdir的路径。",
    "数据从磁盘通过DMA模式拷贝到用户空间应用缓存，减少拷贝带来的 cpu 和内存开销。",
]
CODE = "示例：\n```bash\niptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n```"


def _card(kind: Kind, path: str, headings: tuple[str, ...], key: str, front: str, back: str, **extra: Any) -> Card:
    card_id = stable_id(path, headings, kind, key)
    note_key = extra.pop("note_key", None)
    return Card(
        id=card_id,
        note_id=stable_id(path, headings, kind, note_key) if note_key else card_id,
        ord=extra.pop("ord", 0),
        kind=kind,
        deck="::".join((path.removesuffix(".md"), *headings[1:DECK_DEPTH])),
        key=key,
        front=front,
        back=back,
        context=headings,
        title=extra.pop("title", ""),
        group_id=stable_id(path, headings, kind, "group"),
        position=extra.pop("position"),
        source_path=path,
        source_line=extra.pop("line"),
        tags=(kind, *headings),
        payload=decode_payload(kind, extra.pop("payload")),
    )


def synthetic_cards(total: int) -> dict[str, list[Card]]:
    """``total`` cards spread over files of ~500 cards, every kind represented."""
    files: dict[str, list[Card]] = {}
    made = 0
    index = 0
    while made < total:
        path = f"主题{index // 500:03d}.md"
        cards = files.setdefault(path, [])
        headings = ("笔记", f"章节{index // 50}", f"小节 {index // 10}")
        position = len(cards)
        slot = index % 20
        meaning = MEANINGS[index % len(MEANINGS)] + (("\n" + CODE) if index % 97 == 0 else "")
        if slot < 12:
            term = f"术语{index}"
            cards.append(
                _card(
                    "definition",
                    path,
                    headings,
                    term,
                    f"{headings[-1]} › {term}",
                    meaning,
                    position=position,
                    line=index,
                    payload={"term": term, "meaning": meaning},
                )
            )
            made += 1
        elif slot < 15:
            name = f"field_{index}"
            cards.append(
                _card(
                    "field",
                    path,
                    headings,
                    f"默认字段/{name}",
                    f"默认字段 · {name}",
                    meaning,
                    title="默认字段",
                    position=position,
                    line=index,
                    payload={"term": name, "meaning": meaning},
                )
            )
            made += 1
        elif slot < 16:
            steps = [f"步骤{index}-{i}：client --DHCP{i}--> server" for i in range(5)]
            for i, step in enumerate(steps[: total - made]):
                shown = " → ".join("[...]" if j == i else s for j, s in enumerate(steps))
                cards.append(
                    _card(
                        "sequence",
                        path,
                        headings,
                        f"过程{index}#{i + 1}",
                        f"过程: {shown}",
                        step,
                        title="过程",
                        note_key=f"过程{index}",
                        ord=i,
                        position=position + i,
                        line=index,
                        payload={"steps": steps, "index": i},
                    )
                )
                made += 1
        elif slot < 18:
            state = f"STATE_{index}"
            cards.append(
                _card(
                    "state",
                    path,
                    headings,
                    state,
                    f"连接状态 · {state}",
                    meaning,
                    title="连接状态",
                    position=position,
                    line=index,
                    payload={"term": state, "meaning": meaning},
                )
            )
            made += 1
        else:
            row = [f"select{index}", "O(n)", "1024 <fd>"]
            cards.append(
                _card(
                    "table",
                    path,
                    headings,
                    f"{row[0]}/复杂度",
                    f"IO多路复用 · {row[0]} · 复杂度",
                    "O(n)",
                    title="维度",
                    position=position,
                    line=index,
                    payload={"columns": ["维度", "复杂度", "最大连接数"], "row": row, "column": "复杂度"},
                )
            )
            made += 1
        index += 1
    return files


def make_deck(folder: Path, total: int) -> Path:
    """The deck database, built once; the children only read it."""
    path = folder / "cards" / "deck.db"
    deck = Deck.open(path)
    for source, cards in synthetic_cards(total).items():
        deck.apply_file(source, "hash", cards, NOW)
    count = deck.card_count()
    deck.close()
    assert count == total, count
    return path


# -- the two jobs, each run in its own child process ----------------------------


def job_flashforge(db: Path, out: Path) -> dict[str, Any]:
    from flashforge.export.pipeline import export

    start = time.perf_counter()
    deck = Deck.open(db)
    result = export(deck, notes_root=db.parent.parent / "notes", dist=out.parent, fmt="apkg", now=NOW, output=out)
    deck.close()
    elapsed = time.perf_counter() - start
    return {"seconds": elapsed, "notes": result.notes, "cards": result.cards, "decks": len(result.decks)}


def job_genanki(db: Path, out: Path) -> dict[str, Any]:
    import genanki

    from flashforge.export.notes import plan_notes
    from flashforge.export.notetypes import stylesheet

    deck = Deck.open(db)
    planned = plan_notes(deck.cards())  # the same notes, rendered before the clock starts
    deck.close()
    css = stylesheet()
    start = time.perf_counter()
    models: dict[int, genanki.Model] = {}
    decks: dict[str, genanki.Deck] = {}
    for note in planned:
        nt = note.note_type
        if nt.model_id not in models:
            models[nt.model_id] = genanki.Model(
                nt.model_id,
                nt.name,
                fields=[{"name": f} for f in nt.fields],
                templates=[{"name": t.name, "qfmt": t.question, "afmt": t.answer} for t in nt.templates],
                css=css,
                model_type=genanki.Model.CLOZE if nt.cloze else genanki.Model.FRONT_BACK,
            )
        if note.deck not in decks:
            decks[note.deck] = genanki.Deck(abs(hash(note.deck)) % (1 << 40) + 1, note.deck)
        decks[note.deck].add_note(
            genanki.Note(model=models[nt.model_id], fields=list(note.fields), tags=list(note.tags), guid=note.guid)
        )
    genanki.Package(list(decks.values())).write_to_file(str(out), timestamp=NOW.timestamp())
    elapsed = time.perf_counter() - start
    return {"seconds": elapsed, "notes": len(planned), "cards": sum(len(n.card_ids) for n in planned)}


def child(job: str, db: Path, out: Path) -> None:
    result = job_flashforge(db, out) if job == "flashforge" else job_genanki(db, out)
    # ru_maxrss is in KiB on Linux: the peak resident memory of this process.
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run_child(job: str, db: Path, out: Path) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, __file__, "--child", job, "--db", str(db), "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--fine-decks", action="store_true", help="a deck per 10 cards (file::chapter::section)")
    parser.add_argument("--child", choices=["flashforge", "genanki"])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.fine_decks:
        global DECK_DEPTH
        DECK_DEPTH = 3
    if args.child:
        child(args.child, args.db, args.out)
        return 0

    with tempfile.TemporaryDirectory(prefix="flashforge-export-bench-") as folder:
        root = Path(folder)
        start = time.perf_counter()
        db = make_deck(root, args.cards)
        print(f"deck of {args.cards} cards made in {time.perf_counter() - start:.1f}s")
        runs: dict[str, list[dict[str, Any]]] = {"flashforge": [], "genanki": []}
        for round_ in range(args.rounds):
            for job in ("genanki", "flashforge") if round_ % 2 == 0 else ("flashforge", "genanki"):
                runs[job].append(run_child(job, db, root / f"{job}.apkg"))
        ff = statistics.median(r["seconds"] for r in runs["flashforge"])
        ga = statistics.median(r["seconds"] for r in runs["genanki"])
        ff_mem = max(r["peak_mb"] for r in runs["flashforge"])
        ga_mem = max(r["peak_mb"] for r in runs["genanki"])
        first = runs["flashforge"][0]
        ratio = ff / ga
        print(f"notes {first['notes']}, cards {first['cards']}, decks {first['decks']}, rounds {args.rounds} (median)")
        print(f"genanki alone      {ga:7.2f} s   peak {ga_mem:6.1f} MB")
        print(f"flashforge export  {ff:7.2f} s   peak {ff_mem:6.1f} MB")
        print(f"ratio {ratio:.2f}x (target ≤ {TIME_TARGET}x); peak memory target ≤ {MEMORY_TARGET_MB:.0f} MB")
        ok = ratio <= TIME_TARGET and ff_mem <= MEMORY_TARGET_MB
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
