"""A laid-out sheet -> one self-contained HTML page with print CSS.

Pure. Every piece of note text goes through :func:`html.escape` (the notes
contain ``<``, ``>`` and ``&`` that must show as text); text placed in CSS
(the running page header) goes through :func:`css_string`.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape
from typing import Literal

from .fonts import EmbeddedFont
from .layout import Block, Chain, Definitions, PairTable, Section, Sheet, Table

Paper = Literal["A4", "Letter"]
PAPERS: tuple[Paper, ...] = ("A4", "Letter")

# Used after the font fontconfig found (if any): the usual CJK fonts of
# Linux, macOS and Windows, so the HTML also reads well on another machine.
FALLBACK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "sans-serif",
)


# First-column widths (percent) a pair table may get, see _width_class.
PAIR_WIDTHS = tuple(range(12, 52, 2))

PAPER_WIDTH_MM = {"A4": 210.0, "Letter": 215.9}
SIDE_MARGINS_MM = 16.0  # @page margin, left + right
COLUMN_GAP_MM = 5.0
# Bold Latin at 7.3 pt is about 1.5 mm a character; a CJK character (two cells) is 2.6 mm.
CELL_MM = 1.5
CELL_PADDING_MM = 2.4


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string that cannot end the string or the <style> element."""
    out = []
    for char in text:
        if char in '"\\<>&' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def font_stack(preferred: Sequence[str]) -> str:
    families = list(preferred)
    families += [family for family in FALLBACK_FONTS if family not in families]
    return ", ".join(family if family == "sans-serif" else css_string(family) for family in families)


def font_faces(fonts: Sequence[EmbeddedFont]) -> str:
    return "".join(
        f"@font-face {{ font-family: {css_string(font.family)}; font-weight: {font.weight}; font-style: normal; "
        f"src: url(data:font/otf;base64,{base64.b64encode(font.data).decode('ascii')}) format('opentype'); }}\n"
        for font in fonts
    )


def step_number(number: int) -> str:
    """①…⑳ (one glyph, no box to lay out), then (21), (22)…"""
    return chr(0x2460 + number - 1) if 1 <= number <= 20 else f"({number})"


