"""The outbox worker: sends due deliveries, records each outcome, retries with backoff.

A delivery is ``pending`` until a receiver takes it (``sent``) or it fails for good (``failed``,
with the reason: a 4xx, or ``delivery_attempts`` tries); between tries it waits 1, 2, 4 … s (at
most an hour). A service takes due deliveries before sending them (their next try moves
``CLAIM_S`` ahead), so two services on one database never send the same one. Outcomes are
committed together at the next look (every ``alert_poll_interval``: one transaction for many, as
each commit costs an fsync), so a restart sends the pending ones and never those already
recorded; only a crash between a receiver's answer and that commit can repeat one (after
``CLAIM_S``), and it repeats with the same ``X-Newsdesk-Delivery`` id (email: the same Message-ID).
At most ``PER_RECEIVER`` deliveries are in flight to one receiver, so one that hangs delays its own
alerts, not every channel's.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from dataclasses import replace
from urllib.parse import urlsplit

import httpx

from ..errors import FetchError
from ..ingest.safety import check_url, safe_client
from ..monitor.log import Log
from ..settings import Settings
from .channels import SendError, chat, email, ntfy, telegram, webhook, webpush
from .compose import with_links
from .records import Delivery, PushSubscription
from .store import AlertStore

MAX_WAIT_S = 3600.0
CLAIM_S = 300.0  # a delivery taken by a service that then died is tried again after this
PER_RECEIVER = 4  # deliveries in flight to one receiver at once (of the pool's 16 senders)
VAPID_KEY = "vapid.private_pem"


def vapid_key(alerts: AlertStore) -> str:
    """The service's VAPID private key (PEM), made and stored on first use."""
    return alerts.state_or_set(VAPID_KEY, webpush.new_private_pem())


def backoff(tries: int) -> float:
    """Seconds to wait after the ``tries``-th failed try, before jitter: 1, 2, 4 … up to an hour."""
    return min(2.0 ** (tries - 1), MAX_WAIT_S)

