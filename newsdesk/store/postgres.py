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
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any

from ..errors import StoreError, StoreUnavailableError
from .db import Database, Tx

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT_S = 10
# Reader connections kept open between reads. A burst (the web's 40 request threads at once) opens one
# per reader; all were kept, so each busy process held 40 or more for good and a few of them used up
# the server's max_connections (100 by default): "too many clients already" for every other one.
IDLE_READERS = 8
# Refusals that say nothing of the row at hand: the next write (or read) is refused the same way.
REFUSING = {
    "42501": "the role needs SELECT, INSERT, UPDATE, DELETE on newsdesk's tables, USAGE on its sequences, and "
             "CREATE in the schema to make or upgrade them",  # insufficient_privilege
    "25006": "a read-only server (a standby) takes no writes",  # read_only_sql_transaction
}


class PostgresDatabase(Database):
    dialect = "postgres"

    def __init__(self, url: str) -> None:
        self._url = url
        self.display = masked(url)
        self._secrets = _secrets(url)
        try:
            import psycopg
        except ImportError:
            raise StoreError("PostgreSQL needs psycopg: pip install 'psycopg[binary]'", input=self.display) from None
        self._psycopg = psycopg
        self._keepalives = _keepalives(url)
        self._lock = threading.Lock()
        self._readers: queue.Queue[psycopg.Connection[Any]] = queue.Queue(maxsize=IDLE_READERS)
        self._opened: list[psycopg.Connection[Any]] = []
        self._opened_lock = threading.Lock()  # readers connect outside the writer's lock
        with self._translate():
            self._writer = self._connect()

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            conn = self._psycopg.connect(self._url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                                         **self._keepalives)
        except self._psycopg.Error as exc:  # a name that does not resolve says nothing of connecting
            raise StoreUnavailableError(_unreachable(_scrubbed(_text(exc), self._secrets), _encoding_advice(self._url)),
                                        input=self.display) from None
        with self._opened_lock:
            self._opened = [c for c in self._opened if not c.closed] + [conn]
        return conn

    def _begin(self, stack: ExitStack, conn: psycopg.Connection[Any]) -> psycopg.Connection[Any]:
        """``conn`` (or its replacement) inside a transaction begun on ``stack``. A connection the server
        dropped since its last use (a restart, a failover, an idle timeout) fails at BEGIN, before the
        caller's work: it is replaced once, so a server that is back costs no failed request."""
        if conn.broken or conn.closed:
            conn = self._connect()
        try:
            stack.enter_context(conn.transaction())
        except self._psycopg.OperationalError:
            if not conn.broken:
                raise
            conn = self._connect()
            stack.enter_context(conn.transaction())
        return conn

    @contextmanager
    def _translate(self) -> Iterator[None]:
        try:
            yield
        except self._psycopg.Error as exc:
            raise _error(exc, self.display, self._secrets) from None

    def _tx(self, conn: psycopg.Connection[Any]) -> Tx:
        return Tx(conn, "postgres", lambda sql, rows: conn.cursor().executemany(sql, rows))

    @contextmanager
    def write(self) -> Iterator[Tx]:
        with self._lock, self._translate(), ExitStack() as stack:
            self._writer = self._begin(stack, self._writer)
            yield self._tx(self._writer)

    @contextmanager
    def read(self) -> Iterator[Tx]:
        with self._translate():
            try:
                conn = self._readers.get_nowait()
            except queue.Empty:
                conn = self._connect()
            try:
                with ExitStack() as stack:
                    conn = self._begin(stack, conn)
                    yield self._tx(conn)
            finally:
                if not (conn.broken or conn.closed):
                    try:
                        self._readers.put_nowait(conn)
                    except queue.Full:  # a burst of readers is over: its extra connections go back to the server
                        conn.close()

    def listener(self, channel: str) -> Listener:
        """Notifications on ``channel`` (an identifier), on a connection of their own."""
        return Listener(self, channel)

    def close(self) -> None:
        with self._lock, self._opened_lock:
            for conn in self._opened:
                conn.close()
            self._opened.clear()


class Listener:
    """``LISTEN channel``: :meth:`wait` returns at a notification or after ``timeout``. A lost
    connection is raised once as :class:`StoreError` and made again at the next wait, so a caller
    that logs the error and waits on outlives a server restart (it must look for what it missed)."""

    def __init__(self, db: PostgresDatabase, channel: str) -> None:
        self._db = db
        self._channel = channel
        self._conn: psycopg.Connection[Any] | None = None

    def wait(self, timeout: float) -> None:
        with self._db._translate():
            if self._conn is None or self._conn.broken or self._conn.closed:
                self._conn = self._db._connect()
                self._conn.execute(f"LISTEN {self._channel}")
            for _ in self._conn.notifies(timeout=timeout, stop_after=1):
                pass

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


