"""The review's and the stats' reads: an older deck upgrades, and the answers stay what they were.

``data/deck_v4.db`` is a real deck made at schema version 4 (see ``data/make_deck_v4.py``): sixty
days of simulated reviews, undone answers, answers pulled from Anki, suspended, buried, leech and
orphaned cards. The reference answers below are computed in plain Python from the rows of the
untouched version 4 file, as the version 4 queries defined them; the deck under test is a copy
upgraded by opening it.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from flashforge.clock import day_start, stamp
from flashforge.review import stats
from flashforge.review.day import DayQueue, load_day
from flashforge.review.queue import pick_new, sibling_group
from flashforge.review.stats import StatsReport, Window
from flashforge.schedule import LEECH_THRESHOLD, CardState
from flashforge.store import SCHEMA_VERSION, Deck
from flashforge.store.reviews import ReviewRow, card_state, log_json
from flashforge.store.stats import LeechRow

V4 = Path(__file__).parent / "data" / "deck_v4.db"
MOMENTS = (
    datetime(2026, 12, 1, 9, 30, tzinfo=UTC),  # the deck's last morning: answers today, cards still due
    datetime(2026, 12, 2, 7, 0, tzinfo=UTC),  # the next morning
    datetime(2026, 11, 20, 3, 0, tzinfo=UTC),  # before the day turns (04:00), with answers logged later
)
PREFIXES = (None, "topic1", "topic0::section 1", "topic2", "topic")
DAY_STARTS_AT = 4


@pytest.fixture(scope="module")
def old_rows() -> dict[str, list[dict[str, Any]]]:
    """Every row of the version 4 file, read with plain sqlite3 (the file is not modified)."""
    conn = sqlite3.connect(f"file:{V4}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
    rows = {
        table: [dict(row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")]
        for table in ("cards", "card_state", "reviews", "sources", "meta")
    }
    conn.close()
    return rows


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deck]:
    path = tmp_path_factory.mktemp("v4") / "deck.db"
    shutil.copyfile(V4, path)
    conn = sqlite3.connect(path)
    conn.execute("ANALYZE")  # as the old benchmark left its decks: statistics the upgrade drops
    conn.close()
    with Deck.open(path) as deck:
        yield deck


def test_a_version_4_deck_upgrades_and_keeps_every_row(upgraded: Deck, old_rows: dict[str, list[Any]]) -> None:
    assert upgraded.schema_version() == SCHEMA_VERSION == 7
    conn = sqlite3.connect(f"file:{upgraded.path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    for table, rows in old_rows.items():
        now_rows = [dict(row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")]
        before_states = [row.pop("before_state", None) for row in now_rows]
        studied = [row.pop("studied", None) for row in now_rows]
        assert now_rows == rows, table
        if table == "cards":  # v7: studied is 1 exactly for the cards whose state is not new
            not_new = {row["card_id"] for row in old_rows["card_state"] if row["state"] != "new"}
            assert studied == [int(row["id"] in not_new) for row in rows]
        if table == "reviews":
            assert before_states == [json.loads(row["state_before"])["state"] for row in rows]
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"reviews_day", "reviews_source", "cards_live", "cards_orphans", "card_state_queue"} <= names
    assert {"review_counts", "review_counts_insert", "review_counts_update", "review_counts_delete"} <= names
    assert "sqlite_stat1" not in names
    conn.close()


def _in_deck(deck: str, prefix: str | None) -> bool:
    return prefix is None or deck == prefix or deck.startswith(prefix + "::")


def _was(row: dict[str, Any]) -> str | None:
    state = json.loads(row["state_before"]).get("state")
    return None if state is None else str(state)


def _answers(rows: dict[str, list[Any]], prefix: str | None, since: datetime | None) -> list[dict[str, Any]]:
    decks = {card["id"]: card["deck"] for card in rows["cards"]}
    return [
        review
        for review in rows["reviews"]
        if not review["undone"]
        and (since is None or review["reviewed_at"] >= stamp(since))
        and _in_deck(decks.get(review["card_id"], ""), prefix)
    ]


def _window(rows: dict[str, list[Any]], prefix: str | None, since: datetime, days: int) -> Window:
    answers = _answers(rows, prefix, since)
    in_review = [review for review in answers if _was(review) == "review"]
    recalled = sum(1 for review in in_review if review["rating"] > 1)
    return Window(days, len(answers), len(in_review), round(recalled / len(in_review), 4) if in_review else None)


def _sources(answers: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for review in answers:
        counts[review["source"]] = counts.get(review["source"], 0) + 1
    return counts


def _live_states(rows: dict[str, list[Any]], prefix: str | None) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    cards = {card["id"]: card for card in rows["cards"]}
    return [
        (cards[state["card_id"]], state)
        for state in rows["card_state"]
        if cards[state["card_id"]]["orphaned_at"] is None and _in_deck(cards[state["card_id"]]["deck"], prefix)
    ]


def reference_stats(rows: dict[str, list[Any]], now: datetime, prefix: str | None) -> StatsReport:
    """`flashforge stats` as version 4 defined it, from the rows alone."""
    start = day_start(now, DAY_STARTS_AT)
    report = StatsReport()
    report.cards = sum(1 for card in rows["cards"] if card["orphaned_at"] is None and _in_deck(card["deck"], prefix))
    states = [state for _card, state in _live_states(rows, prefix)]
    active = [state for state in states if not state["suspended"]]
    report.suspended = len(states) - len(active)
    report.learning = sum(1 for state in active if state["state"] in ("learning", "relearning"))
    report.review = sum(1 for state in active if state["state"] == "review")
    due = [state["due"] for state in active if state["state"] != "new" and state["due"] is not None]
    ends = [stamp(start + timedelta(days=days)) for days in (1, 2, 7)]
    report.due_today = sum(1 for moment in due if moment < ends[0])
    report.due_tomorrow = sum(1 for moment in due if ends[0] <= moment < ends[1])
    report.due_this_week = sum(1 for moment in due if moment < ends[2])
    report.new = report.cards - report.suspended - report.learning - report.review
    report.reviews_today = len(_answers(rows, prefix, start))
    report.last_7_days = _window(rows, prefix, start - timedelta(days=6), 7)
    report.last_30_days = _window(rows, prefix, start - timedelta(days=29), 30)
    report.sources_30_days = _sources(_answers(rows, prefix, start - timedelta(days=29)))
    report.sources_all_time = _sources(_answers(rows, prefix, None))
    leeches = [
        (card, state)
        for card, state in _live_states(rows, prefix)
        if state["leech"] or state["lapses"] >= LEECH_THRESHOLD
    ]
    leeches.sort(key=lambda pair: (-pair[1]["lapses"], pair[0]["id"]))
    report.leeches = [
        LeechRow(
            card["id"],
            card["front"],
            state["lapses"],
            bool(state["suspended"]),
            f"{card['source_path']}:{card['source_line']}",
        )
        for card, state in leeches
    ]
    return report


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("now", MOMENTS)
def test_stats_are_what_version_4_counted(
    upgraded: Deck, old_rows: dict[str, list[Any]], now: datetime, prefix: str | None
) -> None:
    report = stats.collect(upgraded, now, DAY_STARTS_AT, prefix)
    assert report == reference_stats(old_rows, now, prefix)
    assert report.to_dict() == asdict(report)


def test_the_reference_sees_every_kind_of_row(old_rows: dict[str, list[Any]]) -> None:
    """The comparisons above mean something: the deck has each case they count."""
    report = reference_stats(old_rows, MOMENTS[0], None)
    assert report.reviews_today and report.due_today and report.learning and report.suspended and report.leeches
    assert set(report.sources_all_time) == {"terminal", "anki"}
    assert any(review["undone"] for review in old_rows["reviews"])
    assert any(card["orphaned_at"] for card in old_rows["cards"])
    assert any(state["buried_until"] for state in old_rows["card_state"])


def reference_queue(
    rows: dict[str, list[Any]], now: datetime, prefix: str | None, limits: tuple[int, int]
) -> tuple[list[str], list[str], list[str]]:
    """Today's learning, review and new cards as version 4 chose them, from the rows alone."""
    start = day_start(now, DAY_STARTS_AT)
    end = stamp(start + timedelta(days=1))
    today = [review for review in rows["reviews"] if not review["undone"] and review["reviewed_at"] >= stamp(start)]
    new_done = sum(1 for review in today if _was(review) in (None, "new"))
    review_done = sum(1 for review in today if _was(review) == "review")
    cards = {card["id"]: card for card in rows["cards"]}
    groups = {
        sibling_group(cards[r["card_id"]]["kind"], cards[r["card_id"]]["group_id"], cards[r["card_id"]]["note_id"])
        for r in today
    }

    def due(states: tuple[str, ...]) -> list[dict[str, Any]]:
        chosen = [
            state
            for _card, state in _live_states(rows, prefix)
            if state["state"] in states
            and state["due"] < end
            and not state["suspended"]
            and (state["buried_until"] is None or state["buried_until"] <= stamp(now))
        ]
        return sorted(chosen, key=lambda state: state["due"])

    learning = [state["card_id"] for state in due(("learning", "relearning"))]
    review = [state["card_id"] for state in due(("review",))][: max(limits[1] - review_done, 0)]
    states = {state["card_id"]: state for state in rows["card_state"]}
    candidates = [
        card
        for card in sorted(rows["cards"], key=lambda card: (card["source_path"], card["position"], card["ord"]))
        if card["orphaned_at"] is None
        and _in_deck(card["deck"], prefix)
        and (
            card["id"] not in states
            or (
                states[card["id"]]["state"] == "new"
                and not states[card["id"]]["suspended"]
                and (states[card["id"]]["buried_until"] is None or states[card["id"]]["buried_until"] <= stamp(now))
            )
        )
    ]
    from flashforge.review.queue import QueueCard
    from flashforge.store.cards import stored_card

    queue_cards = [QueueCard(stored_card(card).card, CardState(card["id"])) for card in candidates]
    new = [item.id for item in pick_new(queue_cards, max(limits[0] - new_done, 0), {g for g in groups if g})]
    return learning, review, new


