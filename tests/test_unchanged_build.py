"""A no-change ``build`` is answered before typer loads, exactly as the full command answers it; anything
else goes to the full command (``flashforge.commands.unchanged``)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from flashforge import scan
from flashforge.build import build_notes
from flashforge.commands.unchanged import build_paths
from flashforge.config import Settings, load_settings
from flashforge.scan import unchanged_files
from flashforge.store import Deck
from flashforge.store.glance import glance

from .conftest import NOW, REPO

# Runs ``flashforge ARGS`` through the entry point (main) or straight through the typer app (app), then
# records the exit code and whether typer was loaded in the file named by FF_PROBE.
RUN = """
import json, os, sys
entry = sys.argv.pop(1)
if entry == "main":
    from flashforge.cli import main as run
else:
    from flashforge.commands.app import app as run
try:
    run()
    code = 0
except SystemExit as done:
    code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
sys.stdout.flush()
with open(os.environ["FF_PROBE"], "w") as probe:
    loaded = {name: name in sys.modules for name in ("typer", "rich", "flashforge.scan")}
    json.dump({"code": code, **loaded}, probe)
"""


class Run:
    def __init__(self, code: int, out: str, err: str, typer: bool, rich: bool, scan: bool) -> None:
        self.code, self.out, self.err, self.typer, self.rich, self.scan = code, out, err, typer, rich, scan

    def shown(self) -> tuple[int, str, str]:
        return self.code, self.out, self.err


def run(entry: str, args: list[str], cwd: Path, **env: str) -> Run:
    probe = cwd.parent / f"probe-{entry}.json"
    environment = {**os.environ, "FLASHFORGE_NOW": "2026-12-01T08:00:00+00:00", "FF_PROBE": str(probe), **env}
    done = subprocess.run(
        [sys.executable, "-c", RUN, entry, *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=120
    )
    found = json.loads(probe.read_text())
    return Run(found["code"], done.stdout, done.stderr, found["typer"], found["rich"], found["flashforge.scan"])


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(REPO / "notes", root / "notes")
    monkeypatch.setattr(scan, "SETTLE_NS", 0)
    build_notes(load_settings(root), NOW)
    return root


def deck_bytes(root: Path) -> str:
    return hashlib.sha1((root / "cards" / "deck.db").read_bytes()).hexdigest()


NO_CHANGE_LINES = [
    ["build"],
    ["build", "-q"],
    ["--db", "cards/deck.db", "build", "--jobs", "2"],
    ["build", "--notes=notes", "--allow-orphans", "-j", "1"],
    ["--notes", "notes", "build", "--quiet", "--db", "cards/deck.db", "--jobs=3"],
]


@pytest.mark.parametrize("args", NO_CHANGE_LINES, ids=" ".join)
def test_nothing_changed_is_answered_without_typer_as_the_full_command_answers(project: Path, args: list[str]) -> None:
    before = deck_bytes(project)
    quick = run("main", args, project)
    assert not quick.typer and not quick.rich
    assert deck_bytes(project) == before  # nothing written
    full = run("app", args, project)
    assert full.typer
    assert quick.shown() == full.shown()
    assert quick.code == 0 and "0 file(s) read" in quick.out and "cards in the deck." in quick.out


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--help"],
        ["--help"],
        ["build", "-j", "0"],
        ["build", "-j=2"],
        ["build", "--jobs", "two"],
        ["build", "-q", "--quiet"],
        ["build", "extra"],
        ["build", "--db"],
        ["--notes", "build"],
        ["build", "--", "-q"],
        ["stats", "--format", "json"],
        ["--notes", "missing", "build"],
        ["--db", "cards", "build"],
    ],
    ids=" ".join,
)
def test_any_other_command_line_goes_to_the_full_command(project: Path, args: list[str]) -> None:
    quick, full = run("main", args, project), run("app", args, project)
    assert quick.typer
    assert quick.shown() == full.shown()
    if "build" not in args:  # another command pays for nothing of the no-change build's but the command table
        assert not quick.scan


def test_a_bad_setting_or_clock_is_reported_by_the_full_command(project: Path) -> None:
    (project / "flashforge.toml").write_text("[review]\nnew_per_day = -1\n", encoding="utf-8")
    quick, full = run("main", ["build"], project), run("app", ["build"], project)
    assert quick.typer and quick.shown() == full.shown() and quick.code == 2
    (project / "flashforge.toml").write_text('notes = "notes"\nignore = ["drafts/**"]\n', encoding="utf-8")
    assert not run("main", ["build"], project).typer  # a good flashforge.toml is read the light way
    quick, full = (run(entry, ["build"], project, FLASHFORGE_NOW="yesterday") for entry in ("main", "app"))
    assert quick.typer and quick.shown() == full.shown() and quick.code == 2


def test_a_folder_name_a_terminal_would_not_show_as_it_is_goes_to_the_full_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    notes = root / "my\tnotes"
    shutil.copytree(REPO / "notes", notes)
    monkeypatch.setattr(scan, "SETTLE_NS", 0)
    build_notes(Settings(root=root, notes=notes, db=root / "deck.db", dist=root / "dist"), NOW)
    args = ["--notes", "my\tnotes", "--db", "deck.db", "build"]
    quick, full = run("main", args, root), run("app", args, root)
    assert quick.typer and quick.shown() == full.shown() and quick.code == 0


def test_a_changed_new_or_gone_file_is_built_by_the_full_command(project: Path) -> None:
    note = next((project / "notes").rglob("*.md"))
    os.utime(note, ns=(note.stat().st_atime_ns, note.stat().st_mtime_ns + 1_000_000_000))  # same content
    touched = run("main", ["build"], project)
    assert touched.typer and "0 file(s) read" in touched.out  # hashed, found the same, stat recorded
    (project / "notes" / "new.md").write_text("# New\n\n- Term: what it means.\n", encoding="utf-8")
    added = run("main", ["build"], project)
    assert added.typer and "1 file(s) read" in added.out
    (project / "notes" / "new.md").unlink()
    gone = run("main", ["build"], project)
    assert gone.typer and "1 gone" in gone.out


def test_a_missing_or_older_deck_goes_to_the_full_command(project: Path) -> None:
    with sqlite3.connect(project / "cards" / "deck.db") as conn:
        conn.execute("PRAGMA user_version = 6")  # as a deck made by an older flashforge says
    assert glance(project / "cards" / "deck.db") is None
    shutil.rmtree(project / "cards")
    created = run("main", ["build"], project)
    assert created.typer and (project / "cards" / "deck.db").exists()


def test_the_deck_glance_agrees_with_the_deck(project: Path) -> None:
    settings = load_settings(project)
    seen = glance(settings.db)
    assert seen is not None
    with Deck.open(settings.db) as deck:
        records = deck.source_records()
        assert seen.live_cards == deck.card_count() > 0
        for path, record in records.items():
            assert record.stamp is not None
            assert seen.stamps[path] == (record.stamp.size, record.stamp.mtime_ns, record.stamp.ctime_ns)
        assert set(seen.stamps) == set(records)
        orphaned = next(iter(records))
        deck.forget_source(orphaned, NOW)
        assert deck.card_count() < seen.live_cards
        assert deck.card_count(include_orphans=True) == seen.live_cards
    again = glance(settings.db)
    assert again is not None and again.live_cards == Deck.open(settings.db).card_count()
    assert unchanged_files(settings.notes, (), seen.stamps) == len(records)
    assert unchanged_files(settings.notes, (), again.stamps) is None  # a file the deck no longer knows


def test_the_glance_is_only_for_a_current_flashforge_deck_in_wal_mode(tmp_path: Path) -> None:
    assert glance(tmp_path / "none.db") is None
    (tmp_path / "text.db").write_text("not a database", encoding="utf-8")
    assert glance(tmp_path / "text.db") is None
    with sqlite3.connect(tmp_path / "other.db") as conn:
        conn.execute("CREATE TABLE t (x)")
    assert glance(tmp_path / "other.db") is None
    Deck.open(tmp_path / "deck.db").close()
    assert glance(tmp_path / "deck.db") is not None
    with sqlite3.connect(tmp_path / "deck.db") as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    assert glance(tmp_path / "deck.db") is None


def test_unchanged_files_answers_none_wherever_the_scan_would_read_a_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(project)
    seen = glance(settings.db)
    assert seen is not None
    count = unchanged_files(settings.notes, (), seen.stamps)
    assert count == len(seen.stamps) > 0
    (settings.notes / "broken.md").symlink_to(settings.notes / "nowhere.md")  # no stat: the scan reports it
    assert unchanged_files(settings.notes, (), seen.stamps) is None
    assert unchanged_files(settings.notes, ("broken.md",), seen.stamps) == count  # ignored, as the scan does
    stamps = dict(seen.stamps)
    stamps[next(iter(stamps))] = (None, None, None)  # a stat the last build did not trust
    assert unchanged_files(settings.notes, ("broken.md",), stamps) is None


@pytest.mark.parametrize(
    ("args", "paths"),
    [
        (["build"], {}),
        (["--notes", "n", "build", "-q"], {"--notes": "n"}),
        (["build", "--db=d.db", "--jobs=2", "--allow-orphans"], {"--db": "d.db"}),
        (["build", "-j", "1"], {}),
        (["build", "-j=2"], None),  # click reads "=2" as -j's value
        (["build", "-j", "0"], None),
        (["build", "--jobs", "-1"], None),
        (["build", "-qj", "2"], None),
        (["build", "--quiet=yes"], None),
        (["--notes", "build"], None),
        (["--notes", "", "build"], None),
        (["--db", "a", "--db", "b", "build"], None),
        (["build", "--help"], None),
        (["review"], None),
        ([], None),
    ],
)
def test_build_paths_reads_only_the_plain_forms(args: list[str], paths: dict[str, str] | None) -> None:
    assert build_paths(args) == paths


def test_a_file_the_build_cannot_read_is_reported_by_the_full_command_every_time(project: Path) -> None:
    (project / "notes" / "binary.md").write_bytes(b"\x00\x01\x02 not text")
    for _ in range(2):  # never built, so never stamped: the full command reports it on every build
        quick, full = run("main", ["build"], project), run("app", ["build"], project)
        assert quick.typer and quick.shown() == full.shown()
        assert quick.code == 1 and "binary.md" in quick.err
