"""A team gives its web front end a read-only PostgreSQL role (#5). Reading works; a write with it
(an ingest by mistake) was refused input by input, "database error (InsufficientPrivilege: ...)"
once per page of a folder, and the command went through all of them. A refusal that says nothing
of the page at hand now ends the command with one line saying what the role lacks, as a server
gone away does; a role without CREATE on a new schema is told the same."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_store_support import pg_admin, pg_schema

from newsdesk.cli import cli
from newsdesk.errors import StoreUnavailableError
from newsdesk.store import open_store

DEMO = Path(__file__).resolve().parent.parent / "newsdesk" / "demo" / "articles"


def _as(url: str, role: str) -> str:
    """The URL logging in as ``role`` (no password: the test server trusts loopback)."""
    return re.sub(r"://([^@/]*@)?", f"://{role}@", url, count=1)


@pytest.fixture
def reader() -> Iterator[tuple[str, str]]:
    """(the owner's URL, a read-only role's URL) on a fresh schema holding one article."""
    role = f"walk_ro_{uuid.uuid4().hex[:10]}"
    with pg_schema() as url:
        schema = url.rsplit("%3D", 1)[1]
        page = str(DEMO / "07-mariupol-evacuation.txt")
        result = CliRunner().invoke(cli, ["ingest", "--db", url, "--no-analyze", page])
        assert result.exit_code == 0, result.output
        with pg_admin() as admin:
            admin.execute(f"CREATE ROLE {role} LOGIN")
            admin.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
            admin.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {role}")
        try:
            yield url, _as(url, role)
        finally:
            with pg_admin() as admin:
                admin.execute(f"DROP OWNED BY {role}")
                admin.execute(f"DROP ROLE {role}")


def test_a_read_only_role_reads(reader: tuple[str, str]) -> None:
    _, url = reader
    result = CliRunner().invoke(cli, ["search", "--db", url, "--jsonl", "evacuation"])
    assert result.exit_code == 0 and result.output.count("\n") == 1, result.output
    assert CliRunner().invoke(cli, ["stories", "--db", url]).exit_code == 0


def test_an_ingest_with_a_read_only_role_ends_with_one_line(reader: tuple[str, str]) -> None:
    owner, url = reader
    result = CliRunner().invoke(cli, ["ingest", "--db", url, "--no-analyze", str(DEMO)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("newsdesk: error:")]
    assert len(errors) == 1, result.output
    assert "permission denied for table articles" in errors[0] and "the role needs" in errors[0]
    with open_store(owner) as store:
        assert store.count() == 1  # nothing lost, nothing half-written


def test_a_role_without_create_on_a_new_schema_is_told_what_it_lacks() -> None:
    role = f"walk_nc_{uuid.uuid4().hex[:10]}"
    with pg_schema() as url:
        schema = url.rsplit("%3D", 1)[1]
        with pg_admin() as admin:
            admin.execute(f"CREATE ROLE {role} LOGIN")
            admin.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
        try:
            with pytest.raises(StoreUnavailableError, match=r"permission denied for schema .*CREATE in the schema"):
                open_store(_as(url, role))
        finally:
            with pg_admin() as admin:
                admin.execute(f"DROP OWNED BY {role}")
                admin.execute(f"DROP ROLE {role}")
