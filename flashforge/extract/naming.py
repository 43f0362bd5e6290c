"""Sentences that name a thing after saying what it is, in forms the copula patterns of :mod:`prose` miss.

Pure. Each finder returns raw ``(name, meaning)`` candidates; :mod:`prose` checks that the name is one a card
can ask for and that the meaning says something.

- ``Any path that does not begin with a separator character is a relative path.``: a described subject,
  then the name it gets (``is a``, ``is called``, ``is known as``);
- ``Between the time it is generated and the time it is delivered, a signal is said to be pending.``,
  ``A child process becomes orphaned, if its parent process terminates before the child.``: a state and
  when a thing is in it;
- ``…add a signal to the process's signal mask - a set of signals whose delivery is currently blocked.``:
  a name, a dash, then what it is;
- ``另外还有一个 HEAD 指针，它指向当前所在的分支``: a thing introduced, then what it does;
- ``…，这个整型是对应元素的下标，这样的链表叫静态链表``, ``…除以操作次数，就是这种操作的均摊复杂度``: what the
  clauses before describe gets a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .guarded import Guarded

# "Any path that … is a relative path": a subject that a relative clause describes, then the name.
_REVERSE = re.compile(
    r"^(?P<subject>(?:Any|Every|Each|An?)\s+[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?\s+"
    r"(?:that|which|who|whose|where|with|without)\s.{8,200}?)\s+is\s+"
    r"(?:(?:called|known\s+as|referred\s+to\s+as)\s+(?:an?\s+|the\s+)?|an?\s+|the\s+)"
    r"(?P<term>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3})\s*\.?$"
)
# "…, a signal is said to be pending." / "A process is said to be orphaned if…" / "…becomes orphaned, if…"
_SAID_TO_BE = re.compile(
    r"^(?:(?P<cond>[^,]{8,200}),\s+)?(?P<subject>(?:An?|The|an?|the)\s+[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?)\s+"
    r"(?:is\s+said\s+to\s+be|becomes)\s+(?P<term>[a-z][\w-]*)"
    r"(?:\s*,?\s+(?P<when>(?:if|when|once|whenever|after)\s[^.]{8,200}?))?\s*\.?$"
)
_SAID_WORD = Guarded(re.compile(r"said to be|becomes"), "said to be|becomes")
# "the process's signal mask - a set of…": up to three words before a spaced dash, then an article.
_DASHED = re.compile(
    r"(?P<before>(?:[A-Za-z][\w'’-]{0,40}\s+){0,2}[A-Za-z][\w-]{0,40})\s+(?:-|–|—|--)\s+"
    r"(?P<meaning>(?:an?|the)\s+[^.;:–—]{8,150}?)\s*\.?$"  # to the sentence's end: "X - a Y - …" is an aside
)
# Words that never belong to a name before a dash: what precedes the name in its sentence.
_NOT_IN_NAME = frozenset(
    {
        "a",
        "an",
        "the",
        "to",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "into",
        "as",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "this",
        "that",
        "these",
        "those",
        "its",
        "his",
        "her",
        "their",
        "our",
        "your",
        "my",
        "we",
        "you",
        "it",
        "they",
        "can",
        "may",
        "will",
    }
)
# "另外还有一个 HEAD 指针，它指向…": a thing introduced by 有一个, then 它 and what it does.
_THERE_IS = re.compile(
    r"^(?:另外|此外|同时)?[，,]?\s*(?:还|也)?有(?:一个|一种|一类|个)\s*"
    r"(?P<term>[^，,。；;的]{1,20}?)\s*[，,]\s*(?P<rest>(?:它|其)[^。；;]{4,})"
)
# "…，这样的链表叫静态链表": the clauses before describe what "这样的 N" names.
_SUCH_IS_CALLED = re.compile(
    r"^(?P<rest>.{4,}?)[，,]\s*(?:这|那)(?:样|种|类)的?\s*[^，,。；;]{0,8}?\s*(?:就)?(?:叫做|叫作|叫|称为|称作)\s*"
    r"(?P<term>[^，。；,;]{1,20}?)\s*[。.]?$"
)
# "多次操作的总复杂度除以操作次数，就是这种操作的 均摊复杂度": what the clauses before say is the named thing.
_THAT_IS_THE = re.compile(
    r"^(?P<rest>.{4,}?)[，,]\s*(?:就是|即|即为|便是)\s*(?:这种|这个|这类|该|此|所谓的?)[^，,。；;]{0,8}?的?\s*"
    r"(?P<term>[^，。；,;的\s][^，。；,;的]{0,15}?)\s*[。.]?$"
)
_SUCH_WORD = Guarded(re.compile(r"这样|那样|这种|那种|这类|那类"), "这样|那样|这种|那种|这类|那类")
# A note's label before what it says: "注意：…", "Note: …".
_LABEL = re.compile(r"^(?:注意|提示|注|备注|PS|Note|NB|Remember|Tip)\s*[：:]\s*", re.I)
_LABEL_WORDS = frozenset({"注意", "提示", "注", "备注", "ps", "note", "nb", "remember", "tip"})


def is_label(term: str) -> bool:
    """``Remember``, ``注意``: a word that labels an aside, not a name a card can ask for."""
    return term.strip(" :：*").lower() in _LABEL_WORDS


def candidates(sentence: str) -> Iterator[tuple[str, str]]:
    """Every ``(name, meaning)`` the forms above find in ``sentence``, unchecked."""
    if " is " in sentence:
        yield from _reverse(sentence)
    if _SAID_WORD.may_match(sentence):
        yield from _said_to_be(sentence)
    if " - " in sentence or "–" in sentence or "—" in sentence:
        yield from _dashed(sentence)
    if "有" in sentence and ("它" in sentence or "其" in sentence):
        match = _THERE_IS.match(sentence)
        if match:
            yield match.group("term"), match.group("rest")
    if _SUCH_WORD.may_match(sentence):
        match = _SUCH_IS_CALLED.match(sentence)
        if match:
            yield match.group("term"), _LABEL.sub("", match.group("rest").strip())
    if "就是" in sentence or "即" in sentence or "便是" in sentence:
        match = _THAT_IS_THE.match(sentence)
        if match:
            yield match.group("term"), match.group("rest").strip()


def _reverse(sentence: str) -> Iterator[tuple[str, str]]:
    match = _REVERSE.match(sentence)
    if match:
        yield match.group("term"), match.group("subject")


def _said_to_be(sentence: str) -> Iterator[tuple[str, str]]:
    match = _SAID_TO_BE.match(sentence)
    if not match or bool(match.group("cond")) == bool(match.group("when")):
        return  # a state needs the condition that puts the thing in it, said once
    subject, term = match.group("subject"), match.group("term")
    if "becomes" in match.group(0) and not term.endswith("ed"):
        return  # "The code becomes clearer when…" says how it gets, not what a state is
    subject = subject[0].upper() + subject[1:]
    cond = (match.group("cond") or "").strip()
    if cond:  # "Between…, a signal is said to be pending" → "A signal between…"
        yield term, f"{subject} {cond[0].lower()}{cond[1:]}"
    else:
        yield term, f"{subject}, {match.group('when').strip()}"


def _dashed(sentence: str) -> Iterator[tuple[str, str]]:
    match = _DASHED.search(sentence)
    if match is None or " - " in match.group("meaning"):
        return
    words = match.group("before").split()  # "to the process's signal mask": the name is after "process's"
    stops = [index for index, word in enumerate(words) if word.lower() in _NOT_IN_NAME or "'" in word or "’" in word]
    words = words[stops[-1] + 1 :] if stops else words
    if words:
        yield " ".join(words), match.group("meaning").strip()


# "FIFO (first in, first out)", "Dead Letter Queues (DLQ)", "（CA，Certificate Authority）": an acronym and its
# expansion, side by side; kept only when the expansion's initials spell the acronym.
_ACRONYM_FIRST = re.compile(r"\b(?P<acr>[A-Z]{2,8})\s?[（(](?:the\s)?(?P<full>[A-Za-z][A-Za-z ,/-]{3,80}?)[）)]")
_FULL_FIRST = re.compile(
    r"(?<![\w-])(?P<full>(?:[A-Za-z][\w-]{0,30}[ ]){1,7}[A-Za-z][\w-]{0,30})\s?[（(](?P<acr>[A-Z]{2,8})[）)]"
)
_ACRONYM_COMMA = re.compile(r"[（(](?P<acr>[A-Z]{2,8})\s*[，,]\s*(?P<full>[A-Za-z][A-Za-z -]{3,80}?)[）)]")
# Every _FULL_FIRST match ends with an acronym in brackets: a text without one is not tried word by word.
_BRACKETED_ACRONYM = re.compile(r"[（(][A-Z]{2,8}[）)]")
_SMALL_WORDS = frozenset({"of", "and", "the", "in", "for", "to", "a", "an", "on", "with", "by", "at", "or"})


def acronyms(sentence: str) -> Iterator[tuple[str, str]]:
    """Every acronym ``sentence`` spells out: (acronym, expansion)."""
    if "(" not in sentence and "（" not in sentence:
        return
    for pattern in (_ACRONYM_FIRST, _ACRONYM_COMMA):
        for match in pattern.finditer(sentence):
            full = match.group("full").strip(" ,")
            if _spells(match.group("acr"), full):
                yield match.group("acr"), full
    if _BRACKETED_ACRONYM.search(sentence) is None:
        return
    for match in _FULL_FIRST.finditer(sentence):
        words = match.group("full").split()
        for start in range(len(words)):  # "…uses Dead Letter Queues (DLQ)": the expansion is the last few words
            full = " ".join(words[start:])
            if words[start].lower() not in _SMALL_WORDS and _spells(match.group("acr"), full):
                yield match.group("acr"), full
                break


def _spells(acronym: str, full: str) -> bool:
    words = [word for word in re.split(r"[\s,/-]+", full) if word]
    if not 2 <= len(words) <= 10:
        return False
    every = "".join(word[0] for word in words).upper()
    content = "".join(word[0] for word in words if word.lower() not in _SMALL_WORDS).upper()
    return acronym in (every, content)
