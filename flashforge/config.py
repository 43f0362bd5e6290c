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

from collections.abc import Callable, Mapping
from dataclasses import field, replace
from pathlib import Path
from typing import Any

from .errors import FlashforgeError
from .record import Record

CONFIG_NAME = "flashforge.toml"


class ConfigError(FlashforgeError, ValueError):
    """flashforge.toml cannot be used; the message names the file, the key and the fix."""


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


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _hour(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 23 else None


def _fraction(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 1:
        return float(value)
    return None


def _numbers(value: object) -> tuple[float, ...] | None:
    if not isinstance(value, list) or not all(_is_number(item) for item in value):
        return None
    return tuple(float(item) for item in value)


def _minutes(value: object) -> tuple[float, ...] | None:
    numbers = _numbers(value)
    return numbers if numbers is not None and all(minutes > 0 for minutes in numbers) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _texts(value: object) -> tuple[str, ...] | None:
    return tuple(value) if isinstance(value, list) and all(isinstance(item, str) for item in value) else None


Rule = tuple[Callable[[object], object], str]  # (value -> checked value or None, what it must be)

TOP_KEYS: dict[str, Rule] = {
    "notes": (_text, "a folder path in quotes"),
    "db": (_text, "a file path in quotes"),
    "dist": (_text, "a folder path in quotes"),
    "ignore": (_texts, 'a list of globs in quotes, e.g. ["drafts/**"]'),
}
REVIEW_KEYS: dict[str, Rule] = {
    "new_per_day": (_count, "a whole number, 0 or more"),
    "reviews_per_day": (_count, "a whole number, 0 or more"),
    "day_starts_at": (_hour, "an hour from 0 to 23"),
    "desired_retention": (_fraction, "a number between 0 and 1, e.g. 0.9"),
    "learning_steps_minutes": (_minutes, "a list of minutes above 0, e.g. [1, 10]"),
    "relearning_steps_minutes": (_minutes, "a list of minutes above 0, e.g. [10]"),
    "parameters": (_numbers, "a list of numbers (FSRS parameters)"),
}


def _shown(value: object) -> str:
    text = " ".join(repr(value).split())
    return text if len(text) <= 40 else text[:39] + "…"


def _checked(
    table: Mapping[str, Any], rules: Mapping[str, Rule], section: str, path: Path, *also: str
) -> dict[str, Any]:
    """The table's values, each checked by its rule; the first bad or unknown key raises ConfigError."""
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{section}{key}"
        if key not in rules:
            known = ", ".join([*rules, *also])
            raise ConfigError(f"{path}: unknown key '{name}' (known: {known}); fix its name or remove it")
        check, need = rules[key]
        checked = check(value)
        if checked is None:
            raise ConfigError(f"{path}: '{name}' must be {need}, not {_shown(value)}; fix it or remove the line")
        values[key] = checked
    return values


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    import tomllib  # only when there is a file to read: most projects have none

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML ({error}); fix or remove it") from error
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror}); check its permissions") from error


def load_settings(root: Path | None = None) -> Settings:
    """Settings for the project at ``root`` (default: the current folder), from its flashforge.toml if any."""
    root = (root or Path.cwd()).resolve()
    path = root / CONFIG_NAME
    data = _read(path)
    review_table = data.pop("review", {})
    if not isinstance(review_table, dict):
        raise ConfigError(f"{path}: 'review' must be a [review] table; fix it or remove it")
    top = _checked(data, TOP_KEYS, "", path, "[review]")
    review = replace(ReviewSettings(), **_checked(review_table, REVIEW_KEYS, "review.", path))
    return Settings(
        root=root,
        notes=root / top.get("notes", "notes"),
        db=root / top.get("db", "cards/deck.db"),
        dist=root / top.get("dist", "dist"),
        ignore=top.get("ignore", ()),
        review=review,
    )
