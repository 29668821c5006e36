"""The quotes, events and people lists take ``since``/``until`` as days in UTC, as search does and as the pages
show dates (docs/web.md): an article published 2022-03-29T23:30-04:00 is on 2022-03-30 there, on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_support import BACKENDS, article, store_on

from newsdesk.store import EventFilter, QuoteFilter, Store
from newsdesk.store.people import NameFilter
from newsdesk.types import Entity, Event, Party, Quote, Span, Speaker

LATE = "2022-03-29T23:30:00-04:00"  # 2022-03-30T03:30 in UTC
EARLY = "2022-03-30T01:15:00+03:00"  # 2022-03-29T22:15 in UTC


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with store_on(request.param, tmp_path) as store:
        for n, (who, when) in enumerate((("Late", LATE), ("Early", EARLY))):
            words = f"{who} said the talks would go on."
            store.put(article(words, f"https://utc.example/{n}", published=when, title=who,
                              quotes=(Quote(words, 0, len(words), "direct", Speaker(who)),),
                              events=(Event(type="CONSULT", sentence=Span(0, 10), trigger="talks",
                                            modality="asserted", actor=Party(who)),),
                              entities=(Entity(f"e{n}", who, "PERSON"),)))
        yield store


@pytest.mark.parametrize(("since", "until", "expected"), [
    ("2022-03-30", None, {"Late"}), (None, "2022-03-29", {"Early"}),
    ("2022-03-30", "2022-03-30", {"Late"}), ("2022-03", "2022-03", {"Late", "Early"}),
])
def test_lists_take_days_in_utc(store: Store, since: str | None, until: str | None, expected: set[str]) -> None:
    assert {h.speaker for h in store.quotes(QuoteFilter(since=since, until=until), 50)} == expected
    assert {h.actor for h in store.events(EventFilter(since=since, until=until), 50)} == expected
    for indexed in (True, False):
        found = store.entities(NameFilter(since=since, until=until), 50, indexed=indexed)
        assert {h.name for h in found} == expected
