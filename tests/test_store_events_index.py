"""The events filters from indexes (schema step 13, store/events.py): the same events, in the same
order, as the query they replace (the date computed across events and articles, the words scanned),
on both backends, in a store migrated from step 12 with rows in it, and kept in step by updates."""

from __future__ import annotations

import dataclasses
import itertools
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from test_store_contains import Planned
from test_store_support import BACKENDS, article, pg_schema, store_on

from newsdesk.store import EventFilter, NameFilter, QuoteFilter, Store, open_store
from newsdesk.store import articles as article_sql
from newsdesk.store import events as event_sql
from newsdesk.store import people as people_sql
from newsdesk.store import quotes as quote_sql
from newsdesk.store.db import Database, Tx
from newsdesk.store.migrations import migrate, now
from newsdesk.store.schema import STEPS
from newsdesk.stories.records import Assignment
from newsdesk.types import Article, Entity, Event, Location, Party, Quote, Span, Speaker

PARTIES = ("Volodymyr Zelensky", "ZELENSKYY", "Recep Tayyip Erdoğan", "Erdogan", "Russian forces", "Russia",
           "100%_sure Ltd", "Al", None)
PLACES = ("Kyiv", "Istanbul, Turkey", "Kharkiv Oblast", "İzmir", None)
TYPES = ("CONSULT", "ASSAULT", "PROTEST")
MODALITIES = ("asserted", "intended", "negated")
WORDS = ("zelensky", "ZELENSKYY", "erdoğan", "erdogan", "russia", "russian forces", "100%", "_sure", "5_%", "%",
         "al", "nobody", "kyiv", "turkey istanbul", "İzmir", "oblast")
FILTERS = (
    EventFilter(), EventFilter(type="consult"), EventFilter(modality="negated"),
    EventFilter(type="ASSAULT", modality="intended"), EventFilter(since="2022-03-10"), EventFilter(until="2022-03-05"),
    EventFilter(since="2022-03-08", until="2022-03-12"), EventFilter(type="PROTEST", since="2022-03-15"),
    EventFilter(since="2022"), EventFilter(until="2021"),
    *(EventFilter(party=w) for w in WORDS), *(EventFilter(actor=w) for w in WORDS[:6]),
    *(EventFilter(target=w) for w in WORDS[4:10]), *(EventFilter(place=w) for w in WORDS[10:]),
    EventFilter(actor="zelensky", target="russia"), EventFilter(party="russia", place="kyiv", type="ASSAULT"),
    EventFilter(party="zelensky erdogan"), EventFilter(party="al", since="2022-03-10", modality="asserted"),
)


