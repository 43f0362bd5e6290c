"""GFM pipe tables as a registered block rule, with GitHub's rule for ragged rows.

mistune turns a table with one short or long row into a paragraph; GitHub pads
short rows and cuts long ones. This rule does what GitHub does and marks the
rows, so that the file's author can be told. Cells split on ``|`` outside
code spans; ``\\|`` is a literal bar.
"""

from __future__ import annotations

import re
from typing import Any

from mistune.block_parser import BlockParser
from mistune.core import BlockState

from .scan import line_at

HEADER = r"^ {0,3}(?=[^\n]*\|)[^\n]+(?:\n|$)"
_DELIMITER_CELL = re.compile(r"^\s*:?-+:?\s*$")


def split_cells(line: str) -> list[str]:
    """Cells of one table row: ``|`` inside backticks or escaped as ``\\|`` stays text."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    if "`" not in text and "\\|" not in text:
        return [cell.strip() for cell in text.split("|")]  # most rows: every bar splits
    cells: list[str] = []
    current: list[str] = []
    ticks = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] == "|":
            current.append("|")
            index += 2
            continue
        if char == "`":
            rest = text[index:]
            run = len(rest) - len(rest.lstrip("`"))
            ticks = 0 if ticks == run else (run if ticks == 0 else ticks)
            current.append(text[index : index + run])
            index += run
            continue
        if char == "|" and not ticks:
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
        index += 1
    cells.append("".join(current).strip())
    return cells


def parse_table(_block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    header = split_cells(m.group(0))
    delimiter, pos = line_at(state, m.end())
    if "-" not in delimiter or ("|" not in delimiter and len(header) > 1):
        return None
    aligns = split_cells(delimiter)
    if len(aligns) != len(header) or not all(_DELIMITER_CELL.match(cell) for cell in aligns):
        return None
    width = len(header)
    rows: list[dict[str, Any]] = []
    while pos < state.cursor_max:
        line, end = line_at(state, pos)
        if not line.strip() or "|" not in line:
            break
        cells = split_cells(line)
        ragged = len(cells) != width
        cells = (cells + [""] * width)[:width]
        rows.append({"type": "table_row", "ragged": ragged,
                     "children": [{"type": "table_cell", "text": cell} for cell in cells]})  # fmt: skip
        pos = end
    head = {"type": "table_head", "children": [{"type": "table_cell", "text": cell} for cell in header]}
    state.append_token({"type": "table", "children": [head, {"type": "table_body", "children": rows}]})
    return pos
