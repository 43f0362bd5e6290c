"""Lists that are steps in order → one sequence item (an overlapping cloze).

A list is a sequence when its title or lead-in names a process (过程, 步骤,
``TCP 的三次握手``, ``How a DNS query is resolved``, ``当中断发生时，CPU 会：``),
or when its items read as steps: numbered short items, items opening with
首先/然后/最后 or first/then/finally, an actor acting (``客户端向服务器发送…``,
``The client sends…``), or an imperative (``Create a file…``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import SequencePayload
from ..parse import ListItem
from . import patterns
from .base import Found

# Numbered items longer than this on average are an argument, not steps (unless they read as steps).
MAX_PLAIN_STEP = 60
# More steps than this is a list to read, not an order to recall: every cloze card of a sequence shows its
# neighbours and the note carries all steps, so a 5,000-item list would make 5,000 cards of 5,000 steps.
MAX_STEPS = 40
# At least this share of the items must read as steps for an untitled list to be a sequence.
STEP_SHARE = 0.5

# A title that names a process: "TCP 的三次握手", "How a DNS query is resolved".
EVENT_TITLE = re.compile(r"握手|挥手|\bhandshake\b|\bhow\b.{1,40}\b(?:is|are|works?|happens?)\b", re.I)
# A lead-in that tells what happens next ("当中断发生时，CPU 会：", "When the client connects:").
EVENT_LEAD = re.compile(r"^当.{1,30}时|发生(?:时|后)|流程|经过|^when\b|^after\b|^once\b", re.I)
# A lead-in to a numbered list that says how something works ("公钥传输机制如下：", "ARP 的工作原理：", "It works as
# follows:"): its numbers are the order things happen in.
WORKINGS_LEAD = re.compile(
    r"(?:机制|工作原理|工作方式|运行方式|执行方式)(?:如下|是|为)?\s*[：:]?$|\bworks?\s+(?:as\s+follows|like\s+this)\b|"
    r"\bhow\s+it\s+works\b",
    re.I,
)
_STEP_WORD = re.compile(
    r"^(?:首先|然后|接着|随后|之后|再|最后|最终|第[一二三四五六七八九十\d]+步|步骤\s*\d|first(?:ly)?|then|next|after\s+that|"
    r"finally|lastly|step\s*\d)\b|^(?:首先|然后|接着|随后|之后|最后|最终)",
    re.I,
)
_ACTOR = re.compile(
    r"^(?:the\s+)?(?:客户端|服务端|服务器|浏览器|用户|内核|进程|父进程|子进程|主机|路由器|交换机|CPU|操作系统|系统|应用|"
    r"client|server|browser|user|kernel|process|parent|child|host|router|resolver|os|application)\s*"
    r"(?:向|将|把|收到|发送|发起|返回|回复|会|进入|调用|再|也|则|就|sends?|receives?|replies|returns?|calls?|asks?|"
    r"forwards?|looks?\s+up|checks?|creates?|opens?|responds?|writes?|reads?|acknowledges?|enters?)",
    re.I,
)
_IMPERATIVE = re.compile(
    r"^(?:create|run|add|install|open|click|start|stop|use|write|set|configure|build|define|copy|go|make|select|enter|"
    r"type|check|wait|send|save|push|pull|clone|commit|edit|download|upload|launch|deploy|mount|call|initiali[sz]e|"
    r"register|load|read|compile|execute|restart|connect|log\s+in|sign\s+in|navigate|choose|pick|press|apply)\b",
    re.I,
)


_CONDITION = re.compile(r"^(?:如果|若|假如|假设|对于|当|if\b|when\b|for\b|in\s+case\b|unless\b)", re.I)


_SENTENCE_ENDS = ("。", "．", ".", "！", "!")


# "You need a Dockerfile…", "You also need…": the reader told what to do next (not "you can…", an option).
_YOU_STEP = re.compile(
    r"^(?:then\s+|next\s+)?you\s+(?:also\s+|then\s+|first\s+)?(?:need|have\s+to|must|should)\b", re.I
)


# The characters a step can open with: the first characters of the Chinese words of _STEP_WORD, _ACTOR and
# _IMPERATIVE, and (below) any letter re.IGNORECASE takes for an ASCII one (ı, İ, ſ and K besides ASCII's own).
STEP_OPENINGS = frozenset("首然接随之再最第步客服浏用内进父子主路交操系应\u0131\u0130\u017f\u212a")


def _reads_as_step(text: str) -> bool:
    first = text.strip().split("\n", 1)[0]
    opening = first[:1]
    if opening not in STEP_OPENINGS and not (opening.isascii() and opening.isalpha()):
        return False  # most Chinese items: none of the four patterns can match, and none is tried
    return bool(_STEP_WORD.match(first) or _ACTOR.match(first) or _IMPERATIVE.match(first) or _YOU_STEP.match(first))


def is_sequence(
    live: Sequence[ListItem], terms: Sequence[str], ordered: bool, title: str, hint: str, pair_count: int
) -> bool:
    if not 2 <= len(live) <= MAX_STEPS:
        return False
    # "…不同优先级则从高到低。从高到低：" orders its list: only the lead-in's own sentence names the process
    hint, title = patterns.last_sentence(hint), patterns.last_sentence(title)
    naming = f"{title} {hint}"
    if patterns.NOT_SEQUENCE_TITLE.search(naming):
        return False
    if sum(1 for term in terms if term.startswith("-")) * 2 > len(live):
        return False  # "-o <文件名>：…", "-g：…": options side by side, whatever the lead-in says
    if patterns.STATE_TITLE.search(naming) and patterns.looks_like_states(list(terms)):
        return False  # "Process states": R, S, Z are states, not steps
    if patterns.SEQUENCE_TITLE.search(title) or EVENT_TITLE.search(title):
        return True
    if (patterns.SEQUENCE_TITLE.search(hint) or EVENT_TITLE.search(hint)) and pair_count * 2 < len(live):
        return True  # a lead-in that only mentions a process ("…简化提交过程：") before options is no title
    if EVENT_LEAD.search(hint.strip()) and pair_count * 2 < len(live):
        return True
    if ordered and WORKINGS_LEAD.search(hint.strip() or title) and pair_count * 2 < len(live):
        return True  # "带有证书的公钥传输机制如下：" then numbered statements: how it works, in order
    if sum(1 for item in live if _CONDITION.match(item.text)) * 2 >= len(live):
        return False  # "如果…则…" / "If …, …": cases side by side, not steps in order
    steps = sum(1 for item in live if _reads_as_step(item.text))
    if steps >= max(2, len(live) * STEP_SHARE) and pair_count * 2 < len(live):
        return True
    average = sum(len(item.text) for item in live) / len(live)
    statements = sum(1 for item in live if item.text.rstrip().endswith(_SENTENCE_ENDS))
    if statements * 2 > len(live):
        return False  # "1. 默认值由变量类型决定。 2. 定义在函数体外的变量会被初始化为 0。": facts, numbered
    if sum(1 for item in live if item.blocks or item.children) * 2 >= len(live) and not _reads_as_step(live[0].text):
        return False  # "1. Cargo.toml 与 Cargo.lock" / notes under it / "1. 实用 GitHub Action 脚本" / code: an outline
    return ordered and average <= MAX_PLAIN_STEP and pair_count * 2 < len(live)


def add_sequence(
    found: Found,
    live: Sequence[ListItem],
    pairs: Sequence[tuple[str, str] | None],
    headings: tuple[str, ...],
    title: str,
    line: int,
) -> None:
    steps: list[str] = []
    details: list[str] = []
    for item, pair in zip(live, pairs, strict=True):
        label, detail = pair if pair is not None else patterns.first_sentence(item.text)
        steps.append(label)
        details.append(patterns.clean_meaning(detail))
    found.add(
        "sequence",
        title or "steps",
        title,
        headings,
        line,
        SequencePayload(tuple(steps), tuple(details), tuple(item.line for item in live)),
        group=f"{line}",
    )
