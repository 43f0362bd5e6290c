"""Run a function over chunks of work in worker processes, results in order, surviving a dead worker.

A worker that dies (a crash in a C extension, the out-of-memory killer)
breaks the whole pool; the chunks it broke are then run again one item per
process, so only the item that kills a worker on its own is lost, and
``on_crash`` turns it into a result the caller can report.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

# multiprocessing and concurrent.futures are imported when a pool starts: a build with nothing
# (or little) to parse never starts one, and need not pay for importing them.
if TYPE_CHECKING:
    from concurrent.futures import Future
    from multiprocessing.context import BaseContext

T = TypeVar("T")
R = TypeVar("R")


def usable_cores() -> int:
    """The cores this process may run on (the affinity mask, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _context() -> BaseContext | None:
    # Forking is cheapest: a worker starts with the parser already imported. macOS and
    # Windows default to spawning, where forking a process with threads is unsafe.
    import multiprocessing

    return multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None


def chunked(items: Sequence[T], sizes: Sequence[int], target: int) -> list[list[T]]:
    """Consecutive runs of ``items`` of about ``target`` total size (``sizes[i]`` is item i's)."""
    chunks: list[list[T]] = []
    current: list[T] = []
    weight = 0
    for item, size in zip(items, sizes, strict=True):
        current.append(item)
        weight += size
        if weight >= target:
            chunks.append(current)
            current, weight = [], 0
    if current:
        chunks.append(current)
    return chunks


def tapered(items: Sequence[T], sizes: Sequence[int], workers: int, least: int, most: int) -> list[list[T]]:
    """Consecutive runs of ``items`` that shrink towards the end: each about a ``3 × workers``-th of what is
    left (between ``least`` and ``most``), so that the workers finish together: the last chunks are small."""
    chunks: list[list[T]] = []
    current: list[T] = []
    remaining = sum(sizes)
    weight = 0
    for item, size in zip(items, sizes, strict=True):
        current.append(item)
        weight += size
        if weight >= min(most, max(least, remaining // (3 * workers))):
            chunks.append(current)
            remaining -= weight
            current, weight = [], 0
    if current:
        chunks.append(current)
    return chunks


def ordered_map(
    work: Callable[[Sequence[T]], list[R]],
    chunks: Sequence[Sequence[T]],
    workers: int,
    on_crash: Callable[[T], R],
) -> Iterator[list[R]]:
    """``work(chunk)`` for each chunk in ``workers`` processes, yielded in chunk order.

    ``work`` must be a module-level function (it is pickled by name); it should
    turn ordinary exceptions into results itself, as a raised one propagates here.
    """
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    index = 0
    while index < len(chunks):
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context())
        try:
            futures: list[Future[list[R]]] = [pool.submit(work, chunk) for chunk in chunks[index:]]
            for future in futures:
                try:
                    result = future.result()
                except BrokenProcessPool:
                    break
                yield result
                index += 1
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        if index < len(chunks):
            # The pool broke while this chunk was unfinished: this chunk, or one running beside it,
            # killed a worker. Running this one's items alone finds out which (if any) it was.
            yield [result for item in chunks[index] for result in _alone(work, item, on_crash)]
            index += 1


def _alone(work: Callable[[Sequence[T]], list[R]], item: T, on_crash: Callable[[T], R]) -> list[R]:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1, mp_context=_context()) as pool:
        try:
            return pool.submit(work, [item]).result()
        except BrokenProcessPool:
            return [on_crash(item)]
