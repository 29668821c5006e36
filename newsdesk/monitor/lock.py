"""One monitor at a time on a SQLite database: a second one fetched every feed and every article again.

Two ``newsdesk run`` on one database (the service, and a ``--once`` started by hand or by cron)
each checked the due sources and fetched their new links: every site was asked twice, and every
article of the second came out ``duplicate``. :func:`monitor_lock` holds an exclusive lock on the
file ``DB.monitor.lock`` beside the database while a monitor runs; the system releases it when the
process ends, however it ends (``kill -9`` too), so a lock is never left stale. PostgreSQL and
in-memory databases are not locked here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import StoreError
from ..store import Store

try:
    import fcntl
except ImportError:  # not on this system (Windows): no lock
    fcntl = None  # type: ignore[assignment]

SUFFIX = ".monitor.lock"


@contextmanager
def monitor_lock(store: Store) -> Iterator[None]:
    """Hold the database's monitor lock; StoreError (naming the database and the holder's pid) when
    another process holds it."""
    if fcntl is None or store.dialect != "sqlite" or store.url == ":memory:":
        yield
        return
    try:
        fd = os.open(store.url + SUFFIX, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:  # a folder it cannot write to: the database says so itself when it writes
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 20, 0).decode("ascii", "replace").strip()
            who = f" (pid {holder})" if holder.isdigit() else ""
            raise StoreError(f"another newsdesk run{who} is monitoring this database; stop it first (two would "
                             "fetch every site twice)", input=store.url) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock
