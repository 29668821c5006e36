"""Who said what across stored articles (``Store.quotes``), on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_support import BACKENDS, article, store_on

from newsdesk.errors import InputError
from newsdesk.store import QuoteFilter, Store
from newsdesk.stories.records import Assignment
from newsdesk.types import Article, Quote, Speaker


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with store_on(request.param, tmp_path) as opened:
        yield opened


def said(url: str, published: str | None, *quotes: tuple[str | None, str, str]) -> Article:
    text = " ".join(q for _, q, _ in quotes) + f" ({url})"
    found, at = [], 0
    for speaker, words, kind in quotes:
        start = text.index(words, at)
        found.append(Quote(words, start, start + len(words), kind,  # type: ignore[arg-type]
                           speaker=Speaker(speaker) if speaker else None))
        at = start + len(words)
    return article(text, url, published=published, title=url.rsplit("/", 1)[-1], quotes=tuple(found))


def test_quotes_by_speaker_words_kind_and_date_newest_first(store: Store) -> None:
    store.put(said("https://a.example/1", "2022-03-28T09:00:00+00:00",
                   ("Volodymyr Zelensky", "We are ready to discuss neutrality.", "direct"),
                   ("Vladimir Medinsky", "Russia will reduce military activity near Kyiv.", "indirect")))
    store.put(said("https://b.example/2", "2022-03-29T16:00:00+00:00",
                   ("Volodymyr Zelensky", "The signals are positive but they do not drown out the shelling.", "direct"),
                   (None, "An unnamed official said talks went well.", "indirect")))
    store.put(said("https://c.example/3", None, ("Zelensky", "Undated words 50% sure_ok.", "mixed")))

    hits = store.quotes(QuoteFilter(speaker="zelensky"))
    assert [h.text for h in hits] == ["The signals are positive but they do not drown out the shelling.",
                                      "We are ready to discuss neutrality.", "Undated words 50% sure_ok."]
    assert (hits[0].article_id, hits[0].title, hits[0].published) == (
        store.resolve_id(hits[0].article_id), "2", "2022-03-29T16:00:00+00:00")
    assert [h.text for h in store.quotes(QuoteFilter(speaker="Volodymyr Zelensky", words="NEUTRALITY"))] == [
        "We are ready to discuss neutrality."]
    assert [h.speaker for h in store.quotes(QuoteFilter(kind="indirect"))] == [None, "Vladimir Medinsky"]
    assert [h.text for h in store.quotes(QuoteFilter(speaker="Zelensky", until="2022-03-28"))] == [
        "We are ready to discuss neutrality."]
    assert [h.text for h in store.quotes(QuoteFilter(since="2022-03-29"))] == [
        "The signals are positive but they do not drown out the shelling.", "An unnamed official said talks went well."]
    # LIKE's own wildcards in what is asked are plain characters
    assert [h.text for h in store.quotes(QuoteFilter(words="50%"))] == ["Undated words 50% sure_ok."]
    assert store.quotes(QuoteFilter(words="5_%")) == []
    assert [h.text for h in store.quotes(QuoteFilter(), limit=2, offset=1)] == [
        "An unnamed official said talks went well.", "We are ready to discuss neutrality."]
    everything = [h.text for h in store.quotes(QuoteFilter())]  # no words: SQLite walks the date index
    assert everything[0].startswith("The signals") and everything[-1] == "Undated words 50% sure_ok."
    assert len(everything) == 5
    assert store.quotes(QuoteFilter(speaker="Putin")) == [] and store.quotes(QuoteFilter(), limit=0) == []


def test_a_copys_quotes_are_its_originals_and_repeated_words_come_once(store: Store) -> None:
    words = ("Vladimir Medinsky", "Russia will reduce military activity near Kyiv.", "indirect")
    first = store.put(said("https://a.example/1", "2022-03-29T10:00:00+00:00", words))
    copy = store.put(said("https://b.example/copy", "2022-03-29T11:00:00+00:00", words))
    later = store.put(said("https://c.example/later", "2022-03-30T08:00:00+00:00", words))
    stored = {put.id: store.get(put.id) for put in (first, copy, later)}
    store.assign_story(Assignment(first.id, "s1", "new"), stored[first.id])  # type: ignore[arg-type]
    store.assign_story(Assignment(copy.id, "s1", "copy", copy_of=first.id), stored[copy.id])  # type: ignore[arg-type]
    hits = store.quotes(QuoteFilter(speaker="Medinsky"))
    assert len(hits) == 1
    assert (hits[0].article_id, hits[0].articles) == (later.id, 2)  # the newest carrier; the copy not counted
    assert store.quotes(QuoteFilter(speaker="Medinsky", until="2022-03-29"))[0].story == "s1"


@pytest.mark.parametrize(("fields", "message"), [
    ({"kind": "rumour"}, "quotes: quote kind 'rumour' is none of direct, indirect, mixed"),
    ({"since": "29/03/2022"}, "quotes: since '29/03/2022' is no date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ({"until": "2022-13"}, "quotes: until '2022-13' is no date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ({"since": "2022-03-29", "until": "2022-02"}, "quotes: until 2022-02 is before since 2022-03-29"),
])
def test_a_bad_filter_is_refused_with_the_reason(fields: dict[str, str], message: str) -> None:
    with pytest.raises(InputError) as raised:
        QuoteFilter(**fields)
    assert str(raised.value) == message
