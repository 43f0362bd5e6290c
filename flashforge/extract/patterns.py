"""Text predicates shared by the extractors: what looks like a term, a TODO, a chain…

Everything here is a pure function of a string, tuned on real notes (the
shipped seed and ../shared/corpus) rather than on notes written for us.
"""

from __future__ import annotations

import re
import unicodedata

from .guarded import Guarded
from .memo import per_document

# Headings and titles that say what kind of text follows, not what it is about:
# a question needs the heading above them to make sense ("DHCP › 过程").
GENERIC_TITLES = {
    "过程", "步骤", "流程", "策略", "概念", "规则", "定义", "作用", "主要作用", "功能", "原理", "机制", "模型",
    "特点", "特性", "优点", "缺点", "优缺点", "区别", "总结", "小结", "简介", "介绍", "概述", "分类", "类型",
    "种类", "示例", "例子", "实现", "应用", "细节", "其他", "补充", "用法", "命令", "字段", "默认字段", "状态",
    "参数", "配置", "架构", "组成", "结构", "基本概念", "常见问题", "问题", "注意", "注意事项", "说明", "资源",
    "存储", "网络", "隔离", "限制", "overview", "introduction", "intro", "summary", "process", "steps",
    "concepts", "concept", "notes", "details", "usage", "examples", "example", "rules", "features",
    "architecture", "states", "fields", "definition", "definitions", "background", "implementation",
    "implementations", "complexity", "time complexity", "techniques",
    "use cases", "applications", "types", "properties", "operations", "common operations", "api",
    "syntax", "key concepts", "key points", "keypoints", "components", "limitations", "differences", "comparison",
    "options", "parameters", "commands", "configuration", "structure", "引入", "引言", "前言", "序言", "导言",
}  # fmt: skip

