"""Lists → field lists, state lists, definitions, sequences and labelled facts.

A list of ``name：meaning`` items under an explicit title (a bold line, a
lead-in sentence ending in ``：``, or a parent item) is a field list; under a
title that talks about states it is a state list; under a heading alone its
items are definitions. Steps in order are a sequence (:mod:`.sequences`); a
name explained by the items under it is a label (:mod:`.label_lists`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Kind
from ..parse import ListItem, images
from . import naming, patterns, prose
from .base import Found
from .comparisons import add_differences
from .definitions import item_pair, line_pair
from .label_lists import add_facts, add_label_item
from .sequences import MAX_STEPS, add_sequence, is_sequence
from .walk import lead_in_title

Pair = tuple[str, str] | None


def _all_items(items: tuple[ListItem, ...]) -> list[ListItem]:
    out: list[ListItem] = []
    for item in items:
        out.append(item)
        out.extend(_all_items(item.children))
    return out


def _not_knowledge(found: Found, items: tuple[ListItem, ...], line: int, headings: tuple[str, ...]) -> bool:
    """Tables of contents, link lists and outlines of questions are skipped whole."""
    everything = _all_items(items)
    if everything and all(item.anchors_only for item in everything):
        found.skip(line, "table of contents (links to #anchors)", everything[0].text)
        return True
    if everything and all(item.links_only for item in everything):
        found.skip(line, "list of links only", everything[0].text)
        return True
    questions = [item for item in items if patterns.QUESTION_END.search(item.text.split("\n")[0])]
    if _answered(found, items, headings):
        return True
    if items and len(questions) * 2 >= len(items):
        found.skip(line, "list of questions (an outline, not answers)", items[0].text)
        return True
    return False


def _answer_at(item: ListItem) -> tuple[str, str] | None:
    """``- 构成 MDP 的四元组有哪些？`` with ``答：状态、动作…`` under it: the question and its answer."""
    lines = item.text.split("\n")
    at = next((index for index, text in enumerate(lines) if patterns.ANSWER_LINE.match(text.strip())), 0)
    if at == 0:
        return None
    answer = patterns.ANSWER_LINE.match(lines[at].strip())
    assert answer is not None
    rest = "\n".join(text for text in lines[at + 1 :] if text.strip())
    return " ".join(text.strip() for text in lines[:at]), (answer.group("text") + ("\n" + rest if rest else ""))


def _answered(found: Found, items: tuple[ListItem, ...], headings: tuple[str, ...]) -> bool:
    """Interview notes: most items a question with its "答：" under it → a card each (the rest are skipped)."""
    pairs = [_answer_at(item) if "\n" in item.text else None for item in items]
    answered = sum(1 for pair in pairs if pair is not None)
    if not answered or answered * 2 < len(items):
        return False
    for item, pair in zip(items, pairs, strict=True):
        if pair is None:
            found.skip(item.line, "question without an answer (答：…) among answered ones", item.text)
        else:
            found.term("definition", pair[0], "", headings, item.line, pair[0], pair[1])
        for child in item.blocks:
            found.skip(child.line, "part of an answer", child.text)
    return True


_TASK = re.compile(r"^\[[ xX]\]\s")


def _live(found: Found, items: tuple[ListItem, ...]) -> list[ListItem]:
    live = []
    for item in items:
        if _TASK.match(item.text):
            found.skip(item.line, "task list item (a to-do, not knowledge)", item.text)
        elif item.links_only and not item.children and "\n" not in item.text.strip():
            found.skip(item.line, "link only", item.text)
        elif images.only_images(item.text) and not item.children:
            found.skip(item.line, "image without text (no question to ask)", " ".join(images.refs(item.text)))
        elif not item.text.strip() or patterns.is_todo(item.text):
            found.skip(item.line, "only a TODO" if item.text.strip() else "empty list item", item.text)
        else:
            live.append(item)
    return live


def pair_of(item: ListItem) -> Pair:
    """The item's term and meaning; a sentence that defines ("A join produces…") as the last resort."""
    if item.links_only and "\n" not in item.text.strip():
        return None  # "[MediaTek details: SoC startup | Blog](…)": a link's title, not a term and its meaning
    pair = item_pair(item.text, item.lead_strong, item.lead_code)
    if pair is not None and naming.is_label(pair[0]):  # "- Remember: a function parameter is a variable…"
        first = prose.sentences(pair[1])
        pair = (prose.opening_definition(first[0]) if first else None) or pair
    if pair is None:
        first = prose.sentences(item.text)
        pair = prose.opening_definition(first[0], (item.lead_code, *item.strongs)) if first else None
        if pair is None and len(first) == 1:  # "类通过…控制其对象的初始化过程，这些函数叫做构造函数。"
            pair = prose.named_after(first[0], "")
        if pair is None and first:  # "命令源（Command Source）命令的发送者，…"
            pair = prose.introduced_then(first[0]) or prose.apposition(first[0], used_for=True)
    return pair