def reported(n: int) -> Article:
    """Article n: two events of varied parties, places, types and modalities; some dated, some not;
    now and then no publication date, and runs of the same date (ties broken by article and event)."""
    text = f"Report {n}: something happened."
    events = []
    for k in range(2):
        m = n * 2 + k
        actor, target = PARTIES[m % len(PARTIES)], PARTIES[(m * 5 + 3) % len(PARTIES)]
        place = PLACES[(m * 3) % len(PLACES)]
        date = None if m % 3 else f"2022-03-{1 + m % 20:02d}"
        events.append(Event(type=TYPES[m % len(TYPES)], sentence=Span(0, len(text)), trigger="did",
                            modality=MODALITIES[(m // 2) % len(MODALITIES)],  # type: ignore[arg-type]
                            actor=Party(actor) if actor else None, target=Party(target) if target else None,
                            location=Location(place) if place else None, date=date))
    published = None if n % 11 == 5 else f"2022-03-{1 + n % 19:02d}T{n % 24:02d}:00:00+00:00"
    return article(text, f"https://news.example/{n}", published=published, title=f"Report {n}",
                   events=tuple(events))


def corpus() -> list[Article]:
    return [reported(n) for n in range(90)]


def check_same_as_before(store: Store) -> None:
    """Every filter finds with the indexes exactly what the old query finds, in its order and pages."""
    for wanted in FILTERS:
        every = store.events(wanted, limit=500)
        assert every == store.events(wanted, limit=500, indexed=False), wanted
        for limit, offset in ((5, 0), (7, 3)):
            assert store.events(wanted, limit, offset) == store.events(wanted, limit, offset, indexed=False), wanted


def in_stories(store: Store, ids: list[str]) -> None:
    """Stories of three: a first article, a member, a copy (whose events are left out)."""
    for n, stored in enumerate(ids[:30]):
        first = ids[n - n % 3]
        role, copy_of = ("new", None) if n % 3 == 0 else ("joined", None) if n % 3 == 1 else ("copy", first)
        store.assign_story(Assignment(stored, f"s{n // 3}", role, copy_of=copy_of), store.get(stored))  # type: ignore[arg-type]


@pytest.mark.parametrize("backend", BACKENDS)
def test_events_filters_find_what_the_old_query_finds(backend: str, tmp_path: Path) -> None:
    with store_on(backend, tmp_path) as store:
        ids = [r.id for r in store.put_many(corpus())]
        in_stories(store, ids)
        check_same_as_before(store)
        # what the filters find, by hand: a word anywhere in a party's name, case ignored, accents kept
        parties = {name for h in store.events(EventFilter(party="zelensky"), limit=500) for name in (h.actor, h.target)}
        assert {"Volodymyr Zelensky", "ZELENSKYY"} <= parties
        assert all("erdogan" in f"{h.actor} {h.target}".lower() for h in store.events(EventFilter(party="erdogan")))
        dates = [h.date or h.published for h in store.events(EventFilter(), limit=500)]
        known = [d for d in dates if d is not None]
        assert known == sorted(known, reverse=True) and dates[len(known):] == [None] * (len(dates) - len(known))


@pytest.mark.parametrize("backend", BACKENDS)
def test_migration_dates_and_indexes_the_events_already_stored(backend: str, tmp_path: Path) -> None:
    rows = corpus()
    if backend == "sqlite":
        from newsdesk.store.sqlite import SQLiteDatabase

        url = str(tmp_path / "old.db")
        _previous_schema(SQLiteDatabase(url), rows[:50])
        run_on_old(url, rows)
        return
    from newsdesk.store.postgres import PostgresDatabase

    with pg_schema() as url:
        _previous_schema(PostgresDatabase(url), rows[:50])
        run_on_old(url, rows)


def _previous_schema(db: Database, rows: list[Article]) -> None:
    """A store at schema step 12 (before the events' indexes) holding ``rows``, their events written
    as step 12 wrote them (without the date column step 13 adds)."""
    migrate(db, tuple(s for s in STEPS if s.version <= 12))
    real = article_sql._insert_rows

    def as_before(tx: Tx, pk: int, article: Article) -> None:
        real(tx, pk, dataclasses.replace(article, events=()))
        tx.many("INSERT INTO events (article_pk, type, trigger_text, modality, actor, target, location, date) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(pk, ev.type, ev.trigger, ev.modality, ev.actor.name if ev.actor else None,
                  ev.target.name if ev.target else None, ev.location.name if ev.location else None, ev.date)
                 for ev in article.events])

    with pytest.MonkeyPatch.context() as patch, db.write() as tx:
        patch.setattr(article_sql, "_insert_rows", as_before)
        for each in rows:
            article_sql.put(tx, each, now())
    db.close()


def run_on_old(url: str, rows: list[Article]) -> None:
    with open_store(url) as store:
        assert max(m.version for m in store.migrations()) == max(s.version for s in STEPS)
        with store._db.read() as tx:
            held = tx.one("SELECT count(*), count(happened) FROM events")
        dated = sum(ev.date is not None or each.published is not None for each in rows[:50] for ev in each.events)
        assert held is not None and (held[0], held[1]) == (100, dated) and dated < 100  # all but the undated ones
        assert len(store.events(EventFilter(party="zelensky"), limit=500)) > 5  # stored before the index
        ids = [r.id for r in store.put_many(rows[50:])]
        in_stories(store, ids)
        check_same_as_before(store)
        # a new version of an article replaces its events, their dates and words
        changed = article("Report 0: something else.", "https://news.example/0", published="2023-01-02T00:00:00+00:00",
                          events=(Event(type="AGREE", sentence=Span(0, 9), trigger="agreed", actor=Party("Kaja Kallas"),
                                        location=Location("Tallinn")),))
        assert store.put(changed).status == "updated"
        latest = store.events(EventFilter(), limit=1)[0]
        assert (latest.type, latest.actor, latest.published) == ("AGREE", "Kaja Kallas", "2023-01-02T00:00:00+00:00")
        assert [h.actor for h in store.events(EventFilter(party="kallas", place="tallinn"))] == ["Kaja Kallas"]
        check_same_as_before(store)
        if store.dialect == "sqlite":
            with store._db.write() as tx:  # the index holds what the table holds
                tx.run("INSERT INTO events_fts (events_fts) VALUES ('integrity-check')")