SEQUENCE_TITLE = Guarded(
    re.compile(
        r"过程(?!中)|步骤|流程|顺序|阶段|自顶向下|自底向上|[从由][高低先后][到至][低高后先]|调用链|生命周期|^(?:the\s+)?process\b(?!\s+\w)|\bsteps?\b|\bprocedure\b|\bworkflow\b|"
        r"\bflow\b|\blifecycle\b|\bpipeline\b|\bsequence\b|\border\b",
        re.I,
    ),
    # a word of every alternative ("flow" is in "workflow")
    (
        "过程|步骤|流程|顺序|阶段|自顶向下|自底向上|从|由|调用链|生命周期|process|step|procedure|"
        "flow|lifecycle|pipeline|sequence|order"
    ),
)
# A numbered list under "原因/优点/区别" is a list of statements, not steps.
NOT_SEQUENCE_TITLE = Guarded(
    re.compile(
        r"^注$|^注意|^notes?$|^tips?$|原因|理由|为什么|为何|优点|缺点|优势|好处|特点|区别|不同|差异|对比|注意|问题|建议|why|reasons?|advantages?|pros|cons|"
        r"\bvs\.?\b|versus|differences?|compar|有哪些|哪些|[一二三四五六七八九十两几\d]\s*种|作用|用途|kinds?\s+of|types?\s+of|"
        r"的定义|^定义|概念|含义|性质|特性|\bdefinitions?\b|\bproperties\b|\bcharacteristics\b|"
        r"(?:可|能|支持|提供)[^，。,]{0,8}的\s*(?:steps?|步骤)|"  # "PD 可生成的 Step 包括：": the kinds of step
        r"\bbest\s+practices?\b|\bguidelines?\b|\brecommendations?\b|最佳实践",  # "Use X", "Cache Y": advice
        re.I,
    ),
    (
        "注|note|tip|原因|理由|为什么|为何|优点|缺点|优势|好处|特点|区别|不同|差异|对比|问题|建议|why|"
        "reason|advantage|pros|cons|vs|versus|difference|compar|哪些|种|"
        "作用|用途|kind|type|定义|概念|含义|性质|特性|definition|properties|characteristics|可|能|支持|提供|"
        "practice|guideline|recommendation|最佳实践"
    ),
)
# Headings that name a topic or an activity, not a term to define: 用户管理, Docker 常见命令.
TOPIC_HEADING = re.compile(
    r"(?:管理|操作|命令|使用|用法|配置|安装|介绍|总结|详解|基础|入门|实践|实战|案例|常见|相关|汇总|速查|示例|场景|"
    r"\?|？|有哪些|是什么|怎么|如何|为什么|理解|^先|^再|^从|说起|聊聊|谈谈|浅谈|一文|"
    r"简介|概述|概览|简述|\b(?:overview|introduction|intro|basics|summary|guide|tutorial|cheat\s*sheet|essential|questions|"
    r"recommended|resources|further|how\s+to|examples?|tips|notes\s+on|getting\s+started|(?:types|kinds)\s+of)\b)",
    re.I,
)
STATE_TITLE = Guarded(re.compile(r"状态|\bstates?\b|\bstatus\b", re.I), "状态|stat")
TODO_MARK = re.compile(r"(?<![A-Za-z])TODO(?![A-Za-z])|待补充|待完善|未完成|懒得", re.I)
QUESTION_END = Guarded(re.compile(r"(?:(?<![$\\])\?|？)\s*$"), "?|？")  # "echo $?" is code, not a question
SENTENCE_PUNCT = re.compile(r"[。；;！!？?]|，.*，|, .*, ")
# Meta sentences describe the section instead of stating knowledge.
META_SENTENCE = Guarded(
    re.compile(
        r"主要内容|本节|本文|本篇|这篇|文章|以下(?:内容|为)|以一个(?:示例|例子)|(?:下面|这里)以.{1,20}为例|举例说明|"
        r"下面(?:介绍|将|我们)|的描述(?=\s*[：:如])|描述一下|包含的各种|这里仅|如下|"
        r"我们再|讲完|谈谈|来看看|通过上面|上面这|上图|下图|如图|见图|"
        r"分为(?:以下)?[一二两三四五六七八九十几\d]+[种类个]|有(?:以下)?[一二两三四五六七八九十几\d]+[种类个]|"
        r"\bfalls? into\b|\bas follows\b|\bthe following\b|\bthere are (?:\w+ )?(?:types|kinds|categories|ways)\b|"
        r"\bcan be (?:divided|grouped|classified)\b|"
        r"^this (?:page|article|document|guide|section|chapter) "
        r"(?:serves|is|describes|covers|explains|introduces|shows)\b",
        re.I,
    ),
    # the counted kinds ("分为三类", "有 3 种") hold 种, 类 or 个
    (
        "主要内容|本节|本文|本篇|这篇|文章|以下|下面|以一个|这里以|举例说明|的描述|描述一下|包含的各种|这里仅|如下|我们再|讲完|谈谈|"
        "来看看|通过上面|上面这|上图|下图|如图|见图|种|类|个|fall|as follows|the following|"
        "there are |can be |this "
    ),
)
# Words that introduce a remark, not a term: "**注意**：…", "但是，…".
# Words that open a summary of what was said ("简言之：…", "总结来说，…", "In short, …"): they name nothing.
SUMMARY_OPENERS = (
    r"简言之|换言之|总而言之|一言以蔽之|总的来说|总结(?:来说|一下)|综上(?:所述)?|概括(?:来说|地说)|"
    r"in\s+short|in\s+summary"
)
NOT_A_TERM = re.compile(
    r"^(?:⚠️|❗|💡|👉)?\s*(?:注意|需要注意|注|提示|小提示|tips?|note|warning|警告|重要|总结|小结|例如|比如|举例|示例|"
    r"参考|另外|补充|说明|结论|答案|原因|问题|解决|解决方案|解决办法|思考|扩展|拓展|"
    r"readings?|reading list|阅读材料|课后阅读)"
    r"(?:的是|事项)?\s*$|"
    r"^(?:但是|但|所以|因此|而且|如果|因为|然后|此外|同时|其中|这里|这时|此时|那么|也就是说|换句话说|简单来说|总之|首先|其次|最后|"
    rf"{SUMMARY_OPENERS}|tl;?dr|"
    r"打个比方|比方说|举个例子|简单理解|通俗|一句话|可以理解|可以看到|可以发现|我们|我|你|还有|另外|以及|并且|不过|"
    r"设想|假设|假如|想象|试想|(?:it|this|that|they|there|these|those|we|you|he|she|its)\b|"
    r"(?:for|in|on|at|with|by|from|to|of|about|like|as|if|when)\s(?![\u4e00-\u9fff]))",  # not "if 语句", "for 循环"
    re.I,
)
REFERENCE_HEADING = re.compile(
    r"^(?:参考|参考资料|参考文章|参考文献|相关阅读|推荐阅读|延伸阅读|扩展阅读|学习资料|推荐资料|相关链接|"
    r"references?|further reading|see also|links?|sources?|bibliography|credits|acknowledge?ments?)$|"
    r"\b(?:learning|recommended|study|additional)\s+(?:resources|materials|reading)\b|^(?:note|my|external)\s+(?:sources|links)$",
    re.I,
)
URL_ONLY = re.compile(r"^\s*(?:<)?https?://\S+(?:>)?\s*$")

