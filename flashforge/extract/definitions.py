"""Where a term ends and its meaning begins, in one list item or one line.

The forms notes use, tried in order: a leading `code` span (commands,
options, identifiers: `` `docker ps` 列出容器 ``), a leading **bold** term,
``term：meaning`` / ``term: meaning``, ``term — meaning`` / ``term - meaning``,
``runc(用于运行容器…)``. The meaning is kept as written ("是 ls -l 的别名");
:func:`strip_copula` serves prose, where the copula is what was matched.
"""

from __future__ import annotations

import re

from . import patterns

# A command or option written as code may be long ("docker run -it --rm IMAGE"), but not a paragraph.
MAX_CODE_TERM = 60
# A meaning this narrow after a dash (CJK counts twice) is a range or a pair of names
# ("2019 - 2020", "第一阶段 - 第二阶段"), not a definition.
MIN_DASH_MEANING = 10

# A noun written right after a code name (no blank, no colon) makes one name with it: "`inline`函数".
_CODE_HEAD = re.compile(
    r"(?:成员函数|函数|数据成员|成员|类型|对象|变量|关键字|方法|语句|命令|指针|参数|形参|文件|类|属性|字段|模式|标志|选项|"
    r"运算符|操作符|表达式|循环|接口|协议|状态|信号|进程|线程)(?=\S)"
)
# After `code`, these continue a sentence about it ("`x` 的值…", "`x`, `y` and `z`…"); "在…" does not.
_CODE_CONTINUES = re.compile(r"^[的，,。；;）)、和与及或]|^(?:and|or|,)\b")
LEADING_ASIDE = re.compile(r"^[（(][^()（）\n]{1,60}[)）]\s*")
_SEPARATOR = re.compile(r"^\s*(?:[：:]|[-–—]{1,2}(?=\s)|——|=>)\s*")
_DASH = re.compile(r"\s[-–—]{1,2}\s|\s?——\s?|\s?—\s?(?=\S)")
# Chinese copulas are also the first character of ordinary words (指定, 是否, 即将): those are kept.
_COPULA = re.compile(
    r"^(?:means?(?:\s+that)?|refers?\s+to|is\s+(?:defined\s+as|called)|are\b|is\b|是指|指的是|就是|即是|"
    r"即(?![将使可时便刻])|是(?![否非])|指(?![定向针令出示标挥导引明南代派数纹责])|表示)\s*(?=\S)",
    re.I,
)


def strip_copula(meaning: str) -> str:
    """``means that all readers…`` → ``all readers…``; ``指一个方向…`` → ``一个方向…``."""
    stripped = _COPULA.sub("", meaning, count=1)
    return stripped if len(stripped) >= 2 else meaning


def after_lead(text: str, lead: str) -> str:
    """What follows a leading bold or code term, without the separator between them."""
    if not lead or not text.startswith(lead):
        return ""
    return _SEPARATOR.sub("", text[len(lead) :], count=1).strip()


# One Chinese character, then a comma: a predicate ("多，", "少，", "慢，") about the code before it.
_ONE_WORD_PREDICATE = re.compile(r"^[\u4e00-\u9fff][，,]")


def code_pair(text: str, code: str) -> tuple[str, str] | None:
    """`` `docker build` 从 Dockerfile 构建镜像 `` → ("docker build", "从 Dockerfile 构建镜像")."""
    if not code or len(code) > MAX_CODE_TERM:
        return None
    head = _CODE_HEAD.match(text[len(code) :]) if text.startswith(code) else None
    if head:  # "`inline`函数可以避免…": the code names a kind of 函数, and the name is both
        code, text = code + head.group(0), text[: len(code) + head.end()] + " " + text[len(code) + head.end() :]
    rest = after_lead(text, code)
    aside = LEADING_ASIDE.match(rest)
    if aside and _SEPARATOR.match(rest[aside.end() :]):  # "`step`（ s ）：执行当前行" → ("step（s）", "执行当前行")
        mark = aside.group(0).strip()
        code = f"{code}{'' if mark[0] == '（' else ' '}{mark[0]}{mark[1:-1].strip()}{mark[-1]}"
        rest = _SEPARATOR.sub("", rest[aside.end() :], count=1).strip()
    first = rest.split("\n", 1)[0]
    if not first or _CODE_CONTINUES.match(first) or patterns.is_todo(rest):
        return None
    if rest.isascii() and " " not in rest.strip():
        return None  # "`system_server` starts": a word is what happens to it, not what it is
    if _ONE_WORD_PREDICATE.match(rest):
        return None  # "`TIME_WAIT` 多，不一定是故障": how many there are, not what it is
    return code, rest


