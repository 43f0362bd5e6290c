"""The author's remarks are not knowledge: asides, TODO markers, notes on what is missing.

Pure. Notes written for oneself carry asides a learner must not be asked
about: ``overlay（抄了）``, ``（？）``, ``(TODO)``, ``（感觉是五层）``,
``（不太懂）``, a trailing ``TODO``, a line or clause such as
``没有找到非常具体的说明``. :func:`drop_remarks` removes them and says what it
removed (``preview`` lists it), and leaves real parentheticals alone:
``（Address Resolution Protocol）``, ``(BGP)``, ``（自顶向下）``, ``（用于分页）``,
``fork()``.
"""

from __future__ import annotations

import re

from .guarded import Guarded

REMARK = "remark (the author's aside)"

# An aside longer than this is content that happens to hold a question mark or a word like 感觉.
MAX_ASIDE = 40
# Asides nested deeper than this are kept as written (no note nests asides that deep; it bounds the work).
MAX_DEPTH = 8

_OPEN = "（("
_CLOSE = "）)"
_BRACKET = re.compile(r"[（()）]")
# Words that make a short aside the author's note to self: copied, unsure, not understood, not found, lazy.
_REMARK_WORDS = Guarded(
    re.compile(
        r"抄了|抄的|抄自|照抄|偷懒|懒得|感觉|觉得|我猜|猜的|不太懂|没太懂|没懂|不懂|不理解|没找到|没有找到|找不到|没查到|没用过|用过的|"
        r"不确定|不太确定|存疑|待确认|待查|待补充|待完善|未完成|不知道|不清楚|也不是很|^参考|^举个例子$|"
        r"\bnot sure\b|\bunsure\b|\bI think\b|\bI guess\b|\bcopied\b|\bcitation needed\b|\bcheck this\b|"
        r"\bno idea\b|\bdon'?t (?:really )?understand\b",
        re.I,
    ),
    "抄|懒|觉|猜|懂|理解|找|查|用过|确定|存疑|待|未完成|知道|清楚|也不是很|参考|举个例子|"
    "not sure|unsure|i think|i guess|copied|citation needed|check this|no idea|understand",
)
_TODO = re.compile(r"(?<![A-Za-z])(?:TODO|FIXME|TBD)(?![A-Za-z])", re.I)
# An aside of question marks or an ellipsis alone: （？）, (?), （...）; not a symbol named in brackets, 减号（-）.
_UNSURE = re.compile(r"[?？…\s.]*(?:[?？…]|\.\.)[?？…\s.]*")
# Nothing left to know: punctuation, brackets, question marks, ellipses.
_FILLER = re.compile(r"[\s()（）\[\]【】?？.。,，、:：;；!！~\-—…]*")
_SEPARATORS = " \t,，、;；:：-—"
# A TODO (or 待补充) ending a line, after the text it belongs to: "…服务，TODO", "…（细节TODO"; "todo" in
# lower case only after CJK ("info, todo" names the keyword todo).
# Linear time: a match may start only where a run of separators starts (a run of blanks is scanned once).
_TRAILING_TODO = re.compile(
    r"(?<![\s,，、;；:：\-—])[\s,，、;；:：\-—]*+"
    r"(?:(?:TODO|FIXME|TBD|(?<=[^\x00-\x7f])(?i:todo|fixme|tbd))(?![A-Za-z])|待补充|待完善)[\s:：.。!！]*+$"
)
# Lines without any of these (in any case) have no remark: most lines, left as they are without further work.
_ANY_WORDS = (
    "（", "(", "todo", "fixme", "tbd", "待补充", "待完善", "找到", "查到", "find", "found",
    "跳过", "略过", "赘述", "展开", "省略", "不讲", "skip", "scope", "单独成文", "详见", "参见",
    "后面", "后文", "下文", "以后", "see also", "另见", "之后再", "回头再", "有空再", "还没", "请参", "请查阅",
)  # fmt: skip
_ANY = re.compile("|".join(map(re.escape, _ANY_WORDS)), re.I)
# A line where the author says they leave the subject out: "…所以这里直接跳过。", "此处不再赘述", "we skip it here".
_SKIPPED = Guarded(
    re.compile(
        r"(?:这里|此处|本文|这边|在此|下面)[^，,。；;]{0,4}?(?:跳过|略过|不再赘述|不赘述|不(?:详细|过多|再)?展开|省略|就不讲|不讲了)|"
        r"\b(?:we|I)(?:'ll| will)? skip (?:it|this|them)\b|\bbeyond the scope of this\b|"
        r"已单独成文|(?:详|参|另)见(?:这篇|本文|下文|文章|链接)?|请(?:参考|参阅|查阅)|\bsee also\b|"
        r"(?:后面|后文|下文|以后)(?:会|再|将)(?:详细)?(?:介绍|讲|说)",
        re.I,
    ),
    ("这里|此处|本文|这边|在此|下面|skip|beyond the scope|单独成文|见|请参|请查阅|see also|后面|后文|下文|以后"),
)
# A sentence that only sends the reader elsewhere goes whole: "这部分内容已单独成文，详见…。", "See also: path."
# (a sentence holding "已单独成文" goes whole wherever the clause is).
_ELSEWHERE = re.compile(
    r"^\s*(?:(?:详|参|另)见|请(?:参考|参阅|查阅)|see also\b)|"
    r"(?:后面|后文|下文|以后)(?:会|再|将)(?:详细)?(?:介绍|讲|说)",
    re.I,
)
# A note to self from here to the end of the line: "TODO: explain", "… over UDP. TODO explain 0-RTT".
# Upper case only: "a todo list" is a thing to know about.
_TODO_START = re.compile(r"(?<![A-Za-z])(?:TODO|FIXME)(?=[:：\s]|$)")
_SENTENCE_END = ".。;；!！?？"
# An aside opened at the end of a line and never closed: "（懒得画图了，TODO".
_UNCLOSED_TAIL = re.compile(r"[（(](?P<inner>[^()（）\n]*)$")
# A clause that only says what the author did not find: "bootfs没有找到非常具体的说明".
_MISSING = re.compile(
    r"^(?!如果|若|当|if\b)[^，,。；;]{0,16}?(?:没有?|未能?|暂时?没有?)(?:找到|查到)[^，,。；;]{0,12}?"
    r"(?:说明|资料|解释|文档|答案|出处|介绍)|"
    # "…，以后再补充。", "还没用过 firewall-cmd": the author's plans and what they have not tried yet
    r"^(?:以后|之后|回头|有空|后面)再(?:补充|补|写|研究|整理|看|学)[^，,。；;]{0,6}[，,。；;!！]?$|"
    r"^还没(?:用过|试过|看过|学过|研究过)[^，,。；;]{0,30}[，,。；;!！]?$|"
    r"^(?:I\s+)?(?:could ?n[o']t|can ?n[o']t|did ?n[o']t|have ?n[o']t|was not able to)\s+(?:yet\s+)?find\b|"
    r"^no (?:good |clear |detailed |specific |real )*(?:explanation|documentation|docs|info(?:rmation)?|source)s?"
    r" (?:found|yet|available)",
    re.I,
)
# A clause and the punctuation that ends it (a "." ends one only before a blank: not in "2.5" or "e.g").
_CLAUSE = re.compile(r"(?:[^，,。；;！!？?.]|\.(?!\s|$))*+(?:(?:[，,。；;！!？?]|\.(?=\s|$))++\s*+|$)")