FULL_COLON = "："
# The colon first (then "not after a colon"): the engine finds a literal first character fast.
_ASCII_COLON = re.compile(r":(?<!::)(?!//)(?!\d)(?!:)")  # not "::" (mem::size_of, std::vector)
_CALL = re.compile(r"^[A-Za-z_][\w.]*\([^()\s\u4e00-\u9fff]*(?:\([^()]*\))?[^()\s\u4e00-\u9fff]*\)\s*;?$")
_IDENTIFIER = re.compile(r"[A-Za-z_][\w.]*")
# A call's arguments: names and defaults with a comma or an "=" ("string, maxsplit=0", "x=1"), not words of a name.
_ARGUMENTS = re.compile(r"(?=.*[,=])[\w.*'\"\[\]-]+(?:\s*=\s*[^,=()]+)?(?:\s*,\s*[\w.*'\"\[\]-]+(?:\s*=\s*[^,=()]+)?)*")
_PAREN_DEF = re.compile(r"^(?P<term>[^()（）\n]{1,40}?)\s*[（(](?P<meaning>.+)[)）]\s*[。.]?$", re.S)
# Linear time on any line: a match may start only where a run of blanks or dashes starts, and the
# possessive quantifiers never give back what they took (a run of 30,000 blanks is scanned once).
ARROW = re.compile(r"(?:(?<!\s)\s++)?(?:(?<!-)-++>|→|⟶|=>|⇒)\s*+")
# Maximal chains of names joined by ">", found left to right without retrying inside a chain;
# gt_chain() then applies the conditions on what comes before and after (see _gt_span).
_GT_NODES = re.compile(r"[A-Za-z_][\w()-]*+(?:\s*+>\s*+[A-Za-z_][\w()-]*+)*+")
_GT_NODE = re.compile(r"[A-Za-z_][\w()-]*+")
_GT_LEAD = re.compile(r"[A-Za-z_]")
_GT_BEFORE = re.compile(r"[\w>-]")  # a chain must not continue a word, an arrow or another chain
_GT_AFTER = re.compile(r"[\w>]")
_QUESTION_ASIDE = re.compile(r"[（(][^()（）?？]*+[?？][^()（）]*+[)）]")
_ASIDE = re.compile(r"(?:(?<!\s)\s++)?[（(][^()（）]++[)）]\s*+")
_ONLY_FILLER = re.compile(r"^[\s()（）\[\]【】?？.。,，:：!！~\-—…]*$")
_FILLER_CHARS = "()（）[]【】?？.。,，:：!！~-—…"  # _ONLY_FILLER's characters besides blanks


def display_len(text: str) -> int:
    """Width as a reader sees it: a CJK character counts twice."""
    if text.isascii():  # a flag, not a scan: no ASCII character is wide
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def is_filler(text: str) -> bool:
    """Nothing but punctuation, brackets and question marks, e.g. ``（？）``."""
    if text and text[0] not in _FILLER_CHARS and not text[0].isspace():
        return False  # most texts: the first character is a word's (str.isspace is the regex's \s)
    return bool(_ONLY_FILLER.match(text))


