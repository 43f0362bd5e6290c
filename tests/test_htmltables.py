"""Raw HTML tables read into table blocks, and how a table's key column is chosen."""

from __future__ import annotations

from flashforge.extract.tables import key_column, yes_no
from flashforge.parse import parse_document
from flashforge.parse.htmltables import NESTED, SPANS, TableEnds, table_block
from flashforge.parse.images import marker

from .hang_guard import no_hang


def test_cells_are_plain_text_with_line_breaks() -> None:
    raw = (
        "<table>\n<thead><tr><th>Name</th><th>Meaning</th></tr></thead>\n"
        "<tr><td>**AT&amp;T**</td><td>one<br>two <p>three</p> &#124; `x` <img src='a.png'></td></tr>\n"
        "</table>"
    )
    block = table_block(raw, 10, ("H",))
    assert block is not None and block.type == "table"
    assert block.rows == (("Name", "Meaning"), ("AT&T", f"one\ntwo\nthree\n| x {marker('a.png')}"))
    assert block.row_lines == (11, 12)
    assert block.headings == ("H",)


def test_short_and_long_rows_are_padded_or_cut_and_marked() -> None:
    raw = "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr><tr><td>d</td><td>e</td><td>f</td></tr></table>"
    block = table_block(raw, 1, ())
    assert block is not None
    assert block.rows == (("a", "b"), ("c", ""), ("d", "e"))
    assert block.ragged_rows == (1, 2)


def test_layout_tables_are_skipped_with_a_reason() -> None:
    spans = table_block('<table><tr><td colspan="2">csr</td></tr><tr><td>31</td><td>20</td></tr></table>', 1, ())
    nested = table_block("<table><tr><td><table><tr><td>a</td></tr></table></td></tr></table>", 1, ())
    single = table_block('<table><tr><td colspan="1">a</td><td>b</td></tr></table>', 1, ())
    assert spans is not None and (spans.type, spans.info) == ("skip", SPANS)
    assert nested is not None and (nested.type, nested.info) == ("skip", NESTED)
    assert single is not None and single.type == "table"  # colspan="1" spans nothing
    assert table_block("<div>no table here</div>", 1, ()) is None


def test_a_table_split_by_blank_lines_is_read_whole() -> None:
    text = "# T\n\n<table>\n<tr><th>A</th><th>B</th></tr>\n\n<tr><td>x</td>\n\n<td>y</td></tr>\n</table>\n\nafter\n"
    blocks = parse_document(text).blocks
    assert [(block.type, block.line) for block in blocks] == [("heading", 1), ("table", 3), ("paragraph", 11)]
    assert blocks[1].rows == (("A", "B"), ("x", "y"))


def test_table_ends_match_nested_tables_and_leave_unclosed_ones() -> None:
    lines = ["<table>", "<table><tr>", "</table>", "", "</table>", "<table>", "text"]
    ends = TableEnds.of(lines)
    assert ends.close_of(0) == 4
    assert ends.close_of(1) == 2
    assert ends.close_of(5) is None


def test_many_unclosed_tables_take_linear_time() -> None:
    text = "<table>\n\n" * 40_000 + "</table>\n"
    with no_hang("unclosed HTML tables"):
        blocks = parse_document(text).blocks
    assert len(blocks) == 40_000


def test_key_column_passes_over_codes_and_repeated_values() -> None:
    header = ("编号", "权限", "名称", "说明")
    body = [("0xF11", "MRO", "mvendorid", "Machine 厂商 ID"), ("0xF14", "MRO", "mhartid", "Machine hart ID")]
    assert key_column(header, body) == 2
    assert key_column(("Category", "Command"), [("Files", "ls"), ("Files", "rm")]) == 1
    assert key_column(("Command", "Purpose"), [("ls", "list"), ("ls", "list again")]) == 0  # a description
    assert key_column(("状态码", "含义"), [("200", "成功"), ("404", "不存在")]) == 0
    assert key_column(("Name", "Meaning"), [("", "x"), ("b", "y")]) == 0  # an empty key is the row's problem
    long_text = [("0x1", "物理内存保护配置寄存器，奇数编号只有 RV32 才有"), ("0x2", "地址寄存器，和配置寄存器一一对应")]
    assert key_column(("编号", "说明"), long_text) == 0  # a description is no name: the first column stays
    records = [("DR-1", "-49.85", "1927-02-08"), ("DR-1", "-49.85", "-null-")]
    assert key_column(("name", "lat", "dated"), records) is None
    assert key_column(("bits", "value"), [("000", "$0$"), ("001", "$1$")]) == 0


def test_marks_alone_get_a_word() -> None:
    assert (yes_no("✅", False), yes_no(" ✗ ", True), yes_no("✔️", True)) == ("✓ yes", "✗ 否", "✓ 是")
    assert yes_no("✓ since 2.6", False) == "✓ since 2.6"
