"""CJK font lookup through the real fontconfig, and subsetting with fontTools."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from flashforge.cheatsheet.fonts import (
    CjkFont,
    FontFace,
    choose,
    embed_cjk_font,
    find_cjk_font,
    needs_cjk,
    no_fonts_at_all,
    parse_fc_list,
)

LATIN_ONLY = Path("/usr/share/fonts/truetype/dejavu")


def latin_only_fontconfig(tmp_path: Path) -> Path:
    """A fontconfig setup that knows only DejaVu: a machine without any CJK font."""
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{LATIN_ONLY}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return config


def test_parse_and_choose_prefer_simplified_chinese_sans() -> None:
    listing = (
        "Noto Sans Mono CJK SC|/f/NotoSansCJK-Regular.ttc|7\n"
        "Noto Serif CJK SC|/f/NotoSerifCJK-Regular.ttc|2\n"
        "Noto Sans CJK JP|/f/NotoSansCJK-Regular.ttc|0\n"
        "Noto Sans CJK SC|/f/NotoSansCJK-Regular.ttc|2\n"
        "garbage line\n"
    )
    faces = parse_fc_list(listing)
    assert len(faces) == 4
    assert choose(faces) == FontFace("Noto Sans CJK SC", "/f/NotoSansCJK-Regular.ttc", 2)
    assert choose([FontFace("WenQuanYi Micro Hei", "/f/wqy.ttc", 0), faces[1]]) == FontFace(
        "WenQuanYi Micro Hei", "/f/wqy.ttc", 0
    )
    assert choose([]) is None


def test_needs_cjk() -> None:
    assert needs_cjk("ARP 链路层")
    assert needs_cjk("（")  # full-width punctuation is not in Latin fonts either
    assert not needs_cjk("ip->mac & <SYN/ACK> — ① →")


def test_finds_the_installed_cjk_font_with_its_bold_face() -> None:
    font = find_cjk_font()
    assert font is not None, "install a CJK font: sudo apt-get install fonts-noto-cjk"
    assert Path(font.regular.file).is_file()
    assert font.bold is not None and font.bold.file != font.regular.file


def test_no_cjk_font_when_fontconfig_knows_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not LATIN_ONLY.is_dir():
        pytest.skip("DejaVu fonts not installed")
    monkeypatch.setenv("FONTCONFIG_FILE", str(latin_only_fontconfig(tmp_path)))
    assert find_cjk_font() is None
    assert not no_fonts_at_all()


def test_subset_holds_just_the_sheets_characters() -> None:
    font = find_cjk_font()
    assert font is not None
    embedded = embed_cjk_font(font, "链路层 ARP")
    assert [face.weight for face in embedded] == [400, 700]
    subset = TTFont(io.BytesIO(embedded[0].data))
    cmap = subset.getBestCmap()
    assert {ord(char) for char in "链路层ARP"} <= set(cmap)
    assert ord("龍") not in cmap
    assert len(embedded[0].data) < 200_000  # a full face is megabytes
    assert embedded[0].family.startswith(font.family)


def test_an_unreadable_font_is_not_embedded(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font at all")
    face = FontFace("Broken", str(broken), 0)
    assert embed_cjk_font(CjkFont("Broken", face, None), "字") == []
