"""Generated notes never crash or stall the pipeline (issue 11): a few hundred documents here, 10,000 in
bench/fuzz.py. Each document, hostile blocks included, must go through parse, extract, cards and the
Anki renderer inside a generous per-document guard (a hang guard, not a timing assertion)."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.fuzz_documents import HOSTILE, document
from flashforge.compile import cards_for_text, raise_recursion_limit
from flashforge.display import printable
from flashforge.export.render import render_text
from flashforge.extract.sequences import MAX_STEPS
from flashforge.model import StepPayload
from flashforge.sources import SourceText

from .hang_guard import no_hang

raise_recursion_limit()  # as a build does, once, before hypothesis starts
PER_DOCUMENT = 20.0  # seconds: generous; a linear pipeline takes well under one for these sizes


def run_pipeline(text: str) -> int:
    cards, _extraction = cards_for_text(SourceText("fuzz.md", text, "digest", "utf-8"))
    for card in cards:
        render_text(card.front)
        render_text(card.back)
        assert "\x1b" not in printable(card.front + card.back)
    return len(cards)


@settings(
    max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.randoms(use_true_random=False), st.sampled_from([0, 0, 200, 5_000, 20_000]))
def test_generated_notes_never_crash_or_stall(rng: random.Random, hostile_size: int) -> None:
    text = document(rng, hostile_size)
    with no_hang("the pipeline on a generated document", PER_DOCUMENT):
        run_pipeline(text)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_block_at_100_kb(name: str) -> None:
    text = HOSTILE[name](random.Random(0), 100_000)
    with no_hang(f"hostile block {name!r}", PER_DOCUMENT * 3):
        run_pipeline(text)


def test_a_sequence_keeps_one_copy_of_its_steps() -> None:
    """The longest sequence: every card's payload shares the one tuple of steps (k cards used to hold k copies).

    Longer lists are no sequence at all (see test_parse_dialects: a 2,000-item list is said, not stored)."""
    text = "## 过程\n\n" + "\n".join(f"{i}. 步骤{i}" for i in range(1, MAX_STEPS + 1))
    with no_hang("the longest sequence"):
        cards, _ = cards_for_text(SourceText("seq.md", text, "digest", "utf-8"))
    payloads = [card.payload for card in cards if isinstance(card.payload, StepPayload)]
    assert len(payloads) == MAX_STEPS
    assert len({id(payload.steps) for payload in payloads}) == 1
