"""Cursor (keyset) paging of the quotes and events lists (#8): a page goes on after the last hit of the page
before (its ``next``) instead of skipping ``offset`` rows, read by index however deep; a statement or event
a page before showed is not shown again; a bad or tampered cursor is a clear 400. Store, JSON API and the
``/quotes`` page, on both backends."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_store_deep_pages import EVENTS, QUOTES, in_big_stories, repeated
from test_store_support import BACKENDS, pg_schema, quote_rows_before_step_26, store_on
from test_web_support import web_app

from newsdesk.errors import InputError
from newsdesk.store import EventFilter, EventHit, QuoteFilter, QuoteHit, Store
from newsdesk.store import quotes as quote_sql
from newsdesk.store.keyset import Position, encode
from newsdesk.web.app import create_app

ARTICLES = 400


@pytest.fixture(params=BACKENDS)
def deep(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Articles whose quotes and events repeat (case and spacing aside), a third in stories with copies."""
    with store_on(request.param, tmp_path) as store:
        ids = [r.id for r in store.put_many([repeated(n) for n in range(ARTICLES)])]
        in_big_stories(store, ids)
        yield store


def said(hit: QuoteHit) -> tuple[Any, ...]:
    return hit.speaker, hit.text, hit.article_id


def reported(hit: EventHit) -> tuple[Any, ...]:
    return hit.type, hit.modality, hit.actor, hit.target, hit.place, hit.date, hit.article_id, hit.story


def walked(first: list[Any], more: Callable[[str], list[Any]], size: int) -> list[Any]:
    """Every hit, a page at a time: the first page, then each after the last hit of the one before."""
    hits, page = list(first), first
    while len(page) == size:
        page = more(page[-1].next)
        hits += page
    return hits


