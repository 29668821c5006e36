"""The speaker, words and name filters (quotes, said:, entities) from trigram indexes (schema step 11,
contains.py): the same rows as the scan they replace, on both backends, in a store migrated from
step 10 with rows in it, and kept in step by updates."""

from __future__ import annotations

import itertools
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from test_store_support import BACKENDS, article, pg_schema, quote_rows_before_step_26, store_on

from newsdesk.store import NameFilter, QuoteFilter, Store, open_store
from newsdesk.store import articles as article_sql
from newsdesk.store import people as people_sql
from newsdesk.store import quotes as quote_sql
from newsdesk.store import search as search_sql
from newsdesk.store.contains import like
from newsdesk.store.db import Database, Tx
from newsdesk.store.migrations import migrate, now
from newsdesk.store.query import parse
from newsdesk.store.schema import STEPS
from newsdesk.types import Article, Entity, Quote, Speaker

SPEAKERS = ("Volodymyr Zelensky", "Volodymyr Zelenskyy", "ZELENSKY", "Zelenskyi", "Recep Tayyip Erdoğan", "ERDOĞAN",
            "Erdogan", "Élisabeth Borne", "ÉLISABETH BORNE", "Al", "O'Brien", "100%_sure Ltd", None)
TEXTS = ("We are ready to discuss neutrality.", "Ça ira, L'ÉTÉ PROCHAIN.", "Talks went WELL in Istanbul.",
         "We are 50% sure_ok.", "Ready? Not yet.")
ASKED = ("Zelensky", "zelenskyy", "ZELENSKY volodymyr", "elensk", "Zel", "Ze", "erdoğan", "ERDOĞAN", "Erdogan",
         "élisabeth", "ÉLISABETH", "borne élisabeth", "o'brien", "100%", "_sure", "5_%", "%", "al", "nobody",
         "Volodymyr Zelensky Zelenskyy")
WORDS = ("ready", "ÉTÉ", "été", "ça", "well istanbul", "50%", "sure_ok", "re", "neutrality ready")


def quoted(n: int, speaker: str | None, text: str) -> Article:
    body = f"{text} (report {n})"
    entities = (Entity("e1", speaker, "PERSON"),) if speaker else ()
    quote = Quote(text, 0, len(text), "direct", Speaker(speaker) if speaker else None)
    return article(body, f"https://news.example/{n}", published=f"2022-03-{1 + n % 28:02d}", title=f"Report {n}",
                   entities=entities, quotes=(quote,))


def corpus() -> list[Article]:
    return [quoted(n, speaker, text) for n, (speaker, text) in enumerate(itertools.product(SPEAKERS, TEXTS))]


def check_same_as_scan(store: Store) -> None:
    """Every filter finds with the index exactly what the scan finds."""
    for name in ASKED:
        for words in (None, *WORDS):
            wanted = QuoteFilter(speaker=name, words=words)
            assert store.quotes(wanted, limit=500) == store.quotes(wanted, limit=500, indexed=False), wanted
        for kind in (None, "person"):
            named = NameFilter(type=kind, name=name)
            assert store.entities(named) == store.entities(named, indexed=False), named
        if re.search(r"\w", name):  # said: needs a word
            assert {h.id for h in store.search(f'said:"{name}"', limit=500)} == said_by_scan(store, name), name
    for words in WORDS:
        wanted = QuoteFilter(words=words)
        assert store.quotes(wanted, limit=500) == store.quotes(wanted, limit=500, indexed=False), wanted


def said_by_scan(store: Store, name: str) -> set[str]:
    """The articles ``said:`` found before the index: a scan of every quote's speaker."""
    words = re.findall(r"\w+", name.lower()) or [name.lower()]
    test = " AND ".join(["lower(speaker) LIKE ? ESCAPE '\\'"] * len(words))
    with store._db.read() as tx:
        rows = tx.all(f"SELECT id FROM articles WHERE pk IN (SELECT article_pk FROM quotes WHERE {test})",
                      [like(w) for w in words])
    return {str(r[0]) for r in rows}


def speakers(store: Store, name: str) -> set[str | None]:
    return {h.speaker for h in store.quotes(QuoteFilter(speaker=name), limit=500)}


@pytest.mark.parametrize("backend", BACKENDS)
def test_filters_find_what_the_scan_finds(backend: str, tmp_path: Path) -> None:
    with store_on(backend, tmp_path) as store:
        store.put_many(corpus())
        check_same_as_scan(store)
        # partial names and spellings as before: a word anywhere in the name, case ignored
        every = {"Volodymyr Zelensky", "Volodymyr Zelenskyy", "ZELENSKY", "Zelenskyi"}
        assert speakers(store, "Zelensky") == every and speakers(store, "elensk") == every
        assert speakers(store, "zelenskyy") == {"Volodymyr Zelenskyy"}
        assert speakers(store, "volodymyr ZELENSKY") == {"Volodymyr Zelensky", "Volodymyr Zelenskyy"}
        assert speakers(store, "Erdogan") == {"Erdogan"}  # accents are not folded
        assert speakers(store, "100%") == {"100%_sure Ltd"} and speakers(store, "5_%") == set()
        assert {h.name for h in store.entities(NameFilter(name="zelensky"))} == every