_KEYWORDS = re.compile(r"[a-z][\w-]*(?:\s*,\s*[a-z][\w-]*)+")


def is_todo(text: str) -> bool:
    """A placeholder rather than knowledge: ``TODO``, ``（没太懂TODO``, ``（懒得画图了，TODO``."""
    stripped = text.strip()
    if stripped[:1] in "（(" and not re.search(r"[)）]", stripped) and len(stripped) <= 15:
        return True  # an unclosed aside such as "（细节太多了"
    if not _may_hold_todo(text) or not TODO_MARK.search(text):
        return is_filler(text)
    if _KEYWORDS.fullmatch(stripped):
        return False  # "info, todo": keywords side by side, "todo" among them
    remainder = TODO_MARK.sub("", text)
    remainder = re.sub(r"没太懂|细节|画图了?|待|了", "", remainder)
    return len(remainder.strip(" \t\n()（）[]【】,，。.:：?？!！~-—…")) <= 6


def _may_hold_todo(text: str) -> bool:
    """Whether TODO_MARK could match: substring tests are far cheaper than its search (most texts hold none)."""
    if text.isascii():  # a flag, not a scan: an ASCII text holds none of the Chinese words
        return "todo" in text.lower()
    if "待补充" in text or "待完善" in text or "未完成" in text or "懒得" in text:
        return True
    return ("o" in text or "O" in text) and "todo" in text.lower()  # no o, no "todo" in any case: no lower-casing


def is_generic(title: str) -> bool:
    bare = _BRACKETED.sub("", normalize_title(title)).strip()
    return bare.lower() in GENERIC_TITLES


_BRACKETED = re.compile(r"[（(][^()（）]+[)）]")
_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.、)）]?|[一二三四五六七八九十]+[、.])\s*")
_TRAILING_VERB = re.compile(r"(?:主要)?(?:有|包括|包含|如下|分别是|分为|是)$")
_TRAILING_VERBS = ("有", "包括", "包含", "如下", "分别是", "分为", "是")  # a text _TRAILING_VERB changes ends with one


# "1.", "（2）", "一、", and numbered sections: "2.1 try语句", "2 异常捕获" (a number alone only before CJK: "5 Ways
# to…" keeps its number, which is a word there).
_ENUMERATION = re.compile(
    r"^\s*(?:[（(]?\d{1,3}[)）.、](?![\d.])|\d{1,2}(?:[.．]\d{1,2}){1,3}[.、]?(?=\s)|\d{1,2}(?=\s+[^\x00-\x7f])|"
    r"[（(]?[一二三四五六七八九十]{1,3}[)）、.])\s*"
)


def without_numbering(heading: str) -> str:
    """A heading as a question shows it: ``（2）解压压缩包`` → 解压压缩包, ``2.1 try语句`` → try语句."""
    return _ENUMERATION.sub("", heading).strip() or heading


@per_document  # asked again of the same text (a term, a meaning, a title)
def normalize_title(title: str) -> str:
    """A title without decorations: trailing colons, numbering, asides in brackets."""
    cleaned = _QUESTION_ASIDE.sub("", title) if "?" in title or "？" in title else title
    cleaned = cleaned.lstrip(" )）]】,，。.、")
    if "(" in cleaned or "（" in cleaned:
        without_asides = _ASIDE.sub("", cleaned).strip().rstrip("：:")
        # Keep an aside that says the list is ordered: 架构（自顶向下）.
        keep = SEQUENCE_TITLE.search(cleaned) and not SEQUENCE_TITLE.search(without_asides)
    else:  # no aside: only blanks and colons at the ends go, which cannot take a sequence word away
        without_asides, keep = cleaned.strip().rstrip("：:"), False
    if len(without_asides) >= 2 and not keep:
        cleaned = without_asides
    numbered = _NUMBERING.match(cleaned)  # its only match is at the start (as sub finds it, without the scan after)
    cleaned = cleaned[numbered.end() :] if numbered else cleaned
    cleaned = cleaned.strip().rstrip("：:").strip()
    # "链接状态有：", "主要包括：" – the verb belongs to the sentence, not the title.
    trimmed = _TRAILING_VERB.sub("", cleaned).strip() if cleaned.endswith(_TRAILING_VERBS) else cleaned
    return trimmed if len(trimmed) >= 2 else cleaned


