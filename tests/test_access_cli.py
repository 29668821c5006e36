"""Logins from the command line: ``newsdesk user add|list|remove`` and ``newsdesk token add|list|remove``;
a removed token or account no longer opens the API."""

from __future__ import annotations

import base64
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsdesk.cli import cli
from newsdesk.store import open_store
from newsdesk.web.app import create_app


def test_tokens_and_accounts_are_listed_and_revoked(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    runner = CliRunner()
    made = runner.invoke(cli, ["token", "add", "ci", "--db", db])
    assert made.exit_code == 0, made.output
    token = made.stdout.strip()
    assert runner.invoke(cli, ["token", "add", "feeds", "--db", db]).exit_code == 0
    added = runner.invoke(cli, ["user", "add", "ada", "--password-stdin", "--db", db], input="correct horse battery\n")
    assert added.exit_code == 0, added.output

    tokens = runner.invoke(cli, ["token", "list", "--db", db])
    assert [line.split("\t")[0] for line in tokens.stdout.splitlines()] == ["ci", "feeds"]
    assert token not in tokens.stdout  # only digests are kept: nothing to show
    users = runner.invoke(cli, ["user", "list", "--db", db])
    assert [line.split("\t")[0] for line in users.stdout.splitlines()] == ["ada"]
    assert "argon2" not in users.stdout

    bearer = {"Authorization": f"Bearer {token}"}
    basic = {"Authorization": "Basic " + base64.b64encode(b"ada:correct horse battery").decode()}
    with open_store(db) as store:
        client = TestClient(create_app(store, local=False))
        assert client.get("/api/watches", headers=bearer).status_code == 200
        assert client.get("/api/watches", headers=basic).status_code == 200

        removed = runner.invoke(cli, ["token", "remove", "ci", "--db", db])
        assert (removed.exit_code, removed.stderr) == (0, "token ci removed\n")
        assert client.get("/api/watches", headers=bearer).status_code == 401
        assert runner.invoke(cli, ["user", "remove", "ada", "--db", db]).exit_code == 0
        assert client.get("/api/watches", headers=basic).status_code == 401

    assert runner.invoke(cli, ["token", "list", "--db", db]).stdout.splitlines()[0].startswith("feeds\t")
    none = runner.invoke(cli, ["user", "list", "--db", db])
    assert (none.exit_code, none.stdout, none.stderr) == (0, "", "no accounts\n")
    again = runner.invoke(cli, ["token", "remove", "ci", "--db", db])
    assert again.exit_code == 1 and "Traceback" not in again.output
    assert again.stderr == "newsdesk: error: ci: no token of that name (newsdesk token list shows them)\n"
    missing = runner.invoke(cli, ["user", "list", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "no database there" in missing.stderr