@pytest.mark.parametrize("limits", [(20, 200), (3, 4), (0, 0)])
@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("now", MOMENTS)
def test_the_queue_is_what_version_4_chose(
    upgraded: Deck, old_rows: dict[str, list[Any]], now: datetime, prefix: str | None, limits: tuple[int, int]
) -> None:
    start = day_start(now, DAY_STARTS_AT)
    day = load_day(
        upgraded,
        now=now,
        day_start=start,
        day_end=start + timedelta(days=1),
        deck_prefix=prefix,
        new_per_day=limits[0],
        reviews_per_day=limits[1],
    )
    learning, review, new = reference_queue(old_rows, now, prefix, limits)
    assert ([item.id for item in day.learning], [item.id for item in day.review], [item.id for item in day.new]) == (
        learning,
        review,
        new,
    )
    states = {row["card_id"]: card_state(row) for row in old_rows["card_state"]}
    for item in [*day.learning, *day.review, *day.new]:
        assert item.state == states.get(item.id, CardState(item.id))
        card = upgraded.get(item.id).card  # type: ignore[union-attr]
        assert (item.card.kind, item.card.group_id, item.card.note_id) == (card.kind, card.group_id, card.note_id)


def test_no_read_scans_a_table(upgraded: Deck) -> None:
    """Every query of the review's start and of stats reads an index range or an index alone (no statistics)."""
    statements: list[str] = []
    upgraded._conn.set_trace_callback(statements.append)
    try:
        now = MOMENTS[1]
        start = day_start(now, DAY_STARTS_AT)
        load_day(
            upgraded,
            now=now,
            day_start=start,
            day_end=start + timedelta(days=1),
            deck_prefix=None,
            new_per_day=20,
            reviews_per_day=200,
        )
        stats.collect(upgraded, now, DAY_STARTS_AT)
        upgraded.card_count()
        upgraded.next_due(None)
    finally:
        upgraded._conn.set_trace_callback(None)
    reads = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]
    assert len(reads) >= 12
    scans = []
    for sql in reads:
        for row in upgraded._conn.execute("EXPLAIN QUERY PLAN " + sql):
            detail = str(row[3])
            # New cards are read in note order from cards_unstudied, and only until the day's few are found;
            # review_counts holds one row per source; a CONSTANT ROW is a SELECT without a table (of counts).
            allowed = ("COVERING INDEX", "cards_unstudied", "review_counts", "CONSTANT ROW")
            if detail.startswith("SCAN") and not any(word in detail for word in allowed):
                scans.append(f"{detail}: {sql[:80]}")
    assert scans == []


