"""The fetch and extract stages for one item, and running them on many items in threads.

:func:`bounded_map` keeps a bounded number of items in flight (memory stays flat however long
a sitemap is) and yields results as they complete; :func:`by_host` interleaves hosts so that one
slow, paced site does not hold every worker. A pass's pages are extracted within a :class:`Budget` of
characters in the extract stage at once (:data:`EXTRACT_BUDGET`): parsing a page of many elements
takes some 40 times its size, and the eight workers each parsing a big page (1-5 MB) at once took a
pass to 530 MB (360 MB now, bench/monitor_memory.py); a big one waits its turn.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from typing import TypeVar
from urllib.parse import urlsplit

from ..errors import FetchError, HTTPStatusError, NewsdeskError, PausedError
from ..extract import extract, normalise_date
from ..ingest import load
from ..ingest.fetch import fetched_page
from ..ingest.http import Fetcher, transient
from ..ingest.polite import origin
from ..ingest.warc import read_record
from ..memory import give_back_freed
from ..settings import Settings
from ..store.identity import canonical_url
from ..types import Article, Fetched
from .checks import Item

T = TypeVar("T")
R = TypeVar("R")
BIG_PAGE = 500_000  # characters of a page whose extraction's memory is handed back at once
EXTRACT_BUDGET = 2_000_000  # characters of pages extracted at once by all workers (one page alone always goes)


class Budget:
    """A number of units (characters) shared by threads: :meth:`taking` waits until there is room for what
    it asks (or nothing else is taken: a larger ask goes alone). First come, first served: a big ask
    waits for the room to clear, and those asking after it wait behind it, so it is never starved."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.taken = 0
        self._queue: deque[object] = deque()
        self._changed = threading.Condition()

    @contextlib.contextmanager
    def taking(self, amount: int) -> Iterator[None]:
        ticket = object()
        with self._changed:
            self._queue.append(ticket)
            self._changed.wait_for(lambda: self._queue[0] is ticket
                                   and (self.taken == 0 or self.taken + amount <= self.size))
            self._queue.popleft()
            self.taken += amount
            self._changed.notify_all()  # the next in line may fit too
        try:
            yield
        finally:
            with self._changed:
                self.taken -= amount
                self._changed.notify_all()



@dataclasses.dataclass(frozen=True)
class Result:
    item: Item
    article: Article | None = None
    error: NewsdeskError | None = None
    transient: bool = False  # the error is the site's for a while (down, busy, slow)
    asked: bool = True  # False: not asked for at all, its site being down (see Outages)


def busy(error: NewsdeskError | None) -> bool:
    """Whether a page's error is its site asking for fewer requests: HTTP 429, or not asked for during the
    pause one asked for (no try of the page's: the pause cost each page listed one of its three)."""
    return isinstance(error, PausedError) or (isinstance(error, HTTPStatusError) and error.status == 429)


