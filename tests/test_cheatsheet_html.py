"""Cheat-sheet HTML (pure): escaping, print CSS, self-contained page."""

from __future__ import annotations

import re

from flashforge.cheatsheet.fonts import EmbeddedFont
from flashforge.cheatsheet.html import css_string, render_html, step_number
from flashforge.cheatsheet.layout import build_sheet, sheet_title

from .conftest import NOW, make_card, sample_cards


def _html(**options: object) -> str:
    cards = sample_cards()
    return render_html(build_sheet(cards, title=sheet_title(cards), now=NOW), **options)  # type: ignore[arg-type]


def test_note_text_is_escaped() -> None:
    html = _html()
    assert "收到应答方向的合法包 &lt;SYN/ACK&gt; &amp; more。" in html
    assert "ip-&gt;mac" in html
    assert "<SYN/ACK>" not in html


def test_hostile_text_cannot_break_out_of_html_or_css() -> None:
    evil = '</style><script>alert("x")</script> \\ " & <b>'
    card = make_card("definition", evil, evil, evil, payload={"term": evil, "meaning": evil})
    sheet = build_sheet([card], title=evil, now=NOW)
    html = render_html(sheet)
    assert "<script>" not in html
    assert html.count("</style>") == 1
    assert "<b>" not in html
    # In CSS (the running page header) the title is one quoted string with its specials as escapes.
    quoted = css_string(evil)
    assert quoted in html
    assert quoted.count('"') == 2 and "<" not in quoted and "\\" + "3c " in quoted


def test_print_css_has_paper_columns_header_and_page_numbers() -> None:
    html = _html(columns=3, paper="Letter")
    assert "size: Letter;" in html
    assert "column-count: 3;" in html
    assert 'counter(page) " / " counter(pages)' in html
    assert '@top-left { content: "笔记"' in html
    assert "2026-12-01 · 10 cards" in html
    assert "overflow-wrap: anywhere" in html
    assert "size: A4;" in _html()


def test_page_is_self_contained() -> None:
    html = _html()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", html)
    assert "@import" not in html
    assert "url(" not in html  # no fonts given: nothing to load at all


def test_fonts_are_embedded_as_data() -> None:
    font = EmbeddedFont(family="Noto Sans CJK SC subset", weight=700, data=b"OTTO-not-really-a-font")
    html = _html(fonts=[font], font_families=["Noto Sans CJK SC subset", "Noto Sans CJK SC"])
    assert '@font-face { font-family: "Noto Sans CJK SC subset"; font-weight: 700;' in html
    assert "url(data:font/otf;base64,T1RUTy1ub3QtcmVhbGx5LWEtZm9udA==)" in html
    assert 'font-family: "Noto Sans CJK SC subset", "Noto Sans CJK SC", "Source Han Sans SC"' in html


def test_blocks_render_as_rows_tables_and_chains() -> None:
    html = _html()
    assert '<p class="def"><span class="term">ARP</span> — 链路层协议' in html
    assert '<p class="caption">默认字段</p><table class="pairs field w16 keep">' in html
    assert "<tr><th>ttl</th><td>生存时间，每经过一个路由器 -1。</td></tr>" in html
    # A state list under a heading of the same name gets no second caption.
    assert '<table class="pairs state w20 keep"><tbody>' in html
    assert "①DISCOVER → ②OFFER → ③REQUEST → ④ACK" in html
    assert "<thead><tr><th>维度</th><th>复杂度</th><th>最大连接数</th></tr></thead>" in html
    assert "<h2>网络</h2>" in html and "<h3>DHCP</h3>" in html


def test_step_numbers() -> None:
    assert [step_number(n) for n in (1, 2, 20, 21)] == ["①", "②", "⑳", "(21)"]


def test_first_column_fits_the_longest_term_in_narrower_columns() -> None:
    term = "NF_IP_POST_ROUTING"
    card = make_card("state", term, term, "发送/转发数据包经路由之后。", group="g", payload={"term": term})
    sheet = build_sheet([card], title="t", now=NOW)

    def width(html: str) -> int:
        return int(re.search(r'class="pairs state w(\d+)', html).group(1))  # type: ignore[union-attr]

    two, three = width(render_html(sheet, columns=2)), width(render_html(sheet, columns=3))
    assert three > two
    assert (18 * 1.5 + 2.4) / (three / 100) <= (210 - 16 - 10) / 3  # the term fits its share of a third of A4