_TERM_ASIDE = re.compile(r"[（(][^()（）]{0,60}[)）]")
# (an expansion opens with a Latin letter; "f(a, b)" is a call, "（这也是…的例子）" a remark)
_LAST_ASIDE = re.compile(r"(?:\s+[（(]|(?<![\w.])\(|（)[A-Za-z][^()（）=]{1,59}[)）]$")
# A name's short form in brackets, which does not count to its length: "Mean time between system incidents (MTBSI)".
_SHORT_FORM = re.compile(r"\s?[（(][A-Za-z][A-Za-z0-9&/.-]{1,11}[)）]")
# A label in capitals of two or more words ("WHEN TO USE", "HOW TO USE") heads a field even when it opens with a
# word that would open a clause ("when", "if", "for").
_CAPS_LABEL = re.compile(r"[A-Z][A-Z0-9/&-]*(?: [A-Z][A-Z0-9/&-]*){1,4}")


@per_document  # asked again of the same text (a term, a meaning, a title)
def is_termlike(term: str, max_chars: int = 40) -> bool:
    """Short enough and shaped like a name, not a sentence."""
    term = term.strip()
    # A name's expansion or translation after it does not count to its length either:
    # "RTP（Real-time Transport Protocol，实时传输协议）" is as long as "RTP".
    named = _LAST_ASIDE.sub("", _SHORT_FORM.sub("", term)) or term if ")" in term or "）" in term else term
    # display_len is at most twice len: a term of 24 characters or fewer is never too wide.
    if not term or len(named) > max_chars or (len(named) > 24 and display_len(named) > 48):
        return False
    if is_filler(term) or (_BRACKET.search(term) and _unbalanced(term)):
        return False
    # "管道文件（p，pipe）": commas inside an aside do not make a clause
    bare = _TERM_ASIDE.sub("", term) if "(" in term or "（" in term else term
    if "，" in bare or ", " in bare or SENTENCE_PUNCT.search(bare) or _HAS_SENTENCE_WORD.search(bare):
        return False
    if (NOT_A_TERM.search(term) and not _CAPS_LABEL.fullmatch(term)) or META_SENTENCE.search(term):
        return False
    words = named.split()  # "Elimination of single points of failure (SPOF)": six words and its short form
    if len(words) > 6:
        return False
    return not term.startswith(("http", "www.", "e.g", "eg.", "例如", "比如"))


# Words that make a would-be term a clause: "ARP 要解决的就是这个转换问题".
SENTENCE_WORDS = re.compile(
    r"(?<!-)\b(?:is|are|was|were|will|would|can|could|should|must|does|did|has|have|had)\b(?!-)|就是|的是|这个|那个|这种|这些|那些|我们|你们|他们|(?<!是否)可以|都|需要|还有|有个|有一个|一下|看一|来看|是$|"
    r"前面|后面|上面|下面|说过|提到|如下|所示|形容|\s=\s|很|也(?!许)"
)
# Whether a text holds one of SENTENCE_WORDS (is_termlike asks nothing more), in one scan that the engine starts
# only at a character that opens one of them: every alternative opens with a literal character, the "\b" before
# an English word is checked after its first letter ("(?<!\w.)": no word character before it), and " = " is
# found at its "=". Tested against SENTENCE_WORDS.
_B = r"(?<![\w-].)"
_E = r"\b(?!-)"  # "must-revalidate", "is-a": a word of a hyphenated name, not a verb
_HAS_SENTENCE_WORD = re.compile(
    rf"i{_B}s{_E}|a{_B}re{_E}|w{_B}(?:as|ere|ill|ould){_E}|c{_B}(?:an|ould){_E}|s{_B}hould{_E}|m{_B}ust{_E}|"
    rf"d{_B}(?:oes|id){_E}|h{_B}(?:as|ave|ad){_E}|就是|的是|这个|那个|这种|这些|那些|我们|你们|他们|(?<!是否)可以|都|需要|还有|有个|有一个|一下|看一|来看|"
    r"是$|前面|后面|上面|下面|说过|提到|如下|所示|形容|=(?<=\s=)\s|很|也(?!许)"
)


