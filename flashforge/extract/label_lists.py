"""A name whose meaning is written under it as a list.

- A label item: ``- Control plane:`` / ``  - Decides where traffic goes…``, or an
  outline ``- FS-Verity`` / ``  - DM-Verity in BTRFS`` → the label → its sub-items.
- Facts under a name: ``**软链接（符号链接）**`` or ``### 软链接`` then a short list of
  statements → the name → the statements (one card: what do you know about X).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..parse import ListItem
from . import patterns, prose
from .base import Found
from .definitions import item_pair

# A name with more facts than this under it is a section to read, not one card to recall.
MAX_FACTS = 6
# ...and so is one whose facts are longer than this in all.
MAX_FACTS_CHARS = 300
# A question longer than this is a paragraph, not a question to ask.
MAX_QUESTION = 60
# Items shorter than this on average are fragments (a layer diagram: "r/w", "init"), not statements.
MIN_FACT_CHARS = 6


def _as_label(text: str) -> str:
    label = text.strip().split("\n", 1)[0].strip().rstrip("：:").strip()
    return label if patterns.is_termlike(label) and not patterns.QUESTION_END.search(label) else ""


def _mostly_pairs(children: Sequence[ListItem]) -> bool:
    pairs = sum(1 for child in children if item_pair(child.text, child.lead_strong, child.lead_code))
    return pairs * 2 >= len(children)


def _facts(items: Sequence[ListItem]) -> str:
    texts = [item.text.strip() for item in items if item.text.strip()]
    if not texts or len(texts) > MAX_FACTS or sum(len(text) for text in texts) > MAX_FACTS_CHARS:
        return ""
    return "\n".join(texts)


def _says_what(item: ListItem, label: str) -> bool:
    """A label's one sub-item that says what it does, with details under it ("- System Server" / "- Initializes
    several core services" / details), unlike a category's one member ("- Hardware" / "- Routers" / …)."""
    if len(item.children) != 1 or patterns.is_generic(label):
        return False
    text = item.children[0].text.strip()
    if _LEADS_IN.search(text):
        return False  # "- ForceEncrypt" / "- It's of two types" / the types: a lead-in to its own sub-items
    words = text.split()
    if not text.isascii():
        return len(text) >= MIN_STATEMENT_CHARS
    return len(words) >= 3 and sum(1 for word in words[1:] if word[:1].islower()) * 2 >= len(words) - 1


_LEADS_IN = re.compile(
    r"^(?:it|they|this|these|there|its)\b|^(?:它|其|这|分为)|\b(?:types|kinds|categories|parts|ways)\b|[：:]$", re.I
)
# A Chinese sub-item this long says something rather than naming something.
MIN_STATEMENT_CHARS = 8


def add_label_item(found: Found, item: ListItem, term: str, headings: tuple[str, ...], title: str) -> bool:
    """``item`` (named ``term``, or by its own text) defined by its sub-items; False when it is not one."""
    label = term or _as_label(item.text)
    if not label or not item.children or _mostly_pairs(item.children) or patterns.REFERENCE_HEADING.match(label):
        return False
    if all(child.links_only for child in item.children):
        return False  # "- Note Sources" above a list of links
    if sum(1 for child in item.children if child.children) * 2 >= len(item.children) and not _says_what(item, label):
        return False  # an outline's category: its sub-items are the labels
    meaning = _facts(item.children) or item.children[0].text.strip()
    key = f"{title}/{label}" if title else label
    return found.term("definition", key, title, headings, item.line, label, meaning)


# A list of statements is named by a title at most this long ("browsers supported in production").
MAX_FACTS_NAME = 40


# A lead-in's closing count of what follows: "双端队列支持的操作有 4 个", "…主要包括以下三点".
_COUNT_TAIL = re.compile(
    r"[，,]?\s*(?:主要|一共|共)?(?:有|包括|包含)(?:以下|如下|下面)?这?\s*[几\d一二三四五六七八九十两]{1,3}\s*[个种类点条项]$"
)
# What is left reads on into the count, not a name: "但大致可以分为两类".
_NOT_A_SET = re.compile(r"(?:可以|能|会|可|大致|通常|一般|主要|都)$")


# A lead-in that says what its subject is for: "The DONE type is used to determine:", "sort keys are used for:",
# "缓存主要用于：". The clause is the question; the list answers it.
# "本地缓存的优点" / "TIME_WAIT 的理由" (the walk names "…。它的优点如下：" after the term the sentence defined).
_NOT_A_SUBJECT = r"(?!很多|许多|我|你|他|她|大家|人们|有人|一些|这|那)"
_PURPOSE = re.compile(
    r"^(?:the\s+)?[\w.$-]+(?:\s+[\w.$-]+){0,3}\s+(?:is|are)\s+(?:mainly\s+|mostly\s+)?used\s+(?:to\s+\w+|for)$|"
    rf"^{_NOT_A_SUBJECT}[^，。,\s]{{2,16}}\s?(?:主要)?(?:用于|用来\S{{1,4}})$|"
    rf"^{_NOT_A_SUBJECT}[^，。,]{{2,30}}的(?:理由|原因|好处|优点|缺点|作用|目的|用途|意义)$",
    re.I,
)


def _purpose(title: str) -> str:
    return title if _PURPOSE.match(title) else ""


def _without_count(title: str) -> str:
    """``title`` without a closing count ("双端队列支持的操作有 4 个" → "双端队列支持的操作"), when a name is left."""
    if not title or title[-1] not in "个种类点条项":
        return title
    left = _COUNT_TAIL.sub("", title).strip()
    return left if len(left) >= 2 and not _NOT_A_SET.search(left) else title


def add_facts(found: Found, live: Sequence[ListItem], headings: tuple[str, ...], title: str, line: int) -> bool:
    """A short list of statements under a name (a bold title or a lead-in right above it) → one card."""
    # "**为什么 OSI 失败了？**", a lead-in, then the reasons (a heading that asks titles a whole section instead)
    section = bool(headings) and title == headings[-1]  # "### 2.4 封装的益处" then the list: named by its heading
    asked = patterns.QUESTION_END.search(title) and len(title) <= MAX_QUESTION and not section
    name = title if asked else prose.name(_without_count(title), MAX_FACTS_NAME) or _purpose(title)
    if not name or (patterns.TOPIC_HEADING.search(name) and not asked and (section or "的" not in name)):
        return False  # "双端队列支持的操作" (a lead-in's) names a set; "## 常用操作" (a heading's) a topic
    if sum(len(item.text) for item in live) < MIN_FACT_CHARS * len(live):
        return False
    if any(item.children for item in live) or patterns.is_generic(name):
        return False
    meaning = _facts(live)
    if not meaning:
        return False
    shown = patterns.normalize_title(name) if section else name  # the key stays the heading as written (the id)
    return found.term("definition", name, "", headings, line, shown or name, meaning)
