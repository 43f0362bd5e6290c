"""Our inline parser's shortcuts give exactly the tokens mistune's own code gives, with every rule of ours."""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import mistune
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mistune import InlineParser
from mistune._inline import emphasis

from flashforge.parse import inline_parser
from flashforge.parse.markdown import build, parser

ROOT = Path(__file__).resolve().parents[1]

# Pieces that start (or almost start) every inline rule of ours and mistune's, and plain text around them.
PIECES = [
    *"abc 你好 :(#+=%!^{~$\\]`<>&;*_\n",
    "  \n",
    "\\\n",
    "**粗**",
    "*斜*",
    "__u__",
    "_a_b",
    "***",
    "a*b*c",
    "[链接](http://x.y)",
    "![图](a.png)",
    "[x]",
    "[[页面|别名]]",
    "![[图.png]]",
    "[^1]",
    "[key:: v]",
    "[span]{.c}",
    "{#id}",
    ":smile:",
    ":fontawesome-check:",
    "%%注释%%",
    "^^ins^^",
    "++ctrl+alt++",
    " ^block-1",
    "#标签",
    "&amp;",
    "amp;",
    "amp&",
    "[a&]{.c}",
    "\\&",
    "&#35;",
    "&#x23;",
    "&",
    "#123;",
    "`code`",
    "``a`b``",
    "<b>",
    "</span>",
    "<https://a.b>",
    "<a@b.c>",
    "~~del~~",
    "==mark==",
    "$x^2$",
    "{++add++}",
    "{~~a~>b~~}",
    "http://x.y",
]


@functools.cache
def reference() -> mistune.Markdown:
    """Our parser, every rule of it, with mistune's own inline parser."""
    return build(InlineParser())


def mistunes_tokens(text: str, env: dict[str, Any]) -> list[dict[str, Any]]:
    return reference().inline(text, env)


def ours(text: str, env: dict[str, Any]) -> list[dict[str, Any]]:
    return parser().inline(text, env)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20))
@example(["a", "&", ":", "#123;"])
@example(["a", "(", "  \n", "b"])
@example(["&", "=", "=", ";"])
@example(["&", "[^1]", "#123;"])
@example(["[a&]{.c}", "amp:x;"])
@example(["&", "[^1]", "amp&", "#123;"])
@example([])
@example(["[a&]{.c}", "**", "amp;"])
@example(["amp&", "**", "#123;", "`code`", "__u__"])
@example(["&", "[^1]", "_a_b", "amp;"])
@example(["`", "`code`"])
@example(["``", "a", "`", "``", "b", "``"])
@example(["`code`", "  \n", "` a `", "`  `"])
def test_inline_tokens_equal_mistunes(pieces: list[str]) -> None:
    text = "".join(pieces)
    expected_env: dict[str, Any] = {"ref_links": {}}
    env: dict[str, Any] = {"ref_links": {}}
    assert ours(text, env) == mistunes_tokens(text, expected_env)
    assert env == expected_env


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *_&#;:(\n[]`<>!\\~=^$%{}+，粗。")), max_size=60))
@example("**粗体**：说明，*斜*_体_")
@example("a**b**c__d__e***f***g")
def test_random_characters_too(text: str) -> None:
    assert ours(text, {}) == mistunes_tokens(text, {})


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12), st.integers(min_value=0, max_value=80))
def test_the_rules_of_a_character_match_as_all_rules_do(pieces: list[str], start: int) -> None:
    text = "".join(pieces)
    inline = parser().inline
    assert isinstance(inline, inline_parser.FastInlineParser)
    chars = inline._get_fast_trigger_chars()
    assert chars is not None
    if start >= len(text) or text[start] not in chars:
        return
    every = inline.compile_sc().match(text, start)
    some = inline.rules_starting_with(text[start]).match(text, start)
    assert (every and (every.lastgroup, every.span())) == (some and (some.lastgroup, some.span()))


def test_the_shortcuts_are_in_use() -> None:
    assert inline_parser.MISTUNE_34  # the mistune the project is tested with
    assert type(parser().inline) is inline_parser.FastInlineParser


