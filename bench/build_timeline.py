"""Where a parallel build's time goes: each chunk's span in its worker, when results reach the main process,
what the main process spends writing them, and the tail after the last worker finishes.

Used by ``build_bench.py --timeline``. The build is the real one (``build_notes`` from an empty deck); the
workers' ``compile_sources`` and the deck's two write methods are wrapped to note their times (the workers are
forked, so they run the wrapped function), and the workers pickle their results once more to weigh them.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flashforge import build, compile
from flashforge.config import Settings
from flashforge.store import Deck

_state: dict[str, Any] = {}  # the log file, the start and the wrapped function, read by the forked workers too


def _logged(sources: Sequence[Any], notes: Path) -> list[Any]:
    """``compile_sources``, noting when it ran (module level: a worker unpickles it by name)."""
    began, cpu = time.perf_counter(), time.process_time()
    results: list[Any] = _state["compile_sources"](sources, notes)
    ended, used = time.perf_counter(), time.process_time() - cpu
    size = len(pickle.dumps(results))
    chars = sum(len(source.text) for source in sources)
    start = _state["start"]
    with _state["log"].open("a") as out:
        out.write(json.dumps([os.getpid(), began - start, ended - start, used, len(sources), chars, size]) + "\n")
    return results


def timeline(settings: Settings, workers: int) -> None:
    """Build ``settings.notes`` into a new deck with ``workers`` processes and print where the time went."""
    _state.update(log=Path(tempfile.mkdtemp(prefix="ff-timeline-")) / "chunks.jsonl", start=time.perf_counter())
    _state["compile_sources"] = compile.compile_sources
    arrivals: list[float] = []
    writing = [0.0, 0.0]  # wall, CPU
    originals: list[tuple[Any, str]] = [(compile, "compile_sources"), (build, "ordered_map")]
    originals += [(Deck, name) for name in ("insert_new_files", "apply_values")]
    saved = [(owner, name, getattr(owner, name)) for owner, name in originals]
    ordered_map = saved[1][2]

    def arriving(*args: Any) -> Iterator[Any]:
        for result in ordered_map(*args):
            arrivals.append(time.perf_counter() - _state["start"])
            yield result

    def timed_write(method: Callable[..., Any]) -> Callable[..., Any]:
        def write(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            result = method(*args, **kwargs)
            writing[0] += time.perf_counter() - wall
            writing[1] += time.process_time() - cpu
            return result

        return write

    wrapped = [_logged, arriving, *(timed_write(method) for _, _, method in saved[2:])]
    for (owner, name, _), wrapper in zip(saved, wrapped, strict=True):
        setattr(owner, name, wrapper)
    try:
        main_cpu = time.process_time()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        _state["start"] = time.perf_counter()
        build.build_notes(settings, datetime(2026, 12, 1, tzinfo=UTC), workers=workers)
        end = time.perf_counter() - _state["start"]
        main_cpu = time.process_time() - main_cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        for owner, name, method in saved:
            setattr(owner, name, method)
    log: Path = _state["log"]
    chunks = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    worker_cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    _report(chunks, arrivals, end, main_cpu, worker_cpu, writing)


def _report(
    chunks: list[list[Any]], arrivals: list[float], end: float, main_cpu: float, worker_cpu: float, writing: list[float]
) -> None:
    print(f"build {end:.2f} s; main process CPU {main_cpu:.2f} s, writing {writing[0]:.2f} s ({writing[1]:.2f} s CPU)")
    print(f"workers' CPU {worker_cpu:.2f} s, their results pickled {sum(c[6] for c in chunks) / 1e6:.1f} MB")
    for pid in sorted({chunk[0] for chunk in chunks}):
        own = [chunk for chunk in chunks if chunk[0] == pid]
        busy = sum(chunk[2] - chunk[1] for chunk in own)
        first, last = min(chunk[1] for chunk in own), max(chunk[2] for chunk in own)
        print(f"worker {pid}: {len(own)} chunks, from {first:.2f} to {last:.2f} s, busy {busy:.2f} s")
    spans = " ".join(f"{c[1]:.1f}-{c[2]:.1f}:{c[4]}f/{c[5] // 1000}k" for c in sorted(chunks, key=lambda c: c[1]))
    print(f"chunks (start-end: files/thousand characters): {spans}")
    if chunks and arrivals:
        last = max(chunk[2] for chunk in chunks)
        print(
            f"first result in the main process at {arrivals[0]:.2f} s, last at {arrivals[-1]:.2f} s; "
            f"last worker done at {last:.2f} s; build done at {end:.2f} s (tail {end - last:.2f} s)"
        )