def extract_list(
    found: Found,
    items: tuple[ListItem, ...],
    ordered: bool,
    headings: tuple[str, ...],
    title: str,
    explicit_title: bool,
    line: int,
    hint: str = "",
    step_detail: bool = False,
    under_heading: bool = False,
) -> None:
    """``hint`` is the full lead-in sentence when the title had to be shortened; ``step_detail``: the list
    sits under one step of a sequence, so its title is a moment of the process, not the process;
    ``under_heading``: the list opens its section, so a heading that names something names its statements
    ("### 封装的益处" then two of them)."""
    if _not_knowledge(found, items, line, headings):
        return
    live = _live(found, items)
    if not live:
        return
    pairs = _label_sentences([pair_of(item) for item in live], live)
    if not any(pairs):
        pairs = _topic_kinds(live, headings, title) or pairs
    pair_count = sum(1 for pair in pairs if pair is not None and pair[1])
    terms = [pair[0] for pair in pairs if pair is not None]
    if is_sequence(live, terms, ordered, "" if step_detail else title, hint, pair_count):
        add_sequence(found, live, pairs, headings, title, line)
        for item, pair in zip(live, pairs, strict=True):
            _children(found, item, pair, headings, step_detail=True)
        return
    if pair_count == 0:
        _unpaired(found, live, ordered, headings, title if explicit_title or under_heading else "", line)
        return
    if explicit_title and pair_count * 2 < len(live):
        add_facts(found, live, headings, title, line)  # "**软链接**" then statements, one of them "`ln -s` 命令…"
    kind = _kind(live, pairs, headings, title, explicit_title, pair_count)
    key_title = title if kind != "definition" or explicit_title else ""
    for item, pair in zip(live, pairs, strict=True):
        _item(found, item, pair, kind, headings, (title, key_title, f"{line}"))


# "1. 协议。URL 的前缀通常表示…" / "2. Domain. The readable name…": a short name as its own sentence, then its meaning.
# The name is short (a noun, not "使用 int 执行整数运算。", a statement with its reason).
_LABEL_SENTENCE = re.compile(r"^(?P<term>[^。．.!?！？，,：:；;\n]{1,10})(?:[。．]|\.\s)\s*(?P<rest>\S.{7,})$", re.S)
MAX_LABEL_WORDS = 3


def _label_sentence(text: str) -> Pair:
    match = _LABEL_SENTENCE.match(text)
    term = match.group("term").strip() if match else ""
    named = match and patterns.is_termlike(term, 10) and len(term.split()) <= MAX_LABEL_WORDS
    return (term, match.group("rest").strip()) if match and named else None


# "A record returns IPV4 address…", "CNAME records are aliases…": a capitalised name of up to three words, then what
# it does or is (kept with its verb).
_NAMED_SUBJECT = re.compile(
    r"^(?P<term>(?:[A-Z0-9][\w./-]*|`[^`]+`)(?:\s+[\w./-]+){0,2}?)\s+(?P<rest>(?:returns?|stores?|holds?|contains?|"
    r"represents?|denotes?|indicates?|specifies|maps?|points?\s+to|are|is|means)\s+\S.{6,})$",
    re.S,
)


