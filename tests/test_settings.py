from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import cli
from newsdesk.errors import ConfigError
from newsdesk.settings import SETTINGS, Settings, settings_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs" / "settings.md"


def test_defaults_come_from_the_table() -> None:
    settings = Settings.load(environ={})
    for s in SETTINGS:
        assert getattr(settings, s.name) == s.default


def test_environment_then_overrides() -> None:
    env = {"NEWSDESK_MAX_INPUT_BYTES": "1000", "NEWSDESK_ALLOWED_NETWORKS": "127.0.0.0/8, ::1/128"}
    settings = Settings.load(environ=env)
    assert settings.max_input_bytes == 1000 and len(settings.networks()) == 2
    assert Settings.load(environ=env, max_input_bytes=5).max_input_bytes == 5


def test_bad_values_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="max_input_bytes"):
        Settings.load(environ={"NEWSDESK_MAX_INPUT_BYTES": "lots"})
    with pytest.raises(ConfigError, match="unknown"):
        Settings.load(environ={}, no_such_setting=1)
    with pytest.raises(ConfigError):
        Settings.load(environ={"NEWSDESK_MAX_INPUT_BYTES": "0"})
    with pytest.raises(ConfigError, match="allowed_networks"):
        Settings.load(environ={"NEWSDESK_ALLOWED_NETWORKS": "localhost"})


def test_every_setting_is_a_field_and_documented() -> None:
    assert {s.name for s in SETTINGS} == set(Settings.__dataclass_fields__)
    assert settings_markdown() in DOCS.read_text(), "docs/settings.md is stale: regenerate its table"


@pytest.mark.parametrize(("name", "value", "wants"), [("NEWSDESK_FETCH_WORKERS", "x", "a whole number"),
                                                      ("NEWSDESK_FETCH_TIMEOUT", "soon", "a number"),
                                                      ("NEWSDESK_RESPECT_ROBOTS", "maybe", "true or false")])
def test_a_value_of_the_wrong_kind_says_what_is_wanted_in_words(name: str, value: str, wants: str) -> None:
    with pytest.raises(ConfigError, match=f"wants {wants}, got '{value}'"):  # not "wants a int"
        Settings.load({name: value})


def test_settings_name_the_database_in_use_without_its_password(tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(cli, ["settings"], env={"NEWSDESK_DB": "postgresql://bob:hunter2@db.example/news"})
    assert done.exit_code == 0 and "hunter2" not in done.output
    assert done.stderr.startswith("database: postgresql://bob:…@db.example/news (--db, else NEWSDESK_DB")
    assert "database" not in done.stdout  # stdout stays `name = value` lines
    home = runner.invoke(cli, ["settings"], env={"NEWSDESK_DB": "", "NEWSDESK_HOME": str(tmp_path)})
    assert home.stderr.startswith(f"database: {tmp_path / 'newsdesk.db'} ")
