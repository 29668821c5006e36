"""The records the store hands out: frozen dataclasses, JSON-ready through ``types.to_dict``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..stories.records import Assignment, StoryEdit
from ..types import Article

PutStatus = Literal["stored", "duplicate", "updated"]


@dataclass(frozen=True)
class PutResult:
    """What ``Store.put`` did, committed before it was returned.

    ``id`` is the article's id in the store; ``duplicate_of`` the stored article it repeats
    (for ``duplicate`` only: the same one when the URL matched, or an article at some URL
    whose text an article without URL repeats).
    """

    status: PutStatus
    id: str
    duplicate_of: str | None = None


@dataclass(frozen=True)
class Hit:
    """One search result, best first."""

    id: str
    title: str | None
    url: str | None
    published: str | None
    source: str | None
    snippet: str
    story: str | None = None  # the story the article is in, once assigned
    copy_of: str | None = None  # the article it copies (a syndicated near-duplicate), if any


@dataclass(frozen=True)
class ArticleVersion:
    """One version of a stored article; version 1 is the first one stored."""

    version: int
    stored_at: str
    article: Article


@dataclass(frozen=True)
class Source:
    """A feed, sitemap or page the monitor checks; times are ISO-8601 UTC text."""

    id: int
    url: str
    kind: str
    title: str | None
    added_at: str
    etag: str | None = None
    last_modified: str | None = None
    error_count: int = 0
    next_check_at: str | None = None
    last_error: str | None = None
    last_fetch_at: str | None = None
    paused_until: str | None = None  # its site asked for a pause (429, Retry-After) until then: no failure


@dataclass(frozen=True)
class FetchResult:
    """What one check of a source gave, for ``Store.record_fetch``.

    ``error`` set means the check failed (the source's error count goes up); otherwise its
    etag/last-modified are replaced and the error count is reset. ``paused``: the check was its site's
    pause (429 with a Retry-After, or not sent for one): no failure, the error count, last error and
    validators stay, ``error`` only says why in the fetch log (a check not sent logs nothing).
    ``paused_until``: the end of its site's pause, if any (the source is shown paused until then).
    """

    status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    articles: int = 0
    next_check_at: str | None = None
    title: str | None = None  # the feed's own title: kept for a source that has none yet
    paused: bool = False
    paused_until: str | None = None


@dataclass(frozen=True)
class LinkNote:
    """A link the monitor fetched, for ``Store.put(article, link=…)`` and ``Store.link_failed``.

    ``url`` is the link's key (its canonical URL, or a file's path); ``stamp`` what tells a
    changed link (the feed's updated date, a sitemap's lastmod, a file's size and time).
    """

    url: str
    source_id: int | None = None
    stamp: str | None = None


@dataclass(frozen=True)
class FetchLogEntry:
    source_id: int
    fetched_at: str
    status: int | None
    error: str | None
    articles: int


@dataclass(frozen=True)
class StoryLogEntry:
    """One row of the story log: what an assignment did, in the order made (see ``Store.story_log``)."""

    seq: int
    exact: bool  # False for a row made before the log (schema step 7): the final story, no moves
    assignment: Assignment | None  # without developments; None for an editor's correction
    article: Article  # as it was when assigned
    edit: StoryEdit | None = None  # an editor's move or merge (schema step 14), without pk


@dataclass(frozen=True)
class Migration:
    """An applied schema migration."""

    version: int
    name: str
    applied_at: str
