"""Incremental builds against real files and a real SQLite deck: identity, orphans, bad input."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from flashforge.build import NotesFolderError, build_notes
from flashforge.config import Settings
from flashforge.store import Deck, ReviewRow

from .conftest import NOW

NOTE = """# 笔记

## 负载均衡

- 轮询：按照请求列表中的服务器挨个分配请求。
- 最小链接：优先选择链接数最少的服务器分配请求。

## DHCP

**过程**

- DISCOVER
- OFFER
- REQUEST
- ACK
"""


@pytest.fixture
def project(tmp_path: Path) -> Settings:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "笔记.md").write_text(NOTE, encoding="utf-8")
    return Settings(root=tmp_path, notes=tmp_path / "notes", db=tmp_path / "cards" / "deck.db", dist=tmp_path / "dist")


def by_term(deck: Deck) -> dict[str, str]:
    return {s.card.key: s.card.id for s in deck.cards()}


def test_first_build_then_nothing_to_do(project: Settings) -> None:
    report = build_notes(project, NOW)
    assert report.files_read == 1 and sum(report.new.values()) == 6
    assert report.new["definition"] == 2 and report.new["sequence"] == 4
    again = build_notes(project, NOW + timedelta(minutes=1))
    assert again.files_read == 0 and again.files_unchanged == 1 and not again.new


def test_editing_an_answer_keeps_the_card(project: Settings) -> None:
    build_notes(project, NOW)
    deck = Deck.open(project.db)
    before = by_term(deck)
    note = project.notes / "笔记.md"
    note.write_text(NOTE.replace("挨个分配请求", "依次轮流分配请求"), encoding="utf-8")
    report = build_notes(project, NOW + timedelta(days=1), deck)
    assert sum(report.updated.values()) == 1 and not report.new and not report.orphaned
    assert by_term(deck) == before
    stored = deck.get(before["轮询"])
    assert stored is not None and "依次轮流" in stored.card.back
    assert stored.changed_at == (NOW + timedelta(days=1)).isoformat()


def test_deleting_a_section_orphans_and_restoring_brings_back(project: Settings) -> None:
    build_notes(project, NOW)
    deck = Deck.open(project.db)
    before = by_term(deck)
    deck.append_reviews([ReviewRow(before["轮询"], 3, "x")])
    note = project.notes / "笔记.md"
    note.write_text(NOTE.split("## DHCP")[0].replace("- 轮询：按照请求列表中的服务器挨个分配请求。\n", ""), "utf-8")
    report = build_notes(project, NOW + timedelta(days=1), deck)
    assert report.orphaned["sequence"] == 4 and report.orphaned["definition"] == 1
    assert deck.card_count() == 1 and deck.card_count(include_orphans=True) == 6
    note.write_text(NOTE, encoding="utf-8")
    report = build_notes(project, NOW + timedelta(days=2), deck)
    assert sum(report.restored.values()) == 5 and not report.new
    assert by_term(deck) == before
    assert len(deck.review_log()) == 1


def test_removed_file_orphans_its_cards(project: Settings) -> None:
    build_notes(project, NOW)
    (project.notes / "笔记.md").unlink()
    report = build_notes(project, NOW, allow_orphans=True)  # the whole deck: see test_orphan_guard.py
    assert report.files_gone == 1 and sum(report.orphaned.values()) == 6


def test_ignore_globs(project: Settings, tmp_path: Path) -> None:
    (project.notes / "drafts").mkdir()
    (project.notes / "drafts" / "草稿.md").write_text("- 术语：解释。\n", encoding="utf-8")
    ignoring = Settings(project.root, project.notes, project.db, project.dist, ignore=("drafts/*",))
    build_notes(ignoring, NOW)
    assert {s.card.source_path for s in Deck.open(project.db).cards()} == {"笔记.md"}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("gbk.md", "- 轮询：按顺序分配。\n".encode("gb18030"), None),
        ("bom.md", "\ufeff- 轮询：按顺序分配。\n".encode(), None),
        ("latin.md", b"\x81\x30\xff\xfe\x00\xffabc" * 3, "binary"),
        ("latin1.md", "café crème: déjà vu\n".encode("latin-1") * 10, "UTF-8"),
        ("utf16junk.md", b"\xff\xfe" + bytes(range(1, 200)) * 3, "UTF-8"),
        ("empty.md", b"", "empty"),
        ("headings.md", b"# a\n## b\n### c\n", None),
    ],
)
def test_bad_files_are_reported_and_the_rest_builds(
    project: Settings, name: str, data: bytes, message: str | None
) -> None:
    (project.notes / name).write_bytes(data)
    report = build_notes(project, NOW)
    problems = [p for p in report.problems if p.path == name]
    if message is None:
        assert not problems
    else:
        assert len(problems) == 1 and message in problems[0].message
    assert any(s.card.source_path == "笔记.md" for s in Deck.open(project.db).cards())


def test_encodings_give_the_same_cards(project: Settings) -> None:
    (project.notes / "gbk.md").write_bytes("- 轮询：按顺序分配。\n".encode("gb18030"))
    build_notes(project, NOW)
    backs = {s.card.back for s in Deck.open(project.db).cards() if s.card.source_path == "gbk.md"}
    assert backs == {"按顺序分配。"}


def test_huge_and_deeply_nested_files(project: Settings) -> None:
    (project.notes / "huge.md").write_bytes(b"- a\xef\xbc\x9ab\n" * (6 * 1024 * 1024 // 7))
    nested = "".join("  " * depth + f"- level{depth}：text\n" for depth in range(500))
    (project.notes / "nested.md").write_text(nested, encoding="utf-8")
    report = build_notes(project, NOW)
    assert [p.path for p in report.problems] == ["huge.md"]
    assert "too large" in report.problems[0].message


def test_a_bad_read_keeps_existing_cards(project: Settings) -> None:
    build_notes(project, NOW)
    (project.notes / "笔记.md").write_bytes(b"\x00\x01binary now")
    report = build_notes(project, NOW)
    assert report.problems and Deck.open(project.db).card_count() == 6


def test_missing_notes_folder(tmp_path: Path) -> None:
    settings = Settings(tmp_path, tmp_path / "nope", tmp_path / "deck.db", tmp_path / "dist")
    with pytest.raises(NotesFolderError, match="not found"):
        build_notes(settings, NOW)


def test_files_that_need_a_fix_get_a_notice(project: Settings) -> None:
    (project.notes / "ragged.md").write_text(
        "# T\n\n| 状态 | 含义 |\n| --- | --- |\n| NEW | 新连接 | 多余 |\n", "utf-8"
    )
    (project.notes / "headings.md").write_text("# a\n## b\n### c\n", encoding="utf-8")
    nested = "".join("  " * depth + f"- level{depth}：text\n" for depth in range(500))
    (project.notes / "nested.md").write_text(nested, encoding="utf-8")
    report = build_notes(project, NOW)
    notices = {notice.path: notice.message for notice in report.notices}
    assert "ragged table row" in notices["ragged.md:5"]
    assert "gave no cards" in notices["headings.md"] and "preview" in notices["headings.md"]
    assert any(path.startswith("nested.md:") and "nested deeper" in message for path, message in notices.items())
    assert not report.problems  # all three still built
    assert {s.card.source_path for s in Deck.open(project.db).cards()} >= {"ragged.md", "nested.md", "笔记.md"}
