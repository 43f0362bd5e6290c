"""Definitions written as sentences, with no list or colon to mark them.

- ``地址解析协议 ARP（Address Resolution Protocol）是根据 IP 地址获取 MAC 地址的协议``,
  ``分支就是指向某个快照的指针``, ``The Border Gateway Protocol (BGP) is …``, ``A tree is …``:
  a short name opening the sentence, then a copula.
- ``**半关闭（Half-Close）** 指一个方向已经发送 FIN…``: a bold phrase inside a sentence, then a copula.
- ``…的事件称为**陷阱（Trap）**``, ``我们将…称为位序列``, ``This is known as split brain``: the name after its meaning.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence

from . import naming, patterns
from .definitions import LEADING_ASIDE, strip_copula
from .guarded import Guarded

# A name longer than this opening a sentence is a clause, not a term.
MAX_TERM_CHARS = 30
MAX_TERM_WORDS = 5
# A meaning shorter than this says nothing ("X 是 Y").
MIN_MEANING = 4

# A sentence's end mark (kept, as a group) and the blanks after it. A "." ends one only before blanks and a
# capital, quote or bracket. Each alternative opens with its character: the engine skips to them fast.
_SENTENCE = re.compile(r"(。|．|！|？|；|!|\?|;|\.(?=\s+[A-Z`\"'(\[]))\s*")
# Clauses that open a sentence before its subject: "在 Git 中，简单来说，分支就是…", "In short, X is…".
OPENER = re.compile(
    r"^(?:在[^，。；]{1,16}[中里上下]|简单(?:来说|地说|讲)|通常|一般(?:来说|而言)?|其实|实际上|事实上|也就是说|换句话说|总之|"
    rf"因此|所以|{patterns.SUMMARY_OPENERS}|本质上|simply\s+put|basically|in\s+general|generally|typically|"
    r"in\s+[\w\s]{1,20}?|(?:un)?like\s+[\w\s-]{1,20}?|注意|提示|备注|note|remember|tip)"
    r"\s*[，,：:]\s*",
    re.I,
)
# Markers that make "X … Y" a definition on their own; a plain 是/is defines only a name the note marks
# (bold, code) or its heading names: "计算机网络是后端面试的高频考点" is no definition of 计算机网络.
_STRONG_MARKER = re.compile(
    r"^(?:就是|是指|指的是|是一种|是一个|是一类|是用来|指(?![定向针令出示标挥导引明南代派数纹责])|(?:is|are)\s+(?:an?|the)\s|refers|means|is\s+defined|is\s+essentially|"
    r"is\s+basically)",
    re.I,
)
_ZH_COPULA = re.compile(
    r"^(?P<term>[^，。；：:,\s][^，。；：:,]{0,60}?)(?<![只也都还正才总便但而若既又不并可于或要凡倒则])\s*(?P<marker>就是|是指|指的是|是一种|是一个|是一类|是用来|是(?![否非])|"
    r"指(?![定向针令出示标挥导引明南代派数纹责])|(?<![作适常应通])用(?:于|来)|允许)(?P<rest>.+)$"
)
_EN_COPULA = re.compile(
    r"^(?:(?:[Aa]n?|[Tt]he)\s+)?(?P<term>[^\s,;:.][^,;:.]{0,50}?)\s+"
    r"(?P<marker>is\s+defined\s+as|is\s+essentially|is\s+basically|refers\s+to|means|is|are)\s+(?P<rest>.+)$"
)
_ZH_NAMED = re.compile(
    # "名称作为" holds no 称作
    r"^(?P<rest>.{4,}?)(?:被?称为|叫做|叫作|(?<!名)称作|称之为)\s*(?P<term>[^，。；,;]{1,30}?)\s*[。.]?$"
)
_EN_NAMED = re.compile(
    r"^(?P<rest>.*?)\b(?:is|are)\s+(?:commonly\s+|usually\s+|often\s+|also\s+)?(?:(?:known|referred\s+to)\s+as|called)\s+"
    r"(?:an?\s+|the\s+|its\s+|their\s+)?(?P<term>[^,;.]{1,60}?)\s*[.]?$"
)
# A word _ZH_NAMED or _EN_NAMED needs (both case-sensitive).
_NAMING_WORD = Guarded(
    re.compile(r"称为|叫做|叫作|称作|称之为|known|referred|called"),
    "称为|叫做|叫作|称作|称之为|known|referred|called",
)
_ALIAS = re.compile(r"(?:也|又|还|亦|有时|通常|一般)\s*(?:被)?$|\b(?:also|sometimes|often|commonly)\s*$", re.I)
# A clause after a name that says what the named thing does or is: "…称为 X，作用是…", "…，用于…".
_SAYS_WHAT = re.compile(r"^(?:它|其)?(?:的)?(?:作用是|用于|用来|主要用于|负责|即|也就是)")
_ZH_LEAD = re.compile(r"^(?:我们|通常|一般|人们)?(?:将|把)")
_NOT_A_NAME = re.compile(
    r"^(?:这|那|它|其|此|该|我|你|他|她|本|每|各|某|有|在|对|从|如果|因为|所以|但|而|当|由于|通过|使用|为了|可以|需要|就|也|都|只|还|又|"
    r"简单来说|也就是说|换句话说|一般|通常|比如|例如|我觉得|我认为|感觉|比较|最(?![坏好优差大小短长近远早晚多少高低])|很|非常|主要|常见|一些|很多|大多数|所有|任何|其他|另外|另一|"
    r"自然|当然|显然|其实|如以下|如下|以下|下列|"
    r"同样|这样|那样|上述|下面|以下|前者|后者|第[一二三四五六七八九十\d]|"
    r"(?:this|that|it|there|these|those|which|what|he|she|they|we|you|i|one|each|every|some|such|its|here|all|"
    r"most|many|if|when|while|because|so|but|and|or|for|in|on|at|as|by|to|with|of|note|also|since|although|"
    r"though|after|before|unless|then|thus|hence|however|now|once|both|either|neither|only|just|even|what|how|why|"
    r"where|who|usually|often|sometimes|generally|typically|normally|basically|always|never|simply|really|"
    r"following|below|above|former|latter)\b)",
    re.I,
)


def sentences(text: str) -> list[str]:
    text = text.replace("\n", " ")
    if not _SENTENCE_END.search(text):
        return [text.strip()] if text.strip() else []  # no end mark: one sentence
    pieces = _SENTENCE.split(text)  # text, mark, text, mark, …, text: each sentence keeps its mark
    parts = [pieces[index] + pieces[index + 1] for index in range(0, len(pieces) - 1, 2)]
    parts.append(pieces[-1])
    return [part.strip() for part in parts if part and part.strip()]


_SENTENCE_END = re.compile(r"[。．！？；!?;.]")  # _SENTENCE splits only after one of these


def opens_clause(text: str) -> bool:
    """Whether ``text`` opens with a word that starts a clause, not a name ("and made so", "这样…")."""
    return bool(_NOT_A_NAME.match(text))


def name(term: str, max_chars: int = 0) -> str:
    """``term`` as a name a card can ask for, or "" (a pronoun, a clause, longer than ``max_chars``)."""
    return _name(term, max_chars or MAX_TERM_CHARS)


def _name(term: str, max_chars: int = MAX_TERM_CHARS) -> str:
    term = term.strip().rstrip("。．").rstrip()  # "…称为 右移．": the sentence's full stop is no part of the name
    if term[:1] in _QUOTES:  # _QUOTED_NAME needs one at the start
        term = _QUOTED_NAME.sub(r"\1", term)
    term = term.strip("*`\"'“”").strip()  # "“常量成员函数”（…）"
    if "”" in term:
        return ""  # "“用户”通常是指…": a quoted word and more, a clause
    # "SYN（Synchronize Sequence Numbers）" is measured as "SYN" (_EXPANSION ends the stripped term: a bracket)
    base = _EXPANSION.sub("", term) if term.endswith((")", "）")) else term
    if not base or len(base) > max_chars or len(base.split()) > MAX_TERM_WORDS:
        return ""
    if _NOT_A_NAME.match(term) and not term.split()[0].isupper():  # "ON is similar to WHERE": a keyword
        return ""
    return term if patterns.is_termlike(base, max_chars) else ""


_QUOTED_NAME = re.compile(r"^[“\"「『]([^“”\"「」『』]{1,30})[”\"」』](?=\s*[（(])")
_QUOTES = '“"「『'
_EXPANSION = re.compile(r"\s*[（(][^（()）]{2,60}[）)]$")


def _meaning(text: str) -> str:
    text = text.strip().lstrip("，,：:").strip()
    if len(text) <= MAX_POINTING_MEANING and _POINTS_BACK.search(text):
        return ""  # "TCP Keepalive 就是用来发现这种情况的。": what it is hides in the sentences before
    return text if len(text) >= MIN_MEANING and not patterns.is_todo(text) else ""


# A meaning this short that points back at the prose before it ("这种情况") says nothing on its own.
MAX_POINTING_MEANING = 16
_POINTS_BACK = re.compile(r"这种|这类|这些|这个|这样")  # not "上述情况外的其他值": in a list, its items


_COMMA_MASK = "\ue010"


def _mask_bracketed_commas(sentence: str) -> str:
    """Full-width commas inside brackets hidden, so that a name with its expansion reads as one name."""
    if "，" not in sentence or "（" not in sentence:
        return sentence
    out, depth, start = [], 0, 0
    for mark in _MASKED_MARKS.finditer(sentence):  # the brackets and commas only, not every character
        char = mark.group()
        if char == "（":
            depth += 1
        elif char == "）":
            depth -= depth > 0
        elif depth:
            out.append(sentence[start : mark.start()] + _COMMA_MASK)
            start = mark.end()
    out.append(sentence[start:])
    return "".join(out)


_MASKED_MARKS = re.compile("[（），]")


def opening_definition(sentence: str, marked: Sequence[str] = ()) -> tuple[str, str] | None:
    """``X 是 Y`` / ``X is a Y`` at the start of a sentence (after clauses such as "简单来说，").

    A plain copula only defines a name in ``marked`` (the note's bold/code phrases, its heading).
    """
    found = _opening(sentence, marked)
    return (found[0], found[1]) if found else None


# A meaning that only files its term under a class: "层序遍历是 BFS 最重要应用之一", "X is one of the …".
_CLASSIFIES = re.compile(r"之一[。．.]?$|^one\s+of\b", re.I)


def _opening(sentence: str, marked: Sequence[str]) -> tuple[str, str, bool] | None:
    """:func:`opening_definition` and whether it is a weak one: a plain copula, or a meaning that only classifies."""
    for _ in range(3 if _may_open(sentence) else 0):
        opener = OPENER.match(sentence)  # anchored (^): sub would try every position after the first
        if opener is None:
            break
        sentence = sentence[opener.end() :]
    masked = _mask_bracketed_commas(sentence)  # "PCB（Process Control Block，进程控制块）是…": one name
    if "is," in masked or "are," in masked:  # "An action creator is, quite simply, a function…"
        masked = _COPULA_ASIDE.sub(r"\1 ", masked, count=1)
    if "），是" in masked or "),是" in masked or "）, 是" in masked:  # "HTTPS 协议（Hyper Text …），是 HTTP 的…"
        masked = _EXPANSION_COMMA.sub(r"\1", masked, count=1)
    for pattern in _copulas_in(masked):
        match = pattern.match(masked)
        # "A signal is said to be generated…": a statement about it, not what it is
        if not match or _NOT_A_PREDICATE.match(match.group("rest")):
            continue
        term = _name(_ADVERB_END.sub("", match.group("term").replace(_COMMA_MASK, "，")))
        if not term or term.endswith(("的", "地", "得")):
            continue  # the cheaper checks first: each says no to more sentences than the meaning does
        marker = match.group("marker")
        strong = _STRONG_MARKER.match(marker + " " + match.group("rest"))
        zh = pattern is _ZH_COPULA
        if not (strong or _introduced(term, marked, zh) or (zh and _acronym_class(term, match.group("rest")))):
            continue
        article = marker[1:] if marker in _ARTICLE_MARKERS else ""  # "是一个部署单元": the answer is "一个部署单元"
        article = marker if marker in _PURPOSE_MARKERS else article  # "X 用于在代码文件中…": what it is for
        meaning = _meaning(article + match.group("rest").replace(_COMMA_MASK, "，"))
        if meaning:
            return term, meaning, not strong or bool(_CLASSIFIES.search(meaning))
    return None


_ARTICLE_MARKERS = ("是一种", "是一个", "是一类")
_PURPOSE_MARKERS = ("用于", "用来", "允许")
# "WebSocket 协议本质上是…", "goto 语句的作用是…", "文化信息 它是…": an adverb, "what it does" or a pronoun
# between the name and its copula.
_ADVERB_END = re.compile(
    r"\s*(?:本质上|实质上|其实|实际上|事实上|的(?:作用|功能|含义|意思|目的|做法|思想|思路|核心思想))$|\s+(?:它|其)$"
)


def _may_open(sentence: str) -> bool:
    """Whether OPENER could match: every opening clause ends with a comma or a colon."""
    return "，" in sentence or "," in sentence or "：" in sentence or ":" in sentence


def _copulas_in(sentence: str) -> tuple[re.Pattern[str], ...]:
    """The copula patterns that could match ``sentence``: substring tests are far cheaper than the patterns, and
    every marker of _ZH_COPULA holds 是 or 指, every marker of _EN_COPULA "is", "are", "refers" or "means"."""
    zh = "是" in sentence or "指" in sentence or "用" in sentence or "允许" in sentence
    en = "is" in sentence or "are" in sentence or "refers" in sentence or "means" in sentence
    return (_ZH_COPULA, _EN_COPULA) if zh and en else (_ZH_COPULA,) if zh else (_EN_COPULA,) if en else ()


# The comma some authors put between a name with its expansion and its copula.
_EXPANSION_COMMA = re.compile(r"([）)])\s*[，,]\s*(?=是)")

_NOT_A_PREDICATE = re.compile(
    r"^(?:said|used|able|also|not|now|then|still|often|usually|being|going|done|made|very|more|less|only|just|already|"
    r"\w+ed\s+(?:by|with|to|in|from|on|at)\b)",  # "The DNS resolvers are populated by DHCP": what happens to them
    re.I,
)


# A name introduced with its expansion or translation: "SYN（Synchronize Sequence Numbers）", "进程 (process)".
_EXPANDED = re.compile(
    r"^[^（(]{1,20}\s*[（(][^（()）]{2,40}[）)](?:[^（()）的][^（()）]{0,7})?$"
)  # "弱命名(weakly named)程序集"
# An aside between a copula and what it says: "is, quite simply, a function…", "are, in short, …".
_COPULA_ASIDE = re.compile(r"\b(is|are),\s[^,]{1,30},\s")


# "IMAP 协议", "IEEE 754": a technical name in capitals; "…的协议/标准/算法": a class it belongs to.
_ACRONYM_NAME = re.compile(r"^[A-Z][A-Z0-9]{1,9}(?:[ /-]?[A-Z0-9]{1,6})?(?:\s?[\u4e00-\u9fff]{1,4})?$")
_CLASS_NOUN = re.compile(
    r"的[^，。；,;的]{0,8}(?:协议|标准|算法|模型|机制|结构|技术|方法|工具|系统|语言|格式|服务|框架|规范|接口|命令)[。.]?$"
)


def _acronym_class(term: str, rest: str) -> bool:
    """``IMAP 协议是比 POP3 更新的协议``: a name in capitals placed in its class, unmarked but a definition."""
    first = re.split(r"[，,。；;]", rest, maxsplit=1)[0]
    return bool(_ACRONYM_NAME.match(term)) and bool(_CLASS_NOUN.search(first))


def _introduced(term: str, marked: Sequence[str], zh: bool) -> bool:
    """The note marks ``term`` (bold, code, its heading) or, in a 是 sentence, introduces it with its expansion
    (an English "X (…) is reliable" says how it is, not what it is)."""
    return _marked(term, marked) or (zh and bool(_EXPANDED.match(term)))


def _marked(term: str, marked: Sequence[str]) -> bool:
    """``term`` is a name the note marks, or part of one; a longer phrase that holds a marked word ("DNS resolvers"
    under "## DNS") is not marked by it."""
    folded = term.casefold()
    parts = [part for part in re.split(r"\s*(?:\band\b|\bor\b|和|与|及|或|、|,|，)\s*", folded) if part]
    if len(parts) > 1 and all(_marked(part, marked) for part in parts):
        return True  # "p1 and p2", "poll 和 select": names the note marks, side by side
    names = [name.casefold() for name in marked if name]
    return any(folded in name or (name in folded and len(name) * 2 >= len(folded)) for name in names)


# "The caret is also known as a circumflex": the subject's other name.
_EN_ALIAS = re.compile(r"^(?:(?:The|A|An)\s+)?(?P<subject>[^,;.]{1,40}?)\s+(?:is|are)\s+also\s+(?:known\s+as|called)\b")


# A last clause that only points back at what the sentence said: "…，这些函数" / "…, this process".
_LAST_POINTER = re.compile(r"(?<=\S)\s*[，,]\s*(?:这|此|(?:this|these|such)\b)[^，,。；;]{0,12}$", re.I)


def named_after(sentence: str, before: str) -> tuple[str, str] | None:
    """``…称为 X`` / ``This is known as X`` (its meaning is the sentence before when it starts with "this")."""
    if not _NAMING_WORD.search(sentence):
        return None  # most sentences: neither pattern can match
    if len(_NAMING_WORD.regex.findall(sentence)) > 1:
        return None  # "最左边的位称为最高位，最右边的位称为最低位": each clause names its own (_named_in_clauses)
    for pattern in (_ZH_NAMED, _EN_NAMED):
        match = pattern.match(sentence)
        if not match:
            continue
        raw = match.group("term")
        term = _name(raw) or (_name(raw.split(" in ")[0]) if pattern is _EN_NAMED else "")  # "split brain in cluster"
        if _ALIAS.search(match.group("rest")):
            continue  # "DNS 劫持有时也称为 DNS 重定向": another name, not a definition
        if re.search(r"[一这那某][个种类]\s*$", match.group("rest")):
            continue  # "引入了一个叫做 channel 的概念": names a thing it introduces, does not define it
        if re.search(r"分别\s*$", match.group("rest")):
            continue  # "…加以区分，分别称之为左子结点和右子结点": two names at once, neither defined alone
        alias = _EN_ALIAS.match(sentence) if pattern is _EN_NAMED else None
        if alias and term:  # "The caret is also known as a circumflex.": another name for the caret
            subject = _name(alias.group("subject"))
            return (subject, f"also known as {term}") if subject else None
        rest = _ZH_LEAD.sub("", match.group("rest").strip()).strip()
        rest = _LAST_POINTER.sub("", rest)  # "…的初始化过程，这些函数叫做构造函数": the functions are what comes before
        named = re.match(r"^(?:these|those|such)\s+(?P<what>\w+(?:\s+\S+){1,12})$", rest, re.I)
        if named:  # "These servers in resolv.conf are called DNS resolvers": they are servers in resolv.conf
            rest = named.group("what")
        elif re.match(r"^(?:(?:this|that|it|these|those)\b|这|此)", rest, re.I) or len(rest) < MIN_MEANING:
            rest = before  # "This is known as split brain": what the sentence before said
        meaning = _meaning(rest)
        if term and meaning:
            return term, meaning
    return None


def bold_definitions(text: str, strongs: Sequence[str]) -> Iterator[tuple[str, str]]:
    """``**X** 指 …；**Y** 通常指 …`` → (X, …), (Y, …)."""
    for bold in strongs:
        at = text.find(bold)
        if at < 0:
            continue
        clause = re.split(r"[；;。]|\.\s", text[at + len(bold) :], maxsplit=1)[0].strip()
        aside = LEADING_ASIDE.match(clause)  # "**带标签语句**(labeled statement)是一种…"
        if aside:
            bold, clause = bold + aside.group(0).strip(), clause[aside.end() :]
        clause = re.sub(r"^(?:通常|一般|也)", "", clause)
        stripped = strip_copula(clause)
        term = _name(bold)
        if term and stripped != clause:
            meaning = _meaning(stripped)
            if meaning:
                yield term, meaning


def acronym_definitions(text: str) -> list[tuple[str, str]]:
    """The acronyms a paragraph spells out ("…commonly called FIFO (first in, first out)"), each once."""
    found: dict[str, str] = {}
    if _TWO_CAPITALS.search(text):  # every acronym has two capitals in a row
        for acronym, full in naming.acronyms(text):
            found.setdefault(acronym, full)
    return list(found.items())


_TWO_CAPITALS = re.compile(r"[A-Z]{2}")


def later_definitions(text: str, term: str) -> list[tuple[str, str]]:
    """Names a meaning's later sentences define by naming words or a strong copula: "switch 语句：…。case 关键字和它
    对应的值一起被称为 case 标签。" also defines case 标签 (never ``term`` again)."""
    if not _NAMING_WORD.may_match(text) and not any(marker in text for marker in _LATER_WORDS):
        return []  # most meanings: no later sentence can name anything
    found: dict[str, str] = {term: ""}
    parts = sentences(text)
    for before, sentence in itertools.pairwise(parts):
        pair = named_after(sentence, before)
        if pair is None:
            opening = _later(sentence, found)
            pair = (opening[0], opening[1]) if opening else None
        if pair:
            found.setdefault(*pair)
    return [(name, meaning) for name, meaning in found.items() if name != term]


def prose_definitions(
    text: str, strongs: Sequence[str] = (), marked: Sequence[str] = (), introduced: bool = True
) -> list[tuple[str, str]]:
    """Every definition a paragraph states, in order, each term once (``marked``: names the note marks;
    ``introduced``: whether "NAME（English name）what it does" counts, not when it answers a question heading)."""
    found: dict[str, str] = {}
    weak: set[str] = set()  # terms whose meaning so far only classifies them
    before = ""
    for index, sentence in enumerate(sentences(text)):
        opening = _opening(sentence, (*strongs, *marked)) if index == 0 or not found else _later(sentence, found)
        if opening is None and weak:  # "层序遍历是 BFS 最重要应用之一。层序遍历是指…": the second one defines it
            better = _opening(sentence, ())
            if better and better[0] in weak and not better[2]:
                found[better[0]] = better[1]
                weak.discard(better[0])
        pair = named_after(sentence, before) or (opening[:2] if opening else None)
        if pair is None and index == 0 and introduced:
            pair = introduced_then(sentence) or apposition(sentence)
        if pair is None and before and sentence.startswith(("It", "它")):  # "A linked list is used to… It is a…"
            pair = _pronoun_definition(sentence, before, found)
        if pair:
            if opening and pair[0] == opening[0] and opening[2] and pair[0] not in found:
                weak.add(pair[0])
            found.setdefault(*pair)
        else:
            # "…最小内存块称为字节(byte)，存储的基本单元称为字(word)，…"; "A 表示 x，B 表示 y"
            for clause_pair in (
                *_named_in_clauses(sentence),
                *_meaning_clauses(sentence, marked),
                *_full_name(sentence),
                *_named_forms(sentence),
            ):
                found.setdefault(*clause_pair)
        before = sentence
    return list(found.items())


def _named_forms(sentence: str) -> Iterator[tuple[str, str]]:
    """The forms of :mod:`naming`, each kept when its name is askable and its meaning says something."""
    for term, meaning in naming.candidates(sentence):
        name, said = _name(term), _meaning(meaning)
        if name and said:
            yield name, said


# A later sentence of a paragraph defines another name only with a marker that says what a thing is.
_LATER_MARKER = re.compile(r"^(?:是一种|是一个|是一类|是指|指的是)")
_LATER_WORDS = ("是一种", "是一个", "是一类", "是指", "指的是")


def _later(sentence: str, found: dict[str, str]) -> tuple[str, str, bool] | None:
    """``命名空间是一种…。程序集是一个部署单元…``: the second sentence defines a second name."""
    if not any(marker in sentence for marker in _LATER_WORDS):
        return None  # _LATER_MARKER needs one of them
    match = _ZH_COPULA.match(sentence)
    if not match or not _LATER_MARKER.match(match.group("marker")):
        return None
    opening = _opening(sentence, ())
    return opening if opening and opening[0] not in found and not opening[2] else None


# "It is a linear collection…", "它是一种…": the sentence before named what "it" is.
_IT_IS = re.compile(
    r"^(?:It\s+is|It's)\s+(?P<rest>(?:an?|the)\s.+)$"
    r"|^它(?:是一种|是一个|是一类|是指|指的是)(?P<zh>.+)$"
)


def _subject(sentence: str) -> str:
    """The name a sentence opens with when it goes on "X is/是 …" without defining X ("a linked list is used to…")."""
    for _ in range(2 if _may_open(sentence) else 0):
        opener = OPENER.match(sentence)  # anchored (^): sub would try every position after the first
        if opener is None:
            break
        sentence = sentence[opener.end() :]
    for pattern in _copulas_in(sentence):
        match = pattern.match(sentence)
        if match:
            return _name(match.group("term"))
    return ""


# "DNS（Domain Name System，域名管理系统）基于 UDP 协议，用于…", "命令源（Command Source）命令的发送者…": a name
# introduced with its English name, then what it is or does, with no copula or colon between.
# The name is one word: Chinese without the words that make it a clause ("硬盘以扇区", "TCP 为全双工"), or one
# Latin token; the aside an English name, not a remark ("（Dijkstra 算法的作者）").
_INTRODUCED_THEN = re.compile(
    r"^(?P<term>[\u4e00-\u9fff]{1,10}|[A-Za-z][\w.+#/-]{0,20})(?P<aside>（[A-Za-z][^（）\n的]{1,60}）)\s*"
    r"(?P<rest>[^\s，。；：:,;、（(）)].{3,})$"
)
_CLAUSE_CHARS = re.compile(r"[以把将被从向对在为]")


def introduced_then(sentence: str) -> tuple[str, str] | None:
    """``NAME（English name）what it does``: (``NAME（English name）``, what it does)."""
    if "（" not in sentence:
        return None
    match = _INTRODUCED_THEN.match(sentence)
    if not match or match.group("rest").startswith(("的", "是", "和", "与", "或", "及", "等")):
        return None
    term = "" if _CLAUSE_CHARS.search(match.group("term")) else _name(match.group("term"))
    meaning = _meaning(match.group("rest"))
    return (f"{term}{match.group('aside')}", meaning) if term and meaning else None


# "最坏时间复杂度，即每个输入规模下…", "所谓定期删除，指的是…", "sentinel，中文名是哨兵", "404，用于“未找到”响应":
# a short name, a comma, then a word that says what it is (kept when the meaning reads on from it: 用于…).
_APPOSITION = re.compile(
    r"^(?:所谓)?(?P<term>[^，。；：:,;]{1,24}?)\s*[，,]\s*(?:(?:一般|通常|主要)?(?P<said>即|亦即|也即|也就是说|也就是|指的是|是指|意思是|指)\s*[，,]?"
    r"|(?P<kept>中文名(?:是|为|叫)|中文叫|用于))\s*(?P<rest>[^，,].*)$"
)
_APPOSITION_WORD = Guarded(re.compile(r"即|也就是|指|意思是|中文|用于"), "即|也就是|指|意思是|中文|用于")
# Words that make the part before the comma a clause ("WebSocket 协议本质上是…", "iptables则"), not a name.
_CLAUSE_IN_NAME = re.compile(r"[是的了在有则都也把被将从向对为和与会能以]|本质|包含|定义|一种|一个|使用|可以|需要")
# A name before "，用于" is this short: "404", "EXPOSE"; a longer one is the start of a sentence.
MAX_USED_FOR_NAME = 12


def apposition(sentence: str, used_for: bool = False) -> tuple[str, str] | None:
    """``NAME，即…`` and its kin: (NAME, what it is); ``used_for``: ``NAME，用于…`` counts (a list item's)."""
    if ("，" not in sentence and "," not in sentence) or not _APPOSITION_WORD.may_match(sentence):
        return None
    match = _APPOSITION.match(sentence)
    if not match or _CLAUSE_IN_NAME.search(match.group("term")):
        return None  # "在…时，就是…": a clause, not a name
    kept = match.group("kept") or ""
    if kept == "用于" and (not used_for or len(match.group("term").strip()) > MAX_USED_FOR_NAME):
        return None
    term = _name(match.group("term"))
    meaning = _meaning(kept + match.group("rest"))
    return (term, meaning) if term and meaning else None


def _pronoun_definition(sentence: str, before: str, found: dict[str, str]) -> tuple[str, str] | None:
    match = _IT_IS.match(sentence)
    subject = _subject(before) if match else ""
    if not match or not subject or subject in found:
        return None
    meaning = _meaning(match.group("rest") or match.group("zh"))
    return (subject, meaning) if meaning else None


# "service_healthy 表示容器健康检查通过", "-a means all": a name, then a word that says what it stands for
# ("表示为" is how something is written, not what it means).
_STANDS_FOR = re.compile(
    r"^(?:其中|而|对于)?\s*(?P<term>[^，。；,;\s][^，。；,;]{0,30}?)\s*(?:通常|一般|则|就|也|都)?\s*"
    r"(?P<rest>(?:表示(?![为（(]|形式|方法|方式)|代表|意为|意思是|stands\s+for|means)\s*[^，。；,;].*)$",
    re.I,
)
# A word _STANDS_FOR needs (with its flags): a sentence without one has no such clause.
_STANDS_WORD = Guarded(re.compile(r"表示|代表|意为|意思是|stands|means", re.I), "表示|代表|意为|意思是|stands|means")
# Where a clause ends: punctuation, or a line break the author left without punctuation ("…的形式<br/>大写表示…").
_CLAUSE_END = re.compile(r"[，,；;：:]\s*|\s{2,}|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_OPEN, _CLOSE = "（([【“「『", "）)]】”」』"  # a clause never ends inside brackets or quotes


def _clauses(sentence: str) -> list[str]:
    """``sentence`` cut at clause ends outside brackets ("（00/01/10 均表示可读可写，11 表示只读）" stays whole)."""
    out, start = [], 0
    for match in _CLAUSE_END.finditer(sentence):
        segment = sentence[start : match.start()]
        if sum(segment.count(c) for c in _OPEN) <= sum(segment.count(c) for c in _CLOSE):
            out.append(segment)
            start = match.end()
    out.append(sentence[start:])
    return out


# "后两个字母", "前 3 位": a position, not a name.
_POSITION = re.compile(r"^[前后第]\s*[一二两三四五六七八九十\d]+\s*[个位]")


def _meaning_clauses(sentence: str, marked: Sequence[str]) -> list[tuple[str, str]]:
    """Clauses ``A 表示 x，B 表示 y``: two or more of them, or one whose name the note marks."""
    if not _STANDS_WORD.search(sentence):
        return []  # most sentences: no clause can match _STANDS_FOR, so no need to cut them
    pairs = []
    for clause in _clauses(sentence.rstrip("。．.")):
        match = _STANDS_FOR.match(clause.strip())
        term = _name(match.group("term")) if match and not _POSITION.match(match.group("term")) else ""
        meaning = _meaning(match.group("rest")) if match else ""
        if term and meaning:
            pairs.append((term, meaning))
    if len(pairs) >= 2 or (pairs and _marked(pairs[0][0], marked)):
        return pairs
    return []


# "HTTP 协议，全称超文本传输协议（…）", "DNS 的全称是 Domain Name System", "TLS, short for Transport Layer Security":
# a name and what it stands for, marked or not (全称 and "short for" say it).
_FULL_NAME = re.compile(
    r"^(?P<term>[^，。；,;（(]{1,30}?)\s*(?:[，,]\s*|的)?(?:英文)?(?P<mark>全称|全名|short\s+for\b)(?:是|为|叫)?\s*[：:]?\s*"
    r"(?P<full>[^，。；;,]{2,80})",
    re.I,
)


def _full_name(sentence: str) -> Iterator[tuple[str, str]]:
    if "全称" not in sentence and "全名" not in sentence and "short for" not in sentence.lower():
        return
    match = _FULL_NAME.match(sentence)
    term = _name(match.group("term")) if match else ""
    if match and term:
        mark, full = match.group("mark"), match.group("full").strip()
        yield term, f"{mark}{' ' if mark[0].isascii() or full[0].isascii() else ''}{full}"


# What a name's clause points back at ("我们将这个过程称之为…") is at most this many clauses before it.
MAX_CLAUSES_BEFORE = 6
_CLAUSE_NAMING = Guarded(re.compile(r"称为|称之为|叫做|叫作|称作"), "称为|称之为|叫做|叫作|称作")


def _named_in_clauses(sentence: str) -> Iterator[tuple[str, str]]:
    if not _CLAUSE_NAMING.search(sentence):
        return
    clauses = re.split(r"[，,]", sentence)
    for index, clause in enumerate(clauses):
        if not _NAMING_WORD.may_match(clause):
            continue  # named_after finds nothing in it
        after = clauses[index + 1].strip() if index + 1 < len(clauses) else ""
        # "这个功能被官方称为 X，作用是…": what X does is said after its name, not in "这个功能";
        # "…，需要对堆的结构进行调整，我们将这个过程称之为"堆化"，…": "这个过程" is what the clauses before said
        before = "，".join(part.strip() for part in clauses[max(index - MAX_CLAUSES_BEFORE, 0) : index])
        pair = named_after(clause.strip(), after if _SAYS_WHAT.match(after) else before)
        if pair and len(pair[1]) >= MIN_MEANING:
            yield pair
