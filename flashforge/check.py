"""`flashforge check`, like Anki's Check Database: is the deck whole, what is left over, what to do.

Pure reporting over the store's read-only checks and the file system; nothing is changed unless
``clean`` is asked for, and then only flashforge's own leftover temporary files are removed.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Settings

if TYPE_CHECKING:
    from .store import Deck

# What an interrupted export or cheat sheet leaves: the atomic writer's ".<name>.<random>.tmp" beside the
# target, and an apkg's staging folder in the system temp folder.
TEMP_GLOBS = (".*.tmp",)
STAGING_GLOB = "flashforge-apkg-*"
MIN_AGE_SECONDS = 600.0


@dataclass
class Finding:
    ok: bool
    what: str
    todo: str = ""


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(finding.ok for finding in self.findings)


def leftover_files(settings: Settings, now: float, min_age: float = MIN_AGE_SECONDS) -> list[Path]:
    """flashforge's temporary files that an interrupted run left behind (older than ``min_age``:
    a younger one may belong to an export still running)."""
    found: list[Path] = []
    for folder in {settings.dist, settings.db.parent}:
        if folder.is_dir():
            for pattern in TEMP_GLOBS:
                found += sorted(folder.glob(pattern))
    found += sorted(Path(tempfile.gettempdir()).glob(STAGING_GLOB))
    return [path for path in found if _age(path, now) >= min_age]


def _age(path: Path, now: float) -> float:
    try:
        return now - path.lstat().st_mtime
    except OSError:
        return 0.0


def remove(paths: list[Path]) -> None:
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def check_deck(settings: Settings, now: float, clean: bool = False) -> CheckReport:
    """Everything ``flashforge check`` reports; ``now`` is the wall clock (time.time())."""
    from .store import Deck, DeckError
    from .store.guard import integrity

    report = CheckReport()
    db = settings.db
    if not db.exists():
        report.findings.append(Finding(False, f"{db}: no deck yet", "run 'flashforge build'"))
        return report
    verdict = integrity(db)
    if verdict != "ok":
        report.findings.append(Finding(False, f"{db}: damaged ({verdict})", _damaged_todo(db)))
        return report
    report.findings.append(Finding(True, f"{db}: integrity ok"))
    try:
        with Deck.open(db) as deck:
            report.findings += _deck_findings(deck, settings)
    except DeckError as error:
        report.findings.append(Finding(False, str(error)))
    leftovers = leftover_files(settings, now)
    if leftovers and clean:
        remove(leftovers)
        report.findings.append(Finding(True, f"removed {len(leftovers)} leftover temporary file(s)"))
    elif leftovers:
        shown = ", ".join(str(path) for path in leftovers[:3]) + ("…" if len(leftovers) > 3 else "")
        report.findings.append(
            Finding(False, f"{len(leftovers)} leftover temporary file(s): {shown}", "'flashforge check --clean'")
        )
    return report


def _deck_findings(deck: Deck, settings: Settings) -> list[Finding]:
    from .build import stale_sources

    findings = [Finding(True, f"schema {deck.schema_version()}, {deck.card_count()} cards")]
    orphans = deck.card_count(include_orphans=True) - deck.card_count()
    if orphans:
        findings.append(
            Finding(
                False,
                f"{orphans} orphaned card(s): their notes are gone",
                "restore the notes and build, or 'flashforge prune' to delete them with their history",
            )
        )
    stale = stale_sources(settings, deck)
    if stale:
        findings.append(
            Finding(
                False, f"{len(stale)} notes file(s) changed since the last build ({stale[0]}…)", "'flashforge build'"
            )
        )
    return findings


def _damaged_todo(db: Path) -> str:
    return (
        f"restore {db} from a backup; or save what can be read with "
        f"'sqlite3 {db} .recover | sqlite3 {db.with_name('recovered.db')}' and pass it with --db; "
        f"as a last resort move it aside and run 'flashforge build' (its review history is lost)"
    )
