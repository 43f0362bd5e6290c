"""Blocks → items: walks a parsed document and runs the extractor for each block.

The walk keeps the little state that messy notes need to be understood: the
current title (a bold line such as ``**过程**`` or a lead-in sentence ending
in ``：``), a term waiting for its defining paragraph (``**COW**`` alone, then
a paragraph), and whether the block is the first one under its heading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Item, SequencePayload, Skip
from ..parse import MAX_NESTING, Block, Document, images
from . import patterns
from .base import Found
from .containers import extract_container, extract_deflist
from .lists import extract_list
from .tables import RAGGED, extract_table

TOO_DEEP = f"list nested deeper than {MAX_NESTING} levels: the deeper items are left out (flatten the list)"
# Skips that mean the author should fix something: a build warns about them.
NEEDS_A_FIX = (RAGGED, TOO_DEEP)
_OPT = re.compile(r"<!--\s*flashforge\s*:\s*(off|on)\s*-->", re.I)


@dataclass(frozen=True)
class Extraction:
    items: tuple[Item, ...]
    skips: tuple[Skip, ...]


@dataclass
class _Walk:
    title: str = ""
    title_line: int = 0
    explicit_title: bool = False
    title_is_adjacent: bool = False  # the title is the block right before this one
    pending_term: str = ""
    fresh_heading: str = ""  # the heading directly above, while no block followed it
    heading_line: int = 0
    heading_has_content: bool = True
    heading_level: int = 1
    hint: str = ""  # the whole lead-in sentence behind a shortened title


def extract(document: Document) -> Extraction:
    found = Found()
    walk = _Walk()
    off_since = 0
    for block in document.blocks:
        if block.type == "html":
            match = _OPT.search(block.text)
            if match and match.group(1).lower() == "off":
                off_since = block.line
            elif match:
                if off_since:
                    found.skip(off_since, "opted out (<!-- flashforge: off --> … on)", "")
                off_since = 0
            else:
                found.skip(block.line, "HTML or comment", block.text)
            walk.title_is_adjacent = False
            continue
        if off_since:
            continue
        if block.type != "heading" and any(patterns.REFERENCE_HEADING.match(h) for h in block.headings):
            found.skip(block.line, "references section", block.text or (block.items[0].text if block.items else ""))
            walk.fresh_heading = ""
            continue
        _block(found, walk, block)
    if off_since:
        found.skip(off_since, "opted out (<!-- flashforge: off --> to the end)", "")
    if walk.fresh_heading and not walk.heading_has_content:
        found.skip(walk.heading_line, "empty section", walk.fresh_heading)
    return Extraction(tuple(found.items), tuple(sorted(found.skips, key=lambda skip: skip.line)))


def _block(found: Found, walk: _Walk, block: Block) -> None:
    if block.type == "heading":
        pair = patterns.split_pair(block.text)
        if pair and pair[1] and len(pair[1]) >= 4:  # "### 仓库（Repository）：集中存放镜像文件的地方"
            found.term("definition", pair[0], "", block.headings[:-1], block.line, pair[0], pair[1])
        if walk.fresh_heading and not walk.heading_has_content and block.level <= _level_of(walk):
            found.skip(walk.heading_line, "empty section", walk.fresh_heading)
        walk.title, walk.explicit_title, walk.pending_term = "", False, ""
        walk.fresh_heading, walk.heading_line, walk.heading_has_content = block.text, block.line, False
        walk.heading_level = block.level
        walk.title_is_adjacent = False
        return
    walk.heading_has_content = True
    adjacent = walk.title_is_adjacent
    walk.title_is_adjacent = False
    if not adjacent and not walk.explicit_title:
        walk.title = ""  # a lead-in's title has expired
    if block.type != "paragraph":
        walk.pending_term = ""  # a term waits for the very next block only
    fresh = walk.fresh_heading
    walk.fresh_heading = ""
    heading_title = block.headings[-1] if block.headings else ""

    if block.type == "paragraph":
        _paragraph(found, walk, block, fresh)
        return
    if block.type == "list":
        for line in block.too_deep:
            found.skip(line, TOO_DEEP, "")
        # Only a title right above a list names it; a bold term further up
        # belongs to the paragraphs in between.
        title = walk.title if (walk.title and adjacent) else heading_title
        explicit = bool(walk.title) and adjacent
        hint = walk.hint if adjacent else ""
        extract_list(found, block.items, block.ordered, block.headings, title, explicit, block.line, hint)
        return
    if block.type == "table":
        extract_table(found, block, walk.title if adjacent else "")
        return
    if block.type == "code":
        found.skip(block.line, "code block", block.text.strip().split("\n")[0] if block.text.strip() else "")
        return
    if block.type in ("admonition", "quote"):
        extract_container(found, block, lambda blocks: _walk_inside(found, blocks))
        return
    if block.type == "deflist":
        extract_deflist(found, block, walk.title if adjacent else "")
        return
    if block.type == "skip":
        found.skip(block.line, block.info, block.text)
        return
    if block.type == "math":
        found.skip(block.line, "formula (kept with the text, not a card)", block.text)
        return


def _walk_inside(found: Found, blocks: Sequence[Block]) -> None:
    """A container's body: a section of its own (titles inside it end with it)."""
    inner = _Walk()
    for block in blocks:
        _block(found, inner, block)


def _level_of(walk: _Walk) -> int:
    return walk.heading_level


def _set_title(walk: _Walk, title: str, line: int, persist: bool) -> None:
    """A bold line titles the rest of its section; a lead-in sentence only the next block."""
    walk.title, walk.title_line, walk.explicit_title, walk.title_is_adjacent = title, line, persist, True
    walk.hint = ""


