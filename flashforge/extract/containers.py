"""Admonitions, callouts, containers and block quotes → their body, read like a section.

A titled container whose body opens with prose is a question and its answer
(``??? question "什么是写放大？"``, ``> [!info] 什么是对象``, ``<details>``
with a summary): the title asks, the paragraphs that open the body answer. The rest of the
body is extracted like any section, with the title as its context.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..model import Kind
from ..parse import Block
from ..parse import images as image_markers
from . import patterns
from .base import Found

WalkBlocks = Callable[[Sequence[Block]], None]

# Titles that only name the box, not what it is about: the body is read in the section around it.
BOX_WORDS = {
    "note", "notes", "tip", "tips", "hint", "info", "information", "important", "warning", "caution", "danger",
    "attention", "abstract", "summary", "tldr", "success", "check", "done", "question", "help", "faq", "failure",
    "fail", "missing", "bug", "example", "quote", "cite", "details", "todo", "error", "注意", "提示", "说明", "备注",
    "警告", "重要", "示例", "例子", "总结", "摘要", "引用", "补充", "技巧", "信息",
}  # fmt: skip
# A box titled with advice after its box word ("建议：除非必要，否则不要用后置版本", "Tip: never run it as root").
_ADVICE = re.compile(
    r"^(?:建议|注意|提示|警告|重要|切记|tip|note|warning|important|caution|rule of thumb)\s*[:：]\s*"
    r"(?P<advice>\S.{5,100})$",
    re.I,
)
# Pandoc lesson boxes that hold exercises and goals rather than knowledge.
EXERCISE_KINDS = {"challenge", "solution", "objectives", "questions", "prereq", "discussion", "instructor", "exercise"}
PROBLEM_SKIP = "box under a problems heading (a problem to solve, not notes)"
# "## 例题" then '???+note "[LOJ6515 贪玩蓝月](…)"' and its code: worked problems, not notes.
_PROBLEMS_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s*)?(?:例题|习题|练习题?|题目|真题|经典例题|(?:practice\s+|example\s+)?problems?|exercises?)\s*$",
    re.I,
)
# An exercise's title that asks, at most this long, is the card's question ("Why does indentation matter?").
MAX_QUESTION_TITLE = 80
# A question answer longer than this is a section, not an answer: its blocks are extracted instead.
MAX_ANSWER_CHARS = 300


def extract_container(found: Found, block: Block, walk: WalkBlocks) -> None:
    if not block.children:
        found.skip(block.line, "empty box (no body)", block.title or block.kind)
        return
    if block.type == "admonition" and block.kind in EXERCISE_KINDS:
        if not _exercise_with_solution(found, block):
            found.skip(block.line, f"{block.kind} box (an exercise, not notes)", block.title or block.kind)
        return
    if block.type == "admonition" and block.headings and _PROBLEMS_HEADING.match(block.headings[-1]):
        found.skip(block.line, PROBLEM_SKIP, block.title or block.kind)
        return
    title = block.title.strip()
    children: Sequence[Block] = _without_layout(found, block.children)
    if block.headings and _holds_answer(block, title) and _answers_heading(found, block, children, walk):
        return
    advice = _ADVICE.match(title)  # "> [!danger] 建议：除非必要，否则不要用后置版本" then why: the advice asks for why
    title = advice.group("advice").strip() if advice else title
    askable = advice or patterns.QUESTION_END.search(title) or patterns.is_termlike(patterns.normalize_title(title))
    answer = _answer(children)
    if title and askable and not _box_word(title) and answer:
        term = title if advice or patterns.QUESTION_END.search(title) else patterns.normalize_title(title)
        text = "\n".join(paragraph.text for paragraph in answer)
        if found.term("definition", term, "", block.headings, block.line, term, text):
            children = children[len(answer) :]
    walk(children)


def _exercise_with_solution(found: Found, block: Block) -> bool:
    """A Carpentries ``::: challenge`` titled ``## The Order of Rules`` holding a ``::: solution``: its title asks,
    the solution's opening paragraphs (or its list) answer."""
    solution = next((child for child in block.children if child.kind == "solution"), None)
    title = block.title.strip() or next((child.text for child in block.children if child.strong_only), "")
    asks = bool(patterns.QUESTION_END.search(title)) and len(title) <= MAX_QUESTION_TITLE
    if solution is None or not (asks or patterns.is_termlike(patterns.normalize_title(title), 60)):
        return False
    if _asks_many(block):
        return False
    body = [child for child in solution.children if not (child.strong_only and _SOLUTION_WORD.match(child.text))]
    answer = "\n".join(paragraph.text for paragraph in _answer(body))
    if not answer and body and body[0].type == "list":
        answer = "\n".join(item.text for item in body[0].items)
    if not answer or len(answer) > MAX_ANSWER_CHARS * 2:
        return False
    found.skip(solution.line, "the exercise's solution (its answer)", solution.title or "solution")
    term = title if asks else patterns.normalize_title(title)
    return found.term("definition", term, "", block.headings, block.line, term, answer)


