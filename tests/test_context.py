"""Context once: labels name their context once; Anki's context line and the review title add only what is unsaid."""

from __future__ import annotations

from datetime import timedelta

from rich.console import Console

from flashforge.breadcrumbs import label_parts, once, unsaid
from flashforge.build import cards_for_text
from flashforge.cards import context_label, deck_name, suffix_counts
from flashforge.export.notes import plan_notes
from flashforge.review.queue import Counts
from flashforge.review.screen import Progress, card_view
from flashforge.sources import SourceText
from flashforge.store import StoredCard
from tests.conftest import NOW

NOTES = """# 杂乱笔记

## 策略

- 负载均衡：把压力分到各台服务器。

### 负载均衡

#### 策略

- 轮询：按顺序分配请求。

## 网络

### DHCP

**过程**

1. 客户端广播 DISCOVER
2. 服务器回复 OFFER

## docker

### 架构（自顶向下）

- docker client
- dockerd
"""


def test_label_parts_read_the_question() -> None:
    assert label_parts("DHCP › 过程 (1/5): [...] → OFFER") == ["DHCP", "过程"]
    assert label_parts("负载均衡 › 策略 · 轮询") == ["负载均衡", "策略"]
    assert label_parts("ip · ttl · 含义") == ["ip"]
    assert label_parts("ARP") == []


def test_unsaid_is_the_path_above_the_label() -> None:
    context = ("杂乱笔记", "策略", "负载均衡", "策略")
    assert unsaid(context, "", "负载均衡 › 策略 · 轮询") == ("杂乱笔记", "策略")
    assert unsaid(("杂乱笔记", "网络", "DHCP"), "过程", "DHCP › 过程 (1/2): [...] → B") == ("杂乱笔记", "网络")
    assert unsaid(("杂乱笔记", "策略"), "", "杂乱笔记 › 策略 · 负载均衡") == ()
    assert once(["docker", "架构", "架构", "", "runc"]) == ["docker", "架构", "runc"]


def test_labels_never_repeat_a_part_and_climb_only_when_ambiguous() -> None:
    assert context_label(("网络", "网络", "ARP"), "", "网络") == "ARP"
    assert context_label(("网络", "网络"), "", "网络") == "网络"
    arch = "架构（自顶向下）"
    assert context_label(("docker", arch, arch), arch, "") == f"docker › {arch}"
    paths = [("Java", "集合"), ("Python", "集合"), ("Go", "并发模型")]
    shared = suffix_counts(paths)
    assert context_label(("Java", "集合"), "", "", shared) == "Java › 集合"
    assert context_label(("Go", "并发模型"), "", "", shared) == "并发模型"


def test_a_top_heading_named_like_the_file_is_said_once() -> None:
    assert context_label(("notes", "DHCP"), "", "网络笔记", stem="notes") == "DHCP"
    assert deck_name("dir/notes.md", "网络笔记", ("notes", "DHCP")) == "dir::网络笔记::DHCP"
    assert deck_name("杂乱笔记.md", "杂乱笔记", ("杂乱笔记", "网络", "ARP")) == "杂乱笔记::网络"


def _cards() -> list[StoredCard]:
    cards, _ = cards_for_text(SourceText("杂乱笔记.md", NOTES, "digest", "utf-8"))
    return [StoredCard(card, "hash", NOW.isoformat(), NOW.isoformat()) for card in cards]


def test_anki_context_line_adds_only_what_the_front_does_not_say() -> None:
    notes = {note.fields[0]: note for note in plan_notes(_cards()) if not note.note_type.cloze}
    assert notes["杂乱笔记 › 策略 · 负载均衡"].fields[2] == ""
    assert notes["负载均衡 › 策略 · 轮询"].fields[2] == "杂乱笔记 › 策略"
    sequences = [note for note in plan_notes(_cards()) if note.note_type.cloze]
    contexts = {note.fields[1]: note.fields[2] for note in sequences}  # title → context line
    assert contexts["过程"] == "杂乱笔记 › 网络 › DHCP"
    for title, context in contexts.items():
        parts = context.split(" › ")
        assert parts[-1] != title and len(parts) == len(set(parts)), (title, context)


def test_review_title_does_not_repeat_the_question() -> None:
    stored = next(s for s in _cards() if s.card.front.startswith("DHCP › 过程 (1/2)"))
    console = Console(width=100, record=True, color_system=None)
    previews = {rating: timedelta(days=rating) for rating in (1, 2, 3, 4)}
    view = card_view(stored.card, "new", revealed=True, previews=previews, progress=Progress(0, Counts(1, 0, 0)))
    console.print(view)
    title_line = next(line for line in console.export_text().splitlines() if "[new]" in line)
    assert "杂乱笔记 › 网络" in title_line and "DHCP" not in title_line and "过程" not in title_line
