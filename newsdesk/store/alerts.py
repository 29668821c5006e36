"""SQL for alerts and the outbox of deliveries. Every function runs inside the caller's transaction.

An alert is written once per watch and article (a unique key), with the deliveries it causes, in
the same transaction as the developments cursor moves past it: a crash either keeps both or neither.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..alerts.records import Alert, AlertArticle, AlertStory, Delivery, Reason
from .db import Tx
from .watches import jsonb, loaded

_ALERT = "id, watch_id, record, state, due_at, created_at"
_DELIVERY = "id, watch_id, channel, target, alert_ids, body, state, attempts, next_at, created_at, last_error, sent_at"


def _alert(row: Sequence[Any]) -> Alert:
    aid, watch, record, state, due_at, created = row
    data = loaded(record)
    return Alert(str(aid), str(watch), AlertStory(**data["story"]), AlertArticle(**data["article"]),
                 Reason(**data["reason"]), data.get("development"), state, str(created), due_at)


def add_alert(tx: Tx, alert: Alert) -> bool:
    """Write an alert; False (nothing written) when the watch already alerted on this article."""
    if tx.one("SELECT 1 FROM alerts WHERE watch_id = ? AND article_id = ?", (alert.watch, alert.article.id)):
        return False
    record = json.dumps({"story": vars(alert.story), "article": vars(alert.article), "reason": vars(alert.reason),
                         "development": alert.development}, ensure_ascii=False)
    tx.run(f"INSERT INTO alerts (id, watch_id, article_id, story_id, development_pk, rule, sentence, record, state, "
           f"due_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, {jsonb(tx)}, ?, ?, ?)",
           (alert.id, alert.watch, alert.article.id, alert.story.id, alert.development, alert.reason.rule,
            alert.reason.sentence, record, alert.state, alert.due_at, alert.created_at))
    return True


def seen_sentence(tx: Tx, watch_id: str, story_id: str | None, sentence: str) -> bool:
    """Whether this watch already alerted on this sentence in this story (a copy that slipped through)."""
    return tx.one("SELECT 1 FROM alerts WHERE watch_id = ? AND story_id = ? AND sentence = ?",
                  (watch_id, story_id, sentence)) is not None


def alerts(tx: Tx, watch_id: str | None, limit: int, before: int | None = None) -> list[Alert]:
    where: list[str] = ["1 = 1"]
    params: list[object] = []
    if watch_id is not None:
        where.append("watch_id = ?")
        params.append(watch_id)
    if before is not None:
        where.append("pk < ?")
        params.append(before)
    rows = tx.all(f"SELECT {_ALERT} FROM alerts WHERE {' AND '.join(where)} ORDER BY pk DESC LIMIT ?",
                  (*params, limit))
    return [_alert(r) for r in rows]


def sent_since(tx: Tx, watch_id: str, since: str) -> list[str]:
    """When this watch's alerts that went out at once since ``since`` were made."""
    rows = tx.all("SELECT created_at FROM alerts WHERE watch_id = ? AND state = 'queued' AND created_at >= ? "
                  "ORDER BY created_at", (watch_id, since))
    return [str(r[0]) for r in rows]


def held_due(tx: Tx, now: str) -> dict[str, list[Alert]]:
    """Held alerts whose wait is over, by watch, oldest first."""
    rows = tx.all(f"SELECT {_ALERT} FROM alerts WHERE state = 'held' AND watch_id IN "
                  "(SELECT watch_id FROM alerts WHERE state = 'held' AND due_at <= ?) ORDER BY pk", (now,))
    out: dict[str, list[Alert]] = {}
    for row in rows:
        out.setdefault(str(row[1]), []).append(_alert(row))
    return out


def mark_digested(tx: Tx, alert_ids: Sequence[str]) -> None:
    tx.many("UPDATE alerts SET state = 'digested' WHERE id = ?", [(a,) for a in alert_ids])


def next_held(tx: Tx) -> str | None:
    row = tx.one("SELECT min(due_at) FROM alerts WHERE state = 'held'")
    return None if row is None or row[0] is None else str(row[0])


def _delivery(row: Sequence[Any]) -> Delivery:
    did, watch, channel, target, ids, body, state, attempts, next_at, created, error, sent = row
    return Delivery(str(did), str(watch), channel, str(target), tuple(loaded(ids)), loaded(body), state,
                    int(attempts), str(next_at), str(created), error, sent)


def add_delivery(tx: Tx, d: Delivery) -> None:
    tx.run(f"INSERT INTO outbox ({_DELIVERY}) VALUES (?, ?, ?, ?, {jsonb(tx)}, {jsonb(tx)}, ?, ?, ?, ?, ?, ?)",
           (d.id, d.watch, d.channel, d.target, json.dumps(list(d.alerts)), json.dumps(d.body, ensure_ascii=False),
            d.state, d.attempts, d.next_at, d.created_at, d.last_error, d.sent_at))


