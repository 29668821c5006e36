"""since:/until: compare UTC instants, the day the pages show (#5, #8): an article published
"2022-03-29T23:30:00-04:00" is shown as 2022-03-30 03:30 UTC, and since:2022-03-30 missed it (the
filters read the outlet's own date text). Now search on both backends, the web's filters (the query
language) and watch rules take a time with an offset as its UTC instant, a time without one as UTC,
and a bare date as that day in UTC."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_support import BACKENDS, analysed, article, pg_admin, store_on

from newsdesk.alerts.match import ArticleView, holds
from newsdesk.store import Store, open_store
from newsdesk.store import search as search_sql
from newsdesk.store.query import Field, date_range, inner_bound, parse, text_bounds, utc_instant
from newsdesk.store.search import utc_sql

CORPUS = {
    "kyiv-evening": "2022-03-29T23:30:00-04:00",  # 2022-03-30 03:30 UTC
    "kyiv-morning": "2022-03-30T01:15:00+03:00",  # 2022-03-29 22:15 UTC
    "new-year-east": "2023-01-01T00:30:00+09:00",  # 2022-12-31 15:30 UTC
    "new-year-west": "2022-12-31T20:00:00-08:00",  # 2023-01-01 04:00 UTC
    "bare-day": "2022-03-30",  # that day in UTC
    "no-offset": "2022-03-29T23:30:00",  # taken as UTC: the 29th
    "zulu": "2022-03-30T00:00:00Z",
}


@pytest.fixture(scope="module", params=BACKENDS)
def dated(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict[str, str]]]:
    with store_on(request.param, tmp_path_factory.mktemp("utc")) as store:
        ids = {store.put(analysed(f"Talks went on into the night ({name}).", f"https://news.example/{name}",
                                  places=("Kyiv",), published=when)).id: name for name, when in CORPUS.items()}
        yield store, ids


def _found(dated: tuple[Store, dict[str, str]], query: str) -> set[str]:
    store, names = dated
    return {names[h.id] for h in store.search(query, limit=50)}


@pytest.mark.parametrize(("query", "expected"), [
    ("since:2022-03-30", {"kyiv-evening", "bare-day", "zulu", "new-year-east", "new-year-west"}),
    ("until:2022-03-29", {"kyiv-morning", "no-offset"}),
    ("since:2022-03-30 until:2022-03-30", {"kyiv-evening", "bare-day", "zulu"}),
    ("until:2022", {"kyiv-evening", "kyiv-morning", "bare-day", "no-offset", "zulu", "new-year-east"}),
    ("since:2023", {"new-year-west"}),
    ("since:2022-12 until:2022-12", {"new-year-east"}),
    ("-since:2022-03-30", {"kyiv-morning", "no-offset"}),
])
def test_dates_filter_utc_instants_with_words_and_without(dated: tuple[Store, dict[str, str]], query: str,
                                                          expected: set[str]) -> None:
    assert _found(dated, query) == expected
    # the same with words to rank by (SQLite's FTS5 plans, PostgreSQL's tsquery plan)
    assert _found(dated, f"talks {query}") == expected
    assert _found(dated, f"talks place:kyiv {query}") == expected


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_date_filter_narrows_many_common_matches(backend: str, tmp_path: Path) -> None:
    with store_on(backend, tmp_path) as store:
        late = store.put(article("Talks in Istanbul, late.", "https://news.example/late", source="Reuters",
                                 published="2022-03-29T23:30:00-04:00")).id
        for day in range(1, 29):
            store.put(article(f"Talks in Istanbul, day {day}.", f"https://news.example/{day}", source="Reuters",
                              published=f"2022-03-{day:02d}T12:00:00+00:00"))
        assert [h.id for h in store.search("talks since:2022-03-30")] == [late]
        with store._db.read() as tx:  # more matches than candidates: SQLite walks the date index, testing each row
            for query in ("source:reuters since:2022-03-30", "talks since:2022-03-30"):
                assert [h.id for h in search_sql.search(tx, parse(query), 20, candidates=2)] == [late]


@pytest.mark.parametrize("published", [
    "2022-03-29T23:30:00-04:00", "2022-03-29T23:30:00.999999-04:00", "2022-03-29 23:30", "2022-03-29T23:30Z",
    "2022-03-29T23:30:00 +05:30", "2022-03-30T00:00:00z", "2022-03-29T23:30:00-04:00 ", "2022-03-29",
    "2022-03", "2022", "29 March 2022", "", "2022-02-30T10:00:00+00:00", "2022-02-29T23:00:00-04:00",
    "2024-02-29T23:00:00-04:00", "2022-13-01T10:00:00Z", "2022-03-29T24:00:00Z", "2022-03-29T23:60:00Z",
    "2022-03-29T23:30:00+0400", "2022-03-29T23:30:00-04", "0001-01-01T00:30:00+01:00", "0000-06-01T12:00:00Z",
    "9999-12-31T23:00:00-05:00", "1999-12-31T23:59:59-00:01", "2022-03-29t23:30:00", "2459000", "12:30",
    "2022-03-29T23:30:00+15:59", "2022-03-29T23:30:00+16:00", "2022-03-29T23:30:00-23:00", "2022-12-16T10:00:00",
    "2022-03-29T23:59:59.9999999Z", "2022-03-29 23:30:00.123", "0000-12-31T23:00:00-05:00",
])
def test_python_sqlite_and_postgresql_read_a_time_alike(published: str, tmp_path: Path) -> None:
    """Watches (Python) and search (SQL on either backend) must agree on every stored value."""
    expected = utc_instant(published)
    with open_store(str(tmp_path / "news.db")) as store, store._db.read() as tx:
        utc = utc_sql("sqlite")
        row = tx.one(f"SELECT {utc.text.format(published='v.p')} FROM (SELECT ? AS p) v", (*utc.params, published))
        assert row is not None and row[0] == expected
    with pg_admin() as conn:
        utc = utc_sql("postgres")
        sql = f"SELECT {utc.text.format(published='v.p')} FROM (SELECT %s::text AS p) v".replace("?", "%s")
        assert conn.execute(sql, (*utc.params, published)).fetchone()[0] == expected


@pytest.mark.parametrize(("published", "expected"), [
    ("2022-03-29T23:30:00-04:00", "2022-03-30T03:30:00"),
    ("2022-03-30T01:15:00+03:00", "2022-03-29T22:15:00"),
    ("2022-03-29T23:30:00", "2022-03-29T23:30:00"),  # no offset: taken as UTC
    ("2022-03-29", "2022-03-29"),  # a bare date: that day in UTC
    ("2022-02-30T10:00:00+00:00", "2022-02-30T10:00:00+00:00"),  # no such day: as written
    ("9999-12-31T23:00:00-05:00", "9999-12-31T23:00:00-05:00"),  # past the calendar: as written
    (None, None),
])
def test_utc_instant(published: str | None, expected: str | None) -> None:
    assert utc_instant(published) == expected


@pytest.mark.parametrize("query", ["since:2022-03-30", "until:2022-03-29", "since:2022", "until:2022-12",
                                   "since:0001-01-01", "until:9999-12-31", "until:9999"])
def test_the_text_bounds_hold_every_utc_match(query: str) -> None:
    """The outlet's date text is within a day of the UTC instant, so the index narrowing loses nothing."""
    field = parse(query)
    assert isinstance(field, Field)
    lower, upper = text_bounds(field)
    for when in ("0001-01-01T05:00:00+14:00", "2022-03-29T23:30:00-12:00", "2022-03-30T00:30:00+14:00",
                 "2022-12-31T23:59:00-12:00", "2023-01-01T00:00:00+14:00", "9999-12-31T12:00:00-11:00"):
        view = ArticleView(article("x", published=when))
        if holds(field, view, view.whole):
            assert (lower is None or when >= lower) and (upper is None or when < upper), (query, when)


