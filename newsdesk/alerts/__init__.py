"""Alerts: watch rules matched against new stories and developments, delivered through a durable outbox.

- :mod:`.match` — rules (the query language of :mod:`newsdesk.store.query`) against an article's new
  developments, with the reason sentence; :class:`~.match.Matcher` indexes many rules.
- :mod:`.engine` — :class:`~.engine.Alerter`: developments after a cursor → alerts + outbox rows,
  exactly once; held alerts (limits, digests, quiet hours: :mod:`.flow`) released as digests.
- :mod:`.deliver` — :class:`~.deliver.Deliverer`: the outbox worker (retries with backoff);
  :mod:`.channels` — webhook, email, ntfy, Web Push; :mod:`.atom` — the per-watch feed.
- :mod:`.service` — :class:`~.service.AlertService`, the loop inside ``newsdesk run``.
- :mod:`.store` — :class:`~.store.AlertStore` (watches, alerts, outbox, state); :mod:`.access` — accounts, tokens.

Kept free of imports here so that using one part does not load the others. See ``docs/alerts.md``.
"""
