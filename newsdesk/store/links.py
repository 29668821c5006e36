"""SQL for the links the monitor found: which are new (or changed) and what became of each."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from .db import Tx
from .records import LinkNote

_CHUNK = 500  # URLs per IN (...) list
# a stamp further ahead than this is a site's mistake (a year typed wrong, a local time called UTC), not an order:
# kept as the latest, it would hide every real change dated before it
_AHEAD = timedelta(days=1)


def _moment(stamp: str | None) -> datetime | None:
    """A stamp that is a date (a feed entry's RFC 822 or ISO 8601 date, a sitemap's ``lastmod``) as a
    moment; None for any other (a file's size and time) and for one more than a day ahead (see ``_AHEAD``)."""
    text = (stamp or "").strip()
    try:
        if text[:4].isdigit() and text[4:5] == "-":
            moment = datetime.fromisoformat(text)
        elif text:
            moment = parsedate_to_datetime(text)
        else:
            return None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment if moment <= datetime.now(UTC) + _AHEAD else None


def changed(new: str | None, old: str | None) -> bool:
    """Whether a link's stamp says it changed since ``old``. Two dates: only a later one does. The same
    story listed by two sources (an RSS and an Atom feed, a feed and a sitemap) comes with two stamps,
    ``Tue, 01 Dec 2026 10:00:00 GMT`` and ``2026-12-01T10:05:00Z``: each source's check took the other's
    for a change, and the article was fetched again at every check of either, for as long as both listed it."""
    if new is None or new == old:
        return False
    later, earlier = _moment(new), _moment(old)
    return later > earlier if later is not None and earlier is not None else True


def pending(tx: Tx, links: Sequence[tuple[str, str | None]], max_attempts: int) -> list[str]:
    """The URLs among ``(url, stamp)`` to fetch, in the order given: new ones, those whose stamp
    changed since, and those that failed fewer than ``max_attempts`` times in a row."""
    out: list[str] = []
    for start in range(0, len(links), _CHUNK):
        chunk = links[start:start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = tx.all(f"SELECT url, stamp, attempts FROM links WHERE url IN ({marks})", [u for u, _ in chunk])
        known = {str(r[0]): (r[1], int(r[2])) for r in rows}
        for url, stamp in chunk:
            row = known.get(url)
            if row is None or changed(stamp, row[0]) or 0 < row[1] < max_attempts:
                out.append(url)
    return out


def done(tx: Tx, note: LinkNote, article_id: str, now: str) -> None:
    """Note the link's article; the stamp kept is the latest one seen (see :func:`changed`)."""
    row = tx.one("SELECT stamp FROM links WHERE url = ?", (note.url,))
    stamp = note.stamp if row is None or changed(note.stamp, row[0]) else row[0]
    tx.run("INSERT INTO links (url, source_id, first_seen, stamp, article_id, attempts, done_at) "
           "VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT (url) DO UPDATE SET stamp = excluded.stamp, "
           "article_id = excluded.article_id, attempts = 0, last_error = NULL, done_at = excluded.done_at",
           (note.url, note.source_id, now, stamp, article_id, now))


def failed(tx: Tx, note: LinkNote, error: str, now: str) -> None:
    """Count a failure; a changed stamp (:func:`changed`) starts the count again, an earlier one or none
    does not: two sources listing the link with two stamps kept a failing link tried at every check."""
    row = tx.one("SELECT stamp FROM links WHERE url = ?", (note.url,))
    fresh = row is None or changed(note.stamp, row[0])
    stamp = note.stamp if fresh else row[0] if row is not None else None
    tx.run("INSERT INTO links (url, source_id, first_seen, stamp, attempts, last_error) VALUES (?, ?, ?, ?, 1, ?) "
           f"ON CONFLICT (url) DO UPDATE SET attempts = {'1' if fresh else 'links.attempts + 1'}, "
           "stamp = excluded.stamp, last_error = excluded.last_error",
           (note.url, note.source_id, now, stamp, error))
