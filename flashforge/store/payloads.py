"""Card payloads ↔ JSON: the one encoding of :data:`flashforge.model.CardPayload`.

The JSON is the deck's ``cards.payload`` column and part of a card's content
hash, so its shape never changes: ``{"term", "meaning"}`` for definitions,
fields and states, ``{"steps", "details", "index"}`` for a sequence's cards,
``{"columns", "row", "column"}`` for table cards. Decoding is lenient: a key
that is missing (an old or hand-made row) reads as empty.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model import CardPayload, CellPayload, Kind, StepPayload, TermPayload

JsonObject = dict[str, object]


def encode_payload(payload: CardPayload) -> JsonObject:
    """The JSON object stored for ``payload``."""
    match payload:
        case TermPayload(term=term, meaning=meaning):
            return {"term": term, "meaning": meaning}
        case StepPayload(steps=steps, details=details, index=index):
            return {"steps": list(steps), "index": index, "details": list(details)}
        case CellPayload(columns=columns, row=row, column=column):
            return {"columns": list(columns), "row": list(row), "column": column}


def decode_payload(kind: Kind, data: object) -> CardPayload:
    """The payload of a card of ``kind`` read back from its JSON object."""
    if not isinstance(data, Mapping):
        data = {}
    if kind == "sequence":
        steps = _strings(data.get("steps"))
        details = _strings(data.get("details"))
        details += ("",) * (len(steps) - len(details))
        index = data.get("index")
        return StepPayload(steps, details, index if isinstance(index, int) else 0)
    if kind == "table":
        return CellPayload(_strings(data.get("columns")), _strings(data.get("row")), _string(data.get("column")))
    return TermPayload(_string(data.get("term")), _string(data.get("meaning")))


def _string(value: object) -> str:
    return "" if value is None else str(value)


def _strings(value: object) -> tuple[str, ...]:
    return tuple(_string(item) for item in value) if isinstance(value, list | tuple) else ()
