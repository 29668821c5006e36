"""Every page and API answer a user hits, timed over a large store (``bench/store_scale.py --pages``).

The store is ``bench/store_scale.py``'s (its articles with quotes and events); this adds what a
running desk has beside them, once: stories (the articles in groups of five in stored order, every
200th one in one big story, each article bringing its first quote and event as developments),
sources and watches. Each address is asked for through the real app (``create_app``, in-process
over ASGI) once to warm up, then ``repeat`` times; the median is shown. ``--save`` keeps the
timings as JSON and ``--before`` puts a saved run beside this one: the before/after table.
"""

from __future__ import annotations

import itertools
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi.testclient import TestClient

from bench.store import Corpus
from newsdesk.alerts.records import Channel
from newsdesk.alerts.store import AlertStore
from newsdesk.store import Store
from newsdesk.store import stories as story_sql
from newsdesk.store.migrations import now
from newsdesk.stories import Assignment, Development
from newsdesk.types import Article, to_dict
from newsdesk.web.app import create_app

GROUP = 5  # articles per story
BIG_EVERY = 200  # every 200th article joins the big story (1,000 of 200,000)
BIG = "story-big"
BATCH = 1_000


def _devs(article: Article, story: str, first: bool) -> tuple[Development, ...]:
    devs = []
    if first:
        devs.append(Development(None, story, article.id, "story", article.text[:60], 0, 60,
                                {"title": article.title, "url": article.url}, article.published))
    if article.quotes:
        q = article.quotes[0]
        devs.append(Development(None, story, article.id, "quote", q.text, q.start, q.end,
                                to_dict(q), article.published))
    if article.events:
        e = article.events[0]
        devs.append(Development(None, story, article.id, "event", article.text[:40], 0, 40, to_dict(e),
                                article.published))
    return tuple(devs)


def add_stories(store: Store) -> None:
    """Stories over the stored articles (those past the ones in a story already: it resumes)."""
    with store._db.read() as tx:
        row = tx.one("SELECT count(*) FROM story_articles")
    done = int(row[0]) if row else 0
    started = time.perf_counter()
    stream = enumerate(store.articles(after=done), start=done)  # the scale store's keys are 1, 2, 3, ...
    while batch := list(itertools.islice(stream, BATCH)):
        with store._db.write() as tx:
            for n, article in batch:
                story = BIG if n % BIG_EVERY == 0 else f"story-{n // GROUP}"
                first = tx.one("SELECT 1 FROM stories WHERE id = ?", (story,)) is None
                stamp = now()
                story_sql.assign(tx, Assignment(article.id, story, "new" if first else "joined", None,
                                                _devs(article, story, first)), article,
                                 article.published or stamp, stamp)
        if batch[0][0] % 20_000 == 0:
            print(f"  stories: {batch[0][0]:,} articles ({time.perf_counter() - started:.0f} s)", file=sys.stderr)


def add_desk(store: Store, corpus: Corpus) -> None:
    """Sources and watches, as a desk has them (once)."""
    alerts = AlertStore(store)
    if alerts.watches():
        return
    for n, source in enumerate(corpus.sources[:30]):
        store.add_source(f"https://news{n}.example.com/feed.xml", "feed", source)
    for person in corpus.people[:20]:
        alerts.add_watch(f'person:"{person}"', [Channel("atom", "")])