def drop_remarks(text: str) -> tuple[str, list[str]]:
    """``text`` without the author's remarks, and the remarks removed (as written)."""
    removed: list[str] = []
    lines = []
    for line in text.split("\n"):
        kept = _line(line, removed)
        if kept is not None:
            lines.append(kept)
    return "\n".join(lines), removed


def _line(line: str, removed: list[str]) -> str | None:
    """One line without its remarks; None when the line was nothing but a remark."""
    if not line.strip() or not _may_hold_remark(line):
        return line
    cleaned = _skipped(line, removed) if _SKIPPED.search(line) else line
    cleaned = _todo_to_end(cleaned, removed)
    cleaned = _asides(cleaned, 0, len(cleaned), _pairs(cleaned), removed, 0)
    cleaned = _tail(cleaned, removed)
    cleaned = _missing_clauses(cleaned, removed)
    if cleaned == line:
        return line
    if _FILLER.fullmatch(cleaned):
        return None
    return cleaned.strip()


def _may_hold_remark(line: str) -> bool:
    """``_ANY.search(line)``, cheaper (most lines hold none of its words): substring tests on the lower-cased
    line; re.I also lets ı, İ, ſ and K stand for ASCII letters, and only then does the regex decide."""
    if _ANY_WORD.search(line.lower()):
        return True
    folds = not line.isascii() and ("ı" in line or "İ" in line or "ſ" in line or "K" in line)
    return folds and _ANY.search(line) is not None