def bold_pair(text: str, bold: str) -> tuple[str, str] | None:
    """``**Eventual Consistency** means…`` / ``**Term** - meaning`` / ``**Term**`` then a paragraph.

    An aside right after the bold term belongs to it: ``**顶层 const**(top-level const) 表示…``.
    """
    if not bold or not patterns.is_termlike(bold):
        return None
    rest = patterns.clean_meaning(after_lead(text, bold))
    aside = LEADING_ASIDE.match(rest)
    if aside:
        bold, rest = bold + aside.group(0).rstrip(), _SEPARATOR.sub("", rest[aside.end() :], count=1).strip()
    if not rest or patterns.is_todo(rest) or patterns.CONTINUES_SENTENCE.match(rest):
        return None
    return bold.strip().rstrip("：:").strip(), rest


_ONE_OPTION = r"--?[A-Za-z0-9][\w-]*(?:[ =](?:[A-Z][A-Z0-9_]*|<[^<>\s]+>|\[[^\[\]\s]+\]))?"
_OPTION = re.compile(
    rf"^(?P<options>{_ONE_OPTION}(?:,\s*{_ONE_OPTION})*)\s*(?:[：:]\s*|\s{{2,}}|\s[-–—]\s)(?P<meaning>\S.*)$", re.S
)


def dash_pair(text: str) -> tuple[str, str] | None:
    """``Load balancer - spreads requests…`` / ``跳表 — 有序链表加多级索引`` on the first line."""
    first, _, rest = text.strip().partition("\n")
    if "-" not in first and "–" not in first and "—" not in first:
        return None  # every branch of _DASH needs one: most lines, without a regex scan
    match = _DASH.search(first)
    if not match:
        return None
    term, meaning = first[: match.start()].strip(), first[match.end() :].strip()
    if term[-1:].isdigit() and meaning[:1].isdigit():
        return None  # "0 到 2^32 - 1": arithmetic, not a term and its meaning
    if not patterns.is_termlike(term) or patterns.display_len(meaning) < MIN_DASH_MEANING or term.isdigit():
        return None
    if rest.strip():
        meaning += "\n" + rest.strip()
    return term, meaning


def option_pair(text: str) -> tuple[str, str] | None:
    """``-p, --port PORT：监听的端口`` / ``--reload  reload on change`` → (options, meaning)."""
    match = _OPTION.match(text.strip())
    if not match or len(match.group("meaning").strip()) < 2:
        return None
    return match.group("options").strip(), match.group("meaning").strip()


def item_pair(text: str, bold: str = "", code: str = "") -> tuple[str, str] | None:
    """The term and meaning of a list item (or a paragraph), or None."""
    pair = code_pair(text, code) or bold_pair(text, bold) or option_pair(text)
    if pair is None and code and text.strip() == code.strip():
        return None  # "`Sale_data(): Sale_data("", 0, 0) {}`": code alone, its colon is the code's
    if pair is None:
        pair = patterns.split_pair(text)
    return pair or dash_pair(text) or arrow_pair(text) or patterns.split_paren_definition(text)


# "2 或 Space => 标记为 Good": a key, an arrow, what it does ("139d → 10001011b" converts, it does not define).
_ARROW = re.compile(r"^(?P<term>[^\n=]{1,40}?)\s+=>\s+(?P<meaning>\S[^\n]*)")


def arrow_pair(text: str) -> tuple[str, str] | None:
    match = _ARROW.match(text.strip()) if "=>" in text else None
    if match is None or not patterns.is_termlike(match.group("term").strip()):
        return None
    rest = text.strip()[match.end("meaning") :]
    return match.group("term").strip(), (match.group("meaning") + rest).strip()


def line_pair(line: str) -> tuple[str, str] | None:
    """A ``term：meaning`` or ``term - meaning`` line inside a paragraph."""
    return patterns.split_pair(line) or dash_pair(line)
