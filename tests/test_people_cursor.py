"""Cursor paging of the people list (#5, #8): as the quotes and events lists, a page of ``Store.entities``,
``/api/entities``, ``/people`` and ``newsdesk entities`` goes on after the last entity of the page before (its
``next``: its count, when last named, name and type) instead of skipping ``offset`` entities; ties keep one
order, an old offset address still works, a bad cursor is a 400 (one line in the CLI). On both backends."""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_store_support import BACKENDS, article, store_on
from test_web_cursor import api_pages, cli_pages, tampered
from test_web_support import web_app

from newsdesk.cli import cli
from newsdesk.errors import InputError
from newsdesk.store import NameFilter, NameHit, Store, open_store
from newsdesk.store import people as people_sql
from newsdesk.store.keyset import Position, Rank, encode, encode_rank
from newsdesk.types import Article, Entity
from newsdesk.web.app import create_app

ARTICLES = 90


def mention(n: int) -> Article:
    """Article ``n``: six a day (ties on when last named), every tenth undated (and naming some never named on a
    date), naming people, organisations and places in counts that tie often."""
    undated = {f"Undated {n % 4}"} if n % 10 == 9 else set()
    people = sorted({f"Person {n % 37:02d}", f"Person {n * 7 % 41:02d}", *undated})
    named = [(p, "PERSON") for p in people] + [(f"Org {n % 5}", "ORG"), (f"Spot {n % 3}", "PLACE")]
    return article(f"Article {n} names {', '.join(name for name, _ in named)}.", f"https://people.example/{n}",
                   published=None if n % 10 == 9 else f"2022-03-{1 + n // 6:02d}T09:00:00+00:00",
                   entities=tuple(Entity(f"e{i}", name, kind) for i, (name, kind) in enumerate(named, 1)))