def test_answers_logged_after_the_upgrade_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "deck.db"
    shutil.copyfile(V4, path)
    now = MOMENTS[1]
    with Deck.open(path) as deck:

        def one_of_each() -> DayQueue:
            return load_day(
                deck,
                now=now,
                day_start=day_start(now, 4),
                day_end=now + timedelta(days=1),
                deck_prefix=None,
                new_per_day=1,
                reviews_per_day=1,
            )

        before = stats.collect(deck, now, DAY_STARTS_AT)
        item = one_of_each().review[0]
        after = replace(item.state, due=now + timedelta(days=3), last_review=now)
        deck.record_answer(item.state, after, 3, now, 4000)
        damaged = ReviewRow(item.id, 1, stamp(now), 1000, "not json", log_json(after))
        deck.append_reviews([damaged, ReviewRow(item.id, 2, stamp(now), 1000, log_json(after), log_json(after))])
        report = stats.collect(deck, now, DAY_STARTS_AT)
        today = one_of_each().today
    assert report.reviews_today == before.reviews_today + 3
    assert report.last_7_days.review_state_reviews == before.last_7_days.review_state_reviews + 2
    assert (today.review, today.new) == (2, 1)  # an answer whose logged state is unreadable counts as new
    assert report.sources_all_time == counted_sources(path) != before.sources_all_time


