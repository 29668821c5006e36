"""Inputs and options given but empty, and a year 0: each a one-line error naming it, exit status 1, no
traceback and nothing stored; not a success that did nothing (an empty --input-jsonl, an empty --webhook)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_bad_input_cli import cli_error

from newsdesk.cli import cli
from newsdesk.store import Store
from newsdesk.web.app import create_app


@pytest.mark.parametrize("command", [["cluster", "--no-analyze"], ["analyze", "--no-events"]])
@pytest.mark.parametrize("content", ["", "\n \n\t\n"])
def test_an_input_jsonl_of_no_lines_is_an_error(tmp_path: Path, command: list[str], content: str) -> None:
    """It printed nothing and ended with exit status 0, as if every article had gone through."""
    lines = tmp_path / "none.jsonl"
    lines.write_text(content)
    line = cli_error([*command, "--input-jsonl", str(lines)])
    assert line == f"newsdesk: error: {lines}: empty input (no JSON lines)"
    result = CliRunner().invoke(cli, ["cluster", "--no-analyze", "--input-jsonl", "-"], input="")
    assert result.exit_code == 1 and result.stderr == "newsdesk: error: -: empty input (no JSON lines)\n"


def test_an_input_jsonl_of_lines_still_goes_through(tmp_path: Path) -> None:
    lines = tmp_path / "one.jsonl"
    lines.write_text('\n{"id": "a", "text": "The harbour board met on Monday."}\n\n')
    result = CliRunner().invoke(cli, ["cluster", "--no-analyze", "--input-jsonl", str(lines)])
    assert result.exit_code == 0 and '"id": "a"' in result.stdout


@pytest.mark.parametrize("option", ["--webhook", "--email", "--ntfy", "--slack", "--discord", "--telegram"])
@pytest.mark.parametrize("value", ["", "  "])
def test_a_channel_given_empty_is_refused_and_no_watch_stored(tmp_path: Path, option: str, value: str) -> None:
    """`--webhook "$HOOK"` with HOOK unset stored a watch with no channel at all, exit status 0."""
    db = str(tmp_path / "news.db")
    line = cli_error(["watch", "add", "--db", db, "ceasefire", "--atom", option, value])
    assert line.startswith(f"newsdesk: error: {option} {value!r}: wants ") and line.endswith(", got nothing")
    result = CliRunner().invoke(cli, ["watch", "list", "--db", db, "--jsonl"])
    assert result.exit_code == 0 and result.stdout == ""
    added = CliRunner().invoke(cli, ["watch", "add", "--db", db, "ceasefire", "--atom"])
    watch_id = added.stdout.split('"id": "')[1].split('"')[0]
    cli_error(["watch", "edit", "--db", db, watch_id, "ceasefire", option, value])
    shown = CliRunner().invoke(cli, ["watch", "list", "--db", db])
    assert "→ atom" in shown.stdout  # the edit changed nothing


@pytest.mark.parametrize("query", ["since:0000", "harbour since:0000-05", "harbour until:0000-01-01"])
def test_a_year_0_is_a_bad_date_not_a_traceback(tmp_path: Path, query: str, store: Store) -> None:
    """`newsdesk search since:0000` ended in a traceback (ValueError: year 0 is out of range), the API in a 500."""
    db = str(tmp_path / "news.db")
    line = cli_error(["search", "--db", db, query])
    assert "wants a date YYYY, YYYY-MM or YYYY-MM-DD, got '0000" in line
    line = cli_error(["watch", "add", "--db", db, query, "--atom"])
    assert "wants a date YYYY, YYYY-MM or YYYY-MM-DD" in line
    client = TestClient(create_app(store), raise_server_exceptions=False)
    for path in ("/api/articles", "/search"):
        answer = client.get(path, params={"q": query})
        assert answer.status_code == 400 and "wants a date" in answer.text, (path, answer.status_code)
    first = CliRunner().invoke(cli, ["search", "--db", db, "harbour since:0001"])  # the first year is one
    assert first.exception is None or isinstance(first.exception, SystemExit)
    assert "wants a date" not in first.stderr


def test_an_empty_or_malformed_source_is_refused_and_the_others_added(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """`source add ""` added the current folder (its pages then stored and served); a port past 65535 or a
    space in the host was added, and failed at every check."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("Private notes, not news.")
    db = str(tmp_path / "news.db")
    result = CliRunner().invoke(cli, ["source", "add", "--db", db, "", "  ", "http://example.org:99999/feed",
                                      "http://exa mple.org/feed", "https://example.org/feed"])
    assert result.exit_code == 1 and result.stdout == "added: 1 feed https://example.org/feed\n"
    assert result.stderr.splitlines() == [
        "newsdesk: error: '': an empty source: give a feed's URL or a path",
        "newsdesk: error: '': an empty source: give a feed's URL or a path",
        "newsdesk: error: http://example.org:99999/feed: not a valid URL (Port out of range 0-65535)",
        "newsdesk: error: http://exa mple.org/feed: not a valid URL (a character no host name has, in 'exa mple.org')",
    ]
    listed = CliRunner().invoke(cli, ["source", "list", "--db", db, "--jsonl"])
    assert [line for line in listed.stdout.splitlines() if line.strip()] and str(tmp_path) not in listed.stdout


@pytest.mark.parametrize("name", ["", "  "])
def test_an_empty_input_name_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """`newsdesk extract "$PAGE"` with PAGE unset said ": is a folder (pass it alone to read the pages in it)"."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.txt").write_text("Harbour news\n\nThe harbour board met on Monday to discuss the sea wall.\n")
    line = cli_error(["extract", name])
    assert line == f"newsdesk: error: {name}: an empty name, of no file, folder or URL"
    result = CliRunner().invoke(cli, ["ingest", "--no-analyze", "--db", str(tmp_path / "news.db"), "--jsonl", name])
    assert result.exit_code == 1 and "an empty name" in result.stdout


def test_an_empty_story_id_is_a_usage_error_as_an_empty_article_id_is(tmp_path: Path) -> None:
    """`story ""` said "no story with id " (naming nothing); `show ""` was already a usage error."""
    for command in ("story", "show"):
        result = CliRunner().invoke(cli, [command, "--db", str(tmp_path / "news.db"), ""])
        assert result.exit_code == 2 and "Invalid value for ID: empty: give a" in result.stderr, result.stderr
