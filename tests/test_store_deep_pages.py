"""Deep pages of the quotes and events lists (#8): a page far down (offset 10,000) merges the same
words said again, or one story's reports of an event, over every row read up to it. The rows are read
first by what merging needs, their articles' dates, ids, stories and copies from covering indexes (SQLite,
schema steps 20, 21 and 23), and only the page's rows in full: the same hits, counts and order as reading every row in
full (``indexed=False``), on both backends."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from test_store_contains import Planned
from test_store_support import BACKENDS, article, store_on

from newsdesk.store import EventFilter, QuoteFilter, Store, open_store
from newsdesk.store import events as event_sql
from newsdesk.store import quotes as quote_sql
from newsdesk.store.db import Tx
from newsdesk.stories.records import Assignment
from newsdesk.types import Article, Event, Location, Party, Quote, Span, Speaker

PAGES = ((30, 0), (31, 30), (7, 45), (50, 120), (31, 260), (10, 590), (5, 2000))


def repeated(n: int) -> Article:
    """Article n: three quotes, the same words said again often (case and spacing aside) by a small
    pool of speakers, and two events of a small pool of types and parties, so that one story's reports
    of an event repeat; runs of equal dates, now and then none."""
    quotes, events, text = [], [], ""
    for k in range(3):
        m = n * 3 + k
        words = f"Words {m % 37} on the {'TALKS' if m % 5 == 0 else 'talks'}{'  again' if m % 7 == 0 else ' again'}."
        who = None if m % 29 == 0 else f"Speaker {'X' if m % 11 == 0 else 'x'} {m % 4}"
        quotes.append(Quote(words, len(text), len(text) + len(words), "direct" if m % 2 else "indirect",
                            Speaker(who) if who else None))
        text += words + " "
    for k in range(2):
        m = n * 2 + k
        events.append(Event(type=("CONSULT", "ASSAULT", "AID")[m % 3], sentence=Span(0, 10), trigger="met",
                            modality="asserted" if m % 4 else "intended",
                            actor=Party(("Kyiv", "Moscow", "KYIV")[m % 3]), target=None if m % 5 else Party("Ankara"),
                            location=Location("Istanbul") if m % 2 else None,
                            date=None if m % 3 else f"2022-03-{1 + m % 9:02d}"))
    published = None if n % 17 == 3 else f"2022-03-{1 + n // 20 % 28:02d}T{n % 3:02d}:00:00+00:00"
    return article(text + f"({n})", f"https://deep.example/{n}", published=published, title=f"Deep {n}",
                   quotes=tuple(quotes), events=tuple(events))


def in_big_stories(store: Store, ids: list[str]) -> None:
    """Stories of ten articles (one in ten a copy of the story's first), a third of the articles in none."""
    for n, stored in enumerate(ids):
        if n % 3 == 2:
            continue
        first = ids[n - n % 30]
        copy = n % 30 == 10
        store.assign_story(Assignment(stored, f"big{n // 30}", "new" if n % 30 == 0 else "copy" if copy else "joined",
                                      copy_of=first if copy else None), store.get(stored))  # type: ignore[arg-type]


QUOTES = (QuoteFilter(), QuoteFilter(speaker="speaker x"), QuoteFilter(words="talks again"),
          QuoteFilter(kind="direct", since="2022-03-05"), QuoteFilter(speaker="x 3", until="2022-03-09"))
EVENTS = (EventFilter(), EventFilter(type="CONSULT"), EventFilter(party="kyiv"), EventFilter(place="istanbul"),
          EventFilter(since="2022-03-03", until="2022-03-12"), EventFilter(modality="intended"))


@pytest.mark.parametrize("backend", BACKENDS)
def test_deep_pages_are_the_pages_reading_every_row_gives(backend: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page, near and deep, of every filter: the same hits (rows, counts of articles, order) as
    the rows read in full and merged; a common word or speaker walked from the newest articles too."""
    monkeypatch.setattr(quote_sql, "_COMMON", 30, raising=False)  # some filters common here: the walk
    with store_on(backend, tmp_path) as store:
        ids = [r.id for r in store.put_many([repeated(n) for n in range(700)])]
        in_big_stories(store, ids)
        merged = 0
        for wanted in QUOTES:
            for limit, offset in PAGES:
                hits = store.quotes(wanted, limit, offset)
                assert hits == store.quotes(wanted, limit, offset, indexed=False), (wanted, limit, offset)
                merged += sum(h.articles > 1 for h in hits)
        for found in EVENTS:
            for limit, offset in PAGES:
                events = store.events(found, limit, offset)
                assert events == store.events(found, limit, offset, indexed=False), (found, limit, offset)
                merged += sum(h.articles > 1 for h in events)
        assert merged > 100  # the pages hold merged hits: the counts were compared, not only ones
        assert len(store.quotes(QuoteFilter(), 31, 30)) == 31 and len(store.events(EventFilter(), 31, 260)) == 31


def test_a_deep_page_reads_no_article_row_but_the_pages(tmp_path: Path) -> None:
    """The walk to a deep page reads the articles' dates and ids from the covering indexes (schema
    steps 20 and 21), not from their rows (each the whole record), their stories and copies likewise
    (step 23); only the page's rows are read in full, by key."""
    path = tmp_path / "news.db"
    with open_store(str(path)) as store:
        ids = [r.id for r in store.put_many([repeated(n) for n in range(120)])]
        in_big_stories(store, ids)
    conn = Planned(sqlite3.connect(path))
    tx = Tx(conn, "sqlite", conn.conn.executemany)  # type: ignore[arg-type]
    assert len(quote_sql.find(tx, QuoteFilter(), limit=10, offset=20)) == 10
    walk, page, counted = conn.plans[-3:]  # the page's statements counted last, by the words' start (step 25)
    assert "SEARCH q USING INDEX quotes_said" in counted and not re.search(r"\bSCAN (q|a)\b", counted), counted
    assert "SCAN a USING COVERING INDEX articles_newest_ids" in walk and "TEMP B-TREE" not in walk, walk
    assert "SEARCH c USING COVERING INDEX story_articles_copies" in walk, walk  # is it a copy (step 23)
    assert "SEARCH q USING INTEGER PRIMARY KEY (rowid=?)" in page, page
    assert quote_sql.find(tx, QuoteFilter(words="talks again"), limit=10, offset=20) != []
    walk = conn.plans[-3]
    assert "SEARCH a USING COVERING INDEX articles_key_ids (pk=?)" in walk, walk
    for wanted in (EventFilter(), EventFilter(type="AID"), EventFilter(party="kyiv")):
        assert len(event_sql.find(tx, wanted, limit=10, offset=20)) == 10
        walk, page, counted = conn.plans[-3:]  # the page's reports counted last, from its stories and articles
        assert not re.search(r"\bSCAN (e|a|sa)\b", counted), (wanted, counted)
        assert "SEARCH a USING COVERING INDEX articles_key_ids (pk=?)" in walk, (wanted, walk)
        assert "SEARCH sa USING COVERING INDEX story_articles_copies" in walk, (wanted, walk)  # its story
        assert "SEARCH c USING COVERING INDEX story_articles_copies" in walk, (wanted, walk)
        assert not re.search(r"SEARCH a USING INTEGER PRIMARY KEY", walk), (wanted, walk)
        assert "SEARCH e USING INTEGER PRIMARY KEY (rowid=?)" in page, (wanted, page)
    conn.conn.close()

