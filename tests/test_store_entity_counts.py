"""The entities' mentions kept by triggers (SQLite, schema step 22, #8): the bound the most named
are ranked by, read from an index instead of grouping every entity row by name."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from test_store_contains import Planned
from test_store_events_index import named
from test_store_support import article

from newsdesk.store import NameFilter, Store, open_store
from newsdesk.store import people as people_sql
from newsdesk.store.db import Tx


def _counted(store: Store) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    """The entities' mentions as kept (schema step 22), and as every entity row grouped gives them."""
    with store._db.read() as tx:
        kept = tx.all("SELECT name, type, mentions FROM entity_counts ORDER BY name, type")
        grouped = tx.all("SELECT name, type, count(*) FROM entities GROUP BY name, type ORDER BY name, type")
    return [tuple(r) for r in kept], [tuple(r) for r in grouped]  # type: ignore[misc]


def test_entity_mentions_are_kept_as_the_rows_change(tmp_path: Path) -> None:
    """The kept counts are every entity row's, through new articles, new versions naming others
    (rows deleted and written again) and an article deleted; a name no longer named goes."""
    with open_store(str(tmp_path / "news.db")) as store:
        store.put_many([named(n) for n in range(60)])
        kept, grouped = _counted(store)
        assert kept == grouped and len(kept) > 20
        changed = named(7)
        store.put(article("A new version naming others.", changed.url, published=changed.published,
                          entities=named(8).entities[:1]))
        store.put(article("Another naming no one.", named(9).url, published=None))
        with store._db.write() as tx:
            tx.run("DELETE FROM articles WHERE pk = 3")
        kept, grouped = _counted(store)
        assert kept == grouped and kept != []


def test_the_most_named_read_no_entity_row_but_the_ranking_ones(tmp_path: Path) -> None:
    """The people list without dates (the entities API's) reads the few most mentioned from the kept
    counts: every entity row was grouped by name for their bounds before (0.4-0.6 s at 800k rows)."""
    path = tmp_path / "news.db"
    with open_store(str(path)) as store:
        store.put_many([named(n) for n in range(120)])
        expected = store.entities(NameFilter(type="person"), 3, indexed=False)
    conn = Planned(sqlite3.connect(path))
    tx = Tx(conn, "sqlite", conn.conn.executemany)  # type: ignore[arg-type]
    assert people_sql.find(tx, NameFilter(type="person"), limit=3) == expected
    assert not any(re.search(r"\bSCAN (e|entities)\b", plan) for plan in conn.plans), conn.plans
    assert any("entity_counts" in plan for plan in conn.plans), conn.plans
    conn.conn.close()
