"""Tables → table cards (key × column → cell), or state cards for ``状态|含义`` tables.

A row is asked by its key: the first column whose cells name things. Leading
columns of numbers or codes (``0xF14``, ``00``) and columns whose values
repeat (``MRW``, ``MRW``) are passed over, so that ``编号|权限|名称|说明``
asks "mhartid · 说明" rather than "0xF14 · 说明". The key column comes first
in the item's row; the other columns keep their order after it. A cell that
is only ✓ or ✗ reads "✓ yes" / "✗ no" (是 / 否 in a Chinese table): a symbol
alone is no answer.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Kind, TablePayload, TermPayload
from ..parse import Block
from . import patterns
from .base import Found

RAGGED = "ragged table row: its cell count differs from the header's (padded or cut; fix the row)"
RECORDS = "table of records (no column tells the rows apart): data, not facts to recall"
# A key names a thing: a wider cell is a description, and a row is not asked by its description.
KEY_MAX_WIDTH = 40
# Row numbers are short; a longer run of digits is a value (and int() of a huge one is refused).
MAX_ROW_NUMBER_DIGITS = 6
# A pipe table's first body row is two lines below its header (the delimiter row is between).
FIRST_BODY_OFFSET = 2

# Words of a sentence that only introduces the table below it.
_LEAD_IN = re.compile(
    r"为例|一目了然|表格|下表|如下|总结一下|放一起|\b(?:for example|as follows|below|this table)\b", re.I
)
# A column headed so holds what its rows say, never what names them ("状态码 | 含义": the code is the key).
_DESCRIBES = re.compile(
    r"含义|说明|描述|解释|作用|意义|备注|用途|功能|定义|meaning|descri|explanation|purpose|notes?\b|remarks?|usage|comment",
    re.I,
)
_LETTER = re.compile(r"[^\W\d_]")
# Codes that have letters but are numbers all the same: 0xF14, 0b1010, 0x3A0-0x3AF.
_CODE = re.compile(r"0[xXbBoO][0-9a-fA-F_]{1,32}(?:\s{0,3}[-–~]\s{0,3}0[xXbBoO][0-9a-fA-F_]{1,32})?")
# What a cell holds when it holds nothing: "", "-", "N/A", "-null-".
_PLACEHOLDER = re.compile(r"[-–—/ ]{0,3}(?:null|none|nil|n/?a|nan)?[-–—/ ]{0,3}", re.I)
_SENTENCE = re.compile(r"[，。；！？;!?]|[.,:] ")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_YES_MARKS = frozenset("✓✔✅☑√🗸")
_NO_MARKS = frozenset("✗✘❌❎✖✕×")
_EMOJI_VARIATION = "\ufe0f"


@dataclass(frozen=True)
class _Rows:
    """A table's header and body rows (padded to the header's width), with each body row's line."""

    header: tuple[str, ...]
    body: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]
    key_header: str = ""  # the key column's header as written ("" for an empty corner cell)


def extract_table(found: Found, block: Block, title: str) -> None:
    if not block.rows:
        return
    title = table_title(title)
    rows = _rows(block)
    width = len(rows.header)
    if width < 2 or not rows.body:
        found.skip(block.line, "table needs a header and at least two columns and one row", " | ".join(rows.header))
        return
    for index in block.ragged_rows:
        found.skip(rows.lines[index - 1], RAGGED, " | ".join(block.rows[index]))
    if _database_rows(rows):
        found.skip(block.line, RECORDS, " | ".join(rows.header))
        return
    headless = not any(rows.header)
    if headless and width > 2 and len(rows.body) > 1:  # an empty header row above the real one
        rows, headless = _Rows(rows.body[0], rows.body[1:], rows.lines[1:]), False
    unfolded = _unfolded(rows)
    folded = len(unfolded.header) < len(rows.header)
    rows = unfolded if folded else _without_step_numbers(rows)
    # a folded table's groups are "key | value" side by side: its first column is the key, numbers or not
    column = 0 if folded else key_column(rows.header, rows.body)
    if column is None:
        found.skip(block.line, RECORDS, " | ".join(rows.header))
        return
    _add_rows(found, block, _readable(_keyed(rows, column)), title, pairs=headless)


# Folded tables hold a few key/value groups side by side: wider headers are not tried.
MAX_FOLDED_WIDTH = 24


