"""What the SQL modules see of a database: a transaction that runs raw SQL with ``?`` placeholders.

Each backend (``sqlite.py``, ``postgres.py``) implements :class:`Database`; its context managers
translate the driver's exceptions into :class:`~newsdesk.errors.StoreError`, so no sqlite3 or
psycopg error ever leaves the store.
"""

from __future__ import annotations

import abc
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Literal, Protocol

from ..errors import InputError, StoreError

Dialect = Literal["sqlite", "postgres"]
Row = tuple[Any, ...]


class _Connection(Protocol):
    """The part of a DB-API connection (sqlite3 or psycopg) that :class:`Tx` uses."""

    def execute(self, sql: Any, params: Any = ..., /) -> Any: ...


class Tx:
    """Raw SQL on one connection inside a transaction (or a read). Placeholders are ``?``.

    The SQL modules never put a literal ``%`` or ``?`` in their SQL text: values go in params.
    """

    def __init__(self, conn: _Connection, dialect: Dialect, executemany: Callable[[str, list[Row]], object]) -> None:
        self._conn = conn
        self.dialect: Dialect = dialect
        self._executemany = executemany

    def _sql(self, sql: str) -> str:
        return sql if self.dialect == "sqlite" else sql.replace("%", "%%").replace("?", "%s")

    def _execute(self, sql: str, params: Sequence[Any]) -> Any:
        _storable(sql, params)
        try:
            return self._conn.execute(self._sql(sql), tuple(params))
        except (OverflowError, UnicodeEncodeError) as exc:
            raise _refused(exc) from None

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._execute(sql, params)

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return [tuple(r) for r in self._execute(sql, params).fetchall()]

    def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        row = self._execute(sql, params).fetchone()
        return None if row is None else tuple(row)

    def many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        batch = [tuple(r) for r in rows]
        if batch:
            for row in batch:
                _storable(sql, row)
            try:
                self._executemany(self._sql(sql), batch)
            except (OverflowError, UnicodeEncodeError) as exc:
                raise _refused(exc) from None

    def pick(self, *, sqlite: str, postgres: str) -> str:
        """The SQL text for this dialect, where the two differ."""
        return sqlite if self.dialect == "sqlite" else postgres


class Database(abc.ABC):
    """A connected database: one writer at a time, readers alongside."""

    dialect: Dialect
    display: str  # the URL as shown in messages, without a password

    @abc.abstractmethod
    def write(self) -> AbstractContextManager[Tx]:
        """A write transaction, committed when the block ends (rolled back on an exception)."""

    @abc.abstractmethod
    def read(self) -> AbstractContextManager[Tx]:
        """A read-only snapshot."""

    @abc.abstractmethod
    def close(self) -> None: ...


_WRITES = re.compile(r"\s*(INSERT|UPDATE)\b", re.IGNORECASE)


def _storable(sql: str, params: Sequence[Any]) -> None:
    """Refuse a NUL character in text written, on every backend: PostgreSQL cannot hold one in TEXT
    or JSONB ("database error (UntranslatableCharacter …)", a 500 on the web) where SQLite stored it,
    so what was kept depended on the database. Reads are left alone (a NUL matches nothing)."""
    if not _WRITES.match(sql):
        return
    for value in params:
        if not isinstance(value, str):
            continue
        at = value.find("\x00")
        if at < 0 and "\\u0000" in value and value[:1] in ("{", "[") and has_nul(value):
            at = value.find("\\u0000")  # a JSON document (a record, a watch's channels) holding one
        if at >= 0:
            raise InputError(f"text with a NUL character cannot be stored ({value[max(0, at - 30):at + 10]!a})")


def has_nul(text: str) -> bool:
    """Whether JSON ``text`` holds a NUL in a string (not text spelling ``\\u0000`` out); False when not JSON."""
    try:
        found = json.loads(text)
    except ValueError:
        return False
    todo = [found]
    while todo:
        item = todo.pop()
        if isinstance(item, str) and "\x00" in item:
            return True
        if isinstance(item, dict):
            todo += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            todo += item
    return False


def _refused(exc: OverflowError | UnicodeEncodeError) -> StoreError:
    """A value the driver cannot send: an int past 64 bits (an id or offset typed by someone), or a
    lone surrogate (an argument or file name not in UTF-8)."""
    if isinstance(exc, OverflowError):
        return StoreError(f"a number too large for the database ({exc})")
    text = exc.object[max(0, exc.start - 30):exc.end + 10]
    return StoreError(f"text that is not valid Unicode cannot be stored ({exc.reason}: {text!a})")


def each(rows: Iterable[Row]) -> Iterator[Any]:
    """The first column of each row."""
    for row in rows:
        yield row[0]
