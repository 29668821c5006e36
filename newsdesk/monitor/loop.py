"""The monitor: check due sources, fetch → extract → analyze → store what is new, schedule the next check.

One pass (:meth:`Monitor.run_once`): the due sources are checked in parallel; the new links of
each (those the store has not seen, or whose stamp changed), as soon as its check is in, are
fetched and extracted in the same thread pool, hosts taking turns, analysed in batches, and stored
one by one in this thread,
each with its link noted in the same transaction. A source's check is recorded (validators,
error count, next check) once every item it gave is stored or failed, so a pass cut short
(kill -9, Ctrl-C) leaves it due: the next pass goes on where this one stopped, without
duplicates. A failing source is retried with exponential backoff and never delays the others.

A check's validators (ETag, Last-Modified) are kept only when every link it listed is done: while
links wait (past ``max_new_per_check``) or failed and will be tried again, the next check must see
the listing again, which a 304 would hide. A source removed while a pass runs is let go: its links
in hand are not stored, and the others' pass goes on.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from ..errors import NewsdeskError, StoreError, StoreUnavailableError
from ..ingest.http import Fetcher
from ..ingest.polite import origin
from ..settings import Settings
from ..store import FetchResult, LinkNote, Source, Store
from ..stories import StoryDesk, assign_line
from ..types import Article
from .checks import Check, Item, check_source
from .log import Log
from .schedule import next_check, seconds_until, stamp, utc_now
from .targets import URL_KINDS
from .work import Outages, Result, Turns, busy, warm_up

Pipe = Callable[[Iterable[Article]], Iterator[Article | NewsdeskError]]
MAX_SLEEP = 60.0  # seconds between looks at the sources table when nothing is due
STOP_POLL = 0.5  # seconds between looks at the stop event while fetches are in flight
HOLD = 1.0  # seconds a source's check still running may hold back those due after it


@dataclass
class _Open:
    """A source whose check gave links still in hand in this pass."""

    check: Check
    left: int  # links not stored or failed yet
    more: bool  # links past max_new_per_check wait for the next check
    stored: int = 0
    unfinished: bool = False  # a link failed that a later check tries again
    removed: bool = False  # the source was removed meanwhile


@dataclass(frozen=True)
class PassReport:
    sources: int = 0
    sources_failed: int = 0
    sources_paused: int = 0  # their site asked for a pause (429, Retry-After): no failure
    stored: int = 0
    updated: int = 0
    duplicate: int = 0
    failed: int = 0


def analyzed(results: Iterable[Result], pipe: Pipe | None) -> Iterator[Result]:
    """Results with their articles run through ``pipe`` (in batches); failures keep their place."""
    if pipe is None:
        yield from results
        return
    waiting: deque[Result] = deque()

    def articles() -> Iterator[Article]:
        for result in results:
            waiting.append(result)
            if result.article is not None:
                yield result.article

    for out in pipe(articles()):
        while waiting and waiting[0].article is None:
            yield waiting.popleft()
        result = waiting.popleft()
        yield replace(result, article=None, error=out) if isinstance(out, NewsdeskError) else replace(result,
                                                                                                     article=out)
    yield from waiting


class Monitor:
    def __init__(self, store: Store, settings: Settings, *, pipe: Pipe | None = None, log: Log | None = None,
                 fetcher: Fetcher | None = None, guard: Callable[[], None] | None = None) -> None:
        self.store = store
        self.guard = guard  # called before each pass: the monitor lock still held (monitor/lock.py), or StoreError
        self.settings = settings
        self.pipe = pipe
        self.log = log or Log(None)
        self.fetcher = fetcher or Fetcher(settings, polite=True)
        warm_up(settings)
        self.stories = StoryDesk(store)  # stories (#6): each stored article joins one, right after storing
        self._open: dict[int, _Open] = {}  # by source id
        self._transient: list[tuple[LinkNote, str, str]] = []  # links that failed for a while: note, reason, URL
        self._paused_sites: dict[str, str] = {}  # origin: the pause end its sources were held to in this pass
        # the validators of an index's sitemaps whose links were all done, sent at their next check (this
        # process only: a restart reads each once in full)
        self._sitemaps: dict[str, tuple[str | None, str | None]] = {}
        # ids of articles whose story assignment failed (the database went away between the two): their
        # links are done, so no later check brings them again; each pass assigns them first. At start:
        # those a process before this one left so (it knew them in memory only), or a cut-off rebuild
        self._storyless: dict[str, None] = dict.fromkeys(store.storyless())
        # read at the first pass, not here: a database half away at start is a pass's error, which the
        # loop outlives, not the monitor's end
        self._pauses_resumed = False

    def _resume_pauses(self) -> None:
        """The pauses sites asked for before this process (kept on their sources): their feeds are not due
        meanwhile, but a source added since, or a page of theirs another site's feed lists, asked at once."""
        now = utc_now()
        for source in self.store.list_sources():
            if source.paused_until and source.kind in URL_KINDS:
                self.fetcher.pause(source.url, seconds_until(source.paused_until, now))

    def close(self) -> None:
        self.fetcher.close()

    def run(self, stop: threading.Event, once: bool = False) -> None:
        """Pass after pass until ``stop`` is set (or after one pass); sleeps until a source is due."""
        while not stop.is_set():
            self.run_once(stop)
            if once:
                return
            upcoming = [s.next_check_at for s in self.store.list_sources()]
            now = utc_now()
            wait = min((seconds_until(t, now) for t in upcoming), default=MAX_SLEEP)
            stop.wait(min(max(wait, 1.0), MAX_SLEEP))

    def run_once(self, stop: threading.Event | None = None, *, every: bool = False) -> PassReport:
        """One pass over the sources due now (``every``: over all of them, whatever their schedule)."""
        if self.guard is not None:
            self.guard()
        if not self._pauses_resumed:
            self._resume_pauses()
            self._pauses_resumed = True
        self._assign_storyless()
        due = self.store.list_sources(due_at=None if every else stamp(utc_now()))
        counts: Counter[str] = Counter(sources=len(due))
        if not due:
            return PassReport()
        self.log("pass.started", sources=len(due))
        self._open = {}
        self._transient = []
        self._paused_sites = {}
        outages = Outages()
        pool = ThreadPoolExecutor(self.settings.fetch_workers, thread_name_prefix="newsdesk-fetch")
        try:
            for result in analyzed(self._fetched(pool, due, counts, outages, stop), self.pipe):
                self._store(result, counts)
                if stop is not None and stop.is_set():
                    break
        finally:
            stopped = stop is not None and stop.is_set()
            # stopped: the fetches in flight are not waited for (their links are fetched again next time)
            pool.shutdown(wait=not stopped, cancel_futures=stopped)
        self._count_tries(outages)
        report = PassReport(**{k: counts[k] for k in PassReport.__dataclass_fields__})
        self.log("pass.done", **asdict(report))
        return report

    def _assign_storyless(self) -> None:
        """Assign the articles whose assignment failed, in the order stored; stops at one failing again
        (the next pass tries it). One assigned meanwhile (``stories --rebuild``) or removed is let go."""
        for article_id in list(self._storyless):
            article = self.store.get(article_id) if self.store.story_of(article_id) is None else None
            if article is not None:
                story = assign_line(self.stories, article)
                if "story_error" in story:
                    return
                self.log("article.assigned", id=article_id, title=article.title, **story)
            del self._storyless[article_id]

    def _fetched(self, pool: ThreadPoolExecutor, due: list[Source], counts: Counter[str], outages: Outages,
                 stop: threading.Event | None) -> Iterator[Result]:
        """The due sources checked in ``pool``, and the new links of each fetched and extracted there as soon
        as its check is in (a slow source held back every other's articles until it timed out), at most
        ``fetch_workers * 4`` at once, hosts taking turns; results as they complete. Checks are taken in
        due order (the most overdue source claims a link two sources list; logs come in that order), but
        one still running holds those behind it back ``HOLD`` seconds at most. Ends early when ``stop``
        is set."""
        checks = {pool.submit(check_source, source, self.fetcher, self.settings, self._sitemaps): n
                  for n, source in enumerate(due)}
        ready: dict[int, tuple[Check, float]] = {}  # by place in due order: a check done, since when
        left = set(range(len(due)))  # the places not taken yet
        running: set[Future[Result]] = set()
        turns, claimed = Turns(), set[str]()
        window = self.settings.fetch_workers * 4
        while left or running or turns:
            if stop is not None and stop.is_set():
                return
            while turns and len(running) < window:
                running.add(pool.submit(outages.process, turns.pop(), self.fetcher, self.settings))
            waiting: set[Future[Any]] = set(checks) | running
            done = wait(waiting, timeout=STOP_POLL, return_when=FIRST_COMPLETED)[0] if waiting else set()
            now = time.monotonic()
            for future in done:
                if future in checks:
                    ready[checks.pop(future)] = (future.result(), now)
                else:
                    running.discard(future)
                    yield future.result()
            for place in sorted(ready):
                check, since = ready[place]
                if place == min(left) or now - since >= HOLD:
                    del ready[place]
                    left.discard(place)
                    if check.error is None and check.source.kind in URL_KINDS:
                        outages.served(check.source.url)
                    turns.add(self._plan(check, claimed, counts))

    def _plan(self, check: Check, claimed: set[str], counts: Counter[str]) -> list[Item]:
        """The items of a check to fetch now; a check with none is recorded at once. A failed check
        may still give items (a WARC file whose last record stays cut off): they are taken."""
        if check.paused:
            counts["sources_paused"] += 1
        elif check.error is not None:
            counts["sources_failed"] += 1
        pending = set(self.store.pending_links([(i.key, i.stamp) for i in check.items])) if check.items else set()
        fresh: list[Item] = []
        for item in check.items:
            if item.key in pending and item.key not in claimed:
                claimed.add(item.key)
                fresh.append(item)
        cap = self.settings.max_new_per_check
        more = len(fresh) > cap
        for item in fresh[cap:]:
            claimed.discard(item.key)
        fresh = fresh[:cap]
        if not fresh:
            self._finish(_Open(check, 0, more))
        else:
            self._open[check.source.id] = _Open(check, len(fresh), more)
        return fresh

    def _store(self, result: Result, counts: Counter[str]) -> None:
        item = result.item
        entry = self._open[item.source_id]
        note = LinkNote(item.key, item.source_id, item.stamp)
        stored = False
        try:
            if entry.removed:
                pass  # removed while the pass ran: nothing of it is stored
            elif result.article is None:
                reason = result.error.reason if result.error else "no result"
                counts["failed"] += 1
                if result.transient:  # one of the link's tries only if its site served others (at the pass's end)
                    entry.unfinished = True
                    if result.asked and not busy(result.error):  # "too many requests" is never the page's
                        self._transient.append((note, reason, item.url or item.key))
                    self.log("article.failed", "warning", input=item.url or item.key, error=reason, transient=True)
                else:
                    self.store.link_failed(note, reason)
                    entry.unfinished |= bool(self.store.pending_links([(note.url, note.stamp)]))
                    self.log("article.failed", "warning", input=item.url or item.key, error=reason)
            else:
                put = self.store.put(result.article, link=note)
                counts[put.status] += 1
                stored = put.status != "duplicate"
                story = assign_line(self.stories, replace(result.article, id=put.id)) if stored else {}
                if "story_error" in story:
                    self._storyless[put.id] = None
                self.log(f"article.{put.status}", input=item.url or item.key, id=put.id,
                         duplicate_of=put.duplicate_of, title=result.article.title, **story)
        except StoreUnavailableError:
            raise  # every input left would fail the same way: the pass ends (run tries it again later)
        except StoreError as exc:
            if not self._removed(entry):  # a link of a removed source: the database refuses its source id
                counts["failed"] += 1
                entry.unfinished = True
                self.log("article.failed", "error", input=item.url or item.key, error=str(exc))
        entry.left -= 1
        entry.stored += stored
        if entry.left <= 0:
            del self._open[item.source_id]
            self._finish(entry)

    def _count_tries(self, outages: Outages) -> None:
        """A link that failed for a while (5xx, a timeout) counts one of its three tries when its site served
        other pages in the pass (the page's own trouble); not when the whole site was down or busy, so an
        outage of hours loses none of the articles listed meanwhile."""
        for note, reason, url in self._transient:
            if outages.answered(url):
                try:
                    self.store.link_failed(note, reason)
                except StoreUnavailableError:
                    raise
                except StoreError:  # its source removed meanwhile: nothing to count
                    continue
        self._transient = []

    def _removed(self, entry: _Open) -> bool:
        """Whether the entry's source is gone from the store (``newsdesk source remove`` while the pass ran);
        said once in the log."""
        if not entry.removed and self.store.get_source(entry.check.source.id) is None:
            entry.removed = True
            self.log("source.removed", source=entry.check.source.url,
                     note="removed while the pass ran: its links in hand are not stored")
        return entry.removed

    def _finish(self, entry: _Open) -> None:
        if entry.removed:
            return
        try:
            self._record(entry.check, entry.stored, entry.more, entry.unfinished, utc_now())
        except StoreUnavailableError:
            raise
        except StoreError:
            if not self._removed(entry):
                raise

    def _pause_end(self, source: Source, now: datetime) -> str | None:
        """The end of the pause the source's site asked for (429 with a Retry-After, to its feed, another of
        its feeds or a page), None when there is none: the source is checked no sooner. Kept in the
        database (the next check, and the source shown paused until then): in memory only, a restart or
        the next `run --once` from cron asked the site again at once."""
        pause = self.fetcher.paused(source.url) if source.kind in URL_KINDS else 0.0
        return stamp(now + timedelta(seconds=pause)) if pause > 0 else None

    def _record(self, check: Check, stored: int, more: bool, unfinished: bool, now: datetime) -> None:
        source = check.source
        until = self._pause_end(source, now)
        if check.paused:  # the site asked for a pause: no failure, no backoff; checked again at its end
            # (a feed redirected to another site paused: that site's pause, else its interval; "now" had the
            # feed's own site asked at every pass, every second)
            when = until or next_check(now, self.settings, retry_after=check.retry_after)
            self.store.record_fetch(source.id, FetchResult(status=check.status, error=check.error, articles=stored,
                                                           next_check_at=when, paused=True, paused_until=when))
            self.log("source.paused", source=source.url, until=when, why=check.error)
            self._pause_site(source, when)
            return
        if check.error is not None:
            failures = source.error_count + 1
            when = stamp(now) if more else next_check(now, self.settings, failures, check.retry_after)
            when = max(when, until or when)
            self.store.record_fetch(source.id, FetchResult(status=check.status, error=check.error, articles=stored,
                                                           next_check_at=when, paused_until=until))
            self.log("source.failed", "warning", source=source.url, error=check.error, failures=failures,
                     stored=stored, next_check_at=when)
            if until is not None:
                self._pause_site(source, until)
            return
        when = stamp(now) if more else next_check(now, self.settings)
        when = max(when, until or when)
        done = not (more or unfinished)  # else the next check must get the listing whole, not a 304
        for part in check.parts:  # the same for each sitemap of an index
            if done and (part.etag or part.last_modified):
                self._sitemaps[part.url] = (part.etag, part.last_modified)
            else:
                self._sitemaps.pop(part.url, None)
        self.store.record_fetch(source.id, FetchResult(status=check.status, etag=check.etag if done else None,
                                                       last_modified=check.last_modified if done else None,
                                                       articles=stored, next_check_at=when, title=check.title,
                                                       paused_until=until))
        self.log("source.checked", source=source.url, status=check.status, listed=len(check.items),
                 stored=stored, next_check_at=when)
        if until is not None:  # a page of its asked for the pause
            self._pause_site(source, until)
        if check.moved_to is not None and check.moved_to != source.url:
            # the site redirects it there for good (301/308): follow it, as feed readers do
            moved = self.store.move_source(source.id, check.moved_to)
            if moved is not None:
                self.log("source.moved", source=source.url, to=check.moved_to, note="followed: the source is "
                         "checked at its new address from now on")
            else:
                self.log("source.moved", "warning", source=source.url, to=check.moved_to,
                         note="the new address is another source already: remove this one")

    def _pause_site(self, source: Source, until: str) -> None:
        """Every other source of the source's site held until ``until`` as well (shown paused, not checked
        sooner), once per site in a pass (the site is asked nothing more in it: the pause cannot grow)."""
        site = origin(source.url)
        if site in self._paused_sites:
            return
        self._paused_sites[site] = until
        for other in self.store.list_sources():
            if other.id != source.id and other.kind in URL_KINDS and origin(other.url) == site:
                self.store.pause_source(other.id, until)