class Deliverer:
    def __init__(self, alerts: AlertStore, settings: Settings, *, log: Log | None = None, workers: int = 16) -> None:
        self.alerts = alerts
        self.settings = settings
        self.log = log or Log(None)
        # receivers a watch names are connected to only on allowed addresses (checked again once
        # connected: DNS rebinding); the ntfy server of the settings is the operator's own choice
        self.client = safe_client(settings, timeout=settings.delivery_timeout, follow_redirects=False)
        self.own = httpx.Client(timeout=settings.delivery_timeout, follow_redirects=False)
        self.pool = ThreadPoolExecutor(workers, thread_name_prefix="newsdesk-deliver")
        self._busy: set[str] = set()
        self._done: list[Delivery] = []  # outcomes not yet recorded
        self._taken: dict[str, Delivery] = {}  # taken by this service, no outcome yet
        # per receiver (host:port, or the SMTP server): deliveries in flight, and those waiting for one
        self._running: dict[str, int] = {}
        self._waiting: dict[str, deque[tuple[Delivery, Future[None]]]] = {}
        self._lock = threading.Lock()
        self._vapid: str | None = None

    def close(self) -> None:
        """Finish the tries in flight; give back those never started (they waited for a sender or for
        their receiver), due now: they were taken for ``CLAIM_S``, and a restart sent them that late."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        with self._lock:
            self._done += [replace(d, next_at=now) for d in self._taken.values()]
            self._taken.clear()
        self.flush()
        self.client.close()
        self.own.close()

    def flush(self) -> None:
        """Record the outcomes of finished tries, in one transaction; they may then be tried again."""
        with self._lock:
            done, self._done = self._done, []
        if not done:
            return
        try:
            self.alerts.record_many(done)
        finally:
            with self._lock:
                self._busy.difference_update(d.id for d in done)

    def run_due(self, wait: bool = False) -> int:
        """Start every due delivery not already in flight; ``wait``: until they are done. How many started."""
        self.flush()
        at = dt.datetime.now(dt.UTC)
        now = at.isoformat(timespec="microseconds")
        soonest = self.alerts.next_due()
        if soonest is None or soonest > now:  # a read first: taking rows is a write
            return 0
        until = (at + dt.timedelta(seconds=CLAIM_S)).isoformat(timespec="microseconds")
        started = self.start(self.alerts.claim(now, until))
        if wait:
            futures_wait(started)
            self.flush()
        return len(started)

    def start(self, deliveries: Sequence[Delivery]) -> list[Future[None]]:
        """Send deliveries this service has taken (in the pool); those already in flight are skipped.
        At most ``PER_RECEIVER`` go to one receiver at once, the rest wait their turn: a receiver that
        hangs until the timeout holds that many senders, not all of them (it held every one, and
        every other channel's alerts waited behind it)."""
        started = []
        for delivery in deliveries:
            ticket: Future[None] = Future()
            key = self.receiver(delivery)
            with self._lock:
                if delivery.id in self._busy:
                    continue
                self._busy.add(delivery.id)
                self._taken[delivery.id] = delivery
                started.append(ticket)
                if self._running.get(key, 0) >= PER_RECEIVER:
                    self._waiting.setdefault(key, deque()).append((delivery, ticket))
                    continue
                self._running[key] = self._running.get(key, 0) + 1
            self._submit(key, delivery, ticket)
        return started

    def receiver(self, delivery: Delivery) -> str:
        """Who takes a delivery, for the limit per receiver: the host (and port) posted to, or the SMTP server."""
        if delivery.channel == "email":
            return "smtp"
        if delivery.channel == "telegram":
            return urlsplit(self.settings.telegram_api).netloc.lower()
        url = delivery.target if delivery.target.startswith(("http://", "https://")) else self.settings.ntfy_server
        return urlsplit(url).netloc.lower()

    def _submit(self, key: str, delivery: Delivery, ticket: Future[None]) -> None:
        try:
            self.pool.submit(self._run, key, delivery, ticket)
        except RuntimeError:  # closing: what is not sent stays taken, and is tried again after CLAIM_S
            with self._lock:
                left = self._waiting.pop(key, deque())
                self._running.pop(key, None)
            for _, waiting in left:
                waiting.cancel()
            ticket.cancel()

    def _run(self, key: str, delivery: Delivery, ticket: Future[None]) -> None:
        """One try, then the next delivery waiting for the same receiver; when the receiver is down (no
        connection, a timeout), those waiting are not tried now but when this one is tried again: each
        would have waited out the same timeout."""
        down = None
        try:
            down = self._attempt(delivery)
        finally:
            ticket.set_result(None)
            with self._lock:
                if down is not None:
                    why = f"not tried: {key} failed just before ({down.last_error})"
                    for waiting, waited in self._waiting.pop(key, deque()):
                        self._done.append(replace(waiting, next_at=down.next_at, last_error=why))
                        self._taken.pop(waiting.id, None)
                        waited.set_result(None)
                queue = self._waiting.get(key)
                following = queue.popleft() if queue else None
                if queue is not None and not queue:
                    del self._waiting[key]
                if following is None:
                    self._running[key] -= 1
                    if not self._running[key]:
                        del self._running[key]
            if following is not None:
                self._submit(key, *following)

    def _attempt(self, delivery: Delivery) -> Delivery | None:
        """One try, its outcome noted; the outcome when the receiver is down and it is tried again later."""
        down = None
        try:
            self.send(delivery)
            stamp = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
            outcome = replace(delivery, state="sent", attempts=delivery.attempts + 1, sent_at=stamp, last_error=None)
            self.log("alert.sent", channel=delivery.channel, delivery=delivery.id, watch=delivery.watch,
                     alerts=len(delivery.alerts))
        except SendError as exc:
            outcome = self._failed(delivery, exc)
            down = outcome if exc.down and outcome.state == "pending" else None
        except Exception as exc:  # a bug in one channel must not lose the delivery: record it, retry later
            outcome = self._failed(delivery, SendError(f"{type(exc).__name__}: {exc}"))
        with self._lock:
            self._done.append(outcome)
            self._taken.pop(delivery.id, None)
        return down

    def _failed(self, delivery: Delivery, exc: SendError) -> Delivery:
        tries = delivery.attempts + 1
        final = not exc.retry or tries >= self.settings.delivery_attempts
        if exc.gone and delivery.channel == "webpush":
            self.alerts.remove_push(delivery.watch, delivery.target)
        wait = backoff(tries) * random.uniform(0.9, 1.1)
        at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=wait)
        self.log("alert.failed" if final else "alert.retry", "error" if final else "warning", channel=delivery.channel,
                 delivery=delivery.id, watch=delivery.watch, error=exc.reason, attempts=tries)
        return replace(delivery, state="failed" if final else "pending", attempts=tries, last_error=exc.reason,
                       next_at=at.isoformat(timespec="microseconds"))

    def _reachable(self, url: str) -> None:
        """A receiver a watch names (webhook, push endpoint, ntfy URL) is connected to on the terms URLs are
        fetched on: a private, loopback or link-local address only inside ``allowed_networks``, so a watch
        cannot make the service post into its own network."""
        try:
            check_url(url, self.settings, url)
        except FetchError as exc:
            final = exc.reason.startswith(("refused", "only http", "not a valid URL", "URL has"))
            raise SendError(exc.reason, retry=not final, down=not final, input=url) from None

    def send(self, delivery: Delivery) -> None:
        """One try; raises :class:`SendError`."""
        watch = self.alerts.watch(delivery.watch)
        if watch is None:
            raise SendError("the watch was removed", retry=False)
        if delivery.channel in ("webhook", "webpush", "slack", "discord") or delivery.target.startswith(
                ("http://", "https://")):
            self._reachable(delivery.target)
        body = with_links(delivery.body, self.settings.public_url)
        if delivery.channel == "webhook":
            webhook.send(self.client, delivery.target, watch.secret, delivery.id, body)
        elif delivery.channel == "telegram":  # the operator's own Bot API server, as ntfy_server
            telegram.send(self.own, self.settings, delivery.target, body)
        elif delivery.channel in ("slack", "discord"):
            chat.send(self.client, delivery.channel, delivery.target, body)
        elif delivery.channel == "email":
            email.send(self.settings, delivery.target, delivery.id, body)
        elif delivery.channel == "ntfy":
            named = delivery.target.startswith(("http://", "https://"))  # else a topic on ntfy_server
            ntfy.send(self.client if named else self.own, delivery.target, self.settings.ntfy_server, body)
        elif delivery.channel == "webpush":
            sub = next((p for p in self.alerts.pushes(watch.id) if p.endpoint == delivery.target), None)
            if sub is None:
                raise SendError("the push subscription was removed", retry=False)
            self._vapid = self._vapid or vapid_key(self.alerts)
            webpush.send(self.client, PushSubscription(watch.id, sub.endpoint, sub.p256dh, sub.auth), self._vapid,
                         self.settings.vapid_subject, delivery.body)
        else:
            raise SendError(f"unknown channel {delivery.channel}", retry=False)