def _lead_in_title(lead: str, headings: tuple[str, ...]) -> str:
    title = patterns.normalize_title(lead)
    return title if len(title) <= 16 else (headings[-1] if headings else title)


def _paragraph(found: Found, walk: _Walk, block: Block, fresh_heading: str) -> None:
    text = block.text
    if block.links_only:
        found.skip(block.line, "links only", text)
        return
    if images.only_images(text):
        found.skip(block.line, "image without text (no question to ask)", " ".join(images.refs(text)))
        return
    if not text.strip() or patterns.is_todo(text):
        found.skip(block.line, "only a TODO" if text.strip() else "empty", text)
        walk.pending_term = ""
        return
    if block.strong_only:
        pair = patterns.split_pair(block.lead_strong)
        if pair and pair[1]:  # "**修改权限的命令：chmod**"
            found.term("definition", _key(walk, pair[0]), walk.title, block.headings, block.line, pair[0], pair[1])
            return
        if len(block.lead_strong) > 24 or patterns.SENTENCE_PUNCT.search(block.lead_strong):
            found.skip(block.line, "bold sentence (a remark, not a term)", text)
            walk.pending_term = ""
            return
        title = patterns.normalize_title(block.lead_strong)
        if patterns.TODO_MARK.search(block.lead_strong):
            found.skip(block.line, "title marked TODO", block.lead_strong)
            walk.title, walk.pending_term = "", ""
            return
        _set_title(walk, title, block.line, persist=True)
        generic = patterns.is_generic(title) or patterns.SEQUENCE_TITLE.search(title)
        walk.pending_term = "" if generic or not patterns.is_termlike(title) else title
        return

    lines = [line.strip() for line in text.split("\n") if line.strip()]
    # A lone lead-in: "hook点：", "select()：", "链接状态有（…）：" – it titles what follows.
    if len(lines) == 1 and lines[0].endswith(("：", ":")):
        lead = patterns.normalize_title(lines[0])
        _set_title(walk, _lead_in_title(lines[0], block.headings), block.line, persist=False)
        walk.hint = lines[0]
        walk.pending_term = lead if patterns.is_termlike(lead, 30) else ""
        return

    # "**水平触发 边缘触发**" then "水平触发（LT）：…" lines: the lines are the cards.
    if walk.pending_term and patterns.split_pair(lines[0]) is not None:
        walk.pending_term = ""
    if walk.pending_term:
        term = walk.pending_term
        walk.pending_term = ""
        if not patterns.META_SENTENCE.search(lines[0]):
            found.term(
                "definition",
                _key(walk, term),
                walk.title if walk.title != term else "",
                block.headings,
                block.line,
                term,
                text,
            )
            return

    if block.lead_strong and patterns.is_termlike(block.lead_strong):
        rest = patterns.clean_meaning(text[len(block.lead_strong) :] if text.startswith(block.lead_strong) else "")
        if rest and not patterns.is_todo(rest) and not patterns.CONTINUES_SENTENCE.match(rest):
            found.term("definition", block.lead_strong, "", block.headings, block.line, block.lead_strong, rest)
            return

    produced = False
    leftover: list[str] = []
    open_term: tuple[str, int, list[str]] | None = None  # "epoll()：" whose meaning is on the next lines

    def close_open_term() -> None:
        nonlocal open_term, produced
        if open_term and open_term[2]:
            term, number, meaning = open_term
            found.term("definition", _key(walk, term), walk.title, block.headings, number, term, "\n".join(meaning))
            produced = True
        open_term = None

    for offset, line in enumerate(lines):
        number = block.line + offset
        if patterns.is_todo(line):
            continue
        if offset == len(lines) - 1 and offset > 0 and line.endswith(("：", ":")):
            close_open_term()
            _set_title(walk, _lead_in_title(line, block.headings), number, persist=False)
            walk.hint = line
            continue
        chain = patterns.arrow_chain(line)
        if chain:
            found.add(
                "sequence",
                "→".join(chain[:2]),
                walk.title,
                block.headings,
                number,
                SequencePayload(tuple(chain), ("",) * len(chain), (number,) * len(chain)),
                group=f"{number}",
            )
            produced = True
            continue
        gt = patterns.gt_chain(line)
        if gt:
            lead, nodes = gt
            title = patterns.short_lead(lead) or walk.title
            found.add(
                "sequence",
                title or ">".join(nodes[:2]),
                title,
                block.headings,
                number,
                SequencePayload(tuple(nodes), ("",) * len(nodes), (number,) * len(nodes)),
                group=f"{number}",
            )
            produced = True
        pair = patterns.split_pair(line)
        if pair:
            close_open_term()
            if pair[1] and not patterns.is_todo(pair[1]):
                found.term("definition", _key(walk, pair[0]), walk.title, block.headings, number, pair[0], pair[1])
                produced = True
            elif not pair[1]:
                open_term = (pair[0], number, [])
            continue
        if open_term is not None:
            open_term[2].append(line)
        elif not gt:
            leftover.append(line)
    close_open_term()

    heading_term = block.headings[-1] if block.headings else ""
    if (
        fresh_heading
        and leftover
        and not produced
        and not walk.title
        and not patterns.is_generic(heading_term)
        and not patterns.TOPIC_HEADING.search(heading_term)
        and patterns.split_pair(heading_term) is None
        and patterns.is_termlike(heading_term, 30)
        and not patterns.META_SENTENCE.search(leftover[0])
        and not patterns.is_todo(leftover[0])
    ):
        found.term("definition", heading_term, "", block.headings[:-1], block.line, heading_term, "\n".join(leftover))
        return
    if not produced:
        found.skip(block.line, "prose without a card pattern", text)


def _key(walk: _Walk, term: str) -> str:
    return f"{walk.title}/{term}" if walk.title and walk.title != term else term
