"""One monitor at a time on a database: a second one fetched every feed and every article again.

Two ``newsdesk run`` on one database (the service, and a ``--once`` started by hand or by cron)
each checked the due sources and fetched their new links: every site was asked twice, and every
article of the second came out ``duplicate``. :func:`monitor_lock` holds a lock while a monitor
runs: on SQLite, an exclusive lock on the file ``DB.monitor.lock`` beside the database; on
PostgreSQL, a session advisory lock (of the database and schema) on a connection of its own.
Either is released when the process ends, however it ends (``kill -9`` too), so a lock is never
left stale. An in-memory database is not locked.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import StoreError
from ..store import Store

try:
    import fcntl
except ImportError:  # not on this system (Windows): no lock on SQLite
    fcntl = None  # type: ignore[assignment]

SUFFIX = ".monitor.lock"
_TAKEN = "is monitoring this database; stop it first (two would fetch every site twice)"


Guard = Callable[[], None]


def _unguarded() -> None:
    """A lock that cannot be lost while the process lives (the file's), or none."""


@contextmanager
def monitor_lock(store: Store, url: str | None = None) -> Iterator[Guard]:
    """Hold the database's monitor lock; StoreError (naming the database, and the holder's pid where
    known) when another process holds it. ``url``: the PostgreSQL URL the store was opened with
    (``store.url`` hides its password). Yields the guard a monitor calls before each pass: on
    PostgreSQL the lock goes with its session when the server drops it (a restart, a failover), so the
    guard takes it again, or raises StoreError when another monitor took it meanwhile."""
    if store.dialect == "postgres" and url:
        hold = _PgHold(store, url)
        try:
            hold()
            yield hold
        finally:
            hold.close()
        return
    if fcntl is None or store.dialect != "sqlite" or store.url == ":memory:":
        yield _unguarded
        return
    try:
        fd = os.open(store.url + SUFFIX, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:  # a folder it cannot write to: the database says so itself when it writes
        yield _unguarded
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 20, 0).decode("ascii", "replace").strip()
            who = f" (pid {holder})" if holder.isdigit() else ""
            raise StoreError(f"another newsdesk run{who} {_TAKEN}", input=store.url) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield _unguarded
    finally:
        os.close(fd)  # releases the lock


class _PgHold:
    """A session advisory lock keyed by the database and the schema the URL's search_path gives, on a
    connection of its own. Called, it makes sure the lock is still held: its session answers, else a
    new one takes the lock again. A server that cannot be reached leaves it for the next call (the
    store says what is wrong when it is used)."""

    def __init__(self, store: Store, url: str) -> None:
        self._store = store
        self._url = url
        self._conn: Any = None

    def __call__(self) -> None:
        import psycopg

        if self._conn is not None:
            try:
                self._conn.execute("SELECT 1")
                return
            except psycopg.Error:  # the session is gone, and the lock with it
                self.close()
        try:
            conn: Any = psycopg.connect(self._url, autocommit=True, connect_timeout=10)
        except psycopg.Error:
            return
        try:
            key = int(conn.execute("SELECT hashtext(current_database() || '.' || coalesce(current_schema(), '') "
                                   "|| '.newsdesk-monitor')").fetchone()[0])
            high, low = divmod(key % 2**64, 2**32)  # how pg_locks shows a bigint key
            taken = conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()[0]
            row = None if taken else conn.execute(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = %s AND objid = %s "
                "AND objsubid = 1 LIMIT 1", (high, low)).fetchone()
        except psycopg.Error:  # lost as it was taken: the next call tries again
            with contextlib.suppress(psycopg.Error):
                conn.close()
            return
        if not taken:
            conn.close()
            who = f" (PostgreSQL backend {row[0]})" if row else ""
            raise StoreError(f"another newsdesk run{who} {_TAKEN}", input=self._store.url)
        self._conn = conn

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()  # ends the session: releases the lock
            self._conn = None