def test_cursor_pages_are_the_whole_list_in_order_each_hit_once(deep: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Page after page by cursor, of every filter: the hits of the whole list read at once, in its order,
    none twice though the same words (or one story's event) come again on later rows."""
    monkeypatch.setattr(quote_sql, "_COMMON", 30, raising=False)  # some filters common here: the walk
    for size in (7, 30):
        for wanted in QUOTES:
            whole = deep.quotes(wanted, 10_000)
            pages = walked(deep.quotes(wanted, size),
                           lambda cursor, w=wanted, n=size: deep.quotes(replace(w, after=cursor), n), size)
            assert [said(h) for h in pages] == [said(h) for h in whole], (wanted, size)
            assert all(h.articles >= 1 for h in pages)
        for found in EVENTS:
            whole_events = deep.events(found, 10_000)
            events = walked(deep.events(found, size),
                            lambda cursor, w=found, n=size: deep.events(replace(w, after=cursor), n), size)
            assert [reported(h) for h in events] == [reported(h) for h in whole_events], (found, size)
    assert len(deep.quotes(QuoteFilter(), 10_000)) > 60 and any(h.articles > 1 for h in deep.quotes(QuoteFilter(), 60))


def test_a_page_after_any_hit_is_the_rest_of_the_list(deep: Store) -> None:
    """The cursor of any hit, not only a page's last, and an offset bookmark's: the list after that hit."""
    whole = deep.quotes(QuoteFilter(), 10_000)
    for at in (0, 5, 41, len(whole) - 2):
        assert [said(h) for h in deep.quotes(QuoteFilter(after=whole[at].next), 10_000)] == \
            [said(h) for h in whole[at + 1:]], at
    assert deep.quotes(QuoteFilter(after=whole[-1].next), 10) == []
    events = deep.events(EventFilter(type="CONSULT"), 10_000)
    assert [reported(h) for h in deep.events(EventFilter(type="CONSULT", after=events[12].next), 10_000)] == \
        [reported(h) for h in events[13:]]


def tampered(cursor: str) -> list[str]:
    """A cursor cut short, edited in its body and in its checksum, and text that is none."""
    body, check = cursor.split(".")
    flipped = body[:5] + ("A" if body[5] != "A" else "B") + body[6:]
    return [cursor[:-3], f"{flipped}.{check}", f"{body}.{'0' * len(check)}", "not a cursor", "%%%.~", body]


def test_a_bad_or_tampered_cursor_is_refused_by_the_filter() -> None:
    good = encode("quotes", Position("2022-03-29T10:00:00+00:00", 12, 40))
    assert QuoteFilter(after=good).after == good
    for bad in [*tampered(good), encode("events", Position(None, 3, 4))]:  # another list's too
        with pytest.raises(InputError, match=r"cursor .* is not one this list gave"):
            QuoteFilter(after=bad)
    with pytest.raises(InputError, match="cursor"):
        EventFilter(after=good)


def test_api_next_cursor_pages_to_the_end(deep: Store) -> None:
    """Each hit of ``/api/quotes`` and ``/api/events`` has ``next`` (null on the very last); ``after=`` it
    gives the next page (also named by a Link header), the same hits as one long page; ``offset`` still works."""
    client = TestClient(create_app(deep))
    for path in ("/api/quotes", "/api/events"):
        whole = client.get(path, params={"limit": 500}).json()
        assert 60 < len(whole) < 500 and whole[-1]["next"] is None and all(h["next"] for h in whole[:-1])
        got = api_pages(client, path, 25)
        without = ("next",)  # the counts of articles are the whole list's on every page
        assert [{k: v for k, v in h.items() if k not in without} for h in got] == \
            [{k: v for k, v in h.items() if k not in without} for h in whole]
        assert client.get(path, params={"limit": 3, "offset": 4}).json() == \
            client.get(path, params={"limit": 7}).json()[4:]


def test_api_and_page_refuse_a_bad_cursor_with_400(deep: Store) -> None:
    client = TestClient(create_app(deep))
    good = client.get("/api/quotes", params={"limit": 2}).json()[0]["next"]
    for bad in tampered(good):
        answer = client.get("/api/quotes", params={"after": bad})
        assert answer.status_code == 400, bad
        assert answer.json()["error"].startswith("quotes: cursor ") and "is not one this list gave" in \
            answer.json()["error"]
    answer = client.get("/api/events", params={"after": good})  # a quotes cursor
    assert (answer.status_code, answer.json()["error"][:15]) == (400, "events: cursor ")
    page = TestClient(web_app(deep)).get("/quotes", params={"after": tampered(good)[1]})
    assert page.status_code == 400 and "is not one this list gave" in html.unescape(page.text)


def shown_quotes(text: str) -> list[str]:
    return re.findall(r'<li><p><strong dir="auto">(?:<a [^>]*>)?([^<]*)(?:</a>)?</strong>', text)


def test_quotes_page_links_the_next_page_by_cursor(deep: Store) -> None:
    """``/quotes`` links its next page with ``after=`` (the filters kept, no offset); following the links
    shows every quote once; an old ``offset=`` address still answers, and links on by offset as it did."""
    client = TestClient(web_app(deep))
    wanted = {"speaker": "speaker"}
    answer = client.get("/quotes", params=wanted)
    shown: list[str] = []
    while True:
        assert answer.status_code == 200
        shown += shown_quotes(answer.text)
        more = re.search(r'<a href="([^"]+)">Older quotes</a>', answer.text)
        if not more:
            break
        address = html.unescape(more[1])
        assert "after=" in address and "offset=" not in address and "speaker=speaker" in address
        answer = client.get(address)
    assert len(shown) == len(deep.quotes(QuoteFilter(speaker="speaker"), 10_000)) > 30
    old = client.get("/quotes", params={**wanted, "offset": 30})
    assert old.status_code == 200 and shown_quotes(old.text) == shown[30:60]
    more = re.search(r'<a href="([^"]+)">Older quotes</a>', old.text)
    assert more and "offset=60" in more[1] and "after" not in more[1]


def test_postgres_upgrade_knows_the_said_index_selective() -> None:
    """A PostgreSQL store upgraded with quotes in it (schema step 25) is analysed, so that the planner looks a
    page's statements up by the new expression index instead of scanning every quote."""
    from newsdesk.store.migrations import migrate
    from newsdesk.store.postgres import PostgresDatabase
    from newsdesk.store.schema import STEPS

    with pg_schema() as url:
        db = PostgresDatabase(url)
        try:
            migrate(db, tuple(s for s in STEPS if s.version < 25))
            with quote_rows_before_step_26():
                Store(db).put_many([repeated(n) for n in range(60)])
            assert migrate(db)[0] == 25
            with db.read() as tx:
                stats = tx.one("SELECT count(*) FROM pg_stats WHERE schemaname = current_schema() "
                               "AND tablename = 'quotes_said'")
            assert stats is not None and int(stats[0]) == 1
        finally:
            db.close()


def test_who_did_what_links_the_next_page_by_cursor(deep: Store) -> None:
    """``/who-did-what`` goes on by cursor too: following its links reaches as many events as the store lists,
    however deep (an offset link stops at the offset limit)."""
    client = TestClient(web_app(deep))
    answer = client.get("/who-did-what")
    pages = 0
    while True:
        assert answer.status_code == 200
        pages += 1
        more = re.search(r'<a href="([^"]+)">Earlier events</a>', answer.text)
        if not more:
            break
        address = html.unescape(more[1])
        assert "after=" in address and "offset=" not in address
        answer = client.get(address)
    assert pages > 1
    bad = client.get("/who-did-what", params={"after": "nonsense"})
    assert bad.status_code == 400


@pytest.mark.parametrize("command", ["quotes", "events"])
def test_cli_after_pages_by_the_last_lines_next(tmp_path: Path, command: str) -> None:
    """``newsdesk quotes|events --after CURSOR`` (a ``--jsonl`` line's ``next``) goes on after that line:
    the pages chained are the whole list, in order; a bad cursor is one line naming it, exit 1."""
    from click.testing import CliRunner

    from newsdesk.cli import cli
    from newsdesk.store import open_store

    db = str(tmp_path / "news.db")
    with open_store(db) as store:
        in_big_stories(store, [r.id for r in store.put_many([repeated(n) for n in range(60)])])

    whole, paged = cli_pages(command, db)

    def same(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:  # "articles" too: the whole list's count on any page
        return [{k: v for k, v in hit.items() if k != "next"} for hit in hits]

    assert len(whole) > 14 and same(paged) == same(whole)
    bad = CliRunner().invoke(cli, [command, "--db", db, "--after", "nonsense"])
    assert bad.exit_code == 1 and "nonsense" in bad.output and "Traceback" not in bad.output


def cli_pages(command: str, db: str, per_page: int = 7) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``newsdesk COMMAND --jsonl``'s whole list, and the same list read a page at a time, each page after
    the last line's ``next``."""
    from click.testing import CliRunner

    from newsdesk.cli import cli

    def lines(*args: str) -> list[dict[str, Any]]:
        result = CliRunner().invoke(cli, [command, "--db", db, "--jsonl", *args])
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in result.stdout.splitlines()]

    whole = lines("--limit", "10000")
    paged, page = [], lines("--limit", str(per_page))
    while page:
        paged += page
        page = lines("--limit", str(per_page), "--after", page[-1]["next"]) if page[-1]["next"] else []
    return whole, paged


def api_pages(client: TestClient, path: str, limit: int) -> list[dict[str, Any]]:
    """The hits of ``path`` read ``limit`` at a time, each page by its ``Link: rel="next"`` (a cursor after
    the page's last hit, no offset); the last page has no link."""
    got: list[dict[str, Any]] = []
    answer = client.get(path, params={"limit": limit})
    while True:
        page = answer.json()
        got += page
        if page[-1]["next"] is None:
            assert "link" not in answer.headers
            return got
        link = re.fullmatch(r"<([^>]+)>; rel=\"next\"", answer.headers["link"])
        assert link and "offset" not in link[1]
        assert f"after={page[-1]['next']}" in link[1].replace("%3D", "=")
        answer = client.get(link[1])