# "## Q1 `=` 和 `:=` 的区别？": the question's number is no part of it.
_QUESTION_NUMBER = re.compile(r"^(?:Q|问题?|题目?|Question)\s*\d{1,4}\s*[.:：、)）]?\s*(?=\S)", re.I)


def _holds_answer(block: Block, title: str) -> bool:
    """A box titled "答案" / "Answer", or a folded one whose title only said "show the answer" (it is gone), under a
    heading that asks."""
    if _SOLUTION_WORD.match(title):
        return True
    heading = block.headings[-1]
    asks = patterns.QUESTION_END.search(heading) or _QUESTION_NUMBER.match(heading)
    return not title and block.kind == "details" and bool(asks)


def _without_layout(found: Found, children: Sequence[Block]) -> list[Block]:
    """A box's blocks without the HTML that only lays it out ("<div>", "<br><b>" … "</b>"), each skipped."""
    kept: list[Block] = []
    for child in children:
        if child.type == "html" or (child.type == "paragraph" and not child.text.strip()):
            found.skip(child.line, "HTML layout inside a box", child.text)
        else:
            kept.append(child)
    return kept


def _answers_heading(found: Found, block: Block, body: Sequence[Block], walk: WalkBlocks) -> bool:
    """``## Q2 指针的作用？`` then ``<details><summary>答案</summary>…``: the box holds the heading's answer (its
    opening paragraphs, past the layout tags around them); the rest of the box is read as the section's."""
    answer = _answer(body)
    question = _QUESTION_NUMBER.sub("", block.headings[-1]).strip()
    if not answer or not question:
        return False
    text = "\n".join(paragraph.text for paragraph in answer)
    if not found.term("definition", question, "", block.headings[:-1], block.line, question, text):
        return False
    walk(body[len(answer) :])
    return True


def _asks_many(block: Block) -> bool:
    """The exercise asks a list of questions ("1. How many levels does the traceback have?"): the solution's
    answers mean nothing without them, so the box gives no card."""
    return any(
        child.type == "list" and sum(1 for item in child.items if patterns.QUESTION_END.search(item.text)) >= 2
        for child in block.children
    )


_SOLUTION_WORD = re.compile(
    r"^(?:(?:show|see|view)\s+(?:the\s+)?)?(?:solution|answer|解答|答案|参考答案|查看答案|点击查看答案|点击查看)s?\s*\d*[:：]?$",
    re.I,
)


def _box_word(title: str) -> bool:
    return title.strip(" :：").lower() in BOX_WORDS


def _answers(first: Block) -> bool:
    text = image_markers.strip(first.text)
    return first.type == "paragraph" and not first.strong_only and 0 < len(text) <= MAX_ANSWER_CHARS


def _answer(children: Sequence[Block]) -> list[Block]:
    """The paragraphs that open the body, while together they stay answer-sized (the first one at least)."""
    answer: list[Block] = []
    size = 0
    for child in children:
        if not _answers(child) or (answer and child.text.rstrip().endswith(("：", ":"))):
            break  # a later lead-in ("…tied to one device:") belongs to the list after it
        if answer and patterns.EXAMPLE_ONLY.match(child.text):
            break  # "例如" then the code: the example is not the answer
        size += len(image_markers.strip(child.text))
        if answer and size > MAX_ANSWER_CHARS:
            break
        answer.append(child)
    return answer


def extract_deflist(found: Found, block: Block, title: str) -> None:
    """``term`` / ``: meaning`` entries → definitions (states when the terms are states)."""
    terms = [entry.term for entry in block.entries]
    section = block.headings[-1] if block.headings else ""
    state_context = patterns.STATE_TITLE.search(title) or patterns.STATE_TITLE.search(section)
    kind: Kind = "state" if state_context and patterns.looks_like_states(terms) else "definition"
    for entry in block.entries:
        meaning = "\n".join(meaning for meaning in entry.meanings if meaning)
        if not entry.term.strip():
            found.skip(entry.line, "definition without a term", meaning)
        elif not image_markers.strip(meaning).strip():
            found.skip(entry.line, "term without meaning", entry.term)
        else:
            key = f"{title}/{entry.term}" if title else entry.term
            found.term(kind, key, title, block.headings, entry.line, entry.term, meaning)
