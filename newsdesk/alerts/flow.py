"""Flood control: whether a new alert goes out now or waits (for a digest, the end of quiet hours,
or room under the hourly limit), and until when."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import InputError
from .records import Options

DIGESTS = ("hourly", "daily")
DAILY_AT = dt.time(8, 0)  # when a daily digest goes out, in the watch's time zone
_QUIET = re.compile(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)")


def check(options: Options) -> Options:
    """``options`` if they make sense; else an :class:`InputError` naming the bad one."""
    if options.digest is not None and options.digest not in DIGESTS:
        raise InputError(f"--digest wants one of {', '.join(DIGESTS)}, got {options.digest!r}")
    if options.max_per_hour is not None and options.max_per_hour < 1:
        raise InputError("--max-per-hour wants a number of alerts above 0")
    if options.quiet is not None and not _QUIET.fullmatch(options.quiet):
        raise InputError(f"--quiet wants hours like 22:00-07:00, got {options.quiet!r}")
    _zone(options.timezone)
    return options


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"--timezone: unknown time zone {name!r} (e.g. Europe/Kyiv, UTC)") from None


def quiet_until(options: Options, at: dt.datetime) -> dt.datetime | None:
    """The end of the quiet hours ``at`` falls in (UTC), or None when it is not in them."""
    if options.quiet is None:
        return None
    m = _QUIET.fullmatch(options.quiet)
    assert m is not None
    local = at.astimezone(_zone(options.timezone))
    start, end = dt.time(int(m[1]), int(m[2])), dt.time(int(m[3]), int(m[4]))
    now = local.time()
    inside = (start <= now < end) if start <= end else (now >= start or now < end)
    if not inside:
        return None
    day = local.date() if now < end else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, end, local.tzinfo).astimezone(dt.UTC)


def _digest_due(options: Options, at: dt.datetime) -> dt.datetime:
    if options.digest == "hourly":
        return at.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    local = at.astimezone(_zone(options.timezone))
    when = dt.datetime.combine(local.date(), DAILY_AT, local.tzinfo)
    return (when if when > local else when + dt.timedelta(days=1)).astimezone(dt.UTC)


def plan(options: Options, at: dt.datetime, recent: Sequence[str]) -> dt.datetime | None:
    """When an alert made ``at`` may go out: None for now, else the time it waits for.

    ``recent``: when this watch's alerts that went out at once in the last hour were made.
    """
    due: dt.datetime | None = None
    if options.digest is not None:
        due = _digest_due(options, at)
    elif options.max_per_hour is not None and len(recent) >= options.max_per_hour:
        oldest = dt.datetime.fromisoformat(sorted(recent)[-options.max_per_hour])
        due = max(oldest + dt.timedelta(hours=1), at)
    quiet = quiet_until(options, due or at)
    return quiet or due