def _unfolded(rows: _Rows) -> _Rows:
    """``| 第几次重试 | 间隔 | 第几次重试 | 间隔 |``: a long table folded into column groups side by side, read as
    one table (the first group's rows, then the next group's)."""
    width = len(rows.header)
    if width > MAX_FOLDED_WIDTH:
        return rows  # a few groups of a few columns; a wider header is no folded table (and stays linear)
    for size in range(2, width // 2 + 1):
        if width % size or rows.header[:size] * (width // size) != rows.header or not any(rows.header[:size]):
            continue
        body: list[tuple[str, ...]] = []
        lines: list[int] = []
        for start in range(0, width, size):
            for row, line in zip(rows.body, rows.lines, strict=True):
                part = row[start : start + size]
                if any(cell.strip() for cell in part):  # the last group of an odd count may end early
                    body.append(part)
                    lines.append(line)
        return _Rows(rows.header[:size], tuple(body), tuple(lines), rows.key_header)
    return rows


def _add_rows(found: Found, block: Block, rows: _Rows, title: str, pairs: bool) -> None:
    """One table item per row, keyed by its first cell.

    A two-column table without a header (``pairs``) is terms and meanings; a
    two-column state table (``状态 | 含义``) is states.
    """
    header = rows.header
    name = title or rows.key_header or "table"
    stateish = bool(patterns.STATE_TITLE.search(rows.key_header) or patterns.STATE_TITLE.search(title))
    group = f"{block.line}"
    for row, line in zip(rows.body, rows.lines, strict=True):
        key = row[0].strip().replace("\n", " ")
        if not key:
            found.skip(line, "table row without a key in its first column", " | ".join(row))
            continue
        cells = [cell.strip() for cell in row[1:]]
        if not any(cells) or all(patterns.is_todo(cell) for cell in cells if cell):
            found.skip(line, "table row with empty cells", key)
            continue
        if _matrix_row(found, block, rows, (name, title, key, line, group), cells):
            continue
        if (stateish or pairs) and len(header) == 2:
            kind: Kind = "state" if stateish else "definition"
            found.term(kind, f"{name}/{key}", title, block.headings, line, key, row[1], group=group)
            continue
        if any(cell and patterns.is_todo(cell) for cell in cells):  # "| 说明 | TODO |": that cell asks nothing yet
            cells = ["" if patterns.is_todo(cell) else cell for cell in cells]
        payload = TablePayload(header, (key, *cells))
        found.add("table", f"{name}/{key}", title, block.headings, line, payload, group=group)


# A row of yes/no over this many columns or more is one question ("which of them does it match?"), not a card a cell.
MIN_MATRIX_COLUMNS = 4
# (cells are readable by now: a lone ✓ or ✗ reads "✓ yes" / "✗ 否", see yes_no)
_YES_WORD = re.compile(r"(?:✓\s*)?(?:yes|y|true|是|支持|有)", re.I)
_NO_WORD = re.compile(r"(?:✗\s*)?(?:no|n|false|否|不支持|无)", re.I)


def _matrix_row(found: Found, block: Block, rows: _Rows, at: tuple[str, str, str, int, str], cells: list[str]) -> bool:
    """``| Matches `done` | no | no | no | YES | YES | YES |`` → "Matches done" answered by the columns marked yes."""
    name, title, key, line, group = at
    if len(cells) < MIN_MATRIX_COLUMNS or not all(_YES_WORD.fullmatch(c) or _NO_WORD.fullmatch(c) for c in cells):
        return False
    chosen = [column for column, cell in zip(rows.header[1:], cells, strict=False) if _YES_WORD.fullmatch(cell)]
    chinese = bool(_CJK.search(" ".join(rows.header)))
    if not chosen:
        meaning = "都不是" if chinese else "none"
    else:
        meaning = "是：" + "、".join(chosen) if chinese else "yes: " + ", ".join(chosen)
    # added as written: a column or row named TODO ("Matches status.type is TODO") is a status, not the author's TODO
    return found.add("definition", f"{name}/{key}", title, block.headings, line, TermPayload(key, meaning), group=group)


def table_title(title: str) -> str:
    """The title above a table when it names the table; "" for a lead-in ("最后，来一张表格总结一下：")."""
    title = title.strip()
    return title if patterns.is_termlike(title) and not _LEAD_IN.search(title) else ""


def _rows(block: Block) -> _Rows:
    header = tuple(cell.strip() for cell in block.rows[0])
    width = len(header)
    body = _groups_filled(_ditto(tuple(tuple(row) + ("",) * (width - len(row)) for row in block.rows[1:])))
    if len(block.row_lines) == len(block.rows):
        lines = block.row_lines[1:]
    else:
        lines = tuple(block.line + FIRST_BODY_OFFSET + index for index in range(len(body)))
    return _Rows(header, body, lines)


# A cell that repeats the one above it: "同上", "ditto", "〃", "same as above".
_DITTO = re.compile(r"^\s*(?:同上|同前|〃|\"|ditto|same as above)\s*[。.]?\s*$", re.I)


def _ditto(body: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """Each ``同上`` cell holds what the cell above it holds."""
    out: list[tuple[str, ...]] = []
    for row in body:
        above = out[-1] if out else ()
        out.append(tuple(above[i] if _DITTO.match(cell) and i < len(above) else cell for i, cell in enumerate(row)))
    return tuple(out)


def _groups_filled(body: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """``| Numeric | Int8 | … |`` then ``| | Int16 | … |``: a first column left empty below a value groups the rows
    under it (a merged cell), and each row belongs to that group. Only in tables of three or more columns where such
    rows fill every other cell: in ``term | meaning`` an empty key goes on with the row above (see ``_add_rows``)."""
    if not body or len(body[0]) < 3 or not body[0][0].strip():
        return body
    empty = [row for row in body if not row[0].strip()]
    if len(empty) < 2 or (len(body) - len(empty)) * 2 > len(body):
        return body  # a group holds rows: most first cells are left empty, not one in a table of keys
    if not all(cell.strip() for row in empty for cell in row[1:]):
        return body  # "| | `long long` | |": the cells of the row above go on (a cell wrapped over two rows)
    out: list[tuple[str, ...]] = []
    for row in body:
        out.append(row if row[0].strip() else (out[-1][0], *row[1:]))
    return tuple(out)


def _database_rows(rows: _Rows) -> bool:
    """``| id | name | since |`` over ``| 1 | TXC | 2014 |``: rows of a database table shown as an example."""
    if rows.header[0].strip().lower() not in ("id", "`id`") or len(rows.header) < 3:
        return False
    return all(row[0].strip().isdecimal() for row in rows.body)


def _without_step_numbers(rows: _Rows) -> _Rows:
    """Rows numbered 1, 2, 3 (or 0, 1, 2) are better asked by their next column: the number only counts."""
    numbers = [row[0].strip().rstrip(".") for row in rows.body if row[0].strip()]
    if len(rows.header) > 2 and _counts(numbers):
        return _Rows(rows.header[1:], tuple(row[1:] for row in rows.body), rows.lines)
    return rows


def _counts(numbers: Sequence[str]) -> bool:
    """0, 1, 2, … or 1, 2, 3, …: row numbers."""
    if not numbers or not all(number.isdecimal() and len(number) <= MAX_ROW_NUMBER_DIGITS for number in numbers):
        return False
    values = [int(number) for number in numbers]
    return values[0] in (0, 1) and all(b == a + 1 for a, b in itertools.pairwise(values))


def _keyed(rows: _Rows, key: int) -> _Rows:
    """The key column first, the others in their order; unnamed columns named by position."""
    header = tuple(name or f"#{index + 1}" for index, name in enumerate(rows.header))
    order = [key, *(index for index in range(len(header)) if index != key)]
    body = tuple(tuple(row[index] for index in order) for row in rows.body)
    return _Rows(tuple(header[index] for index in order), body, rows.lines, rows.header[key])


def key_column(header: Sequence[str], body: Sequence[Sequence[str]]) -> int | None:
    """The first column that names its rows, past leading columns of codes or repeated values.

    0 when the first name-like column is no name (a description); None for a
    table of records, where no column tells the rows apart and some repeat
    (a query's output: ``DR-1 | -49.85 | 1927-02-08``).
    """
    repeats = False
    for index in range(len(header)):
        values = [cell for cell in (row[index].strip() for row in body) if not _PLACEHOLDER.fullmatch(cell)]
        if len(set(values)) < len(values):
            repeats = True
        elif not all(_is_code(cell) for cell in values):
            named = index == 0 or (all(_is_name(cell) for cell in values) and not _DESCRIBES.search(header[index]))
            return index if named else 0
    return None if repeats else 0


def _is_code(cell: str) -> bool:
    return not _LETTER.search(cell) or bool(_CODE.fullmatch(cell))


def _is_name(cell: str) -> bool:
    """Short and not a sentence (wide characters count twice: a Chinese name is short in characters)."""
    width = len(cell) + len(_CJK.findall(cell))
    return bool(cell) and "\n" not in cell and width <= KEY_MAX_WIDTH and not _SENTENCE.search(cell)


def _readable(rows: _Rows) -> _Rows:
    """Cells that are only ✓ or ✗ get a word (yes/no, or 是/否 when the table is Chinese)."""
    texts = [*rows.header, *(cell for row in rows.body for cell in row)]
    chinese = any(_CJK.search(text) for text in texts)
    body = tuple(tuple(yes_no(cell, chinese) for cell in row) for row in rows.body)
    return _Rows(rows.header, body, rows.lines, rows.key_header)


def yes_no(cell: str, chinese: bool) -> str:
    mark = cell.strip().replace(_EMOJI_VARIATION, "")
    if len(mark) != 1 or mark not in _YES_MARKS | _NO_MARKS:
        return cell
    if mark in _YES_MARKS:
        return "✓ 是" if chinese else "✓ yes"
    return "✗ 否" if chinese else "✗ no"