# What to do about a refused connection, by libpq's or the server's words (English messages: in another
# language the reason goes alone). The first pattern found in the reason gives the advice said after it.
ADVICE = tuple((re.compile(pattern), advice) for pattern, advice in (
    (r"does not support SSL", "the server has no TLS: turn ssl on in its postgresql.conf, or leave "
                              "sslmode=require out of the URL where the network is trusted"),
    (r"password authentication failed", "check the password: in the URL, ~/.pgpass or PGPASSWORD"),
    (r"no password supplied", "the server asks for a password: give it in the URL, ~/.pgpass or PGPASSWORD"),
    (r"no pg_hba\.conf entry", "the server's pg_hba.conf lets no such connection in: its administrator adds a "
                               "line for this role, database and host"),
    (r'database ".*" does not exist', "create it first (createdb NAME, or CREATE DATABASE NAME): newsdesk "
                                      "makes its tables, not the database"),
    (r'role ".*" does not exist', "create the role first (CREATE ROLE NAME LOGIN PASSWORD …), or name another "
                                  "in the URL"),
    (r"too many clients|remaining connection slots", "the server's max_connections are all taken: fewer or idler "
                                                     "clients, or a higher max_connections"),
    (r"too many connections for (role|database)", "its CONNECTION LIMIT is reached: fewer clients, or a higher "
                                                   "limit (ALTER ROLE or ALTER DATABASE … CONNECTION LIMIT)"),
    (r"the database system is (starting up|shutting down|in recovery mode)|server closed the connection",
     "the server is restarting or went away: try again once it is up (newsdesk run goes on by itself)"),
    (r"timeout expired", "no answer: check the host and port in the URL, and that a firewall lets them through"),
    (r"Connection refused", "start the server, or check the host and port in the URL"),
    (r"resolve host|translate host name", "check the host name in the URL"),
))


# A server that vanishes without a reset (a failover, a cut link) leaves a statement waiting for the
# system's keepalive, two hours by default, with the write lock held: probe an idle connection after
# 30 s and give up after three unanswered probes 10 s apart, unless the URL says otherwise.
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3}


def _keepalives(url: str) -> dict[str, Any]:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        given = conninfo_to_dict(url)
    except psycopg.ProgrammingError:  # a malformed URL: connecting says what is wrong with it
        return {}
    return {key: value for key, value in KEEPALIVES.items() if key not in given}


def _unreachable(text: str, advice: str | None = None) -> str:
    """The message for a connection refused or lost: the reason, and what to do where it is known."""
    advice = advice or next((what for pattern, what in ADVICE if pattern.search(text)), None)
    return f"cannot connect to PostgreSQL ({text})" + (f": {advice}" if advice else "")


def _userinfo(url: str) -> tuple[str, str, int] | None:
    """(user, password, where the host starts) of a URL with a password, the password taken to the last
    ``@`` before the query (to the first ``@`` when a ``?`` or ``#`` in the password comes before it)."""
    head, sep, rest = url.partition("://")
    end = min((i for i in (rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    at = rest.rfind("@", 0, end)
    if at < 0 and (found := re.match(r"[^:/@]*:[^@/]*@", rest)):
        at = found.end() - 1
    user, colon, password = rest[:at].partition(":") if sep and at >= 0 else ("", "", "")
    return (user, password, len(head) + 3 + at) if colon and "/" not in user else None


def masked(url: str, mark: str = "***") -> str:
    """The URL without its password, in the authority or as a ``password=`` parameter. A password with
    an ``@`` or a ``/`` not percent-encoded (``openssl rand -base64`` makes them) was shown in part, or
    whole, in every message and log."""
    if (found := _userinfo(url)) is not None:
        user, _, host = found
        url = f"{url.partition('://')[0]}://{user}:{mark}{url[host:]}"
    return re.sub(r"([?&]password=)[^&#]*", lambda m: m[1] + mark, url, flags=re.IGNORECASE)


def _secrets(url: str) -> list[str]:
    """The pieces of the URL's password (4 characters or more) that libpq's reasons may quote: split where a
    character not percent-encoded made libpq read the rest as the host, port or database."""
    password = found[1] if (found := _userinfo(url)) is not None else ""
    return sorted((piece for piece in re.split(r"[@/?#:]", password) if len(piece) >= 4), key=len, reverse=True)


def _encoding_advice(url: str) -> str | None:
    """What to do about a password that libpq cannot read from the URL as it is written."""
    password = found[1] if (found := _userinfo(url)) is not None else ""
    if not re.search(r"[@/?#]", password):
        return None
    return "the password holds @, /, ? or # as they are: percent-encode them in the URL (%40, %2F, %3F, %23)"


def _scrubbed(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def _text(exc: Exception) -> str:
    return " ".join(str(exc).split())


def _error(exc: Exception, display: str, secrets: list[str]) -> StoreError:
    text = _scrubbed(_text(exc), secrets)
    name = type(exc).__name__
    if name == "OperationalError" and ("connect" in text or "connection" in text):
        return StoreUnavailableError(_unreachable(text), input=display)
    # the server's own message, without the statement it quotes ("LINE 1: CREATE TABLE ... ^")
    primary = getattr(getattr(exc, "diag", None), "message_primary", None)
    primary = _scrubbed(primary, secrets) if primary else None
    state = getattr(exc, "sqlstate", None)
    if state in REFUSING:  # every write after would fail alike: a command ends at once, not input by input
        return StoreUnavailableError(f"{_text(Exception(primary or text))} ({REFUSING[state]})", input=display)
    reason = f"database error ({name}: {_text(Exception(primary)) if primary else text})"
    if state == "3F000":  # invalid_schema_name: the URL's search_path names no schema that exists
        reason += ": create the schema first, or name one that exists in the URL's search_path"
    elif state in ("57P01", "57P02"):  # admin_shutdown, crash_shutdown: in the middle of a statement
        reason += ": the server ended the connection (a restart, or an administrator); the work in hand is " \
                  "not stored: try again once it is up"
    return StoreError(reason, input=display)
