"""SQL for the links the monitor found: which are new (or changed) and what became of each."""

from __future__ import annotations

from collections.abc import Sequence

from .db import Tx
from .records import LinkNote

_CHUNK = 500  # URLs per IN (...) list


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
            if row is None or (stamp is not None and stamp != row[0]) or 0 < row[1] < max_attempts:
                out.append(url)
    return out


def done(tx: Tx, note: LinkNote, article_id: str, now: str) -> None:
    tx.run("INSERT INTO links (url, source_id, first_seen, stamp, article_id, attempts, done_at) "
           "VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT (url) DO UPDATE SET stamp = excluded.stamp, "
           "article_id = excluded.article_id, attempts = 0, last_error = NULL, done_at = excluded.done_at",
           (note.url, note.source_id, now, note.stamp, article_id, now))


def failed(tx: Tx, note: LinkNote, error: str, now: str) -> None:
    """Count a failure; a changed stamp starts the count again."""
    tx.run("INSERT INTO links (url, source_id, first_seen, stamp, attempts, last_error) VALUES (?, ?, ?, ?, 1, ?) "
           "ON CONFLICT (url) DO UPDATE SET attempts = CASE WHEN coalesce(links.stamp, '') = "
           "coalesce(excluded.stamp, '') THEN links.attempts + 1 ELSE 1 END, stamp = excluded.stamp, "
           "last_error = excluded.last_error",
           (note.url, note.source_id, now, note.stamp, error))
