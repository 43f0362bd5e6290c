"""House rules that keep the code cheap to change, checked on the source itself."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "flashforge"
# SQL on Anki's own collection files (a foreign format), not on the deck.
ANKI_FORMAT = {"anki", "export/apkg.py"}
LONG_STRING_BUILDERS = {"cheatsheet/html.py:stylesheet"}  # one CSS template


def _modules() -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def test_only_the_store_runs_sql_on_the_deck() -> None:
    calls = []
    for name, tree in _modules():
        if name in ANKI_FORMAT or name.split("/")[0] in ANKI_FORMAT:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("execute", "executemany", "executescript"):
                calls.append(f"{name}:{node.lineno}")
    assert any(call.startswith("store/") for call in calls)  # the scan does see SQL calls
    assert [call for call in calls if not call.startswith("store/")] == []


def test_no_function_is_over_60_lines() -> None:
    long = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None:
                lines = node.end_lineno - node.lineno + 1
                if lines > 60 and f"{name}:{node.name}" not in LONG_STRING_BUILDERS:
                    long.append(f"{name}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []
