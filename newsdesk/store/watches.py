"""SQL for watches, their Web Push subscriptions, accounts, API tokens and small state (key/value).

Every function runs inside the caller's transaction; JSON columns are TEXT on SQLite, JSONB on
PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..alerts.records import Channel, Options, PushSubscription, Watch
from .db import Tx


def jsonb(tx: Tx) -> str:
    """The placeholder for a JSON value."""
    return tx.pick(sqlite="?", postgres="?::jsonb")


def loaded(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


_COLUMNS = "id, query, channels, secret, options, created_at"


def _watch(row: Sequence[Any]) -> Watch:
    wid, query, channels, secret, options, created = row
    return Watch(str(wid), str(query), tuple(Channel(c["type"], c.get("target", "")) for c in loaded(channels)),
                 str(secret), Options(**loaded(options)), str(created))


def add(tx: Tx, watch: Watch) -> Watch:
    channels = json.dumps([{"type": c.type, "target": c.target} for c in watch.channels])
    options = json.dumps(vars(watch.options))
    tx.run(f"INSERT INTO watches ({_COLUMNS}) VALUES (?, ?, {jsonb(tx)}, ?, {jsonb(tx)}, ?)",
           (watch.id, watch.query, channels, watch.secret, options, watch.created_at))
    return watch


def get(tx: Tx, watch_id: str) -> Watch | None:
    row = tx.one(f"SELECT {_COLUMNS} FROM watches WHERE id = ?", (watch_id,))
    return None if row is None else _watch(row)


def listed(tx: Tx) -> list[Watch]:
    return [_watch(r) for r in tx.all(f"SELECT {_COLUMNS} FROM watches ORDER BY created_at, id")]


def update(tx: Tx, watch: Watch) -> None:
    """A watch's rule, channels and options as ``watch`` holds them (its id, secret and time stay)."""
    channels = json.dumps([{"type": c.type, "target": c.target} for c in watch.channels])
    tx.run(f"UPDATE watches SET query = ?, channels = {jsonb(tx)}, options = {jsonb(tx)} WHERE id = ?",
           (watch.query, channels, json.dumps(vars(watch.options)), watch.id))


def set_options(tx: Tx, watch_id: str, options: Options) -> None:
    tx.run(f"UPDATE watches SET options = {jsonb(tx)} WHERE id = ?", (json.dumps(vars(options)), watch_id))


def remove(tx: Tx, watch_id: str) -> bool:
    found = tx.one("SELECT 1 FROM watches WHERE id = ?", (watch_id,)) is not None
    tx.run("DELETE FROM watches WHERE id = ?", (watch_id,))
    return found


def add_push(tx: Tx, sub: PushSubscription, now: str) -> None:
    tx.run("DELETE FROM push_subscriptions WHERE watch_id = ? AND endpoint = ?", (sub.watch, sub.endpoint))
    tx.run("INSERT INTO push_subscriptions (watch_id, endpoint, p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?)",
           (sub.watch, sub.endpoint, sub.p256dh, sub.auth, now))


def pushes(tx: Tx, watch_id: str) -> list[PushSubscription]:
    rows = tx.all("SELECT watch_id, endpoint, p256dh, auth FROM push_subscriptions WHERE watch_id = ? ORDER BY pk",
                  (watch_id,))
    return [PushSubscription(*map(str, r)) for r in rows]


def remove_push(tx: Tx, watch_id: str, endpoint: str) -> None:
    tx.run("DELETE FROM push_subscriptions WHERE watch_id = ? AND endpoint = ?", (watch_id, endpoint))


def state(tx: Tx, key: str) -> str | None:
    row = tx.one("SELECT value FROM newsdesk_state WHERE key = ?", (key,))
    return None if row is None else str(row[0])


def set_state(tx: Tx, key: str, value: str) -> None:
    tx.run("INSERT INTO newsdesk_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?",
           (key, value, value))


def add_account(tx: Tx, name: str, password_hash: str, now: str) -> None:
    tx.run("INSERT INTO accounts (name, password_hash, created_at) VALUES (?, ?, ?) ON CONFLICT (name) "
           "DO UPDATE SET password_hash = ?", (name, password_hash, now, password_hash))


def password_hash(tx: Tx, name: str) -> str | None:
    row = tx.one("SELECT password_hash FROM accounts WHERE name = ?", (name,))
    return None if row is None else str(row[0])


def add_token(tx: Tx, name: str, token_hash: str, now: str) -> None:
    tx.run("INSERT INTO api_tokens (name, token_hash, created_at) VALUES (?, ?, ?) ON CONFLICT (name) "
           "DO UPDATE SET token_hash = ?", (name, token_hash, now, token_hash))


def token_owner(tx: Tx, token_hash: str) -> str | None:
    row = tx.one("SELECT name FROM api_tokens WHERE token_hash = ?", (token_hash,))
    return None if row is None else str(row[0])


def logins(tx: Tx) -> list[tuple[str, str, str]]:
    """Every account and API token: (kind, name, created_at), accounts first, by name."""
    rows = tx.all("SELECT 'user', name, created_at FROM accounts UNION ALL "
                  "SELECT 'token', name, created_at FROM api_tokens ORDER BY 1 DESC, 2")
    return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]


def remove_login(tx: Tx, kind: str, name: str) -> bool:
    """Remove an account (``user``) or a token (``token``); whether there was one."""
    table = {"user": "accounts", "token": "api_tokens"}[kind]
    found = tx.one(f"SELECT 1 FROM {table} WHERE name = ?", (name,)) is not None
    tx.run(f"DELETE FROM {table} WHERE name = ?", (name,))
    return found


def has_logins(tx: Tx) -> bool:
    row = tx.one("SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM api_tokens)")
    return bool(row and row[0])
