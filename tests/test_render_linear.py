"""The Anki field renderer takes linear time on hostile card text (issue 11, case 2) and renders like CommonMark."""

from __future__ import annotations

import pytest

from flashforge.export.render import image_refs, render_text

from .hang_guard import no_hang

N = 200_000  # the old regex renderer took minutes to hours on these; a linear one well under a second


@pytest.mark.parametrize(
    "text",
    [
        "`" * N,
        "".join("`" * (i % 50 + 1) + "a" for i in range(N // 25)),
        "[" * N,
        "![" * (N // 2),
        "[a](x" * (N // 5),
        "[a](x" + " " * N,
        "![a](<x" * (N // 7),
        '![a](x "' * (N // 8),
        "```a\n" * (N // 5),
        "~~~a\n~~~~\n" * (N // 10),
        "```\n" + "x\n" * (N // 2),
        "[a](" + "(" * N,
    ],
    ids=lambda text: repr(text[:12]),
)
def test_hostile_text_renders_in_linear_time(text: str) -> None:
    with no_hang("render_text"):
        rendered = render_text(text, lambda ref: "media-" + ref)
        image_refs(text)
    assert rendered


def test_ten_thousand_backticks_stay_text() -> None:
    assert render_text("答案 " + "`" * 10_000) == "答案 " + "`" * 10_000


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("`a` and `b`", "<code>a</code> and <code>b</code>"),
        ("``a`b``", "<code>a`b</code>"),
        ("`a``b`", "<code>a``b</code>"),  # a span closes only at a run of its own length
        ("x ``` y", "x ``` y"),  # an unmatched run is text
        ("`a\nb`", "`a<br>b`"),
        ("[a `b`](http://x)", '<a href="http://x">a `b`</a>'),
        ("[a [b](http://x)", '[a <a href="http://x">b</a>'),
        ("[w](https://e.org/wiki/Foo_(bar))", '<a href="https://e.org/wiki/Foo_(bar)">w</a>'),
        ("use `x` ```\ncode\n```", "use <code>x</code> ```<br>code<br>```"),
    ],
)
def test_inline_rendering(text: str, html: str) -> None:
    assert render_text(text) == html


def test_image_with_brackets_in_its_path() -> None:
    assert image_refs("![x](a(1).png) ![y](<b c.png>)") == ["a(1).png", "b c.png"]


def test_an_unclosed_fence_is_text_and_a_later_fence_still_renders() -> None:
    html = render_text("~~~a\n~~~b\n开头\n```py\nx = 1\n```\n结尾")
    assert html.startswith("~~~a<br>~~~b<br>开头")
    assert html.count('<div class="ff-code">') == 1 and html.endswith("结尾")


def test_a_fence_closes_only_at_its_own_run() -> None:
    html = render_text("````\n```\ninside\n````")
    assert html.count('<div class="ff-code">') == 1 and "```" in html and "inside" in html
