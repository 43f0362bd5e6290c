"""Lists → field lists, state lists, definitions and sequences.

A list of ``name：meaning`` items under an explicit title (a bold line, a
lead-in sentence ending in ``：``, or a parent item) is a field list; under a
title that talks about states it is a state list; under a heading alone its
items are definitions. A list under a title like 过程/步骤/Steps, or an
ordered list, is a sequence.
"""

from __future__ import annotations

from ..model import Kind, SequencePayload
from ..parse import ListItem
from . import patterns
from .base import Found


def _item_pair(item: ListItem) -> tuple[str, str] | None:
    pair = patterns.split_pair(item.text)
    if pair is None and item.lead_strong:
        rest = item.text[len(item.lead_strong) :] if item.text.startswith(item.lead_strong) else ""
        rest = patterns.clean_meaning(rest)
        if rest and patterns.is_termlike(item.lead_strong) and not patterns.CONTINUES_SENTENCE.match(rest):
            pair = (item.lead_strong, rest)
    if pair is None:
        pair = patterns.split_paren_definition(item.text)
    return pair


def _all_items(items: tuple[ListItem, ...]) -> list[ListItem]:
    out: list[ListItem] = []
    for item in items:
        out.append(item)
        out.extend(_all_items(item.children))
    return out


def extract_list(
    found: Found,
    items: tuple[ListItem, ...],
    ordered: bool,
    headings: tuple[str, ...],
    title: str,
    explicit_title: bool,
    line: int,
    hint: str = "",
) -> None:
    """``hint`` is the full lead-in sentence when the title had to be shortened."""
    everything = _all_items(items)
    if everything and all(item.anchors_only for item in everything):
        found.skip(line, "table of contents (links to #anchors)", everything[0].text)
        return
    if everything and all(item.links_only for item in everything):
        found.skip(line, "list of links only", everything[0].text)
        return
    questions = [item for item in items if patterns.QUESTION_END.search(item.text.split("\n")[0])]
    if items and len(questions) * 2 >= len(items):
        found.skip(line, "list of questions (an outline, not answers)", items[0].text)
        return

    live = []
    for item in items:
        if not item.text.strip() or patterns.is_todo(item.text):
            found.skip(item.line, "only a TODO" if item.text.strip() else "empty list item", item.text)
        else:
            live.append(item)
    if not live:
        return

    pairs = [_item_pair(item) for item in live]
    pair_count = sum(1 for pair in pairs if pair is not None)
    sequence_title = bool(patterns.SEQUENCE_TITLE.search(title + " " + hint)) and not (
        patterns.NOT_SEQUENCE_TITLE.search(title + " " + hint)
    )
    average = sum(len(item.text) for item in live) / len(live)
    statements = bool(patterns.NOT_SEQUENCE_TITLE.search(title + " " + hint))
    # An ordered list of "name：meaning" items names things, it does not order them;
    # a numbered list of long sentences or of reasons is an argument, not steps.
    is_sequence = len(live) >= 2 and (
        sequence_title or (ordered and not statements and average <= 60 and pair_count * 2 < len(live))
    )
    if ordered and not is_sequence and pair_count * 2 < len(live):
        found.skip(line, "numbered list of statements (not steps, no term：meaning)", live[0].text)
        return
    group = f"{line}"
    if is_sequence:
        steps: list[str] = []
        details: list[str] = []
        for item, pair in zip(live, pairs, strict=True):
            if pair is not None:
                steps.append(pair[0])
                details.append(patterns.clean_meaning(pair[1]))
            else:
                label, detail = patterns.first_sentence(item.text)
                steps.append(label)
                details.append(patterns.clean_meaning(detail))
        key = title or "steps"
        found.add(
            "sequence",
            key,
            title,
            headings,
            line,
            SequencePayload(tuple(steps), tuple(details), tuple(item.line for item in live)),
            group=group,
        )
        # Named steps are worth knowing on their own (架构: dockerd(…), containerd(…)).
        for item, pair in zip(live, pairs, strict=True):
            if pair is not None and pair[1]:
                found.term(
                    "definition", _key(title, pair[0]), title, headings, item.line, pair[0], pair[1], group=group
                )
            _children(found, item, pair, headings)
        return

    if pair_count == 0:
        found.skip(line, "list without term：meaning items (facts, not cards)", live[0].text)
        for item in live:
            _children(found, item, None, headings)
        return

    kind: Kind
    terms = [pair[0] for pair in pairs if pair is not None]
    state_context = patterns.STATE_TITLE.search(title) or (headings and patterns.STATE_TITLE.search(headings[-1]))
    if state_context and patterns.looks_like_states(terms):
        kind = "state"
    elif explicit_title and pair_count >= 2:
        kind = "field"
    else:
        kind = "definition"
    for item, pair in zip(live, pairs, strict=True):
        if pair is None:
            found.skip(item.line, "list item without term：meaning", item.text)
        elif not patterns.clean_meaning(pair[1]):
            if not item.children:
                found.skip(item.line, "term without meaning", item.text)
        else:
            found.term(
                kind,
                _key(title if kind != "definition" or explicit_title else "", pair[0]),
                title,
                headings,
                item.line,
                pair[0],
                pair[1],
                group=group,
            )
        _children(found, item, pair, headings)


def _key(title: str, term: str) -> str:
    return f"{title}/{term}" if title else term


def _children(found: Found, item: ListItem, pair: tuple[str, str] | None, headings: tuple[str, ...]) -> None:
    if not item.children:
        return
    if pair is not None:
        child_title = pair[0]
    else:
        label, _ = patterns.first_sentence(item.text, 30)
        child_title = patterns.normalize_title(label)
    extract_list(found, item.children, item.children_ordered, headings, child_title, True, item.children[0].line)
