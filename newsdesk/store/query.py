"""The search query language, parsed once into a small typed tree.

Used by ``store.search`` and, later, by alert watch rules. Grammar (operators in capitals;
adjacent items are joined by AND; NOT binds tightest, then AND, then OR)::

    query  := or
    or     := and ("OR" and)*
    and    := not (["AND"] not)*
    not    := ("NOT" | "-") not | atom
    atom   := "(" or ")" | '"' phrase '"' | FIELD ":" (word | '"' value '"') | word ["*"]

Fields: ``person:`` ``org:`` ``place:`` (entity names, as a phrase: ``person:Medinsky`` matches
"Vladimir Medinsky"), ``event:TYPE`` (a PLOVER event type such as ``CONSULT``: :data:`EVENT_TYPES`), ``source:`` (the
publisher's name), ``since:DATE`` and ``until:DATE`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``,
both inclusive, days in UTC: :func:`utc_instant`), ``said:NAME`` (a quote whose speaker's name holds
these words: in a search, an article quoting them; in a watch rule, a new quote of theirs, its words
looked for in that quote).
A word ending in ``*`` is a prefix (``ukrain*``). Lower-case ``and``/``or``/``not``
are plain words. ``place:Kyiv~50km`` (or ``~50``) is a place within 50 km of Kyiv: watch rules
measure the distance; search, which has no coordinates to compare, matches the name. Example:
``ceasefire "peace talks" place:"New York" -event:ASSAULT since:2022-03``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, get_args

from ..errors import InputError

FieldName = Literal["person", "org", "place", "event", "source", "since", "until", "said"]
FIELDS: tuple[str, ...] = get_args(FieldName)
# The PLOVER event types the understand stage codes (shared/design/ontology.md): ``event:`` takes one of them.
EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
# ``event:`` finds what happened or may have: an act the article says did not happen (denied, foiled,
# cancelled) is no attack to a watch rule, a search or the map, though the events list still shows it.
UNHAPPENED = frozenset({"negated"})


class QuerySyntaxError(InputError):
    """A search query (or watch rule) that cannot be parsed; the message says where and why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, input="query")


