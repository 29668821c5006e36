""":class:`AlertStore`: watches, alerts, the outbox and service state, in the articles' database.

It shares the :class:`~newsdesk.store.Store`'s connections (same transactions, same backends).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from ..errors import InputError
from ..store import Store
from ..store import alerts as alert_sql
from ..store import stories as story_sql
from ..store import watches as watch_sql
from ..store.db import Database
from ..store.migrations import now
from ..store.query import And, Field, Node, Not, Or, QuerySyntaxError, format_query, parse
from .channels.telegram import CHAT
from .channels.webpush import check_keys
from .flow import check
from .records import CHANNEL_TYPES, Alert, Channel, Delivery, DeliveryTally, Options, PushSubscription, Watch

CURSOR = "alerts.cursor"  # the newest development pk the service has matched
WATCH_ID = re.compile(r"w[0-9a-f]{4,12}")  # "w" and 12 hex digits, or a start of it (4 at least)


# the longest watch rule: a rule names what to look for in a few words; ten people and places OR-ed is 300
MAX_RULE_CHARS = 2_000
_URL = re.compile(r"https?://[^\s/?#]+[^\s]*")
_ADDR = r"[^\s@<>,;]+@[^\s@<>,;]+"
_CHECKS = {"webhook": (_URL, "an http:// or https:// URL"),
           "slack": (_URL, "an incoming-webhook URL (http:// or https://)"),
           "discord": (_URL, "an incoming-webhook URL (http:// or https://)"),
           "telegram": (re.compile(CHAT), "a chat id (-1001234567890) or a public channel's @name"),
           # an address, or one with a display name ("Desk Team <desk@example.org>"); no line breaks
           "email": (re.compile(rf"{_ADDR}|[^\x00-\x1f\x7f\x85\u2028\u2029<>@,;\"]+ <{_ADDR}>"), "an email address"),
           # a server may sit under a path of a reverse proxy (https://example.org/ntfy/TOPIC)
           "ntfy": (re.compile(r"[A-Za-z0-9_-]{1,64}|https?://[^\s/?#]+(?:/[^\s/?#]+)*/[A-Za-z0-9_-]{1,64}"),
                    "a topic name (letters, digits, - and _) or a URL ending in one")}


def _check_channel(channel: Channel) -> None:
    """A channel's target, checked before it is stored (an address with a line break would be a header)."""
    if channel.type not in CHANNEL_TYPES:
        raise InputError(f"unknown channel {channel.type} (channels: {', '.join(CHANNEL_TYPES)})")
    pattern, wanted = _CHECKS.get(channel.type, (None, ""))
    if pattern is not None and not pattern.fullmatch(channel.target):
        raise InputError(f"--{channel.type} {channel.target!r}: wants {wanted}")
    if channel.target.startswith(("http://", "https://")):
        try:
            urlsplit(channel.target).port  # noqa: B018  (a bracket left open, a port past 65535: ValueError)
        except ValueError as exc:
            raise InputError(f"--{channel.type} {channel.target!r}: not a valid URL ({exc})") from None


