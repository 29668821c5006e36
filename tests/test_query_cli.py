"""A query word may start with '-' (NOT) on the command line: `newsdesk search '-kyiv talks'`,
`newsdesk search talks -kyiv`, `newsdesk watch test '-kyiv talks'`; options still work around it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from test_store_support import article

from newsdesk.cli import cli
from newsdesk.store import open_store


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def stored(tmp_path: Path) -> str:
    db = str(tmp_path / "news.db")
    with open_store(db) as store:
        store.put(article("Peace talks in Istanbul ended without a deal on Tuesday.", "https://a.example/1",
                          title="Istanbul talks"))
        store.put(article("Talks on the port strike in Rotterdam went on through the night.", "https://a.example/2",
                          title="Rotterdam talks"))
    return db


def titles(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [json.loads(line)["title"] for line in result.stdout.splitlines()]


def test_a_word_starting_with_a_dash_is_a_not(tmp_path: Path) -> None:
    db = stored(tmp_path)
    assert titles(run("search", "--db", db, "--jsonl", "-istanbul talks")) == ["Rotterdam talks"]
    assert titles(run("search", "talks", "-istanbul", "--db", db, "--limit=5", "--jsonl")) == ["Rotterdam talks"]
    assert titles(run("search", "--db", db, "--jsonl", "--", "-rotterdam", "talks")) == ["Istanbul talks"]
    tested = run("watch", "test", "--db", db, "-rotterdam talks")
    assert tested.exit_code == 0 and [json.loads(line)["article"]["title"] for line in tested.stdout.splitlines()] \
        == ["Istanbul talks"]


def test_options_are_still_options(tmp_path: Path) -> None:
    db = stored(tmp_path)
    assert "No such option '--bogus'" in run("search", "--db", db, "--bogus", "talks").output
    assert "'--limit' requires an argument" in run("search", "--db", db, "talks", "--limit").output
    assert run("search", "-h").output.startswith("Usage: ")
    assert "Missing argument" in run("search", "--db", db).output
