"""`newsdesk stories --rebuild` throughput (#6): articles re-assigned per second, per backend.

A store is filled with the 772 ECB+ dev articles (analysed, from bench/stories.py's cache when it
is there, else raw) or with N generated ones (bench/store.py's, ``--generated N``: the scaling),
one editor's move is made half-way, and the stories are rebuilt ``--runs`` times (each one the
whole rebuild: clear, every article assigned again, the move made again, the checkpoint).
Each time is given as wall and CPU seconds (on a shared machine the CPU time is the steadier),
beside the tracker alone on the same articles (no store: the floor). ``--profile`` prints the
top of a cProfile of one rebuild, by own time. PostgreSQL runs in a fresh schema, dropped afterwards.

An editor's move made just after is then undone ``--runs`` times (#6: the rows it changed put back,
no rebuild), timed wall. Before #6 an undo was a whole rebuild.

    python bench/story_rebuild.py [--generated 5000] [--backends sqlite,postgres] [--runs 2] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.store import articles as generated
from bench.store import make_corpus, pg_bench_schema
from bench.stories import CACHE, GOLD
from newsdesk.errors import InputError
from newsdesk.pipeline import read_jsonl_articles
from newsdesk.store import Store, open_store
from newsdesk.stories import StoryDesk, StoryTracker
from newsdesk.types import Article, from_dict

PG = "postgresql://127.0.0.1:5432/test"


def dev_articles() -> tuple[list[Article], str]:
    if CACHE.exists():
        return [from_dict(Article, json.loads(line)) for line in CACHE.open(encoding="utf-8")], "ECB+ dev, analysed"
    with GOLD.open(encoding="utf-8") as fh:
        return [o.article for o in read_jsonl_articles(fh) if o.article is not None], "ECB+ dev, raw"


@contextmanager
def opened(backend: str) -> Iterator[Store]:
    if backend == "postgres":
        with pg_bench_schema(PG) as url, open_store(url) as store:
            yield store
    else:
        with tempfile.TemporaryDirectory() as folder, open_store(str(Path(folder) / "n.db")) as store:
            yield store


def run(backend: str, stream: list[Article], runs: int,
        profile: bool) -> tuple[list[tuple[float, float]], list[float], int]:
    with opened(backend) as store:
        for at in range(0, len(stream), 1000):
            store.put_many(stream[at:at + 1000])
        stored = store.count()  # (a text stored twice is stored once)
        desk = StoryDesk(store)
        desk.rebuild()
        moved = next(iter(store.articles(len(stream) // 2)))  # one editor's move, half-way
        first = next(iter(store.articles())).id
        try:
            desk.move(moved.id, "new", editor="bench")
        except InputError:  # alone in its story (generated articles are): into the first one's
            desk.move(moved.id, str(store.story_of(first)), editor="bench")
        kept = store.story_edits()
        times = []
        for _ in range(runs):
            began, cpu = time.perf_counter(), time.process_time()
            assert StoryDesk(store, start=False).rebuild() == stored  # as `stories --rebuild` makes it
            times.append((time.perf_counter() - began, time.process_time() - cpu))
        undo = []
        for _ in range(runs):  # an editor's move undone at once (#6): the rows it changed put back
            home = str(store.story_of(first))
            edit = desk.move(moved.id, "new" if store.story_of(moved.id) == home else home, editor="bench")
            assert edit.pk is not None
            noted, began = store.story_rebuild_time(), time.perf_counter()
            StoryDesk(store, start=False).undo(edit.pk)  # as `story ID --undo PK` makes it
            undo.append(time.perf_counter() - began)
            assert store.story_edits() == kept and store.story_rebuild_time() == noted  # (no rebuild)
        if profile:
            prof = cProfile.Profile()
            prof.enable()
            StoryDesk(store, start=False).rebuild()
            prof.disable()
            pstats.Stats(prof).sort_stats("tottime").print_stats(40)
        return times, undo, stored


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generated", type=int, metavar="N", help="N generated articles instead of ECB+ dev")
    parser.add_argument("--backends", default="sqlite", help="sqlite,postgres")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if args.generated:
        stream, what = list(generated(make_corpus(random.Random(0)), args.generated, 1)), "generated"
    else:
        stream, what = dev_articles()
    for backend in args.backends.split(","):
        times, undo, stored = run(backend, stream, args.runs, args.profile)
        wall, cpu = min(times)
        print(f"{backend}: {stored} articles ({what}): rebuild {wall:.2f} s, {stored / wall:,.0f} articles/s "
              f"({cpu:.2f} s CPU; runs: {', '.join(f'{t:.2f}' for t, _ in times)}); "
              f"undo of the move just made {min(undo):.3f} s (a rebuild before #6)")
    began, cpu = time.perf_counter(), time.process_time()
    tracker = StoryTracker()
    for article in stream:
        tracker.assign(article)
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    print(f"the tracker alone (no store): {wall:.2f} s, {len(stream) / wall:,.0f} articles/s ({cpu:.2f} s CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
