"""Create and upgrade the schema: ordered steps, each in its own transaction, recorded once.

The ``newsdesk_migrations`` table holds one row per applied step. Opening a store applies the
steps it lacks, in order; two processes opening a new database at once are serialised (SQLite's
write lock, a PostgreSQL advisory lock), and each step is checked again under the lock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from ..errors import StoreError
from .articles import fill_bigrams, fill_holes, refill_fts, unindex_unhappened
from .contains import EVENT_TRIGRAM_INDEXES, trigram_indexes
from .db import Database, Tx
from .quotes import mark_stances
from .records import Migration
from .schema import STEPS, Step

_TABLE = """CREATE TABLE IF NOT EXISTS newsdesk_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"""
_PG_LOCK = 0x6E657773  # "news": the advisory lock key for migrations


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _locked(tx: Tx) -> None:
    if tx.dialect == "postgres":
        tx.run("SELECT pg_advisory_xact_lock(?)", (_PG_LOCK,))


def applied(db: Database) -> list[Migration]:
    with db.read() as tx:
        exists = tx.one(tx.pick(
            sqlite="SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'newsdesk_migrations'",
            postgres="SELECT count(*) FROM pg_tables WHERE tablename = 'newsdesk_migrations' "
                     "AND schemaname = current_schema()"))
        if not exists or not exists[0]:
            return []
        rows = tx.all("SELECT version, name, applied_at FROM newsdesk_migrations ORDER BY version")
    return [Migration(int(v), str(n), str(a)) for v, n, a in rows]


def migrate(db: Database, steps: tuple[Step, ...] = STEPS) -> list[int]:
    """Apply the steps the database lacks; returns their versions (empty when up to date)."""
    done = {m.version for m in applied(db)}
    newest = max((s.version for s in steps), default=0)
    if done and max(done) > newest:
        raise StoreError(f"the database is at schema version {max(done)}, newer than this newsdesk knows "
                         f"({newest}); upgrade newsdesk", input=db.display)
    todo = [s for s in sorted(steps, key=lambda s: s.version) if s.version not in done]
    if not todo:
        return []
    with db.write() as tx:
        _locked(tx)
        tx.run(_TABLE)
    ran: list[int] = []
    for step in todo:
        with db.write() as tx:
            _locked(tx)
            if tx.one("SELECT 1 FROM newsdesk_migrations WHERE version = ?", (step.version,)):
                continue  # another process got there first
            if tx.dialect == "postgres":  # a role's or server's statement_timeout (managed servers set one)
                tx.run("SET LOCAL statement_timeout = 0")  # would cancel a big table's rewrite every time
            for statement in step.sqlite if tx.dialect == "sqlite" else step.postgres:
                tx.run(statement)
            if (step.version, tx.dialect) in _DATA_STEPS:
                _DATA_STEPS[step.version, tx.dialect](tx)
            tx.run("INSERT INTO newsdesk_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                   (step.version, step.name, now()))
        ran.append(step.version)
    return ran


# Steps whose data change SQL alone cannot make, run after the step's statements, in its transaction.
_DATA_STEPS: dict[tuple[int, str], Callable[[Tx], None]] = {
    (6, "sqlite"): refill_fts,  # articles_fts's place column gained the events' locations
    (9, "sqlite"): fill_bigrams,  # the word-pair index of the articles already stored
    (11, "postgres"): trigram_indexes,  # pg_trgm's, where the server has it
    (12, "sqlite"): fill_holes,  # the word-pair rows of articles holding U+001F
    (13, "postgres"): lambda tx: trigram_indexes(tx, EVENT_TRIGRAM_INDEXES),  # the events' party and place words
    (24, "sqlite"): unindex_unhappened,  # the rows of articles holding an event that did not happen
    (26, "sqlite"): mark_stances,  # the quotes already stored that are stances, from their articles' records
    (26, "postgres"): mark_stances,
}