def test_sqlite_events_filters_read_the_indexes(tmp_path: Path) -> None:
    """The latest events (of a type, in dates) are walked from the date indexes; party and place
    words come from the trigram table: the events table is never read row by row, nor sorted."""
    path = tmp_path / "news.db"
    with open_store(str(path)) as store:
        store.put_many(corpus())
    conn = Planned(sqlite3.connect(path))
    tx = Tx(conn, "sqlite", conn.conn.executemany)
    for wanted in (EventFilter(), EventFilter(type="CONSULT"), EventFilter(since="2022-03-10", until="2022-03-12"),
                   EventFilter(type="ASSAULT", since="2022-03-10"), EventFilter(modality="negated")):
        assert event_sql.find(tx, wanted) != []
        plan = _walk_plan(conn)
        assert re.search(r"SCAN e USING (COVERING )?INDEX events_(type_)?happened|SEARCH e USING INDEX "
                         r"events_(type_)?happened", plan), (wanted, plan)
        assert "TEMP B-TREE" not in plan, (wanted, plan)  # no sort: the walk stops at the limit
    for wanted in (EventFilter(party="zelensky"), EventFilter(actor="russia", place="kyiv")):
        assert event_sql.find(tx, wanted) != []
        plan = _walk_plan(conn)
        assert "events_fts VIRTUAL TABLE" in plan and not re.search(r"\bSCAN e\b", plan), (wanted, plan)
    conn.conn.close()


def _walk_plan(conn: Planned) -> str:
    """The plan of the walk that found a page of events: the page's rows are read by key after it."""
    _, page, walk = conn.plans.pop(), conn.plans.pop(), conn.plans.pop()  # the count of reports last
    assert "SEARCH e USING INTEGER PRIMARY KEY (rowid=?)" in page and "SCAN" not in page, page
    return walk


def test_postgres_events_filters_can_read_the_indexes(tmp_path: Path) -> None:
    with store_on("postgres", tmp_path) as store:
        store.put_many(corpus()[:10])
        with store._db.read() as tx:
            tx.run("SET LOCAL enable_seqscan = off")  # ten rows: the planner would rather read them all
            plans = {}
            for name, sql in (
                    ("events_happened", "SELECT pk FROM events ORDER BY happened DESC NULLS LAST, article_pk DESC, pk "
                                        "LIMIT 5"),
                    ("events_type_happened", "SELECT pk FROM events WHERE type = 'CONSULT' "
                                             "ORDER BY happened DESC NULLS LAST, article_pk DESC, pk LIMIT 5"),
                    ("events_actor_trgm", "SELECT pk FROM events WHERE lower(actor) LIKE '%zelensky%' ESCAPE '\\'"),
                    ("events_location_trgm", "SELECT pk FROM events WHERE lower(location) LIKE '%kyiv%' ESCAPE '\\'")):
                plans[name] = " ".join(str(r[0]) for r in tx.all("EXPLAIN " + sql))
            for name, plan in plans.items():
                assert name in plan, plan