def _paragraphs() -> list[str]:
    """The notes shipped with the project and the golden notes, paragraph by paragraph."""
    paths = sorted((ROOT / "notes").rglob("*.md")) + sorted((ROOT / "tests" / "golden").rglob("*.md"))
    return [part.strip() for path in paths for part in path.read_text(encoding="utf-8").split("\n\n")]


@pytest.mark.parametrize("chunk", range(4))
def test_the_shipped_notes_give_mistunes_tokens(chunk: int) -> None:
    for text in _paragraphs()[chunk::4]:
        assert ours(text, {"ref_links": {}}) == mistunes_tokens(text, {"ref_links": {}}), text


def test_whole_documents_give_mistunes_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    """Block tokens too, with mistune's own walk over them (``Markdown.render_state``)."""
    monkeypatch.setattr(reference(), "render_state", functools.partial(mistune.Markdown.render_state, reference()))
    paths = sorted((ROOT / "notes").rglob("*.md")) + sorted((ROOT / "tests" / "golden").rglob("*.md"))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        tokens, state = parser().parse(text)
        expected, expected_state = reference().parse(text)
        assert (tokens, state.env) == (expected, expected_state.env), path


@settings(max_examples=2000, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("a_*1 \n\t。，（)中é!-\u00a0\u3000")), min_size=1, max_size=8),
    st.integers(min_value=0, max_value=7),
    st.integers(min_value=1, max_value=8),
    st.sampled_from("*_"),
)
def test_a_runs_flanking_is_mistunes(source: str, at: int, length: int, marker: str) -> None:
    at = min(at, len(source) - 1)
    length = min(length, len(source) - at)
    expected = (
        emphasis._can_open_emphasis(source, at, length, marker),
        emphasis._can_close_emphasis(source, at, length, marker),
    )
    assert inline_parser._flanking(source, at, length, marker) == expected


RUN_TEXT = st.text(alphabet=st.sampled_from(list("a_*1 \n\t。，（)中é!-&\u00a0\u3000\u2028²")), max_size=12)


@settings(max_examples=3000, deadline=None)
@given(RUN_TEXT)
@example("TIME_WAIT 和 a_b_c")
@example("a * b _ c")
@example("_a")
@example(" _ ")
@example("a_")
def test_a_text_without_a_possible_delimiter_has_none(text: str) -> None:
    """A text in which the quick pattern finds no run that may open or close emphasis has no delimiter."""
    delimiters: list[Any] = []
    inline_parser.split_runs(text, text, 0, [], delimiters)
    if inline_parser._MAY_DELIMIT.search(text) is None:
        assert delimiters == []


def test_snake_case_and_spaced_stars_need_no_emphasis_pass() -> None:
    for text in ("TIME_WAIT 和 a_b_c", "a * b", " _ "):
        assert inline_parser._MAY_DELIMIT.search(text) is None
    for text in ("**粗**", "_a", "a_", "a _b", "a_ b", "*a", "a*", "a_*"):
        assert inline_parser._MAY_DELIMIT.search(text) is not None


# Inline tokens as the emphasis pass gets them: texts (runs of */_ among them), code, a link, a link in bold.
EMPHASIS_PIECES = ["**", "*", "__", "_", "***", "粗", "a", "1", " ", "\n", "，", "(", "&", "amp;"]
EMPHASIS_PIECES += ["`c`", "[l](u)", "[**b**](u)"]


