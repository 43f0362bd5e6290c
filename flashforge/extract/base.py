"""What every extractor writes into: the items found and the blocks skipped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Item, ItemPayload, Kind, SequencePayload, Skip, TablePayload, TermPayload
from ..parse import images
from .definitions import strip_copula
from .patterns import EXAMPLE_ONLY, META_SENTENCE, QUESTION_END, clean_meaning, is_todo
from .remarks import REMARK, drop_remarks

_WORD = re.compile(r"[^\W_]")


# A name to fill in: "<repository>", "<host>" (an answer of nothing else says no more than its question).
_PLACEHOLDER = re.compile(r"<[^<>\s]{1,40}>")
# Filler that shows what a layout looks like: "Lorem ipsum dolor sit amet, …".
_LOREM = re.compile(r"\s*lorem\s+ipsum\b", re.I)
# "注：两端的括号不可少。", "Note: …": a remark on the term, not its meaning.
_NOTE_ONLY = re.compile(r"^\s*(?:注|注意|备注|提示|note|nb|n\.b\.)\s*[:：]", re.I)


# A question of symbols alone this short names an operator or a metacharacter; longer, it is a rule or a drawing.
MAX_SYMBOL_QUESTION = 4


def unaskable(question: str, answer: str) -> str:
    """Why a question/answer pair makes no card ("" when it does)."""
    plain_question = images.strip(question).strip()
    if not _WORD.search(plain_question) and (len(plain_question) > MAX_SYMBOL_QUESTION or not plain_question):
        return "question without words"  # "^", "$", "|" under "Metacharacters" ask what a symbol does
    text = images.strip(answer)
    if not text.strip():
        return "answer is only an image" if images.refs(answer) else "empty answer"
    if not _WORD.search(text):
        return "answer without words (a symbol alone is no card)"
    if "<" in text and not _WORD.search(_PLACEHOLDER.sub("", text)):
        return "answer is only placeholders to fill in (<repository>, [::]:<host>:<port>)"
    if QUESTION_END.search(text) and "\n" not in text.strip():
        return "answer is a question (an outline, not knowledge)"
    if text.rstrip().endswith(("：", ":")) and "\n" not in text.strip():
        return "answer only introduces what follows it"
    if EXAMPLE_ONLY.match(text) and "\n" not in text.strip():
        return "answer is only an example (比如…), not what it is"
    if _NOTE_ONLY.match(text):
        return "answer is only a note on it (注：…), not what it is"
    if _LOREM.match(text) or _LOREM.match(question):
        return "placeholder text (lorem ipsum), not knowledge"
    return ""


def _without_term(term: str, meaning: str) -> str:
    """``各层之间相互独立：各层之间相互独立，各层…`` / ``rootfs 是包含…`` → the meaning without the term again."""
    if len(term) < 2 or not meaning.startswith(term):
        return meaning
    rest = meaning[len(term) :]
    if rest[:1] in _AFTER_TERM:
        candidate = rest[1:].strip()
    else:
        candidate = rest.strip()
        if strip_copula(candidate) == candidate:
            return meaning  # "TCP 协议…": the term is part of a longer name
        # the copula stays: "是 ls -l 的别名" reads as the answer, and it is the author's wording
    return candidate if len(candidate) >= 4 else meaning


_AFTER_TERM = "，,：:；;"
# An answer this long that ends in a colon has said something before it points at what follows.
MIN_SAID = 40
MIN_SAID_SENTENCE = 12


def _said_before_colon(meaning: str) -> str:
    """``存在一种…的机制。如果…，否则 true：`` (a code block follows) → the answer without the final colon."""
    text = meaning.rstrip()
    if "\n" in text or not text.endswith(("：", ":")):
        return meaning
    said = _LAST_SENTENCE.split(text[:-1])
    if len(text) < MIN_SAID and (
        len(said) < 2 or len(said[0].strip()) < MIN_SAID_SENTENCE or _POINTS_BACK.match(said[0].strip())
    ):  # "还要等待 2MSL。这么做有两个理由：" has said what it is in a sentence of its own; "这可以说是…了。" has not
        return meaning
    last = said[-1]  # "…主要有下面几方面原因：" points at a list
    if META_SENTENCE.search(last) or _POINTS_ON.search(last) or _POINTS_AT_LIST.match(last.strip()):
        return "".join(said[:-1]).rstrip() or meaning
    return text[:-1].rstrip() + ("。" if text.endswith("：") else ".")


_LAST_SENTENCE = re.compile(r"(?<=[。．！？!?])|(?<=[.])(?=\s+[A-Z])")  # "…assembled. Examples are as follows:"
_POINTS_BACK = re.compile(r"这|那|它|此|(?:this|that|it)\b", re.I)
# "…. The data types are:" / "…. Its fields include:": a last sentence that stops at its verb points at what follows.
_POINTS_AT_LIST = re.compile(
    r"^[A-Z][\w\s'-]{0,60}\b(?:are|is|include|includes|contains?|consists?\s+of)$|^(?:for\s+(?:example|instance)|e\.g)$|"
    r"^[A-Z][^.:]{0,120},\s+(?:including|such\s+as|like)$",
    re.I,
)
_POINTS_ON = re.compile(r"下面|如下|以下|下列|下述|\b(?:below|following|as follows)\b", re.I)


@dataclass
class Found:
    """Accumulates items and skips for one document, de-duplicating identities."""

    items: list[Item] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    # Sections whose heading TODO is a state among others ("### TODO", "### DONE"), not the author's note to self.
    statuses: frozenset[tuple[str, ...]] = frozenset()
    _seen: set[tuple[tuple[str, ...], str, str]] = field(default_factory=set)

    def add(
        self,
        kind: Kind,
        key: str,
        title: str,
        headings: tuple[str, ...],
        line: int,
        parts: ItemPayload,
        group: str = "",
    ) -> bool:
        identity = (headings, kind, key)
        if identity in self._seen:
            self.skip(line, f"duplicate {kind} '{key}' in this section (the first one is kept)", key)
            return False
        self._seen.add(identity)
        self.items.append(Item(kind, key, title, headings, line, self._plain(line, parts), group))
        return True

    def _plain(self, line: int, parts: ItemPayload) -> ItemPayload:
        """Steps, details and cells without the author's remarks (a term's were dropped in :meth:`term`)."""
        match parts:
            case SequencePayload(steps=steps, details=details, lines=lines):
                at = lines if len(lines) == len(steps) else (line,) * len(steps)
                return SequencePayload(
                    tuple(self.unremarked(number, step) for number, step in zip(at, steps, strict=True)),
                    tuple(self.unremarked(number, detail) for number, detail in zip(at, details, strict=False)),
                    lines,
                )
            case TablePayload(columns=columns, row=row):
                key = row[0] if is_todo(row[0]) else self.unremarked(line, row[0])  # a status named TODO
                return TablePayload(columns, (key, *(self.unremarked(line, cell) for cell in row[1:])))
            case _:
                return parts

    def withdraw(self, index: int, reason: str) -> None:
        """Take back the item made at ``index`` (a better one was found); preview shows why."""
        item = self.items.pop(index)
        self.skip(item.line, reason, item.key)

    def term(
        self,
        kind: Kind,
        key: str,
        title: str,
        headings: tuple[str, ...],
        line: int,
        term: str,
        meaning: str,
        group: str = "",
    ) -> bool:
        """A term and its meaning (definition, field or state), both without remarks, the meaning cleaned up."""
        term = term if term == "TODO" and headings in self.statuses else self.unremarked(line, term)
        meaning = clean_meaning(self.unremarked(line, meaning))
        meaning = _said_before_colon(_without_term(term, meaning))
        reason = unaskable(term, meaning)
        if reason:
            self.skip(line, reason, term)
            return False
        return self.add(kind, key, title, headings, line, TermPayload(term, meaning), group)

    def unremarked(self, line: int, text: str) -> str:
        """``text`` without the author's remarks, each listed as a skip (``preview`` shows them)."""
        text, remarks = drop_remarks(text)
        for remark in remarks:
            self.skip(line, REMARK, remark)
        return text

    def skip(self, line: int, reason: str, text: str) -> None:
        self.skips.append(Skip(line, reason, snippet(text)))


# A skip shows this much of its text, blanks collapsed.
SNIPPET_CHARS = 60
# Read this far into a text for its snippet: past it, a paragraph's collapsed words are already longer.
_SNIPPET_READ = 4 * SNIPPET_CHARS


def snippet(text: str) -> str:
    """``text`` with its blanks collapsed, cut to SNIPPET_CHARS with "…". Only a prefix of a long text is collapsed
    when that gives more than SNIPPET_CHARS: the words of a prefix are a prefix of the words of the whole."""
    shown = " ".join(text[:_SNIPPET_READ].split()) if len(text) > _SNIPPET_READ else ""
    if len(shown) <= SNIPPET_CHARS:
        shown = " ".join(text.split())
    return shown[: SNIPPET_CHARS - 1] + "…" if len(shown) > SNIPPET_CHARS else shown
