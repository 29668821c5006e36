"""Store queries at scale: quotes by speaker and words, entities by name, events by type, party,
place, modality and dates, phrases of three or more words.

A large store is built once (seeded, as ``bench/store.py`` generates articles, with five quotes
each: 200,000 articles hold 1,000,000 quotes, and their one or two events each with parties, a
place, a modality and now and then a date of their own; a store built before the events had them
holds bare events: build it again) and kept: SQLite in ``build/``, PostgreSQL in a
schema of its own (``--pg-schema``), both reused while they hold enough articles. Each query is
then timed both ways, the way it ran before (``indexed=False``: a scan of the quotes or entities;
``pairs=False``: phrases from the position lists) and the way it runs now, after a warm-up, and
the two must return the same rows. The "before" of ``entities`` already has the (name, type) index
that an entity's titles are read by (schema step 11): the code before that step took 1.1-1.7 s with
a name and 22 s without one at 200k articles, where this prints 0.2-0.8 s and 13-16 s as "before".
The "before" of ``events`` is the query before schema step 13 (the date computed across events and
articles, the party and place words scanned).

    python bench/store_scale.py [--articles 200000] [--backends sqlite,postgres] [--pg-articles 30000] [--markdown]
    python bench/store_scale.py --pages [--save build/pages.json] [--before build/pages-old.json]

``--pages`` times every page and API answer over the same stores instead (``bench/pages.py``: it
adds stories, sources and watches once); ``--save`` keeps a run's timings per backend and
``--before`` shows a kept run beside this one. It then times the deep pages of the quotes and events
lists both ways (#8): by ``offset`` and by cursor (``after=`` the ``next`` of the hit before), the same
hits.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import itertools
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.store import Corpus, articles, make_corpus
from newsdesk.store import Store, open_store
from newsdesk.store.query import EVENT_TYPES
from newsdesk.types import Article, Event, Location, Modality, Party, Quote, Speaker

REPO = Path(__file__).resolve().parent.parent
QUOTES_PER_ARTICLE = 5
BATCH = 1_000
# Real names beside the generated ones: accents, case and spellings as news has them.
FAMOUS = ("Volodymyr Zelensky", "Volodymyr Zelenskyy", "Recep Tayyip Erdoğan", "Emmanuel Macron", "Olaf Scholz",
          "Ursula von der Leyen", "Luiz Inácio Lula da Silva", "Kithure Kindiki", "Antony Blinken", "Narendra Modi")


def with_quotes(corpus: Corpus, stream: Iterator[Article], seed: int) -> Iterator[Article]:
    """The articles, each with QUOTES_PER_ARTICLE quotes of its own words, from its people or a famous one."""
    rng = random.Random(seed)
    for article in stream:
        words = article.text.split()
        if rng.random() < 0.05:  # one of the people is a famous one
            article = dataclasses.replace(article, entities=(dataclasses.replace(
                article.entities[0], name=rng.choice(FAMOUS)), *article.entities[1:]))
        quotes = []
        for _ in range(QUOTES_PER_ARTICLE):
            at = rng.randrange(len(words) - 12)
            text = " ".join(words[at:at + rng.randint(6, 12)])
            start = article.text.find(text)
            who = rng.choice(FAMOUS) if rng.random() < 0.05 else rng.choice(
                [e.name for e in article.entities if e.type == "PERSON"] + [rng.choice(corpus.people)])
            quotes.append(Quote(text, start, start + len(text), rng.choice(("direct", "indirect", "mixed")),
                                None if rng.random() < 0.03 else Speaker(who)))
        yield dataclasses.replace(article, quotes=tuple(quotes), events=_events(article, rng))


PLACE = "Cousarusou"  # one of the generated places (make_corpus(random.Random(0)).places[1])
MODALITIES: tuple[Modality, ...] = ("asserted",) * 6 + ("intended", "hypothetical", "negated", "requested")


def _events(article: Article, rng: random.Random) -> tuple[Event, ...]:
    """The article's events with parties (its people and organisations, now and then a famous one),
    a place (often its own), a modality (mostly asserted) and now and then a date of their own."""
    names = [e.name for e in article.entities if e.type in ("PERSON", "ORG")]
    places = [e.name for e in article.entities if e.type == "PLACE"]
    events = []
    for event in article.events:
        actor = rng.choice(FAMOUS) if rng.random() < 0.05 else rng.choice(names)
        target = None if rng.random() < 0.3 else rng.choice([n for n in names if n != actor] or names)
        place = None if rng.random() < 0.2 else rng.choice(places)
        date = None
        if article.published and rng.random() < 0.3:  # a day a week or so before the report
            date = (datetime.date.fromisoformat(article.published) - datetime.timedelta(rng.randrange(10))).isoformat()
        events.append(dataclasses.replace(
            event, type=rng.choice(EVENT_TYPES), modality=rng.choice(MODALITIES), actor=Party(actor),
            target=Party(target) if target else None, location=Location(place) if place else None, date=date))
    return tuple(events)


def fill(store: Store, corpus: Corpus, count: int, label: str) -> None:
    have = store.count()
    if have >= count:
        print(f"  {label}: reusing {have:,} articles", file=sys.stderr)
        return
    stream = itertools.islice(with_quotes(corpus, articles(corpus, count, seed=1), seed=5), have, None)
    started, done = time.perf_counter(), have
    while batch := list(itertools.islice(stream, BATCH)):
        store.put_many(batch)
        done += len(batch)
        if done % 20_000 == 0:
            print(f"  {label}: {done:,} stored ({(done - have) / (time.perf_counter() - started):.0f}/s)",
                  file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200_000, help="SQLite store size")
    parser.add_argument("--pg-articles", type=int, default=30_000, help="PostgreSQL store size")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--db", default=None, help="SQLite file (default build/scale-<articles>.db)")
    parser.add_argument("--postgres", default=os.environ.get("NEWSDESK_BENCH_POSTGRES",
                                                              "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--pg-schema", default="bench_scale", help="PostgreSQL schema kept between runs")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each query (the median is shown)")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--pages", action="store_true", help="time the web pages and API answers instead")
    parser.add_argument("--save", help="--pages: keep the timings in FILE (one per backend: FILE.<backend>)")
    parser.add_argument("--before", help="--pages: a --save file (the same name) to show beside this run")
    args = parser.parse_args()
    corpus = make_corpus(random.Random(0))
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    tables = []
    for backend in backends:
        url, count = _target(backend, args)
        started = time.perf_counter()
        with open_store(url) as store:
            print(f"  {backend}: opened (and migrated) in {time.perf_counter() - started:.1f} s", file=sys.stderr)
            fill(store, corpus, count, backend)
            if args.pages and not args.build_only:
                from bench import pages

                timed = pages.timings(store, corpus, args.repeat)
                pages.report(f"{backend}, {count:,} articles", timed, args.save and f"{args.save}.{backend}",
                             args.before and f"{args.before}.{backend}", args.markdown)
                _print(f"{backend} deep pages: offset -> cursor", count, cursor_pages(store, args.repeat),
                       args.markdown)
            elif not args.build_only:
                tables.append((backend, count, timings(store, args.repeat)))
    for backend, count, rows in tables:
        _print(backend, count, rows, args.markdown)
    return 0


def _target(backend: str, args: argparse.Namespace) -> tuple[str, int]:
    if backend == "sqlite":
        path = Path(args.db) if args.db else REPO / "build" / f"scale-{args.articles // 1000}k.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        return str(path), args.articles
    import psycopg

    with psycopg.connect(args.postgres, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA IF NOT EXISTS {args.pg_schema}")
    sep = "&" if "?" in args.postgres else "?"
    return args.postgres + f"{sep}options=-csearch_path%3D{args.pg_schema}", args.pg_articles


Case = tuple[str, Callable[[Store, bool], Any]]


def cases() -> list[Case]:
    from newsdesk.store.events import EventFilter
    from newsdesk.store.people import NameFilter
    from newsdesk.store.query import parse
    from newsdesk.store.quotes import QuoteFilter

    def quotes(**wanted: str) -> Callable[[Store, bool], Any]:
        return lambda store, new: store.quotes(QuoteFilter(**wanted), indexed=new)

    def names(**wanted: str) -> Callable[[Store, bool], Any]:
        return lambda store, new: store.entities(NameFilter(**wanted), indexed=new)

    def events(**wanted: str) -> Callable[[Store, bool], Any]:
        return lambda store, new: store.events(EventFilter(**wanted), indexed=new)

    def search(query: str) -> Callable[[Store, bool], Any]:
        return lambda store, new: store.search(parse(query, known_events=False), pairs=new)

    return [
        ("quotes --speaker Zelensky", quotes(speaker="Zelensky")),
        ("quotes --speaker 'erdoğan'", quotes(speaker="erdoğan")),
        ("quotes --speaker 'von der leyen' --words (a common word)", quotes(speaker="von der leyen", words="the")),
        ("quotes --words (two words)", quotes(words="bai dou")),
        ("quotes --speaker (no such name)", quotes(speaker="Nobodyatall")),
        ("entities Zelensky", names(name="Zelensky")),
        ("entities --type person Macron", names(type="person", name="Macron")),
        ("entities (no name)", names()),
        ("search said:Macron", search("said:Macron")),
        ("events (no filter)", events()),
        ("events CONSULT", events(type="CONSULT")),
        ("events --modality negated", events(modality="negated")),
        ("events --since 2022-03 --until 2022-03", events(since="2022-03", until="2022-03")),
        ("events ASSAULT --since 2024-06", events(type="ASSAULT", since="2024-06")),
        ("events --party Zelensky", events(party="Zelensky")),
        ("events --actor Macron --target (a common word)", events(actor="Macron", target="a")),
        ("events --place (a place)", events(place=PLACE)),
        ("events --party (no such name)", events(party="Nobodyatall")),
    ]


def timings(store: Store, repeat: int) -> list[tuple[str, float, float, bool]]:
    rows = []
    sample = phrases(store)
    every = cases() + [(f"search 3-word phrase {n}", _phrase_case(p)) for n, p in enumerate(sample, 1)]
    for name, run in every:
        before = run(store, False)  # warm-up, and the old result
        after = run(store, True)
        old = statistics.median(_time(run, store, False) for _ in range(repeat))
        new = statistics.median(_time(run, store, True) for _ in range(repeat))
        rows.append((name, old, new, before == after))
    return rows


DEPTHS = (5_970, 9_950)  # pages 200 and 332 of 30: the deepest an offset reaches is 10,000


def cursor_pages(store: Store, repeat: int) -> list[tuple[str, float, float, bool]]:
    """Each deep page of ``/quotes`` and of ``/api/quotes`` and ``/api/events`` by ``offset``, then by
    cursor (``after=`` the hit before's ``next``, read once beforehand), through the app; whether the
    two showed the same hits (their counts of articles aside: a page counts over the rows it reads)."""
    from urllib.parse import urlencode

    from fastapi.testclient import TestClient

    from newsdesk.web.app import create_app

    client = TestClient(create_app(store))
    rows = []
    for path in ("/api/quotes", "/api/events", "/quotes"):
        for depth in DEPTHS:
            api = path.startswith("/api/")
            before = client.get(path if api else f"/api{path}", params={"limit": 1, "offset": depth - 1}).json()
            sized = {"limit": 30} if api else {}
            old = f"{path}?{urlencode({**sized, 'offset': depth})}"
            new = f"{path}?{urlencode({**sized, 'after': before[0]['next']})}" if before else old
            same = _shown(client.get(old)) == _shown(client.get(new))
            took = [statistics.median(_time_get(client, url) for _ in range(repeat)) for url in (old, new)]
            rows.append((f"{path} at {depth:,}", took[0], took[1], same))
    return rows


def _shown(answer: Any) -> Any:
    """What a page or answer shows, less each hit's count of articles and cursor."""
    if answer.headers["content-type"].startswith("application/json"):
        return [{k: v for k, v in hit.items() if k not in ("articles", "next")} for hit in answer.json()]
    return re.sub(r" · in \d+ articles|<a href=\"[^\"]*\">Older quotes</a>", "", answer.text)


def _time_get(client: Any, url: str) -> float:
    started = time.perf_counter()
    assert client.get(url).status_code == 200, url
    return (time.perf_counter() - started) * 1000


def phrases(store: Store, count: int = 5) -> list[str]:
    """Three-word phrases from stored texts (common words: long position lists)."""
    rng = random.Random(9)
    found = []
    for article in itertools.islice(store.articles(), 50):
        words = [w.strip(".") for w in article.text.split()[1:]]
        at = rng.randrange(len(words) - 3)
        found.append('"' + " ".join(words[at:at + 3]) + '"')
    return found[:count]


def _phrase_case(phrase: str) -> Callable[[Store, bool], Any]:
    from newsdesk.store.query import parse

    return lambda store, new: store.search(parse(phrase, known_events=False), pairs=new)


def _time(run: Callable[[Store, bool], Any], store: Store, new: bool) -> float:
    started = time.perf_counter()
    run(store, new)
    return (time.perf_counter() - started) * 1000


def _print(backend: str, count: int, rows: list[tuple[str, float, float, bool]], markdown: bool) -> None:
    sep, bar = (" | ", "|") if markdown else ("  ", "")
    print(bar + sep.join([f"{backend}, {count:,} articles", "before ms", "after ms", "same rows"]) + bar)
    if markdown:
        print("|---|---|---|---|")
    for name, old, new, same in rows:
        print(bar + sep.join([name, f"{old:.1f}", f"{new:.1f}", "yes" if same else "NO"]) + bar)
    print()


if __name__ == "__main__":
    sys.exit(main())
