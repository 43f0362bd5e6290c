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
