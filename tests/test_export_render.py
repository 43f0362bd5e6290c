"""Card text → Anki field HTML, and cards → planned notes (pure)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flashforge.export.media import MediaCollector, MediaError, looks_like_image, media_name
from flashforge.export.notes import anki_tag, epoch_seconds, plan_notes
from flashforge.export.pipeline import file_stem
from flashforge.export.render import cloze_safe, image_refs, render_text
from flashforge.store import StoredCard
from tests.conftest import NOW, make_card, sample_cards

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def stored(cards: list, changed: str = NOW.isoformat()) -> list[StoredCard]:
    return [StoredCard(card, "hash", NOW.isoformat(), changed) for card in cards]


def test_plain_text_is_escaped():
    assert render_text("<container> -> a & b\n第二行") == "&lt;container&gt; -&gt; a &amp; b<br>第二行"


def test_inline_code_is_rendered_and_escaped():
    assert render_text("用 `mount | grep <x>` 查看") == "用 <code>mount | grep &lt;x&gt;</code> 查看"


def test_code_block_is_highlighted():
    html = render_text("看：\n```python\nif a < b:\n    pass\n```\n完")
    assert html.startswith("看：")
    assert '<div class="ff-code">' in html
    assert '<span class="k">if</span>' in html and "&lt;" in html
    assert html.endswith("完")


def test_unknown_language_falls_back_to_plain_text():
    html = render_text("```nosuchlang\n<a>\n```")
    assert '<div class="ff-code">' in html and "&lt;a&gt;" in html


def test_links_and_images():
    html = render_text("[参考](https://example.com/a?b=1&c=2) ![图](x.png)", lambda ref: "media-" + ref)
    assert '<a href="https://example.com/a?b=1&amp;c=2">参考</a>' in html
    assert '<img src="media-x.png" alt="图">' in html
    assert render_text("![图](x.png)") == '<span class="ff-missing-image">图</span>'
    assert image_refs("![a](a.png) text ![b](<dir/b c.png>)") == ["a.png", "dir/b c.png"]


def test_cloze_safe_neutralises_cloze_syntax():
    safe = cloze_safe(render_text("a::b {{c}}"))
    assert "::" not in safe and "{{" not in safe and "}}" not in safe


def test_tags_lose_spaces_keep_cjk():
    assert anki_tag(" iptables netfilter ") == "iptables_netfilter"
    assert anki_tag("连接 状态") == "连接_状态"


def test_sequence_becomes_one_cloze_note_with_a_deletion_per_card():
    cards = [c for c in sample_cards() if c.kind == "sequence"]
    [note] = plan_notes(stored(cards))
    text = note.fields[0]
    assert re.findall(r"\{\{c(\d+)::", text) == ["1", "2", "3", "4"]
    assert note.guid == cards[0].note_id
    assert note.card_ids == tuple(c.id for c in cards)


def test_note_mod_is_the_newest_change_of_its_cards():
    cards = [c for c in sample_cards() if c.kind == "sequence"]
    rows = stored(cards)
    rows[2] = StoredCard(cards[2], "hash", NOW.isoformat(), "2026-12-05T10:00:00+00:00")
    [note] = plan_notes(rows)
    assert note.mod == epoch_seconds("2026-12-05T10:00:00+00:00")


def test_step_with_cloze_syntax_still_makes_one_card_per_step():
    steps = ["a::b", "{{x}}", "c}}d"]
    cards = [
        make_card("sequence", f"s#{i}", "f", s, ord=i, note_key="s", payload={"steps": steps, "index": i})
        for i, s in enumerate(steps)
    ]
    [note] = plan_notes(stored(cards))
    assert re.findall(r"\{\{c(\d+)::", note.fields[0]) == ["1", "2", "3"]
    assert note.fields[0].count("}}") == 3


def test_file_stem():
    rows = stored(sample_cards())
    assert file_stem(rows, None, None) == "笔记"
    assert file_stem(rows, "笔记::网络", None) == "笔记-网络"
    assert file_stem(rows, None, "复习") == "复习"


def test_media_names_are_flat_and_distinct():
    from pathlib import PurePosixPath

    assert media_name(PurePosixPath("x.png")) == "x.png"
    assert media_name(PurePosixPath("a/x.png")) != media_name(PurePosixPath("b/x.png"))
    assert "/" not in media_name(PurePosixPath("a/b/x.png"))


def test_image_signatures():
    assert looks_like_image(PNG)
    assert looks_like_image(b"<?xml version='1.0'?><svg xmlns='x'>")
    assert not looks_like_image(b"hello world")


def test_media_collector(tmp_path: Path):
    notes = tmp_path / "notes"
    (notes / "sub").mkdir(parents=True)
    (notes / "sub" / "a.png").write_bytes(PNG)
    (notes / "text.png").write_text("no")
    media = MediaCollector(notes)
    name = media.resolve("sub/page.md", "a.png")
    assert name is not None and media.files[name] == (notes / "sub" / "a.png").resolve()
    assert media.resolve("page.md", "https://x/y.png") == "https://x/y.png"
    assert media.resolve("page.md", "../../etc/passwd") is None
    assert media.resolve("page.md", "gone.png") is None
    assert len(media.warnings) == 2
    with pytest.raises(MediaError, match="text.png"):
        media.resolve("page.md", "text.png")


def test_overlapping_cloze_css_hides_only_far_steps():
    from flashforge.export.notetypes import overlapping_cloze_css, stylesheet

    css = overlapping_cloze_css(4)
    assert ".card2 .ff-question .ff-steps > li:not(:nth-child(1)):not(:nth-child(2)):not(:nth-child(3)) > span" in css
    assert ".card5" not in css
    assert overlapping_cloze_css() in stylesheet()