def counted_sources(path: Path) -> dict[str, int]:
    """Answers not undone per source, counted over the whole log."""
    with Deck.open(path) as deck:
        counts = Counter(row.source for row in deck.review_log(include_undone=False))
    return dict(sorted(counts.items()))


def test_all_time_counts_follow_undo_pull_and_prune(tmp_path: Path) -> None:
    path = tmp_path / "deck.db"
    shutil.copyfile(V4, path)
    now = MOMENTS[1]
    with Deck.open(path) as deck:
        first = deck.answers_by_source(None, None)
        assert first == counted_sources(path)
        state = CardState(deck.cards()[0].card.id)
        review_id = deck.record_answer(state, state, 3, now, 1000)
        assert deck.answers_by_source(None, None)["terminal"] == first["terminal"] + 1
        deck.undo_answer(review_id, state)
        pulled = ReviewRow(state.card_id, 3, stamp(now), 1000, log_json(state), log_json(state), source="ankidroid")
        deck.append_reviews([pulled, replace(pulled, undone=True)])
        assert deck.answers_by_source(None, None) == {**first, "ankidroid": 1} == counted_sources(path)
        deck.apply_file("topic1/notes.md", "gone", [], now)  # every card of the file orphaned, then pruned
        assert deck.prune() > 0
        assert deck.answers_by_source(None, None) == counted_sources(path)
        assert counted_sources(path)["terminal"] < first["terminal"]


def test_the_studied_flag_follows_every_write_to_a_cards_state(tmp_path: Path) -> None:
    """v7's cards.studied decides where today's new cards are read from: it must follow each state change."""
    path = tmp_path / "deck.db"
    shutil.copyfile(V4, path)
    with Deck.open(path):
        pass  # upgrade to the current schema
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    card = conn.execute("SELECT id FROM cards WHERE id NOT IN (SELECT card_id FROM card_state) LIMIT 1").fetchone()[0]
    columns = [row[1] for row in conn.execute("PRAGMA table_info(card_state)")]
    template = dict(conn.execute("SELECT * FROM card_state LIMIT 1").fetchone())

    def studied() -> int:
        return int(conn.execute("SELECT studied FROM cards WHERE id = ?", [card]).fetchone()[0])

    def write(state: str) -> None:  # as the store writes a state: INSERT OR REPLACE
        row = {**template, "card_id": card, "state": state}
        marks = ", ".join("?" * len(columns))
        conn.execute(
            f"INSERT OR REPLACE INTO card_state ({', '.join(columns)}) VALUES ({marks})", [row[c] for c in columns]
        )

    assert studied() == 0
    write("review")
    assert studied() == 1
    write("new")  # forgotten: new again
    assert studied() == 0
    write("learning")
    conn.execute("UPDATE card_state SET state = 'new' WHERE card_id = ?", [card])
    assert studied() == 0
    write("relearning")
    conn.execute("DELETE FROM card_state WHERE card_id = ?", [card])
    assert studied() == 0
    conn.close()
