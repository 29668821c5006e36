"""The PostgreSQL tests' clean-up: a test schema is dropped even where a backend left behind (a connection a
cut relay orphaned, idle in a transaction) still holds a lock in it; DROP SCHEMA once waited six minutes."""

from __future__ import annotations

import uuid

import pytest
from test_store_support import PG_URL, drop_schema, pg_admin


def test_a_schema_a_left_transaction_holds_is_dropped_not_waited_on() -> None:
    psycopg = pytest.importorskip("psycopg")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with pg_admin() as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        admin.execute(f"CREATE TABLE {schema}.t (x integer)")
    holder = psycopg.connect(PG_URL)  # not autocommit: its transaction stays open, holding its lock on t
    holder.execute(f"SELECT * FROM {schema}.t")
    drop_schema(schema, lock_wait="1s")
    with pg_admin() as admin:
        assert admin.execute("SELECT count(*) FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone() == (0,)
    with pytest.raises(psycopg.OperationalError):
        holder.execute("SELECT 1")  # the holder was ended
    holder.close()
