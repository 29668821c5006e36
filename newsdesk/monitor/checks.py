"""One check of one source: what it lists now, as :class:`Item` s to fetch or read.

Feeds and sitemaps are fetched with their validators (a 304 lists nothing); a sitemap index
is followed one level down, newest sitemaps first, and read whole at each check (its own validators
are not kept: an index that stays the same says nothing of its sitemaps, which change); each of
its sitemaps is asked with its own validators once its links are all done. A page
source is fetched whole (it is its own item, changed when its body is). Folders, files and WARC
files are listed from disk. A check never raises: a failure comes back in :attr:`Check.error`
(with the items it found all the same, for a WARC file whose last record stays cut off).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

from ..errors import HTTPStatusError, InputError, NewsdeskError, PausedError
from ..ingest import expand_inputs
from ..ingest.feeds import parse_listing
from ..ingest.fetch import fetched_page
from ..ingest.http import Fetcher
from ..ingest.listing import Link
from ..ingest.safety import without_password
from ..ingest.warc import WarcRecord, growing_index
from ..settings import Settings
from ..store import Source
from ..store.identity import canonical_url
from ..types import Fetched

MAX_CHILD_SITEMAPS = 10  # sitemaps read from an index in one check, its own indexes' included
MAX_DEPTH = 2  # an index's sitemaps, and theirs when it is an index of indexes


@dataclass(frozen=True)
class Item:
    """One thing to turn into an article: a URL to fetch, a file, a WARC record, or a page in hand.

    ``key`` names it in the store's links table (a canonical URL, a file path, ``FILE#URL``).
    """

    key: str
    source_id: int
    stamp: str | None = None
    url: str | None = None
    path: str | None = None
    record: WarcRecord | None = None
    page: Fetched | None = None
    published: str | None = None  # the date the listing gives


@dataclass(frozen=True)
class Part:
    """One sitemap of an index, as a check read it: its validators (those it was sent, when it
    answered 304)."""

    url: str
    etag: str | None
    last_modified: str | None


Validators = Mapping[str, tuple[str | None, str | None]]  # a sitemap's URL: its ETag and Last-Modified


@dataclass(frozen=True)
class Check:
    source: Source
    items: tuple[Item, ...] = ()
    status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    title: str | None = None
    error: str | None = None
    retry_after: float | None = None
    moved_to: str | None = None  # the source's new address: the site redirects it there for good
    paused: bool = False  # the error is its site's pause (a 429 with a Retry-After, or not asked for one): no failure
    parts: tuple[Part, ...] = ()  # an index's sitemaps


def check_source(source: Source, fetcher: Fetcher, settings: Settings, known: Validators | None = None) -> Check:
    """``known``: validators to send for the sitemaps of an index (those whose links were all done)."""
    try:
        if source.kind in ("feed", "sitemap"):
            return _listing(source, fetcher, settings, known or {})
        if source.kind == "page":
            return _page(source, fetcher)
        if source.kind == "warc":
            return _warc(source, settings)
        if source.kind in ("folder", "file"):
            if not os.path.exists(source.url):
                return Check(source, error=f"{source.url}: no such file or folder")
            return Check(source, tuple(_file(path, source.id) for path in expand_inputs([source.url])))
        return Check(source, error=f"unknown source kind {source.kind}")
    except HTTPStatusError as exc:
        return Check(source, status=exc.status, error=without_password(str(exc)) + _meaning(exc),
                     retry_after=exc.retry_after, paused=pausing(exc))
    except NewsdeskError as exc:  # the error is shown and stored: a source's login is not
        return Check(source, error=without_password(str(exc)), paused=pausing(exc))
    except Exception as exc:  # a bug on one source must not stop the others
        return Check(source, error=without_password(f"{source.url}: internal error ({type(exc).__name__}: {exc})"))


def pausing(exc: BaseException) -> bool:
    """Whether a fetch's error is its site asking for a pause: a 429 with a Retry-After (the fetcher
    pauses the whole site on it), or a request not sent during one."""
    return isinstance(exc, PausedError) or (isinstance(exc, HTTPStatusError) and exc.status == 429
                                            and exc.retry_after is not None)


def _meaning(exc: HTTPStatusError) -> str:
    """What a status says to the operator, where 'HTTP 410' alone leaves one guessing."""
    if exc.status == 410:
        return " (gone: the site removed it for good; remove the source, or add its new address)"
    if exc.status in (401, 403):
        return " (the site refuses newsdesk)"
    if exc.status in (429, 503) and exc.retry_after is not None:
        return f" (the site asked newsdesk to come back in {exc.retry_after:.0f} s)"
    if exc.status == 429:
        return " (too many requests: the site asked newsdesk to slow down)"
    return ""


def _links(links: tuple[Link, ...], source_id: int) -> list[Item]:
    links = _undated_if_generated(links)
    return [Item(canonical_url(link.url), source_id, link.stamp, url=link.url, published=link.published)
            for link in links]


GENERATED = timedelta(minutes=15)  # a listing's one stamp this close to now is when it was made


def _undated_if_generated(links: tuple[Link, ...]) -> tuple[Link, ...]:
    """The links without the stamp (and date) a listing gives them all alike, when that is about now: the
    time the feed or sitemap was made, not its articles' (a CMS that dates each item with each request).
    Each looked changed at every check, and every article of the feed was fetched again each time, and
    took that time for its date where its page gave none."""
    if len(links) < 3:  # two items stamped alike may be two articles of one minute
        return links
    if _one_time_now({link.stamp for link in links}):
        links = tuple(replace(link, stamp=None) for link in links)
    if _one_time_now({link.published for link in links}):
        links = tuple(replace(link, published=None) for link in links)
    return links


def _one_time_now(values: set[str | None]) -> bool:
    if len(values) != 1 or None in values:
        return False
    text = str(next(iter(values))).strip()
    try:
        moment = datetime.fromisoformat(text) if text[:4].isdigit() else parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return False
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return abs(datetime.now(UTC) - moment) <= GENERATED


def _listing(source: Source, fetcher: Fetcher, settings: Settings, known: Validators) -> Check:
    response = fetcher.get(source.url, etag=source.etag, last_modified=source.last_modified)
    done = Check(source, status=response.status, etag=response.etag, last_modified=response.last_modified,
                 moved_to=response.moved_to)
    if response.not_modified:
        return done if source.etag or source.last_modified else _unasked_304(source)
    if not response.body.strip():  # "not a feed or a sitemap" sent one looking for what it was instead
        raise InputError(f"an empty answer (HTTP {response.status} with no body): nothing listed", input=source.url)
    listing = parse_listing(response.body, response.url, settings.max_input_bytes, response.charset)
    items = _links(listing.links, source.id)
    failures: list[NewsdeskError] = []
    parts = []
    queue = [(child, 1) for child in chosen(listing.sitemaps)]
    asked = leaves = 0
    # an index listing itself, or two listing each other, was read again and again up to the cap, and the
    # source was "ok" for good while it listed nothing: each sitemap is read once a check, a loop is said
    read_already, looped = {source.url, response.url}, []
    while queue and asked < MAX_CHILD_SITEMAPS:
        child, depth = queue.pop(0)
        if child.url in read_already:
            looped.append(child.url)
            continue
        read_already.add(child.url)
        asked += 1
        etag, modified = known.get(child.url, (None, None))
        try:
            page = fetcher.get(child.url, etag=etag, last_modified=modified)
            if page.not_modified:  # nothing new in it since its links were all done
                leaves += 1
                parts.append(Part(child.url, etag, modified))
                continue
            read = parse_listing(page.body, page.url, settings.max_input_bytes, page.charset)
        except NewsdeskError as exc:
            failures.append(exc)
            continue
        read_already.add(page.url)
        items += _links(read.links, source.id)
        if read.sitemaps and depth < MAX_DEPTH:  # an index of indexes (by year, then by day): gave nothing
            queue[:0] = [(grandchild, depth + 1) for grandchild in chosen(read.sitemaps)]  # its newest first
            parts.append(Part(child.url, None, None))  # an index's validators say nothing of its sitemaps
        else:
            leaves += 1
            parts.append(Part(child.url, page.etag, page.last_modified))
    if failures and len(failures) == asked:
        return Check(source, status=response.status, error=without_password(str(failures[0])),
                     paused=all(pausing(f) for f in failures))
    if looped and not leaves and not items and not failures:
        loop = InputError(f"a sitemap index that leads back to itself ({looped[0]} is listed again): no sitemap "
                          "of pages in it", input=source.url)
        return Check(source, status=response.status, error=without_password(str(loop)))
    if listing.sitemaps:  # an index's validators say nothing of its sitemaps: a static index answered 304
        return replace(done, items=tuple(items), etag=None, last_modified=None, title=listing.title,  # and hid
                       parts=tuple(parts))  # their new links; each sitemap is asked with its own
    return replace(done, items=tuple(items), title=listing.title)


def chosen(sitemaps: tuple[Link, ...]) -> list[Link]:
    """The sitemaps of an index to read in a check: the latest by their ``lastmod`` (the parser puts
    them first), then, of those without one, both ends of the index's list: an index lists them in
    date order, oldest first as often as newest first (WordPress's ``post-sitemap.xml`` …
    ``post-sitemap12.xml``), and its first ten alone missed every new article of an oldest-first one."""
    dated = [s for s in sitemaps if s.published][:MAX_CHILD_SITEMAPS]
    undated = [s for s in sitemaps if not s.published]
    room = MAX_CHILD_SITEMAPS - len(dated)
    if len(undated) > room:
        undated = undated[:room // 2] + undated[len(undated) - (room - room // 2):] if room else []
    return dated + undated


def _unasked_304(source: Source) -> Check:
    """A 304 to a request that sent no validators: 'not modified' since nothing (a broken server or cache).
    It was taken for a check with nothing new, the source 'ok' for good while it listed nothing at all."""
    return Check(source, status=304, error=f"{without_password(source.url)}: HTTP 304 (not modified) to a request "
                 "that named no version: a misconfigured server or cache; nothing could be read")


def _page(source: Source, fetcher: Fetcher) -> Check:
    response = fetcher.get(source.url, etag=source.etag, last_modified=source.last_modified)
    if response.not_modified and not (source.etag or source.last_modified):
        return _unasked_304(source)
    if response.not_modified:
        return Check(source, status=304, etag=response.etag, last_modified=response.last_modified,
                     moved_to=response.moved_to)
    page = fetched_page(source.url, response)
    item = Item(canonical_url(source.url), source.id, hashlib.sha256(response.body).hexdigest()[:32],
                url=source.url, page=page)
    return Check(source, (item,), response.status, response.etag, response.last_modified, moved_to=response.moved_to)


def _warc(source: Source, settings: Settings) -> Check:
    """A crawler may still be writing the file: a last record its end cuts off waits for the next check,
    until the file has not changed for ``warc_stall_seconds`` (the crawler died mid-record): then the
    check fails with that, so the source shows it, and its whole records are taken all the same."""
    found = growing_index(source.url)
    items = tuple(Item(_storable(f"{r.path}#{r.url}"), source.id, r.date, record=r) for r in found.records)
    if found.tail is None:
        return Check(source, items)
    try:
        idle = time.time() - os.stat(source.url).st_mtime  # any write moves the mtime; read after the scan
    except OSError:
        idle = 0.0  # gone since the scan: the next check says so
    if idle < settings.warc_stall_seconds:
        return Check(source, items)
    return Check(source, items, error=str(InputError(f"truncated WARC file: its last record (byte {found.tail}) "
                                                     f"has not grown for {idle:.0f} s", input=source.url)))


def _file(path: str, source_id: int) -> Item:
    info = Path(path).stat()
    return Item(_storable(path), source_id, f"{info.st_size}:{info.st_mtime_ns}", path=path)


def _storable(key: str) -> str:
    """A key the links table can hold: a file name that is not UTF-8 (its bytes kept by Python as lone
    surrogates, which no database stores: the source failed whole) with those bytes written as ``\\xff``."""
    return key.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
