"""The bundled demo data: a few dozen news articles (``newsdesk/demo/articles/``) that form several
stories, loaded into a store through the same stages as ``newsdesk ingest`` (analyze, store, stories).

Each file holds ``key: value`` header lines (url, source, published, title), a blank line, then the
article's paragraphs separated by blank lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from importlib import resources

from ..errors import InputError, NewsdeskError
from ..store import Store
from ..store.identity import canonical_url, stored_id
from ..stories import StoryDesk
from ..types import Article, join_paragraphs

HEADERS = ("url", "source", "published", "title")
Pipe = Callable[[Iterable[Article]], Iterator[Article | NewsdeskError]]


@dataclass(frozen=True)
class DemoLoad:
    """What loading the demo did: counts of ``stored``/``updated``/``duplicate``/``failed``, and the
    stories the articles went to."""

    counts: dict[str, int]
    stories: int


def parse_demo_file(name: str, content: str) -> Article:
    head, sep, body = content.replace("\r\n", "\n").partition("\n\n")
    fields: dict[str, str] = {}
    for line in head.splitlines():
        key, colon, value = line.partition(":")
        if not colon or key.strip() not in HEADERS:
            raise InputError(f"bad header line {line!r} (want {', '.join(HEADERS)})", input=name)
        fields[key.strip()] = value.strip()
    missing = [h for h in HEADERS if not fields.get(h)]
    if missing or not sep or not body.strip():
        raise InputError(f"missing {', '.join(missing) or 'text'}", input=name)
    text, paragraphs = join_paragraphs(p.strip() for p in body.split("\n\n") if p.strip())
    url = canonical_url(fields["url"])
    return Article(id=stored_id(url, text), title=fields["title"], text=text, url=url, source=fields["source"],
                   published=fields["published"], language="en", paragraphs=paragraphs)


def demo_articles() -> list[Article]:
    """The bundled articles, in publication order."""
    folder = resources.files("newsdesk") / "demo" / "articles"
    found = [parse_demo_file(item.name, item.read_text(encoding="utf-8"))
             for item in sorted(folder.iterdir(), key=lambda i: i.name) if item.name.endswith(".txt")]
    return sorted(found, key=lambda a: a.published or "")


def load_demo(store: Store, pipe: Pipe | None, articles: Iterable[Article] | None = None,
              progress: Callable[[str], None] | None = None) -> DemoLoad:
    """Analyze (when ``pipe`` is given), store and assign each demo article; a second load stores
    nothing new. Returns the counts."""
    items = list(articles if articles is not None else demo_articles())
    counts: Counter[str] = Counter()
    fresh = [item for item in items if store.get(item.id) is None]  # analyse only what is not stored yet
    counts["duplicate"] = len(items) - len(fresh)
    items = fresh
    desk = StoryDesk(store)
    stories: set[str] = set()
    results: Iterable[Article | NewsdeskError] = pipe(items) if pipe is not None else items
    for item in results:
        if isinstance(item, NewsdeskError):
            counts["failed"] += 1
            if progress:
                progress(f"skipped: {item}")
            continue
        put = store.put(item)
        counts[put.status] += 1
        if put.status != "duplicate":
            stories.add(desk.add(replace(item, id=put.id)).story_id)
        if progress:
            progress(f"{put.status}: {item.title}")
    return DemoLoad({k: v for k, v in counts.items() if v}, len(stories))
