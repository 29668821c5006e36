"""Flood control: whether a new alert goes out now or waits (for a digest, the end of quiet hours,
or room under the hourly limit), and until when."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
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
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Europe" (a folder of tzdata), a name too long
        raise InputError(f"--timezone: unknown time zone {name!r} (e.g. Europe/Kyiv, UTC)") from None


def usable(options: Options) -> Options:
    """``options`` less what :func:`check` refuses: a watch stored before its options were checked
    ("10pm-7am") loses the flood control it cannot apply, and its alerts go out, rather than stop
    the service at each of them."""
    try:
        _zone(options.timezone)
        zone = options.timezone
    except InputError:
        zone = "UTC"
    return replace(options, timezone=zone,
                   digest=options.digest if options.digest in DIGESTS else None,
                   max_per_hour=options.max_per_hour if (options.max_per_hour or 0) >= 1 else None,
                   quiet=options.quiet if options.quiet is not None and _QUIET.fullmatch(options.quiet) else None)


def quiet_until(options: Options, at: dt.datetime) -> dt.datetime | None:
    """The end of the quiet hours ``at`` falls in (UTC), or None when it is not in them."""
    options = usable(options)
    m = _QUIET.fullmatch(options.quiet) if options.quiet is not None else None
    if m is None:
        return None
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
    options = usable(options)
    due: dt.datetime | None = None
    if options.digest is not None:
        due = _digest_due(options, at)
    elif options.max_per_hour is not None and len(recent) >= options.max_per_hour:
        oldest = dt.datetime.fromisoformat(sorted(recent)[-options.max_per_hour])
        due = max(oldest + dt.timedelta(hours=1), at)
    quiet = quiet_until(options, due or at)
    return quiet or due
