"""Run a function over chunks of work in worker processes, results in order, surviving a dead worker.

A worker that dies (a crash in a C extension, the out-of-memory killer)
breaks the whole pool; the chunks it broke are then run again one item per
process, so only the item that kills a worker on its own is lost, and
``on_crash`` turns it into a result the caller can report.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

# multiprocessing and concurrent.futures are imported when a pool starts: a build with nothing
# (or little) to parse never starts one, and need not pay for importing them.
if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
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
    return list(tapering(zip(items, sizes, strict=True), sum(sizes), workers, least, most))


def tapering(sized: Iterable[tuple[T, int]], total: int, workers: int, least: int, most: int) -> Iterator[list[T]]:
    """:func:`tapered` for ``(item, size)`` pairs that arrive one by one (files as they are read), ``total`` being
    their sizes' sum known in advance (from the files' stat): each chunk is yielded as soon as it is full."""
    current: list[T] = []
    remaining = total
    weight = 0
    for item, size in sized:
        current.append(item)
        weight += size
        if weight >= min(most, max(least, remaining // (3 * workers))):
            yield current
            remaining -= weight
            current, weight = [], 0
    if current:
        yield current


def ordered_map(
    work: Callable[[Sequence[T]], list[R]],
    chunks: Iterable[Sequence[T]],
    workers: int,
    on_crash: Callable[[T], R],
) -> Generator[list[R], None, None]:
    """``work(chunk)`` for each chunk in ``workers`` processes, yielded in chunk order.

    ``chunks`` may be made while the workers run (files being read): each is handed out as soon as it is made,
    and every one before this returns; closing the results stops the workers. ``work`` must be a module-level
    function (it is pickled by name); it should turn ordinary exceptions into results itself, as a raised one
    propagates here.
    """
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context())
    made: list[Sequence[T]] = []
    futures: list[Future[list[R]]] = []
    try:
        for chunk in chunks:
            made.append(chunk)
            if len(futures) == len(made) - 1:  # none refused yet
                with contextlib.suppress(BrokenProcessPool):  # a dead worker: the results say which chunk
                    futures.append(pool.submit(work, chunk))
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    results = _in_order(pool, futures, made, work, workers, on_crash)
    next(results)  # started: from now on, closing it shuts the pool down, even before its first result
    return results


def _in_order(
    pool: ProcessPoolExecutor,
    futures: list[Future[list[R]]],
    chunks: Sequence[Sequence[T]],
    work: Callable[[Sequence[T]], list[R]],
    workers: int,
    on_crash: Callable[[T], R],
) -> Generator[list[R], None, None]:
    """An empty list first (see ordered_map), then the results of ``futures`` (the first ones of ``chunks``,
    handed to ``pool``), then of the rest."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    index = 0
    while True:
        try:
            if index == 0:
                yield []
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
        if index >= len(chunks):
            return
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context())
        futures = [pool.submit(work, chunk) for chunk in chunks[index:]]


def _alone(work: Callable[[Sequence[T]], list[R]], item: T, on_crash: Callable[[T], R]) -> list[R]:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1, mp_context=_context()) as pool:
        try:
            return pool.submit(work, [item]).result()
        except BrokenProcessPool:
            return [on_crash(item)]
