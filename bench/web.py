"""Web benchmark: requests/s and p99 of the story list and a story page with many stories stored,
per backend, and the time from a committed development to its Server-Sent Event on an open page.

Stories are generated (seeded): each has one article and three developments (the story start, a
quote, an event with a place), written through ``Store.put_many`` and ``Store.assign_story``. The
pages are served by uvicorn in a separate process (one worker, as ``newsdesk run`` does) and hit by
``--clients`` threads for ``--seconds`` each. The anchor is a static file from the same server: the
ceiling of the server and client, with no database and no template. SSE latency: a development is
committed by this process (another connection, as ``newsdesk ingest`` would) while a stream is open;
the time until the event arrives, ``--sse`` times.

    python bench/web.py [--stories 100000] [--backends sqlite,postgres] [--seconds 10] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.store import pg_bench_schema
from newsdesk.store import Store, open_store
from newsdesk.store import stories as story_sql
from newsdesk.store.migrations import now
from newsdesk.stories import Assignment, Development, story_id_for
from newsdesk.types import Article, Entity, Event, Location, Mention, Party, Place, Quote, Span, Speaker

BATCH = 1_000
PLACES = (("Kyiv", 50.45, 30.52), ("Istanbul", 41.01, 28.95), ("Colombo", 6.93, 79.85), ("Lismore", -28.81, 153.28),
          ("Shanghai", 31.22, 121.46), ("Islamabad", 33.72, 73.04), ("Geneva", 46.2, 6.14))


def make_article(rng: random.Random, n: int) -> Article:
    name, lat, lon = rng.choice(PLACES)
    speaker = f"Official{n % 997}"
    text = (f"Story {n}: officials met in {name} on day {n % 365}. \"We will continue the talks,\" {speaker} said. "
            f"Crews delivered aid in {name} overnight.")
    quote_at = text.index("We will")
    event_at = text.index("Crews")
    return Article(
        id=f"bench-{n}", title=f"Talks in {name}, round {n}", text=text, url=f"https://bench.example/{n}",
        source=f"Outlet {n % 50}", published=f"2022-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:00:00+00:00",
        paragraphs=(Span(0, len(text)),),
        entities=(Entity("e1", speaker, "PERSON", ("spokesperson",), (Mention(text.index(speaker),
                         text.index(speaker) + len(speaker), speaker),)),
                  Entity("e2", name, "PLACE", (), (Mention(text.index(name), text.index(name) + len(name), name),),
                         Place(lat, lon))),
        quotes=(Quote("We will continue the talks", quote_at, quote_at + 26, "direct", Speaker(speaker, "e1")),),
        events=(Event("AID", Span(event_at, len(text)), "delivered", actor=Party("Crews"),
                      location=Location(name, lat, lon)),))


def assignment(article: Article, stored_id: str) -> Assignment:
    """What the stories stage would write for a first article: the story start, its quote, its event."""
    story, text, quote, event = story_id_for(stored_id), article.text, article.quotes[0], article.events[0]
    start, crews = text.index(".") + 1, text.index("Crews")
    where = event.location
    place = {"name": where.name, "lat": where.lat, "lon": where.lon} if where else None
    devs = (Development(None, story, stored_id, "story", text[:start], 0, start,
                        {"title": article.title, "url": article.url}, article.published),
            Development(None, story, stored_id, "quote", text[start + 1:crews - 1], start + 1, crews - 1,
                        {"text": quote.text, "kind": quote.kind,
                         "speaker": {"name": quote.speaker.name if quote.speaker else None, "entity": "e1"}},
                        article.published),
            Development(None, story, stored_id, "event", text[crews:], crews, len(text),
                        {"type": event.type, "location": place}, article.published))
    return Assignment(stored_id, story, "new", None, devs)


def fill(store: Store, count: int, seed: int = 7) -> list[str]:
    """``count`` stories; their ids. A bulk load: the store's own assignment SQL, 1,000 a transaction."""
    rng = random.Random(seed)
    ids: list[str] = []
    started = time.perf_counter()
    for first in range(0, count, BATCH):
        batch = [make_article(rng, n) for n in range(first, min(count, first + BATCH))]
        puts = store.put_many(batch)
        with store._db.write() as tx:
            for article, put in zip(batch, puts, strict=True):
                stamp = now()
                ids.append(story_sql.assign(tx, assignment(article, put.id), article, article.published or stamp,
                                            stamp).story_id)
        if first and first % 20_000 == 0:
            print(f"  {first} stories ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return ids


def serve(db: str, port: int) -> None:
    """Run in the server subprocess: the pages over ``db`` on ``port``."""
    import uvicorn
    from fastapi import FastAPI

    from newsdesk.web.pages import install

    app = FastAPI()
    install(app, open_store(db))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


@contextmanager
def server(db: str) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    proc = subprocess.Popen([sys.executable, __file__, "--serve", db, "--port", str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/static/app.css", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def load(base: str, paths: list[str], seconds: float, clients: int) -> dict[str, float]:
    """Hit ``paths`` (round-robin per client) for ``seconds``; requests/s and latency percentiles (ms)."""
    latencies: list[float] = []
    errors = [0]
    stop = time.perf_counter() + seconds

    def client(offset: int) -> None:
        mine: list[float] = []
        with httpx.Client(base_url=base, timeout=30) as http:
            i = offset
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                response = http.get(paths[i % len(paths)])
                mine.append(time.perf_counter() - t0)
                errors[0] += response.status_code != 200
                i += clients
        latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    return {"rps": len(latencies) / seconds, "p50": 1000 * statistics.median(latencies),
            "p99": 1000 * latencies[int(0.99 * (len(latencies) - 1))], "errors": errors[0]}


def sse_latency(base: str, store: Store, trials: int) -> dict[str, float]:
    """Commit a development, time its arrival on an open event stream."""
    got: dict[int, float] = {}
    ready = threading.Event()

    def reader() -> None:
        with httpx.Client(base_url=base, timeout=60) as http, http.stream("GET", "/events") as response:
            for line in response.iter_lines():
                if line.startswith("event: hello"):
                    ready.set()
                elif line.startswith("data: ") and '"pk"' in line:
                    got[json.loads(line[6:])["pk"]] = time.perf_counter()
                    if len(got) >= trials:
                        return

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    ready.wait(30)
    rng = random.Random(99)
    delays: list[float] = []
    for n in range(trials):
        article = make_article(rng, 10_000_000 + n)
        put = store.put(article)
        one = assignment(article, put.id)
        one = Assignment(one.article_id, one.story_id, "new", None, one.developments[:1])
        t0 = time.perf_counter()
        pk = store.assign_story(one, article).developments[0].pk or 0
        while pk not in got and time.perf_counter() - t0 < 10:
            time.sleep(0.001)
        delays.append(got.get(pk, t0 + 10) - t0)
        time.sleep(rng.uniform(0.05, 0.3))  # arrivals at any point of the stream's poll cycle
    delays.sort()
    return {"p50": 1000 * statistics.median(delays), "p99": 1000 * delays[int(0.99 * (len(delays) - 1))],
            "max": 1000 * delays[-1]}


def run(db: str, args: argparse.Namespace) -> dict[str, object]:
    with open_store(db) as store:
        t0 = time.perf_counter()
        ids = fill(store, args.stories)
        built = time.perf_counter() - t0
        rng = random.Random(3)
        story_paths = [f"/stories/{rng.choice(ids)}" for _ in range(2_000)]
        list_paths = ["/", "/?page=2", "/?page=10"]
        with server(db) as base:
            load(base, ["/"], 1, 2)  # warm up
            result = {"built_s": built, "list": load(base, list_paths, args.seconds, args.clients),
                      "story": load(base, story_paths, args.seconds, args.clients),
                      "static": load(base, ["/static/app.css"], args.seconds, args.clients),
                      "sse": sse_latency(base, store, args.sse)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--sse", type=int, default=30, help="SSE latency trials")
    parser.add_argument("--postgres", default=os.environ.get("NEWSDESK_BENCH_POSTGRES",
                                                              "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--serve", metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port)
        return
    results: dict[str, dict[str, object]] = {}
    for backend in args.backends.split(","):
        print(f"{backend}: {args.stories} stories", file=sys.stderr)
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                results[backend] = run(str(Path(tmp) / "web.db"), args)
        else:
            with pg_bench_schema(args.postgres) as url:
                results[backend] = run(url, args)
        print(json.dumps({backend: results[backend]}), file=sys.stderr)  # kept if a later backend fails
    if args.markdown:
        print("| backend | page | requests/s | p50 ms | p99 ms |\n| --- | --- | ---: | ---: | ---: |")
        for backend, r in results.items():
            for page, label in (("list", "story list `/`"), ("story", "story page"), ("static", "anchor: static file")):
                m = r[page]
                assert isinstance(m, dict)
                print(f"| {backend} | {label} | {m['rps']:.0f} | {m['p50']:.1f} | {m['p99']:.1f} |")
        for backend, r in results.items():
            s = r["sse"]
            assert isinstance(s, dict)
            print(f"\nSSE, {backend}: commit → event p50 {s['p50']:.0f} ms, p99 {s['p99']:.0f} ms, "
                  f"max {s['max']:.0f} ms")
    else:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
