"""The PostgreSQL backend (psycopg 3): one writer connection behind a lock, a pool of readers.

The URL is any libpq URL; a schema other than ``public`` is chosen the libpq way, e.g.
``postgresql://host/db?options=-csearch_path%3Dnews``. psycopg is imported only when a
PostgreSQL URL is opened, so SQLite users need not install it.
"""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from .db import Database, Tx

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT_S = 10


class PostgresDatabase(Database):
    dialect = "postgres"

    def __init__(self, url: str) -> None:
        self._url = url
        self.display = re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)
        try:
            import psycopg
        except ImportError:
            raise StoreError("PostgreSQL needs psycopg: pip install 'psycopg[binary]'", input=self.display) from None
        self._psycopg = psycopg
        self._lock = threading.Lock()
        self._readers: queue.SimpleQueue[psycopg.Connection[Any]] = queue.SimpleQueue()
        self._opened: list[psycopg.Connection[Any]] = []
        with self._translate():
            self._writer = self._connect()

    def _connect(self) -> psycopg.Connection[Any]:
        conn = self._psycopg.connect(self._url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        self._opened.append(conn)
        return conn

    @contextmanager
    def _translate(self) -> Iterator[None]:
        try:
            yield
        except self._psycopg.Error as exc:
            raise StoreError(_reason(exc), input=self.display) from None

    def _tx(self, conn: psycopg.Connection[Any]) -> Tx:
        return Tx(conn, "postgres", lambda sql, rows: conn.cursor().executemany(sql, rows))

    @contextmanager
    def write(self) -> Iterator[Tx]:
        with self._lock, self._translate():
            if self._writer.broken or self._writer.closed:  # the server went away: try once more
                self._writer = self._connect()
            with self._writer.transaction():
                yield self._tx(self._writer)

    @contextmanager
    def read(self) -> Iterator[Tx]:
        with self._translate():
            try:
                conn = self._readers.get_nowait()
            except queue.Empty:
                conn = self._connect()
            try:
                with conn.transaction():
                    yield self._tx(conn)
            finally:
                if not (conn.broken or conn.closed):
                    self._readers.put(conn)

    def close(self) -> None:
        with self._lock:
            for conn in self._opened:
                conn.close()
            self._opened.clear()


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    name = type(exc).__name__
    if name == "OperationalError" and ("connect" in text or "connection" in text):
        return f"cannot connect to PostgreSQL ({text})"
    return f"database error ({name}: {text})"
