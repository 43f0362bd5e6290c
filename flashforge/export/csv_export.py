"""Planned notes → tab-separated text for Anki's "Import File" (File › Import).

The file starts with Anki's header lines, so Anki picks the separator, the
GUID, note type, deck and tags columns by itself. Rows use Anki's built-in
"Basic" and "Cloze" note types, which every collection has, so the file
imports without the flashforge note types; the context and the source are
folded into the two fields those types offer.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from ..files import atomic_output
from ..model import CONTEXT_SEP
from .notes import ExportNote

COLUMNS = ("guid", "notetype", "deck", "Front/Text", "Back/Back Extra", "tags")


def _small(text: str) -> str:
    return f'<div style="font-size:0.7em;opacity:0.7">{text}</div>' if text else ""


def csv_row(note: ExportNote) -> list[str]:
    if note.note_type.cloze:
        text, title, context, source = note.fields
        heading = context + (CONTEXT_SEP + title if title else "") if context else title
        first = _small(heading) + text
        second = _small(source)
        notetype = "Cloze"
    else:
        front, back, context, source, extra = note.fields
        first = _small(context) + front
        second = back + (f"<div>{extra}</div>" if extra else "") + _small(source)
        notetype = "Basic"
    return [note.guid, notetype, note.deck, first, second, " ".join(note.tags)]


def render_csv(notes: Iterable[ExportNote]) -> str:
    buffer = io.StringIO()
    buffer.write("#separator:tab\n#html:true\n")
    buffer.write("#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n")
    buffer.write("#columns:" + "\t".join(COLUMNS) + "\n")
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for note in notes:
        writer.writerow(csv_row(note))
    return buffer.getvalue()


def write_csv(notes: Iterable[ExportNote], target: Path) -> None:
    text = render_csv(notes)
    with atomic_output(target) as temporary:
        temporary.write_text(text, encoding="utf-8")