_BRACKET = re.compile(r"[()（）\[\]【】]")  # without any, a text is balanced


def _unbalanced(text: str) -> bool:
    depth = 0
    for char in text:
        if char in "(（[【":
            depth += 1
        elif char in ")）]】":
            depth -= 1
            if depth < 0:
                return True
    return depth != 0


STATE_NAME = re.compile(r"^(?:[A-Z][A-Z0-9_/\- ]*|\d{1,3}\b.*|[A-Z][a-z]+(?:[A-Z][a-z]+)+)$")


def looks_like_states(terms: list[str]) -> bool:
    """NEW / ESTABLISHED / TIME_WAIT / 404 Not Found: names as states are written."""
    names = [_TERM_ASIDE.sub("", term).strip() for term in terms]  # "R (running)" is the state R
    return bool(names) and sum(1 for name in names if STATE_NAME.match(name)) * 3 >= len(names) * 2


# The verb that ends "X 是：…" / "X 有两种：…" before the answer on the same line.
_SAYS_WHAT = re.compile(
    r"(?<=[\u4e00-\u9fff）)\w])(?<![应就只都也还才正便即])\s*(?:主要|一般|通常)?(?:是|有|分为|包括)(?:[一二两三四五六七八九十几\d]+\s*[种个类点])?$"
)


# "这段话的核心是：", "比较典型的条件是：": a remark on what was said, not a name.
_REMARK_OPENING = re.compile(r"[这那它其]|比较|最|很|更|非常|特别|相对")


def split_pair(text: str) -> tuple[str, str] | None:
    """``term：meaning`` / ``term: meaning`` → (term, meaning), or None.

    Only the first line decides; later lines belong to the meaning.
    """
    first, _, rest = text.strip().partition("\n")
    index = first.find(FULL_COLON)
    if index < 0:
        match = _ASCII_COLON.search(first)
        if match is None:
            return None
        index = match.start()
    term = first[:index].strip().strip("*").strip()
    meaning = (first[index + 1 :].strip() + ("\n" + rest.strip() if rest.strip() else "")).strip()
    if (
        not is_termlike(term)
        and first[index + 1 :].strip()
        and _SAYS_WHAT.search(term)
        and not _REMARK_OPENING.match(term)
    ):
        term = _SAYS_WHAT.sub("", term).strip()  # "哈希表的两个核心问题是：「…」和「…」": the question, then its answer
    if not is_termlike(term) or URL_ONLY.match(meaning):
        return None
    if meaning.endswith(("：", ":")) and "\n" not in meaning:
        return None  # "方案一：Session 配合 Cookie：" introduces what follows
    return term, meaning


# An answer that only gives an example: "比如…", "e.g. parsing frontmatter".
EXAMPLE_ONLY = re.compile(r"^\s*(?:比如|例如|举个例子|举例来说|for example|for instance|e\.g\.)", re.I)


