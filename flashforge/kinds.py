"""The kinds of card: a vocabulary every command may name (``--kind``) without loading the card types."""

from __future__ import annotations

from typing import Literal

Kind = Literal["definition", "field", "state", "sequence", "table"]
KINDS: tuple[Kind, ...] = ("definition", "field", "state", "sequence", "table")