class Outages:
    """What the sites (origins: scheme, host and port) did in one pass, for the pages that failed for a
    while (:func:`~newsdesk.ingest.http.transient`).

    After ``limit`` such failures in a row, or one 429 (too many requests), a site's other links are
    not asked for in this pass: they wait for the next check (a site down had each of its hundreds of
    new links asked for, at each check). :meth:`answered` tells a page that failed while its site
    served others (the page's own failure: one of its tries) from a site down (not the page's: its
    articles were given up after three checks, all of an outage's lost). It holds the pass's extraction
    budget too (:class:`Budget`), as it is made once a pass and handed to every worker. Thread-safe.
    """

    def __init__(self, limit: int = 3) -> None:
        self.limit = limit
        self._failures: dict[str, int] = {}
        self._answered: set[str] = set()
        self._lock = threading.Lock()
        self.extracting = Budget(EXTRACT_BUDGET)  # the pass's pages in the extract stage at once

    def answered(self, url: str) -> bool:
        """Whether the URL's site answered a request of this pass (a listing, a page) other than with a
        while-only failure."""
        with self._lock:
            return origin(url) in self._answered

    def served(self, url: str) -> None:
        """Note that the URL's site answered (a source's check that did not fail)."""
        with self._lock:
            self._answered.add(origin(url))

    def process(self, item: Item, fetcher: Fetcher, settings: Settings) -> Result:
        """:func:`process`, unless the item's host is down (checked when its turn comes: requests to a
        host wait for each other)."""
        if not item.url or item.page is not None or item.record is not None or item.path is not None:
            return process(item, fetcher, settings, budget=self.extracting)
        host = origin(item.url)
        left_alone: list[bool] = []

        def up(url: str) -> None:
            with self._lock:
                failures = self._failures.get(host, 0)
            if failures >= self.limit:
                left_alone.append(True)
                raise FetchError(f"not asked for: {host} failed {failures} times in a row in this pass (tried at "
                                 "the next check)", input=url)

        result = process(item, fetcher, settings, before=up, budget=self.extracting)
        if left_alone:
            return dataclasses.replace(result, transient=True, asked=False)
        with self._lock:
            if busy(result.error):  # the site asks us to slow down: not one more request of this pass
                self._failures[host] = max(self.limit, self._failures.get(host, 0))
            else:
                self._failures[host] = self._failures.get(host, 0) + 1 if result.transient else 0
            if not result.transient:
                self._answered.add(host)
        return result


def page_of(item: Item, fetcher: Fetcher, settings: Settings, before: Callable[[str], None] | None = None) -> Fetched:
    if item.page is not None:
        return item.page
    if item.record is not None:
        return read_record(item.record, settings)
    if item.path is not None:
        return load(item.path, settings)
    assert item.url is not None
    return fetched_page(item.url, fetcher.get(item.url, before=before))


def process(item: Item, fetcher: Fetcher, settings: Settings, before: Callable[[str], None] | None = None,
            budget: Budget | None = None) -> Result:
    """Fetch (or read) and extract one item; never raises. ``before``: see :meth:`Fetcher.get`; ``budget``:
    the characters of pages the pass's workers may extract at once (none: no limit)."""
    try:
        page = page_of(item, fetcher, settings, before)
        with budget.taking(len(page.content)) if budget is not None else contextlib.nullcontext():
            try:
                article = extract(page, settings=settings)
            finally:
                if len(page.content) >= BIG_PAGE:  # its parse tree's memory back to the system, whichever
                    give_back_freed()  # thread's arena it was in: the next big page's thread cannot reuse it
        if page.url:  # extract took the page's same-host canonical link, else its own URL: no tracking parameters
            article = dataclasses.replace(article, url=canonical_url(article.url or page.url))
        if article.published is None and item.published:
            with contextlib.suppress(NewsdeskError):  # an unreadable date in a feed: the article stands without
                article = dataclasses.replace(article, published=normalise_date(item.published, item.key))
        return Result(item, article=article)
    except NewsdeskError as exc:
        return Result(item, error=exc, transient=item.page is None and transient(exc))
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


class Turns:
    """Items waiting to be fetched, hosts taking turns (each host's own order kept): one slow, paced
    site does not hold every worker. Items join as their sources' checks come in."""

    def __init__(self) -> None:
        self._hosts: OrderedDict[str, deque[Item]] = OrderedDict()

    def add(self, items: Iterable[Item]) -> None:
        for item in items:
            self._hosts.setdefault((urlsplit(item.url).hostname or "") if item.url else "", deque()).append(item)

    def pop(self) -> Item:
        """The next host's next item; that host goes to the back of the line."""
        host, waiting = next(iter(self._hosts.items()))
        item = waiting.popleft()
        del self._hosts[host]
        if waiting:
            self._hosts[host] = waiting
        return item

    def __len__(self) -> int:
        return sum(len(waiting) for waiting in self._hosts.values())


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