def _named_subject(text: str) -> Pair:
    match = _NAMED_SUBJECT.match(text)
    if not match or _ARTICLE.match(match.group("term")) or _PASSIVE.match(match.group("rest")):
        return None  # "The signal is ignored", "A signal handler is executed": what happens, not what it is
    term = prose.name(match.group("term"))  # not a pronoun ("It is…"), not a clause
    return (term, match.group("rest")) if term else None


_ARTICLE = re.compile(r"^(?:The|An)\b")
_PASSIVE = re.compile(r"^(?:is|are)\s+(?:not\s+)?(?:\w+ed|\w+en|\w+wn|done|made|set|run|put|kept|sent|held)\b", re.I)


def _name_line(text: str) -> Pair:
    """``*   ACID properties`` then, indented below, ``Set of properties that guarantee…``."""
    first, _, rest = text.partition("\n")
    first, rest = first.strip(), rest.strip()
    if not rest or len(rest) < MIN_NAMED_MEANING or first.endswith(_LINE_ENDS):
        return None
    return (first, rest) if patterns.is_termlike(first, 40) and len(first.split()) <= MAX_LABEL_WORDS + 1 else None


# A parent item's words longer than this are a sentence, not a title for the items under it.
MAX_CHILD_TITLE = 40
# The meaning under a name line says at least this much.
MIN_NAMED_MEANING = 12
# A first line ending so is a sentence or a lead-in, not a name.
_LINE_ENDS = ("。", "．", ".", "!", "！", "?", "？", "：", ":", ",", "，", ";", "；")


# A kind of the section's topic is named in a few words before it: "一般catch子句…" under "## catch子句".
MAX_KIND_PREFIX = 12
# After the topic the item says what the kind does or is, not whose part it is ("catch子句的排序…").
_NOT_A_PREDICATE = "的之和与及或、，,。.:：;；（("


def _topic_kinds(live: Sequence[ListItem], headings: tuple[str, ...], title: str) -> list[Pair] | None:
    """Items that each open with a kind of the section's topic, then say what it does: "一般catch子句能接受任何异常",
    "特定catch子句形式把…", "带对象的特定catch子句提供…" under "## 2.3 catch子句" (two or more, half the list)."""
    topics = [patterns.normalize_title(text) for text in (title, headings[-1] if headings else "") if text]
    for topic in dict.fromkeys(topic for topic in topics if len(topic) >= 2 and patterns.is_termlike(topic, 20)):
        pairs = [_kind_of(item.text, topic) for item in live]
        count = sum(1 for pair in pairs if pair is not None)
        if count >= 2 and count * 2 >= len(live):
            return pairs
    return None


def _kind_of(text: str, topic: str) -> Pair:
    latin = topic.isascii()
    at = (text.lower() if latin else text).find(topic.lower() if latin else topic, 1, MAX_KIND_PREFIX + len(topic))
    if at < 1:
        return None
    term, rest = text[: at + len(topic)].strip(), text[at + len(topic) :].strip()
    if not rest or rest[0] in _NOT_A_PREDICATE or "\n" in term or len(rest) < MIN_NAMED_MEANING:
        return None
    if latin and (text[at - 1] != " " or not rest[:1].islower() or _ARTICLE_ONLY.match(term) or _NO_VERB.match(rest)):
        return None  # "Serial components fail…": a word of its own before it, and a verb after it
    return (term, rest) if patterns.is_termlike(term, 30) else None


_ARTICLE_ONLY = re.compile(r"^(?:the|a|an|these|those|all|some|many|most|our|your)\s+\S+$", re.I)
_NO_VERB = re.compile(r"^(?:of|in|on|at|for|from|with|to|and|or|but|that|which|who|the|a|an)\b")