def stylesheet(
    sheet: Sheet, *, columns: int, paper: Paper, font_families: Sequence[str], fonts: Sequence[EmbeddedFont] = ()
) -> str:
    counts = f"{sheet.date} · {sheet.card_count} cards"
    pair_widths = "\n".join(f"table.w{percent} tbody th {{ width: {percent}%; }}" for percent in PAIR_WIDTHS)
    return (
        font_faces(fonts)
        + f"""
@page {{
  size: {paper};
  margin: 11mm 8mm 10mm 8mm;
  @top-left {{ content: {css_string(sheet.title)}; font-weight: bold; font-size: 8pt; color: #1f3a5f;
               vertical-align: bottom; padding-bottom: 1.2mm; }}
  @top-right {{ content: {css_string(counts)}; font-size: 7pt; color: #555;
                vertical-align: bottom; padding-bottom: 1.2mm; }}
  @bottom-center {{ content: counter(page) " / " counter(pages); font-size: 7pt; color: #555;
                    vertical-align: top; padding-top: 1.5mm; }}
}}
html {{ font-family: {font_stack(font_families)}; font-size: 7.3pt; line-height: 1.28; color: #111;
        -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ margin: 0; }}
/* Long words, URLs and code-like tokens wrap instead of running off the page;
   CJK text breaks between any two characters anyway. */
body * {{ overflow-wrap: anywhere; word-break: normal; line-break: auto; }}
.sheet-head {{ display: none; }}
main {{ column-count: {columns}; column-gap: 5mm; column-rule: 0.4pt solid #d0d7e0; }}
h2 {{ font-size: 1.26em; margin: 2.4mm 0 1mm; padding: 0 0 0.3mm; color: #1f3a5f;
      border-bottom: 1.1pt solid #1f3a5f; break-after: avoid; }}
main > section:first-child > h2 {{ margin-top: 0; }}
h3 {{ font-size: 1.07em; margin: 1.8mm 0 0.7mm; color: #1f3a5f; break-after: avoid; }}
h3 .up {{ font-weight: normal; color: #6a7a90; }}
.topic {{ margin: 0 0 0.5mm; }}
p {{ margin: 0; }}
.defs {{ margin: 0 0 1mm; }}
.def {{ padding-left: 2.6mm; text-indent: -2.6mm; margin: 0 0 0.45mm; break-inside: avoid; }}
.term {{ font-weight: bold; color: #000; }}
.def.lead {{ padding-left: 0; text-indent: 0; color: #222; }}
table {{ width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0.3mm 0 1.2mm; }}
.caption {{ font-weight: bold; color: #394b63; margin: 0.6mm 0 0.3mm; break-after: avoid; }}
th, td {{ border: 0.4pt solid #b9c3d0; padding: 0.25mm 0.9mm; vertical-align: top; text-align: left; }}
tbody th {{ font-weight: bold; background: #eef2f7; }}
thead th {{ background: #dde5ef; font-weight: bold; }}
table.state tbody th {{ font-family: "DejaVu Sans Mono", monospace; font-size: 0.93em; }}
tr {{ break-inside: avoid; }}
table.keep, .chain.stacked {{ break-inside: avoid; }}
.chain {{ margin: 0.3mm 0 1.2mm; }}
.chain-title {{ font-weight: bold; color: #394b63; }}
.chain.stacked > p {{ break-after: avoid; }}
.chain.inline .chain-title {{ display: inline; margin-right: 1mm; }}
.chain ol {{ list-style: none; margin: 0.2mm 0 0; padding: 0; }}
.chain ol li {{ padding-left: 5.4mm; text-indent: -5.4mm; margin: 0 0 0.35mm; break-inside: avoid; }}
.chain .to {{ display: inline-block; width: 2.8mm; text-indent: 0; color: #1f3a5f; font-weight: bold; }}
{pair_widths}
@media screen {{
  html {{ font-size: 10pt; background: #f4f6f9; }}
  body {{ max-width: 52em; margin: 1.5em auto; padding: 1.5em 2em; background: #fff; }}
  /* On screen the page scrolls: columns would make the reader climb back up; printing uses the columns. */
  main {{ column-count: 1; column-rule: none; max-width: 46em; margin: 0 auto; }}
  .sheet-head {{ display: flex; justify-content: space-between; align-items: baseline;
                 border-bottom: 1.5pt solid #1f3a5f; margin-bottom: 1em; }}
  .sheet-head h1 {{ font-size: 14pt; margin: 0; color: #1f3a5f; }}
}}
"""
    )


def render_html(
    sheet: Sheet,
    *,
    columns: int = 2,
    paper: Paper = "A4",
    font_families: Sequence[str] = (),
    fonts: Sequence[EmbeddedFont] = (),
) -> str:
    """The whole sheet as one HTML document (no external resources; ``fonts`` are embedded)."""
    parts = [
        '<!DOCTYPE html>\n<html lang="zh">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="generator" content="flashforge cheatsheet">\n',
        f"<title>{escape(sheet.title)} · cheat sheet</title>\n",
        f"<style>{stylesheet(sheet, columns=columns, paper=paper, font_families=font_families, fonts=fonts)}</style>\n",
        "</head>\n<body>\n",
        f'<header class="sheet-head"><h1>{escape(sheet.title)}</h1>'
        f"<p>{escape(sheet.date)} · {sheet.card_count} cards</p></header>\n<main>\n",
    ]
    parts.extend(_chapters(sheet.sections, column_width_mm(paper, columns)))
    parts.append("</main>\n</body>\n</html>\n")
    return "".join(parts)


def _chapters(sections: Sequence[Section], column_mm: float) -> list[str]:
    out: list[str] = []
    chapter: str | None = None
    for section in sections:
        if section.chapter != chapter:
            if chapter is not None:
                out.append("</section>\n")
            chapter = section.chapter
            out.append('<section class="chapter">')
            if chapter:
                out.append(f"<h2>{escape(chapter)}</h2>\n")
        out.append(_topic(section, column_mm))
    if chapter is not None:
        out.append("</section>\n")
    return out


def _topic(section: Section, column_mm: float) -> str:
    out = ['<section class="topic">']
    if section.heading:
        *upper, last = section.heading
        above = "".join(f'<span class="up">{escape(part)} › </span>' for part in upper)
        out.append(f"<h3>{above}{escape(last)}</h3>")
    # A group titled like its own heading (a state list under "### 连接状态") needs no caption.
    heading = section.heading[-1] if section.heading else section.chapter
    out.extend(_block(block, heading, column_mm) for block in section.blocks)
    out.append("</section>\n")
    return "".join(out)


