"""Context once: what a context line adds to a question that already names its own context.

Pure and light (no parser): the review screen and the Anki export use it. A
question starts with its context label (``DHCP › 过程 (1/5): …``,
``负载均衡 › 策略 · 轮询``); a context line shown above it (Anki's Context
field, the review panel's title) gives only the part of the heading path the
label does not already say, never the same heading twice in a row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import CONTEXT_SEP

# Between a question's context label and what it asks ("ip › 默认字段 · ttl").
KEY_SEP = " · "
# A sequence card's question: "<label> (2/5): A → [...] → C".
_STEP_MARK = re.compile(r" \(\d+/\d+\): ")


def label_parts(front: str) -> list[str]:
    """The context a question starts with: ``"DHCP › 过程 (1/5): …"`` → ``["DHCP", "过程"]``."""
    step = _STEP_MARK.search(front)
    if step is not None:
        label = front[: step.start()]
    elif KEY_SEP in front:
        label = front.split(KEY_SEP, 1)[0]
    else:
        return []  # a bare term: no context label
    return [part for part in label.split(CONTEXT_SEP) if part]


def once(parts: Sequence[str]) -> list[str]:
    """``parts`` without empty ones and without a part repeating the one before it."""
    kept: list[str] = []
    for part in parts:
        if part and (not kept or kept[-1] != part):
            kept.append(part)
    return kept


def unsaid(context: Sequence[str], title: str, front: str) -> tuple[str, ...]:
    """The heading path (and group title) down to where ``front``'s own context label takes over."""
    path = once([*context, title])
    said = label_parts(front)
    while path and said and path[-1] == said[-1]:
        path.pop()
        said.pop()
    return tuple(path)
