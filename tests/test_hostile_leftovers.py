"""Bad input the first audit left over: each a one-line error naming the input and why, a non-zero exit
(CLI) or a 400 (API), never a silent wrong success. A page of 200,000 elements, a page that is one
HTML comment, an OPML file given as a page."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_bad_input_cli import cli_error

from newsdesk.alerts.store import MAX_RULE_CHARS
from newsdesk.cli import cli
from newsdesk.errors import ExtractError, InputError
from newsdesk.extract import extract
from newsdesk.settings import Settings
from newsdesk.store import Store
from newsdesk.types import Fetched
from newsdesk.web.app import create_app

OPML = ('<?xml version="1.0"?>\n<opml version="2.0"><head><title>My feeds</title></head><body>'
        '<outline text="A" type="rss" xmlUrl="https://example.org/feed.xml"/></body></opml>\n')


# -- 1. a page of too many elements --------------------------------------------------------------------
def test_a_page_of_more_elements_than_the_limit_is_refused_naming_the_setting() -> None:
    page = Fetched("many.html", "<html><body>" + "<p>Some short paragraph text.</p>\n" * 60 + "</body></html>")
    with pytest.raises(InputError) as caught:
        extract(page, settings=Settings.load(max_html_elements=50))
    assert str(caught.value) == "many.html: an HTML page of 62 elements (at most 50: max_html_elements)"
    assert len(extract(page, settings=Settings.load(max_html_elements=62)).paragraphs) == 60


def test_200000_short_paragraphs_are_refused_at_once_not_after_a_minute(tmp_path: Path) -> None:
    """6.8 MB of short <p>: extraction took over a minute (its time grows faster than the paragraphs)."""
    path = tmp_path / "huge.html"
    path.write_text("<html><body>" + "<p>Some short paragraph text.</p>\n" * 200_000 + "</body></html>")
    started = time.monotonic()
    line = cli_error(["extract", str(path)])
    assert line == f"newsdesk: error: {path}: an HTML page of 200002 elements (at most 50000: max_html_elements)"
    assert time.monotonic() - started < 20


# -- 2. a page that is only a comment -------------------------------------------------------------------
@pytest.mark.parametrize("content", ["<!-- x -->", "\ufeff <!-- a -->\n<!-- b -->\n", "<!-- never closed"])
@pytest.mark.parametrize("media_type", [None, "text/html"])
def test_a_page_of_only_an_html_comment_has_no_article_text(content: str, media_type: str | None) -> None:
    """It became an article whose text was the comment."""
    with pytest.raises(ExtractError) as caught:
        extract(Fetched("c.html", content, media_type=media_type))
    assert str(caught.value).startswith("c.html: no article text found")


# -- 3. an OPML file given as a page ---------------------------------------------------------------------
@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_an_opml_file_given_as_a_page_says_what_it_is(tmp_path: Path, command: str) -> None:
    """extract printed an article titled '<opml version="2.0">…', ingest stored it."""
    path = tmp_path / "feeds.opml"
    path.write_text(OPML)
    db = ["--db", str(tmp_path / "news.db")] if command == "ingest" else []
    line = cli_error([command, *db, str(path)])
    assert line.startswith(f"newsdesk: error: {path}: an OPML list of feeds") and "import-opml" in line
    if command == "ingest":
        listed = CliRunner().invoke(cli, ["search", *db, "opml"])
        assert "feeds" not in listed.stdout


# -- 4. the watches API ----------------------------------------------------------------------------------
@pytest.mark.parametrize("field", ["webhook", "email", "ntfy", "slack", "discord", "telegram"])
@pytest.mark.parametrize("value", ["", "   "])
def test_the_api_refuses_a_channel_given_empty_and_stores_no_watch(store: Store, field: str, value: str) -> None:
    """{"webhook": ""} was dropped without a word: 201, a watch with no channel at all."""
    client = TestClient(create_app(store))
    answer = client.post("/api/watches", json={"query": "ceasefire", field: value})
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"].startswith(f"{field} {value!r}: wants ")
    assert client.get("/api/watches").json() == []
    made = client.post("/api/watches", json={"query": "ceasefire", "atom": True}).json()
    edited = client.put(f"/api/watches/{made['id']}", json={"query": "ceasefire", field: value})
    assert edited.status_code == 400
    assert [c["type"] for c in client.get(f"/api/watches/{made['id']}").json()["channels"]] == ["atom"]


def test_a_rule_past_the_limit_is_refused_by_the_api_the_form_and_the_cli(store: Store, tmp_path: Path) -> None:
    """A 200,000-character rule was stored, and matched against every article."""
    long = "ceasefire " * (MAX_RULE_CHARS // 10) + "x"
    client = TestClient(create_app(store))
    answer = client.post("/api/watches", json={"query": long, "atom": True})
    assert answer.status_code == 400
    assert answer.json()["error"] == f"query: a rule of {len(long)} characters (at most {MAX_RULE_CHARS})"
    assert client.get("/api/watches").json() == []
    line = cli_error(["watch", "add", "--db", str(tmp_path / "cli.db"), long, "--atom"])
    assert line.endswith(f"a rule of {len(long)} characters (at most {MAX_RULE_CHARS})")
    fitting = client.post("/api/watches", json={"query": long[:MAX_RULE_CHARS], "atom": True})
    assert fitting.status_code == 201, fitting.text


@pytest.mark.parametrize(("body", "said"), [
    ({"email": "not an address"}, "email 'not an address': wants "),
    ({"webhook": "ftp://example.org/h"}, "webhook 'ftp://example.org/h': wants "),
    ({"atom": True, "quiet": "25:00-07:00"}, "quiet wants hours like 22:00-07:00"),
    ({"atom": True, "digest": "weekly"}, "digest wants one of "),
    ({"atom": True, "timezone": "Mars/Olympus"}, "timezone: unknown time zone 'Mars/Olympus'"),
])
def test_api_errors_name_the_json_field_not_the_cli_option(store: Store, body: dict[str, Any], said: str) -> None:
    """They said "--email" and "--quiet": flags of the CLI, which the API's caller never typed."""
    answer = TestClient(create_app(store)).post("/api/watches", json={"query": "ceasefire", **body})
    assert answer.status_code == 400 and answer.json()["error"].startswith(said), answer.text
    assert "--" not in answer.json()["error"]


