"""The quotes list holds statements (#8, #5): a stance ("X blocked a vote", a PolNeAR attribution too) is
listed only when asked for (``stances``), in the store, /api/quotes, the /quotes page and ``newsdesk quotes``;
cursor pages and the speaker filter with it; a store migrated from schema step 25 marks the quotes it
holds from their articles' records (both backends), none lost."""

from __future__ import annotations

import dataclasses
import html
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_store_support import BACKENDS, article, pg_schema, quote_rows_before_step_26, store_on
from test_web_support import web_app

from newsdesk.cli import cli
from newsdesk.store import QuoteFilter, Store, open_store
from newsdesk.store import articles as article_sql
from newsdesk.store.db import Database
from newsdesk.store.migrations import migrate, now
from newsdesk.store.schema import STEPS
from newsdesk.types import Article, Quote, Speaker
from newsdesk.web.app import create_app

ARTICLES = 40


@dataclasses.dataclass(frozen=True)
class Said:
    speaker: str
    text: str
    kind: str
    cue: str | None
    statement: bool  # what the list should take it for


def quoted(n: int) -> list[Said]:
    """Article n's quotes: a statement and a stance each time, now and then a direct quote, a clause
    after a verb that is no speech verb, and a quote stored without its cue (nothing says it is a stance)."""
    who = "Maia Sandu" if n % 2 else "Igor Grosu"
    found = [Said(who, f"the talks {n} would go on", "indirect", "say", True),
             Said(who, f"a no-confidence vote {n}", "indirect", "block", False)]
    if n % 3 == 0:
        found.append(Said("Maia Sandu", f"We stand firm {n}", "direct", None, True))
    if n % 4 == 0:
        found.append(Said(who, f"whether the ballot {n} was void", "indirect", "seek", True))
        found.append(Said("Igor Grosu", f"to hammer out a deal {n}", "mixed", "seek", False))
    if n % 5 == 0:
        found.append(Said(who, f"a ceasefire {n}", "indirect", None, True))
    return found


def story(n: int) -> Article:
    text, quotes = "", []
    for q in quoted(n):
        quotes.append(Quote(q.text, len(text), len(text) + len(q.text), q.kind, Speaker(q.speaker), q.cue))  # type: ignore[arg-type]
        text += q.text + ". "
    return article(text + f"({n})", f"https://md.example/{n}", title=f"Chisinau {n}",
                   published=f"2022-03-{1 + n // 24:02d}T{n % 24:02d}:00:00+00:00", quotes=tuple(quotes))


def expected(stances: bool = False, speaker: str | None = None) -> list[str]:
    """The texts the list shows, newest article first, in each one's order."""
    return [q.text for n in reversed(range(ARTICLES)) for q in quoted(n)
            if (stances or q.statement) and (speaker is None or speaker in q.speaker)]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with store_on(request.param, tmp_path) as opened:
        opened.put_many([story(n) for n in range(ARTICLES)])
        yield opened


def test_the_store_lists_statements_unless_stances_are_asked_for(store: Store) -> None:
    assert [h.text for h in store.quotes(QuoteFilter(), 1000)] == expected()
    both = store.quotes(QuoteFilter(stances=True), 1000)
    assert [h.text for h in both] == expected(stances=True)
    assert {h.text for h in both if not h.statement} == set(expected(stances=True)) - set(expected())
    assert [h.text for h in store.quotes(QuoteFilter(speaker="sandu", kind="mixed", stances=True))] == []
    assert [h.text for h in store.quotes(QuoteFilter(speaker="grosu", kind="mixed"))] == []
    assert [h.text for h in store.quotes(QuoteFilter(words="hammer deal", stances=True), 1000)] == [
        t for t in expected(stances=True) if t.startswith("to hammer")]


