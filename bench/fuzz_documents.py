"""Generated notes for fuzzing: ordinary blocks in random mixes, and hostile ones sized to stall a
super-linear scan (issue 11). One generator drives both the hypothesis test (tests/test_fuzz.py, few
hundred small documents) and the 10,000-document run (bench/fuzz.py).
"""

from __future__ import annotations

import random
from collections.abc import Callable

Generator = Callable[[random.Random, int], str]

WORDS = [
    "ARP", "TCP", "DNS", "iptables", "NEW", "ESTABLISHED", "进程", "线程", "内存", "调度", "链路层", "地址解析",
    "conns[i]", "[/etc]", "[bold]", "{{c1::x}}", "<b>", "&amp;", "a_b", "ip->mac", "raw>mangle", "ＴＣＰ", "é",
    "\x1b[2J", "\x1b]0;t\x07", "\u200b", "\u3000", "\t", "😀", "|", "*", "_", "`", "~", "#", "：", ":", "→",
]  # fmt: skip


def words(rng: random.Random, low: int = 1, high: int = 6) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def _heading(rng: random.Random, _n: int) -> str:
    return "#" * rng.randint(1, 7) + " " + words(rng, 1, 3)


def _terms(rng: random.Random, _n: int) -> str:
    colon = rng.choice(["：", ": ", " - ", "："])
    return "\n".join(f"- {words(rng, 1, 2)}{colon}{words(rng)}" for _ in range(rng.randint(1, 8)))


def _steps(rng: random.Random, _n: int) -> str:
    return "\n".join(f"{i}. {words(rng)}" for i in range(1, rng.randint(2, 9)))


def _nested(rng: random.Random, _n: int) -> str:
    return "\n".join("  " * rng.randint(0, 4) + rng.choice(["- ", "1. ", "* "]) + words(rng) for _ in range(6))


def _table(rng: random.Random, _n: int) -> str:
    columns = rng.randint(1, 5)
    rows = ["| " + " | ".join(words(rng, 1, 2) for _ in range(columns)) + " |", "|" + "---|" * columns]
    for _ in range(rng.randint(0, 6)):
        rows.append("| " + " | ".join(words(rng, 0, 2) for _ in range(rng.randint(1, columns + 1))) + " |")
    return "\n".join(rows)


def _fence(rng: random.Random, _n: int) -> str:
    fence = rng.choice(["```", "~~~", "````"])
    close = fence if rng.random() < 0.8 else ""
    return f"{fence}{rng.choice(['', 'py', 'bash'])}\n{words(rng)}\n{close}"


def _chain(rng: random.Random, _n: int) -> str:
    return rng.choice([" -> ", " → ", ">", " => "]).join(words(rng, 1, 1) for _ in range(rng.randint(2, 6)))


def _prose(rng: random.Random, _n: int) -> str:
    return words(rng, 3, 20) + rng.choice(["。", "", "：", "？"])


ORDINARY: list[Generator] = [_heading, _terms, _steps, _nested, _table, _fence, _chain, _prose]

# Hostile blocks: each a few lines at most, ``n`` characters long; quadratic code stalls on them.
HOSTILE: dict[str, Generator] = {
    "spaces_then_arrow": lambda rng, n: "x" + " " * n + "y -> z",
    "ascii_diagram": lambda rng, n: "+" + "-" * n + "+\n|" + " " * n + "|\n+" + "-" * n + "+",
    "gt_chain": lambda rng, n: "ab> " * (n // 4) + ">",
    "lead_in_colon": lambda rng, n: "- 说明" + " " * n + "：\n  - a：b",
    "backticks_answer": lambda rng, n: "- 答案：" + "`" * n,
    "brackets_answer": lambda rng, n: "- 术语：" + "[" * n,
    "unclosed_fences": lambda rng, n: "```a\n" * (n // 5),
    "long_numbered_list": lambda rng, n: "## 过程\n\n" + "\n".join(f"{i}. 步骤{i}" for i in range(1, n // 12)),
    "deep_nesting": lambda rng, n: "\n".join("  " * i + "- x" for i in range(min(n // 10, 3000))),
    "markup_and_controls": lambda rng, n: "- 目录[/etc]：conns[i] 与 cnt[s] \x1b[2J\n" * (n // 40),
    "wide_table": lambda rng, n: "| a | a |\n|---|---|\n" + "| 1 | 2 |\n" * (n // 10),
    "long_title_h1": lambda rng, n: "# " + "标题" * (n // 2) + "\n\n- a：b",
    # mistune's own blow-ups and front matter: guarded in parse/ (the lead's side)
    "nested_emphasis": lambda rng, n: "*a " * (n // 6) + " a*" * (n // 6),
    "heading_spaces": lambda rng, n: "## a" + " " * n + "b",
    "heading_ideographic_spaces": lambda rng, n: "## a" + "\u3000" * n + "b",
    "front_matter_title": lambda rng, n: "---\ntitle: " + " " * n + "x\n---\n\n- a：b",
}


def document(rng: random.Random, hostile_size: int = 0, blocks: int = 12) -> str:
    """A notes file: ordinary blocks in random order, and with ``hostile_size`` one hostile block in them."""
    parts = [rng.choice(ORDINARY)(rng, 0) for _ in range(rng.randint(1, blocks))]
    if hostile_size:
        name = rng.choice(sorted(HOSTILE))
        parts.insert(rng.randint(0, len(parts)), HOSTILE[name](rng, hostile_size))
    return "\n\n".join(parts) + rng.choice(["", "\n"])
