"""flashforge.toml read and checked, without the settings types (see :mod:`flashforge.config`).

Kept apart so that a no-change ``build`` (:mod:`flashforge.commands.unchanged`) checks the file exactly as
every command does without loading :mod:`flashforge.record` and :mod:`dataclasses`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .errors import FlashforgeError

CONFIG_NAME = "flashforge.toml"
# Where each path lives when flashforge.toml does not say, relative to the project folder.
DEFAULT_PATHS = {"notes": "notes", "db": "cards/deck.db", "dist": "dist"}


class ConfigError(FlashforgeError, ValueError):
    """flashforge.toml cannot be used; the message names the file, the key and the fix."""


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


def read_config(root: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The checked top-level and ``[review]`` values of ``root``'s flashforge.toml (both empty without one).

    Raises :class:`ConfigError` for the first value that cannot be used.
    """
    path = root / CONFIG_NAME
    data = _read(path)
    review_table = data.pop("review", {})
    if not isinstance(review_table, dict):
        raise ConfigError(f"{path}: 'review' must be a [review] table; fix it or remove it")
    return _checked(data, TOP_KEYS, "", path, "[review]"), _checked(review_table, REVIEW_KEYS, "review.", path)


def project_path(root: Path, top: Mapping[str, Any], key: str) -> Path:
    """The ``notes``, ``db`` or ``dist`` path of the project at ``root`` given its checked ``top`` values."""
    return root / str(top.get(key, DEFAULT_PATHS[key]))