class AlertStore:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._db: Database = store._db

    # -- watches -------------------------------------------------------------------------------
    def add_watch(self, query: str, channels: Sequence[Channel], options: Options | None = None) -> Watch:
        """A new watch (its query checked and kept canonical); it fires on developments from now on."""
        rule = _rule(query)
        for channel in channels:
            _check_channel(channel)
        options = check(options or Options())
        watch = Watch("w" + secrets.token_hex(6), rule, tuple(channels), secrets.token_hex(32),
                      replace(options, after=self.store.latest_development()), now())
        with self._db.write() as tx:
            if watch_sql.state(tx, CURSOR) is None:  # matching starts no later than the first watch
                watch_sql.set_state(tx, CURSOR, str(watch.options.after))
            return watch_sql.add(tx, watch)

    def watch(self, watch_id: str) -> Watch | None:
        with self._db.read() as tx:
            return watch_sql.get(tx, watch_id)

    def watch_ids(self, prefix: str, limit: int = 2) -> list[str]:
        """Ids of the watches whose id is or starts with ``prefix`` ("w" and hex digits), for short ids."""
        prefix = prefix.strip().lower()
        if not WATCH_ID.fullmatch(prefix):
            return []
        with self._db.read() as tx:
            rows = tx.all("SELECT id FROM watches WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
                          (prefix, prefix + "g", limit))
        return [str(r[0]) for r in rows]

    def resolve_watch(self, prefix: str) -> str:
        """The full id of the one watch whose id starts with ``prefix`` (InputError if none, or several)."""
        found = self.watch_ids(prefix)
        if len(found) != 1:
            raise InputError(f"id {prefix} is ambiguous; give more of it" if found else f"no watch with id {prefix}")
        return found[0]

    def watches(self) -> list[Watch]:
        with self._db.read() as tx:
            return watch_sql.listed(tx)

    def pause_watch(self, watch_id: str, paused: bool = True) -> Watch | None:
        """Pause (or resume) a watch; the watch as it is now, None when there is no such watch.

        Either way its ``after`` becomes the newest development: a resumed watch fires on what
        arrives from then on, even when no service matched while it was paused (the cursor still
        stood before what arrived meanwhile, and a service started later alerted on it)."""
        with self._db.write() as tx:
            watch = watch_sql.get(tx, watch_id)
            if watch is None:
                return None
            after = story_sql.latest_development(tx) if paused != watch.options.paused else watch.options.after
            watch = replace(watch, options=replace(watch.options, paused=paused, after=after))
            watch_sql.set_options(tx, watch_id, watch.options)
            watch_sql.set_state(tx, alert_sql.WATCHES_CHANGED, now())
            return watch

    def edit_watch(self, watch_id: str, query: str, channels: Sequence[Channel],
                   options: Options | None = None) -> Watch | None:
        """Give a watch a new rule, channels and flood control, checked as :meth:`add_watch` checks
        them; its id, secret, alerts, push subscriptions and pause stay. Like a new watch it fires
        on developments from now on. None when there is no such watch."""
        rule = _rule(query)
        for channel in channels:
            _check_channel(channel)
        options = check(options or Options())
        after = self.store.latest_development()
        with self._db.write() as tx:
            watch = watch_sql.get(tx, watch_id)
            if watch is None:
                return None
            watch = replace(watch, query=rule, channels=tuple(channels),
                            options=replace(options, after=after, paused=watch.options.paused))
            watch_sql.update(tx, watch)
            watch_sql.set_state(tx, alert_sql.WATCHES_CHANGED, now())  # the alerter reloads its rules
            return watch

    def articles_since(self, after: int) -> int:
        """How many articles added developments after the development ``after`` (what a watch paused
        then skipped)."""
        with self._db.read() as tx:
            return alert_sql.articles_since(tx, after)

    def remove_watch(self, watch_id: str) -> bool:
        with self._db.write() as tx:
            return watch_sql.remove(tx, watch_id)

    def add_push(self, sub: PushSubscription) -> None:
        check_keys(sub)
        with self._db.write() as tx:
            watch_sql.add_push(tx, sub, now())

    def pushes(self, watch_id: str) -> list[PushSubscription]:
        with self._db.read() as tx:
            return watch_sql.pushes(tx, watch_id)

    def remove_push(self, watch_id: str, endpoint: str) -> None:
        with self._db.write() as tx:
            watch_sql.remove_push(tx, watch_id, endpoint)

    # -- matching ------------------------------------------------------------------------------
    def cursor(self) -> int:
        """The newest development matched; on first use, the newest there is (history is not alerted)."""
        with self._db.read() as tx:
            value = watch_sql.state(tx, CURSOR)
        if value is not None:
            return int(value)
        with self._db.write() as tx:
            value = watch_sql.state(tx, CURSOR)
            if value is None:
                value = str(story_sql.latest_development(tx))
                watch_sql.set_state(tx, CURSOR, value)
            return int(value)

    def skip_to_latest(self) -> None:
        """Move the cursor past every development there is: after ``stories --rebuild`` every
        development is written again under a new pk, and matching them would alert on old articles."""
        with self._db.write() as tx:
            watch_sql.set_state(tx, CURSOR, str(story_sql.latest_development(tx)))

    def commit_matches(self, cursor: int, alerts: Sequence[Alert], deliveries: Sequence[Delivery]) -> list[Alert]:
        """Write alerts and their deliveries and move the cursor, in one transaction; the alerts
        written come back (one already there for the same watch and article is skipped, with its
        deliveries)."""
        written: list[Alert] = []
        with self._db.write() as tx:
            for alert in alerts:
                if not alert_sql.seen_sentence(tx, alert.watch, alert.story.id, alert.reason.sentence) \
                        and alert_sql.add_alert(tx, alert):
                    written.append(alert)
            kept = {a.id for a in written}
            for delivery in deliveries:
                if set(delivery.alerts) <= kept:
                    alert_sql.add_delivery(tx, delivery)
            watch_sql.set_state(tx, CURSOR, str(cursor))
        return written

    def article_record(self, article_id: str) -> dict[str, Any] | None:
        with self._db.read() as tx:
            return alert_sql.article_record(tx, article_id)

    def story_title(self, story_id: str) -> str | None:
        with self._db.read() as tx:
            return alert_sql.story_title(tx, story_id)

    def watch_signature(self) -> tuple[int, str]:
        with self._db.read() as tx:
            return alert_sql.watch_signature(tx)

    def recent_sends(self, watch_id: str, since: str) -> list[str]:
        with self._db.read() as tx:
            return alert_sql.sent_since(tx, watch_id, since)

    def held_due(self, at: str) -> dict[str, list[Alert]]:
        with self._db.read() as tx:
            return alert_sql.held_due(tx, at)

    def commit_digest(self, alert_ids: Sequence[str], deliveries: Sequence[Delivery]) -> None:
        with self._db.write() as tx:
            alert_sql.mark_digested(tx, alert_ids)
            for delivery in deliveries:
                alert_sql.add_delivery(tx, delivery)

    def next_held(self) -> str | None:
        with self._db.read() as tx:
            return alert_sql.next_held(tx)

    def alerts(self, watch_id: str | None = None, limit: int = 50, before: int | None = None) -> list[Alert]:
        """Alerts, newest first."""
        with self._db.read() as tx:
            return alert_sql.alerts(tx, watch_id, limit, before)

    # -- the outbox ----------------------------------------------------------------------------
    def due(self, at: str, limit: int = 100) -> list[Delivery]:
        with self._db.read() as tx:
            return alert_sql.due(tx, at, limit)

    def claim(self, at: str, until: str, limit: int = 100) -> list[Delivery]:
        """Due deliveries, taken until ``until`` (a crashed taker's come due again then)."""
        with self._db.write() as tx:
            return alert_sql.claim(tx, at, until, limit)

    def next_due(self) -> str | None:
        with self._db.read() as tx:
            return alert_sql.next_due(tx)

    def record_many(self, deliveries: Sequence[Delivery]) -> None:
        """Note how deliveries went (sent, failed for good, or their next attempt), in one transaction."""
        with self._db.write() as tx:
            for d in deliveries:
                alert_sql.record(tx, d.id, d.state, d.attempts, d.next_at, d.last_error, d.sent_at)

    def tallies(self, watches: Sequence[Watch]) -> dict[str, DeliveryTally]:
        """How each watch's deliveries stand (watches with none are left out); its ``last_error`` is the
        newest failure of a receiver it still names that nothing sent to since."""
        with self._db.read() as tx:
            counts, errors = alert_sql.tallies(tx)
        named = {w.id: {(c.type, "" if c.type == "webpush" else c.target) for c in w.channels} for w in watches}
        last: dict[str, str] = {}
        for watch, channel, target, error in errors:
            if (channel, "" if channel == "webpush" else target) in named.get(watch, ()):
                last.setdefault(watch, f"{channel} {target}: {error}")
        return {w: DeliveryTally(c.get("sent", 0), c.get("pending", 0), c.get("failed", 0), last.get(w))
                for w, c in counts.items() if w in named}

    def deliveries(self, watch_id: str | None = None, limit: int = 50) -> list[Delivery]:
        with self._db.read() as tx:
            return alert_sql.deliveries(tx, watch_id, limit)

    # -- state, accounts, tokens ---------------------------------------------------------------
    def state(self, key: str) -> str | None:
        with self._db.read() as tx:
            return watch_sql.state(tx, key)

    def state_or_set(self, key: str, value: str) -> str:
        """The value under ``key``; ``value`` stored there first when there is none."""
        with self._db.write() as tx:
            found = watch_sql.state(tx, key)
            if found is None:
                watch_sql.set_state(tx, key, value)
            return found or value

    def add_account(self, name: str, password_hash: str) -> None:
        with self._db.write() as tx:
            watch_sql.add_account(tx, name, password_hash, now())

    def password_hash(self, name: str) -> str | None:
        with self._db.read() as tx:
            return watch_sql.password_hash(tx, name)

    def add_token(self, name: str, token_hash: str) -> None:
        with self._db.write() as tx:
            watch_sql.add_token(tx, name, token_hash, now())

    def token_owner(self, token_hash: str) -> str | None:
        with self._db.read() as tx:
            return watch_sql.token_owner(tx, token_hash)

    def logins(self) -> list[tuple[str, str, str]]:
        """Every account and API token: (``user`` or ``token``, name, created_at)."""
        with self._db.read() as tx:
            return watch_sql.logins(tx)

    def remove_login(self, kind: str, name: str) -> bool:
        """Remove an account (``user``) or a token (``token``); whether there was one."""
        with self._db.write() as tx:
            return watch_sql.remove_login(tx, kind, name)

    def has_logins(self) -> bool:
        with self._db.read() as tx:
            return watch_sql.has_logins(tx)


def _rule(query: str) -> str:
    """A watch's rule, canonical; one that only excludes (``NOT kyiv``, ``-event:ASSAULT since:2022``) is
    refused: it would alert on nearly every article stored, and so is one longer than :data:`MAX_RULE_CHARS`
    (the CLI, the API and the form alike: 200,000 characters were stored and matched at every article)."""
    tree = parse(query)  # first: its bounds (depth, terms) say more than a length
    if len(query) > MAX_RULE_CHARS:
        raise QuerySyntaxError(f"a rule of {len(query)} characters (at most {MAX_RULE_CHARS})")
    if not _selects(tree):
        raise QuerySyntaxError(f"{query.strip()!r} would alert on nearly every article (it, or a side of its OR, "
                               "only excludes or dates): add what to look for (a word, person:, place:, event:, ...)")
    return format_query(tree)


def _selects(node: Node) -> bool:
    """Whether ``node`` asks for something (a word, a phrase, a field other than a date), on every branch of
    an OR."""
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(_selects(item) for item in node.items)
    if isinstance(node, Or):
        return all(_selects(item) for item in node.items)
    return not (isinstance(node, Field) and node.name in ("since", "until"))
