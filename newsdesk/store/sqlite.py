"""The SQLite backend: one writer connection behind a lock, a pool of reader connections.

A file database runs in WAL mode so readers never block the writer, with
``synchronous=FULL``: WAL alone already survives the process being killed (a committed
transaction is in the WAL file before ``COMMIT`` returns), and FULL also fsyncs the WAL at each
commit, so an article reported ``stored`` survives a power cut or an OS crash too. The price is
one fsync per commit, small next to extracting a page; bulk loads use one transaction for many
articles. ``:memory:`` uses the single writer connection for reads as well.
"""

from __future__ import annotations

import os
import queue
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import StoreError, StoreUnavailableError
from .db import Database, Tx

BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 65_536  # page cache per connection
PAGE_SIZE = 8192  # articles are a few KiB each: fewer half-empty pages than with the default 4096


class SQLiteDatabase(Database):
    dialect = "sqlite"

    def __init__(self, path: str | None) -> None:
        """``path`` is a file (created if missing), or None for a private in-memory database."""
        self._path = path
        self.display = path or ":memory:"
        self._lock = threading.Lock()
        self._readers: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        self._opened: list[sqlite3.Connection] = []
        if path is not None:  # where SQLite would say only "unable to open database file"
            _check_path(path)
        with self._translate():
            self._writer = self._connect()
            if path is not None:
                self._writer.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # takes effect in a new file only
                mode = self._writer.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise StoreError(f"cannot switch to WAL mode (journal mode stays {mode})", input=self.display)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self._path or ":memory:", isolation_level=None, check_same_thread=False,
                               timeout=BUSY_TIMEOUT_MS / 1000)
        self._opened.append(conn)
        for pragma in ("foreign_keys = ON", f"busy_timeout = {BUSY_TIMEOUT_MS}", "synchronous = FULL",
                       f"cache_size = -{CACHE_KIB}", "temp_store = MEMORY"):
            conn.execute(f"PRAGMA {pragma}")
        return conn

    @contextmanager
    def _translate(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
                # every later write fails the same way: a command ends with one line, the monitor waits
                raise StoreUnavailableError("the database or its disk is full: free some space (nothing stored is "
                                            "lost)", input=self.display) from None
            raise StoreError(_reason(exc), input=self.display) from None

    @contextmanager
    def write(self) -> Iterator[Tx]:
        with self._lock, self._translate():
            conn = self._writer
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield Tx(conn, "sqlite", conn.executemany)
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[Tx]:
        if self._path is None:  # one in-memory database: it is the writer's
            with self._lock, self._translate():
                yield Tx(self._writer, "sqlite", self._writer.executemany)
            return
        with self._translate():
            try:
                conn = self._readers.get_nowait()
            except queue.Empty:
                conn = self._connect()
                conn.execute("PRAGMA query_only = ON")
            conn.execute("BEGIN")
            try:
                yield Tx(conn, "sqlite", conn.executemany)
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                self._readers.put(conn)

    def close(self) -> None:
        with self._lock:
            for conn in self._opened:
                conn.close()
            self._opened.clear()


def _check_path(path: str) -> None:
    """Refuse a path SQLite cannot open for writing, saying why."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise StoreError("cannot open the database file (it is a folder)", input=path)
    if not os.path.isdir(folder):
        raise StoreError(f"cannot open the database file (no such folder {folder})", input=path)
    if not os.access(folder, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise StoreError("cannot open the database file (read-only: SQLite needs to write it and its -wal and "
                         "-shm files beside it)", input=path)


def _reason(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"database is busy ({text}): another process holds the write lock; try again"
    if "unable to open" in text:
        return f"cannot open the database file ({text})"
    if "not a database" in text:
        return "not a SQLite database"
    return f"database error ({type(exc).__name__}: {text})"
