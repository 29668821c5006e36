"""Publication dates: accept ISO dates and datetimes, give them back in ISO form."""

from __future__ import annotations

import datetime as dt

from ..errors import InputError


def normalise_date(value: str, name: str) -> str:
    """'2022-03-29' stays a date; a datetime keeps its time and offset, in ISO 8601."""
    text = value.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat()
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        raise InputError(f"not an ISO date: {value!r} (use YYYY-MM-DD or an ISO datetime)", input=name) from None
