"""Instructions each stage of a build executes, counted under valgrind: the same on a busy machine as on an idle one.

Used by ``build_bench.py --instructions``. A child process loads every ``step``-th file of the corpus,
runs the stages before the one counted, then switches valgrind's instrumentation on (``callgrind_control``)
around that stage only, so imports, reading and earlier stages are not counted:

- bare: mistune 3 parsing the files to their AST (the floor, as in the timed runs);
- parse, extract, cards: ``parse_document``, ``extract``, ``build_cards``;
- compile: all of a worker's work for the files (``compile_sources``: the three above and the deck row values);
- write: the main process writing the compiled files into an empty deck (the build's own ``_write``: batches of
  files, one transaction each).

Run alone: python bench/build_instructions.py STAGE NOTES_DIR STEP CHECKOUT (under valgrind, or it counts nothing).
"""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

STAGES = ("bare", "parse", "extract", "cards", "compile", "write")


def count(stage: str, notes: Path, step: int, checkout: Path = ROOT) -> int:
    """Instructions of ``stage`` on every ``step``-th file of ``notes`` (a child under valgrind), with the
    flashforge of ``checkout``."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        stage,
        str(notes),
        str(step),
        str(checkout),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same dict and set orders every run
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    found = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if found is None:
        raise RuntimeError(f"valgrind gave no count for {stage}: {done.stderr[-500:]}")
    return int(found.group(1))


def count_command(args: list[str], env: dict[str, str]) -> int:
    """Instructions of a whole command (start-up included)."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    found = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if found is None:
        raise RuntimeError(f"valgrind gave no count: {done.stderr[-500:]}")
    return int(found.group(1))


def _instrument(on: bool) -> None:
    subprocess.run(["callgrind_control", "-i", "on" if on else "off", str(os.getpid())], capture_output=True)


def run_stage(stage: str, notes: Path, step: int) -> None:
    """The child: prepare, then count ``stage`` alone."""
    import mistune

    import flashforge.build  # noqa: F401 (for the write stage, imported before counting)
    from flashforge.cards import build_cards
    from flashforge.compile import compile_sources, raise_recursion_limit
    from flashforge.extract import extract
    from flashforge.parse import parse_document
    from flashforge.parse.markdown import parser
    from flashforge.sources import SourceText, find_notes, read_note
    from flashforge.store import Deck

    raise_recursion_limit()
    sources = [read_note(notes, relative) for relative in list(find_notes(notes, ()))[::step]]
    texts = [source for source in sources if isinstance(source, SourceText)]
    bare = mistune.create_markdown(renderer=None, plugins=["table", "strikethrough"])
    parser()
    documents = [parse_document(source.text) for source in texts] if stage in ("extract", "cards") else []
    found = [extract(document) for document in documents] if stage == "cards" else []
    compiled = compile_sources(texts, notes) if stage == "write" else []
    with tempfile.TemporaryDirectory() as folder, Deck.open(Path(folder) / "deck.db") as deck:
        now = datetime(2026, 12, 1, tzinfo=UTC)
        _instrument(True)
        if stage == "bare":
            for source in texts:
                bare(source.text)
        elif stage == "parse":
            for source in texts:
                parse_document(source.text)
        elif stage == "extract":
            for document in documents:
                extract(document)
        elif stage == "cards":
            for source, document, extraction in zip(texts, documents, found, strict=True):
                build_cards(extraction.items, source.path, document.title, document.tags)
        elif stage == "compile":
            compile_sources(texts, notes)
        elif stage == "write":
            _write(deck, compiled, now)
        _instrument(False)


def _write(deck: Any, compiled: list[Any], now: datetime) -> None:
    """What a build's main process does with the compiled files (batches, one transaction each)."""
    from flashforge import build  # imported before counting (run_stage)
    from flashforge.progress import SILENT

    if "eager" in inspect.signature(build._write).parameters:  # it takes chunks of compiled files
        build._write(deck, [compiled], {}, now, build.BuildReport(), SILENT)
    else:
        build._write(deck, iter(compiled), {}, now, build.BuildReport(), SILENT)


if __name__ == "__main__":
    sys.path.insert(0, sys.argv[4])
    run_stage(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]))
