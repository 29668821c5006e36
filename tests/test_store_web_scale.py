"""The lists the web pages show stay fast on a big store (#8, #5): the same rows as the plain queries,
read by the plans that stay fast (``bench/store_scale.py --pages`` times them at 200k articles)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from test_store_contains import Planned
from test_store_events_index import _explaining, in_stories, named
from test_store_support import BACKENDS, article, store_on

from newsdesk.store import NameFilter, QuoteFilter, open_store
from newsdesk.store import people as people_sql
from newsdesk.store import quotes as quote_sql
from newsdesk.store.db import Tx
from newsdesk.types import Article, Quote, Speaker

WINDOWS = (NameFilter(type="person", since="2022-03", until="2022-03"), NameFilter(since="2022-11"),
           NameFilter(type="place", since="2022-02-10", until="2022-04-02"), NameFilter(type="org", until="2022-01"),
           NameFilter(type="person", since="2022"), NameFilter(until="2022-09"), NameFilter(since="2023"))


@pytest.mark.parametrize("backend", BACKENDS)
def test_entities_in_a_few_weeks_are_those_counting_every_row_finds(backend: str, tmp_path: Path) -> None:
    """A narrow window (read by date) and a wide one (every row counted) give what the plain query
    gives: the same entities, counts, stories, last dates and order, copies left out, on every page."""
    with store_on(backend, tmp_path) as store:
        ids = [r.id for r in store.put_many([named(n) for n in range(160)])]
        in_stories(store, ids[:60])
        for wanted in WINDOWS:
            for limit, offset in ((50, 0), (3, 0), (4, 2), (5, 200)):
                assert store.entities(wanted, limit, offset) == store.entities(wanted, limit, offset, indexed=False), (
                    wanted, limit, offset)
        assert store.entities(WINDOWS[0], 50) != []


def test_entities_in_a_month_read_that_month_by_date(tmp_path: Path) -> None:
    """The people page's last month reads the articles of that month from the date index and their
    entity rows by article: not every entity row (a wider window still counts every row at once)."""
    path = tmp_path / "news.db"
    with open_store(str(path)) as store:
        store.put_many([named(n) for n in range(160)])
    conn = Planned(sqlite3.connect(path))
    tx = Tx(conn, "sqlite", conn.conn.executemany)  # type: ignore[arg-type]
    assert people_sql.find(tx, NameFilter(type="person", since="2022-03", until="2022-03")) != []
    plan = next(p for p in conn.plans if "GROUP BY" in p)  # the count (then each one's titles)
    # (the covering index of schema step 20 holds the date, the key and the id: the articles' rows are not read)
    assert re.search(r"SEARCH a USING (COVERING )?INDEX articles_(published|newest_ids) \(published>\? AND "
                     r"published<\?\)", plan), plan
    assert "SEARCH e USING INDEX entities_article" in plan and not re.search(r"\bSCAN (e|entities)\b", plan), plan
    conn.plans.clear()
    people_sql.find(tx, NameFilter(type="person", since="2022"))
    plan = next(p for p in conn.plans if "MATERIALIZE" in p)
    assert "SCAN articles USING COVERING INDEX articles_published" in plan, plan
    conn.conn.close()


def spoken(n: int) -> Article:
    """Article n: five quotes, a third of them Zelensky's (the old ones Erdoğan's instead), most holding
    "talks"; a run of equal dates, now and then none."""
    quotes = []
    text = ""
    for k in range(5):
        m = n * 5 + k
        who = ("Recep Tayyip Erdoğan" if n < 40 else "Volodymyr Zelensky") if m % 3 == 0 else f"Speaker {m % 17}"
        words = f"Words {m} on the {'talks' if m % 4 else 'war'} {n % 7}."
        quotes.append(Quote(words, len(text), len(text) + len(words), "direct" if m % 2 else "indirect",
                            Speaker(who)))
        text += words + " "
    published = None if n % 23 == 4 else f"2022-{1 + n // 25 % 12:02d}-{1 + n % 5:02d}"
    return article(text, f"https://said.example/{n}", published=published, title=f"Said {n}", quotes=tuple(quotes))


QUOTE_FILTERS = (QuoteFilter(speaker="zelensky"), QuoteFilter(words="talks"),
                 QuoteFilter(speaker="zelensky", words="talks"), QuoteFilter(speaker="erdoğan"),
                 QuoteFilter(words="talks", since="2022-03", until="2022-05"),
                 QuoteFilter(speaker="zelensky", kind="direct", until="2022-04"), QuoteFilter(words="war 3"),
                 QuoteFilter(speaker="nobody"))


@pytest.mark.parametrize("backend", BACKENDS)
def test_quotes_of_a_common_speaker_or_word_are_those_the_index_finds(backend: str, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A common speaker or word, read by walking the newest articles, gives what the plain query gives;
    one common only long ago (none among the newest) falls back to the index: the same rows again."""
    monkeypatch.setattr(quote_sql, "_COMMON", 20, raising=False)  # 1,000 quotes here: 20 make a filter common
    with store_on(backend, tmp_path) as store:
        ids = [r.id for r in store.put_many([spoken(n) for n in range(200)])]
        in_stories(store, ids[150:])
        for wanted in QUOTE_FILTERS:
            for limit, offset in ((50, 0), (3, 0), (4, 2), (30, 90), (5, 400)):
                assert store.quotes(wanted, limit, offset) == store.quotes(wanted, limit, offset, indexed=False), (
                    wanted, limit, offset)
        assert len(store.quotes(QuoteFilter(speaker="zelensky"), 40)) == 40


