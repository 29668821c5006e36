"""Every stored article written out: JSON lines (the full record), CSV or Parquet (flat columns).

CSV joins names with ``"; "``; Parquet keeps them as lists and adds the full record as JSON in
``record``. Articles are streamed: memory stays flat whatever the size of the store.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO, TextIO

from ..errors import StoreError
from ..types import Article, to_dict, to_json
from .articles import fill_bigrams, refill_fts
from .db import Tx, has_nul

FORMATS = ("jsonl", "csv", "parquet")
CSV_COLUMNS = ("id", "url", "title", "source", "published", "language", "authors", "persons", "orgs", "places",
               "event_types", "quotes", "text")
ROW_GROUP = 10_000  # articles per Parquet row group


def _names(article: Article, kind: str) -> list[str]:
    return list(dict.fromkeys(e.name for e in article.entities if e.type == kind))


def flat(article: Article) -> dict[str, Any]:
    """The article as flat columns (lists for names)."""
    return {"id": article.id, "url": article.url, "title": article.title, "source": article.source,
            "published": article.published, "language": article.language, "authors": list(article.authors),
            "persons": _names(article, "PERSON"), "orgs": _names(article, "ORG"), "places": _names(article, "PLACE"),
            "event_types": list(dict.fromkeys(ev.type for ev in article.events)), "quotes": len(article.quotes),
            "text": article.text}


def write_jsonl(articles: Iterable[Article], out: TextIO) -> int:
    count = 0
    for article in articles:
        out.write(json.dumps(to_dict(article), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(articles: Iterable[Article], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for article in articles:
        row = flat(article)
        writer.writerow(["; ".join(v) if isinstance(v, list) else "" if v is None else str(v) for v in row.values()])
        count += 1
    return count


def write_parquet(articles: Iterable[Article], out: BinaryIO) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise StoreError(f"Parquet export needs pyarrow ({exc})") from None
    text, names = pa.string(), pa.list_(pa.string())
    schema = pa.schema([("id", text), ("url", text), ("title", text), ("source", text), ("published", text),
                        ("language", text), ("authors", names), ("persons", names), ("orgs", names),
                        ("places", names), ("event_types", names), ("quotes", pa.int32()), ("text", text),
                        ("record", text)])
    count = 0
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for article in articles:
            batch.append({**flat(article), "record": to_json(article)})
            count += 1
            if len(batch) == ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch or not count:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return count


# -- a whole database into another (SQLite -> PostgreSQL, and back) ---------------------------------
# Every table newsdesk keeps, parents before children, with the columns a page is ordered and
# resumed by. The search indexes are not copied: PostgreSQL computes its own, SQLite's are filled after.
TABLE_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("articles", ("pk",)), ("article_versions", ("article_pk", "version")), ("entities", ("pk",)),
    ("quotes", ("pk",)), ("events", ("pk",)), ("sources", ("id",)), ("fetch_log", ("pk",)), ("links", ("url",)),
    ("stories", ("id",)), ("story_articles", ("seq",)), ("developments", ("pk",)), ("story_log", ("seq",)),
    ("story_edits", ("pk",)), ("story_checkpoints", ("params",)),
    ("watches", ("id",)), ("push_subscriptions", ("pk",)), ("alerts", ("pk",)), ("outbox", ("pk",)),
    ("accounts", ("name",)), ("api_tokens", ("name",)), ("newsdesk_state", ("key",)),
)
COPY_PAGE = 500


@dataclass(frozen=True)
class _Column:
    name: str
    kind: str  # "json", "bool" or "" (as it comes)
    identity: bool  # PostgreSQL's GENERATED ALWAYS AS IDENTITY: inserted with OVERRIDING SYSTEM VALUE


def tables(tx: Tx) -> list[str]:
    """The tables of a newsdesk database, less the migrations record and SQLite's search indexes."""
    rows = tx.all(tx.pick(
        sqlite="SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' "
               "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT LIKE '%!_fts!_%' ESCAPE '!' "
               "AND name NOT LIKE 'articles!_bigrams!_%' ESCAPE '!'"  # FTS5's shadow tables: the triggers fill them
               " AND name != 'entity_counts'",  # (schema step 22) as its triggers do
        postgres="SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
    return sorted(str(r[0]) for r in rows if r[0] != "newsdesk_migrations")


def _columns(tx: Tx, table: str) -> list[_Column]:
    """The columns a row is written with: PostgreSQL's generated ones (the search vectors) left out."""
    if tx.dialect == "sqlite":
        return [_Column(str(r[1]), "", False) for r in tx.all(f"PRAGMA table_info({table})")]
    rows = tx.all("SELECT column_name, data_type, is_identity, is_generated FROM information_schema.columns "
                  "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position", (table,))
    kinds = {"jsonb": "json", "json": "json", "boolean": "bool"}
    return [_Column(str(name), kinds.get(str(kind), ""), identity == "YES")
            for name, kind, identity, generated in rows if generated != "ALWAYS"]


def _value(value: Any, column: _Column) -> Any:
    """A value read from one backend as the other's column takes it (JSON as text, booleans as such),
    a NUL character (which an older SQLite database may hold; PostgreSQL takes none, and the store now
    refuses one) as U+FFFD: one character for one, so the offsets of spans in a record still hold."""
    if column.kind == "json" or isinstance(value, (dict, list)):
        value = value if value is None or isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if column.kind == "bool" and value is not None:
        return bool(value)
    if not isinstance(value, str):
        return value
    value = value.replace("\x00", "\ufffd")
    if "\\u0000" in value and value[:1] in ("{", "[") and has_nul(value):  # JSON text holding one, escaped
        value = _NUL_ESCAPE.sub(lambda m: m[1] + "\\ufffd", value)
    return value


_NUL_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")  # NUL escaped in JSON text (not a backslash escaped)


def copy_database(source: Tx, target: Tx, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Copy every row of a newsdesk database into another, empty one at the same schema version, keys
    kept (ids, story seqs, development and alert pks that readers page by). Runs in the callers'
    transactions: the target gets all of it or nothing. Returns the rows copied per table."""
    if source.dialect == "postgres":  # one snapshot of every table, though writers go on (SQLite's read is one)
        source.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    # every table the schema steps make (a test checks); others in the schema (another application's,
    # in `public`) are left alone
    known = [table for table, _ in TABLE_KEYS]
    held = [(table, n) for table in known if (n := _count(target, table))]
    if held:
        raise StoreError("already holds data (" + ", ".join(f"{n} {t}" for t, n in held[:4])
                         + "): copy into an empty database")
    copied: dict[str, int] = {}
    for table, keys in TABLE_KEYS:
        wanted = _columns(target, table)
        have = {c.name for c in _columns(source, table)}
        columns = [c for c in wanted if c.name in have]
        names = ", ".join(f'"{c.name}"' for c in columns)
        marks = ", ".join("?::jsonb" if c.kind == "json" and target.dialect == "postgres" else "?" for c in columns)
        overriding = " OVERRIDING SYSTEM VALUE" if any(c.identity for c in columns) else ""
        insert = f"INSERT INTO {table} ({names}){overriding} VALUES ({marks})"
        at = [names.split(", ").index(f'"{k}"') for k in keys]
        order = ", ".join(keys)
        after: tuple[Any, ...] | None = None
        copied[table] = 0
        while True:
            where = "" if after is None else f" WHERE ({order}) > ({', '.join('?' * len(keys))})"
            rows = source.all(f"SELECT {names} FROM {table}{where} ORDER BY {order} LIMIT ?",
                              (*(after or ()), COPY_PAGE))
            target.many(insert, [tuple(_value(v, c) for v, c in zip(row, columns, strict=True)) for row in rows])
            copied[table] += len(rows)
            if progress is not None and rows:
                progress(table, copied[table])
            if len(rows) < COPY_PAGE:
                break
            after = tuple(rows[-1][i] for i in at)
        if target.dialect == "postgres":
            for column in (c for c in columns if c.identity):  # the next key goes on above the copied ones
                target.run(f"SELECT setval(pg_get_serial_sequence(?, ?), max_key) FROM "
                           f"(SELECT max({column.name}) AS max_key FROM {table}) m WHERE max_key IS NOT NULL",
                           (table, column.name))
    if target.dialect == "sqlite":  # SQLite's search indexes are filled from the records
        refill_fts(target)
        fill_bigrams(target)
    return copied


def _count(tx: Tx, table: str) -> int:
    row = tx.one(f"SELECT count(*) FROM {table}")
    return int(row[0]) if row else 0
