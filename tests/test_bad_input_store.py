"""Bad input at the store's doors: queries and numbers that the parser, SQLite or the recursion
limit would choke on get a one-line error (CLI) or a JSON 4xx (API), never a traceback or a 500."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_bad_input_cli import cli_error as one_line_error

from newsdesk.alerts.store import AlertStore
from newsdesk.cli import cli
from newsdesk.store import open_store
from newsdesk.web.app import create_app

DEEP = "(" * 3000 + "kyiv" + ")" * 3000
NOTS = "NOT " * 3000 + "kyiv"
MANY_DATES = "x " + " ".join(f"-since:20{i % 90 + 10:02d}" for i in range(999))  # 999 ANDed SQL conditions
HUGE = "99999999999999999999999"  # past 64 bits


def cli_error(*args: str) -> str:
    return one_line_error(list(args))


@pytest.mark.parametrize(("query", "reason"), [
    (DEEP, "nested more than 50 deep"), (NOTS, "nested more than 50 deep"),
    (MANY_DATES, "more than 500 words, phrases and filters"), ("kyiv\x00talks", "a NUL character at position 5"),
])
def test_a_query_too_deep_too_long_or_with_nul_is_refused(tmp_path: Path, query: str, reason: str) -> None:
    db = str(tmp_path / "n.db")
    assert reason in cli_error("search", "--db", db, "--", query)
    assert reason in cli_error("watch", "add", "--db", db, "--", query)
    assert reason in cli_error("watch", "test", "--db", db, "--", query)
    with open_store(db) as store:
        client = TestClient(create_app(store))
        for response in (client.get("/api/articles", params={"q": query}),
                         client.post("/api/watches", json={"query": query})):
            assert response.status_code == 400, response.text
            assert reason in response.json()["error"]
        page = client.get("/search", params={"q": query})
        assert page.status_code == 400 and reason in page.text
        assert AlertStore(store).watches() == []


def test_the_bounds_leave_ordinary_queries_alone(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store:
        client = TestClient(create_app(store))
        for query in ("(" * 50 + "kyiv" + ")" * 50, " OR ".join(f"w{i}" for i in range(500)),
                      "x " + " ".join(f"-since:20{i % 90 + 10:02d}" for i in range(499))):
            assert client.get("/api/articles", params={"q": query}).status_code == 200, query[:40]


def test_numbers_past_64_bits(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    assert CliRunner().invoke(cli, ["source", "add", "--db", db, "https://example.com/feed.xml"]).exit_code == 0
    assert f"{HUGE}: no such source" in cli_error("source", "remove", "--db", db, HUGE)
    assert "a number too large for the database" in cli_error("stories", "--db", db, "--offset", HUGE)
    with open_store(db) as store:
        assert len(store.list_sources()) == 1  # nothing lost
        response = TestClient(create_app(store)).get("/api/stories", params={"offset": HUGE})
        assert response.status_code == 422 and "less than or equal" in response.text


def test_text_that_is_not_unicode_is_refused_and_the_rest_kept(tmp_path: Path) -> None:
    """A lone surrogate (an argument or file name in another encoding than UTF-8, or "\\ud800" in JSON)
    was a UnicodeEncodeError traceback at the database, or was stored and broke GET /api/watches."""
    db = str(tmp_path / "n.db")
    assert "query: not valid Unicode at position 5" in cli_error("search", "--db", db, "kyiv\udcff")
    assert "query: not valid Unicode at position 5" in cli_error("watch", "add", "--db", db, "kyiv\udcff")
    result = CliRunner().invoke(cli, ["source", "add", "--db", db, "https://example.com/\udcff.xml",
                                      "https://example.com/feed.xml"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "https://example.com/\\udcff.xml" in result.stderr and "not valid Unicode" in result.stderr
    with open_store(db) as store:
        assert [s.url for s in store.list_sources()] == ["https://example.com/feed.xml"]
        client = TestClient(create_app(store))
        assert client.post("/api/watches", json={"query": "kyiv"}).status_code == 201
        for field in ("query", "webhook", "timezone", "quiet"):
            body = '{"query": "kyiv", "' + field + '": "x\\ud800"}'
            made = client.post("/api/watches", content=body, headers={"content-type": "application/json"})
            assert made.status_code == 422 and made.json()["detail"][0]["loc"] == ["body", field], made.text
        watch = client.get("/api/watches")
        assert watch.status_code == 200 and [w["query"] for w in watch.json()] == ["kyiv"]
        push = '{"endpoint": "https://push.example/\\ud800", "keys": {"p256dh": "k", "auth": "a"}}'
        made = client.post(f"/api/watches/{watch.json()[0]['id']}/push", content=push,
                           headers={"content-type": "application/json"})
        assert made.status_code == 422, made.text


def test_a_database_path_sqlite_cannot_open_is_named_with_why(tmp_path: Path) -> None:
    """SQLite said only "unable to open database file"."""
    (tmp_path / "folder.db").mkdir()
    assert cli_error("search", "--db", str(tmp_path / "folder.db"), "kyiv").endswith(
        "folder.db: cannot open the database file (it is a folder)")
    missing = cli_error("source", "list", "--db", str(tmp_path / "none" / "n.db"))
    assert missing.endswith(f"cannot open the database file (no such folder {tmp_path / 'none'})")
    assert cli_error("search", "--db", str(tmp_path / "none" / "n.db"), "x").endswith(
        "n.db: no database there (newsdesk ingest, run or demo makes one)")  # a reading command makes none


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_database_is_named_with_why(tmp_path: Path) -> None:
    db = tmp_path / "ro" / "n.db"
    db.parent.mkdir()
    assert CliRunner().invoke(cli, ["source", "add", "--db", str(db), "https://example.com/feed.xml"]).exit_code == 0
    db.chmod(0o444)
    db.parent.chmod(0o555)
    try:
        assert "cannot open the database file (read-only: SQLite needs" in cli_error("stories", "--db", str(db))
    finally:
        db.parent.chmod(0o755)
        db.chmod(0o644)
    with open_store(str(db)) as store:
        assert len(store.list_sources()) == 1
