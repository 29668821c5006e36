"""PostgreSQL on managed servers: a role's statement_timeout does not cancel a schema step, and a
connection probes a silent server (TCP keepalives) unless its URL says otherwise."""

from __future__ import annotations

from test_store_support import pg_schema

from newsdesk.store.migrations import applied, migrate
from newsdesk.store.postgres import PostgresDatabase
from newsdesk.store.schema import Step


def test_a_statement_timeout_does_not_cancel_a_schema_step() -> None:
    with pg_schema() as url:
        db = PostgresDatabase(url + "%20-cstatement_timeout%3D200")  # options come last; as a role with 200 ms
        try:
            slow = Step(1, "a big table's rewrite", (), ("SELECT pg_sleep(0.5)",))
            assert migrate(db, (slow,)) == [1]
            assert [m.version for m in applied(db)] == [1]
            with db.read() as tx:  # the timeout holds outside the steps
                assert tx.one("SHOW statement_timeout") == ("200ms",)
        finally:
            db.close()


def test_connections_probe_a_silent_server_unless_the_url_says_otherwise() -> None:
    with pg_schema() as url:
        for address, idle in ((url, "30"), (url + "&keepalives_idle=7", "7")):
            db = PostgresDatabase(address)
            try:
                params = db._writer.info.get_parameters()  # what libpq was asked to connect with
                assert params.get("keepalives_idle") == idle and params.get("keepalives_count", "3") == "3"
            finally:
                db.close()
