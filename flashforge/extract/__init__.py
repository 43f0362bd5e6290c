"""Blocks → items: walks a parsed document and runs the extractor for each block.

Only the dispatch lives here: one module per structure (:mod:`.paragraphs`,
:mod:`.lists` with :mod:`.sequences` and :mod:`.label_lists`, :mod:`.tables`,
:mod:`.containers`, :mod:`.prose`, :mod:`.definitions`), and the walk's state in
:mod:`.walk`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Item, Skip
from ..parse import MAX_NESTING, Block, Document, ListItem, images
from . import memo, patterns, prose
from .base import Found
from .commands import add_command
from .containers import extract_container, extract_deflist
from .lists import extract_list
from .paragraphs import TITLE_SKIP, extract_paragraph
from .tables import RAGGED, extract_table
from .walk import Walk
from .written_cards import SCHEDULE

TOO_DEEP = f"list nested deeper than {MAX_NESTING} levels: the deeper items are left out (flatten the list)"
# Skips that mean the author should fix something: a build warns about them.
NEEDS_A_FIX = (RAGGED, TOO_DEEP)
# A list item's first line up to this long names the table or box inside it ("对于文件：").
ITEM_LABEL_CHARS = 24
_OPT = re.compile(r"<!--\s*flashforge\s*:\s*(off|on)\s*-->", re.I)


@dataclass(frozen=True)
class Extraction:
    items: tuple[Item, ...]
    skips: tuple[Skip, ...]


def extract(document: Document) -> Extraction:
    memo.new_document()
    found = Found(statuses=_status_headings(document.blocks))
    walk = Walk(reviewed=any(block.type == "html" and SCHEDULE.match(block.text.strip()) for block in document.blocks))
    off_since = 0
    references: dict[tuple[str, ...], bool] = {}  # blocks of a section share its headings: look each path up once
    blocks = document.blocks
    for index, block in enumerate(blocks):
        walk.next_type = blocks[index + 1].type if index + 1 < len(blocks) else ""
        if block.type == "html":
            match = _OPT.search(block.text)
            if match and match.group(1).lower() == "off":
                off_since = block.line
            elif match:
                if off_since:
                    found.skip(off_since, "opted out (<!-- flashforge: off --> … on)", "")
                off_since = 0
            elif walk.reviewed and SCHEDULE.match(block.text.strip()):
                found.skip(block.line, "review schedule of a written card (Obsidian spaced repetition)", block.text)
            else:
                found.skip(block.line, "HTML or comment", block.text)
            walk.title_is_adjacent = False
            continue
        if off_since:
            continue
        if block.type != "heading" and _in_references(block.headings, references):
            found.skip(block.line, "references section", block.text or (block.items[0].text if block.items else ""))
            walk.fresh_heading = ""
            continue
        _block(found, walk, block)
    if off_since:
        found.skip(off_since, "opted out (<!-- flashforge: off --> to the end)", "")
    if walk.fresh_heading and not walk.heading_has_content:
        found.skip(walk.heading_line, "empty section", walk.fresh_heading)
    return Extraction(tuple(found.items), tuple(sorted(found.skips, key=lambda skip: skip.line)))


# A heading that names a status in capitals: "### IN_PROGRESS", "### DONE" (a workflow's states, one per heading).
_STATUS_NAME = re.compile(r"[A-Z][A-Z_]{2,}")


def _status_headings(blocks: Sequence[Block]) -> frozenset[tuple[str, ...]]:
    """The sections holding a heading named only TODO among status headings ("### TODO", "### IN_PROGRESS",
    "### DONE"): there TODO is a state of a workflow, not the author's note to self."""
    todo = {block.headings[:-1] for block in blocks if block.type == "heading" and block.text == "TODO"}
    if not todo:
        return frozenset()
    siblings: dict[tuple[str, ...], int] = {}
    for block in blocks:
        parent = block.headings[:-1]
        if block.type == "heading" and parent in todo and _STATUS_NAME.fullmatch(block.text) and block.text != "TODO":
            siblings[parent] = siblings.get(parent, 0) + 1
    return frozenset(parent for parent, count in siblings.items() if count >= 2)


def _in_references(headings: tuple[str, ...], seen: dict[tuple[str, ...], bool]) -> bool:
    """Whether a heading of ``headings`` names a references section (``seen`` remembers the paths met)."""
    known = seen.get(headings)
    if known is None:
        known = seen[headings] = any(patterns.REFERENCE_HEADING.match(h) for h in headings)
    return known


def _block(found: Found, walk: Walk, block: Block) -> None:
    if block.type == "heading":
        pair = patterns.split_pair(block.text)
        if pair and patterns.describes(pair[1]):  # "### 仓库（Repository）：集中存放镜像文件的地方"
            found.term("definition", pair[0], "", block.headings[:-1], block.line, pair[0], pair[1])
        elif pair is None and len(block.text) > MIN_SENTENCE_HEADING:  # "## The scope of a variable is the part…"
            stated = prose.opening_definition(block.text)
            if stated:
                found.term("definition", stated[0], "", block.headings[:-1], block.line, *stated)
        if walk.fresh_heading and not walk.heading_has_content and block.level <= walk.heading_level:
            found.skip(walk.heading_line, "empty section", walk.fresh_heading)
        walk.title, walk.explicit_title, walk.pending_term, walk.guess = "", False, "", None
        walk.fresh_heading, walk.heading_line, walk.heading_has_content = block.text, block.line, False
        walk.heading_level = block.level
        walk.title_is_adjacent = False
        return
    walk.heading_has_content = True
    adjacent = walk.title_is_adjacent
    walk.title_is_adjacent = False
    picture = block.type == "paragraph" and images.only_images(block.text)
    # "它的工作流程如下：" / a diagram / the steps: the lead-in still tells what the list is (its title expires,
    # so that the cards' keys stay those of the lists a picture always stood before)
    hint = walk.hint if adjacent else walk.hint_through
    walk.hint_through = hint if picture else ""
    if not adjacent and not walk.explicit_title:
        walk.title = ""  # a lead-in's title has expired
    if block.type != "paragraph":
        walk.pending_term = ""  # a term waits for the very next block only
    fresh = walk.fresh_heading
    if not (block.type == "paragraph" and (block.links_only or picture)) and not _byline(block):
        walk.fresh_heading = ""  # badges or a picture under a heading do not stand between it and its text

    if block.type == "paragraph":
        extract_paragraph(found, walk, block, fresh)
        return
    if block.type == "list":
        _list(found, walk, block, fresh, adjacent, hint)
        return
    if block.type == "table":
        extract_table(found, block, walk.title if adjacent else "")
        return
    if block.type == "code":
        _code(found, block, walk.hint if adjacent else "")
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
    if block.type == "rule":
        found.skip(block.line, "divider (---)", "")
        return
    if block.type == "math":
        found.skip(block.line, "formula (kept with the text, not a card)", block.text)
        return


# A quote of one short line under a heading ("## 1. 最佳" / "> OPT, Optimal replacement algorithm") gives its other
# name or source; the paragraph after it is still the heading's text.
MAX_BYLINE = 60


def _code(found: Found, block: Block, lead: str) -> None:
    if lead and add_command(found, block, lead):
        return  # "You can see all branches using:" / "git branch"
    found.skip(block.line, "code block", block.text.strip().split("\n")[0] if block.text.strip() else "")


# A lone item this short that names something titles the paragraphs after it.
MAX_LABEL_ITEM = 40


def _label_item(block: Block) -> bool:
    if len(block.items) != 1:
        return False
    item = block.items[0]
    text = item.text.strip()
    if item.children or item.blocks or item.links_only or "\n" in text or len(text) > MAX_LABEL_ITEM:
        return False
    if text.endswith(("。", ".", "：", ":", "；", ";", "，", ",")) or patterns.split_pair(text) is not None:
        return False
    return patterns.is_termlike(patterns.normalize_title(text))


def _byline(block: Block) -> bool:
    if block.type != "quote" or len(block.children) != 1 or block.children[0].type != "paragraph":
        return False
    text = block.children[0].text
    return len(text) <= MAX_BYLINE and "\n" not in text.strip()


def _list(found: Found, walk: Walk, block: Block, fresh: str, adjacent: bool, hint: str) -> None:
    for line in block.too_deep:
        found.skip(line, TOO_DEEP, "")
    if walk.next_type == "paragraph" and _label_item(
        block
    ):  # "* PLAIN 编码（PLAIN）" alone, then its paragraph: a bullet used as a heading
        title = patterns.normalize_title(block.items[0].text)
        found.skip(block.line, TITLE_SKIP, block.items[0].text)
        walk.set_title(title, block.line, persist=True)
        walk.pending_term = "" if patterns.is_generic(title) else title
        return
    # Only a title right above a list names it; a bold term further up belongs to the paragraphs in between.
    title = walk.title if (walk.title and adjacent) else (block.headings[-1] if block.headings else "")
    explicit = bool(walk.title) and adjacent
    first = bool(fresh) and not explicit  # the list opens its section: the heading names it
    extract_list(found, block.items, block.ordered, block.headings, title, explicit, block.line, hint, False, first)
    _walk_item_blocks(found, block.items)
    if fresh and _properties(block.items):  # "### lang", "- 类型: `string`", "- 默认值: …", then what it is
        walk.fresh_heading = fresh


def _walk_inside(found: Found, blocks: Sequence[Block]) -> None:
    """A container's body: a section of its own (titles inside it end with it)."""
    inner = Walk()
    for block in blocks:
        _block(found, inner, block)


# A heading longer than this may be a whole sentence that defines its subject (Carpentries' key points).
MIN_SENTENCE_HEADING = 30
# A list of a thing's properties is at most this long, each value at most this wide.
MAX_PROPERTIES, MAX_PROPERTY_WIDTH = 6, 50


def _properties(items: Sequence[ListItem]) -> bool:
    """``- 类型: `string``` / ``- Default: `true```: short ``label: value`` lines that describe what a heading
    names, not what its section says."""
    if not 0 < len(items) <= MAX_PROPERTIES:
        return False
    for item in items:
        pair = patterns.split_pair(item.text) if not item.children and "\n" not in item.text.strip() else None
        if pair is None or not pair[1] or patterns.display_len(pair[1]) > MAX_PROPERTY_WIDTH or len(pair[0]) > 16:
            return False
    return True


def _walk_item_blocks(found: Found, items: Sequence[ListItem]) -> None:
    """Tables, admonitions and code indented inside list items (nested items included).

    Each item's blocks are a section of their own, and a short item names the
    first of them ("- 对于文件：" above a table), so that two items' tables
    with the same rows stay apart.
    """
    for item in items:
        if item.blocks:
            inner = Walk()
            label = patterns.normalize_title(item.text.split("\n")[0]) if item.text else ""
            if label and len(label) <= ITEM_LABEL_CHARS:
                inner.set_title(label, item.line, persist=False)
            for block in item.blocks:
                _block(found, inner, block)
        _walk_item_blocks(found, item.children)
