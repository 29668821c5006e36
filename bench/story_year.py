"""A year of monitoring through the story tracker (#6): does its state grow with the window or with all time?

Articles are generated (seeded) day by day: each day a few new stories start (topic words, two
people, a place, an event type, a name never seen before: the news keeps meeting new names) and
run for one to six days; each article of a story has ~120 Zipf-distributed background words, its
story's words and names, a quote (its story's words, partly new) and an event; about one in six
is a syndicated copy (retitled) of an earlier article of its story. Every ``--every`` days the
tracker is measured: its memory (the state a restarted process holds: the checkpoint decoded
under tracemalloc), the checkpoint's size, encode and decode times, the assignment speed over
the days since the last row, and the parts of the state that could grow with all time. The tracker
is a store's (``stored``: a dict of the articles stands for it), so expired stories drop their
quote and event memory (``memories``: the stories still holding one); ``--unstored``: they keep it.

``--ecbplus CACHE``: the analysed ECB+ dev articles instead (bench/stories.py's cache, real
quotes, events and names), read again and again in file order, each pass under new ids and dates
(``--per-day`` a day, eight days between passes), so every pass falls in windows of its own.

    python bench/story_year.py [--days 365] [--per-day 100] [--every 30] [--ecbplus CACHE] [--markdown] [--unstored]
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import itertools
import json
import random
import sys
import time
import tracemalloc
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsdesk.stories import StoryTracker
from newsdesk.stories.checkpoint import _out, decode, encode
from newsdesk.types import Article, Entity, Event, Quote, Span, from_dict

VOCABULARY = 20_000
EVENT_TYPES = ("CONSULT", "AGREE", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
               "MOBILIZE", "COERCE", "ASSAULT", "FIGHT", "AID", "RETREAT", "CEASEFIRE", "COOPERATE", "ACCIDENT")


@dataclass
class _Topic:
    id: int
    words: list[str]
    people: list[str]
    place: str
    event: str
    ends: int  # the last day it gets articles
    said: list[str]
    articles: list[Article]


def stream(days: int, per_day: int, seed: int = 1) -> Iterator[Article]:
    """``days`` days of ``per_day`` articles a day (seeded), in time order."""
    rng = random.Random(seed)
    syllables = [a + b for a in "bcdfghjklmnprstvz" for b in ("a", "e", "i", "o", "u", "ai", "ou", "ar", "en")]
    vocab = list(dict.fromkeys("".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(VOCABULARY * 2)))
    words, names = vocab[:VOCABULARY], vocab[VOCABULARY:]
    weights = list(itertools.accumulate(1 / rank for rank in range(1, VOCABULARY + 1)))
    pool = rng.choices(words, cum_weights=weights, k=200_003)
    people = [f"{rng.choice(names).capitalize()} {rng.choice(names).capitalize()}" for _ in range(5000)]
    places = [rng.choice(names).capitalize() for _ in range(800)]
    live: list[_Topic] = []
    made = 0
    for day in range(days):
        live = [t for t in live if t.ends >= day]
        for _ in range(max(1, per_day // 8)):  # new stories each day: ~8 articles each on average
            live.append(_Topic(made, rng.sample(words[300:], 8), [*rng.sample(people, 2), f"Neu{made}man"],
                               rng.choice(places), rng.choice(EVENT_TYPES), day + rng.randint(0, 5), [], []))
            made += 1
        for n in range(per_day):
            topic = rng.choice(live)
            stamp = 1735689600 + day * 86400 + n * 86400 // per_day  # 2025-01-01 onwards
            when = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(stamp))
            ident = hashlib.sha256(f"{seed}/{day}/{n}".encode()).hexdigest()[:32]
            if topic.articles and rng.random() < 0.17:  # a syndicated copy, retitled
                original = rng.choice(topic.articles)
                yield replace(original, id=ident, title=f"{original.title} ({rng.choice(names)})", published=when)
                continue
            yield _article(rng, topic, pool, ident, when)


def ecbplus(cache: Path, days: int, per_day: int) -> Iterator[Article]:
    """The analysed ECB+ dev articles over and over, ``per_day`` a day, each pass under new ids and
    eight days after the one before (its topics run through the whole pass: without the gap a
    pass's articles would join the stories of the pass before, which would never expire)."""
    rows = [from_dict(Article, json.loads(line)) for line in cache.open(encoding="utf-8")]
    for n in range(days * per_day):
        stamp = 1735689600 + n * 86400 // per_day + n // len(rows) * 8 * 86400
        when = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(stamp))
        article = rows[n % len(rows)]
        yield replace(article, id=f"{n // len(rows)}:{article.id}", published=when)