# "- .parse() 会尝试解析字符串…", "- std::mem::size_of_val(&x) 返回…": a call written bare, then what it does (in CJK).
_CALL_SUBJECT = re.compile(
    r"^(?P<term>\.?[A-Za-z_][\w.:]{0,60}\([^()\s]{0,30}\)(?:\.[A-Za-z_]\w*\([^()\s]{0,30}\))*)\s+"
    r"(?P<rest>(?![或和与及])[\u4e00-\u9fff].{3,})$",  # not "group() 或 group(0) 返回…": the name goes on
    re.S,
)


def _call_subject(text: str) -> Pair:
    match = _CALL_SUBJECT.match(text)
    return (match.group("term"), match.group("rest").strip()) if match else None


# "- `.` matches any character", "- getState() returns…", "- /mnt may still have…": a name that looks like code
# (a symbol, brackets, an underscore, a capital inside a word), then a verb in lower case.
_LEAD_VERB = re.compile(r"^(?P<term>[!-~]{1,40})\s+(?P<rest>(?P<verb>[a-z]{2,20})\s+[ -~].*)$", re.S)
_CODE_LIKE = re.compile(r"[()\[\]{}<>/\\.$^*?|+=#@~&%_-]|[a-z][A-Z]")
# Words that never open a predicate.
_NOT_A_VERB = frozenset(
    {"a", "an", "the", "of", "in", "on", "at", "for", "from", "with", "to", "and", "or", "but", "as"}
)


def _lead_verb(text: str) -> Pair:
    match = _LEAD_VERB.match(text)
    if not match or match.group("verb") in _NOT_A_VERB:
        return None
    term = match.group("term")
    if not _CODE_LIKE.search(term) or (term[-1] in ",;:.!" and any(char.isalnum() for char in term)):
        return None  # "Every company has…", "Basically, we…": a sentence, not a name and what it does
    if term.count("(") != term.count(")") or (term[0] == "(" and term[-1] == ")" and len(term) > 2):
        return None  # "rotate(angle [cx cy])" goes on after the blank; "(gdb) undisplay": a prompt, then a command
    return term, match.group("rest").strip()


# "1. 简单名 这只是不带文件扩展名的文件名。": a short Chinese name, a blank, then a sentence about it.
_SPACED_LABEL = re.compile(
    r"^(?P<term>[\w.-]{0,8}[\u4e00-\u9fff][\w.-]{0,8})[ \t\u3000]+(?P<rest>[\u4e00-\u9fff“「（].{4,})$", re.S
)


def _spaced_label(text: str) -> Pair:
    match = _SPACED_LABEL.match(text)
    term = prose.name(match.group("term")) if match else ""
    return (term, match.group("rest").strip()) if match and term else None


# "Transformers map over content", "Filters filter content": a name in the plural, then what such things do.
_PLURAL_SUBJECT = re.compile(r"^(?P<term>[A-Z][a-z]{2,20}s)\s+(?P<rest>(?P<verb>[a-z]{3,15})\s+\S.{6,})$", re.S)
# Words after a plural subject that say how or whether, not what it does.
_NOT_A_PLAIN_VERB = frozenset(
    {"can", "could", "will", "would", "should", "shall", "may", "might", "must", "are", "were", "have", "had", "also",
     "not", "that", "which", "who", "and", "but", "for", "from", "with", "the", "all", "only", "then", "need"}
)  # fmt: skip


def _plural_subject(text: str) -> Pair:
    match = _PLURAL_SUBJECT.match(text)
    if not match or match.group("verb") in _NOT_A_PLAIN_VERB or match.group("verb").endswith(("ly", "ed")):
        return None
    term = prose.name(match.group("term"))
    return (term, match.group("rest").strip()) if term else None


def _label_of(text: str) -> Pair:
    found = _label_sentence(text) or _name_line(text) or _named_subject(text) or _call_subject(text)
    return found or _lead_verb(text) or _spaced_label(text) or _plural_subject(text)


