"""``newsdesk user`` and ``newsdesk token``: logins for a service that listens beyond loopback (add,
list, remove)."""

from __future__ import annotations

import sys

import click

from ..alerts.access import Access
from ..alerts.store import AlertStore
from .store import _fail, _opened, db_option


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
    _check_name("user", name)
    if password_stdin:
        # bytes, decoded here: a password not in UTF-8 was a traceback (argon2 cannot encode it); a
        # Windows line end is no part of it (the password set ended in "\r", and no login matched)
        try:
            password = sys.stdin.buffer.readline().decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            _fail(f"user add {name}: the password on stdin is not valid UTF-8")
    elif not sys.stdin.isatty():  # a script, cron or pipe: the prompt read nothing and said "Aborted!"
        _fail(f"user add {name}: no terminal to ask the password on; give it on stdin with --password-stdin")
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
    _check_name("token", name)
    with _opened(db) as store:
        token = Access(AlertStore(store), local=False).new_token(name)
    click.echo(token)


def _check_name(kind: str, name: str) -> None:
    """Refuse a name the listing and the login could not show or match: an empty one, one with a
    line break or another control character (it split its line of `user list`), or an account's
    with a colon (an HTTP Basic login splits the name from the password at the first)."""
    what = "an account" if kind == "user" else "a token"
    if not name.strip():
        _fail(f"{kind} add: an empty name: give {what} a name")
    if not name.isprintable():
        _fail(f"{kind} add {name}: a name with a control character (a line break or tab) in it")
    if kind == "user" and ":" in name:
        _fail(f"user add {name}: a name with ':' in it (an HTTP Basic login splits name and password there)")


def _listing(kind: str, db: str | None) -> None:
    with _opened(db, existing=True) as store:
        found = [(name, created) for k, name, created in AlertStore(store).logins() if k == kind]
    if not found:
        click.echo(f"no {'accounts' if kind == 'user' else 'tokens'}", err=True)
    for name, created in found:
        click.echo(f"{name}\t{created}")


def _removal(kind: str, name: str, db: str | None) -> None:
    with _opened(db, existing=True) as store:
        removed = AlertStore(store).remove_login(kind, name)
    what = "account" if kind == "user" else "token"
    if not removed:
        _fail(f"{name}: no {what} of that name (newsdesk {kind} list shows them)")
    click.echo(f"{what} {name} removed", err=True)


@user_group.command("list")
@db_option
def user_list(db: str | None) -> None:
    """Every account's name and when it was added (passwords are never shown)."""
    _listing("user", db)


@user_group.command("remove")
@click.argument("name")
@db_option
def user_remove(name: str, db: str | None) -> None:
    """Remove the account NAME: its password no longer works, and its page sessions end."""
    _removal("user", name, db)


@token_group.command("list")
@db_option
def token_list(db: str | None) -> None:
    """Every API token's name and when it was made (the tokens themselves are not kept)."""
    _listing("token", db)


@token_group.command("remove")
@click.argument("name")
@db_option
def token_remove(name: str, db: str | None) -> None:
    """Revoke the API token NAME: requests bearing it are refused from now on."""
    _removal("token", name, db)


COMMANDS = (user_group, token_group)
