"""Shared helpers for the web tests: small hand-made articles (entities, quotes, events with offsets
computed from the text), a store holding them as stories, and a real HTTP server on a free port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from newsdesk.store import Store, open_store
from newsdesk.stories import StoryDesk
from newsdesk.types import Article, Entity, Event, Location, Mention, Party, Place, Quote, Span, Speaker
from newsdesk.web.pages import install
from newsdesk.web.security import Guard

KYIV = Place(50.45, 30.52, "UA", 703448)
ISTANBUL = Place(41.01, 28.95, "TR", 745044)
SHANGHAI = Place(31.22, 121.46, "CN", 1796236)


def _span(text: str, needle: str) -> Span:
    start = text.index(needle)
    return Span(start, start + len(needle))


def _sentence(text: str, needle: str) -> Span:
    at = text.index(needle)
    dot = text.rfind(". ", 0, at)
    start = max(dot + 2 if dot >= 0 else 0, text.rfind("\n", 0, at) + 1)
    end = text.find(". ", at)
    return Span(start, len(text) if end < 0 else end + 1)


def _mentions(text: str, name: str) -> tuple[Mention, ...]:
    found, at = [], text.find(name)
    while at >= 0:
        found.append(Mention(at, at + len(name), name))
        at = text.find(name, at + len(name))
    return tuple(found)


def article(url: str, source: str, published: str, title: str, text: str, *,
            people: dict[str, tuple[str, ...]] | None = None, places: dict[str, Place] | None = None,
            quotes: tuple[tuple[str, str, str], ...] = (), events: tuple[tuple[str, str, str, str, str], ...] = ()
            ) -> Article:
    """An analysed article: ``quotes`` as (speaker, quoted text, kind); ``events`` as (type, actor,
    target, place, trigger)."""
    entities: list[Entity] = []
    for name, titles in (people or {}).items():
        entities.append(Entity(f"e{len(entities) + 1}", name, "PERSON", titles, _mentions(text, name)))
    for name, place in (places or {}).items():
        entities.append(Entity(f"e{len(entities) + 1}", name, "PLACE", (), _mentions(text, name), place))
    ids = {e.name: e.id for e in entities}
    made_quotes = tuple(Quote(q, _span(text, q).start, _span(text, q).end, kind,  # type: ignore[arg-type]
                              Speaker(who, ids.get(who))) for who, q, kind in quotes)
    made_events = []
    for kind, actor, target, where, trigger in events:
        place = (places or {}).get(where)
        made_events.append(Event(kind, _sentence(text, trigger), trigger, actor=Party(actor), target=Party(target),
                                 location=Location(where, place.lat if place else None, place.lon if place else None,
                                                   place.country if place else None),
                                 date=published[:10]))
    paragraphs, at = [], 0
    for block in text.split("\n\n"):
        paragraphs.append(Span(at, at + len(block)))
        at += len(block) + 2
    return Article(id="", title=title, text=text, url=url, source=source, published=published, language="en",
                   paragraphs=tuple(paragraphs), entities=tuple(entities), quotes=made_quotes,
                   events=tuple(made_events))


TALKS = ("Russia said on Tuesday it would drastically reduce military activity near Kyiv and Chernihiv after "
         "peace talks in Istanbul. Deputy Defence Minister Alexander Fomin said the move was meant to increase "
         "mutual trust. \"We have decided to drastically reduce military activity near Kyiv and Chernihiv,\" "
         "Alexander Fomin said.\n\nUkraine's negotiators met the Russian delegation in Istanbul for three hours. "
         "Vladimir Medinsky said the talks were constructive.")


def talks(source: str = "Wire One", url: str = "https://wire.example/kyiv-talks", text: str = TALKS) -> Article:
    return article(url, source, "2022-03-29T14:05:00+00:00", "Russia to reduce military activity near Kyiv", text,
                   people={"Alexander Fomin": ("Deputy Defence Minister",),
                           "Vladimir Medinsky": ("Russia's lead negotiator",)},
                   places={"Kyiv": KYIV, "Istanbul": ISTANBUL},
                   quotes=(("Alexander Fomin", "We have decided to drastically reduce military activity near Kyiv "
                            "and Chernihiv", "direct"),
                           ("Vladimir Medinsky", "the talks were constructive", "indirect")),
                   events=(("CONSULT", "Ukraine", "Russia", "Istanbul", "met the Russian delegation"),
                           ("RETREAT", "Russia", "Ukraine", "Kyiv", "reduce military activity")))


FOLLOW_UP = ("The Pentagon said on Wednesday that Russian forces near Kyiv were repositioning, not withdrawing. "
             "\"It is not a real withdrawal,\" John Kirby said. Shelling continued near Kyiv and Chernihiv after the "
             "peace talks in Istanbul, officials said.")


def follow_up() -> Article:
    return article("https://daily.example/pentagon-kyiv", "Daily Example", "2022-03-30T09:00:00+00:00",
                   "Pentagon: Russian moves near Kyiv after Istanbul peace talks are not a withdrawal", FOLLOW_UP,
                   people={"John Kirby": ("Pentagon spokesman",)}, places={"Kyiv": KYIV, "Istanbul": ISTANBUL},
                   quotes=(("John Kirby", "It is not a real withdrawal", "direct"),),
                   events=(("FIGHT", "Russia", "Ukraine", "Kyiv", "Shelling continued"),))


def lockdown() -> Article:
    text = ("Shanghai began a two-stage lockdown on Monday as Covid-19 cases rose. Residents east of the Huangpu "
            "river were told to stay home for four days while the city tested everyone.")
    return article("https://other.example/shanghai", "Other Times", "2022-03-28T08:00:00+00:00",
                   "Shanghai locks down in two stages", text, places={"Shanghai": SHANGHAI})


def ingest(store: Store, desk: StoryDesk, item: Article) -> str:
    """Store and assign one article as ``newsdesk ingest`` does; its stored id."""
    result = store.put(item)
    if result.status != "duplicate":
        desk.add(replace(item, id=result.id))
    return result.id


def seeded_store(path: Path) -> tuple[Store, dict[str, str]]:
    store = open_store(str(path))
    desk = StoryDesk(store)
    ids = {"lockdown": ingest(store, desk, lockdown()), "talks": ingest(store, desk, talks()),
           "copy": ingest(store, desk, talks("Copy Herald", "https://herald.example/a1",
                                             TALKS.replace("on Tuesday", "on Tuesday, March 29,"))),
           "follow": ingest(store, desk, follow_up())}
    return store, ids


def web_app(store: Store, guard: Guard | None = None) -> FastAPI:
    app = FastAPI()
    install(app, store, guard)
    return app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """A real uvicorn server on a free loopback port, in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
