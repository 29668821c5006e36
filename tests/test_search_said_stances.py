"""said: finds statements only, as the quotes list shows them (stances with --stances), and an over-long
query is refused with its reason, on both backends."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_support import BACKENDS, article, store_on

from newsdesk.store import Store
from newsdesk.store.query import MAX_CHARS, QuerySyntaxError, parse
from newsdesk.types import Quote, Speaker


def said(n: int, text: str, cue: str) -> object:
    quote = Quote(text, 0, len(text), "indirect", Speaker("Igor Grosu"), cue)
    return article(text + f". ({n})", f"https://md.example/{n}", title=f"Chisinau {n}",
                   published=f"2022-03-0{n}T10:00:00+00:00", quotes=(quote,))


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with store_on(request.param, tmp_path) as opened:
        opened.put_many([said(1, "the talks would go on", "say"),  # a statement
                         said(2, "a no-confidence vote", "block")])  # a stance
        yield opened


def test_said_matches_statements_not_stances(store: Store) -> None:
    assert [h.url for h in store.search("said:Grosu")] == ["https://md.example/1"]


def test_a_query_longer_than_the_cap_is_refused_with_its_reason() -> None:
    parse("a" * MAX_CHARS)
    with pytest.raises(QuerySyntaxError, match=f"longer than {MAX_CHARS} characters"):
        parse("a" * (MAX_CHARS + 1))


def test_a_huge_query_is_refused_before_it_is_scanned_and_a_stored_rule_still_loads() -> None:
    with pytest.raises(QuerySyntaxError, match=f"longer than {MAX_CHARS} characters"):
        parse("kyiv " * 1_000_000)
    parse("a" * (MAX_CHARS + 1), known_events=False)  # a watch stored before the cap


def test_the_api_and_cli_say_why_a_long_query_is_refused(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from test_bad_input_store import cli_error

    from newsdesk.store import open_store
    from newsdesk.web.app import create_app

    query, reason = "kyiv-" * 3000, f"longer than {MAX_CHARS} characters"
    db = str(tmp_path / "n.db")
    assert reason in cli_error("search", "--db", db, "--", query)
    with open_store(db) as opened:
        response = TestClient(create_app(opened)).get("/api/articles", params={"q": query})
        assert response.status_code == 400 and reason in response.text


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_evening_in_new_york_is_the_next_utc_day(backend: str, tmp_path: Path) -> None:
    late = article("Talks went on into the night.", "https://ny.example/late", title="Late",
                   published="2022-03-29T23:30:00-05:00")  # 2022-03-30 04:30 UTC, the day the pages show
    with store_on(backend, tmp_path) as opened:
        opened.put(late)
        for query, found in (("since:2022-03-30", 1), ("until:2022-03-29", 0), ("talks since:2022-03-30", 1),
                             ("talks until:2022-03-29", 0), ("until:2022-03-30 since:2022-03-30", 1)):
            assert len(opened.search(query)) == found, query
