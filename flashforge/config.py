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
learning_steps_minutes = [1, 10]
relearning_steps_minutes = [10]
parameters = []            # FSRS parameters; empty: fitted by `flashforge optimize`, else the defaults
```

Every value is checked when the file is read: a wrong type, a value out of
range or an unknown key is a one-line :class:`ConfigError` naming the file
and the key.
"""

from __future__ import annotations

from dataclasses import field, replace
from pathlib import Path

from .config_file import CONFIG_NAME as CONFIG_NAME
from .config_file import ConfigError as ConfigError
from .config_file import project_path, read_config
from .record import Record


class ReviewSettings(Record):
    new_per_day: int = 20
    reviews_per_day: int = 200
    day_starts_at: int = 4
    desired_retention: float = 0.9
    learning_steps_minutes: tuple[float, ...] = (1.0, 10.0)
    relearning_steps_minutes: tuple[float, ...] = (10.0,)
    parameters: tuple[float, ...] = ()  # fitted FSRS parameters; empty = FSRS defaults


class Settings(Record):
    root: Path
    notes: Path
    db: Path
    dist: Path
    ignore: tuple[str, ...] = ()
    review: ReviewSettings = field(default_factory=ReviewSettings)


def load_settings(root: Path | None = None) -> Settings:
    """Settings for the project at ``root`` (default: the current folder), from its flashforge.toml if any."""
    root = (root or Path.cwd()).resolve()
    top, review = read_config(root)
    return Settings(
        root=root,
        notes=project_path(root, top, "notes"),
        db=project_path(root, top, "db"),
        dist=project_path(root, top, "dist"),
        ignore=top.get("ignore", ()),
        review=replace(ReviewSettings(), **review),
    )
