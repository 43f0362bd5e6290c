"""Markdown tables → table cards (key × column → cell), or state cards for ``状态|含义`` tables."""

from __future__ import annotations

from ..model import TablePayload
from ..parse import Block
from . import patterns
from .base import Found

RAGGED = "ragged table row: its cell count differs from the header's (padded or cut; fix the row)"


def extract_table(found: Found, block: Block, title: str) -> None:
    if not block.rows:
        return
    header = [cell.strip() for cell in block.rows[0]]
    width = len(header)
    body = [tuple(row) + ("",) * (width - len(row)) for row in block.rows[1:]]
    if width < 2 or not body:
        found.skip(block.line, "table needs a header and at least two columns and one row", " | ".join(header))
        return
    for index in block.ragged_rows:
        found.skip(block.line + 1 + index, RAGGED, " | ".join(block.rows[index]))
    # Rows keyed by step numbers ("1", "2") are better asked by their next column.
    if width > 2 and all(row[0].strip().rstrip(".").isdigit() for row in body if row[0].strip()):
        header = header[1:]
        body = [row[1:] for row in body]
        width -= 1
    name = title or header[0] or "table"
    stateish = bool(patterns.STATE_TITLE.search(header[0]) or patterns.STATE_TITLE.search(title))
    group = f"{block.line}"
    for offset, row in enumerate(body, start=1):
        key = row[0].strip()
        line = block.line + 1 + offset  # header, delimiter row, then the body
        if not key:
            found.skip(line, "table row without a key in its first column", " | ".join(row))
            continue
        cells = {header[i] or f"#{i + 1}": row[i].strip() for i in range(1, width)}
        if not any(cells.values()) or all(patterns.is_todo(cell) for cell in cells.values() if cell):
            found.skip(line, "table row with empty cells", key)
            continue
        if stateish and width == 2:
            found.term("state", f"{name}/{key}", title, block.headings, line, key, row[1], group=group)
            continue
        found.add(
            "table",
            f"{name}/{key}",
            title,
            block.headings,
            line,
            TablePayload(tuple(h or f"#{i + 1}" for i, h in enumerate(header)), tuple(c.strip() for c in row)),
            group=group,
        )
