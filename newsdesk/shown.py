"""How a stored time is shown to people, on every page and in the terminal: one rule (docs/web.md).

Stored times keep what they were given: an article's ``published`` as its outlet wrote it, with the
outlet's offset (the JSON gives it so), the monitor's and the stories' own times in UTC. Shown to
people, a time with an offset is that instant in UTC, saying so (``2022-03-30 03:30 UTC``): a search
gave the outlet's own date (``2022-03-29``) where the story page said ``2022-03-30 03:30 UTC`` for the
same article, and reports from Kyiv and London read out of order side by side. A bare date (no time of
day) stays that date; a time without an offset is shown as written, without "UTC" (its zone is unknown).
"""

from __future__ import annotations

import datetime as dt


def _parsed(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def shown_time(value: str | None, *, seconds: bool = False) -> str:
    """``2022-03-30 03:30 UTC`` for a time with an offset; a date as it is; "" for none."""
    if not value:
        return ""
    text = value.strip()
    moment = _parsed(text)
    if moment is None:  # not ISO: as stored, without its "T"
        return text[:19 if seconds else 16].replace("T", " ")
    if len(text) <= 10:  # a date alone: no time of day to move to UTC
        return moment.date().isoformat()
    pattern = "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    if moment.tzinfo is None:
        return moment.strftime(pattern)
    return moment.astimezone(dt.UTC).strftime(pattern) + " UTC"


def shown_day(value: str | None) -> str:
    """The day of :func:`shown_time` (the UTC day of a time with an offset), for a column of dates."""
    return shown_time(value)[:10]


def as_published(value: str | None) -> str | None:
    """The outlet's own clock, when it is not UTC: ``2022-03-29 23:30 -04:00`` (for the article page and
    a time's tooltip beside :func:`shown_time`); None for a date, a time in UTC or without an offset."""
    moment = _parsed(value) if value and len(value.strip()) > 10 else None
    if moment is None or moment.tzinfo is None or not moment.utcoffset():
        return None
    offset = moment.strftime("%z")
    return f"{moment.strftime('%Y-%m-%d %H:%M')} {offset[:3]}:{offset[3:5]}"