def test_events_in_order_across_pages(tmp_path: Path) -> None:
    """Paging through every event with the index gives each once, in the old order."""
    with store_on("sqlite", tmp_path) as store:
        store.put_many(corpus())
        pages = [store.events(EventFilter(), limit=7, offset=at) for at in range(0, 210, 7)]
        every = list(itertools.chain.from_iterable(pages))
        assert every == store.events(EventFilter(), limit=500, indexed=False)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_fold_repoints_earlier_merges_by_index(backend: str, tmp_path: Path) -> None:
    """Stories merged into one that is folded in turn point at the story that took it (schema step
    15 finds them by index: every story row was read on each fold)."""
    with store_on(backend, tmp_path) as store:
        ids = [r.id for r in store.put_many(corpus()[:5])]
        steps = ((0, "s1", "new", ()), (1, "s2", "new", ()), (2, "s2", "joined", ("s1",)), (3, "s3", "new", ()),
                 (4, "s3", "joined", ("s2",)))
        for n, story, status, merged in steps:
            store.assign_story(Assignment(ids[n], story, status, merged=merged), store.get(ids[n]))  # type: ignore[arg-type]
        for gone in ("s1", "s2"):
            found = store.story(gone)
            assert found is not None and found.id == "s3" and len(found.articles) == 5
        assert [s.id for s in store.stories()] == ["s3"]
        with store._db.read() as tx:
            pointers = tx.all("SELECT id, merged_into FROM stories ORDER BY id")
            assert [tuple(r) for r in pointers] == [("s1", "s3"), ("s2", "s3"), ("s3", None)]
            fold = "UPDATE stories SET merged_into = ? WHERE merged_into = ?"  # as stories._fold runs it
            if backend == "postgres":
                tx.run("SET LOCAL enable_seqscan = off")  # three rows: the planner would rather read them all
            plan = " ".join(str(r[-1]) for r in tx.all(
                tx.pick(sqlite="EXPLAIN QUERY PLAN ", postgres="EXPLAIN ") + fold, ("s3", "s2")))
            assert "stories_merged_into" in plan, plan


def named(n: int) -> Article:
    """Article n naming people, organisations and places from small pools (counts spread out, with
    ties), some of them twice (two entity rows, one article), and now and then no date."""
    people = [f"Person {chr(65 + (n * 7 + k) % 23)}" for k in range(1 + n % 3)]
    orgs = [f"Org {n % 5}"] if n % 2 else []
    places = [f"Place {(n // 3) % 9}", f"Place {(n // 3) % 9}"] if n % 4 else []
    entities = tuple(Entity(f"e{i}", name, kind) for i, (name, kind) in enumerate(  # type: ignore[arg-type]
        [(p, "PERSON") for p in people] + [(o, "ORG") for o in orgs] + [(p, "PLACE") for p in places], 1))
    published = None if n % 13 == 7 else f"2022-{1 + n % 12:02d}-{1 + n % 27:02d}"
    return article(f"Report {n} names some people.", f"https://names.example/{n}", published=published,
                   title=f"Names {n}", entities=entities)


@pytest.mark.parametrize("backend", BACKENDS)
def test_most_named_entities_as_the_full_count_ranks_them(backend: str, tmp_path: Path) -> None:
    """The people page's list (no name, no dates) counts only the entities that can rank: the same
    entities, counts, stories, dates and order as counting every entity row; copies (whose rows the
    bounds still count) left out."""
    with store_on(backend, tmp_path) as store, pytest.MonkeyPatch.context() as patch:
        ids = [r.id for r in store.put_many([named(n) for n in range(120)])]
        in_stories(store, ids[:60])  # 20 copies: their entity rows count in the bounds only
        for most in (people_sql._MOST_GROUPS, 6):  # 6: more can rank than are counted one by one
            patch.setattr(people_sql, "_MOST_GROUPS", most)
            for kind in (None, "person", "place", "org"):
                for limit, offset in ((50, 0), (3, 0), (4, 2), (1, 7), (10, 30), (5, 200)):
                    wanted = NameFilter(type=kind)
                    assert store.entities(wanted, limit, offset) == store.entities(
                        wanted, limit, offset, indexed=False), (most, kind, limit, offset)
        assert store.entities(NameFilter(type="group")) == []


