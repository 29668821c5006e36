"""The alerter: new developments → matching watches → alerts and outbox rows, exactly once.

Each :meth:`Alerter.step` reads the developments after the stored cursor, groups them by article
(one alert per watch and article at most), matches the watches, and writes the alerts, their
deliveries and the new cursor in one transaction. :meth:`Alerter.release` turns held alerts whose
wait is over (digest, quiet hours, hourly limit) into one digest delivery per channel.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..statements import is_statement
from ..store import Store
from ..store.query import parse
from ..stories import Development
from .compose import deliveries
from .flow import plan, quiet_until
from .match import CountryOf, Geocode, Matcher, NewDevelopment, Rule, Subject
from .records import Alert, AlertArticle, AlertStory, Delivery, Reason, Watch
from .store import AlertStore

BATCH = 500
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class StepReport:
    developments: int = 0
    articles: int = 0
    alerts: int = 0
    deliveries: int = 0
    taken: tuple[Delivery, ...] = ()  # deliveries the caller took to send itself


class Alerter:
    def __init__(self, store: Store, alerts: AlertStore | None = None, *, geocode: Geocode | None = None,
                 country_of: CountryOf | None = None, clock: Clock = utc_now) -> None:
        self.store = store
        self.alerts = alerts or AlertStore(store)
        self.geocode = geocode
        self.country_of = country_of
        self.clock = clock
        self._signature: tuple[int, str] | None = None
        self._watches: dict[str, Watch] = {}
        self._matcher = Matcher(())
        self._batch: dict[str, list[str]] = {}

    def matcher(self) -> Matcher:
        """The matcher over the active watches (rebuilt when one is added, removed, paused or resumed)."""
        signature = self.alerts.watch_signature()
        if signature != self._signature:
            self._watches = {w.id: w for w in self.alerts.watches() if not w.options.paused}
            # known_events=False: a rule stored before event: types were checked still loads (and matches nothing)
            rules = (Rule(w.id, parse(w.query, known_events=False)) for w in self._watches.values())
            self._matcher = Matcher(rules, self.geocode, self.country_of)
            self._signature = signature
        return self._matcher

    def step(self, take_s: float | None = None) -> StepReport:
        """Match the developments after the cursor (a batch); commit alerts, deliveries and cursor.

        ``take_s``: the caller sends the new deliveries itself (``StepReport.taken``); they are
        written already taken for that many seconds (see ``deliver.py``), saving a transaction."""
        cursor = self.alerts.cursor()
        found = self.store.developments_after(cursor, BATCH, retold=False)  # an editor's correction is no news
        if not found:
            return StepReport()
        by_article: dict[str, list[Development]] = {}
        for dev in found:
            by_article.setdefault(dev.article_id, []).append(dev)
        matcher = self.matcher()
        self._batch = {}  # alerts sent at once in this batch, by watch (not yet committed)
        new_alerts: list[Alert] = []
        outbox: list[Delivery] = []
        for article_id, devs in by_article.items():
            made = self._article(matcher, article_id, devs)
            new_alerts += [a for a, _ in made]
            outbox += [d for _, ds in made for d in ds]
        if take_s is not None:
            until = (self.clock() + dt.timedelta(seconds=take_s)).isoformat(timespec="microseconds")
            outbox = [replace(d, next_at=until) for d in outbox]
        written = self.alerts.commit_matches(found[-1].pk or cursor, new_alerts, outbox)
        kept = {a.id for a in written}
        sent = tuple(d for d in outbox if set(d.alerts) <= kept)
        return StepReport(len(found), len(by_article), len(written), len(sent), sent if take_s is not None else ())

    def _article(self, matcher: Matcher, article_id: str, devs: list[Development]) -> list[tuple[Alert,
                                                                                                   list[Delivery]]]:
        if not matcher.rules:
            return []
        record = self.alerts.article_record(article_id)
        if record is None:
            return []
        article = Subject.from_record(record)
        # a stance ('blocked a vote') stays a development, but nobody 'said:' it, as in search and the lists
        news = [NewDevelopment(d.pk or 0, d.kind, d.sentence, d.start, d.end,
                               str((d.payload.get("speaker") or {}).get("name") or "") or None
                               if d.kind != "quote" or is_statement(d.payload) else None) for d in devs]
        hits = matcher.match(article, news)
        out: list[tuple[Alert, list[Delivery]]] = []
        story_id = devs[0].story_id
        kinds = {n.pk: n.kind for n in news}  # what each development added: the story, a quote, an event
        title = self.alerts.story_title(story_id) if hits else None
        for hit in hits:
            watch = self._watches[hit.watch_id]
            if hit.development_pk <= watch.options.after:
                later = [n for n in news if n.pk > watch.options.after]
                sub = Matcher([matcher.rules[watch.id]], self.geocode, self.country_of).match(article, later) \
                    if later else []
                if not sub:
                    continue
                hit = sub[0]
            at = self.clock()
            stamp = at.isoformat(timespec="microseconds")
            recent = self.alerts.recent_sends(watch.id, (at - dt.timedelta(hours=1)).isoformat()) \
                if watch.options.max_per_hour else []
            due = plan(watch.options, at, recent + self._batch.get(watch.id, []))
            if due is None:
                self._batch.setdefault(watch.id, []).append(stamp)
            alert = Alert("a" + secrets.token_hex(8), watch.id, AlertStory(story_id, title),
                          AlertArticle(article.id, article.title, article.url, article.source, article.published),
                          Reason(watch.query, hit.sentence, kinds.get(hit.development_pk)), hit.development_pk,
                          "queued" if due is None else "held", stamp,
                          None if due is None else due.isoformat(timespec="microseconds"))
            pushes = [p.endpoint for p in self.alerts.pushes(watch.id)] \
                if any(c.type == "webpush" for c in watch.channels) else []
            out.append((alert, deliveries(watch, [alert], pushes, stamp) if due is None else []))
        return out

    def release(self) -> int:
        """Send held alerts whose wait is over, one digest per watch and channel; how many digests."""
        at = self.clock()
        stamp = at.isoformat(timespec="microseconds")
        made = 0
        for watch_id, held in self.alerts.held_due(stamp).items():
            watch = self.alerts.watch(watch_id)
            if watch is None or watch.options.paused:
                continue  # a paused watch sends nothing ("to stop these emails"): its digest waits for the resume
            if quiet_until(watch.options, at) is not None:
                continue  # still quiet
            pushes = [p.endpoint for p in self.alerts.pushes(watch.id)]
            self.alerts.commit_digest([a.id for a in held], deliveries(watch, held, pushes, stamp))
            made += 1
        return made
