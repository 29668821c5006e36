"""Helpers for the store tests: a store on each backend, and sample articles.

PostgreSQL tests use the real server (``NEWSDESK_TEST_POSTGRES``, default the local one) with a
fresh schema per test, dropped afterwards; they are skipped when no server answers.
"""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from newsdesk.store import Store, open_store
from newsdesk.store import articles as article_sql
from newsdesk.store.db import Tx
from newsdesk.types import Article, Entity, Event, Location, Party, Quote, Span, Speaker, paragraph_spans

PG_URL = os.environ.get("NEWSDESK_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgres")


def pg_admin() -> Any:
    """An autocommit connection to the test server, or a skip."""
    try:
        import psycopg
    except ImportError:
        pytest.skip("psycopg is not installed")
    try:
        return psycopg.connect(PG_URL, autocommit=True, connect_timeout=3)
    except psycopg.Error as exc:
        pytest.skip(f"no PostgreSQL at {PG_URL}: {exc}")


def with_schema(url: str, schema: str) -> str:
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"


@contextmanager
def pg_schema() -> Iterator[str]:
    """A database URL whose search_path is a fresh schema, dropped afterwards."""
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with pg_admin() as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_schema(PG_URL, schema)
    finally:
        drop_schema(schema)


# a backend a test left behind (a connection through a relay that was cut, idle in a transaction) holds its
# locks until the server notices; DROP SCHEMA waited on one for six minutes in a CI run
LOCK_WAIT = "5s"


def drop_schema(schema: str, lock_wait: str = LOCK_WAIT) -> None:
    """Drop a test schema; a backend still holding a lock in it past ``lock_wait`` is ended first."""
    import psycopg

    with pg_admin() as admin:
        admin.execute(f"SET lock_timeout = '{lock_wait}'")
        try:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
            return
        except psycopg.errors.LockNotAvailable:
            pass
        admin.execute("SELECT pg_terminate_backend(pid) FROM (SELECT DISTINCT l.pid FROM pg_locks l "
                      "JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace "
                      "WHERE n.nspname = %s AND l.pid <> pg_backend_pid()) held", (schema,))
        admin.execute("SET lock_timeout = 0")
        admin.execute(f"DROP SCHEMA {schema} CASCADE")


@contextmanager
def quote_rows_before_step_26() -> Iterator[None]:
    """Articles stored as a store before schema step 26 stored them: quote rows without ``statement``
    (a store at an older step, to migrate)."""
    real = article_sql._insert_rows

    def as_before(tx: Tx, pk: int, each: Article) -> None:
        real(tx, pk, dataclasses.replace(each, quotes=()))
        tx.many("INSERT INTO quotes (article_pk, speaker, text, kind) VALUES (?, ?, ?, ?)",
                [(pk, q.speaker.name if q.speaker else None, q.text, q.kind) for q in each.quotes])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(article_sql, "_insert_rows", as_before)
        yield


@contextmanager
def store_on(backend: str, tmp_path: Path) -> Iterator[Store]:
    """A new, migrated store: a SQLite file under ``tmp_path``, or a fresh PostgreSQL schema."""
    if backend == "postgres":
        with pg_schema() as url, open_store(url) as store:
            yield store
    else:
        with open_store(str(tmp_path / "news.db")) as store:
            yield store


def article(text: str, url: str | None = None, **fields: Any) -> Article:
    """An article as extract would make it (its id is the store's business)."""
    return Article(id="-", title=fields.pop("title", None), text=text, url=url,
                   paragraphs=paragraph_spans(text), **fields)


def analysed(text: str, url: str | None, *, people: tuple[str, ...] = (), orgs: tuple[str, ...] = (),
             places: tuple[str, ...] = (), events: tuple[str, ...] = (), **fields: Any) -> Article:
    """An article with entities (and a quote by the first person), and events of the given types."""
    entities = tuple(Entity(f"e{i}", name, kind) for i, (name, kind) in enumerate(
        [(p, "PERSON") for p in people] + [(o, "ORG") for o in orgs] + [(p, "PLACE") for p in places], 1))
    quotes = (Quote(text[:20], 0, 20, "direct", speaker=Speaker(people[0], "e1")),) if people else ()
    evs = tuple(Event(type=t, sentence=Span(0, 10), trigger="met", actor=Party(people[0]) if people else None,
                      location=Location(places[0]) if places else None) for t in events)
    return article(text, url, entities=entities, quotes=quotes, events=evs, **fields)
