"""The alert service: watch the store for new developments, match, deliver; until stopped.

New developments are noticed within ``alert_poll_interval`` (SQLite: one indexed ``max(pk)``
query per look, cheap enough for 10 looks a second; PostgreSQL: ``LISTEN newsdesk_developments``,
with a look every second as well in case a notification is missed).
"""

from __future__ import annotations

import functools
import threading
import time
from typing import Any

from ..errors import NewsdeskError
from ..monitor.log import Log
from ..settings import Settings
from ..store import Store
from ..store.postgres import Listener, PostgresDatabase
from .deliver import CLAIM_S, Deliverer, vapid_key
from .engine import Alerter, StepReport
from .match import CountryOf, Geocode
from .store import AlertStore

RELEASE_EVERY_S = 1.0
ERROR_REPEAT_S = 60.0  # a database error that goes on is logged again this often


def lazy_geocode() -> Geocode:
    """Place names to coordinates, the gazetteer loaded on first use (only ``place:X~Nkm`` needs it)."""
    found: dict[str, Any] = {}

    def geocode(name: str) -> tuple[float, float] | None:
        if "gazetteer" not in found:
            from ..understand.places import load_gazetteer

            found["gazetteer"] = load_gazetteer()
        place = found["gazetteer"].geocode(name)
        return None if place is None else (place.lat, place.lon)

    return geocode


def lazy_country_of(preload: bool = False) -> CountryOf:
    """A country's name to its ISO code (``place:Sudan`` meets El Fasher), the gazetteer loaded on first
    use; ``preload``: loaded now, in the background (a service's first alert waited seconds for it)."""
    lock = threading.Lock()

    def gazetteer() -> Any:
        from ..understand.places import load_gazetteer

        with lock:  # one load, however many ask during it
            return load_gazetteer()

    if preload:
        threading.Thread(target=gazetteer, name="newsdesk-gazetteer", daemon=True).start()

    @functools.lru_cache(maxsize=4096)
    def country_of(name: str) -> str | None:
        found = gazetteer()
        return found.country_of(name) if found.kind_of(name) == "country" else None

    return country_of


def _listener(store: Store) -> Listener | None:
    """On PostgreSQL, a wait that returns early on NOTIFY newsdesk_developments."""
    db = store._db
    return db.listener("newsdesk_developments") if isinstance(db, PostgresDatabase) else None


class AlertService:
    def __init__(self, store: Store, settings: Settings, *, log: Log | None = None,
                 geocode: Geocode | None = None, country_of: CountryOf | None = None) -> None:
        self.store = store
        self.settings = settings
        self.log = log or Log(None)
        self.alerts = AlertStore(store)
        self.alerter = Alerter(store, self.alerts, geocode=geocode or lazy_geocode(),
                               country_of=country_of or lazy_country_of(preload=True))
        self.deliverer = Deliverer(self.alerts, settings, log=self.log)

    def close(self) -> None:
        self.deliverer.close()

    def run_once(self) -> int:
        """Match everything new, release what is due, send what is due (and wait); alerts made."""
        made = 0
        while (report := self.alerter.step()).developments:
            made += report.alerts
            if report.alerts:  # as the service logs it (run --once said nothing of what it matched)
                self._matched(report)
        if self.alerter.release():
            self.log("alert.digest")
        self.deliverer.run_due(wait=True)
        return made

    def _matched(self, report: StepReport) -> None:
        self.log("alert.matched", developments=report.developments, articles=report.articles,
                 alerts=report.alerts, deliveries=report.deliveries)

    def run(self, stop: threading.Event) -> None:
        self.alerts.cursor()  # the first run starts from now: history is not alerted
        vapid_key(self.alerts)  # Web Push keys exist from the first run on (pages subscribe with the public one)
        listen = _listener(self.store)
        poll = self.settings.alert_poll_interval
        last, released = -1, 0.0
        failing: tuple[str, float, float] | None = None  # an outage: its error, since, last logged
        try:
            while not stop.is_set():
                try:
                    last, released = self._tick(last, released)
                    if failing is not None:
                        self.log("alert.recovered", seconds=round(time.monotonic() - failing[1], 1))
                        failing = None
                    if listen is not None:
                        listen.wait(1.0)
                    else:
                        stop.wait(poll)
                except NewsdeskError as exc:  # the database went away for a moment: log, go on
                    at, error = time.monotonic(), str(exc)
                    # once per outage, and again each minute or when the error changes: retrying every
                    # second, an outage of an hour was 3,600 identical lines
                    if failing is None or failing[0] != error or at - failing[2] >= ERROR_REPEAT_S:
                        self.log("alert.error", "error", error=error)
                        failing = (error, failing[1] if failing else at, at)
                    stop.wait(1.0)  # then a look for what came meanwhile: a lost LISTEN missed it
        finally:
            if listen is not None:
                listen.close()

    def _tick(self, last: int, released: float) -> tuple[int, float]:
        """One look: match what is new, release what waited, send what is due."""
        latest = self.store.latest_development()
        if latest != last:
            while (report := self.alerter.step(take_s=CLAIM_S)).developments:
                if report.alerts:
                    self.deliverer.start(report.taken)  # straight to the senders: no second look
                    self._matched(report)
            last = latest
        if time.monotonic() - released >= RELEASE_EVERY_S:
            if self.alerter.release():
                self.log("alert.digest")
            released = time.monotonic()
        self.deliverer.run_due()
        return last, released
