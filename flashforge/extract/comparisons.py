"""Comparisons: a list of differences under ``X vs Y`` / ``X 和 Y 的区别`` / ``有以下三点不同：``.

Items that name what they compare (``- Memory: processes have…``) are fields
of the comparison already; plain statements get one card each, numbered, with
the comparison (both names) in the question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..parse import ListItem
from .base import Found
from .guarded import Guarded

COMPARISON = Guarded(
    re.compile(
        r"\bvs\.?\b|\bversus\b|\bdifferences?\s+between\b|\bcompared?\b|(?:和|与|跟|同).{1,30}?的?(?:区别|不同|差异|对比|比较)|"
        r"(?:区别|不同点?|差异|对比)(?:[:：]|$)|有以下.{0,4}(?:点|个)?(?:不同|区别)",
        re.I,
    ),
    "vs|versus|difference|compar|区别|不同|差异|对比|比较",
)
# More differences than this is a section to read, not cards to recall one by one.
MAX_DIFFERENCES = 8


def is_comparison(title: str) -> bool:
    return bool(COMPARISON.search(title))


def add_differences(found: Found, live: Sequence[ListItem], headings: tuple[str, ...], title: str, line: int) -> bool:
    """One card per statement under a comparison title (the list's title, else its heading)."""
    name = title if is_comparison(title) else (headings[-1] if headings and is_comparison(headings[-1]) else "")
    if not name or len(live) > MAX_DIFFERENCES:
        return False
    total = len(live)
    made = False
    if any(item.text.rstrip().endswith(("：", ":")) for item in live):
        return False  # labels whose differences are in their sub-items: read as labelled items instead
    if title and name != title:  # facts under a named item ("- `CMD` sets…", then its facts): it is in the question
        owner, key = title, f"{name}/{title}"
    else:
        owner, key = ("" if name == (headings[-1] if headings else "") else name), name
    for index, item in enumerate(live, start=1):
        term = f"({index}/{total})"
        made = found.term("definition", f"{key}/{index}", owner, headings, item.line, term, item.text) or made
    return made