def _labelled(pair: Pair, text: str) -> Pair:
    """The item's pair, or its label when it has none or only "statement (e.g. example)" ("Filters filter content
    (e.g. filtering out drafts)" is no term "Filters filter content" with an example for its meaning)."""
    if pair is None:
        return _label_of(text)
    if patterns.EXAMPLE_ONLY.match(pair[1]):
        return _label_of(text) or pair
    return pair


def _label_sentences(pairs: list[Pair], live: Sequence[ListItem]) -> list[Pair]:
    """Items that open with a name as a sentence or a line of its own, when with the paired items they make at
    least half the list (two or more)."""
    merged = [_labelled(pair, item.text.strip()) for pair, item in zip(pairs, live, strict=True)]
    count = sum(1 for pair in merged if pair is not None)
    if count < 2 or count * 2 < len(live):
        return pairs
    if count < len(live):  # "- dolphinscheduler-ui front-end module" beside "- dolphinscheduler-api web module, …"
        names = [pair[0] for pair in merged if pair is not None]
        merged = [pair or _sibling_name(item.text.strip(), names) for pair, item in zip(merged, live, strict=True)]
    return merged


# A name shares this many first characters with its siblings' names ("dolphinscheduler-ui", "dolphinscheduler-api").
MIN_SHARED_PREFIX = 4
_FIRST_WORD = re.compile(r"^(?P<term>[!-~]{2,40})\s+(?P<rest>\S.{2,})$", re.S)


def _sibling_name(text: str, names: Sequence[str]) -> Pair:
    """An item opening with a name like its paired siblings' (same first characters, code-like), then what it is."""
    match = _FIRST_WORD.match(text)
    if not match:
        return None
    term = match.group("term")
    prefix = term[:MIN_SHARED_PREFIX]
    if not _CODE_LIKE.search(term) or not any(name.startswith(prefix) and name != term for name in names):
        return None
    if term.count("(") != term.count(")") or match.group("rest")[0] in "([{（":
        return None  # "re.sub(pattern, repl)" goes on after its blank; "/mnt/self (SYMLINK)": a note on the name
    return term, match.group("rest").strip()


def _kind(
    live: Sequence[ListItem], pairs: Sequence[Pair], headings: tuple[str, ...], title: str, explicit: bool, count: int
) -> Kind:
    terms = [pair[0] for pair in pairs if pair is not None]
    section = headings[-1] if headings else ""
    if (patterns.STATE_TITLE.search(title) or patterns.STATE_TITLE.search(section)) and patterns.looks_like_states(
        terms
    ):
        return "state"
    return "field" if explicit and count >= 2 else "definition"


def _unpaired(
    found: Found, live: list[ListItem], ordered: bool, headings: tuple[str, ...], title: str, line: int
) -> None:
    """No item names a term: labelled items, facts under a name, or nothing."""
    labelled = [item for item in live if add_label_item(found, item, "", headings, title)]
    if labelled:
        for item in live:
            if item not in labelled or _has_grandchildren(item):
                _children(found, item, None, headings)
        return
    if add_differences(found, live, headings, title, line) or add_facts(found, live, headings, title, line):
        return
    reason = (
        "numbered list of statements (not steps, no term：meaning)"
        if ordered
        else "list without term：meaning items (facts, not cards)"
    )
    if len(live) > MAX_STEPS:
        reason = f"list of {len(live)} items: too long for one sequence (over {MAX_STEPS} steps); split it to learn it"
    found.skip(line, reason, live[0].text)
    for item in live:
        _children(found, item, None, headings)


