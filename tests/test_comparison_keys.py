"""A comparison's statements keep their identity (the key a card's id comes from) as the extractor learns more."""

from __future__ import annotations

from flashforge.compile import cards_for_text
from flashforge.sources import SourceText


def keys(markdown: str) -> list[tuple[str, str]]:
    found, _ = cards_for_text(SourceText("n.md", markdown, "digest", "utf-8"))
    return [(card.key, card.front) for card in found]


def test_a_lead_in_that_compares_keys_its_statements_by_itself() -> None:
    text = (
        "## 进程\n\n进程和线程有以下两点不同：\n\n"
        "- 进程拥有独立的地址空间，线程共享它\n- 进程切换开销大，线程切换开销小\n"
    )
    assert [key for key, _ in keys(text)] == ["进程和线程有以下两点不同/1", "进程和线程有以下两点不同/2"]


def test_facts_under_a_named_item_of_a_comparison_are_keyed_and_asked_by_that_item() -> None:
    text = (
        "### RUN vs CMD\n\n- `CMD` sets default commands for the container.\n"
        "\t- It can be overwritten from the command line.\n"
        "\t- Only the last CMD statement runs.\n"
    )
    facts = [(key, front) for key, front in keys(text) if "(" in front]
    assert facts == [
        ("RUN vs CMD/CMD/1", "RUN vs CMD › CMD · (1/2)"),
        ("RUN vs CMD/CMD/2", "RUN vs CMD › CMD · (2/2)"),
    ]
