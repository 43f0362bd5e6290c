"""Per-document memory for pure checks that an extraction asks again about the same text.

Pure in effect: a function wrapped by :func:`per_document` returns what it would return anyway (it must depend on
its arguments alone and return an immutable value); :func:`new_document` forgets every answer, so nothing is
carried from one notes file to the next (a build's results never depend on the files before).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar, cast

P = ParamSpec("P")
R = TypeVar("R")

_forget: list[Callable[[], None]] = []


def per_document(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` answering each repeated call of the current document from memory."""
    cached = functools.lru_cache(maxsize=None)(function)
    _forget.append(cached.cache_clear)
    return cast(Callable[P, R], cached)


def new_document() -> None:
    """Forget every answer (an extraction starts with this)."""
    for forget in _forget:
        forget()