def _item(
    found: Found, item: ListItem, pair: Pair, kind: Kind, headings: tuple[str, ...], names: tuple[str, str, str]
) -> None:
    """``names``: the list's title, the title its keys carry, its group."""
    title, key_title, group = names
    if pair is None:
        if not add_label_item(found, item, "", headings, title):
            found.skip(item.line, "list item without term：meaning", item.text)
            _children(found, item, None, headings)
        elif _has_grandchildren(item):  # "- Kernel": its stages, and "Core kernel initialization" with its own
            _children(found, item, None, headings)
        return
    meaning = patterns.clean_meaning(pair[1])
    if not meaning:
        if not add_label_item(found, item, pair[0], headings, title):
            if not item.children:
                found.skip(item.line, "term without meaning", item.text)
            _children(found, item, pair, headings)
        return
    meaning, fields = _field_lines(pair[1])
    for term, field_meaning in fields:  # "*   Constraints" / "Primary key: …" / "Foreign key: …"
        found.term("field", f"{pair[0]}/{term}", pair[0], headings, item.line, term, field_meaning, group=group)
    key = f"{key_title}/{pair[0]}" if key_title else pair[0]
    listed = _listed(meaning, item.children)
    if meaning:
        found.term(kind, key, title, headings, item.line, pair[0], listed or meaning, group=group)
        # "…。case 关键字和它对应的值一起被称为case 标签。": a later sentence names and defines one more thing
        for term, said in prose.later_definitions(meaning, pair[0]):
            later_key = f"{key_title}/{term}" if key_title else term
            found.term("definition", later_key, title, headings, item.line, term, said)
    if not listed:
        _children(found, item, pair, headings)


# The most a meaning's short sub-items may add to it ("…组件，包括：etcd、kube-apiserver、…").
MAX_LISTED_CHARS = 120


def _listed(meaning: str, children: tuple[ListItem, ...]) -> str:
    """A meaning that leads in to its sub-items ("会删除…组件，包括：" / "- etcd" / "- kubelet") with them listed, when
    they are a few short names; "" otherwise (the sub-items are then cards of their own)."""
    if not children or not meaning.rstrip().endswith(("：", ":")) or any(c.children or c.blocks for c in children):
        return ""
    names = [child.text.strip() for child in children]
    if len(names) > MAX_STEPS or any("\n" in name or not patterns.is_termlike(name) for name in names):
        return ""
    if any(item_pair(child.text, child.lead_strong, child.lead_code) for child in children):
        return ""  # "报文头包括：" / "- 源端口：16 位": fields, each a card
    joined = ("、" if re.search(r"[\u4e00-\u9fff]", meaning) else ", ").join(names)
    return meaning.rstrip() + joined if len(joined) <= MAX_LISTED_CHARS else ""


def _field_lines(meaning: str) -> tuple[str, list[tuple[str, str]]]:
    """A meaning whose later lines are ``name: meaning`` (two or more): those lines as fields, and the rest."""
    lines = meaning.split("\n")
    pairs = [line_pair(line.strip().rstrip("\\").strip()) if index else None for index, line in enumerate(lines)]
    fields = [(pair[0], pair[1]) for pair in pairs if pair is not None and pair[1]]
    if len(fields) < 2:
        return meaning, []
    rest = "\n".join(line for line, pair in zip(lines, pairs, strict=True) if pair is None or not pair[1])
    return rest.strip(), fields


def _has_grandchildren(item: ListItem) -> bool:
    return any(child.children for child in item.children)


def _children(found: Found, item: ListItem, pair: Pair, headings: tuple[str, ...], step_detail: bool = False) -> None:
    if not item.children:
        return
    if item.links_only or patterns.REFERENCE_HEADING.match(item.text.strip()):
        found.skip(item.children[0].line, "notes on a link or a list of sources", item.children[0].text)
        return
    if pair is not None:
        child_title = pair[0]
    else:
        label, _ = patterns.first_sentence(item.text, 30)
        child_title = patterns.normalize_title(label)
        if len(child_title) > MAX_CHILD_TITLE:  # "Relational DBs are used for… specific goals:" names no list
            child_title = lead_in_title(item.text.split("\n")[0], ())
            child_title = child_title if len(child_title) <= MAX_CHILD_TITLE else ""
    first = item.children[0].line
    extract_list(found, item.children, item.children_ordered, headings, child_title, True, first, "", step_detail)
