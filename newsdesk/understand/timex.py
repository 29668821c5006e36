"""Relative date expressions ("on Tuesday", "yesterday", "last week", "March 15"), resolved
against an article's publication date.

A resolved date is never after publication: a weekday or a month-day that would fall after
``published`` is taken from the week or year before, and expressions that point forward
("tomorrow", "next week") resolve to nothing. What is announced for later ("will meet on
Tuesday": ``forward=True``) looks ahead instead: the coming weekday or month-day, "tomorrow",
"next Monday", and full dates after publication. Without a publication date only expressions that
carry their own year ("15 March 2022", "2022-03-15") resolve.

A week or a month named without a day is dated a week or a month from publication ("last week":
seven days before; "last month": the same day of the month before; "next week", announced: seven
days after), as PLOVER records carry a day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|2\d\d\d)"

# One pattern per kind of expression; the finder tries them in this order (longest forms first).
_PATTERNS: tuple[tuple[str, str], ...] = (
    ("iso", rf"\b{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"),
    # "on Friday, 13 November", "Friday November 13th": one date, the weekday only confirming it
    ("weekday_date", rf"\b(?:on\s+)?{_WEEKDAY},?\s+(?:{_MONTH}\s+{_DAY}\b|{_DAY}\s+(?:of\s+)?{_MONTH})"
                     rf"(?:,?\s+{_YEAR}\b)?"),
    ("month_day", rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?"),
    ("day_month", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?"),
    ("weekday", rf"\b(?:(?:last|this|past|on|next)\s+)?{_WEEKDAY}\b(?:'s|’s)?"),
    ("relative", r"\b(?:the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|"
                 r"(?:last|this|past|next)\s+(?:night|week|weekend|month|year|morning|afternoon|evening)|"
                 r"earlier\s+this\s+(?:week|month)|(?:a|one|two|three|four|five|six|\d+)\s+(?:days?|weeks?)\s+ago)\b"),
)
_FINDER = re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in _PATTERNS), re.IGNORECASE)
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a text: offsets into that text, end exclusive."""

    start: int
    end: int
    text: str


def find_dates(text: str) -> tuple[DateMention, ...]:
    """Every date expression in ``text`` (a sentence or a paragraph), in order."""
    return tuple(DateMention(m.start(), m.end(), m.group(0)) for m in _FINDER.finditer(text))


def resolve_date(expression: str, published: dt.date | None, forward: bool = False) -> dt.date | None:
    """The calendar date ``expression`` refers to, seen from ``published``; None when unknown.
    ``forward``: the expression dates something announced for later."""
    expr = " ".join(expression.lower().replace("’", "'").split())
    expr = re.sub(r"^(?:on|since|by|from|until)\s+", "", expr).removesuffix("'s")
    expr = re.sub(rf"^{_WEEKDAY},?\s+(?=\d|{_MONTH})", "", expr)  # the day the date names
    latest = None if forward else published  # nothing past publication, unless announced
    m = re.fullmatch(rf"({_YEAR})-(\d\d)-(\d\d)", expr)
    if m:
        return _date(int(m[1]), int(m[2]), int(m[3]), latest)
    m = re.fullmatch(rf"({_MONTH})\s+({_DAY})(?:,?\s+({_YEAR}))?", expr)
    if m:
        return _month_day(_month(m[1]), _day(m[2]), m[3], published, forward)
    m = re.fullmatch(rf"({_DAY})\s+(?:of\s+)?({_MONTH})(?:,?\s+({_YEAR}))?", expr)
    if m:
        return _month_day(_month(m[2]), _day(m[1]), m[3], published, forward)
    if published is None:
        return None
    if forward:
        ahead = _ahead(expr, published)
        if ahead is not None:
            return ahead
    return _relative(expr, published)


def _ahead(expr: str, published: dt.date) -> dt.date | None:
    """A forward-looking expression: the coming weekday, "next Monday", "tomorrow"."""
    m = re.fullmatch(rf"(?:(this|next)\s+)?({_WEEKDAY})", expr)
    if m:
        ahead = (WEEKDAYS.index(m[2]) - published.weekday()) % 7
        return published + dt.timedelta(days=ahead or (7 if m[1] == "next" else 0))
    if expr == "tomorrow":
        return published + dt.timedelta(days=1)
    if expr == "next week":
        return published + dt.timedelta(days=7)
    if expr == "next month":
        return _months_from(published, 1)
    return None


def _relative(expr: str, published: dt.date) -> dt.date | None:
    m = re.fullmatch(rf"(?:(last|this|past|next)\s+)?({_WEEKDAY})", expr)
    if m:
        if m[1] == "next":
            return None
        back = (published.weekday() - WEEKDAYS.index(m[2])) % 7
        if m[1] in ("last", "past") and back == 0:
            back = 7
        return published - dt.timedelta(days=back)
    m = re.fullmatch(r"(a|one|two|three|four|five|six|\d+)\s+(days?|weeks?)\s+ago", expr)
    if m:
        n = _NUMBERS.get(m[1]) or int(m[1])
        return published - dt.timedelta(days=n * (7 if m[2].startswith("week") else 1))
    fixed = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
             "this week": 0, "yesterday": 1, "last night": 1, "the day before yesterday": 2,
             "last week": 7, "past week": 7, "last weekend": (published.weekday() + 2) % 7 or 7}
    if expr in fixed:
        return published - dt.timedelta(days=fixed[expr])
    if expr in ("last month", "past month"):
        return _months_from(published, -1)
    return None


def _months_from(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months away, or the month's last day where it is shorter (31 March -> 28 February)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def _month(word: str) -> int:
    return _MONTH_ABBR[word.rstrip(".")[:4] if word.startswith("sept") else word.rstrip(".")[:3]]


def _day(word: str) -> int:
    return int(re.sub(r"\D", "", word))


def _date(year: int, month: int, day: int, published: dt.date | None) -> dt.date | None:
    try:
        when = dt.date(year, month, day)
    except ValueError:
        return None
    return None if published is not None and when > published else when


def _month_day(month: int, day: int, year: str | None, published: dt.date | None,
               forward: bool = False) -> dt.date | None:
    if year is not None:
        return _date(int(year), month, day, None if forward else published)
    if published is None:
        return None
    when = _date(published.year, month, day, None)
    if when is not None and not forward and when > published:
        when = _date(published.year - 1, month, day, None)
    elif when is not None and forward and when < published:
        when = _date(published.year + 1, month, day, None)
    return when


def parse_published(published: str | None) -> dt.date | None:
    """The calendar date of an article's ``published`` (ISO date or date-time); None when absent or unreadable."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None
