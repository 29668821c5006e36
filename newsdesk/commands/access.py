"""``newsdesk user add`` and ``newsdesk token add``: logins for a service that listens beyond loopback."""

from __future__ import annotations

import sys

import click

from ..alerts.access import Access
from ..alerts.store import AlertStore
from .store import _opened, db_option


@click.group("user")
def user_group() -> None:
    """Accounts (name and password) for the pages and the API."""


@user_group.command("add")
@click.argument("name")
@db_option
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin instead of a prompt.")
def user_add(name: str, db: str | None, password_stdin: bool) -> None:
    """Add an account, or set its password (hashed with Argon2id).

    \b
    Examples:
      newsdesk user add ada                                 the password is prompted for
      printf '%s\\n' "$PASSWORD" | newsdesk user add ada --password-stdin
    """
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    with _opened(db) as store:
        Access(AlertStore(store), local=False).add_account(name, password)
    click.echo(f"account {name} saved", err=True)


@click.group("token")
def token_group() -> None:
    """API tokens (Authorization: Bearer TOKEN)."""


@token_group.command("add")
@click.argument("name")
@db_option
def token_add(name: str, db: str | None) -> None:
    """Make an API token named NAME (replacing one of that name); prints it once.

    \b
    Examples:
      newsdesk token add ci
      curl -H "Authorization: Bearer nd_…" http://HOST:8000/api/alerts
    """
    with _opened(db) as store:
        token = Access(AlertStore(store), local=False).new_token(name)
    click.echo(token)


COMMANDS = (user_group, token_group)
