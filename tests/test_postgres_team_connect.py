"""A team moving to a shared PostgreSQL gets the URL wrong in the usual ways (#5): a database or a
role not made yet, a server that is down, ``sslmode=require`` against a server without TLS, a schema
in search_path that does not exist. Each is one line naming the database (its password hidden), the
server's reason, and what to do: the reason alone ("FATAL: database "x" does not exist") left the
user to guess that newsdesk makes its tables but not the database."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_store_support import PG_URL, pg_admin, pg_schema, with_schema

from newsdesk.cli import cli
from newsdesk.errors import StoreError
from newsdesk.store import open_store
from newsdesk.store.postgres import _unreachable


def _with(url: str, *, database: str | None = None, user: str | None = None) -> str:
    """The test server's URL with another database name or role (no password: loopback is trusted)."""
    scheme, rest = url.split("://", 1)
    authority, _, path = rest.partition("/")
    host = authority.rsplit("@", 1)[-1]
    name, _, query = path.partition("?")
    login = f"{user}:s3cret@" if user else (authority.rsplit("@", 1)[0] + "@" if "@" in authority else "")
    return f"{scheme}://{login}{host}/{database or name}" + (f"?{query}" if query else "")


def _error(url: str, tmp_path: Path) -> str:
    """The one line ``newsdesk search`` ends with on ``url``."""
    pg_admin().close()  # skips without a server
    result = CliRunner().invoke(cli, ["search", "--db", url, "anything"], env={"NEWSDESK_HOME": str(tmp_path)})
    assert result.exit_code == 1, result.output
    [line] = result.output.splitlines()
    assert line.startswith("newsdesk: error: ") and "Traceback" not in result.output
    assert "s3cret" not in line
    return line


def test_a_database_not_made_yet_says_to_create_it(tmp_path: Path) -> None:
    name = f"nd_missing_{uuid.uuid4().hex[:8]}"
    line = _error(_with(PG_URL, database=name), tmp_path)
    assert f'database "{name}" does not exist' in line and f"/{name}" in line
    assert "createdb" in line and "CREATE DATABASE" in line


def test_a_role_not_made_yet_says_to_create_it(tmp_path: Path) -> None:
    role = f"nd_nobody_{uuid.uuid4().hex[:8]}"
    line = _error(_with(PG_URL, user=role), tmp_path)
    assert f'role "{role}" does not exist' in line and f"{role}:***@" in line
    assert "CREATE ROLE" in line


def test_a_server_that_is_down_says_to_start_it(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    line = _error(f"postgresql://news:s3cret@127.0.0.1:{port}/newsdesk", tmp_path)
    assert f"127.0.0.1:{port}/newsdesk" in line and "Connection refused" in line
    assert "start the server" in line


def test_sslmode_require_against_a_server_without_tls_says_what_to_change(tmp_path: Path) -> None:
    with pg_admin() as admin:
        if admin.execute("SHOW ssl").fetchone()[0] == "on":
            pytest.skip("the test server has TLS")
    line = _error(PG_URL + ("&" if "?" in PG_URL else "?") + "sslmode=require", tmp_path)
    assert "sslmode=require" in line and "does not support SSL" in line
    assert "turn ssl on" in line


def test_a_schema_that_does_not_exist_says_to_create_it(tmp_path: Path) -> None:
    schema = f"nd_none_{uuid.uuid4().hex[:8]}"
    line = _error(with_schema(PG_URL, schema), tmp_path)
    assert "InvalidSchemaName" in line and "create the schema first" in line


def test_a_wrong_or_missing_password_says_where_it_goes() -> None:
    # the test server trusts loopback, so these are libpq's words as a server asking for passwords gives them
    wrong = ('connection failed: connection to server at "127.0.0.1", port 5432 failed: FATAL: password '
             'authentication failed for user "news"')
    assert _unreachable(wrong).endswith("check the password: in the URL, ~/.pgpass or PGPASSWORD")
    missing = ('connection failed: connection to server at "127.0.0.1", port 5432 failed: fe_sendauth: no password '
               'supplied')
    assert "PGPASSWORD" in _unreachable(missing)
    full = 'connection failed: connection to server at "db", port 5432 failed: FATAL: sorry, too many clients already'
    assert "max_connections" in _unreachable(full)
    dropped = "consuming input failed: server closed the connection unexpectedly"
    assert "try again once it is up" in _unreachable(dropped)
    assert _unreachable("connection failed: something new") == "cannot connect to PostgreSQL (connection failed: " \
                                                               "something new)"  # no advice made up


def test_a_role_past_its_connection_limit_says_which_limit(tmp_path: Path) -> None:
    role = f"nd_limited_{uuid.uuid4().hex[:8]}"
    with pg_admin() as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN CONNECTION LIMIT 0")
    try:
        line = _error(_with(PG_URL, user=role), tmp_path)
    finally:
        with pg_admin() as admin:
            admin.execute(f"DROP ROLE {role}")
    assert f'too many connections for role "{role}"' in line and "CONNECTION LIMIT" in line


def test_a_statement_cut_by_a_restart_says_to_try_again() -> None:
    name = f"nd_cut_{uuid.uuid4().hex[:8]}"
    with pg_schema() as url, open_store(f"{url}&application_name={name}") as store:

        def cut() -> None:  # what a fast shutdown does to a statement running
            time.sleep(1)
            with pg_admin() as admin:
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s "
                              "AND query LIKE %s", (name, "%pg_sleep%"))

        threading.Thread(target=cut).start()
        with pytest.raises(StoreError) as caught, store._db.read() as tx:
            tx.one("SELECT pg_sleep(30)")
        assert "AdminShutdown" in str(caught.value) and "try again once it is up" in str(caught.value)
        assert store.count() == 0  # and the next read goes through


@pytest.mark.parametrize("password", ["Zm9vYmFy/cXV4YmF6+dGVzdA==", "Zm9vYmFy@cXV4YmF6dGVzdA"])
def test_a_password_not_percent_encoded_is_never_shown_and_told_how_to_write(password: str, tmp_path: Path) -> None:
    # base64 passwords (openssl rand -base64) hold / and +; libpq reads an unencoded / or @ as the end of
    # the login, so the rest went to the host or the database name, and the message showed it
    host = PG_URL.split("://", 1)[1].split("/", 1)[0].rsplit("@", 1)[-1]
    url = f"postgresql://news:{password}@{host}/newsdesk"
    line = _error(url, tmp_path)
    assert not any(piece in line for piece in ("Zm9vYmFy", "cXV4YmF6", "dGVzdA")), line
    assert f"postgresql://news:***@{host}/newsdesk" in line and "percent-encode" in line
    shown = CliRunner().invoke(cli, ["settings"], env={"NEWSDESK_DB": url, "NEWSDESK_HOME": str(tmp_path)})
    assert shown.exit_code == 0 and "Zm9vYmFy" not in shown.output and "cXV4YmF6" not in shown.output