def test_most_named_entities_read_no_article_but_theirs(tmp_path: Path) -> None:
    """The people page's list reads the articles of the entities that can rank, not every article."""
    path = tmp_path / "news.db"
    with open_store(str(path)) as store:
        store.put_many([named(n) for n in range(120)])
    conn = Planned(sqlite3.connect(path))
    tx = Tx(conn, "sqlite", conn.conn.executemany)
    assert len(people_sql.find(tx, NameFilter(), limit=3)) == 3
    assert conn.plans and not any("SCAN articles" in plan or "SCAN a " in plan for plan in conn.plans), conn.plans
    conn.conn.close()


def test_postgres_walks_the_latest_events_without_stories(tmp_path: Path) -> None:
    """No story tracked (story_articles empty, analysed): the latest events are still walked from the
    date index, not every event joined and sorted (the planner took the copy filter for a rare one)."""
    with store_on("postgres", tmp_path) as store:
        store.put_many([reported(n) for n in range(1500)])
        with store._db.write() as tx:
            tx.run("ANALYZE")
        with store._db.read() as tx:
            plans = _explaining(tx)
            for wanted in (EventFilter(), EventFilter(type="CONSULT")):
                assert event_sql.find(tx, wanted, limit=10) != []
                walk = plans[-3]  # (the page's rows are read by key after it, then its reports counted)
                assert re.search(r"Index Scan( Backward)? using events_(type_)?happened", walk), walk
                assert "Sort" not in walk.replace("Sort Key", ""), walk


@pytest.mark.parametrize("backend", BACKENDS)
def test_quotes_leave_copies_out_as_before(backend: str, tmp_path: Path) -> None:
    """Copies left out by NOT EXISTS find what the join's "copy_of IS NULL" found."""
    from test_store_contains import check_same_as_scan, quoted

    with store_on(backend, tmp_path) as store:
        ids = [r.id for r in store.put_many([quoted(n, "Volodymyr Zelensky" if n % 3 else "Erdogan", f"Words {n % 7}.")
                                             for n in range(90)])]
        in_stories(store, ids[:60])
        for wanted in (QuoteFilter(), QuoteFilter(speaker="zelensky"), QuoteFilter(words="words 3"),
                       QuoteFilter(speaker="erdogan", since="2022-03-10")):
            for limit, offset in ((500, 0), (4, 3)):
                assert store.quotes(wanted, limit, offset) == store.quotes(wanted, limit, offset, indexed=False)
        assert len(store.quotes(QuoteFilter(speaker="zelensky"), limit=500)) < 60  # copies and repeats left out
        check_same_as_scan(store)


def test_postgres_quotes_of_a_speaker_read_no_article_but_theirs(tmp_path: Path) -> None:
    """No story tracked (story_articles empty, analysed): a speaker's quotes are found first (their
    trigram index), then their articles; not every article's quotes probed by article (the planner
    took the copy filter for a rare one)."""
    from test_store_contains import quoted

    def five(n: int) -> Article:  # one quote in seventy is Zelensky's
        said = tuple(Quote(f"Words {n} {k}.", 0, 5, "direct", Speaker(
            "Volodymyr Zelensky" if (n * 5 + k) % 70 == 0 else f"Speaker {n} {k}")) for k in range(5))
        return dataclasses.replace(quoted(n, None, f"Words {n}."), quotes=said)

    with store_on("postgres", tmp_path) as store:
        store.put_many([five(n) for n in range(3000)])
        with store._db.write() as tx:
            tx.run("ANALYZE")
        with store._db.read() as tx:
            plans = _explaining(tx)
            assert len(quote_sql.find(tx, QuoteFilter(speaker="zelensky"), limit=10)) == 10
            walk = plans[-3]  # (the page's rows are read by key after it, then its statements counted)
            assert "quotes_speaker_trgm" in walk and "using quotes_article" not in walk, walk


def _explaining(tx: Any) -> list[str]:
    """The PostgreSQL plans of the queries ``tx.all`` runs from now on, in a list that grows with them."""
    plans: list[str] = []
    real = tx.all

    def explained(sql: str, params: Sequence[Any] = ()) -> list[Any]:
        plans.append(" ".join(str(r[0]) for r in real("EXPLAIN " + sql, params)))
        return real(sql, params)

    tx.all = explained
    return plans