# -- 5. --input-jsonl lines of the wrong types -------------------------------------------------------------
@pytest.mark.parametrize(("line", "error"), [
    ('{"id": {"x": 1}, "text": "The harbour board met."}', {"line": 1, "error": '"id" is not a string or a number'}),
    ('{"id": ["a"], "text": "The harbour board met."}', {"line": 1, "error": '"id" is not a string or a number'}),
    ('{"id": true, "text": "The harbour board met."}', {"line": 1, "error": '"id" is not a string or a number'}),
    ('{"id": "a", "title": ["A", "list"], "text": "The harbour board met."}',
     {"id": "a", "line": 1, "error": '"title" is not a string'}),
    ('{"id": "a", "title": 7, "text": "The harbour board met."}',
     {"id": "a", "line": 1, "error": '"title" is not a string'}),
    ('{"id": "a", "text": ["The harbour board met."]}', {"id": "a", "line": 1, "error": '"text" is not a string'}),
])
def test_a_line_of_the_wrong_types_is_refused_like_other_bad_lines(tmp_path: Path, line: str,
                                                                    error: dict[str, Any]) -> None:
    """{"id": {"x": 1}} became the id "{'x': 1}", a list title was dropped: both went through as articles."""
    lines = tmp_path / "in.jsonl"
    lines.write_text(line + '\n{"id": 12, "title": null, "text": "The port reopened on Tuesday."}\n')
    result = CliRunner().invoke(cli, ["cluster", "--no-analyze", "--input-jsonl", str(lines)])
    assert result.exit_code == 1
    records = [json.loads(x) for x in result.stdout.splitlines()]
    assert records[0] == error
    assert records[1]["id"] == "12" and "error" not in records[1]  # the next line still goes through
    assert result.stderr == "newsdesk: error: 1 of 2 lines failed (their lines on stdout say why)\n"


# -- 6. a text too long to analyse -----------------------------------------------------------------------
def test_a_text_past_the_analysis_limit_is_one_line_naming_it_and_the_limit(tmp_path: Path) -> None:
    """31 MB gave spaCy's whole E088 paragraph as the error; 1.7 MB took a minute and 1.3 GB."""
    long = " ".join(["The harbour board met on Monday and agreed to reopen the port."] * 10_000)
    lines = tmp_path / "in.jsonl"
    lines.write_text(json.dumps({"id": "a", "text": long}) + "\n"
                     + json.dumps({"id": "b", "text": "The harbour board met on Monday."}) + "\n")
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["analyze", "--no-events", "--input-jsonl", str(lines)])
    assert result.exit_code == 1
    records = [json.loads(x) for x in result.stdout.splitlines()]
    assert records[0] == {"id": "a", "line": 1,
                          "error": f"a text of {len(long)} characters (at most 500000: max_analysis_chars)"}
    assert records[1]["id"] == "b" and "error" not in records[1]
    assert time.monotonic() - started < 60
    page = tmp_path / "long.txt"
    page.write_text("\n\n".join([long[:6000]] * 110))
    line = cli_error(["analyze", "--no-events", str(page)])
    assert line.startswith(f"newsdesk: error: {page}: a text of ") and line.endswith("max_analysis_chars)")


def test_the_analysis_limit_is_a_setting(tmp_path: Path) -> None:
    lines = tmp_path / "in.jsonl"
    lines.write_text(json.dumps({"id": "a", "text": "The harbour board met on Monday and agreed."}) + "\n")
    result = CliRunner().invoke(cli, ["analyze", "--no-events", "--input-jsonl", str(lines)],
                                env={"NEWSDESK_MAX_ANALYSIS_CHARS": "20"})
    assert json.loads(result.stdout) == {"id": "a", "line": 1,
                                         "error": "a text of 43 characters (at most 20: max_analysis_chars)"}
