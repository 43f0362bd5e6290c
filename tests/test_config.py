"""flashforge.toml: every bad value is a one-line ConfigError naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashforge.cli import app
from flashforge.config import ConfigError, ReviewSettings, load_settings
from flashforge.errors import FlashforgeError


def settings_from(tmp_path: Path, toml: str) -> object:
    (tmp_path / "flashforge.toml").write_text(toml, encoding="utf-8")
    return load_settings(tmp_path)


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ('[review]\nlearning_steps_minutes = ["a"]\n', "review.learning_steps_minutes"),
        ("[review]\nlearning_steps_minutes = [0]\n", "review.learning_steps_minutes"),
        ("[review]\nrelearning_steps_minutes = 10\n", "review.relearning_steps_minutes"),
        ("[review]\nnew_per_day = -5\n", "review.new_per_day"),
        ('[review]\nnew_per_day = "20"\n', "review.new_per_day"),
        ("[review]\nreviews_per_day = true\n", "review.reviews_per_day"),
        ("[review]\nday_starts_at = 99\n", "review.day_starts_at"),
        ("[review]\ndesired_retention = 1.5\n", "review.desired_retention"),
        ('[review]\nparameters = ["x"]\n', "review.parameters"),
        ("[review]\nnew_per_dya = 5\n", "review.new_per_dya"),
        ('note = "mynotes"\n', "note"),
        ("notes = 3\n", "notes"),
        ("db = []\n", "db"),
        ("dist = false\n", "dist"),
        ('ignore = "drafts/**"\n', "ignore"),
        ("ignore = [1]\n", "ignore"),
        ("review = 3\n", "review"),
    ],
)
def test_bad_values_name_the_file_and_the_key(tmp_path: Path, toml: str, key: str) -> None:
    with pytest.raises(ConfigError) as raised:
        settings_from(tmp_path, toml)
    message = str(raised.value)
    assert isinstance(raised.value, FlashforgeError)
    assert "\n" not in message
    assert message.startswith(f"{tmp_path / 'flashforge.toml'}: ")
    assert f"'{key}'" in message


def test_good_values_are_read(tmp_path: Path) -> None:
    settings = settings_from(
        tmp_path,
        'notes = "n"\nignore = ["drafts/**"]\n[review]\nnew_per_day = 0\nday_starts_at = 23\n'
        "desired_retention = 0.85\nlearning_steps_minutes = [1, 2.5]\nparameters = []\n",
    )
    assert settings == load_settings(tmp_path)
    assert load_settings(tmp_path).notes == tmp_path.resolve() / "n"
    assert load_settings(tmp_path).ignore == ("drafts/**",)
    assert load_settings(tmp_path).review == ReviewSettings(
        new_per_day=0, day_starts_at=23, desired_retention=0.85, learning_steps_minutes=(1.0, 2.5)
    )


def test_the_cli_prints_one_line_and_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "flashforge.toml").write_text("[review]\nday_starts_at = 99\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["stats"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "review.day_starts_at" in lines[0] and "0 to 23" in lines[0]
