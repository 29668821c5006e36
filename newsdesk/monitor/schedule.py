"""When to check a source next: its interval after a good check, exponential backoff after failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ..settings import Settings


def utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """The store's time format (ISO-8601 UTC with microseconds: text order is time order)."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def next_check(now: datetime, settings: Settings, failures: int = 0, retry_after: float | None = None) -> str:
    """``check_interval`` after a good check; after ``failures`` failures in a row, the interval
    doubled ``failures - 1`` times, at most ``max_backoff``, and never sooner than the server's
    Retry-After (itself capped by ``max_backoff``)."""
    if failures <= 0:
        delay = settings.check_interval
    else:
        delay = min(settings.max_backoff, settings.check_interval * 2 ** min(failures - 1, 30))
    if retry_after is not None:
        delay = max(delay, min(retry_after, settings.max_backoff))
    return stamp(now + timedelta(seconds=delay))


def seconds_until(when: str | None, now: datetime) -> float:
    """Seconds from ``now`` to a stored time (0 when it is past or unknown)."""
    if not when:
        return 0.0
    try:
        return max(0.0, (datetime.fromisoformat(when) - now).total_seconds())
    except ValueError:
        return 0.0
