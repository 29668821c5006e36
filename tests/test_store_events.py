"""Who did what to whom, where and when across stored articles (``Store.events``, ``newsdesk
events``), on both backends."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_store_support import BACKENDS, article, store_on

from newsdesk.cli import cli
from newsdesk.errors import InputError
from newsdesk.store import EventFilter, Store, open_store
from newsdesk.stories.records import Assignment
from newsdesk.types import Article, Event, Location, Party, Span

Did = tuple[str, str | None, str | None, str | None, str | None]  # type, actor, target, place, date


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with store_on(request.param, tmp_path) as opened:
        yield opened


def did(url: str, published: str | None, *events: Did, modality: str = "asserted") -> Article:
    text = f"Something happened ({url})."
    found = tuple(Event(type=kind, sentence=Span(0, len(text)), trigger=kind.lower(), modality=modality,  # type: ignore[arg-type]
                        actor=Party(actor) if actor else None, target=Party(target) if target else None,
                        location=Location(place) if place else None, date=date)
                  for kind, actor, target, place, date in events)
    return article(text, url, published=published, title=url.rsplit("/", 1)[-1], events=found)


def test_events_by_type_party_place_modality_and_date_latest_first(store: Store) -> None:
    store.put(did("https://a.example/talks", "2022-03-29T16:00:00+00:00",
                  ("CONSULT", "Ukraine", "Russia", "Istanbul, Turkey", "2022-03-29"),
                  ("ASSAULT", "Russia", "Chernihiv", "Chernihiv", "2022-03-28")))
    store.put(did("https://b.example/shelling", "2022-03-30T08:00:00+00:00",
                  ("ASSAULT", "Russian forces", "Kharkiv", "Kharkiv", None)))
    store.put(did("https://c.example/plans", "2022-03-27T09:00:00+00:00",
                  ("CONCEDE", "Russia", "Kyiv", None, None), modality="intended"))
    store.put(did("https://d.example/undated", None, ("PROTEST", "students", None, "Lviv", None)))

    # the event's own date first, else the article's publication time
    assert [(h.type, h.actor) for h in store.events(EventFilter())] == [
        ("ASSAULT", "Russian forces"), ("CONSULT", "Ukraine"), ("ASSAULT", "Russia"), ("CONCEDE", "Russia"),
        ("PROTEST", "students")]
    assert [h.target for h in store.events(EventFilter(type="assault"))] == ["Kharkiv", "Chernihiv"]
    assert [h.type for h in store.events(EventFilter(party="RUSSIA"))] == ["ASSAULT", "CONSULT", "ASSAULT", "CONCEDE"]
    assert [h.type for h in store.events(EventFilter(actor="Russia", target="Kyiv"))] == ["CONCEDE"]
    assert [h.type for h in store.events(EventFilter(target="Russia"))] == ["CONSULT"]
    assert [h.type for h in store.events(EventFilter(place="turkey"))] == ["CONSULT"]
    assert [h.type for h in store.events(EventFilter(modality="intended"))] == ["CONCEDE"]
    # dates: the event's day, inclusive; an event without a date goes by its article's publication
    assert [h.target for h in store.events(EventFilter(until="2022-03-28"))] == ["Chernihiv", "Kyiv"]
    assert [h.target for h in store.events(EventFilter(since="2022-03-29", until="2022-03-29"))] == ["Russia"]
    assert [h.target for h in store.events(EventFilter(since="2022-03-30"))] == ["Kharkiv"]
    hit = store.events(EventFilter(type="CONSULT"))[0]
    assert (hit.place, hit.date, hit.title, hit.url, hit.modality) == (
        "Istanbul, Turkey", "2022-03-29", "talks", "https://a.example/talks", "asserted")
    assert [h.type for h in store.events(EventFilter(), limit=2, offset=1)] == ["CONSULT", "ASSAULT"]
    assert store.events(EventFilter(type="SANCTION")) == [] and store.events(EventFilter(), limit=0) == []


def test_a_copys_events_are_its_originals_and_one_storys_reports_come_once(store: Store) -> None:
    event = ("ASSAULT", "Russia", "Mariupol", "Mariupol", "2022-03-16")
    first = store.put(did("https://a.example/1", "2022-03-16T10:00:00+00:00", event))
    copy = store.put(did("https://b.example/copy", "2022-03-16T11:00:00+00:00", event))
    later = store.put(did("https://c.example/later", "2022-03-17T08:00:00+00:00", event))
    elsewhere = store.put(did("https://d.example/other", "2022-03-17T09:00:00+00:00", event))
    stored = {put.id: store.get(put.id) for put in (first, copy, later)}
    store.assign_story(Assignment(first.id, "s1", "new"), stored[first.id])  # type: ignore[arg-type]
    store.assign_story(Assignment(copy.id, "s1", "copy", copy_of=first.id), stored[copy.id])  # type: ignore[arg-type]
    store.assign_story(Assignment(later.id, "s1", "join"), stored[later.id])  # type: ignore[arg-type]
    hits = store.events(EventFilter(target="Mariupol"))
    # the story's two reports are one event (the copy not counted); an article in no story is its own
    assert sorted((h.story or "", h.articles) for h in hits) == [("", 1), ("s1", 2)]
    assert {h.article_id for h in hits} == {elsewhere.id, later.id}


@pytest.mark.parametrize(("fields", "message"), [
    ({"type": "RIOT"}, "events: event type 'RIOT' is no PLOVER type (AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, "
     "AID, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT)"),
    ({"modality": "rumoured"}, "events: modality 'rumoured' is none of asserted, intended, hypothetical, negated, "
     "requested"),
    ({"since": "2022-03-30", "until": "2022-02"}, "events: until 2022-02 is before since 2022-03-30"),
])
def test_a_bad_filter_is_refused_with_the_reason(fields: dict[str, str], message: str) -> None:
    with pytest.raises(InputError) as raised:
        EventFilter(**fields)
    assert str(raised.value) == message


def test_the_events_command_lists_and_refuses(tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    with open_store(db) as opened:
        opened.put(did("https://a.example/talks", "2022-03-29T16:00:00+00:00",
                       ("CONSULT", "Ukraine", "Russia", "Turkey", "2022-03-29")))
        opened.put(did("https://c.example/plans", "2022-03-27T09:00:00+00:00",
                       ("CONCEDE", "Russia", "Kyiv", None, None), modality="intended"))
    runner = CliRunner()
    shown = runner.invoke(cli, ["events", "--db", db])
    assert shown.exit_code == 0, shown.output
    assert shown.output.splitlines()[0] == '2022-03-29  CONSULT  Ukraine → Russia  in Turkey  ("consult")'
    assert '2022-03-27  CONCEDE [intended]  Russia → Kyiv  ("concede")' in shown.output
    lines = runner.invoke(cli, ["events", "consult", "--jsonl", "--db", db]).stdout.splitlines()
    assert [json.loads(line)["target"] for line in lines] == ["Russia"]
    refused = runner.invoke(cli, ["events", "RIOT", "--db", db])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert refused.output.startswith("newsdesk: error: events: event type 'RIOT' is no PLOVER type")
    missing = runner.invoke(cli, ["events", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "none.db" in missing.output