def split_paren_definition(text: str) -> tuple[str, str] | None:
    """``runc(用于运行容器…)`` → ("runc", "用于运行容器…")."""
    stripped = text.strip()
    # _PAREN_DEF needs an opening bracket and a closing one at the end (before a full stop at most)
    ended = stripped[:-1] if stripped.endswith(("。", ".")) else stripped
    if not ended.rstrip().endswith((")", "）")) or ("(" not in stripped and "（" not in stripped):
        return None
    match = _PAREN_DEF.match(stripped)
    if not match:
        return None
    term, meaning = match.group("term").strip(), match.group("meaning").strip()
    if _unbalanced(meaning):
        return None  # "Samsung Knox Guard (KG) / Remote Monitoring (RMM)": two asides, not a name and its meaning
    if _CALL.match(text.strip()) or (_IDENTIFIER.fullmatch(term) and _ARGUMENTS.fullmatch(meaning)):
        return None  # "del(L[1])", "Pattern.split(string, maxsplit=0)": code calling a function, not a definition
    shortest = 2 if STATE_NAME.match(term) else 4  # "LISTEN（监听）": a state's name in other words is enough
    if not is_termlike(term, 30) or len(meaning) < shortest or is_filler(meaning) or is_todo(meaning):
        return None
    return term, meaning


def arrow_chain(line: str) -> list[str] | None:
    """``A -> B → C`` (three or more short nodes) → [A, B, C]."""
    if not ("->" in line or "→" in line or "=>" in line or "⟶" in line or "⇒" in line) or not ARROW.search(line):
        return None
    nodes = [node.strip(" 。.") for node in ARROW.split(line.strip())]
    if len(nodes) < 3 or any(not node or len(node) > 24 or re.search(r"[，,；;。：:]", node) for node in nodes):
        return None
    return nodes


def gt_chain(line: str) -> tuple[str, list[str]] | None:
    """``…（按优先级高到低，raw>mangle>dnat>filter）`` → (lead text, [raw, mangle, dnat, filter])."""
    if line.count(">") < 2:
        return None
    for match in _GT_NODES.finditer(line):
        span = _gt_span(line, match.start(), match.end())
        if span is not None:
            start, end = span
            return line[:start], [node.strip() for node in line[start:end].split(">")]
    return None


def _gt_span(line: str, start: int, end: int) -> tuple[int, int] | None:
    """The chain of three or more names inside the maximal chain ``line[start:end]``, if any.

    It begins at the first name that does not continue a word, an arrow or a chain
    (``->a > b > c > d`` is ``b > c > d``) and ends at the furthest point not followed by a word
    character or ``>``: the end of a name, or a ``(``, ``)`` or ``-`` inside the last one.
    One pass over the chain, where a backtracking regex would retry from every name.
    """
    nodes = [(node.start(), node.end()) for node in _GT_NODE.finditer(line, start, end)]
    first = _gt_first(line, nodes)
    if first is None:
        return None
    begin_at, first_index = first
    for index in range(len(nodes) - 1, first_index + 1, -1):
        begin, stop = nodes[index]
        cuts = [stop, *(k for k in range(stop - 1, begin, -1) if line[k] in "()-")]
        for cut in cuts:
            if not _GT_AFTER.match(line, cut):
                return begin_at, cut
    return None


