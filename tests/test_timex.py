"""Relative dates resolved against the publication date, never after it."""

from __future__ import annotations

import datetime as dt

import pytest

from newsdesk.understand.timex import find_dates, resolve_date

TUESDAY = dt.date(2022, 3, 29)  # the reference article's publication date, a Tuesday


@pytest.mark.parametrize(("expression", "expected"), [
    ("Tuesday", "2022-03-29"),
    ("on Tuesday", "2022-03-29"),
    ("Tuesday's", "2022-03-29"),
    ("on Monday", "2022-03-28"),
    ("Sunday", "2022-03-27"),
    ("Wednesday", "2022-03-23"),
    ("last Tuesday", "2022-03-22"),
    ("yesterday", "2022-03-28"),
    ("today", "2022-03-29"),
    ("tonight", "2022-03-29"),
    ("last night", "2022-03-28"),
    ("last week", "2022-03-22"),
    ("three days ago", "2022-03-26"),
    ("March 15", "2022-03-15"),
    ("15 March 2022", "2022-03-15"),
    ("March 15, 2022", "2022-03-15"),
    ("Sept. 30", "2021-09-30"),
    ("2022-03-01", "2022-03-01"),
])
def test_resolves_against_publication(expression: str, expected: str) -> None:
    assert resolve_date(expression, TUESDAY) == dt.date.fromisoformat(expected)


@pytest.mark.parametrize("expression", ["April 2", "December 31", "Friday", "on Thursday", "30 March"])
def test_never_after_publication(expression: str) -> None:
    when = resolve_date(expression, TUESDAY)
    assert when is not None and when <= TUESDAY
    assert TUESDAY - when < dt.timedelta(days=366)


@pytest.mark.parametrize("expression", ["tomorrow", "next week", "next month", "next Monday", "2022-04-01",
                                        "1 April 2022"])
def test_future_expressions_resolve_to_nothing(expression: str) -> None:
    assert resolve_date(expression, TUESDAY) is None


@pytest.mark.parametrize(("expression", "expected"), [
    ("Tuesday", "2022-03-29"),  # announced on the day itself: that day
    ("on Friday", "2022-04-01"),
    ("next Tuesday", "2022-04-05"),
    ("tomorrow", "2022-03-30"),
    ("April 2", "2022-04-02"),
    ("March 15", "2023-03-15"),
    ("1 April 2022", "2022-04-01"),
    ("yesterday", "2022-03-28"),  # a backward expression stays backward
    ("next week", "2022-04-05"),  # a week ahead, as "last week" is a week back
    ("next month", "2022-04-29"),
])
def test_announced_events_look_ahead(expression: str, expected: str) -> None:
    assert resolve_date(expression, TUESDAY, forward=True) == dt.date.fromisoformat(expected)


@pytest.mark.parametrize(("expression", "published", "expected"), [
    ("last month", TUESDAY, "2022-02-28"),  # 29 March: February has no 29th in 2022
    ("past month", dt.date(2022, 3, 15), "2022-02-15"),
    ("last month", dt.date(2022, 1, 10), "2021-12-10"),
])
def test_last_month_is_the_same_day_a_month_before(expression: str, published: dt.date, expected: str) -> None:
    assert resolve_date(expression, published) == dt.date.fromisoformat(expected)


def test_without_publication_date_only_full_dates_resolve() -> None:
    assert resolve_date("15 March 2022", None) == dt.date(2022, 3, 15)
    assert resolve_date("Tuesday", None) is None
    assert resolve_date("March 15", None) is None


def test_unknown_expression() -> None:
    assert resolve_date("in the spring of discontent", TUESDAY) is None
    assert resolve_date("February 30", TUESDAY) is None


def test_finder_gives_offsets() -> None:
    text = "Negotiators met on Tuesday in Turkey after talks last week and on March 15, 2022; Tuesday's talks"
    found = find_dates(text)
    assert [m.text for m in found] == ["on Tuesday", "last week", "March 15, 2022", "Tuesday's"]
    assert all(text[m.start:m.end] == m.text for m in found)
    assert [resolve_date(m.text, TUESDAY) for m in found] == [
        TUESDAY, dt.date(2022, 3, 22), dt.date(2022, 3, 15), TUESDAY]


def test_finder_ignores_words_that_only_look_like_dates() -> None:
    assert find_dates("Officials may decide to march on the capital.") == ()
