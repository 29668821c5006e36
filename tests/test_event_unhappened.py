"""``event:TYPE`` finds acts that happened or may have, not those the article says did not (a foiled
plot, a denied strike: coded as negated events): in search on both backends, in a SQLite store
indexed before schema step 24 and migrated, and on the map. The events list still shows them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from test_store_support import BACKENDS, article, store_on

from newsdesk.store import EventFilter, open_store
from newsdesk.store import articles as article_sql
from newsdesk.store.migrations import migrate
from newsdesk.store.schema import STEPS
from newsdesk.store.sqlite import SQLiteDatabase
from newsdesk.stories.records import Development, Story
from newsdesk.types import Article, Event, Location, Span
from newsdesk.web.views import pins_of

FOILED = "Police foiled a plot to bomb the embassy in Nairobi on Monday."
SHELLED = "Artillery shelled the outskirts of Kharkiv on Monday."


def _pair() -> list[Article]:
    foiled = article(FOILED, "https://example.org/foiled", events=(
        Event("ASSAULT", Span(0, len(FOILED)), "bomb", modality="negated", location=Location("Nairobi")),))
    shelled = article(SHELLED, "https://example.org/shelled", events=(
        Event("ASSAULT", Span(0, len(SHELLED)), "shelled", location=Location("Kharkiv")),))
    return [foiled, shelled]


def _urls(hits: list) -> list[str]:  # type: ignore[type-arg]
    return sorted(str(h.url) for h in hits)


@pytest.mark.parametrize("backend", BACKENDS)
def test_event_search_skips_an_act_that_did_not_happen(backend: str, tmp_path: Path) -> None:
    with store_on(backend, tmp_path) as store:
        store.put_many(_pair())
        assert _urls(store.search("event:ASSAULT")) == ["https://example.org/shelled"]
        assert _urls(store.search("Monday -event:ASSAULT")) == ["https://example.org/foiled"]
        assert _urls(store.search("place:Nairobi")) == ["https://example.org/foiled"]  # its place is still named
        assert len(store.events(EventFilter(type="ASSAULT"))) == 2  # the events list shows both, modality and all


def test_a_store_indexed_before_step_24_is_indexed_again(tmp_path: Path) -> None:
    url = str(tmp_path / "old.db")
    db = SQLiteDatabase(url)
    migrate(db, tuple(s for s in STEPS if s.version <= 23))
    with pytest.MonkeyPatch.context() as patch, db.write() as tx:  # indexed as before: every event's type
        patch.setattr(article_sql, "_fts", lambda a: article_sql._fts_of_record(
            article_sql.to_json(a), every_event=True))
        for each in _pair():
            article_sql.put(tx, each, "2022-03-29T00:00:00+00:00")
    with db.read() as tx:
        row = tx.one("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'event:ASSAULT'")
    assert row is not None and row[0] == 2  # the old index found the foiled plot
    db.close()
    with open_store(url) as store:
        assert _urls(store.search("event:ASSAULT")) == ["https://example.org/shelled"]
        # the rows were swapped with the values they were indexed with: a new version replaces its row cleanly
        foiled = _pair()[0]
        store.put_many([dataclasses.replace(foiled, text=FOILED.replace("Monday", "Sunday"))])
        assert _urls(store.search("Sunday")) == ["https://example.org/foiled"]
        assert _urls(store.search("Monday")) == ["https://example.org/shelled"]
        assert _urls(store.search('"foiled a plot"')) == ["https://example.org/foiled"]
        with store._db.write() as tx:  # raises where the index holds rows it was not given
            tx.run("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
            tx.run("INSERT INTO articles_bigrams (articles_bigrams, rank) VALUES ('integrity-check', 1)")


def test_the_map_pins_a_foiled_attack_as_a_place() -> None:
    def dev(pk: int, modality: str, name: str, lat: float) -> Development:
        return Development(pk, "s1", "a1", "event", "", 0, 0, {"type": "ASSAULT", "modality": modality,
                           "location": {"name": name, "lat": lat, "lon": 30.0}}, "2022-03-28T00:00:00+00:00")

    story = Story("s1", "Talks", "2022-03-28T00:00:00+00:00", "2022-03-29T00:00:00+00:00",
                  developments=(dev(1, "negated", "Nairobi", 1.0), dev(2, "asserted", "Kharkiv", 50.0)))
    assert [(p.label, p.type) for p in pins_of(story)] == [("Nairobi", "PLACE"), ("Kharkiv", "ASSAULT")]
