"""Importing into a real Anki collection (the `anki` library inside Anki desktop); the
`collection` fixture itself is in conftest.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from anki.collection import Collection
from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

# What Anki puts into a rendered card instead of raising when a template is broken.
TEMPLATE_ERROR_MARKERS = ("templates/errors", "has a problem", "there is no field called", "{{", "}}")


def import_package(col: Collection, path: Path) -> Any:
    # Anki desktop's defaults: update notes and note types when the incoming ones are newer.
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=False))
    return col.import_anki_package(request).log


def import_with_progress(col: Collection, path: Path) -> Any:
    """Anki's File › Import with "Import any learning progress" ticked."""
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=True))
    return col.import_anki_package(request).log


def answer(col: Collection, card_id: int, rating: int) -> None:
    """Answer a card through Anki's v3 scheduler, as the Again…Easy buttons do."""
    from anki.scheduler_pb2 import CardAnswer

    card = col.get_card(card_id)
    card.start_timer()
    states = col._backend.get_scheduling_states(card.id)
    ratings = {1: CardAnswer.AGAIN, 2: CardAnswer.HARD, 3: CardAnswer.GOOD, 4: CardAnswer.EASY}
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=ratings[rating]))


def export_with_scheduling(col: Collection, target: Path, legacy: bool = False) -> Path:
    """A .colpkg (the whole collection) or an .apkg with "Include scheduling information".

    ``legacy`` is "Support older Anki versions": an uncompressed schema-11 collection inside.
    """
    from anki.collection import ExportAnkiPackageOptions

    if target.suffix == ".colpkg":
        col.export_collection_package(str(target), include_media=False, legacy=legacy)
    else:
        options = ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=True, with_media=False, legacy=legacy
        )
        col.export_anki_package(out_path=str(target), options=options, limit=None)
    return target
