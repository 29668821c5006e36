"""Storage benchmark: ingest throughput and search latency on generated articles, per backend.

Articles are generated (seeded): ~120 words of a Zipf-distributed 20,000-word vocabulary, a
title, a source, a date in 2020-2024, two to four named entities and one or two events. Ingest is
timed twice: ``put`` (one commit per article, as ``newsdesk ingest`` does) on the first 2,000, and
``put_many`` (1,000 per commit, a bulk load) on the rest. Search then runs a mixed set of queries
(words, pairs, phrases, prefixes, filters alone and with words) and reports p50/p95/max latency
overall and per kind. PostgreSQL runs in a fresh schema, dropped afterwards.

    python bench/store.py [--articles 100000] [--backends sqlite,postgres] [--queries 400] [--markdown]
    python bench/store.py --articles 1000000 --backends sqlite [--keep build/bench-1m.db]
    python bench/store.py --run 300 [--backends sqlite,postgres] [--markdown]

``--run N`` measures ``newsdesk run --once`` end to end instead: N
generated news pages behind an RSS feed on a loopback HTTP server, fetched, extracted, analysed
(spaCy) and stored; articles/s and the peak RSS of the ``newsdesk run`` process.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsdesk.store import Store, open_store
from newsdesk.store.query import parse
from newsdesk.types import Article, Entity, Event, Span

VOCABULARY = 20_000
WORDS_PER_ARTICLE = 120
SINGLE_PUTS = 2_000
BATCH = 1_000
EVENT_TYPES = ("CONSULT", "AGREE", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
               "MOBILIZE", "COERCE", "ASSAULT", "FIGHT", "AID", "RETREAT", "CEASEFIRE", "COOPERATE", "ACCIDENT")


@dataclass(frozen=True)
class Corpus:
    words: tuple[str, ...]
    people: tuple[str, ...]
    orgs: tuple[str, ...]
    places: tuple[str, ...]
    sources: tuple[str, ...]


def make_corpus(rng: random.Random) -> Corpus:
    syllables = [a + b for a in "bcdfghjklmnprstvz" for b in ("a", "e", "i", "o", "u", "ai", "ou", "ar", "en")]
    words = tuple(dict.fromkeys("".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(VOCABULARY * 2)))

    def names(n: int, parts: int) -> tuple[str, ...]:
        return tuple(" ".join(rng.choice(words[500:]).capitalize() for _ in range(parts)) for _ in range(n))

    return Corpus(words[:VOCABULARY], names(3000, 2), names(600, 2), names(400, 1), names(60, 2))


def articles(corpus: Corpus, count: int, seed: int) -> Iterator[Article]:
    rng = random.Random(seed)
    weights = list(itertools.accumulate(1 / rank for rank in range(1, VOCABULARY + 1)))
    pool = rng.choices(corpus.words, cum_weights=weights, k=1_000_003)  # Zipf-distributed text, sliced below
    half, title_words = WORDS_PER_ARTICLE // 2, corpus.words[100:]
    for n in range(count):
        at = rng.randrange(len(pool) - WORDS_PER_ARTICLE)
        text = " ".join(pool[at:at + half]) + ".\n\n" + " ".join(pool[at + half:at + WORDS_PER_ARTICLE]) + "."
        people, orgs, places = rng.sample(corpus.people, 2), rng.sample(corpus.orgs, 1), rng.sample(corpus.places, 1)
        entities = tuple(Entity(f"e{i}", name, kind) for i, (name, kind) in enumerate(
            [(p, "PERSON") for p in people] + [(o, "ORG") for o in orgs] + [(p, "PLACE") for p in places], 1))
        events = tuple(Event(t, Span(0, 10), "met") for t in rng.sample(EVENT_TYPES, rng.randint(1, 2)))
        day = rng.randrange(5 * 365)
        yield Article(id="-", title=" ".join(rng.choices(title_words, k=7)).capitalize(), text=f"{n} {text}",
                      url=f"https://news{n % 97}.example.com/{n}", source=rng.choice(corpus.sources),
                      published=f"{2020 + day // 365}-{1 + day % 365 // 31:02d}-{1 + day % 31 % 28:02d}",
                      language="en", entities=entities, events=events)


def queries(corpus: Corpus, sample: list[Article], count: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    mid = corpus.words[200:]

    def phrase() -> str:
        words = rng.choice(sample).text.split()
        at = rng.randrange(len(words) - 2)
        return '"' + " ".join(w.strip(".") for w in words[at:at + 2]) + '"'

    kinds = {
        "word": lambda: rng.choice(mid),
        "common word (rank 20-200)": lambda: rng.choice(corpus.words[20:200]),
        "two words": lambda: f"{rng.choice(mid)} {rng.choice(corpus.words[50:2000])}",
        "phrase": phrase,
        "prefix": lambda: rng.choice(mid)[:4] + "*",
        "word OR word": lambda: f"{rng.choice(mid)} OR {rng.choice(mid)}",
        "person: + word": lambda: f'person:"{rng.choice(corpus.people)}" {rng.choice(corpus.words[20:2000])}',
        "filters only": lambda: f'source:"{rng.choice(corpus.sources)}" since:202{rng.randrange(5)}-06',
        "event: place: since:": lambda: f"event:{rng.choice(EVENT_TYPES)} place:\"{rng.choice(corpus.places)}\" "
                                        f"since:2023",
        "word -word source:": lambda: f"{rng.choice(corpus.words[20:500])} -{rng.choice(mid)} "
                                      f"source:\"{rng.choice(corpus.sources)}\"",
    }
    return [(kind, make()) for _ in range(count // len(kinds)) for kind, make in kinds.items()]


@dataclass(frozen=True)
class Row:
    backend: str
    articles: int
    single_rate: float
    bulk_rate: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    size_mb: float | None
    per_kind: dict[str, tuple[float, float]]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bench(store: Store, backend: str, corpus: Corpus, count: int, n_queries: int, db_file: Path | None,
          reuse: bool = False) -> Row:
    """Ingest ``count`` articles (unless ``reuse``: the store holds them already), then time the queries."""
    stream = articles(corpus, count, seed=1)
    single = list(itertools.islice(stream, min(SINGLE_PUTS, count)))
    start = time.perf_counter()
    for article in [] if reuse else single:
        store.put(article)
    single_rate = float("nan") if reuse else len(single) / (time.perf_counter() - start)
    spent, done = 0.0, 0
    while not reuse and (batch := list(itertools.islice(stream, BATCH))):  # generated outside the timing
        start = time.perf_counter()
        store.put_many(batch)
        spent += time.perf_counter() - start
        done += len(batch)
        if done % 100_000 == 0:
            print(f"  {backend}: {done + len(single):,} stored", file=sys.stderr)
    bulk_rate = done / spent if done else float("nan")
    timings: dict[str, list[float]] = {}
    for kind, query in queries(corpus, single[:500], n_queries, seed=2):
        start = time.perf_counter()
        store.search(parse(query, known_events=False))  # the generated events include non-PLOVER types
        timings.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
    every = [t for ts in timings.values() for t in ts]
    size = sum(p.stat().st_size for p in db_file.parent.glob(db_file.name + "*")) / 1e6 if db_file else None
    return Row(backend, count, single_rate, bulk_rate, percentile(every, 0.5), percentile(every, 0.95), max(every),
               size, {k: (statistics.median(v), percentile(v, 0.95)) for k, v in timings.items()})


def run_backend(backend: str, args: argparse.Namespace, corpus: Corpus) -> Row:
    if backend == "sqlite" and args.keep:  # build the file once, time queries on it again later
        path = Path(args.keep)
        start = time.perf_counter()
        with open_store(str(path)) as store:  # a file from older code is migrated here: timed
            opened = time.perf_counter() - start
            reuse = store.count() >= args.articles
            print(f"  sqlite: {'reusing' if reuse else 'building'} {path} (opened and migrated in {opened:.1f} s)",
                  file=sys.stderr)
            return bench(store, backend, corpus, args.articles, args.queries, path, reuse)
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
            path = Path(tmp) / "bench.db"
            with open_store(str(path)) as store:
                return bench(store, backend, corpus, args.articles, args.queries, path)
    with pg_bench_schema(args.postgres) as url, open_store(url) as store:
        return bench(store, backend, corpus, args.articles, args.queries, None)


@contextmanager
def pg_bench_schema(server: str) -> Iterator[str]:
    """A database URL on a fresh schema of ``server``, dropped afterwards."""
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield server + ("&" if "?" in server else "?") + f"options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


PEOPLE = ("Olaf Scholz", "Emmanuel Macron", "Volodymyr Zelensky", "Kithure Kindiki", "Ursula von der Leyen",
          "Antony Blinken", "Recep Tayyip Erdogan", "Narendra Modi", "Luiz Inacio Lula da Silva", "Cyril Ramaphosa")
PLACES = ("Berlin", "Paris", "Kyiv", "Nairobi", "Brussels", "Washington", "Ankara", "New Delhi", "Brasilia",
          "Pretoria", "Kharkiv", "Istanbul")
SENTENCES = (
    "{p1} met {p2} in {place} on Tuesday to discuss the energy crisis and trade.",
    '"We will stand together," {p1} told reporters after the talks in {place}.',
    "Police arrested {n} protesters in {place} on Monday after a march against new taxes turned violent.",
    "{p2} accused the government of ignoring the warnings of the central bank.",
    "The two leaders agreed to coordinate gas purchases for the coming winter, officials said.",
    "{p1} called for more aid to the families who lost their homes in the floods near {place}.",
    "Officials in {place} said {n} people had been injured and several buildings damaged.",
    "The opposition rejected the proposal and threatened to boycott the vote next week.",
)


def news_page(n: int, rng: random.Random) -> bytes:
    def sentence() -> str:
        p1, p2 = rng.sample(PEOPLE, 2)
        return rng.choice(SENTENCES).format(p1=p1, p2=p2, place=rng.choice(PLACES), n=rng.randint(2, 40))

    paragraphs = "".join(f"<p>Report {n}. {' '.join(sentence() for _ in range(3))}</p>" for _ in range(4))
    return (f"<!doctype html><html><head><title>Story {n} | Bench Times</title></head><body><nav>Home World</nav>"
            f"<article><h1>Story {n}: {rng.choice(PEOPLE)} in {rng.choice(PLACES)}</h1>{paragraphs}</article>"
            "<footer>Copyright Bench Times</footer></body></html>").encode()


def serve_site(pages: dict[str, bytes]) -> tuple[Any, str]:
    """A loopback HTTP server for ``pages`` (path: body), in a thread; returns it and its base URL."""
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            body = pages.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            self.send_header("Content-Type", "application/rss+xml" if self.path.endswith(".xml") else "text/html")
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def bench_run(backend: str, db: str, count: int, analyze: bool) -> tuple[float, float, int]:
    """articles/s, peak RSS (MB) and articles stored by one `newsdesk run --once` over ``count`` pages."""
    rng = random.Random(3)
    pages = {f"/news/{n}": news_page(n, rng) for n in range(count)}
    server, base = serve_site(pages)
    items = "".join(f"<item><link>{base}/news/{n}</link></item>" for n in range(count))
    pages["/feed.xml"] = f'<rss version="2.0"><channel><title>Bench</title>{items}</channel></rss>'.encode()
    env = {**os.environ, "NEWSDESK_ALLOWED_NETWORKS": "127.0.0.0/8", "NEWSDESK_HOST_DELAY": "0",
           "NEWSDESK_MAX_NEW_PER_CHECK": str(count)}
    cli = [sys.executable, "-c", "from newsdesk.cli import main; main()"]
    subprocess.run([*cli, "source", "add", "--db", db, base + "/feed.xml"], env=env, check=True, capture_output=True)
    with tempfile.TemporaryFile("w+") as log:
        start = time.perf_counter()
        proc = subprocess.Popen([*cli, "run", "--db", db, "--once", "--analyze" if analyze else "--no-analyze",
                                 "--log-format", "json"], env=env, stderr=log, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        log.seek(0)
        stored = sum('"article.stored"' in line for line in log)
    server.shutdown()
    if status != 0:
        raise SystemExit(f"newsdesk run failed on {backend} (status {status})")
    return stored / seconds, usage.ru_maxrss / 1024, stored


def run_table(args: argparse.Namespace) -> int:
    """``--run N``: one `newsdesk run --once` per backend over N loopback pages."""
    sep, bar = (" | ", "|") if args.markdown else ("  ", "")
    print(bar + sep.join(["backend", "pages", "NLP stage", "articles/s (end to end)", "peak RSS MB"]) + bar)
    if args.markdown:
        print("|---|---|---|---|---|")
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        if backend == "sqlite":
            with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
                rate, rss, stored = bench_run(backend, str(Path(tmp) / "run.db"), args.run, not args.no_analyze)
        else:
            with pg_bench_schema(args.postgres) as url:
                rate, rss, stored = bench_run(backend, url, args.run, not args.no_analyze)
        assert stored == args.run, f"{stored} of {args.run} stored"
        print(bar + sep.join([backend, f"{args.run:,}", "off" if args.no_analyze else "on", f"{rate:.1f}",
                              f"{rss:.0f}"]) + bar)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--queries", type=int, default=400, help="search queries timed (spread over the kinds)")
    parser.add_argument("--postgres", default=os.environ.get("NEWSDESK_BENCH_POSTGRES",
                                                              "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--dir", default=None, help="where the SQLite file goes (default: the temp folder)")
    parser.add_argument("--keep", default=None, metavar="FILE",
                        help="SQLite file kept between runs: built when it holds fewer than --articles, else reused "
                             "to time the queries only")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--run", type=int, default=0, metavar="N",
                        help="instead: time `newsdesk run --once` on N loopback pages (articles/s, peak RSS)")
    parser.add_argument("--no-analyze", action="store_true", help="with --run: without the NLP stage")
    args = parser.parse_args()
    if args.run:
        return run_table(args)
    corpus = make_corpus(random.Random(0))
    rows = [run_backend(b.strip(), args, corpus) for b in args.backends.split(",") if b.strip()]
    sep, bar = (" | ", "|") if args.markdown else ("  ", "")
    header = ["backend", "articles", "put/s", "put_many/s", "search p50 ms", "p95 ms", "max ms", "size MB"]
    print(bar + sep.join(header) + bar)
    if args.markdown:
        print("|" + "---|" * len(header))
    for r in rows:
        size = f"{r.size_mb:.0f}" if r.size_mb is not None else "-"
        print(bar + sep.join([r.backend, f"{r.articles:,}", f"{r.single_rate:.0f}", f"{r.bulk_rate:.0f}",
                              f"{r.p50_ms:.1f}", f"{r.p95_ms:.1f}", f"{r.max_ms:.1f}", size]) + bar)
    print()
    kinds = list(rows[0].per_kind) if rows else []
    print(bar + sep.join(["query kind (p50 / p95 ms)", *(r.backend for r in rows)]) + bar)
    if args.markdown:
        print("|" + "---|" * (len(rows) + 1))
    for kind in kinds:
        print(bar + sep.join([kind, *(f"{r.per_kind[kind][0]:.1f} / {r.per_kind[kind][1]:.1f}" for r in rows)]) + bar)
    return 0


if __name__ == "__main__":
    sys.exit(main())
