"""Paragraphs → titles for what follows, definitions, chains, and prose definitions.

A paragraph is, in this order: a bold line (a title, a term waiting for its
meaning, or a question waiting for its answer), a lead-in sentence ending in
``：``, the meaning of a waiting term, a ``**term** meaning`` or `` `code` meaning``
line, lines of ``term：meaning`` / ``A -> B -> C``, the first paragraph under a
heading that names a term, or a prose definition (:mod:`.prose`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import SequencePayload, TermPayload
from ..parse import Block, images
from . import patterns
from .base import Found
from .definitions import bold_pair, code_pair, line_pair
from .prose import acronym_definitions, bold_definitions, prose_definitions, sentences
from .walk import Walk, lead_in_title
from .written_cards import add_written_cards, may_hold_cards

# A bold line longer than this is a sentence (a remark), not a title or a term.
MAX_BOLD_TITLE = 24
# A bold question longer than this is a paragraph in bold, not a question to ask.
MAX_BOLD_QUESTION = 60
# A lead-in longer than this is not a term that its next paragraph defines.
MAX_LEAD_TERM = 30
# A lead-in this long says something itself: the meaning of a waiting term, or of its own bold term.
MIN_LEAD_MEANING = 20


# A paragraph with nothing left to read: markup alone ("{{Compat}}", an anchor, a comment inside a line).
EMPTY_PARAGRAPH = "nothing to read (only markup such as {{Compat}} or an anchor)"
# What preview says of a line that names the block after it (it gives that block's cards their context).
TITLE_SKIP = "title of what follows (context for its cards)"
_COMPONENT = re.compile(r"^<[A-Z][\w.]{0,60}(?:\s[^<>]{0,500})?/?>$")


def extract_paragraph(found: Found, walk: Walk, block: Block, fresh_heading: str) -> None:
    asked, walk.asked = walk.asked, ""
    if _not_knowledge(found, walk, block) or (
        may_hold_cards(block.text) and add_written_cards(found, block, walk.reviewed)
    ):
        return
    if not _question_answer(found, walk, block, asked):
        # "面试官很可能会追问：“**可以先删除 cache，后更新 db 么？**”" then "**答案：** …"
        walk.asked = next(
            (bold for bold in block.strongs if patterns.QUESTION_END.search(bold) and len(bold) <= MAX_BOLD_QUESTION),
            "",
        )
        _paragraph(found, walk, block, fresh_heading)
    if "(" in block.text or "（" in block.text:  # "…commonly called FIFO (first in, first out)": the acronym too
        _acronyms(found, walk, block)


def _acronyms(found: Found, walk: Walk, block: Block) -> None:
    """A card for each acronym the paragraph spells out, unless a card of this section already asks it."""
    spelled = acronym_definitions(block.text)
    if not spelled:
        return  # most paragraphs with a bracket: no need to look through the items found so far
    asked = [
        item.parts.term
        for item in found.items
        if item.headings == block.headings and isinstance(item.parts, TermPayload)
    ]
    for acronym, full in spelled:
        word = re.compile(rf"(?<![A-Za-z]){acronym}(?![A-Za-z])")
        if not any(word.search(term) for term in asked):  # "The Border Gateway Protocol (BGP)" asks it already
            found.term("definition", walk.key(acronym), walk.title, block.headings, block.line, acronym, full)


def _paragraph(found: Found, walk: Walk, block: Block, fresh_heading: str) -> None:
    if block.strong_only:
        _bold_line(found, walk, block)
        return
    lines = _unwrapped([line.strip() for line in block.text.split("\n") if line.strip()])
    if len(lines) == 1 and lines[0].endswith(("：", ":")):
        pending = walk.pending_term  # "**TIME_WAIT**", then "…。这么做有两个理由：": the reasons are TIME_WAIT's
        stated = prose_definitions(lines[0], block.strongs, (block.lead_code,))
        made = _prose(found, walk, block, stated)  # "…的事件称为**陷阱**，其分为两类：" states before it leads in
        question = walk.pending_term if patterns.QUESTION_END.search(walk.pending_term) else ""
        if len(lines[0]) >= MIN_LEAD_MEANING and not question:  # "**iota**", then "iota 是…，例如："
            made = _meaning_of_pending(found, walk, block, lines) or _lead_term(found, walk, block) or made
        if not made and len(lines[0]) >= MIN_SAID_LEAD and not _ANNOUNCES.search(lines[0]):
            made = _heading_definition(found, walk, block, fresh_heading, lines)  # "### Admonition", "The … is …:"
        elif not made and _KEY_HEADING.match(fresh_heading) and not _ANNOUNCES.search(lines[0]):
            said = [_EXAMPLE_POINTER.sub("", lines[0].rstrip("：:").rstrip())]  # "### meta", "指定额外的…：", code
            if len(said[0]) >= MIN_KEY_LEAD and not _SPEAKS_OF_BELOW.match(said[0]):
                made = _heading_definition(found, walk, block, fresh_heading, said)
        _lead_in(walk, lines[0], block, stated[-1][0] if stated else pending)
        if question:  # "**为什么 OSI 失败了？**", "…主要有下面几方面原因：", then the reasons
            walk.set_title(question, block.line, persist=False)
        if not made:
            found.skip(block.line, TITLE_SKIP, lines[0])
        return
    if _meaning_of_pending(found, walk, block, lines) or _bold_terms(found, walk, block):
        return
    if len(lines) == 1 and _lead_term(found, walk, block):
        return
    reader = _Lines(found, walk, block)
    reader.read(lines)
    if reader.produced:
        return
    heading = block.headings[-1] if block.headings else ""
    asks = bool(fresh_heading) and bool(patterns.QUESTION_END.search(fresh_heading))  # "## TCB 是什么？" answers it
    # "# 消息（Message）" › "## 定义" › "消息是…的最小数据传输单元": every heading above names what its text defines
    stated = prose_definitions(block.text, block.strongs, (block.lead_code, *block.headings), introduced=not asks)
    if any(term != heading for term, _ in stated) and not _heading_said_first(block.text, heading, stated):
        _prose(found, walk, block, stated)  # "## Git" then "分支就是指向某个快照的指针": the sentence names its term
        return
    if _heading_definition(found, walk, block, fresh_heading, reader.leftover):
        return
    if not _prose(found, walk, block, stated) and not _answers_heading(found, walk, block, fresh_heading):
        found.skip(block.line, "prose without a card pattern", block.text)


# "A convenience wrapper around a container.": a sentence that is a noun phrase describes the heading above it.
_NOUN_PHRASE = re.compile(
    r"^(?:an?|the)\s+[\w-]+(?:\s+[\w`.-]+){0,8}\s+(?:around|of|for|that|which|to|used|with|in)\b[^.]*\.$", re.I
)


def _heading_said_first(text: str, heading: str, stated: list[tuple[str, str]]) -> bool:
    """``### Acknowledgment (ack)`` then "A message sent to a broker…. An acknowledgment (ack) is Pulsar's way…":
    the paragraph's first sentence already says what the heading names; the later one that names it again is more
    about it, not its definition."""
    first = sentences(text)[:1]
    if any(term.casefold() != heading.casefold() for term, _ in stated) and not _NOUN_PHRASE.match(
        first[0] if first else ""
    ):
        return False
    return bool(first) and not prose_definitions(first[0], (), (heading,))


# A lead-in this long under a heading that names a term says what the term is before it leads in.
MIN_SAID_LEAD = 60
# A heading that is a key or identifier ("### meta", "### base", "### markdown.anchor"): a lead-in under it, however
# short, says what the key does before its example (this long at least).
_KEY_HEADING = re.compile(r"^[a-z_][A-Za-z0-9_.-]{1,40}$")
# A lead-in about the block below, not the key: "仅仅是一部分中断处理时会用到的字段：", "Here is…", "These are…".
_SPEAKS_OF_BELOW = re.compile(
    r"^(?:仅仅|仅|只|这|以下|下面|下列|其中|(?:here|these|this|the\s+following|below)\b)", re.I
)
# The end of a lead-in that only points at what is below it: "…的重新解释。示例如下", "…，其部分结构如下".
_EXAMPLE_POINTER = re.compile(r"[。.，,；;]?[^。.，,；;]{0,20}如下$|[.,;]?\s*(?:for\s+)?example$", re.I)
MIN_KEY_LEAD = 6
# A hard-wrapped English sentence: a line that ends inside it, then a line that goes on with a small letter.
_WRAPPED = re.compile(r"[A-Za-z0-9,`)\]]$")
_GOES_ON = re.compile(r"^[a-z`(]")
# A line this long that stops inside a sentence was wrapped at a width, whatever the next line opens with.
WRAP_WIDTH = 60
# Lines joined up to this long (far past any card's answer): each join reads the line so far, so no more.
MAX_JOINED = 1000


# A lead-in that only announces what follows: "There are three different ways to…", "先看一个最常见的场景：",
# or speaks to the reader ("You can be given…").
_ANNOUNCES = re.compile(
    r"\b(?:two|three|four|five|six|several|many|some|various|different|multiple)\s+(?:\w+\s+)?"
    r"(?:ways|types|kinds|steps|methods|options|reasons|cases|forms)\b|^(?:you|we|let's|here)\b|"
    r"\b(?:are|is)\s+(?:those|these|this|as\s+follows)\W*$|\b(?:following|below)\b|"
    r"[几两二三四五六七八九十多]\s*[种类个步点条]|先看|来看|看一个|例子|场景|这么一|这样一|^(?:我们|你)",
    re.I,
)


def _states_pair(line: str) -> bool:
    pair = line_pair(line)
    return pair is not None and bool(pair[1])


def _unwrapped(lines: list[str]) -> list[str]:
    """Lines a writer wrapped at some width joined again ("…can be enabled via" + "`mkdocs.yml`:"); never a
    ``term：meaning`` line ("etcd : Consistent…")."""
    out: list[str] = []
    for line in lines:
        if (
            out
            and len(out[-1]) <= MAX_JOINED
            and _WRAPPED.search(out[-1])
            and (_GOES_ON.match(line) or (len(out[-1]) >= WRAP_WIDTH and line[:1].isalpha()))
            and out[-1].isascii()
            and _not_a_new_pair(out[-1], line)
        ):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _not_a_new_pair(before: str, line: str) -> bool:
    """Whether ``line`` goes on from ``before`` rather than opening a ``term: meaning`` line of its own: lines of
    pairs stay apart ("etcd : Consistent…"), but a long pair line wrapped at a width goes on in lower case, however
    it reads ("…based on cron expressions. Command" + "type support: start workflow, …")."""
    if not _states_pair(line) and not _states_pair(before):
        return True
    if len(before) < WRAP_WIDTH or not _GOES_ON.match(line):
        return False
    head = line.split(":", 1)[0].strip()
    return " " in head and not head.startswith("`")


# Interview notes: "Q: 什么是死锁？" / "**问：…**" then "A: …" / "答：…" (same paragraph or the next one).
_Q_LINE = re.compile(r"^(?:Q|问|提问|问题|Question)\s*\d{0,3}\s*[:：.、]\s*(?P<text>\S.*)$", re.I)
_A_LINE = patterns.ANSWER_LINE


def _answer_text(lines: list[str], at: int) -> str:
    """The answer from line ``at`` on, without its "A:" / "答：" mark."""
    return "\n".join([_A_LINE.sub(r"\g<text>", lines[at]), *lines[at + 1 :]])


def _question_answer(found: Found, walk: Walk, block: Block, asked: str = "") -> bool:
    lines = [line.strip() for line in block.text.split("\n") if line.strip()]
    question = _Q_LINE.match(lines[0]) if lines else None
    if question:
        answer_at = next((index for index, line in enumerate(lines) if index and _A_LINE.match(line)), -1)
        if answer_at > 0:
            text = " ".join([question.group("text"), *lines[1:answer_at]])
            answer = _answer_text(lines, answer_at)
            found.term("definition", walk.key(text), walk.title, block.headings, block.line, text, answer)
            return True
        walk.pending_term = " ".join([question.group("text"), *lines[1:]])  # the answer is the next paragraph
        walk.pending_answer = True
        found.skip(block.line, TITLE_SKIP, lines[0])
        return True
    waiting = (walk.pending_term if walk.pending_answer else "") or asked
    if not waiting or not lines or not _A_LINE.match(lines[0]):
        return False
    walk.pending_term, walk.pending_answer = "", False
    found.term("definition", walk.key(waiting), walk.title, block.headings, block.line, waiting, _answer_text(lines, 0))
    return True


def _not_knowledge(found: Found, walk: Walk, block: Block) -> bool:
    text = block.text
    if block.links_only:
        found.skip(block.line, "links only", text)
        return True
    if _COMPONENT.match(text.strip()):
        found.skip(block.line, "MDX component (page code, not notes)", text)
        return True
    if images.only_images(text):
        found.skip(block.line, "image without text (no question to ask)", " ".join(images.refs(text)))
        return True
    if not text.strip() or patterns.is_todo(text):
        found.skip(block.line, "only a TODO" if text.strip() else EMPTY_PARAGRAPH, text)
        walk.pending_term = ""
        return True
    if not block.headings and block.line <= MAX_METADATA_LINE and _METADATA.match(text):
        found.skip(block.line, "page metadata (author, date) above the notes", text)  # OI-wiki's "author: a, b"
        return True
    if text[:1] in _NAVIGATION_FIRST and _NAVIGATION.match(text):
        found.skip(block.line, "a link to the next or previous page", text)
        return True
    return False


# A page's own details written as a first line instead of front matter: "author: Ir1d, ouuan" (OI-wiki).
_METADATA = re.compile(r"^(?:authors?|contributors?|date|updated|created|last[ _-]?updated|tags)\s*[:：]\s*\S", re.I)
MAX_METADATA_LINE = 3
# "下一篇：查看 CL 的步骤", "Next: Installation": navigation between pages, not knowledge.
_NAVIGATION_FIRST = "下上NnPp"
_NAVIGATION = re.compile(r"^(?:下一篇|上一篇|下一节|上一节|下一章|上一章|next|previous|prev)\s*[:：]", re.I)


def _bold_line(found: Found, walk: Walk, block: Block) -> None:
    bold = block.lead_strong
    pair = patterns.split_pair(bold)
    if pair and pair[1]:  # "**修改权限的命令：chmod**"
        found.term("definition", walk.key(pair[0]), walk.title, block.headings, block.line, pair[0], pair[1])
        return
    if patterns.QUESTION_END.search(bold) and len(bold) <= MAX_BOLD_QUESTION:
        walk.pending_term = bold  # "**硬链接为什么不能跨文件系统？**" then its answer
        found.skip(block.line, TITLE_SKIP, bold)
        walk.title_is_adjacent = False
        return
    title = patterns.normalize_title(bold)
    if len(title) > MAX_BOLD_TITLE or patterns.SENTENCE_PUNCT.search(title):
        found.skip(block.line, "bold sentence (a remark, not a term)", block.text)
        walk.pending_term = ""
        return
    if patterns.TODO_MARK.search(bold):
        found.skip(block.line, "title marked TODO", bold)
        walk.title, walk.pending_term = "", ""
        return
    found.skip(block.line, TITLE_SKIP, bold)
    walk.set_title(title, block.line, persist=True)
    generic = patterns.is_generic(title) or patterns.SEQUENCE_TITLE.search(title)
    termlike = patterns.is_termlike(title) or _numbered_case(bold, title)
    walk.pending_term = "" if generic or not termlike else title


# "**2. 对端曾经崩溃，但已经重启**": a numbered bold label is a heading; a case named in two short clauses.
_NUMBERED_LABEL = re.compile(r"\s*\d{1,2}[.、)）]\s*\S")
MAX_CASE_CLAUSE = 12


def _numbered_case(bold: str, title: str) -> bool:
    if not _NUMBERED_LABEL.match(bold):
        return False
    clauses = [_CONJUNCTION.sub("", clause) for clause in re.split(r"，|, ", title)]
    return 1 < len(clauses) <= 3 and all(
        len(clause) <= MAX_CASE_CLAUSE and patterns.is_termlike(clause) for clause in clauses
    )


_CONJUNCTION = re.compile(r"^(?:但是?|而且?|或者?|并且?|且|and\s|but\s|or\s)", re.I)


def _opening(text: str) -> str:
    """The first sentence: "本文介绍…" speaks about the note there, "…不需要我们再…" later on does not."""
    return next(iter(sentences(text)), "")


def _sentences_before(line: str) -> bool:
    """A lead-in that says something before its colon ("Signals are software interrupts…. They can:")."""
    return bool(re.search(r"[。．.!?！？；;]\s*\S", line))


def _lead_in(walk: Walk, line: str, block: Block, subject: str = "") -> None:
    """A lone lead-in ("hook点：", "链接状态有（…）：") titles what follows."""
    lead = patterns.normalize_title(line)
    walk.set_title(lead_in_title(line, block.headings, subject), block.line, persist=False)
    walk.hint = line
    walk.pending_term = lead if patterns.is_termlike(lead, MAX_LEAD_TERM) else ""


def _meaning_of_pending(found: Found, walk: Walk, block: Block, lines: list[str]) -> bool:
    """``**COW**`` alone, then this paragraph: its meaning (unless the lines are cards themselves)."""
    term = walk.pending_term
    walk.pending_term = ""
    if not term or patterns.split_pair(lines[0]) is not None or patterns.META_SENTENCE.search(_opening(lines[0])):
        return False
    title = walk.title if walk.title != term else ""
    return found.term("definition", walk.key(term), title, block.headings, block.line, term, block.text)


def _lead_term(found: Found, walk: Walk, block: Block) -> bool:
    """``**namespace**抽象全局资源…`` / `` `CLOSE_WAIT` 是…``: the paragraph defines its leading term."""
    pair = bold_pair(block.text, block.lead_strong) or code_pair(block.text, block.lead_code)
    if pair is None:
        return False
    return found.term("definition", pair[0], "", block.headings, block.line, pair[0], pair[1])


def _bold_terms(found: Found, walk: Walk, block: Block) -> bool:
    """``注意区分：**半关闭** 指…；**半开连接** 通常指…``: each bold phrase a copula defines."""
    made = False
    for term, meaning in bold_definitions(block.text, block.strongs):
        made = found.term("definition", walk.key(term), walk.title, block.headings, block.line, term, meaning) or made
    if made and block.lead_strong and _AFTER_LEAD_COLON.match(block.text[len(block.lead_strong) :]):
        _lead_term(found, walk, block)  # "**Failure strategy**: …. **Continue** refers to…": the lead term too
    return made


# The paragraph's leading bold phrase is its term: a colon follows it.
_AFTER_LEAD_COLON = re.compile(r"^\s*[:：]")


@dataclass
class _Lines:
    """The lines of one paragraph: ``term：meaning`` lines, chains, a trailing lead-in."""

    found: Found
    walk: Walk
    block: Block
    produced: bool = False
    leftover: list[str] = field(default_factory=list)
    open_term: tuple[str, int, list[str]] | None = None  # "epoll()：" whose meaning is on the next lines

    def read(self, lines: list[str]) -> None:
        for offset, line in enumerate(lines):
            if not patterns.is_todo(line):
                self.line(line, self.block.line + offset, last=offset == len(lines) - 1 and offset > 0)
        self.close()

    def line(self, line: str, number: int, last: bool) -> None:
        if last and line.endswith(("：", ":")):
            self.close()
            self.walk.set_title(lead_in_title(line, self.block.headings), number, persist=False)
            self.walk.hint = line
            return
        if self.chain(line, number):
            return
        pair = line_pair(line)
        if pair:
            self.close()
            if pair[1] and not patterns.is_todo(pair[1]):
                self.term(pair[0], number, pair[1])
            elif not pair[1]:
                self.open_term = (pair[0], number, [])
        elif self.open_term is not None:
            self.open_term[2].append(line)
        else:
            self.leftover.append(line)

    def term(self, term: str, number: int, meaning: str) -> None:
        walk = self.walk
        if self.found.term("definition", walk.key(term), walk.title, self.block.headings, number, term, meaning):
            self.produced = True

    def close(self) -> None:
        if self.open_term and self.open_term[2]:
            term, number, meaning = self.open_term
            self.term(term, number, "\n".join(meaning))
        self.open_term = None

    def chain(self, line: str, number: int) -> bool:
        """``A -> B → C`` and ``raw>mangle>dnat>filter`` lines are sequences."""
        arrows = patterns.arrow_chain(line)
        title = self.walk.title
        if arrows:
            key = "→".join(arrows[:2])
        else:
            gt = patterns.gt_chain(line)
            if not gt:
                return False
            lead, arrows = gt
            if _MENU_LEAD.search(lead):
                return False  # "This works best with Settings > Editor > Autopair Brackets enabled": a menu path
            title = patterns.short_lead(lead) or title
            key = title or ">".join(arrows[:2])
        steps = tuple(arrows)
        payload = SequencePayload(steps, ("",) * len(steps), (number,) * len(steps))
        self.found.add("sequence", key, title, self.block.headings, number, payload, group=f"{number}")
        self.produced = True
        return True


# Words before a "A > B > C" that make it a place to click through, not steps: "with Settings > Editor > …",
# "打开 设置 > 编辑器 > …".
_MENU_LEAD = re.compile(
    r"(?:\b(?:with|in|under|open|go\s+to|navigate\s+to|click|select|choose|via|at|from|enable|disable|to)|"
    r"打开|进入|点击|选择|依次点击|找到)\s*[`'\"“]?$",
    re.I,
)
# "参考: [Permalinks](…)", "See also: …": where to read about it, not what it is.
_SEE_ALSO = re.compile(r"^(?:参考|参见|详见|请见|见|see(?:\s+also)?|refer\s+to|cf\.)\s*[:：]", re.I)


def _heading_definition(found: Found, walk: Walk, block: Block, fresh: str, leftover: list[str]) -> bool:
    """``### ARP`` then its first paragraph: the heading's term and its meaning."""
    term = block.headings[-1] if block.headings else ""
    if not (fresh and leftover and not walk.title and term):
        return False
    generic = patterns.is_generic(term) or bool(patterns.TOPIC_HEADING.search(term))
    if (generic and not _names_generic(term, leftover[0])) or patterns.split_pair(term) is not None:
        return False
    if (
        not patterns.is_termlike(term, 30)
        or patterns.META_SENTENCE.search(_opening(leftover[0]))
        or patterns.is_todo(leftover[0])
        or _SEE_ALSO.match(leftover[0])
    ):
        return False
    shown = patterns.without_numbering(term)  # "## 2.1 try语句" asks for try语句 (the key, and so the id, as written)
    text = "\n".join(leftover)
    made = found.term("definition", term, "", block.headings[:-1], block.line, shown, text)
    if made and not _names(text, shown):  # "# 分段" then "虚拟内存采用的是分页技术…": a guess
        walk.guess = (len(found.items) - 1, shown)
    return made


