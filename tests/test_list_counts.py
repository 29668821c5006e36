"""The quotes and events lists' ``articles`` (how many articles carry a statement, or report an event) is the
whole list's count on every page (#8): a page after a cursor, or deep by offset, counted only the rows it read
(``in 3 articles`` where thirty carry it), so the count changed with the page it was on. On both backends,
through the store, the JSON API and the pages."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_store_deep_pages import EVENTS, QUOTES, in_big_stories, repeated
from test_store_support import BACKENDS, store_on
from test_web_support import web_app

from newsdesk.store import EventFilter, QuoteFilter, Store
from newsdesk.web.app import create_app

ARTICLES = 240


@pytest.fixture(params=BACKENDS)
def deep(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Articles whose quotes and events repeat all down the list, a third in stories with copies."""
    with store_on(request.param, tmp_path) as store:
        in_big_stories(store, [r.id for r in store.put_many([repeated(n) for n in range(ARTICLES)])])
        yield store


def counts(hits: list[Any]) -> list[tuple[Any, ...]]:
    """Each hit (as the whole list shows it) with its count of articles."""
    return [(h.article_id, getattr(h, "text", None) or getattr(h, "type", None), h.articles) for h in hits]


def test_every_page_counts_the_whole_list(deep: Store) -> None:
    """A page after a cursor and a deep page by offset count as the whole list read at once (every row read)."""
    for find, filters in ((deep.quotes, QUOTES), (deep.events, EVENTS)):
        for wanted in filters:
            whole = find(wanted, 10_000)  # reads every row: its counts are the whole list's
            assert any(h.articles > 1 for h in whole), wanted
            for size in (3, 10):
                for at in range(size - 1, min(len(whole) - 1, 60), size):
                    page = find(replace(wanted, after=whole[at].next), size)
                    assert counts(page) == counts(whole[at + 1:at + 1 + size]), (wanted, size, at)
                assert counts(find(wanted, size, 40)) == counts(whole[40:40 + size]), (wanted, size)
    with deep._db.read() as tx:  # each row of the list is one report of one hit: the counts add up to the rows
        for table, hits in (("quotes", deep.quotes(QuoteFilter(), 10_000)),
                            ("events", deep.events(EventFilter(), 10_000))):
            row = tx.one(f"SELECT count(*) FROM {table} r JOIN articles a ON a.pk = r.article_pk WHERE NOT EXISTS "
                         "(SELECT 1 FROM story_articles c WHERE c.article_id = a.id AND c.copy_of IS NOT NULL)")
            assert row is not None and sum(h.articles for h in hits) == int(row[0]), table
            assert max(h.articles for h in hits) > 3, table


def test_api_and_page_show_the_whole_lists_counts(deep: Store) -> None:
    client = TestClient(create_app(deep))
    for path in ("/api/quotes", "/api/events"):
        whole = client.get(path, params={"limit": 500}).json()
        at = next(n for n, h in enumerate(whole) if n > 20 and h["articles"] > 3)  # a page down, carried often
        page = client.get(path, params={"limit": 5, "after": whole[at - 1]["next"]}).json()
        assert [h["articles"] for h in page] == [h["articles"] for h in whole[at:at + 5]], path
    pages = TestClient(web_app(deep))
    first = pages.get("/quotes")
    more = re.search(r'<a href="([^"]+)">Older quotes</a>', first.text)
    assert more
    second = pages.get(html.unescape(more[1]))
    shown = [int(n) for n in re.findall(r" · in (\d+) articles", second.text)]
    assert shown == [h.articles for h in deep.quotes(QuoteFilter(), 60)[30:] if h.articles > 1] and max(shown) > 3
