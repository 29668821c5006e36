"""Search on both backends: words, phrases, prefixes, every filter, AND/OR/NOT, order, snippets."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from test_store_support import BACKENDS, analysed, article, store_on

from newsdesk.errors import NewsdeskError
from newsdesk.store import QuerySyntaxError, Store
from newsdesk.store import search as search_sql
from newsdesk.store.query import parse

FILLER = " ".join(f"Paragraph filler sentence number {n} says nothing of note." for n in range(30))
CORPUS = {
    "talks": analysed(
        "Negotiators from Russia and Ukraine met for peace talks in Istanbul on Tuesday. Vladimir Medinsky said "
        "the talks were constructive and the Kremlin would reduce military activity.",
        "https://cbs.example/talks", title="Russia and Ukraine hold peace talks in Istanbul",
        people=("Vladimir Medinsky",), orgs=("Kremlin",), places=("Istanbul", "Turkey"), events=("CONSULT",),
        source="CBS News", published="2022-03-29"),
    "storm": analysed(
        "A powerful storm hit the coast of New York overnight, flooding streets and cutting power.",
        "https://reuters.example/storm", title="Storm hits the coast", places=("New York",), events=("AID",),
        source="Reuters", published="2022-04-02"),
    "ceasefire": analysed(
        "The ceasefire in the east held for a second day, Volodymyr Zelensky said in Kyiv. " + FILLER
        + " Observers reported that the truce was fragile but holding.",
        "https://bbc.example/ceasefire", title="Ceasefire holds in the east", people=("Volodymyr Zelensky",),
        places=("Kyiv",), events=("RETREAT",), source="BBC News", published="2022-03-15T08:00:00+00:00"),
    "york": analysed(
        "The minster in York reopened after two years of restoration work on its great east window.",
        "https://yp.example/minster", title="York Minster restored", places=("York",), source="Yorkshire Post",
        published="2021-12-01"),
    "essay": article("Peace is fragile, analysts say, and every truce needs guarantees that outlast the war."),
    "markets": analysed(
        "Stock markets rallied after news of peace talks, and traders were talking of a rebound.",
        "https://cbs.example/markets", title="Markets rally", orgs=("New York Stock Exchange",),
        places=("New York",), events=("COOPERATE",), source="CBS News", published="2022-03-30"),
}


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict[str, str]]]:
    with store_on(request.param, tmp_path_factory.mktemp("search")) as store:
        ids = {name: store.put(a).id for name, a in CORPUS.items()}
        yield store, ids


def found(loaded: tuple[Store, dict[str, str]], query: str) -> list[str]:
    store, ids = loaded
    names = {v: k for k, v in ids.items()}
    return [names[hit.id] for hit in store.search(query)]


@pytest.mark.parametrize(("query", "expected"), [
    ("storm", {"storm"}),
    ("STORM coast", {"storm"}),
    ('"peace talks"', {"talks", "markets"}),
    ('"talks peace"', set()),
    ("rall*", {"markets"}),
    ("ukrain*", {"talks"}),
    ("truce", {"ceasefire", "essay"}),
    ("person:Medinsky", {"talks"}),
    ('person:"Vladimir Medinsky"', {"talks"}),
    ("person:vladimir", {"talks"}),
    ('person:"Medinsky Vladimir"', set()),
    ("org:kremlin", {"talks"}),
    ('org:"stock exchange"', {"markets"}),
    ('place:"New York"', {"storm", "markets"}),
    ("place:york", {"storm", "york", "markets"}),
    ("place:Istanbul", {"talks"}),
    ("event:consult", {"talks"}),
    ("event:RETREAT", {"ceasefire"}),
    ("source:cbs", {"talks", "markets"}),
    ('source:"BBC News"', {"ceasefire"}),
    ("source:reuters", {"storm"}),
    ("since:2022-03-29", {"talks", "storm", "markets"}),
    ("until:2022-03-29", {"talks", "ceasefire", "york"}),
    ("since:2022-03 until:2022-03", {"talks", "ceasefire", "markets"}),
    ("until:2021", {"york"}),
    ("peace -talks", {"essay"}),
    ("peace NOT talks", {"essay"}),
    ("storm OR ceasefire", {"storm", "ceasefire"}),
    ("(storm OR ceasefire) since:2022-04", {"storm"}),
    ("NOT peace", {"storm", "ceasefire", "york"}),
    ("person:Medinsky OR place:Kyiv", {"talks", "ceasefire"}),
    ("talks NOT person:Medinsky", {"markets"}),
    ("peace (source:cbs OR truce)", {"talks", "markets", "essay"}),
    ("peace AND (NOT talks OR source:reuters)", {"essay"}),
    ("place:york -place:\"new york\"", {"york"}),
    ("coast event:aid source:reuters since:2022", {"storm"}),
])
def test_queries(loaded: tuple[Store, dict[str, str]], query: str, expected: set[str]) -> None:
    assert set(found(loaded, query)) == expected


def test_title_words_rank_first(loaded: tuple[Store, dict[str, str]]) -> None:
    assert found(loaded, "peace")[0] == "talks"
    assert found(loaded, "ceasefire OR truce")[0] == "ceasefire"


def test_filters_alone_list_newest_first_undated_last(loaded: tuple[Store, dict[str, str]]) -> None:
    assert found(loaded, "source:cbs") == ["markets", "talks"]
    assert found(loaded, "NOT storm")[-1] == "essay"
    assert found(loaded, "-storm")[:2] == ["markets", "talks"]


def test_hits_and_snippets(loaded: tuple[Store, dict[str, str]]) -> None:
    store, ids = loaded
    [hit] = store.search("observers fragile")
    assert (hit.id, hit.title, hit.url, hit.published, hit.source) == (
        ids["ceasefire"], "Ceasefire holds in the east", "https://bbc.example/ceasefire",
        "2022-03-15T08:00:00+00:00", "BBC News")
    assert "Observers reported" in hit.snippet and hit.snippet.startswith("…")
    assert len(hit.snippet) <= 205
    [essay] = store.search('"every truce"')
    assert essay.title is None and essay.url is None and essay.snippet.startswith("Peace is fragile")
    assert len(store.search("peace", limit=1)) == 1
    assert store.search("peace", limit=0) == []


@pytest.mark.parametrize("query", ['"unclosed', "(storm", "storm)", "AND", "foo:bar", "since:yesterday", "   "])
def test_bad_queries_raise_query_errors(loaded: tuple[Store, dict[str, str]], query: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        loaded[0].search(query)
    assert isinstance(caught.value, NewsdeskError)


@pytest.mark.parametrize("query", ["NEAR(storm coast)", "storm^", "{title}:storm", 'a"b"', "*", "storm* AND",
                                   "'single'", "c++ OR c#", "-(-storm)", "x - y", "title:storm", "person:'x'"])
def test_odd_input_never_reaches_the_database_as_syntax(loaded: tuple[Store, dict[str, str]], query: str) -> None:
    with contextlib.suppress(QuerySyntaxError):
        loaded[0].search(query)


def test_common_terms_take_the_bounded_plans_with_the_same_answers(loaded: tuple[Store, dict[str, str]]) -> None:
    """With a candidate cap of 1 every query here is "common": a filter alone walks the date index
    newest first (same order as the small plan), and a word ranks only the newest match."""
    store, ids = loaded
    if store.dialect != "sqlite":
        pytest.skip("the candidate cap is SQLite's plan")
    names = {v: k for k, v in ids.items()}
    with store._db.read() as tx:
        capped = [names[h.id] for h in search_sql.search(tx, parse("source:cbs"), 20, candidates=1)]
        dated = [names[h.id] for h in search_sql.search(tx, parse("source:cbs since:2022-03-30"), 20, candidates=1)]
        newest = [names[h.id] for h in search_sql.search(tx, parse("peace"), 20, candidates=1)]
    assert capped == found(loaded, "source:cbs") == ["markets", "talks"]
    assert dated == ["markets"]
    assert newest == ["markets"]  # of the matches, only the newest stored is ranked