def api_pages(client: TestClient, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every hit of /api/quotes, 7 at a time, each page after the last hit of the one before."""
    got: list[dict[str, Any]] = []
    page = client.get("/api/quotes", params={**params, "limit": 7}).json()
    while True:
        got += page
        if not page or page[-1]["next"] is None:
            return got
        page = client.get("/api/quotes", params={**params, "limit": 7, "after": page[-1]["next"]}).json()


def test_api_lists_statements_by_default_and_pages_by_cursor(store: Store) -> None:
    client = TestClient(create_app(store))
    assert [h["text"] for h in api_pages(client, {})] == expected()
    both = api_pages(client, {"stances": 1})
    assert [h["text"] for h in both] == expected(stances=True)
    assert [h["statement"] for h in both] == [t in expected() for t in expected(stances=True)]
    assert [h["text"] for h in api_pages(client, {"speaker": "Sandu"})] == expected(speaker="Sandu")
    assert [h["text"] for h in api_pages(client, {"speaker": "grosu", "stances": "true"})] == \
        expected(stances=True, speaker="Grosu")
    assert [h["text"] for h in api_pages(client, {"stances": 0, "q": "vote"})] == []
    first = client.get("/api/quotes", params={"stances": 1, "limit": 3})
    assert "stances=1" in first.headers["link"]  # the next page's address keeps the option


def test_the_quotes_page_shows_stances_only_when_ticked(store: Store) -> None:
    client = TestClient(web_app(store))
    plain = html.unescape(client.get("/quotes").text)
    newest = ARTICLES - 1
    assert f"the talks {newest} would go on" in plain and f"a no-confidence vote {newest}" not in plain
    ticked = client.get("/quotes", params={"stances": "1"})
    text = html.unescape(ticked.text)
    assert f"a no-confidence vote {newest}" in text and 'name="stances" type="checkbox" value="1" checked' in text
    older = html.unescape(text.split('">Older quotes')[0].rsplit('href="', 1)[1])
    assert "stances=1" in older and "after=" in older
    page2 = html.unescape(client.get(older).text)
    assert f"a no-confidence vote {newest - 12}" in page2 and f"a no-confidence vote {newest}" not in page2


def test_cli_lists_statements_and_stances_with_the_flag(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    with open_store(db) as opened:
        opened.put_many([story(n) for n in range(ARTICLES)])
    runner = CliRunner()

    def lines(*args: str) -> list[dict[str, Any]]:
        done = runner.invoke(cli, ["quotes", "--db", db, "--jsonl", *args])
        assert done.exit_code == 0, done.output
        return [json.loads(line) for line in done.output.splitlines()]

    assert [h["text"] for h in lines("--limit", "1000")] == expected()
    assert [h["text"] for h in lines("--limit", "1000", "--stances")] == expected(stances=True)
    pages, page = [], lines("--speaker", "Sandu", "--stances", "--limit", "4")
    while page:
        pages += page
        page = lines("--speaker", "Sandu", "--stances", "--limit", "4", "--after", page[-1]["next"])
    assert [h["text"] for h in pages] == expected(stances=True, speaker="Sandu")
    shown = runner.invoke(cli, ["quotes", "--db", db, "--stances", "vote", str(ARTICLES - 1)])
    assert shown.exit_code == 0 and "[indirect, stance]" in shown.output
    plain = runner.invoke(cli, ["quotes", "--db", db, "vote", str(ARTICLES - 1)])
    assert plain.exit_code == 0 and "no-confidence" not in plain.output and "stance" not in plain.output


# -- a store from before schema step 26 ---------------------------------------------------------------
def _previous_schema(db: Database, rows: list[Article]) -> None:
    migrate(db, tuple(s for s in STEPS if s.version <= 25))
    with quote_rows_before_step_26(), db.write() as tx:
        for each in rows:
            article_sql.put(tx, each, now())
        # an edited database: article 0's rows no longer in step with its record (its first quote's row gone)
        tx.run("DELETE FROM quotes WHERE text = ?", ("the talks 0 would go on",))
    db.close()


def _check_migrated(url: str) -> None:
    held = sum(len(quoted(n)) for n in range(ARTICLES)) - 1
    with open_store(url) as migrated:
        assert max(m.version for m in migrated.migrations()) == max(s.version for s in STEPS) >= 26
        with migrated._db.read() as tx:
            rows = {str(t): bool(s) for t, s in tx.all("SELECT text, statement FROM quotes")}
        assert len(rows) == held  # nothing lost
        assert rows == {q.text: q.statement for n in range(ARTICLES) for q in quoted(n)
                        if q.text != "the talks 0 would go on"}
        assert [h.text for h in migrated.quotes(QuoteFilter(), 1000)] == [
            t for t in expected() if t != "the talks 0 would go on"]
        assert len(migrated.quotes(QuoteFilter(stances=True), 1000)) == held
        migrated.put(story(ARTICLES))  # a new article's rows get theirs as they are written
        assert [h.text for h in migrated.quotes(QuoteFilter(), 2)] == [
            q.text for q in quoted(ARTICLES) if q.statement][:2]
        assert [h.statement for h in migrated.quotes(QuoteFilter(words="hammer", stances=True), 1)] == [False]


@pytest.mark.parametrize("backend", BACKENDS)
def test_migration_marks_the_stances_already_stored(backend: str, tmp_path: Path) -> None:
    rows = [story(n) for n in range(ARTICLES)]
    if backend == "sqlite":
        from newsdesk.store.sqlite import SQLiteDatabase

        url = str(tmp_path / "old.db")
        _previous_schema(SQLiteDatabase(url), rows)
        _check_migrated(url)
        return
    from newsdesk.store.postgres import PostgresDatabase

    with pg_schema() as url:
        _previous_schema(PostgresDatabase(url), rows)
        _check_migrated(url)