def _names(text: str, term: str) -> bool:
    """Whether ``text`` names ``term``, in any English ending ("a topological sort" names "Topological sorting")."""
    folded, name = text.casefold(), term.casefold()
    stem = name[:-3] if name.isascii() and len(name) >= 6 else name
    return stem in folded


def _names_generic(term: str, text: str) -> bool:
    """A heading such as "Summary" or "Details" names a thing when its paragraph does: "…, a summary samples…",
    "The Details extension adds…" (in English only: a capital inside a sentence, or a subject with an indefinite
    article; "This is an introduction to…" names nothing)."""
    if not term.isascii() or not term[:1].isupper():
        return False
    first = text[:_FIRST_SENTENCE_CHARS]
    word = re.escape(term)
    return bool(re.search(rf"(?<=\S )\b{word}\b|(?:^|,\s)(?:[Aa]n?)\s+{word.lower()}\s+[a-z]", first))


# Where a heading's paragraph is looked at for the heading's word.
_FIRST_SENTENCE_CHARS = 160


# A paragraph longer than this under a question heading is a section to read, not its answer.
MAX_HEADING_ANSWER = 300


def _answers_heading(found: Found, walk: Walk, block: Block, fresh: str) -> bool:
    """``### 为什么要用缓存？`` then a paragraph that says nothing else: the question and its answer."""
    question = block.headings[-1] if block.headings else ""
    if not fresh or question != fresh or not patterns.QUESTION_END.search(question) or walk.title:
        return False
    if len(block.text) > MAX_HEADING_ANSWER or patterns.META_SENTENCE.search(_opening(block.text)):
        return False
    return found.term("definition", question, "", block.headings[:-1], block.line, question, block.text)


def _prose(found: Found, walk: Walk, block: Block, stated: list[tuple[str, str]]) -> bool:
    made = False
    for term, meaning in stated:
        if found.term("definition", walk.key(term), walk.title, block.headings, block.line, term, meaning):
            made = True
            _better_than_guess(found, walk, term)
    return made


GUESS_WITHDRAWN = "first paragraph under a heading that never names it (the section defines it further down)"


def _better_than_guess(found: Found, walk: Walk, term: str) -> None:
    """The section's own sentence defines its heading's term ("分段的做法是…"): the guess from the paragraph right
    under the heading, which never named it, goes."""
    guess = walk.guess
    if guess is not None and guess[1] == term and guess[0] < len(found.items) - 1:
        found.withdraw(guess[0], GUESS_WITHDRAWN)
        walk.guess = None