@dataclass(frozen=True)
class Term:
    """A word; ``prefix`` for ``word*``."""

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Words that must appear together, in order."""

    text: str


@dataclass(frozen=True)
class Field:
    """A filter ``name:value``; ``value`` as written (unquoted), dates validated; ``km`` for
    ``place:NAME~Nkm`` (within N km of the place)."""

    name: FieldName
    value: str
    km: float | None = None


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Term | Phrase | Field | And | Or | Not

_TOKEN = re.compile(r'''(?P<neg>-(?=[^\s)]))|(?P<paren>[()])|"(?P<phrase>[^"]*)(?P<closed>"?)
                        |(?P<field>[A-Za-z]+):(?:"(?P<fquoted>[^"]*)(?P<fclosed>"?)|(?P<fword>[^\s()"~]*))(?:~(?P<km>[^\s()"]*))?
                        |(?P<word>[^\s()"]+)''', re.VERBOSE)
# the bound after the last day of 9999: the day after it was an OverflowError (a 500), and "10000" sorts
# before every stored date, so until:9999 found nothing
_PAST_9999 = "9999-99"
_DATE = re.compile(r"\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?")
# Bounds on a query's shape: the tree is walked recursively (here, by the SQL compilers and by the
# watch matcher) and SQLite refuses expressions nested past 1000 levels.
MAX_DEPTH = 50  # parentheses and NOTs inside one another
MAX_ITEMS = 500  # words, phrases and filters
MAX_CHARS = 10_000  # a query's length, room for MAX_ITEMS filters (after the shape checks: their reasons say more)
MAX_SCAN = 100_000  # checked before tokenizing, so a huge one costs no scan


@dataclass(frozen=True)
class _Token:
    kind: Literal["(", ")", "AND", "OR", "NOT", "node"]
    at: int
    node: Node | None = None


def parse(query: str, *, known_events: bool = True) -> Node:
    """Parse a query into its tree; raises :class:`QuerySyntaxError` with the position at fault.

    ``event:`` wants a PLOVER type (another matched nothing, silently), and ``since:`` no later than
    ``until:``; ``known_events=False`` takes any, for rules stored before that was checked.
    """
    if len(query) > MAX_SCAN:
        raise QuerySyntaxError(f"longer than {MAX_CHARS} characters ({len(query)})")
    if "\x00" in query:  # no database takes it in a query (PostgreSQL text cannot even hold it)
        raise QuerySyntaxError(f"a NUL character at position {query.index(chr(0)) + 1}")
    try:
        query.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: an argument in another encoding than UTF-8
        raise QuerySyntaxError(f"not valid Unicode at position {exc.start + 1}") from None
    parser = _Parser(list(_tokens(query, known_events)))
    if not parser.tokens:
        raise QuerySyntaxError("empty query")
    items = [t for t in parser.tokens if t.kind == "node"]
    if len(items) > MAX_ITEMS:
        raise QuerySyntaxError(f"more than {MAX_ITEMS} words, phrases and filters "
                               f"(the first one too many at position {items[MAX_ITEMS].at + 1})")
    node = parser.parse_or()
    if parser.pos < len(parser.tokens):
        raise QuerySyntaxError(f"unexpected ')' at position {parser.tokens[parser.pos].at + 1}")
    if known_events:  # a rule stored before these checks still loads (and matches nothing)
        _check_dates(node)
        if len(query) > MAX_CHARS:
            raise QuerySyntaxError(f"longer than {MAX_CHARS} characters ({len(query)})")
    return node


def _check_dates(node: Node) -> None:
    """Refuse ``since:`` after ``until:`` where both must hold: such a query matches nothing, and
    saying so beats an empty result (or a watch that never fires)."""
    both = node.items if isinstance(node, And) else (node,)
    fields = [f for f in both if isinstance(f, Field) and f.name in ("since", "until")]
    lows = [(f.value, date_range(f)[0]) for f in fields if f.name == "since"]
    highs = [(f.value, date_range(f)[1]) for f in fields if f.name == "until"]
    for since, low in lows:
        for until, high in highs:
            if low is not None and high is not None and low >= high:
                raise QuerySyntaxError(f"since:{since} is after until:{until}: nothing can match")


def _tokens(query: str, known_events: bool = True) -> Iterator[_Token]:
    pos = 0
    while True:
        while pos < len(query) and query[pos].isspace():
            pos += 1
        m = _TOKEN.match(query, pos)
        if m is None:  # the end (every other character starts some token)
            return
        at, pos = pos, m.end()
        if m["neg"]:
            yield _Token("NOT", at)
        elif m["paren"]:
            yield _Token("(" if m["paren"] == "(" else ")", at)
        elif m["phrase"] is not None:
            if not m["closed"]:
                raise QuerySyntaxError(f'unclosed " at position {at + 1}')
            if re.search(r"\w", m["phrase"]):
                yield _Token("node", at, Phrase(" ".join(m["phrase"].split())))
        elif m["field"]:
            node = _field(m["field"], m["fquoted"], m["fclosed"], m["fword"], at)
            if known_events and node.name == "event" and node.value.upper() not in EVENT_TYPES:
                raise QuerySyntaxError(f"unknown event type {node.value} at position {at + 1} "
                                       f"(PLOVER types: {', '.join(EVENT_TYPES)})")
            yield _Token("node", at, node if m["km"] is None else _near(node, m["km"], at))
        else:
            yield from _word(m["word"], at)


def _word(word: str, at: int) -> Iterator[_Token]:
    if word in ("AND", "OR", "NOT"):
        yield _Token(word, at)  # type: ignore[arg-type]
    elif re.search(r"\w", word):
        prefix = word.endswith("*")
        yield _Token("node", at, Term(word.rstrip("*") if prefix else word, prefix=prefix))


def _field(name: str, quoted: str | None, closed: str, word: str | None, at: int) -> Field:
    key = name.lower()
    if key not in FIELDS:
        raise QuerySyntaxError(f"unknown filter {name}: at position {at + 1} (filters: {', '.join(FIELDS)}; "
                               'put text in quotes to search for it)')
    if quoted is not None and not closed:  # the position of the quotation mark, after "name:"
        raise QuerySyntaxError(f'unclosed " at position {at + len(name) + 2}')
    value = " ".join((quoted if quoted is not None else word or "").split())
    if not re.search(r"\w", value):
        raise QuerySyntaxError(f"{key}: at position {at + 1} needs a value")
    if key in ("since", "until"):
        try:
            date_range(Field(key, value))  # type: ignore[arg-type]  # validates
        except QuerySyntaxError as exc:
            raise QuerySyntaxError(f"{exc.reason} at position {at + 1}") from None
    return Field(key, value)  # type: ignore[arg-type]


def _near(node: Field, km: str, at: int) -> Field:
    """``place:NAME~50km``: the place with a radius in kilometres."""
    m = re.fullmatch(r"(\d{1,5}(?:\.\d+)?)(?:km)?", km.lower())
    if node.name != "place" or m is None or float(m[1]) <= 0:
        raise QuerySyntaxError(f"~ at position {at + 1} wants a distance after a place, e.g. place:Kyiv~50km")
    return Field("place", node.value, float(m[1]))


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0  # parentheses and NOTs open around the current token

    def _peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse_or(self) -> Node:
        items = [self._parse_and()]
        while (tok := self._peek()) is not None and tok.kind == "OR":
            self.pos += 1
            items.append(self._parse_and(after="OR"))
        return _join(Or, items)

    def _parse_and(self, after: str | None = None) -> Node:
        items = [self._parse_not(after)]
        while (tok := self._peek()) is not None and tok.kind not in ("OR", ")"):
            if tok.kind == "AND":
                self.pos += 1
                items.append(self._parse_not("AND"))
            else:
                items.append(self._parse_not(None))
        return _join(And, items)

    def _parse_not(self, after: str | None) -> Node:
        tok = self._peek()
        if tok is None or tok.kind in ("AND", "OR", ")"):
            where = f"at position {tok.at + 1}" if tok else "at the end"
            what = f"{after} needs something after it" if after else "expected a word, phrase or filter"
            raise QuerySyntaxError(f"{what} ({where})")
        self.pos += 1
        if tok.kind not in ("NOT", "("):
            assert tok.node is not None
            return tok.node
        if self.depth == MAX_DEPTH:
            raise QuerySyntaxError(f"nested more than {MAX_DEPTH} deep (at position {tok.at + 1})")
        self.depth += 1
        if tok.kind == "NOT":
            node: Node = Not(self._parse_not("NOT"))
        else:
            node = self.parse_or()
            close = self._peek()
            if close is None or close.kind != ")":
                raise QuerySyntaxError(f"unclosed ( at position {tok.at + 1}")
            self.pos += 1
        self.depth -= 1
        return node


def _join(kind: type[And] | type[Or], items: list[Node]) -> Node:
    flat: list[Node] = []
    for item in items:
        flat.extend(item.items if isinstance(item, kind) else (item,))
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


def format_query(node: Node) -> str:
    """The canonical text of a tree: ``parse(format_query(n)) == n``."""
    if isinstance(node, Term):
        return node.text + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        return f'"{node.text}"'
    if isinstance(node, Field):
        plain = re.fullmatch(r'[^\s()"]+', node.value) and not node.value.startswith("-")
        near = "" if node.km is None else f"~{node.km:g}km"
        plain = plain and "~" not in node.value
        return (f"{node.name}:{node.value}" if plain else f'{node.name}:"{node.value}"') + near
    if isinstance(node, Not):
        inner = format_query(node.item)
        return f"NOT ({inner})" if isinstance(node.item, (And, Or)) else f"NOT {inner}"
    if isinstance(node, And):
        return " ".join(f"({format_query(i)})" if isinstance(i, Or) else format_query(i) for i in node.items)
    return " OR ".join(format_query(i) for i in node.items)


def walk(node: Node, negated: bool = False) -> Iterator[tuple[Node, bool]]:
    """Every node with whether it sits under an odd number of NOTs."""
    yield node, negated
    if isinstance(node, (And, Or)):
        for item in node.items:
            yield from walk(item, negated)
    elif isinstance(node, Not):
        yield from walk(node.item, not negated)


def date_range(field: Field) -> tuple[str | None, str | None]:
    """``since:``/``until:`` as bounds on ISO date text: (inclusive lower, exclusive upper)."""
    m = _DATE.fullmatch(field.value)
    try:
        if m is None or field.value.startswith("0000"):  # no year 0: since:0000 was a ValueError (a 500)
            raise ValueError(field.value)
        if m[2]:
            day = datetime.date.fromisoformat(field.value)
            upper = _PAST_9999 if day == datetime.date.max else (day + datetime.timedelta(days=1)).isoformat()
        elif m[1]:
            year, month = int(field.value[:4]), int(field.value[5:7])
            upper = _PAST_9999 if (year, month) == (9999, 12) else f"{year + month // 12:04d}-{month % 12 + 1:02d}"
        else:
            upper = _PAST_9999 if field.value == "9999" else f"{int(field.value) + 1:04d}"
    except ValueError:
        raise QuerySyntaxError(f"{field.name}: wants a date YYYY, YYYY-MM or YYYY-MM-DD, got {field.value!r}") from None
    return (field.value, None) if field.name == "since" else (None, upper)


# An article's time as :func:`utc_instant` reads it, in the grammar SQLite's date functions take (offsets to
# 14:59); the same pattern is PostgreSQL's in search.py's SQL, so Python (watches), SQLite and
# PostgreSQL agree on every value.
INSTANT = (r"([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[T ]([01][0-9]|2[0-3]):([0-5][0-9])"
           r"(?::([0-5][0-9])(?:\.[0-9]+)?)? *(?:[Zz]|([+-])(0[0-9]|1[0-4]):([0-5][0-9]))? *")
_INSTANT = re.compile(INSTANT)


def utc_instant(published: str | None) -> str | None:
    """An article's ``published`` as ``since:``/``until:`` compare it (docs/web.md): a time with an offset
    is that instant in UTC (``2022-03-29T23:30:00-04:00`` -> ``2022-03-30T03:30:00``), the day the pages
    show; a time without one is taken as UTC; a bare date is that day in UTC, as written. Text that is no
    such time (or no day of the calendar, or whose UTC instant falls outside years 1-9999) compares as written."""
    m = _INSTANT.fullmatch(published) if published else None
    if m is None:
        return published
    try:
        moment = datetime.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6] or 0))
        if m[7]:
            offset = datetime.timedelta(hours=int(m[8]), minutes=int(m[9]))
            moment = moment - offset if m[7] == "+" else moment + offset
    except (ValueError, OverflowError):  # the 30th of February; past the calendar's ends
        return published
    return moment.isoformat(timespec="seconds")


def text_bounds(field: Field) -> tuple[str | None, str | None]:
    """Bounds on the outlet's own date text that hold every article :func:`date_range` takes in UTC (an
    offset is less than a day: a day either side), so the index on that text narrows a search first."""
    lower, upper = date_range(field)
    edge = lower if lower is not None else upper
    assert edge is not None
    if edge == _PAST_9999:
        return None, _PAST_9999
    day = datetime.date(int(edge[:4]), int(edge[5:7] or 1), int(edge[8:10] or 1))
    try:
        moved = day + datetime.timedelta(days=-1 if lower is not None else 1)
    except OverflowError:  # before 0001-01-01 or after 9999-12-31: no narrower bound than none
        return (None, None) if lower is not None else (None, _PAST_9999)
    return (moved.isoformat(), None) if lower is not None else (None, moved.isoformat())


def inner_bound(field: Field) -> str | None:
    """A bound on the outlet's own date text inside which every article is in :func:`date_range` in UTC
    too (a day inward), so a search computes the UTC instant only for the rows near the edge; None where
    there is none (the edge of the calendar)."""
    lower, upper = date_range(field)
    edge = lower if lower is not None else upper
    assert edge is not None
    if edge == _PAST_9999:
        return None
    day = datetime.date(int(edge[:4]), int(edge[5:7] or 1), int(edge[8:10] or 1))
    try:
        return (day + datetime.timedelta(days=1 if lower is not None else -1)).isoformat()
    except OverflowError:
        return None
