"""A feed link with a long, tracking-laden URL (#5): PostgreSQL indexes at most 2704 bytes of a key,
so noting such a link in `links` (its primary key) failed with "index row size ... exceeds btree
version 4 maximum 2704", and the article it brought, stored in the same transaction, was lost on
PostgreSQL while SQLite kept it. A link over 2,000 bytes is now noted under its start and sha256."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest
from test_store_support import BACKENDS, article, store_on

from newsdesk.store import LinkNote
from newsdesk.store.identity import link_key


def _long_url(seed: int) -> str:
    rng = random.Random(seed)  # incompressible: PostgreSQL cannot squeeze it into its index
    return "https://news.example.com/story?ref=" + "".join(rng.choices(string.ascii_letters + string.digits, k=6000))


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_long_link_is_noted_with_its_article(backend: str, tmp_path: Path) -> None:
    url, other = _long_url(1), _long_url(2)
    with store_on(backend, tmp_path) as store:
        feed = store.add_source("https://news.example.com/feed.xml")
        assert store.pending_links([(url, "v1"), (other, "v1")]) == [url, other]
        result = store.put(article("A story behind a long link.", url), LinkNote(url, feed.id, "v1"))
        assert result.status == "stored" and store.get(result.id) is not None
        assert store.pending_links([(url, "v1"), (other, "v1")]) == [other]  # done: not fetched again
        assert store.pending_links([(url, "v2")]) == [url]  # changed: fetched again
        for _ in range(3):
            store.link_failed(LinkNote(other, feed.id, "v1"), "timed out")
        assert store.pending_links([(other, "v1")], max_attempts=3) == []  # failed three times: left


def test_two_long_urls_with_the_same_start_are_two_keys() -> None:
    url = _long_url(3)
    assert link_key(url) != link_key(url + "x") and len(link_key(url).encode()) < 2704
    assert link_key("https://example.com/a") == "https://example.com/a"