def due(tx: Tx, now: str, limit: int) -> list[Delivery]:
    rows = tx.all(f"SELECT {_DELIVERY} FROM outbox WHERE state = 'pending' AND next_at <= ? ORDER BY next_at, pk "
                  "LIMIT ?", (now, limit))
    return [_delivery(r) for r in rows]


def claim(tx: Tx, now: str, until: str, limit: int) -> list[Delivery]:
    """Take up to ``limit`` due deliveries: their next try moves to ``until``, so another service on
    the same database does not send them too (the outer conditions are checked again on PostgreSQL
    after a concurrent update, so no row is taken twice)."""
    rows = tx.all(f"UPDATE outbox SET next_at = ? WHERE state = 'pending' AND next_at <= ? AND pk IN "
                  "(SELECT pk FROM outbox WHERE state = 'pending' AND next_at <= ? ORDER BY next_at, pk LIMIT ?) "
                  f"RETURNING {_DELIVERY}", (until, now, now, limit))
    return [_delivery(r) for r in rows]


def next_due(tx: Tx) -> str | None:
    row = tx.one("SELECT min(next_at) FROM outbox WHERE state = 'pending'")
    return None if row is None or row[0] is None else str(row[0])


def record(tx: Tx, delivery_id: str, state: str, attempts: int, next_at: str, error: str | None,
           sent_at: str | None) -> None:
    tx.run("UPDATE outbox SET state = ?, attempts = ?, next_at = ?, last_error = ?, sent_at = ? WHERE id = ? "
           "AND state = 'pending'", (state, attempts, next_at, error, sent_at, delivery_id))


def deliveries(tx: Tx, watch_id: str | None, limit: int) -> list[Delivery]:
    where, params = ("WHERE watch_id = ?", (watch_id,)) if watch_id else ("", ())
    rows = tx.all(f"SELECT {_DELIVERY} FROM outbox {where} ORDER BY pk DESC LIMIT ?", (*params, limit))
    return [_delivery(r) for r in rows]


def tallies(tx: Tx) -> tuple[dict[str, dict[str, int]], list[tuple[str, str, str, str]]]:
    """Each watch's deliveries by state; and per watch and receiver the newest error of a delivery not
    sent, when no later one to that receiver went (``(watch, channel, target, error)``, newest first)."""
    counts: dict[str, dict[str, int]] = {}
    for watch, state, n in tx.all("SELECT watch_id, state, count(*) FROM outbox GROUP BY watch_id, state"):
        counts.setdefault(str(watch), {})[str(state)] = int(n)
    rows = tx.all("SELECT o.watch_id, o.channel, o.target, o.last_error FROM outbox o WHERE o.pk IN (SELECT max(pk) "
                  "FROM outbox WHERE state <> 'sent' AND last_error IS NOT NULL GROUP BY watch_id, channel, target) "
                  "AND NOT EXISTS (SELECT 1 FROM outbox s WHERE s.watch_id = o.watch_id AND s.channel = o.channel "
                  "AND s.target = o.target AND s.state = 'sent' AND s.pk > o.pk) ORDER BY o.pk DESC")
    return counts, [(str(w), str(c), str(t), str(e)) for w, c, t, e in rows]


def story_title(tx: Tx, story_id: str) -> str | None:
    row = tx.one("SELECT title FROM stories WHERE id = ?", (story_id,))
    return None if row is None else row[0]


WATCHES_CHANGED = "watches.changed"  # bumped when a watch is paused or resumed


def watch_signature(tx: Tx) -> tuple[int, str]:
    """Changes when a watch is added, removed, paused or resumed: the matcher is rebuilt then."""
    row = tx.one("SELECT count(*), coalesce(max(created_at), '') || '/' || coalesce((SELECT value FROM "
                 "newsdesk_state WHERE key = ?), '') FROM watches", (WATCHES_CHANGED,))
    return (int(row[0]), str(row[1])) if row else (0, "")


def articles_since(tx: Tx, after: int) -> int:
    """How many articles added developments after the development ``after``."""
    row = tx.one("SELECT count(DISTINCT article_id) FROM developments WHERE pk > ?", (after,))
    return int(row[0]) if row else 0


def article_record(tx: Tx, article_id: str) -> dict[str, Any] | None:
    """An article's stored JSON record as plain data (no record types built: the alerter reads many)."""
    row = tx.one("SELECT record FROM articles WHERE id = ?", (article_id,))
    if row is None:
        return None
    data: dict[str, Any] = loaded(row[0])
    return data
