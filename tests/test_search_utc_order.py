"""A search without words (only filters: ``since:``/``until:``, ``source:``, ``place:``, a NOT) lists its hits by
their UTC instant, the latest first, as the pages show the times (#5, #8): the outlet's date text put
2022-03-30T01:15+03:00 (22:15 UTC on the 29th) before 2022-03-29T23:30-04:00 (03:30 UTC on the 30th). Undated
articles stay last. On both backends, whatever the limit, on each plan (SQLite's date walk of a common filter too)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_support import BACKENDS, analysed, store_on

from newsdesk.store import Store
from newsdesk.store import search as search_sql
from newsdesk.store.query import parse, utc_instant

CORPUS = {  # the UTC order: evening, zulu, bare-day, morning, then the undated
    "kyiv-morning": "2022-03-30T01:15:00+03:00",  # 2022-03-29 22:15 UTC
    "kyiv-evening": "2022-03-29T23:30:00-04:00",  # 2022-03-30 03:30 UTC
    "zulu": "2022-03-30T00:00:00Z",
    "bare-day": "2022-03-30",  # that day, before any time of it
    "undated": None,
}
UTC_ORDER = ["kyiv-evening", "zulu", "bare-day", "kyiv-morning", "undated"]
QUERIES = ("since:2022", "source:wire", "place:kyiv", "-place:lviv", "source:wire -place:lviv")


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with store_on(request.param, tmp_path) as store:
        yield store


def put_corpus(store: Store) -> dict[str, str]:
    return {store.put(analysed(f"Talks went on ({name}).", f"https://wire.example/{name}", places=("Kyiv",),
                               source="Wire", published=when)).id: name for name, when in CORPUS.items()}


@pytest.mark.parametrize("query", QUERIES)
def test_hits_without_words_come_in_utc_order(store: Store, query: str) -> None:
    names = put_corpus(store)
    expected = UTC_ORDER if "since" not in query else UTC_ORDER[:-1]
    for limit in range(1, 7):
        assert [names[h.id] for h in store.search(query, limit=limit)] == expected[:limit], (query, limit)
    with store._db.read() as tx:  # more matches than candidates: SQLite walks the date index, testing each row
        walked = search_sql.search(tx, parse(query), 3, candidates=1)
    assert [names[h.id] for h in walked] == expected[:3]


def test_many_offsets_any_limit_the_utc_order(store: Store) -> None:
    """Three hundred articles over ten days at offsets from -12:00 to +14:00 (a few undated, a few dated by
    day only): every limit lists the first ones in UTC order."""
    rng = random.Random(5)
    start = datetime.datetime(2022, 3, 1, tzinfo=datetime.UTC)
    moments = rng.sample(range(10 * 24 * 60), 300)  # distinct minutes: no ties
    made = []
    for n, minute in enumerate(moments):
        zone = datetime.timezone(datetime.timedelta(minutes=15 * rng.randint(-48, 56)))
        moment = (start + datetime.timedelta(minutes=minute)).astimezone(zone)
        published = None if n % 50 == 7 else moment.date().isoformat() if n % 40 == 3 else moment.isoformat()
        made.append(analysed(f"Report {n}.", f"https://wire.example/r{n}", places=("Kyiv",), source="Wire",
                             published=published))
    ids = [r.id for r in store.put_many(made)]
    when = {i: a.published for i, a in zip(ids, made, strict=True)}
    dated = sorted((i for i in ids if when[i] is not None), key=lambda i: str(utc_instant(when[i])), reverse=True)
    # undated ones last, the later stored first (as before): compared as a set here
    assert len(set(map(utc_instant, (w for w in when.values() if w)))) == len(dated)  # no two at one instant
    for query in ("place:kyiv", "since:2022-03-02", "source:wire"):
        for limit in (1, 5, 40, 299, 300):
            found = [h.id for h in store.search(query, limit=limit)]
            wanted = [i for i in dated if query != "since:2022-03-02" or str(utc_instant(when[i])) >= "2022-03-02"]
            assert found[:len(wanted)] == wanted[:limit], (query, limit)
            assert {i for i in found[len(wanted):]} <= {i for i in ids if when[i] is None}
