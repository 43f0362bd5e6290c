"""Settings: defaults from the current folder, overridable by ``flashforge.toml``.

```toml
# flashforge.toml (all keys optional)
notes = "notes"            # the notes folder
db = "cards/deck.db"       # the deck database
dist = "dist"              # build output
ignore = ["drafts/**", "*.private.md"]   # globs relative to the notes folder

[review]
new_per_day = 20
reviews_per_day = 200
day_starts_at = 4          # local hour at which a new review day begins
desired_retention = 0.9
```
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_NAME = "flashforge.toml"


class ConfigError(ValueError):
    """flashforge.toml cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class ReviewSettings:
    new_per_day: int = 20
    reviews_per_day: int = 200
    day_starts_at: int = 4
    desired_retention: float = 0.9
    learning_steps_minutes: tuple[float, ...] = (1.0, 10.0)
    relearning_steps_minutes: tuple[float, ...] = (10.0,)
    parameters: tuple[float, ...] = ()  # fitted FSRS parameters; empty = FSRS defaults


@dataclass(frozen=True)
class Settings:
    root: Path
    notes: Path
    db: Path
    dist: Path
    ignore: tuple[str, ...] = ()
    review: ReviewSettings = field(default_factory=ReviewSettings)


def _typed(table: dict[str, Any], key: str, kind: type | tuple[type, ...], where: Path) -> Any:
    value = table[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigError(f"{where}: '{key}' has the wrong type ({type(value).__name__}); see the README")
    return value


def load_settings(root: Path | None = None) -> Settings:
    root = (root or Path.cwd()).resolve()
    data: dict[str, Any] = {}
    path = root / CONFIG_NAME
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: not valid TOML ({error}); fix or remove it") from error
    notes = root / _typed(data, "notes", str, path) if "notes" in data else root / "notes"
    db = root / _typed(data, "db", str, path) if "db" in data else root / "cards" / "deck.db"
    dist = root / _typed(data, "dist", str, path) if "dist" in data else root / "dist"
    ignore: tuple[str, ...] = ()
    if "ignore" in data:
        globs = _typed(data, "ignore", list, path)
        if not all(isinstance(glob, str) for glob in globs):
            raise ConfigError(f"{path}: 'ignore' must be a list of strings")
        ignore = tuple(globs)
    review = ReviewSettings()
    if "review" in data:
        table = _typed(data, "review", dict, path)
        values: dict[str, Any] = {}
        for key, kind in (
            ("new_per_day", int),
            ("reviews_per_day", int),
            ("day_starts_at", int),
            ("desired_retention", (int, float)),
        ):
            if key in table:
                values[key] = _typed(table, key, kind, path)
        for key in ("learning_steps_minutes", "relearning_steps_minutes", "parameters"):
            if key in table:
                values[key] = tuple(float(x) for x in _typed(table, key, list, path))
        review = ReviewSettings(**values)
    return Settings(root=root, notes=notes, db=db, dist=dist, ignore=ignore, review=review)
