"""How ``deck_v4.db`` was made: a small deck with a realistic review history, through the deck API.

Run from the project root: ``python tests/data/make_deck_v4.py tests/data/deck_v4.db``. The file in
the repository was made by flashforge at schema version 4 (commit 2cb4531); run today, the same
script makes a deck at the current version. ``tests/test_read_queries.py`` opens a copy of it.

Three notes files of 60 cards in groups of five; over 60 days a learner introduces cards in note
order and answers what is due with the real scheduler (recall drawn from its own prediction), up to
09:30 on the last day (some cards left due); then: some answers undone, answers pulled from Anki,
cards suspended, buried, tagged as leeches, set back to new or forgotten this morning, and two files
cut short so that their tails are orphaned.
"""

from __future__ import annotations

import random
import sqlite3
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from flashforge.clock import stamp
from flashforge.config import ReviewSettings
from flashforge.ids import stable_id
from flashforge.model import Card, TermPayload
from flashforge.schedule import CardState, answer, make_scheduler, retrievability
from flashforge.store import Deck
from flashforge.store.reviews import ReviewRow, log_json

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
FILES, PER_FILE, GROUP, DAYS, PER_DAY = 3, 60, 5, 60, 2


def make_cards(index: int) -> list[Card]:
    path = f"topic{index}/notes.md"
    cards = []
    for position in range(PER_FILE):
        group = position // GROUP
        headings = ("notes", f"section {group // 4}", f"表 {group}")
        kind = "definition" if group % 3 == 0 else "field"
        key = f"术语{position}"
        card_id = stable_id(path, headings, kind, key)
        cards.append(
            Card(
                id=card_id,
                note_id=card_id,
                ord=0,
                kind=kind,
                deck=f"topic{index}::section {group // 4}",
                key=key,
                front=f"{headings[-1]} · {key}",
                back=f"第 {position} 个字段的含义。",
                context=headings,
                title=headings[-1],
                group_id=stable_id(path, headings, kind, "group"),
                position=position,
                source_path=path,
                source_line=position + 1,
                tags=(kind,),
                payload=TermPayload(key, f"含义 {position}"),
            )
        )
    return cards


def simulate(deck: Deck, cards: list[Card], rng: random.Random) -> dict[str, CardState]:
    scheduler = make_scheduler(ReviewSettings())
    start = NOW - timedelta(days=DAYS)
    states: dict[str, CardState] = {}
    rows: list[ReviewRow] = []
    order = [card for index in range(FILES) for card in cards if card.source_path == f"topic{index}/notes.md"]
    for day in range(DAYS):
        for card in order[day * PER_DAY : (day + 1) * PER_DAY]:
            moment = start + timedelta(days=day, hours=6 + rng.random() * 14)
            state = CardState(card.id)
            stop = NOW - timedelta(hours=rng.choice((0, 0, 0, 1, 3, 30)))  # some of today's cards still wait
            while moment < stop:
                if state.is_new:
                    rating = rng.choices((1, 2, 3, 4), weights=(20, 10, 60, 10))[0]
                else:
                    recall = retrievability(scheduler, state, moment) if state.state == "review" else 0.9
                    rating = (3 if rng.random() < 0.85 else 2) if rng.random() < recall else 1
                after = answer(scheduler, state, rating, moment)
                source = "anki" if rng.random() < 0.1 else "terminal"
                revlog = int(moment.timestamp() * 1000) if source == "anki" else None
                undone = source == "terminal" and rng.random() < 0.03
                rows.append(
                    ReviewRow(
                        card.id,
                        rating,
                        stamp(moment),
                        rng.randint(2000, 20000),
                        log_json(state),
                        log_json(after),
                        undone,
                        source=source,
                        anki_revlog_id=revlog,
                    )
                )
                if not undone:
                    state = after
                assert after.due is not None
                moment = after.due if after.state != "review" else after.due + timedelta(hours=rng.random() * 6)
            states[card.id] = state
    deck.append_reviews(rows)
    return states


def main() -> None:
    target = Path(sys.argv[1])
    target.unlink(missing_ok=True)
    rng = random.Random(10)
    deck = Deck.open(target)
    files = [make_cards(index) for index in range(FILES)]
    for index, cards in enumerate(files):
        deck.apply_file(cards[0].source_path, f"hash-{index}", cards, NOW - timedelta(days=DAYS + 1))
    states = simulate(deck, [card for cards in files for card in cards], rng)
    studied = list(states.values())
    scheduler = make_scheduler(ReviewSettings())
    for number, state in enumerate(studied):
        if number % 17 == 3:
            states[state.card_id] = replace(state, suspended=True)
        elif number % 23 == 5:
            states[state.card_id] = replace(state, buried_until=NOW + timedelta(hours=18))
        elif number % 29 == 7:
            states[state.card_id] = replace(state, lapses=max(state.lapses, 9), leech=True, suspended=True)
        elif number % 31 == 11:
            states[state.card_id] = CardState(state.card_id)  # set back to new
        elif number % 13 == 2:  # forgotten this morning: (re)learning, due in minutes
            states[state.card_id] = answer(scheduler, state, 1, NOW - timedelta(minutes=rng.randint(1, 40)))
    deck.save_states(states.values())
    for index in (1, 2):  # the tails are orphaned: studied cards in topic1, new ones in topic2
        cards = files[index]
        deck.apply_file(cards[0].source_path, f"hash-cut-{index}", cards[:-6], NOW - timedelta(days=2))
    deck.close()
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("VACUUM")
    conn.close()


if __name__ == "__main__":
    main()
