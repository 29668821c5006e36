"""The query language: parse once into a typed tree (for search now, watch rules later)."""

from __future__ import annotations

import pytest

from newsdesk.errors import InputError
from newsdesk.store.query import (
    And,
    Field,
    Not,
    Or,
    Phrase,
    QuerySyntaxError,
    Term,
    date_range,
    format_query,
    parse,
    walk,
)


def test_words_join_with_and_and_keep_their_case() -> None:
    assert parse("Peace talks") == And((Term("Peace"), Term("talks")))
    assert parse("peace AND talks") == parse("peace talks")
    assert parse("storm") == Term("storm")


def test_phrases_prefixes_and_fields() -> None:
    assert parse('"peace   talks"') == Phrase("peace talks")
    assert parse("ukrain*") == Term("ukrain", prefix=True)
    assert parse('place:"New York" person:Medinsky') == And((Field("place", "New York"), Field("person", "Medinsky")))
    assert parse("EVENT:consult Source:cbs") == And((Field("event", "consult"), Field("source", "cbs")))
    assert parse("covid-19") == Term("covid-19")


def test_precedence_not_then_and_then_or() -> None:
    assert parse("a b OR c") == Or((And((Term("a"), Term("b"))), Term("c")))
    assert parse("a OR b c") == Or((Term("a"), And((Term("b"), Term("c")))))
    assert parse("NOT a b") == And((Not(Term("a")), Term("b")))
    assert parse("a (b OR c)") == And((Term("a"), Or((Term("b"), Term("c")))))
    assert parse("-a -event:ASSAULT") == And((Not(Term("a")), Not(Field("event", "ASSAULT"))))
    assert parse("NOT NOT a") == Not(Not(Term("a")))
    assert parse("a OR (b OR c)") == Or((Term("a"), Term("b"), Term("c")))  # flattened


def test_lower_case_operators_are_words_and_punctuation_is_dropped() -> None:
    assert parse("rock and roll") == And((Term("rock"), Term("and"), Term("roll")))
    assert parse("storm - , !") == Term("storm")
    assert parse('storm ""') == Term("storm")


@pytest.mark.parametrize(("query", "message"), [
    ("", "empty query"),
    ("  ?! ", "empty query"),
    ("a AND", "AND needs something after it (at the end)"),
    ("a OR OR b", "OR needs something after it (at position 6)"),
    ("OR a", "expected a word, phrase or filter (at position 1)"),
    ("(a b", "unclosed ( at position 1"),
    ("a b)", "unexpected ')' at position 4"),
    ("()", "expected a word, phrase or filter (at position 2)"),
    ('a "b c', 'unclosed " at position 3'),
    ('place:"New York', 'unclosed " at position 7'),  # the quotation mark, not its filter (was 1)
    ('a  said:"', 'unclosed " at position 9'),
    ("title:storm", "unknown filter title: at position 1"),
    ("person:", "person: at position 1 needs a value"),
    ("since:2022-02-30", "since: wants a date"),
    ("x since:2022-13", "got '2022-13' at position 3"),
    ("until:March", "until: wants a date"),
])
def test_errors_say_where(query: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse(query)
    assert message in str(caught.value)
    assert isinstance(caught.value, InputError)


@pytest.mark.parametrize("query", [
    'ceasefire "peace talks" place:"New York" -event:ASSAULT since:2022-03',
    "(a OR b) NOT (c OR d) e*",
    "a OR b c OR NOT (d e)",
    'source:"-odd" person:O\'Brien',
])
def test_format_round_trips(query: str) -> None:
    tree = parse(query)
    assert parse(format_query(tree)) == tree


def test_date_ranges() -> None:
    assert date_range(Field("since", "2022-03-29")) == ("2022-03-29", None)
    assert date_range(Field("until", "2022-03-31")) == (None, "2022-04-01")
    assert date_range(Field("until", "2022-12")) == (None, "2023-01")
    assert date_range(Field("until", "2022-02")) == (None, "2022-03")
    assert date_range(Field("until", "2022")) == (None, "2023")


def test_walk_marks_negated_nodes() -> None:
    tree = parse("a -(b OR NOT c)")
    negated = {node: flag for node, flag in walk(tree) if isinstance(node, Term)}
    assert negated == {Term("a"): False, Term("b"): True, Term("c"): False}


def test_since_after_until_is_refused_where_both_must_hold() -> None:
    with pytest.raises(QuerySyntaxError, match="since:2022-03-31 is after until:2022-03-29"):
        parse("kyiv since:2022-03-31 until:2022-03-29")
    with pytest.raises(QuerySyntaxError, match="nothing can match"):
        parse("since:2022-04-01 until:2022-03")
    parse("kyiv since:2022-03-29 until:2022-03-29")  # one day
    parse("since:2022-03-31 OR until:2022-03-29")  # either will do
    parse("kyiv since:2022-03-31 until:2022-03-29", known_events=False)  # a stored rule still loads