def _gt_first(line: str, nodes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first place a chain may begin (a name, or a letter after a bracket inside one), and its node."""
    for index, (begin, stop) in enumerate(nodes):
        inner = (k for k in range(begin + 1, stop) if line[k - 1] in "()" and _GT_LEAD.match(line, k))
        for at in (begin, *inner):
            if at == 0 or not _GT_BEFORE.match(line, at - 1):
                return at, index
    return None


def short_lead(lead: str) -> str:
    """The clause just before a chain, as a title: ``有优先级关系 按优先级高到低``."""
    parts = [p.strip() for p in re.split(r"[，,（(：:；;。]", lead) if p.strip()]
    return " ".join(parts[-2:]) if parts else ""


# Where a sentence ends: a Chinese or final mark, or an English full stop before a capital ("…`Object` (support is
# limited). The data types are:"), not the dot of "e.g. this" or "v1.2".
_SENTENCE_BREAK = re.compile(r"[。．！？!?]|(?<=[a-z0-9`)\]\"'])\.\s+(?=[A-Z])")


# An answer's opening line in interview notes: "A: …", "答：…", "Answer: …".
ANSWER_LINE = re.compile(r"^(?:A|答|回答|答案|Answer)\s*\d{0,3}\s*[:：.、]\s*(?P<text>\S.*)$", re.I)


def last_sentence(text: str) -> str:
    """The text's last sentence (the whole text when that is under two characters): a lead-in's own words,
    after what the sentences before it said."""
    last = _SENTENCE_BREAK.split(text.strip().rstrip("。．！？!?"))[-1].strip()
    return last if len(last) >= 2 else text


def _last_open_cut(label: str, limit: int) -> int:
    """The last clause boundary (，、, ) before ``limit`` outside brackets: "re.split(pattern, string)" stays whole."""
    depth, cut = 0, -1
    for index, char in enumerate(label[:limit]):
        if char in "(（[【":
            depth += 1
        elif char in ")）]】":
            depth = max(0, depth - 1)
        elif depth == 0 and (char in "，、" or (char == "," and label[index + 1 : index + 2] == " ")):
            cut = index
    return cut


def first_sentence(text: str, limit: int = 80) -> tuple[str, str]:
    """Split a step into a short label and the rest (its detail), never cutting a word.

    A first sentence over ``limit`` is cut at its last clause boundary (，, 、) before
    the limit; with none, it stays whole. The detail is what follows the label, so
    nothing is shown twice.
    """
    text = text.strip()
    match = re.search(r"[。．；;]|\n", text)
    label, detail = (text[: match.start()], text[match.end() :]) if match else (text, "")
    label = label.strip()
    if len(label) > limit:
        cut = _last_open_cut(label, limit)
        if cut >= MIN_LABEL:
            return label[:cut].strip(), (label[cut + 1 :].strip() + ("\n" + detail.strip() if detail.strip() else ""))
    return label, detail.strip()


# A step label cut shorter than this says too little: the whole first sentence is kept instead.
MIN_LABEL = 8


# A bold term followed by text that continues the sentence is not a definition:
# "**NAT 协议** 的应用场景如同…".
CONTINUES_SENTENCE = re.compile(r"^(?:[的和与及或在也就都、，,。；;）)]|里|中的|上的|下的|之[间中外内])")


_BLANKS = re.compile(r"[ \t]+")


@per_document  # asked again of the same text (a term, a meaning, a title)
def clean_meaning(text: str) -> str:
    """Trim list-ish leftovers (a lead colon, a trailing comma) and fold runs of blank space, keep line breaks."""
    text = unicodedata.normalize("NFC", text)
    if "\t" in text or "  " in text:  # else every run of blanks is one space already
        text = _BLANKS.sub(" ", text)  # runs of blanks never cross a line
    lines = [line.strip() for line in text.split("\n")]
    joined = "\n".join(line for line in lines if line).strip()
    joined = joined if joined.startswith((":=", "::")) else joined.lstrip("：:")  # ":= 声明+赋值": an operator
    if joined.endswith(";") and _code_statement(joined):
        return joined.rstrip("，,、；").strip()  # "q[++qr]=x;": a statement keeps its semicolon
    return joined.rstrip("，,、；;").strip()


# A line of code ending in a semicolon is at most this long: "q[++qr]=x;", "ql=1;qr=0;".
MAX_CODE_STATEMENT = 200


def _code_statement(text: str) -> bool:
    """ASCII with an assignment, a call or an index, and no link: code, whose semicolon is part of it."""
    if len(text) > MAX_CODE_STATEMENT or not text.isascii() or "://" in text:
        return False
    return "=" in text or "(" in text or "[" in text or "{" in text


# A heading's part after its colon describes the part before it ("仓库：集中存放镜像文件的地方") when it says
# something of it; a second name ("断开连接：TCP 四次挥手", "Part 2: Trees") is a chapter title.
MIN_DESCRIPTION_CHARS = 12
MIN_DESCRIPTION_WORDS = 4


def describes(text: str) -> bool:
    text = text.strip()
    if not text:
        return False
    if re.search(r"[\u4e00-\u9fff]", text):
        return "的" in text or len(text) >= MIN_DESCRIPTION_CHARS
    return len(text.split()) >= MIN_DESCRIPTION_WORDS
