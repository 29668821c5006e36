"""Storage: articles, search and sources in SQLite (the default) or PostgreSQL.

Public surface: :func:`open_store` and the :class:`Store` it returns, the records it hands out
(:class:`PutResult`, :class:`Hit`, :class:`QuoteHit`, :class:`EventHit`, :class:`ArticleVersion`, :class:`Source`,
:class:`FetchResult`, :class:`FetchLogEntry`, :class:`Migration`) and the query language
(:mod:`newsdesk.store.query`).
See ``docs/storage.md``.
"""

from __future__ import annotations

from collections.abc import Mapping

from .core import Store
from .db import Database
from .events import EventFilter, EventHit
from .location import Location, resolve
from .migrations import migrate
from .people import NameFilter, NameHit
from .query import QuerySyntaxError, parse
from .quotes import QuoteFilter, QuoteHit
from .records import ArticleVersion, FetchLogEntry, FetchResult, Hit, LinkNote, Migration, PutResult, Source

__all__ = ["ArticleVersion", "EventFilter", "EventHit", "FetchLogEntry", "FetchResult", "Hit", "LinkNote", "Location",
           "Migration", "NameFilter", "NameHit", "PutResult",
           "QuerySyntaxError", "QuoteFilter", "QuoteHit", "Source", "Store", "open_store", "parse", "resolve"]


def open_store(url: str | None = None, environ: Mapping[str, str] | None = None) -> Store:
    """Open (creating and migrating on first use) the database at ``url``.

    ``url`` None means ``NEWSDESK_DB``, else ``NEWSDESK_HOME/newsdesk.db`` (``environ`` defaults
    to the process environment). Raises :class:`~newsdesk.errors.StoreError`.
    """
    location = resolve(url, environ)
    db: Database
    if location.backend == "postgres":
        from .postgres import PostgresDatabase

        db = PostgresDatabase(location.target or "")
    else:
        from .sqlite import SQLiteDatabase

        db = SQLiteDatabase(location.target)
    try:
        migrate(db)
    except BaseException:
        db.close()
        raise
    return Store(db)
