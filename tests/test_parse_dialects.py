"""The reading layer on its own: tags, hostile shapes, and the block model a dialect becomes."""

from __future__ import annotations

from flashforge.compile import cards_for_text
from flashforge.parse import parse_document
from flashforge.parse.guard import MAX_LINE
from flashforge.sources import SourceText


def cards(markdown: str) -> list[tuple[str, str, tuple[str, ...]]]:
    found, _ = cards_for_text(SourceText("n.md", markdown, "digest", "utf-8"))
    return [(card.front, card.back, card.tags) for card in found]


def test_obsidian_and_front_matter_tags_are_card_tags_never_answers() -> None:
    made = cards("---\ntags: [linux, mm]\n---\n#kernel #memory\n\n## Swap\n\n- kswapd：回收内存的内核线程\n")
    assert [(front, back) for front, back, _ in made] == [("Swap · kswapd", "回收内存的内核线程")]
    assert {"linux", "mm", "kernel", "memory"} <= set(made[0][2])


def test_admonitions_callouts_and_containers_become_one_block_kind() -> None:
    text = (
        '!!! note "A"\n    x\n\n> [!tip] B\n> y\n\n::: warning C\nz\n:::\n\n'
        "<details><summary>D</summary>\n\nw\n</details>\n\n"
        "/// info | E\n    type: warning\n\nv\n\n//// note\n\nu\n\n////\n///\n"
    )
    blocks = parse_document(text).blocks
    assert [(b.type, b.kind, b.title) for b in blocks] == [
        ("admonition", "note", "A"),
        ("admonition", "tip", "B"),
        ("admonition", "warning", "C"),
        ("admonition", "details", "D"),
        ("admonition", "info", "E"),
    ]
    assert [b.children[0].text for b in blocks] == ["x", "y", "z", "w", "v"]
    assert [b.children[0].line for b in blocks] == [2, 5, 8, 13, 19]
    nested = blocks[-1].children[1]  # pymdown's blocks nest by more slashes
    assert (nested.type, nested.kind, nested.children[0].text, nested.children[0].line) == (
        "admonition",
        "note",
        "u",
        23,
    )


def test_hostile_shapes_parse_without_error() -> None:
    shapes = [
        "> " * 600 + "deep\n",
        "> [!note] a\n" * 2000,
        ":::tip x\nbody\n" * 2000,
        "/// note | x\nbody\n" * 2000,
        "| " + " | ".join(["a", "b"] * 1500) + " |\n|" + "---|" * 3000 + "\n" + ("| x " * 3000 + "|\n") * 3,
        "/// note\n" * 1000 + "////\n" * 1000 + "///\n" * 1000,
        "$$\nx\n" * 2000,
        "<details>\n<summary>q</summary>\n" * 500,
        '<div markdown="1">\n' * 500,
        "%% open\n" + "text\n" * 100,
        "*a " * 3000 + " a*" * 3000,
        "## a" + " " * 30000 + "b",
        "[[" * 5000,
        "<img>\n\n<img src=''>\n",
        "term\n:\n\n: \n",
        "!!! note\n",
        '=== "tab"\n',
        "```ad-note\n" * 3000,
        "````ad-note\n" * 1000 + "```\n" * 3000,
        "<dl>\n" + "<dt>x\n" * 3000,
        "<dl>" + "</dd><dd>" * 3000,
    ]
    for shape in shapes:
        cards(shape)  # no exception, whatever the cards


def test_a_line_past_the_limit_is_left_out_and_said() -> None:
    document = parse_document("# T\n\n- a：b\n\n" + "x" * (MAX_LINE + 1) + "\n")
    skips = [block for block in document.blocks if block.type == "skip"]
    assert [(block.line, block.info.split(":")[0]) for block in skips] == [
        (5, f"line longer than {MAX_LINE:,} characters")
    ]


def test_images_leave_the_text_and_stay_on_the_card() -> None:
    found, _ = cards_for_text(SourceText("n.md", "# T\n\n- 流程：见图 ![arp](img/arp.png) 然后应答\n", "d", "utf-8"))
    assert (found[0].back, found[0].images) == ("见图 然后应答", ("img/arp.png",))


def test_a_footnote_explains_the_marked_name_it_follows() -> None:
    text = (
        "# 位运算\n\n不断减去 `lowbit`[^1]，直到为 0．见源码[^2]。\n\n"
        "[^1]: 二进制表示从低往高的第一个 1．\n[^2]: 见 linux/bitops.h\n"
    )
    made = [(front, back) for front, back, _ in cards(text)]
    assert ("位运算 · lowbit", "二进制表示从低往高的第一个 1．") in made
    assert not any("bitops" in back for _, back in made)  # a citation after plain words explains nothing


def test_a_list_too_long_for_one_sequence_is_said_not_stored() -> None:
    text = "# T\n\n## 过程\n\n" + "".join(f"{i}. 步骤{i}\n" for i in range(1, 2001))
    found, extraction = cards_for_text(SourceText("n.md", text, "d", "utf-8"))
    assert found == []
    assert [skip.reason for skip in extraction.skips] == [
        "list of 2000 items: too long for one sequence (over 40 steps); split it to learn it"
    ]


def test_a_repeated_column_name_keeps_every_cell_apart() -> None:
    text = "# T\n\n| 名称 | 值 | 值 |\n|---|---|---|\n| a | 1 | 2 |\n"
    found, _ = cards_for_text(SourceText("n.md", text, "d", "utf-8"))
    assert [(card.front, card.back) for card in found] == [("T · a · 值", "1"), ("T · a · 值 (2)", "2")]
    assert len({card.id for card in found}) == 2


def test_definition_list_terms_keep_their_lines_past_wrapped_meanings() -> None:
    text = (
        "glossary\n\n[absolute path]{#absolute-path}\n:   A path that refers to a location.\nAbsolute paths begin "
        'with "/".\n\nassign\n:   To give a value a name.\n\ncall stack\n:   A data structure that keeps track of\n'
        "active function calls, one frame per call,\nwith the newest on top.\n\nmutable\n:   Changeable.\n"
    )
    entries = [entry for block in parse_document(text).blocks if block.type == "deflist" for entry in block.entries]
    assert [(entry.term, entry.line) for entry in entries] == [
        ("absolute path", 3),
        ("assign", 7),
        ("call stack", 10),
        ("mutable", 15),
    ]