def _article(rng: random.Random, topic: _Topic, pool: list[str], ident: str, when: str) -> Article:
    at = rng.randrange(len(pool) - 120)
    body = pool[at:at + 120] + rng.sample(topic.words, 5)
    rng.shuffle(body)
    said = rng.sample(topic.words, 3) + rng.sample(pool, 6)
    topic.said = said if rng.random() < 0.5 or not topic.said else topic.said  # half the quotes repeat one
    lead = f"{' '.join(topic.people)} in {topic.place}: {' '.join(body[:60])}."
    quote = " ".join(topic.said)
    text = f"{lead}\n\n\u201c{quote}\u201d said {topic.people[0]}.\n\n{' '.join(body[60:])}."
    start = text.index(quote)
    entities = (*(Entity(f"e{i}", name, "PERSON") for i, name in enumerate(topic.people, 1)),
                Entity("e0", topic.place, "PLACE"))
    article = Article(id=ident, title=f"{topic.place} {' '.join(rng.sample(topic.words, 4))}", text=text,
                      published=when, language="en", entities=entities,
                      quotes=(Quote(quote, start, start + len(quote), "direct"),),
                      events=(Event(topic.event, Span(0, len(lead)), "met"),))
    topic.articles.append(article)
    return article


def measure(tracker: StoryTracker) -> dict[str, float]:
    """The checkpoint's size and encode/decode times, and the decoded state's memory (MB)."""
    gc.collect()
    start = time.perf_counter()
    data = encode(tracker)
    encoded = time.perf_counter() - start
    start = time.perf_counter()
    decode(data, StoryTracker(stored=True))
    decoded = time.perf_counter() - start
    tracemalloc.start()  # (a second decode: tracing slows one several times)
    again = decode(data, StoryTracker(stored=True))
    memory = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del again
    return {"memory_mb": memory / 1e6, "checkpoint_mb": len(data) / 1e6, "encode_ms": encoded * 1000,
            "decode_ms": decoded * 1000}


def parts(tracker: StoryTracker) -> dict[str, float]:
    """What could grow with all time: per-article and per-story maps, fingerprints, vocabularies."""
    stories = {id(s): s for s in tracker._by_id.values()}.values()
    return {
        "active": len(tracker._stories),
        "stories": len(tracker._by_id),
        "article_map": len(tracker._article_story),
        "prints": len(tracker._copies._prints),
        "quote_bags": sum(len(s.memory.quotes.sizes) for s in stories if s.memory is not None),
        "memory_json_mb": len(json.dumps(_out([s.memory for s in stories if s.memory is not None], {}))) // 1000 / 1000,
        "memories": sum(s.memory is not None for s in stories),
        "recent": sum(len(s.recent) for s in stories),
        "vocabulary": sum(len(space.idf.frequency) for space in tracker._spaces),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=100)
    parser.add_argument("--every", type=int, default=30, help="days between two rows")
    parser.add_argument("--ecbplus", type=Path, help="bench/stories.py's analysed ECB+ dev articles (a cache)")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--unstored", action="store_true",
                        help="a tracker without a store (as before): expired stories keep their memory")
    args = parser.parse_args()
    tracker = StoryTracker(stored=not args.unstored)
    head = ("articles", "memory MB", "checkpoint MB", "encode ms", "decode ms", "articles/s", "active",
            "stories", "article map", "prints", "quote bags", "memory JSON MB", "memories", "recent", "vocabulary")
    logged: dict[str, Article] = {}  # the store: each article as last assigned (what the story log gives)

    def read(ids: Sequence[str]) -> dict[str, Article]:
        return {i: logged[i] for i in ids if i in logged}

    print("| " + " | ".join(head) + " |\n|" + "---:|" * len(head) if args.markdown else
          "  ".join(f"{c:>11}" for c in head), flush=True)
    seen, day = 0, 0
    articles = ecbplus(args.ecbplus, args.days, args.per_day) if args.ecbplus else stream(args.days, args.per_day)
    while day < args.days:  # a row as each is measured (a long run shows how far it got)
        batch = list(itertools.islice(articles, args.per_day * min(args.every, args.days - day)))
        day += min(args.every, args.days - day)
        start = time.perf_counter()
        for article in batch:
            tracker.assign(article, read=read)
            logged[article.id] = article
        rate = len(batch) / (time.perf_counter() - start)
        seen += len(batch)
        m = measure(tracker)
        line = (str(seen), f"{m['memory_mb']:.1f}", f"{m['checkpoint_mb']:.2f}", f"{m['encode_ms']:.0f}",
                f"{m['decode_ms']:.0f}", f"{rate:.0f}", *(str(v) for v in parts(tracker).values()))
        print("| " + " | ".join(line) + " |" if args.markdown else "  ".join(f"{c:>11}" for c in line), flush=True)

if __name__ == "__main__":
    main()