def test_a_common_speakers_quotes_walk_the_newest_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A common speaker's newest quotes come from the date index, the walk stopping at the limit:
    not every quote of theirs listed by the trigram index and sorted. A rare one's from the index."""
    monkeypatch.setattr(quote_sql, "_COMMON", 20, raising=False)
    path = tmp_path / "news.db"
    with open_store(str(path)) as store:
        store.put_many([spoken(n) for n in range(200)])
    conn = Planned(sqlite3.connect(path))
    tx = Tx(conn, "sqlite", conn.conn.executemany)  # type: ignore[arg-type]
    assert len(quote_sql.find(tx, QuoteFilter(speaker="zelensky"), limit=10)) == 10
    plan = conn.plans[-3]  # (the page's rows are read by key after it, then its statements counted)
    assert re.search(r"(SCAN|SEARCH) a USING COVERING INDEX articles_newest_ids", plan), plan  # (schema step 20)
    assert "TEMP B-TREE" not in plan and "quotes_fts" not in plan, plan
    conn.plans.clear()
    assert quote_sql.find(tx, QuoteFilter(words="words 999"), limit=10) != []  # one quote holds "999"
    assert "quotes_fts VIRTUAL TABLE" in conn.plans[-3], conn.plans[-3]
    conn.conn.close()


def test_postgres_walks_the_newest_quotes_from_the_newest_articles_index(tmp_path: Path) -> None:
    """Schema step 18: the quotes list (no filter) walks the articles newest first from an index and
    stops at the page, stories tracked or not; before it PostgreSQL joined and sorted every quote."""
    with store_on("postgres", tmp_path) as store:
        ids = [r.id for r in store.put_many([spoken(n) for n in range(400)])]
        first = store.quotes(QuoteFilter(), 10)
        in_stories(store, ids[-30:])
        with store._db.write() as tx:
            tx.run("ANALYZE")
        with store._db.read() as tx:
            plans = _explaining(tx)
            hits = quote_sql.find(tx, QuoteFilter(), limit=10)
            plan = plans[-3]  # (the quotes of one article sorted as they come: an incremental sort; the page after)
            assert "Index Scan using articles_newest" in plan and not re.search(r"(?<!Incremental )Sort  ", plan), plan
        assert hits == store.quotes(QuoteFilter(), 10, indexed=False) and len(hits) == 10
        assert [h.text for h in first] != [] and first[0].published == hits[0].published