@pytest.mark.parametrize("query", ["since:2022-03-30", "until:2022-03-29", "since:2022", "until:2022-12",
                                   "since:2022-03", "until:0001-01-02", "since:9999-12-30"])
def test_text_inside_the_inner_bound_needs_no_utc_instant(query: str) -> None:
    """A search reads the UTC instant only near the edge: text a day inside the bound matches whatever its offset
    (or as written), so the shortcut on the outlet's text loses and adds nothing."""
    field = parse(query)
    assert isinstance(field, Field)
    inside = inner_bound(field)
    assert inside is not None
    lower = date_range(field)[0]
    for when in ("0001-01-01T05:00:00+14:59", "0001-01-02T00:00:00+14:59", "2022-03-28T23:30:00-14:59",
                 "2022-03-29T00:00:00-14:59", "2022-03-29T23:30:00-14:59", "2022-03-30T05:00:00+14:59",
                 "2022-03-31T00:00:00+14:59", "2022-03-31", "2022-11-30T23:59:00-12:00",
                 "2022-12-31T00:00:00+14:59", "2022-02-02T00:00:00+14:59", "2022-03-02T00:00:00+14:59",
                 "2021-12-31T01:00:00-14:59", "2022-03-31 (updated)", "9999-12-31T00:00:00+14:59"):
        view = ArticleView(article("x", published=when))
        if when >= inside if lower is not None else when < inside:
            assert holds(field, view, view.whole), (query, when)


@pytest.mark.parametrize(("rule", "published", "fires"), [
    ("since:2022-03-30", "2022-03-29T23:30:00-04:00", True),
    ("until:2022-03-29", "2022-03-29T23:30:00-04:00", False),
    ("since:2022-03-30", "2022-03-30T01:15:00+03:00", False),
    ("until:2022-03-29", "2022-03-30T01:15:00+03:00", True),
    ("since:2022-03-30", "2022-03-30", True),
    ("until:2022-03-29", "2022-03-29T23:30:00", True),
])
def test_watch_rules_compare_the_utc_instant(rule: str, published: str, fires: bool) -> None:
    view = ArticleView(article("Talks went on.", published=published))
    assert holds(parse(rule), view, view.whole) is fires
