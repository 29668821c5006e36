"""The fetch and extract stages for one item, and running them on many items in threads.

:func:`bounded_map` keeps a bounded number of items in flight (memory stays flat however long
a sitemap is) and yields results as they complete; :func:`by_host` interleaves hosts so that one
slow, paced site does not hold every worker.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from itertools import zip_longest
from typing import TypeVar
from urllib.parse import urljoin, urlsplit

from ..errors import NewsdeskError
from ..extract import extract, normalise_date
from ..ingest import load
from ..ingest.fetch import fetched_page
from ..ingest.http import Fetcher
from ..ingest.warc import read_record
from ..settings import Settings
from ..store.identity import canonical_url
from ..types import Article, Fetched
from .checks import Item

T = TypeVar("T")
R = TypeVar("R")

# Linear on hostile markup: a tag ends before the next '<' (from each '<link ' of 200 KB of them the
# scan ran to the page's end: 6 s), and a name is tried from its start only (a 200 KB name was tried
# from each of its letters: minutes).
_LINK = re.compile(r"<link\b[^<>]*+>", re.IGNORECASE)
_ATTR = re.compile(r"""(?<![a-zA-Z-])([a-zA-Z-]++)\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s>]++))""")


@dataclasses.dataclass(frozen=True)
class Result:
    item: Item
    article: Article | None = None
    error: NewsdeskError | None = None


def page_of(item: Item, fetcher: Fetcher, settings: Settings) -> Fetched:
    if item.page is not None:
        return item.page
    if item.record is not None:
        return read_record(item.record, settings)
    if item.path is not None:
        return load(item.path, settings)
    assert item.url is not None
    return fetched_page(item.url, fetcher.get(item.url))


def canonical_link(html: str, base: str) -> str | None:
    """The page's ``<link rel="canonical">``, when it stays on the page's own host (a page may
    not claim another site's article)."""
    for tag in _LINK.finditer(html[:200_000]):
        attrs = {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in _ATTR.finditer(tag[0])}
        if "canonical" in attrs.get("rel", "").lower().split() and attrs.get("href"):
            try:
                url = urljoin(base, attrs["href"].strip())
                same = urlsplit(url).hostname == urlsplit(base).hostname
            except ValueError:  # a malformed link: the page keeps its own address
                return None
            return url if same and urlsplit(url).scheme in ("http", "https") else None
    return None


def process(item: Item, fetcher: Fetcher, settings: Settings) -> Result:
    """Fetch (or read) and extract one item; never raises."""
    try:
        page = page_of(item, fetcher, settings)
        article = extract(page, settings=settings)
        if page.url:  # the page's canonical link, else its own URL, without tracking parameters
            link = canonical_link(page.content, page.url) if page.media_type != "text/plain" else None
            article = dataclasses.replace(article, url=canonical_url(link or article.url or page.url))
        if article.published is None and item.published:
            with contextlib.suppress(NewsdeskError):  # an unreadable date in a feed: the article stands without
                article = dataclasses.replace(article, published=normalise_date(item.published, item.key))
        return Result(item, article=article)
    except NewsdeskError as exc:
        return Result(item, error=exc)
    except Exception as exc:  # a bug on one page must not cost the others
        return Result(item, error=NewsdeskError(f"internal error ({type(exc).__name__}: {exc})", input=item.key))


_SAMPLE = ("<html><head><title>Warm-up</title></head><body><article><p>The council met on Tuesday to discuss the "
           "new flood barrier, and residents asked for more time to read the plans before the vote.</p></article>"
           "</body></html>")


def warm_up(settings: Settings) -> None:
    """Extract a small page once, in this thread: the extract stage builds its lazy, per-process
    tables (language stop lists, ~1 s) before many threads race to build them all at once."""
    with contextlib.suppress(NewsdeskError):
        extract(Fetched(input="warm-up", content=_SAMPLE), settings=settings)


def by_host(items: Iterable[Item]) -> list[Item]:
    """The items with hosts taking turns (each host's own order kept)."""
    groups: OrderedDict[str, list[Item]] = OrderedDict()
    for item in items:
        groups.setdefault((urlsplit(item.url).hostname or "") if item.url else "", []).append(item)
    return [item for turn in zip_longest(*groups.values()) for item in turn if item is not None]


def bounded_map(pool: Executor, fn: Callable[[T], R], items: Iterable[T], window: int) -> Iterator[R]:
    """``fn`` over ``items`` in ``pool``, at most ``window`` at once, results as they complete."""
    source = iter(items)
    pending: set[Future[R]] = set()
    while True:
        for item in source:
            pending.add(pool.submit(fn, item))
            if len(pending) >= window:
                break
        if not pending:
            return
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            yield future.result()