_ANY_WORD = re.compile("|".join(re.escape(word) for word in _ANY_WORDS))  # one scan for any of the words


# A clause that only leads to a pointer elsewhere: "更多信息，", "具体取值，", "详细说明，".
_POINTER_LEAD = re.compile(
    r"^(?:(?:更多|具体|详细|详情|完整|其他)[^，,；;]{0,6}|关于[^，,；;]{1,40}的(?:更多|详细)?(?:信息|说明|内容|细节))[，,]$"
)


def _skipped(line: str, removed: list[str]) -> str:
    """Without the clause where the author leaves the subject out; its whole sentence when the clause concludes
    it ("1xx 你平时不会碰到，所以这里直接跳过。" says nothing but why it is skipped)."""
    kept = []
    for sentence in re.findall(r"[^。.!！?？]+[。.!！?？]?", line):
        if not _SKIPPED.search(sentence):
            kept.append(sentence)
            continue
        clauses = re.findall(r"[^，,；;]+[，,；;]?", sentence)
        hit = next(index for index, clause in enumerate(clauses) if _SKIPPED.search(clause))
        lead = hit  # "更多信息，请参见[…]", "具体取值，请参见…": the clauses that lead to the pointer go with it
        while lead > 0 and _POINTER_LEAD.match(clauses[lead - 1].strip()):
            lead -= 1
        concludes = re.match(r"\s*(?:所以|因此|故而?|于是|so\b|therefore\b)", clauses[hit], re.I) or lead == 0 < hit
        if concludes or "已单独成文" in sentence or (hit == 0 and _ELSEWHERE.search(clauses[hit])):
            removed.append(sentence.strip())
            continue
        removed.append("".join(clauses[lead : hit + 1]).strip())
        rest = "".join(clauses[:lead] + clauses[hit + 1 :]).rstrip("，,；; ")
        kept.append(rest + ("。" if rest and sentence.rstrip()[-1:] == "。" and not rest.endswith("。") else ""))
    return "".join(kept)


def _todo_to_end(line: str, removed: list[str]) -> str:
    """Without a TODO note that starts the line or a sentence and runs to the line's end."""
    if "TODO" not in line and "FIXME" not in line:
        return line  # _TODO_START needs one of them (it is case-sensitive)
    for match in _TODO_START.finditer(line):
        before = line[: match.start()].rstrip(" \t-*")
        if not before or before[-1] in _SENTENCE_END:
            removed.append(line[match.start() :].strip())
            return before
    return line


