"""The little state a walk through a note keeps: the current title, a term waiting for its meaning.

A bold line (``**过程**``) titles the rest of its section; a lead-in sentence
ending in ``：`` titles only the next block; ``**COW**`` alone waits for the
paragraph that defines it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import patterns, prose

# A lead-in longer than this is a sentence, not a title: the heading names the list instead.
MAX_LEAD_IN_TITLE = 16
# An identifier in a long lead-in ("当 tcp_abort_on_overflow 为 1 时：") names the list better than the heading.
_IDENTIFIER = re.compile(r"[A-Za-z_][\w.]*(?:_[\w.]+|\.[A-Za-z_]\w*|\(\))")


# A lead-in that says what the next block lists: "在以下任意路径操作中，…", "in any of the following path operations".
_FOLLOWING = re.compile(
    r"(?:以下|下列|下面)(?:任意|任一|所有|这些|的)?(?P<zh>[\u4e00-\u9fff]{2,8}?)(?:中|里|之一)[，,]"
    r"|\b(?:in|with|from|of|by|for|on)\s+(?:any\s+of\s+|all\s+of\s+|one\s+of\s+)?the\s+following\s+(?P<en>[a-z]+(?:\s[a-z]+)?)\s*[,:]",
    re.I,
)
# "in any of the following ways": what the list holds, but no name for it (the section names it).
_VAGUE_NOUNS = frozenset({"ways", "cases", "steps", "things", "options", "reasons", "methods", "forms", "points"})
# Words that open a lead-in's last clause without naming anything.
_FILLER = re.compile(
    r"^(?:(?:再|来|先|下面|以下|接下来|最后)?(?:总结|概括|介绍|列举|说明|看看?)(?:一下)?|我们|主要|常见的?|下面是|以下是|"
    r"(?:here\s+(?:are|is)|the\s+following|these\s+are)\b)\s*",
    re.I,
)


@dataclass
class Walk:
    title: str = ""
    title_line: int = 0
    explicit_title: bool = False
    title_is_adjacent: bool = False  # the title is the block right before this one
    pending_term: str = ""
    pending_answer: bool = False  # the waiting question was written "Q: …": its answer opens with "A:"
    asked: str = ""  # a bold question inside the paragraph before, for an "答案：" paragraph after it
    fresh_heading: str = ""  # the heading directly above, while no block followed it
    heading_line: int = 0
    heading_has_content: bool = True
    heading_level: int = 1
    hint: str = ""  # the whole lead-in sentence behind a shortened title
    reviewed: bool = False  # the note holds Obsidian spaced-repetition review comments: its X::Y lines are cards
    next_type: str = ""  # the type of the block after this one ("" at the end)
    hint_through: str = ""  # the lead-in's sentence, kept past a picture between it and its block
    # A heading's card made from a first paragraph that never names it: (its index in the items, the term).
    guess: tuple[int, str] | None = None

    def set_title(self, title: str, line: int, persist: bool) -> None:
        """A bold line titles the rest of its section; a lead-in sentence only the next block."""
        self.title, self.title_line, self.explicit_title, self.title_is_adjacent = title, line, persist, True
        self.hint = ""

    def key(self, term: str) -> str:
        return f"{self.title}/{term}" if self.title and self.title != term else term


# A last clause that says a list gives the reasons (or merits) of what the sentence spoke of: "这么做有两个理由",
# "这样做的好处有三点", "其原因如下".
_COUNT = r"(?:[两二三四五六七八九十几\d]+\s*[个点条种])"
_REASONS = re.compile(
    rf"(?:^|[，,。；;.])\s*(?:这么做|这样做|这样|之所以这样|其|它们?)的?(?:主要)?有?(?:以下|如下)?{_COUNT}?"
    rf"(?P<noun>理由|原因|好处|优点|缺点|作用|目的|用途|意义)(?:有{_COUNT}|主要有)?(?:如下)?$"
)
# A last clause that opens with a pronoun ("其分为两类", "they fall into") speaks of the sentence's subject.
_PRONOUN = re.compile(r"^(?:其|它们?|他们|这些|these\s+|they\s+|it\s+)", re.I)


def lead_in_title(lead: str, headings: tuple[str, ...], subject: str = "") -> str:
    """The title a lead-in sentence gives the block after it (``subject``: the term the sentence defined)."""
    title = patterns.normalize_title(prose.OPENER.sub("", lead.strip(), count=1))  # "总结来说，…机制如下："
    reasons = _REASONS.search(title) if subject else None
    if reasons:  # "**TIME_WAIT**" / "…等待 2MSL。这么做有两个理由：": the reasons for TIME_WAIT
        return f"{subject}{' ' if subject[-1:].isascii() else ''}的{reasons.group('noun')}"
    if _EMPTY_LEAD.match(title):  # "Then there are:", "其中：": names nothing, the section does
        return headings[-1] if headings else ""
    if len(title) <= MAX_LEAD_IN_TITLE:
        return patterns.last_sentence(title)  # "不同优先级则从高到低。从高到低" → "从高到低"
    following = _FOLLOWING.search(lead)
    if following:  # "在以下任意路径操作中，可以使用 status_code 参数…：": the list holds 路径操作, not status_code
        listed = following.group("zh") or following.group("en")
        return headings[-1] if headings and listed.lower() in _VAGUE_NOUNS else listed
    named = _IDENTIFIER.search(lead)
    if named:
        return named.group(0)
    last = _FILLER.sub("", re.split(r"[，,；;]", title)[-1]).strip()  # "再总结一下 inode 和 block" → "inode 和 block"
    pronoun = _PRONOUN.match(last)
    if pronoun and subject:  # "…称为**陷阱**，其分为两类：" → "陷阱分为两类"
        rest = last[pronoun.end() :]
        last = f"{subject} {rest}" if subject[-1:].isascii() and rest[:1].isascii() else subject + rest
    if _EMPTY_LEAD.match(last):  # "There are several techniques …, including:": the section names them
        return headings[-1] if headings else title
    if 2 <= len(last) <= MAX_LEAD_IN_TITLE:
        return patterns.last_sentence(last)
    if last.isascii():  # "Explained in natural language, the browsers supported in production are those:"
        sentence = patterns.last_sentence(last)  # "…consistency models. For example": names nothing, the section does
        last = _EN_POINTER.sub("", _EN_ARTICLE.sub("", sentence)).strip()
        if _EMPTY_LEAD.match(sentence) or (headings and last.lower() == headings[-1].lower()):
            return headings[-1] if headings else title  # "## Data types" / "…. The data types are:": the section
        short = 2 <= len(last) <= MAX_EN_LEAD_IN_TITLE and len(last.split()) <= MAX_EN_TITLE_WORDS
        if short and not _EN_CLAUSE.match(last):
            return last  # a name, not a clause ("and made so")
    return headings[-1] if headings else title


# A lead-in that names nothing: "Then there are", "Here they are", "其中", "包括", "有以下几种".
_EMPTY_LEAD = re.compile(
    r"^(?:for\s+(?:example|instance)|e\.g\.?|such\s+as|as\s+follows|like\s+this|including|includes?|"
    r"(?:(?:some|an?|the)\s+)?examples?(?:\s+(?:are|is)(?:\s+as\s+follows)?)?)$|"
    r"^(?:(?:and|then|so|also|but)\s+)?(?:there|here|these|those|they)\s+(?:are|is|were|was|they\s+are)"
    r"(?:\s+(?:some|a\s+few|more|also|two|three|several))?$|"
    r"^(?:其中|包括|如下|以下|下面|有以下|有如下|主要有|分为)(?:几[种点个类条]|[两二三四五六七八九十\d]+[种点个类条])?$",
    re.I,
)


# An English lead-in's last clause, without its article and the words that point at the list:
# "the browsers supported in production are those" → "browsers supported in production".
MAX_EN_LEAD_IN_TITLE, MAX_EN_TITLE_WORDS = 40, 6
# What opens a clause, not a name: a pronoun or conjunction, or a verb ("made some modifications").
_EN_CLAUSE = re.compile(
    r"(?:\w+ed|\w+ing|made|make|makes|see|use|uses|get|gets|got|do|does|did|have|has|had|go|goes|went|try|run|runs|"
    r"let|put|take|takes|took|give|gives|gave|I|we|you|he|she|they|it|this|that|there|here)\b",
    re.I,
)
_EN_ARTICLE = re.compile(r"^(?:(?:and|but|also|then)\s+)?(?:(?:the|a|an)\s+)?", re.I)
_EN_POINTER = re.compile(
    r"\s+(?:are|is|include|includes|are\s+those|is\s+this|are\s+these|as\s+follows|are\s+as\s+follows|"
    r"are\s+listed\s+below|(?:is|are)\s+shown\s+below)$",
    re.I,
)