def _pass_tokens(pieces: list[str]) -> list[dict[str, Any]]:
    tokens: list[dict[str, Any]] = []
    for piece in pieces:
        if piece == "`c`":
            tokens.append({"type": "codespan", "raw": "c"})
        elif piece == "[l](u)":
            tokens.append({"type": "link", "children": [{"type": "text", "raw": "l"}], "attrs": {"url": "u"}})
        elif piece == "[**b**](u)":
            bold = {"type": "strong", "children": [{"type": "text", "raw": "b"}]}
            tokens.append({"type": "link", "children": [bold], "attrs": {"url": "u"}})
        else:
            tokens.append({"type": "text", "raw": piece})
    return tokens


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(EMPHASIS_PIECES), min_size=1, max_size=14), st.integers(min_value=0, max_value=21))
@example(["**", "粗", "**", "，", "a"], 0)
@example(["**", "[l](u)", "**"], 19)
@example(["**", "[**b**](u)", "**"], 18)
@example(["*", "a", "*", " ", "**", "b", "**"], 0)
@example(["*", "a", "*", "a", "*", "a", "*", "a"], 0)
@example(["**", "a", "_", "a", "**"], 0)
def test_the_emphasis_pass_is_mistunes_at_every_depth(pieces: list[str], depth: int) -> None:
    """Its shortcuts (a text no run of which can delimit, delimiters that pair one after another) change nothing."""
    tokens = _pass_tokens(pieces)
    ours = parser().inline
    expected = InlineParser.finalize_tokens(reference().inline, copy.deepcopy(tokens), depth)
    assert ours.finalize_tokens(copy.deepcopy(tokens), depth) == expected
    if len(pieces) > 1:  # and as one text, when there is no code or link
        text = "".join(pieces)
        if not {"`c`", "[l](u)", "[**b**](u)"} & set(pieces):
            one = [{"type": "text", "raw": text}]
            expected = InlineParser.finalize_tokens(reference().inline, copy.deepcopy(one), depth)
            assert ours.finalize_tokens(copy.deepcopy(one), depth) == expected


NOT_A_RUN = st.characters().filter(lambda char: char not in "*_")


@settings(max_examples=2000, deadline=None)
@given(NOT_A_RUN, NOT_A_RUN, st.sampled_from("*_"))
@example("a", "中", "_")
@example("\u3000", "。", "*")
@example("²", "١", "_")
def test_a_runs_flanking_depends_on_the_kinds_of_its_neighbours(before: str, after: str, marker: str) -> None:
    """split_runs looks flanking up by the kinds of the characters around a run: the same as mistune's test."""
    for source, at in ((f"{before}{marker}{after}", 1), (f"{marker}{after}", 0), (f"{before}{marker}", 1)):
        parts: list[dict[str, Any]] = []
        delimiters: list[Any] = []
        inline_parser.split_runs(source, source, 0, parts, delimiters)
        can_open = emphasis._can_open_emphasis(source, at, 1, marker)
        can_close = emphasis._can_close_emphasis(source, at, 1, marker)
        run = [index for index, part in enumerate(parts) if part["raw"] == marker]
        assert delimiters == ([(run[0], marker, 1, can_open, can_close)] if can_open or can_close else [])


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from([*PIECES, "(a:: b)", ":x_y:", "++a++", "{>>n<<}", "^^i^^", "==m=="]), max_size=12))
@example(["(", "key:: v", ")"])
@example(["$", "`", "x", "`", "$"])
def test_the_start_pattern_finds_where_a_rule_of_a_character_matches(pieces: list[str]) -> None:
    """It stops at every trigger character a rule matches at, and at every one it does not check, nowhere else."""
    text = "".join(pieces)
    inline = parser().inline
    assert isinstance(inline, inline_parser.FastInlineParser)
    chars = inline._get_fast_trigger_chars()
    assert chars is not None
    inline._get_fast_trigger_re(chars)
    expected = [
        at
        for at, char in enumerate(text)
        if char in chars
        and (char not in inline.checked or inline.rules_starting_with(char).match(text, at) is not None)
    ]
    found, at = [], 0
    while (match := inline._starts.search(text, at)) is not None:
        found.append(match.start())
        at = match.start() + 1
    assert found == expected


def test_most_trigger_characters_in_prose_start_nothing() -> None:
    inline = parser().inline
    assert isinstance(inline, inline_parser.FastInlineParser)
    assert inline.checked == inline_parser.CHECKED
    assert inline._starts.search("这是(括号)句子，a: b，a+b=c，100%，~1 s，^_^") is not None  # _ is an emphasis run
    assert inline._starts.search("这是(括号)句子，a: b，a+b=c，100%，~1 s，#1") is None
    assert inline("这是(括号)句子：a+b", {}) == [{"type": "text", "raw": "这是(括号)句子：a+b"}]


