"""The deck is checked before anything is written to it (issue 11, cases 8 and 9).

Another program's SQLite file used to be taken over (tables added, switched to WAL, exit 0); a
foreign file with ``user_version=1`` gave a traceback; ``journal_mode=WAL`` ran before the version
check, so refused files were modified; a damaged page and a read-only deck gave tracebacks, and an
unwritable ``cards/`` folder made every command advise throwing a healthy deck away.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashforge.cli import app
from flashforge.store import Deck, DeckError
from flashforge.store.guard import APPLICATION_ID
from tests.conftest import NOW, sample_cards
from tests.test_review_support import CLI, make_deck, unwrapped

runner = CliRunner()
COMMANDS = [["build"], ["cards"], ["stats"], ["review"], ["export", "csv", "-o", "out.txt"], ["prune"]]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FLASHFORGE_NOW", NOW.isoformat())
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "网络.md").write_text("# 网络\n\n- ARP：地址解析\n", encoding="utf-8")
    return tmp_path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def foreign_db(path: Path, *, user_version: int = 0, application_id: int = 0) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO users (name) VALUES ('ada')")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.execute(f"PRAGMA application_id = {application_id}")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(("user_version", "application_id"), [(0, 0), (1, 0), (0, 0x12345678), (7, 0x41424344)])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_foreign_sqlite_file_is_refused_byte_for_byte_untouched(
    project: Path, command: list[str], user_version: int, application_id: int
) -> None:
    other = foreign_db(project / "app.sqlite", user_version=user_version, application_id=application_id)
    before = digest(other)
    result = runner.invoke(app, ["--db", str(other), *command])
    assert result.exit_code == 2, result.output
    assert "is another program's SQLite database" in unwrapped(result.output)
    assert not isinstance(result.exception, sqlite3.Error) and "Traceback" not in result.output
    assert digest(other) == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("app.sqlite")) == ["app.sqlite"]


def test_a_text_file_is_not_taken_for_a_deck_and_no_rename_is_advised(project: Path) -> None:
    readme = project / "README.md"
    readme.write_text("# 我的笔记\n", encoding="utf-8")
    result = runner.invoke(app, ["--db", "README.md", "build"])
    assert result.exit_code == 2
    assert "README.md: is not a flashforge deck (not an SQLite database) and is left as it is" in unwrapped(
        result.output
    )
    assert "mv " not in result.output and readme.read_text(encoding="utf-8") == "# 我的笔记\n"


def test_a_deck_from_a_newer_flashforge_is_refused_before_any_write(tmp_path: Path) -> None:
    path = make_deck(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(DeckError, match="newer flashforge"):
        Deck.open(path)
    assert digest(path) == before  # not even switched to WAL


def test_new_and_old_decks_carry_flashforge_application_id(tmp_path: Path) -> None:
    with Deck.open(tmp_path / "new.db") as deck:
        assert deck.schema_version() > 0
    old = tmp_path / "old.db"
    shutil.copyfile(Path(__file__).parent / "data" / "deck_v1.db", old)  # made before the id existed
    with Deck.open(old) as deck:
        assert len(deck.cards(include_orphans=True)) == len(sample_cards())
    for path in (tmp_path / "new.db", old):
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        conn.close()


def test_a_damaged_page_gives_one_line(tmp_path: Path) -> None:
    db = make_deck(tmp_path)
    with Deck.open(db) as deck:
        deck.compact()
    data = bytearray(db.read_bytes())
    page = 4096
    assert len(data) > 3 * page
    data[page:] = b"\xa5" * (len(data) - page)  # every page after the schema's
    db.write_bytes(bytes(data))
    for command in (["cards"], ["stats"], ["review"]):
        result = runner.invoke(app, ["--db", str(db), *command], input="q\n")
        assert result.exit_code == 2, (command, result.output)
        assert "the deck file is damaged" in unwrapped(result.output) and "flashforge check" in result.output
        assert not isinstance(result.exception, sqlite3.Error)


# -- permissions: as an unprivileged user (root may write anywhere) ---------------------------------


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder another user can reach (pytest's own temp folders are private to their owner)."""
    folder = Path(tempfile.mkdtemp(prefix="ff-perm-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def unprivileged(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions cannot be tested")
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    env = {**os.environ, "FLASHFORGE_NOW": NOW.isoformat(), "HOME": str(cwd)}
    return subprocess.run([*prefix, *CLI, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def _readable_by_all(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_read_only_deck_names_the_cause(shared_tmp: Path) -> None:
    if not os.access(sys.executable, os.X_OK) or not os.access(Path(sys.executable).parent, os.R_OK | os.X_OK):
        pytest.skip("the interpreter is not reachable for another user")
    db = make_deck(shared_tmp)
    (shared_tmp / "notes").mkdir()
    (shared_tmp / "notes" / "网络.md").write_text("# 网络\n\n- ARP：地址解析\n", encoding="utf-8")
    _readable_by_all(shared_tmp)
    (shared_tmp / "cards").chmod(0o777)  # the folder is writable, the file is not
    db.chmod(0o444)
    done = unprivileged(["build", "--allow-orphans"], shared_tmp)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "the deck is read-only; make it writable (chmod u+w" in unwrapped(done.stderr)
    assert "Traceback" not in done.stderr and "mv " not in done.stderr


def test_an_unwritable_cards_folder_never_advises_discarding_the_deck(shared_tmp: Path) -> None:
    db = make_deck(shared_tmp)
    _readable_by_all(shared_tmp)
    db.chmod(0o666)  # the file may be written, its folder may not
    (shared_tmp / "cards").chmod(0o555)
    for command in (["cards", "-f", "jsonl"], ["stats"]):
        done = unprivileged(command, shared_tmp)
        output = done.stdout + done.stderr
        assert "Traceback" not in output and "mv " not in output and "move it aside" not in output, output
        if done.returncode != 0:
            assert "the deck's folder is not writable" in unwrapped(done.stderr), output
    assert stat.S_IMODE((shared_tmp / "cards").stat().st_mode) == 0o555
