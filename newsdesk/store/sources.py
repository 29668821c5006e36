"""SQL for the sources the feed monitor checks, and the log of each check."""

from __future__ import annotations

from ..errors import InputError, StoreError
from .db import Row, Tx
from .records import FetchLogEntry, FetchResult, Source

_COLUMNS = ("id, url, kind, title, added_at, etag, last_modified, error_count, next_check_at, last_error, "
            "last_fetch_at, paused_until")


def _source(row: Row) -> Source:
    return Source(int(row[0]), row[1], row[2], row[3], row[4], row[5], row[6], int(row[7]), row[8], row[9], row[10],
                  row[11])


def get(tx: Tx, key: int | str) -> Source | None:
    """A source by its id or its URL."""
    column = "id" if isinstance(key, int) else "url"
    row = tx.one(f"SELECT {_COLUMNS} FROM sources WHERE {column} = ?", (key,))
    return None if row is None else _source(row)


MAX_URL = 2000  # PostgreSQL's unique index refuses a key past ~2,700 bytes; no feed address is that long


def _checked(url: str) -> str:
    url = url.strip()
    if len(url.encode("utf-8", "replace")) > MAX_URL:
        raise InputError(f"a source address of {len(url)} characters (at most {MAX_URL})", input=url[:80] + "…")
    return url


def add(tx: Tx, url: str, kind: str, title: str | None, now: str) -> Source:
    """Add a source, due for a check now; adding a URL already there returns the one there."""
    url = _checked(url)
    if not url or not kind:
        raise StoreError("a source needs a URL and a kind", input=url or None)
    tx.run("INSERT INTO sources (url, kind, title, added_at, next_check_at) VALUES (?, ?, ?, ?, ?) "
           "ON CONFLICT (url) DO NOTHING", (url, kind, title, now, now))
    source = get(tx, url)
    assert source is not None
    return source


def listed(tx: Tx, due_at: str | None = None) -> list[Source]:
    """Every source, or those due for a check at ``due_at``; the most overdue first."""
    where, params = ("WHERE next_check_at IS NULL OR next_check_at <= ?", (due_at,)) if due_at else ("", ())
    rows = tx.all(f"SELECT {_COLUMNS} FROM sources {where} ORDER BY next_check_at, id", params)
    return [_source(r) for r in rows]


def move(tx: Tx, source_id: int, url: str) -> Source | None:
    """Give a source its new address (a feed moved for good); None when another source has that
    address already (then both stay as they are) or the source is gone."""
    url = _checked(url)
    if get(tx, url) is not None or get(tx, source_id) is None:
        return None
    tx.run("UPDATE sources SET url = ? WHERE id = ?", (url, source_id))
    return get(tx, source_id)


def remove(tx: Tx, key: int | str) -> bool:
    """Remove a source and its fetch log; False when there was none."""
    source = get(tx, key)
    if source is None:
        return False
    tx.run("DELETE FROM sources WHERE id = ?", (source.id,))
    return True


def record_fetch(tx: Tx, source_id: int, result: FetchResult, now: str) -> Source:
    """Note one check of a source: its new validators or its error, its next check, a log row."""
    if get(tx, source_id) is None:
        raise StoreError(f"no source with id {source_id}")
    if result.paused:  # no failure: its count, last error and validators stay
        asked = result.status is not None  # a check sent (the 429 itself), not one held back by the pause
        tx.run("UPDATE sources SET paused_until = ?, next_check_at = ?, last_fetch_at = coalesce(?, last_fetch_at) "
               "WHERE id = ?", (result.paused_until, result.next_check_at, now if asked else None, source_id))
        if not asked:
            return _got(tx, source_id)
    elif result.error is not None:
        tx.run("UPDATE sources SET error_count = error_count + 1, last_error = ?, last_fetch_at = ?, "
               "next_check_at = ?, paused_until = ? WHERE id = ?",
               (result.error, now, result.next_check_at, result.paused_until, source_id))
    else:
        tx.run("UPDATE sources SET etag = coalesce(?, etag), last_modified = coalesce(?, last_modified), "
               "title = coalesce(title, ?), error_count = 0, last_error = NULL, last_fetch_at = ?, "
               "next_check_at = ?, paused_until = ? WHERE id = ?",
               (result.etag, result.last_modified, result.title, now, result.next_check_at, result.paused_until,
                source_id))
    tx.run("INSERT INTO fetch_log (source_id, fetched_at, status, error, articles) VALUES (?, ?, ?, ?, ?)",
           (source_id, now, result.status, result.error, result.articles))
    return _got(tx, source_id)


def pause(tx: Tx, source_id: int, until: str) -> None:
    """Hold a source until ``until`` (its site asked for a pause): checked no sooner, shown paused."""
    tx.run("UPDATE sources SET paused_until = ?, next_check_at = CASE WHEN next_check_at IS NULL OR next_check_at < ? "
           "THEN ? ELSE next_check_at END WHERE id = ? AND (paused_until IS NULL OR paused_until < ?)",
           (until, until, until, source_id, until))


def _got(tx: Tx, source_id: int) -> Source:
    source = get(tx, source_id)
    assert source is not None
    return source


def fetch_log(tx: Tx, source_id: int, limit: int = 50) -> list[FetchLogEntry]:
    """The latest checks of a source, newest first."""
    rows = tx.all("SELECT source_id, fetched_at, status, error, articles FROM fetch_log WHERE source_id = ? "
                  "ORDER BY fetched_at DESC, pk DESC LIMIT ?", (source_id, limit))
    return [FetchLogEntry(int(r[0]), r[1], r[2], r[3], int(r[4])) for r in rows]
