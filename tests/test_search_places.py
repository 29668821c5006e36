"""place: finds an article by an event's place as well as by its PLACE entities (the map pins both),
in search on both backends, in watch rules, and in a SQLite store indexed before (migration 6)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_store_support import BACKENDS, analysed, article, store_on

from newsdesk.alerts.match import ArticleView, Subject, holds
from newsdesk.store import open_store
from newsdesk.store.db import Tx
from newsdesk.store.query import parse
from newsdesk.store.schema import STEPS
from newsdesk.types import Event, Location, Span, to_dict

SHELLING = article(
    "Shelling continued overnight in the north-east, officials said, and power was cut in several districts.",
    "https://news.example/shelling", title="Shelling overnight",
    events=(Event("ASSAULT", Span(0, 40), "Shelling", location=Location("Kharkiv", 49.99, 36.23)),))
ISTANBUL = analysed("Negotiators met for peace talks in Istanbul on Tuesday.", "https://news.example/talks",
                    title="Talks", places=("Istanbul",), events=("CONSULT",))


@pytest.mark.parametrize("backend", BACKENDS)
def test_place_finds_an_events_location(backend: str, tmp_path: Path) -> None:
    with store_on(backend, tmp_path) as store:
        ids = {store.put(SHELLING).id: "shelling", store.put(ISTANBUL).id: "talks"}
        for query, expected in (("place:Kharkiv", ["shelling"]), ("place:kharkiv shelling", ["shelling"]),
                                ("place:Istanbul", ["talks"]), ("place:Kharkiv OR place:Istanbul", None),
                                ("-place:Kharkiv talks", ["talks"]), ("place:Kharkiv event:ASSAULT", ["shelling"]),
                                ("place:Kharkiv since:2000-01-01", [])):
            got = sorted(ids[h.id] for h in store.search(query))
            assert got == (expected if expected is not None else ["shelling", "talks"]), query
        # a new version (the row indexed with its event's place is forgotten with it, then indexed again)
        changed = article(SHELLING.text + " Repairs began at dawn.", SHELLING.url, title="Shelling overnight",
                          events=(Event("ASSAULT", Span(0, 40), "Shelling", location=Location("Izium")),))
        assert store.put(changed).status == "updated"
        assert [h.id for h in store.search("place:Izium")] == [store.put(changed).id]
        assert store.search("place:Kharkiv") == []


def test_a_watch_rule_matches_an_events_location() -> None:
    for subject in (Subject.of(SHELLING), Subject.from_record(to_dict(SHELLING))):
        view = ArticleView(subject, geocode=lambda name: (50.0, 36.2) if name == "Kharkov" else None)
        assert holds(parse("place:Kharkiv"), view, view.whole)
        assert holds(parse("place:Kharkov~50km"), view, view.whole)  # the event's coordinates
        assert not holds(parse("place:Istanbul"), view, view.whole)


def _old_row(tx: Tx, pk: int) -> None:
    """The row as schema 5 indexed it: PLACE entities only in the place column."""
    tx.run("INSERT INTO articles_fts (rowid, title, text, source, person, org, place, event) "
           "VALUES (?, ?, ?, '', '', '', '', ?)", (pk, SHELLING.title, SHELLING.text, "ASSAULT"))


def test_a_store_indexed_before_is_indexed_again(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with open_store(str(path)) as store:  # made new, then turned back into what schema 5 left
        stored = store.put(SHELLING).id
    con = sqlite3.connect(path)
    with con:
        con.execute("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")
        pk = con.execute("SELECT pk FROM articles").fetchone()[0]
        _old_row(Tx(con, "sqlite", con.executemany), pk)  # type: ignore[arg-type]
        con.execute("DELETE FROM newsdesk_migrations WHERE version = 6")
    con.close()
    with open_store(str(path)) as store:
        assert [h.id for h in store.search("place:Kharkiv")] == [stored]
        assert [h.id for h in store.search("shelling")] == [stored]
        changed = article(SHELLING.text + " Repairs began.", SHELLING.url, title="Shelling overnight")
        assert store.put(changed).status == "updated"  # forgetting the old row takes the values it was indexed with
        assert store.search("place:Kharkiv") == [] and len(store.search("repairs")) == 1
    con = sqlite3.connect(path)
    con.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
    con.close()
    assert max(s.version for s in STEPS) >= 6  # step 7 (the story log) leaves articles_fts alone


def test_a_record_gives_the_row_its_article_gives() -> None:
    """Migration 6 reads the records as JSON: the row must be the one put and update give (else a later
    update, which forgets the row by its values, would leave the old one in the index)."""
    from newsdesk.store.articles import _fts, _fts_of_record
    from newsdesk.types import to_json

    bare = article("No title, no source, no names.", None)
    both = analysed("Talks in Kyiv.", "https://news.example/kyiv", places=("Kyiv", "Lviv"), people=("Ann Lee",),
                    orgs=("UN",), events=("CONSULT", "AID"))
    elsewhere = article("Shelling.", None, events=(Event("ASSAULT", Span(0, 9), "Shelling", location=Location("Kyiv")),
                                                   Event("ASSAULT", Span(0, 9), "Shelling", location=Location("Izium")),
                                                   Event("AID", Span(0, 9), "aid")))
    for each in (SHELLING, ISTANBUL, bare, both, elsewhere):
        assert _fts_of_record(to_json(each)) == _fts(each)
    assert _fts(elsewhere)[5] == "Kyiv \x1f Izium"