def test_a_rule_that_refers_back_to_a_group_leaves_its_character_unchecked() -> None:
    """No lookbehind may hold a backreference: the pattern stops at every such character, as mistune's loop does."""
    pair = r"%(?P<ff_test_mark>[a-z])(?P=ff_test_mark)%"
    ours, theirs = build(inline_parser.FastInlineParser()), build(InlineParser())
    for md in (ours, theirs):
        md.inline.register("ff_test_pair", pair, lambda _inline, m, _state: m.end(), before="link", start_chars=["%"])
    inline = ours.inline
    assert isinstance(inline, inline_parser.FastInlineParser)
    chars = inline._get_fast_trigger_chars()
    assert chars is not None
    inline._get_fast_trigger_re(chars)
    assert "%" not in inline.checked
    assert "(" in inline.checked
    for text in ("a %xx% b (c", "100% (d:: e)", "%ab% %"):
        assert inline(text, {}) == theirs.inline(text, {})


def _only_quick_rules(text: str) -> bool:
    """Whether no rule but emphasis and code spans may start in ``text`` and it holds no ``_`` (as the parser asks
    before it reads a text with ``star_pairs`` or ``code_spans``)."""
    others = parser().inline._others
    assert others is not None
    return "_" not in text and others.search(text) is None


STAR_PIECES = [
    "**",
    "*",
    "***",
    "粗体",
    "a",
    " ",
    "：",
    "，",
    "(",
    ")",
    "1",
    "\u3000",
    ".",
    "-",
    "中文说明",
    "**术语**",
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(STAR_PIECES), max_size=12))
@example(["**术语**", "：", "中文说明"])
@example(["**", "a", "**", " ", "and", " ", "**", "b", "**"])
@example(["*", "a", "*", "*", "b", "*", "*", "c", "*", "*", "d", "*"])
@example(["**", " ", "a", "**"])
@example(["a", "**", "b", "**", "c"])
@example(["**", "**"])
def test_a_text_of_bold_pairs_gives_mistunes_tokens(pieces: list[str]) -> None:
    """``star_pairs`` (a text whose only markup is runs of ``*``) gives mistune's tokens, or leaves the text to the
    whole parse."""
    text = "".join(pieces)
    assert ours(text, {}) == mistunes_tokens(text, {})
    paired = inline_parser.star_pairs(text)
    if paired is not None and _only_quick_rules(text):
        assert paired == mistunes_tokens(text, {})


def test_bold_pairs_are_read_without_the_parse() -> None:
    assert inline_parser.star_pairs("**术语**：说明") == [
        {"type": "strong", "children": [{"type": "text", "raw": "术语"}]},
        {"type": "text", "raw": "：说明"},
    ]
    assert inline_parser.star_pairs("** a**") is None  # the first run cannot open
    assert inline_parser.star_pairs("*a* *b* *c* *d*") is None  # four single runs: mistune's dense path


TICK_PIECES = ["`", "``", "```", "a", " ", "  ", "\n", "中文", "x`y", "&", "&amp;", ":", "(", "<b>", "\\"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(TICK_PIECES), max_size=12))
@example(["`", "a", "`", " ", "中文"])
@example(["``", "a", "`", "b", "``"])
@example(["`", " ", "a", " ", "`"])
@example(["`", "  ", "`"])
@example(["`", "a", "``"])
@example(["&", "`", "a", "`", "&amp;"])
def test_a_text_of_code_spans_gives_mistunes_tokens(pieces: list[str]) -> None:
    """``code_spans`` (a text whose only markup is code spans) gives mistune's tokens, or leaves the text to the
    whole parse."""
    text = "".join(pieces)
    assert ours(text, {}) == mistunes_tokens(text, {})
    spans = inline_parser.code_spans(text)
    if spans is not None and "`" in text and "*" not in text and _only_quick_rules(text):
        assert spans == mistunes_tokens(text, {})


def test_code_spans_are_read_without_the_parse() -> None:
    assert inline_parser.code_spans("用 `ls -l` 和 ``a`b`` 看") == [
        {"type": "text", "raw": "用 "},
        {"type": "codespan", "raw": "ls -l"},
        {"type": "text", "raw": " 和 "},
        {"type": "codespan", "raw": "a`b"},
        {"type": "text", "raw": " 看"},
    ]
    assert inline_parser.code_spans("`a``") is None  # no closing run of one backtick: mistune's scanner decides
