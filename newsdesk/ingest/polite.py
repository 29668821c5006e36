"""Politeness towards the sites newsdesk monitors: per-host pacing and concurrency, robots.txt.

:class:`HostGate` lets at most ``host_concurrency`` requests to one host run at once, and starts
them at least ``host_delay`` seconds apart (longer when the host's robots.txt asks for a
``Crawl-delay``). :class:`RobotsCache` keeps each origin's rules for a day (RFC 9309): a missing
robots.txt (4xx) allows everything; one that cannot be fetched (5xx, network error) disallows
everything for a while, as the RFC asks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from ..errors import FetchError, HTTPStatusError

ROBOTS_TTL = 86_400.0  # seconds a fetched robots.txt is trusted
UNREACHABLE_TTL = 600.0  # seconds an unreachable robots.txt blocks its site before we try again
MAX_CRAWL_DELAY = 60.0  # a robots.txt cannot make us wait longer than this between requests


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL, lower case."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower().rpartition('@')[2]}"


class HostGate:
    """Per-host pacing and concurrency, and the pauses hosts ask for (Retry-After); thread-safe."""

    def __init__(self, delay: float, concurrency: int, max_pause: float = 86_400.0) -> None:
        self._delay = delay
        self._concurrency = concurrency
        self._max_pause = max_pause
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next: dict[str, float] = {}
        self._delays: dict[str, float] = {}
        self._paused: dict[str, float] = {}  # host: monotonic time until which it asked to be left alone

    def pause(self, url: str, seconds: float) -> None:
        """The host answered 429 with a Retry-After: no request to it before then (at most ``max_pause``)."""
        host = origin(url)
        with self._lock:
            until = time.monotonic() + min(max(seconds, 0.0), self._max_pause)
            self._paused[host] = max(until, self._paused.get(host, 0.0))

    def paused(self, url: str) -> float:
        """Seconds the URL's host asked to be left alone for yet (0: none)."""
        host = origin(url)
        with self._lock:
            left = self._paused.get(host, 0.0) - time.monotonic()
            if left <= 0:
                self._paused.pop(host, None)
            return max(left, 0.0)

    def set_delay(self, host: str, delay: float) -> None:
        """A longer delay for one host (its robots.txt ``Crawl-delay``)."""
        with self._lock:
            self._delays[host] = min(max(delay, self._delay), MAX_CRAWL_DELAY)

    @contextmanager
    def slot(self, url: str) -> Iterator[float]:
        """Hold one of the host's request slots, started no sooner than its pacing allows; gives the
        seconds it waited for that (no part of the request's own time)."""
        host = origin(url)
        entered = time.monotonic()
        with self._lock:
            slot = self._slots.setdefault(host, threading.BoundedSemaphore(self._concurrency))
        with slot:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next.get(host, now))
                self._next[host] = start + self._delays.get(host, self._delay)
            if start > now:
                time.sleep(start - now)
            yield time.monotonic() - entered


@dataclass(frozen=True)
class _Rules:
    parser: RobotFileParser | None  # None: everything allowed
    blocked: bool  # robots.txt unreachable: nothing allowed
    expires: float


class RobotsCache:
    """robots.txt rules per origin. ``fetch(url)`` returns the robots.txt body, or raises FetchError."""

    def __init__(self, fetch: Callable[[str], bytes], user_agent: str, gate: HostGate | None = None) -> None:
        self._fetch = fetch
        self._agent = user_agent
        self._gate = gate
        self._lock = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._rules: dict[str, _Rules] = {}

    def check(self, url: str) -> None:
        """Raise FetchError when robots.txt disallows ``url`` for our user agent."""
        rules = self._rules_for(origin(url))
        if rules.blocked:
            raise FetchError("robots.txt cannot be fetched: the site is left alone for now", input=url)
        if rules.parser is not None and not rules.parser.can_fetch(self._agent, url):
            raise FetchError("disallowed by robots.txt", input=url)

    def _rules_for(self, site: str) -> _Rules:
        with self._lock:
            lock = self._locks.setdefault(site, threading.Lock())
        with lock:  # one fetch of robots.txt per site, whatever the number of threads
            rules = self._rules.get(site)
            if rules is None or rules.expires < time.monotonic():
                rules = self._load(site)
                self._rules[site] = rules
            return rules

    def _load(self, site: str) -> _Rules:
        now = time.monotonic()
        try:
            body = self._fetch(site + "/robots.txt")
        except HTTPStatusError as exc:
            if 400 <= exc.status < 500:
                return _Rules(None, False, now + ROBOTS_TTL)
            return _Rules(None, True, now + UNREACHABLE_TTL)
        except FetchError:
            return _Rules(None, True, now + UNREACHABLE_TTL)
        parser = RobotFileParser()
        parser.parse(body.decode("utf-8", errors="replace").splitlines())
        parser.modified()  # can_fetch answers False until the parser believes it has read something
        delay = parser.crawl_delay(self._agent)
        if delay is not None and self._gate is not None:
            self._gate.set_delay(site, float(delay))
        return _Rules(parser, False, now + ROBOTS_TTL)