class Planned:
    """A SQLite connection that keeps the query plan of every SELECT it runs."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.plans: list[str] = []

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        if sql.lstrip().startswith(("SELECT", "WITH")):
            self.plans.append(" / ".join(str(r[3]) for r in self.conn.execute("EXPLAIN QUERY PLAN " + sql, params)))
        return self.conn.execute(sql, params)


def test_sqlite_filters_read_the_trigram_index(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    with open_store(str(path)) as store:
        store.put_many(corpus()[:10])
    conn = Planned(sqlite3.connect(path))
    tx = Tx(conn, "sqlite", conn.conn.executemany)  # type: ignore[arg-type]
    assert quote_sql.find(tx, QuoteFilter(speaker="Zelensky", words="ready")) != []
    assert people_sql.find(tx, NameFilter(name="volodymyr zel")) != []
    assert search_sql.search(tx, parse('said:Zelensky'), 10) != []
    for plan in conn.plans:  # quotes q, entities e: never read row by row
        assert not re.search(r"\bSCAN (q|e|quotes|entities)\b(?!_)", plan), plan
    assert sum("quotes_fts VIRTUAL TABLE" in p for p in conn.plans) == 3  # with the count of a common filter
    assert sum("entities_fts VIRTUAL TABLE" in p for p in conn.plans) == 1
    conn.plans.clear()
    quote_sql.find(tx, QuoteFilter(speaker="Zelensky"), indexed=False)
    assert re.search(r"\bSCAN q\b", conn.plans[0])  # the scan compared with
    conn.plans.clear()
    people_sql.find(tx, NameFilter(type="person", since="2022"))  # every entity row: the dates from the date index
    counted = next(p for p in conn.plans if "MATERIALIZE" in p)  # (after the count of the dates' articles)
    assert "SCAN articles USING COVERING INDEX articles_published" in counted, counted
    assert "SEARCH a USING INTEGER PRIMARY KEY" not in counted  # no article row read per entity row
    conn.conn.close()


def test_postgres_filters_can_read_the_trigram_indexes(tmp_path: Path) -> None:
    with store_on("postgres", tmp_path) as store:
        store.put_many(corpus()[:10])
        with store._db.read() as tx:
            tx.run("SET LOCAL enable_seqscan = off")  # ten rows: the planner would rather read them all
            for table, column in (("quotes", "speaker"), ("quotes", "text"), ("entities", "name")):
                plan = " ".join(str(r[0]) for r in tx.all(
                    f"EXPLAIN SELECT pk FROM {table} WHERE lower({column}) LIKE '%zelensky%' ESCAPE '\\'"))
                assert f"{table}_{column}_trgm" in plan, plan


def _previous_schema(db: Database, rows: list[Article]) -> None:
    """A store at schema step 10 (before the trigram indexes) holding ``rows``."""
    migrate(db, tuple(s for s in STEPS if s.version <= 10))
    with quote_rows_before_step_26(), db.write() as tx:
        for each in rows:
            article_sql.put(tx, each, now())
    db.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_migration_indexes_the_rows_already_stored(backend: str, tmp_path: Path) -> None:
    rows = corpus()
    if backend == "sqlite":
        from newsdesk.store.sqlite import SQLiteDatabase

        url = str(tmp_path / "old.db")
        _previous_schema(SQLiteDatabase(url), rows[:40])
        run_on_old(url, rows)
        return
    from newsdesk.store.postgres import PostgresDatabase

    with pg_schema() as url:
        _previous_schema(PostgresDatabase(url), rows[:40])
        run_on_old(url, rows)


def run_on_old(url: str, rows: list[Article]) -> None:
    with open_store(url) as store:
        assert max(m.version for m in store.migrations()) == max(s.version for s in STEPS)
        assert speakers(store, "Zelensky") == {"Volodymyr Zelensky", "Volodymyr Zelenskyy", "ZELENSKY", "Zelenskyi"}
        assert speakers(store, "erdoğan") != set()  # all in the first 40 rows, stored before the index
        store.put_many(rows[40:])
        check_same_as_scan(store)
        # a new version of an article replaces its quotes and names in the index
        changed = quoted(0, "Kaja Kallas", "Something else entirely.")
        assert store.put(changed).status == "updated"
        assert speakers(store, "kallas") == {"Kaja Kallas"}
        assert store.quotes(QuoteFilter(words="Something else")) != []
        assert {h.speaker for h in store.quotes(QuoteFilter(speaker="Volodymyr Zelensky", words="neutrality"))} == {
            "Volodymyr Zelenskyy"}  # article 0's was Volodymyr Zelensky's
        check_same_as_scan(store)
        if store.dialect == "sqlite":
            with store._db.write() as tx:  # the index holds what the tables hold
                for table in ("quotes_fts", "entities_fts"):
                    tx.run(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_entity_counted_from_the_date_index_as_from_the_articles(backend: str, tmp_path: Path) -> None:
    """Without a name, entities reads the articles' dates and stories once (not each entity's article
    row): the same counts, stories, dates and order, copies left out."""
    from newsdesk.stories.records import Assignment

    with store_on(backend, tmp_path) as store:
        ids = [r.id for r in store.put_many(corpus())]
        for n, stored in enumerate(ids[:30]):  # stories of three: a first article, a member, a copy
            first = ids[n - n % 3]
            role, copy_of = ("new", None) if n % 3 == 0 else ("joined", None) if n % 3 == 1 else ("copy", first)
            store.assign_story(Assignment(stored, f"s{n // 3}", role, copy_of=copy_of), store.get(stored))  # type: ignore[arg-type]
        for wanted in (NameFilter(), NameFilter(type="person"), NameFilter(since="2022-03-10"),
                       NameFilter(type="person", until="2022-03-05")):
            for limit, offset in ((50, 0), (3, 2)):
                every = store.entities(wanted, limit, offset)
                assert every == store.entities(wanted, limit, offset, indexed=False), wanted
        top = store.entities(NameFilter(), limit=100)
        assert sum(h.articles for h in top) == len(ids) - 10 - 5  # copies and articles naming nobody left out
        assert any(h.stories for h in top)