def _block(block: Block, heading: str, column_mm: float) -> str:
    if isinstance(block, Definitions):
        return _definitions(block, heading)
    if isinstance(block, PairTable):
        return _pair_table(block, heading, column_mm)
    if isinstance(block, Chain):
        return _chain(block, heading)
    return _table(block, heading)


def _definitions(block: Definitions, heading: str) -> str:
    rows = []
    for row in block.rows:
        if row.term == heading and row.meaning:
            # "### ARP" then "链路层协议…": the heading already names the term.
            rows.append(f'<p class="def lead">{escape(row.meaning)}</p>')
            continue
        meaning = f" — {escape(row.meaning)}" if row.meaning else ""
        rows.append(f'<p class="def"><span class="term">{escape(row.term)}</span>{meaning}</p>')
    return '<div class="defs">' + "".join(rows) + "</div>"


def _caption(title: str, heading: str) -> str:
    # A paragraph, not a <caption>: WeasyPrint keeps a block title with the block
    # that follows (break-after: avoid) but may leave a <caption> alone at a column's foot.
    return f'<p class="caption">{escape(title)}</p>' if title and title != heading else ""


# Tables up to this many rows stay in one piece (moved whole to the next
# column); longer ones may split between rows.
KEEP_TOGETHER_ROWS = 12


def _keep(rows: int) -> str:
    return " keep" if rows <= KEEP_TOGETHER_ROWS else ""


def _percent(share: float) -> str:
    return f"{share * 100:.2f}%"


def column_width_mm(paper: Paper, columns: int) -> float:
    return (PAPER_WIDTH_MM[paper] - SIDE_MARGINS_MM - (columns - 1) * COLUMN_GAP_MM) / columns


def _width_class(term_cells: int, column_mm: float) -> str:
    """A width class (``w12`` … ``w50``, even percentages) that fits a pair table's longest term.

    A class instead of a ``<colgroup>`` keeps the page light: fewer elements
    to style and lay out, which is what a 5,000-card sheet spends its time on.
    """
    needed = (term_cells * CELL_MM + CELL_PADDING_MM) / column_mm * 100
    percent = min(max(round(needed / 2 + 0.49) * 2, PAIR_WIDTHS[0]), PAIR_WIDTHS[-1])
    return f"w{percent}"


def _pair_table(block: PairTable, heading: str, column_mm: float) -> str:
    rows = "".join(f"<tr><th>{escape(row.term)}</th><td>{escape(row.meaning)}</td></tr>" for row in block.rows)
    return (
        f"{_caption(block.title, heading)}"
        f'<table class="pairs {block.kind} {_width_class(block.term_cells, column_mm)}{_keep(len(block.rows))}">'
        f"<tbody>{rows}</tbody></table>"
    )


def _chain(block: Chain, heading: str) -> str:
    # Numbers and arrows are plain text (① … ⑳ are single glyphs): no inline boxes to lay out.
    shown_title = block.title if block.title != heading else ""
    title = f'<span class="chain-title">{escape(shown_title)}</span>' if shown_title else ""
    if block.inline:
        steps = " → ".join(f"{step_number(number)}{escape(step)}" for number, step in enumerate(block.steps, start=1))
        return f'<p class="chain inline">{title}{steps}</p>'
    items = "".join(
        f'<li><span class="to">{"→" if number > 1 else ""}</span>{step_number(number)} {escape(step)}</li>'
        for number, step in enumerate(block.steps, start=1)
    )
    heading = f"<p>{title}</p>" if title else ""
    return f'<div class="chain stacked">{heading}<ol>{items}</ol></div>'


def _table(block: Table, heading: str) -> str:
    # A table's title is often just its first header cell, which the header row shows anyway.
    caption = _caption(block.title, heading) if block.title != block.columns[0] else ""  # columns never empty
    cols = "".join(f'<col style="width: {_percent(share)}">' for share in block.shares)
    head = "".join(f"<th>{escape(column)}</th>" for column in block.columns)
    body = "".join(
        "<tr>"
        + "".join(
            f"<th>{escape(cell)}</th>" if index == 0 else f"<td>{escape(cell)}</td>" for index, cell in enumerate(row)
        )
        + "</tr>"
        for row in block.rows
    )
    return (
        f'{caption}<table class="grid{_keep(len(block.rows))}"><colgroup>{cols}</colgroup>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
