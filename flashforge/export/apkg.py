"""Planned notes → an Anki package (.apkg) written with genanki.

genanki stamps every note, card and note type with one package-wide time.
Anki's importer compares those times with its own to decide whether to take
an update, so each note here carries the time its content last changed, and
the note types carry the time their templates last changed.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import genanki
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA

from ..files import atomic_output
from ..ids import anki_int_id
from .notes import ExportNote
from .notetypes import TEMPLATES_CHANGED_AT, NoteType, stylesheet
from .progress import PackageProgress, package_progress


class _TimedNote(genanki.Note):  # type: ignore[misc]
    """A genanki note written with its own modification time instead of the package's."""

    def __init__(self, mod: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mod = mod

    def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
        del timestamp
        super().write_to_db(cursor, self.mod, deck_id, id_gen)


class _TimedModel(genanki.Model):  # type: ignore[misc]
    """A genanki note type stamped with when its templates last changed, not with the export time."""

    def to_json(self, timestamp: float, deck_id: int) -> dict[str, Any]:
        del timestamp
        result: dict[str, Any] = super().to_json(TEMPLATES_CHANGED_AT, deck_id)
        return result


def deck_id(name: str) -> int:
    return anki_int_id("deck:" + name)


def genanki_model(note_type: NoteType, css: str) -> genanki.Model:
    return _TimedModel(
        model_id=note_type.model_id,
        name=note_type.name,
        fields=[{"name": name} for name in note_type.fields],
        templates=[{"name": t.name, "qfmt": t.question, "afmt": t.answer} for t in note_type.templates],
        css=css,
        model_type=genanki.Model.CLOZE if note_type.cloze else genanki.Model.FRONT_BACK,
    )


def build_decks(notes: Iterable[ExportNote]) -> list[genanki.Deck]:
    css = stylesheet()
    models: dict[int, genanki.Model] = {}
    decks: dict[str, genanki.Deck] = {}
    for note in notes:
        model = models.get(note.note_type.model_id)
        if model is None:
            model = models[note.note_type.model_id] = genanki_model(note.note_type, css)
        deck = decks.get(note.deck)
        if deck is None:
            deck = decks[note.deck] = genanki.Deck(deck_id(note.deck), note.deck)
        deck.add_note(_TimedNote(note.mod, model=model, fields=list(note.fields), tags=list(note.tags), guid=note.guid))
    return list(decks.values())


def write_collection(cursor: Any, decks: Sequence[genanki.Deck], timestamp: float) -> None:
    """genanki's Package.write_to_db, with the deck and note-type tables written once.

    genanki re-reads and re-writes the JSON of every deck and note type once
    per deck, which grows with the square of the deck count (a big notes
    folder has hundreds of heading decks); the notes and cards themselves are
    still written by genanki.
    """
    cursor.executescript(APKG_SCHEMA)
    cursor.executescript(APKG_COL)
    deck_table = json.loads(cursor.execute("SELECT decks FROM col").fetchone()[0])
    model_table = json.loads(cursor.execute("SELECT models FROM col").fetchone()[0])
    for deck in decks:
        deck_table[str(deck.deck_id)] = deck.to_json()
        for note in deck.notes:
            if str(note.model.model_id) not in model_table:
                model_table[str(note.model.model_id)] = note.model.to_json(timestamp, deck.deck_id)
    cursor.execute("UPDATE col SET decks = ?, models = ?", (json.dumps(deck_table), json.dumps(model_table)))
    id_gen = itertools.count(int(timestamp * 1000))
    for deck in decks:
        for note in deck.notes:
            note.write_to_db(cursor, timestamp, deck.deck_id, id_gen)


def write_progress(cursor: Any, progress: PackageProgress) -> None:
    """Card scheduling and review log rows into a package written by :func:`write_collection`.

    The package's day 0 is the export's review day, and it says it schedules
    with Anki's v2/v3 scheduler: a package that looks like the old v1 one has
    its learning answers renumbered by Anki on import.
    """
    timing = progress.timing
    conf = json.loads(cursor.execute("SELECT conf FROM col").fetchone()[0])
    conf.update(schedVer=2, rollover=timing.day_starts_at)
    cursor.execute("UPDATE col SET crt = ?, conf = ?", (timing.creation_epoch, json.dumps(conf)))
    planned = package_progress(progress.cards, timing)
    rows = cursor.execute("SELECT c.id, n.guid, c.ord FROM cards c JOIN notes n ON n.id = c.nid").fetchall()
    for card_id, guid, ord_ in rows:
        scheduling, revlog = planned.get((guid, ord_), (None, []))
        if scheduling is not None:
            cursor.execute(
                "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, lapses = ?, "
                "left = ?, data = ? WHERE id = ?",
                (*dataclasses.astuple(scheduling), card_id),
            )
        cursor.executemany(
            "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
            "VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)",
            [(row.id, card_id, row.ease, row.ivl, row.last_ivl, row.factor, row.time, row.type) for row in revlog],
        )


def write_apkg(
    notes: Sequence[ExportNote],
    target: Path,
    now: datetime,
    media: Mapping[str, Path] = {},
    progress: PackageProgress | None = None,
) -> None:
    """Write the package to ``target`` atomically (a temp file in the same folder, then rename).

    ``media`` maps the media file name the notes use to the file on disk.
    ``now`` seeds the ids of notes that are new to Anki (Anki shows them as
    the notes' creation time). ``progress``, when given, adds the cards'
    scheduling and review log (``--with-progress``).
    """
    decks = build_decks(notes)
    timestamp = now.timestamp()
    # genanki's own write_to_file leaves its temporary database behind in /tmp
    # and names media after the file's base name; this is the same layout
    # (collection.anki2, a "media" map, numbered media files) without either.
    with tempfile.TemporaryDirectory(prefix="flashforge-apkg-") as staging, atomic_output(target) as temporary:
        collection = Path(staging) / "collection.anki2"
        conn = sqlite3.connect(collection)
        try:
            write_collection(conn.cursor(), decks, timestamp)
            if progress is not None:
                write_progress(conn.cursor(), progress)
            conn.commit()
        finally:
            conn.close()
        with zipfile.ZipFile(temporary, "w") as archive:
            archive.write(collection, "collection.anki2")
            names = list(media)
            archive.writestr("media", json.dumps({str(index): name for index, name in enumerate(names)}))
            for index, name in enumerate(names):
                archive.write(media[name], str(index))