def _pairs(text: str) -> dict[int, int]:
    """Matching brackets, full-width or ASCII in any mix: open index → close index."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for match in _BRACKET.finditer(text):  # only the brackets, not every character
        index = match.start()
        if text[index] in _OPEN:
            stack.append(index)
        elif stack:
            pairs[stack.pop()] = index
    return pairs


def _asides(text: str, start: int, end: int, pairs: dict[int, int], removed: list[str], depth: int) -> str:
    """``text[start:end]`` with every remark aside removed, inner asides first."""
    out: list[str] = []  # runs of plain text (never two in a row) and asides, each ending in its bracket
    index = start
    for opening in sorted(pairs):
        close = pairs[opening]
        if opening < index or opening >= end or close >= end:
            continue  # inside an aside already handled, outside this range, or closed beyond it: plain text
        if opening > index:
            out.append(text[index:opening])
        mark = len(removed)
        inner = text[opening + 1 : close]
        if depth < MAX_DEPTH:
            inner = _asides(text, opening + 1, close, pairs, removed, depth + 1)
        verdict = _aside(inner)
        if verdict is None:
            del removed[mark:]  # the whole aside goes: list it once, not its parts too
            removed.append(text[opening : close + 1])
            if out and out[-1][-1] in " \t" and (close + 1 >= end or text[close + 1] in " \t，。,.;；:：!！?？)）"):
                out[-1] = out[-1].rstrip(" \t")  # the blanks before it go too (an aside ends in its bracket)
                if not out[-1]:
                    out.pop()
        else:
            if verdict != inner:  # a TODO inside a real aside: "（虚拟文件系统，TODO）"
                removed.extend(match.group(0) for match in _TODO.finditer(inner))
            out.append(text[opening] + verdict + text[close])
        index = close + 1
    if index < end:
        out.append(text[index:end])
    return "".join(out)


def _aside(inner: str) -> str | None:
    """What is left of an aside's text: None when the whole aside is a remark."""
    text = inner.strip()
    if not text:
        return inner  # "fork()": an empty pair is a call, not an aside
    if _UNSURE.fullmatch(text):
        return None
    if len(text) > MAX_ASIDE:
        return inner
    if _REMARK_WORDS.search(text) or text.endswith(("?", "？")):
        return None
    if _TODO.search(text):
        rest = _TODO.sub("", text).strip(_SEPARATORS)
        return None if _FILLER.fullmatch(rest) else rest  # "虚拟文件系统，TODO" → "虚拟文件系统"
    return inner


def _tail(line: str, removed: list[str]) -> str:
    """Without a TODO or an unclosed remark aside at the end of the line."""
    unclosed = _UNCLOSED_TAIL.search(line) if _ends_open(line) else None
    if unclosed:
        inner = unclosed.group("inner")
        if _TODO.search(inner) or _aside(inner) is None:
            removed.append(unclosed.group(0).strip())
            line = line[: unclosed.start()].rstrip()
    trailing = _TRAILING_TODO.search(line) if _may_trail_todo(line) else None
    if trailing and trailing.start() < len(line):
        removed.append(trailing.group(0).strip(_SEPARATORS))
        line = line[: trailing.start()]
    return line


def _ends_open(line: str) -> bool:
    """Whether _UNCLOSED_TAIL can match: the line's last bracket opens (and no line break follows it)."""
    last = max(line.rfind("("), line.rfind(")"), line.rfind("（"), line.rfind("）"))
    return last >= 0 and line[last] in _OPEN and "\n" not in line[last:]


def _may_trail_todo(line: str) -> bool:
    """Whether _TRAILING_TODO can match: it needs one of its words (case-insensitive, so ı and İ count as i)."""
    lower = line.lower()
    return any(word in lower for word in ("todo", "tbd", "fixme", "待补充", "待完善")) or "ı" in line or "İ" in line


_LATER_WORDS = ("以后再", "之后再", "回头再", "有空再", "后面再")  # what _MISSING's plans open with


def _missing_clauses(line: str, removed: list[str]) -> str:
    """Without the clauses that only say what was not found."""
    lower = line.lower()
    later = "还没" in line or any(word in line for word in _LATER_WORDS)
    if "找到" not in line and "查到" not in line and "find" not in lower and "found" not in lower and not later:
        return line  # the common case, without splitting
    kept = []
    for clause in _CLAUSE.findall(line):
        if clause and _MISSING.match(clause.strip()):
            removed.append(clause.strip().rstrip("，,。；;！!？?"))
        else:
            kept.append(clause)
    text = "".join(kept)
    if text != line and text.rstrip().endswith(("，", "；", "、")):  # "…直接管理，[还没用过…，以后再补充。]"
        text = text.rstrip().rstrip("，；、") + "。"
    return text