def addresses(store: Store, corpus: Corpus) -> list[tuple[str, str]]:
    """(name, address) of every page and API answer timed."""
    article = next(iter(store.last_articles(1)))
    watch = AlertStore(store).watches()[0].id
    common, rare = corpus.words[0], corpus.words[-1]
    speaker, place = "Zelensky", corpus.places[1]
    deep = 199 * 30  # page 200 of a list of 30

    def q(**params: Any) -> str:
        return "?" + urlencode(params)

    return [
        ("home: stories", "/"),
        ("stories page 200", f"/{q(page=200)}"),
        ("big story (1,000 articles)", f"/stories/{BIG}"),
        ("big story, timeline page 5", f"/stories/{BIG}{q(page=5)}"),
        ("a story of five", "/stories/story-7"),
        ("an article", f"/articles/{article.id}"),
        ("search: common word", f"/search{q(q=common)}"),
        ("search: rare word", f"/search{q(q=rare)}"),
        ("search: person filter", f"/search{q(person='Emmanuel Macron')}"),
        ("quotes", "/quotes"),
        ("quotes: common speaker", f"/quotes{q(speaker=speaker)}"),
        ("quotes: words", f"/quotes{q(q=common)}"),
        ("quotes: since a month", f"/quotes{q(since='2024-06', until='2024-06')}"),
        ("quotes offset 5970", f"/quotes{q(offset=deep)}"),
        ("people (last month)", "/people"),
        ("people: a year", f"/people{q(since='2023', until='2023')}"),
        ("people: any kind", f"/people{q(type='any')}"),
        ("people: a name", f"/people{q(name='Macron')}"),
        ("people offset 5970, a year", f"/people{q(since='2023', until='2023', offset=deep)}"),
        ("who did what", "/who-did-what"),
        ("who did what: type, since", f"/who-did-what{q(type='CONSULT', since='2024-06')}"),
        ("who did what: party", f"/who-did-what{q(party=speaker)}"),
        ("who did what: place", f"/who-did-what{q(place=place)}"),
        ("who did what offset 5970", f"/who-did-what{q(offset=deep)}"),
        ("map page", "/map"),
        ("map pins", "/map/pins.json"),
        ("map pins: big story", f"/map/pins.json{q(story=BIG)}"),
        ("sources", "/sources"),
        ("watches", "/watches"),
        ("alerts", "/alerts"),
        ("api stories", "/api/stories"),
        ("api stories offset 5970", f"/api/stories{q(offset=deep)}"),
        ("api big story", f"/api/stories/{BIG}"),
        ("api big story atom", f"/api/stories/{BIG}/atom"),
        ("api articles: common word", f"/api/articles{q(q=common)}"),
        ("api articles: rare word", f"/api/articles{q(q=rare)}"),
        ("api an article", f"/api/articles/{article.id}"),
        ("api quotes", "/api/quotes"),
        ("api quotes: common speaker", f"/api/quotes{q(speaker=speaker)}"),
        ("api quotes offset 9950", f"/api/quotes{q(offset=9950)}"),
        ("api entities", "/api/entities"),
        ("api entities: a year", f"/api/entities{q(since='2023', until='2023')}"),
        ("api entities: a name", f"/api/entities{q(name='Macron')}"),
        ("api events", "/api/events"),
        ("api events: type, since", f"/api/events{q(type='CONSULT', since='2024-06')}"),
        ("api events offset 9950", f"/api/events{q(offset=9950)}"),
        ("api watches", "/api/watches"),
        ("api watch atom", f"/api/watches/{watch}/atom"),
        ("api alerts", "/api/alerts"),
    ]


def timings(store: Store, corpus: Corpus, repeat: int) -> list[tuple[str, float, int]]:
    """(name, median ms, status) of each address."""
    add_stories(store)
    add_desk(store, corpus)
    rows = []
    with TestClient(create_app(store), base_url="http://127.0.0.1") as client:
        for name, address in addresses(store, corpus):
            answer = client.get(address)  # warm-up
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                client.get(address)
                times.append((time.perf_counter() - started) * 1000)
            rows.append((name, statistics.median(times), answer.status_code))
    return rows


def report(label: str, rows: list[tuple[str, float, int]], save: str | None, before: str | None,
           markdown: bool) -> None:
    if save:
        Path(save).write_text(json.dumps({name: ms for name, ms, _ in rows}, indent=1))
    old: dict[str, float] = json.loads(Path(before).read_text()) if before else {}
    sep, bar = (" | ", "|") if markdown else ("  ", "")
    print(bar + sep.join([label, "before ms", "after ms", "status"]) + bar)
    if markdown:
        print("|---|---|---|---|")
    for name, ms, status in rows:
        was = f"{old[name]:.1f}" if name in old else "-"
        print(bar + sep.join([name, was, f"{ms:.1f}", str(status)]) + bar)
    print()
