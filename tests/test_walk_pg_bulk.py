"""Two bulk loads into one PostgreSQL database at once (#5): two `backfill --db` runs over
overlapping WARC files, or a bench and a backfill. `put_many` took each article's identity lock
as it went, so two batches holding the same articles in other orders waited on each other and
PostgreSQL refused one ("database error (DeadlockDetected: deadlock detected)"): a batch lost.
Now a batch takes its locks in one order first; both loads finish, each article stored once."""

from __future__ import annotations

import threading

from test_store_support import article, pg_schema

from newsdesk.errors import StoreError
from newsdesk.store import PutResult, Store, open_store
from newsdesk.types import Article

Outcome = list[PutResult] | StoreError


def _load(store: Store, articles: list[Article], start: threading.Barrier, out: list[Outcome]) -> None:
    start.wait()
    try:
        out.append(store.put_many(articles))
    except StoreError as exc:
        out.append(exc)


def test_two_bulk_loads_of_the_same_articles_in_other_orders_both_finish() -> None:
    with pg_schema() as url, open_store(url) as first, open_store(url) as second:
        for round_ in range(4):
            batch = [article(f"Round {round_}, article {i}: the harbour council met again.",
                             f"https://example.com/{round_}/{i}") for i in range(300)]
            out: list[Outcome] = []
            start = threading.Barrier(2)
            threads = [threading.Thread(target=_load, args=(first, batch, start, out)),
                       threading.Thread(target=_load, args=(second, batch[::-1], start, out))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert not [o for o in out if isinstance(o, StoreError)], out
            statuses = [r.status for results in out if isinstance(results, list) for r in results]
            assert statuses.count("stored") == 300 and statuses.count("duplicate") == 300
        assert first.count() == 4 * 300