@pytest.fixture(params=BACKENDS)
def named(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with store_on(request.param, tmp_path) as store:
        store.put_many([mention(n) for n in range(ARTICLES)])
        yield store


FILTERS = (NameFilter(), NameFilter(type="person"), NameFilter(type="org"), NameFilter(since="2022-03-04"),
           NameFilter(name="person"), NameFilter(type="person", until="2022-03-09"))


def key(hits: list[NameHit]) -> list[tuple[Any, ...]]:
    return [(h.name, h.type, h.articles, h.stories, h.last_seen) for h in hits]


def walked(store: Store, wanted: NameFilter, size: int, indexed: bool = True) -> list[NameHit]:
    """Every entity, a page at a time: the first page, then each after the last entity of the one before."""
    hits = page = store.entities(wanted, size, indexed=indexed)
    while len(page) == size:
        page = store.entities(replace(wanted, after=page[-1].next), size, indexed=indexed)
        hits = [*hits, *page]
    return hits


@pytest.mark.parametrize("groups", [people_sql._MOST_GROUPS, 5])  # counted one by one, or every row at once
def test_cursor_pages_are_the_whole_ranking_in_order(named: Store, monkeypatch: pytest.MonkeyPatch,
                                                     groups: int) -> None:
    monkeypatch.setattr(people_sql, "_MOST_GROUPS", groups)
    for wanted in FILTERS:
        whole = named.entities(wanted, 10_000)
        assert len(whole) >= 5, wanted
        assert key(named.entities(wanted, 10_000, indexed=False)) == key(whole)  # one order, ties and all
        for size in (1, 4, 7):
            assert key(walked(named, wanted, size)) == key(whole), (wanted, size)
            pages = [named.entities(wanted, size, offset) for offset in range(0, len(whole), size)]
            assert key([h for page in pages for h in page]) == key(whole)  # an offset still pages the same
        assert key(walked(named, wanted, 4, indexed=False)) == key(whole)
    everyone = named.entities(NameFilter(), 10_000)
    tied = [(a, b) for a, b in itertools.pairwise(everyone)
            if (a.articles, a.last_seen) == (b.articles, b.last_seen)]
    assert len(tied) > 5 and any(h.last_seen is None for h in everyone)  # ties broken by name; undated last


def test_a_page_after_any_entity_is_the_rest_of_the_ranking(named: Store) -> None:
    for wanted in (NameFilter(), NameFilter(type="person", since="2022-03-02")):
        whole = named.entities(wanted, 10_000)
        for at in (0, 3, len(whole) // 2, len(whole) - 2):
            assert key(named.entities(replace(wanted, after=whole[at].next), 10_000)) == key(whole[at + 1:]), at
        assert named.entities(replace(wanted, after=whole[-1].next), 10) == []


def test_a_bad_or_another_lists_cursor_is_refused() -> None:
    good = encode_rank("entities", Rank(3, "2022-03-02T09:00:00+00:00", "Person 01", "PERSON"))
    assert NameFilter(after=good).after == good
    for bad in [*tampered(good), encode("quotes", Position(None, 3, 4)), encode_rank("other", Rank(1, None, "a", "b"))]:
        with pytest.raises(InputError, match=r"entities: cursor .* is not one this list gave"):
            NameFilter(after=bad)


def test_api_entities_page_by_next_and_link(named: Store) -> None:
    client = TestClient(create_app(named))
    whole = client.get("/api/entities", params={"limit": 500}).json()
    assert len(whole) > 40 and whole[-1]["next"] is None and all(h["next"] for h in whole[:-1])
    got = api_pages(client, "/api/entities", 9)
    assert [{k: v for k, v in h.items() if k != "next"} for h in got] == \
        [{k: v for k, v in h.items() if k != "next"} for h in whole]  # counts are the whole list's
    assert client.get("/api/entities", params={"limit": 3, "offset": 4}).json() == whole[4:7]  # offsets still work
    for bad in tampered(whole[0]["next"]):
        answer = client.get("/api/entities", params={"after": bad})
        assert answer.status_code == 400 and answer.json()["error"].startswith("entities: cursor "), bad


def shown_names(text: str) -> list[str]:
    return [html.unescape(n) for n in re.findall(r'<li><h2 dir="auto">(?:<a [^>]*>)?([^<]*)', text)]


def test_people_page_links_the_next_page_by_cursor(named: Store) -> None:
    """``/people`` links its next page with ``after=`` (the filters kept, no offset): following the links shows
    everyone once, in the ranking's order; an old ``offset=`` address still answers and links on by offset."""
    client = TestClient(web_app(named))
    wanted = {"type": "any", "since": "2022-03-01"}
    answer, shown, pages = client.get("/people", params=wanted), [], 0
    while True:
        assert answer.status_code == 200
        shown += shown_names(answer.text)
        pages += 1
        more = re.search(r'<a href="([^"]+)">More</a>', answer.text)
        if not more:
            break
        address = html.unescape(more[1])
        assert "after=" in address and "offset=" not in address and "since=2022-03-01" in address
        answer = client.get(address)
    assert pages > 1 and shown == [h.name for h in named.entities(NameFilter(since="2022-03-01"), 10_000)]
    old = client.get("/people", params={**wanted, "offset": 10})
    assert old.status_code == 200 and shown_names(old.text) == shown[10:40] and len(shown) > 40
    more = re.search(r'<a href="([^"]+)">More</a>', old.text)
    assert more and "offset=40" in more[1] and "after" not in more[1]
    bad = client.get("/people", params={"after": "nonsense"})
    assert bad.status_code == 400 and "is not one this list gave" in html.unescape(bad.text)


def test_cli_entities_after_pages_by_the_last_lines_next(tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    with open_store(db) as store:
        store.put_many([mention(n) for n in range(ARTICLES)])

    whole, paged = cli_pages("entities", db)
    assert len(whole) > 14 and [h["name"] for h in paged] == [h["name"] for h in whole]
    bad = CliRunner().invoke(cli, ["entities", "--db", db, "--after", "nonsense"])
    assert bad.exit_code == 1 and "nonsense" in bad.output and "Traceback" not in bad.output
    assert len(bad.output.strip().splitlines()) == 1
