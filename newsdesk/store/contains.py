"""Word filters on names and quotes (every word somewhere in the column, case ignored), answered
from an index instead of a scan of every row.

The condition is always the one the filters had: ``lower(column) LIKE '%word%'`` per word, so the
rows found are the same. What the index adds, per backend (schema step 11):

- SQLite: an FTS5 table with the trigram tokenizer over the column (``quotes_fts``,
  ``entities_fts``; external content, kept by triggers), asked ``column LIKE '%word%'`` for each
  word with three characters or more between wildcards. It returns the rows whose trigrams hold the
  word's (case folded), and SQLite checks that LIKE on the stored value; the word is not escaped
  there, so ``%`` and ``_`` in it match more, never less. The exact condition then keeps the rows
  the filter finds: a superset narrowed by the old test.
- PostgreSQL: GIN indexes of pg_trgm on ``lower(column)``, which the planner uses for the same LIKE
  condition as it stands, when the server has pg_trgm (without it, the filters scan as before).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .db import Dialect, Tx

_WILDCARD = re.compile(r"[%_]")
TRIGRAM = 3  # the fewest characters a trigram index can look up


@dataclass(frozen=True)
class Words:
    """The words one column must contain: ``column`` of the filtered table (``q.speaker``), and the
    name of that column in the trigram table; with ``either``, each word in that column or in one of
    these others (``(column, indexed_as)``: an event's party, its actor or its target)."""

    column: str
    indexed_as: str
    words: tuple[str, ...]
    either: tuple[tuple[str, str], ...] = ()


def like(word: str) -> str:
    """``%word%`` for ``LIKE ... ESCAPE '\\'``, lower case, the word's own ``%``, ``_`` and ``\\`` literal."""
    escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def conditions(dialect: Dialect, wanted: Sequence[Words], trigrams: str, row: str,
               indexed: bool = True) -> tuple[list[str], list[str]]:
    """SQL conditions (and their parameters) for every word of ``wanted``; on SQLite, when
    ``indexed``, also one on ``row`` (the filtered row's key) from the trigram table ``trigrams``.
    ``indexed`` False: a scan, as before the index, to compare (on PostgreSQL see :func:`scan`)."""
    where: list[str] = []
    params: list[str] = []
    for each in wanted:
        columns = ((each.column, each.indexed_as), *each.either)
        for word in each.words:
            where.append("(" + " OR ".join(f"lower({column}) LIKE ? ESCAPE '\\'" for column, _ in columns) + ")"
                         if each.either else f"lower({each.column}) LIKE ? ESCAPE '\\'")
            params += [like(word)] * len(columns)
    if not indexed or dialect != "sqlite":
        return where, params
    found = trigram_rows(wanted, trigrams)
    if found:
        where.insert(0, f"{row} IN ({found[0]})")
        params[:0] = found[1]
    # a word in any of several columns: FTS5 answers an OR of LIKEs by reading every row, a UNION from its index
    for each in (each for each in wanted if each.either):
        for word in filter(_lookup, each.words):
            names = (each.indexed_as, *(indexed_as for _, indexed_as in each.either))
            union = " UNION ".join(f"SELECT rowid FROM {trigrams} WHERE {name} LIKE ?" for name in names)
            where.insert(0, f"{row} IN ({union})")
            params[:0] = [f"%{word.lower()}%"] * len(names)
    return where, params


def trigram_rows(wanted: Sequence[Words], trigrams: str) -> tuple[str, list[str]] | None:
    """SQLite: the query of the trigram table's rows holding every word of ``wanted`` (those it can look
    up; not the words of several columns), and its parameters; None when it can look up none."""
    lookups = [(each.indexed_as, word) for each in wanted if not each.either for word in each.words if _lookup(word)]
    if not lookups:
        return None
    test = " AND ".join(f"{column} LIKE ?" for column, _ in lookups)
    return f"SELECT rowid FROM {trigrams} WHERE {test}", [f"%{word.lower()}%" for _, word in lookups]


def scan(tx: Tx) -> None:
    """Make PostgreSQL filter without the trigram indexes for the rest of the transaction, to compare."""
    if tx.dialect == "postgres":
        tx.run("SET LOCAL enable_bitmapscan = off")  # a GIN index is read by bitmap scans only


def _lookup(word: str) -> bool:
    """Whether the trigram index can find ``word`` (a run of three characters between wildcards)."""
    return max(len(part) for part in _WILDCARD.split(word.lower())) >= TRIGRAM


# Schema step 11 on PostgreSQL (migrations.py): pg_trgm where the server has it and this role may
# create it (a superuser, or a trusted extension and CREATE on the database), in ``public`` when
# this role may create there (a store in a schema of its own then leaves it to the others), else in
# the store's schema. The operator class is named with its schema: the store's search_path may not
# hold it. Without pg_trgm no index is made and the filters scan, as before.
_TRIGRAM_INDEXES = (("quotes_speaker_trgm", "quotes", "speaker"), ("quotes_text_trgm", "quotes", "text"),
                    ("entities_name_trgm", "entities", "name"))
# schema step 13: the events filters' party and place words
EVENT_TRIGRAM_INDEXES = (("events_actor_trgm", "events", "actor"), ("events_target_trgm", "events", "target"),
                         ("events_location_trgm", "events", "location"))


def trigram_indexes(tx: Tx, indexes: tuple[tuple[str, str, str], ...] = _TRIGRAM_INDEXES) -> None:
    """Make the pg_trgm indexes of the word filters (``(name, table, column)``; step 11's unless
    given), and pg_trgm itself, where it may."""
    schema = _trigram_schema(tx)
    if schema is None:
        return
    for name, table, column in indexes:
        tx.run(f"CREATE INDEX {name} ON {table} USING gin (lower({column}) {schema}.gin_trgm_ops)")


def _trigram_schema(tx: Tx) -> str | None:
    """The quoted schema pg_trgm is in, after creating it where it is missing and may be; None if neither."""
    row = tx.one("SELECT quote_ident(n.nspname) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                 "WHERE e.extname = 'pg_trgm'")
    if row is not None:
        return str(row[0])
    allowed = tx.one(
        "SELECT 1 FROM pg_available_extension_versions v WHERE v.name = 'pg_trgm' AND v.version = "
        "(SELECT default_version FROM pg_available_extensions WHERE name = 'pg_trgm') AND ("
        "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
        "OR (v.trusted AND has_database_privilege(current_database(), 'CREATE')))")
    if allowed is None:
        return None
    row = tx.one("SELECT quote_ident(coalesce((SELECT nspname FROM pg_namespace WHERE nspname = 'public' "
                 "AND has_schema_privilege(oid, 'CREATE')), current_schema()))")
    if row is None or row[0] is None:
        return None
    tx.run(f"CREATE EXTENSION pg_trgm SCHEMA {row[0]}")
    return str(row[0])
