"""SQL for who did what to whom, where and when across the stored articles: PLOVER events by type,
party, place and date, the latest first."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, get_args

from ..errors import InputError
from ..types import Modality
from .contains import Words, conditions, scan
from .db import Tx
from .keyset import Position, advanced, after, decode, encode, up_to
from .query import EVENT_TYPES
from .quotes import STORY_BY_INDEX, check_dates, copy_left_out, date_conditions

MODALITIES: tuple[str, ...] = get_args(Modality)
_MORE = 4  # rows read per event asked for: one event reported by several articles of a story is one


@dataclass(frozen=True)
class EventFilter:
    """What to look for: one PLOVER type (``CONSULT``; case ignored), every word of ``actor``,
    ``target`` or ``party`` (actor or target) in that party's name, every word of ``place`` in the
    event's place, one modality (``asserted``, ``intended``, …), and dates (``YYYY``, ``YYYY-MM``
    or ``YYYY-MM-DD``, inclusive) on the event's own date, else its article's publication date."""

    type: str | None = None
    actor: str | None = None
    target: str | None = None
    party: str | None = None
    place: str | None = None
    modality: str | None = None
    since: str | None = None
    until: str | None = None
    after: str | None = None  # a cursor (a hit's ``next``): the hits after that one, in place of an offset

    def __post_init__(self) -> None:
        if self.type is not None:
            if self.type.upper() not in EVENT_TYPES:
                raise InputError(f"event type {self.type!r} is no PLOVER type ({', '.join(EVENT_TYPES)})",
                                 input="events")
            object.__setattr__(self, "type", self.type.upper())
        if self.modality is not None and self.modality not in MODALITIES:
            raise InputError(f"modality {self.modality!r} is none of {', '.join(MODALITIES)}", input="events")
        check_dates(self.since, self.until, "events")
        if self.after is not None:
            decode("events", self.after)


@dataclass(frozen=True)
class EventHit:
    """One event and the article that reports it (the latest, when several articles of one story
    report the same type, parties, place and date)."""

    type: str
    trigger: str
    modality: str
    actor: str | None
    target: str | None
    place: str | None
    date: str | None  # the event's own date (YYYY-MM-DD) where the text gives one
    article_id: str
    title: str | None
    url: str | None
    source: str | None
    published: str | None
    story: str | None
    articles: int = 1  # how many stored articles (copies left out) report it
    next: str | None = None  # the cursor of the hits after this one (EventFilter.after)


@dataclass(frozen=True)
class _Wanted:
    """A filter as SQL: ``where`` (the words from the trigram index on SQLite) and ``plain`` (the same tested on
    each row), with their parameters, and the list's order."""

    where: list[str]
    params: list[Any]
    plain: list[str]
    plain_params: list[Any]
    order: str


def _wanted(tx: Tx, wanted: EventFilter, indexed: bool) -> _Wanted:
    # a copy left out as NOT EXISTS (quotes.py): else PostgreSQL, where no story is tracked, sorts every
    # event instead of walking the date index (467 ms, not 10, at 33k articles)
    copies = copy_left_out(tx) if indexed else "sa.copy_of IS NULL"
    named = [
        Words("e.actor", "actor", tuple((wanted.actor or "").split())),
        Words("e.target", "target", tuple((wanted.target or "").split())),
        Words("e.location", "location", tuple((wanted.place or "").split())),
        Words("e.actor", "actor", tuple((wanted.party or "").split()), either=(("e.target", "target"),)),
    ]
    words, found = conditions(tx.dialect, named, "events_fts", "e.pk", indexed)
    plain, plain_params = conditions(tx.dialect, named, "events_fts", "e.pk", indexed=False)
    rest: list[str] = []
    more: list[Any] = []
    if wanted.type:
        rest.append("e.type = ?")
        more.append(wanted.type)
    if wanted.modality:
        rest.append("e.modality = ?")
        more.append(wanted.modality)
    # the event's day, else its article's time: kept on the event row (schema step 13), so that an
    # index holds the order and the walk stops at the limit
    when = "e.happened" if indexed else "COALESCE(e.date, a.published)"
    dated, dates = date_conditions(tx.dialect, wanted.since, wanted.until, when)
    if indexed:  # SQLite puts NULLs last when descending, as the index holds them
        order = tx.pick(sqlite=f"{when} DESC, e.article_pk DESC, e.pk",
                        postgres=f"{when} DESC NULLS LAST, e.article_pk DESC, e.pk")
    else:
        order = tx.pick(sqlite=f"({when} IS NULL), {when} DESC, a.pk DESC, e.pk",
                        postgres=f"{when} DESC NULLS LAST, a.pk DESC, e.pk")
    return _Wanted([copies, *words, *rest, *dated], [*found, *more, *dates],
                   [copies, *plain, *rest, *dated], [*plain_params, *more, *dates], order)


def find(tx: Tx, wanted: EventFilter, limit: int = 50, offset: int = 0, indexed: bool = True) -> list[EventHit]:
    """Events matching ``wanted``, the latest first (by the event's date, else its article's); a
    syndicated copy's events are its original's, so copies are left out. ``wanted.after`` (a cursor): the
    hits after that one, ``offset`` ignored. ``indexed`` False: the query before schema step 13 (the date
    computed across the two tables, the words scanned), to compare."""
    sql = _wanted(tx, wanted, indexed)
    if not indexed:
        if wanted.after is not None:
            raise InputError("a cursor pages the indexed list only", input="events")
        scan(tx)
        rows = tx.all(f"{_SELECT} {_FROM} WHERE {' AND '.join(sql.where)} ORDER BY {sql.order} LIMIT ?",
                      [*sql.params, (offset + limit) * _MORE])
        return _counted(tx, _wanted(tx, wanted, True), _merged(rows, offset, limit))
    firsts: dict[tuple[Any, ...], _First] = {}
    if wanted.after is None:
        _merge(firsts, _read(tx, sql, (offset + limit) * _MORE))
        page = list(firsts.values())[offset:offset + limit]
    else:
        page = _after(tx, sql, decode("events", wanted.after), limit, firsts)
    if not page:
        return []
    full = {int(r[15]): r for r in tx.all(f"{_SELECT} {_FROM} WHERE e.pk IN ({', '.join('?' * len(page))})",
                                          [first.pk for first in page])}
    return _counted(tx, sql, [replace(_hit(full[first.pk]), articles=first.count) for first in page])


def _read(tx: Tx, sql: _Wanted, wanted_rows: int, at: Position | None = None) -> list[Any]:
    """The first ``wanted_rows`` events' merging keys (after ``at``, a cursor's row, in its segment).

    A deep page (offset 10,000) reads 40,000 events to merge one story's reports of an event: first only
    what merging needs, the article's id from a covering index (SQLite, schema step 21) and not from its
    row (the whole record: 0.6 s for 27,000 of them), its story and copy likewise (step 23); the page's
    rows in full after. The same hits."""
    keyed, keys = after(at, "e.happened", "e.article_pk", "e.pk") if at else ([], [])
    index = tx.pick(sqlite="INDEXED BY articles_key_ids", postgres="")
    story = tx.pick(sqlite=STORY_BY_INDEX, postgres=_STORY)
    return tx.all(f"SELECT e.pk, {_KEY}, e.happened, e.article_pk FROM events e JOIN articles a {index} "
                  f"ON a.pk = e.article_pk {story} WHERE {' AND '.join([*sql.where, *keyed])} "
                  f"ORDER BY {sql.order} LIMIT ?", [*sql.params, *keys, wanted_rows])


@dataclass
class _First:
    """An event's first (latest) row read, how many rows report it, and whether a page before showed it."""

    pk: int
    count: int
    shown: bool = False


def _merge(firsts: dict[tuple[Any, ...], _First], rows: list[Any]) -> None:
    """Count the rows (``_read``'s) into ``firsts``."""
    for row in rows:
        key = _reported(row[1:9])
        if key in firsts:
            firsts[key].count += 1
        else:
            firsts[key] = _First(int(row[0]), 1)


def _after(tx: Tx, sql: _Wanted, start: Position, limit: int, firsts: dict[tuple[Any, ...], _First]) -> list[_First]:
    """The page after the cursor's row ``start``: the rows after it read a window at a time, an event a
    page before showed left out (one story's or article's report of it before the cursor), until the page
    is full or no row is left."""
    at, window = start, limit * _MORE
    while True:
        rows = _read(tx, sql, window, at)
        new = {key: row for row in rows if (key := _reported(row[1:9])) not in firsts}
        _merge(firsts, rows)
        for key in _shown_before(tx, sql, start, list(new.values())) & new.keys():
            firsts[key].shown = True
        page = [first for first in firsts.values() if not first.shown]
        if len(page) >= limit:
            return page[:limit]
        going_on = advanced(rows, window, at, 9, 10)
        if going_on is None:
            return page
        at = going_on


def _shown_before(tx: Tx, sql: _Wanted, start: Position, rows: list[Any]) -> set[tuple[Any, ...]]:
    """Of the events first read in ``rows``, those reported before ``start`` (and kept by the filter):
    by another article of their story, or outside a story by their own article (its events may be dated
    apart)."""
    newer, params = up_to(start, "e.happened", "e.article_pk", "e.pk")
    stories = sorted({str(row[1]) for row in rows if row[1] is not None})
    lone = sorted({str(row[2]) for row in rows if row[1] is None})
    found: set[tuple[Any, ...]] = set()
    test = " AND ".join([*sql.plain, newer])
    for values, sql_from in ((stories, _in_stories(tx)), (lone, _in_lone(tx))):
        for at in range(0, len(values), 200):  # a bounded IN list
            chunk = values[at:at + 200]
            found.update(_reported(row) for row in tx.all(
                f"SELECT {_KEY} FROM {sql_from} IN ({', '.join('?' * len(chunk))}) AND {test}",
                [*chunk, *sql.plain_params, *params]))
    return found


def _counted(tx: Tx, sql: _Wanted, hits: list[EventHit]) -> list[EventHit]:
    """The hits, each with how many articles of the whole list report it (its story's, else its own), not only
    among the rows read for the page (after a cursor, or deep, those were a part of them). One query for a
    page (up to 200 hits), where the reports of the page's stories and of its articles in none are read."""
    counts: dict[tuple[Any, ...], int] = {}
    test = " AND ".join(sql.plain)
    named = sorted({h.story for h in hits if h.story is not None})
    alone = sorted({h.article_id for h in hits if h.story is None})
    for at in range(0, max(len(named), len(alone)), 200):  # bounded IN lists, each story and article once
        stories, lone = named[at:at + 200] or [""], alone[at:at + 200] or [""]  # "": no story's or article's id
        for row in tx.all(f"SELECT {_KEY} FROM {_in_stories(tx)} IN ({', '.join('?' * len(stories))}) AND {test} "
                          f"UNION ALL SELECT {_KEY} FROM {_in_lone(tx)} IN ({', '.join('?' * len(lone))}) AND {test}",
                          [*stories, *sql.plain_params, *lone, *sql.plain_params]):
            counts[_reported(row)] = counts.get(_reported(row), 0) + 1
    return [replace(h, articles=max(h.articles, counts.get(_reported(
        (h.story, h.article_id, h.type, h.modality, h.actor, h.target, h.place, h.date)), 0))) for h in hits]


def _in_stories(tx: Tx) -> str:
    """The events of the stories named (their articles'), read from the stories first: SQLite's planner took a
    type filter's index, every event of the type (10 ms, not 1, at 40k articles)."""
    join = tx.pick(sqlite="CROSS JOIN", postgres="JOIN")
    return (f"story_articles sa {join} articles a ON a.id = sa.article_id {join} events e ON e.article_pk = a.pk "
            "WHERE sa.story_id")


def _in_lone(tx: Tx) -> str:
    """The events of the articles named that are in no story, read from the articles first."""
    return (f"articles a {tx.pick(sqlite='CROSS JOIN', postgres='JOIN')} events e ON e.article_pk = a.pk "
            "LEFT JOIN story_articles sa ON sa.article_id = a.id WHERE sa.story_id IS NULL AND a.id")


_SELECT = ("SELECT e.type, e.trigger_text, e.modality, e.actor, e.target, e.location, e.date, "
           "a.id, a.title, a.url, a.source, a.published, sa.story_id, e.happened, e.article_pk, e.pk")
_STORY = "LEFT JOIN story_articles sa ON sa.article_id = a.id"
_FROM = f"FROM events e JOIN articles a ON a.pk = e.article_pk {_STORY}"
_KEY = "sa.story_id, a.id, e.type, e.modality, e.actor, e.target, e.location, e.date"  # what merging reads


def _reported(row: Any) -> tuple[Any, ...]:
    """What makes two reports one event (``_KEY``'s columns): outside a story an article's events are its
    own (the article keys them apart); in one, the same type, modality, parties, place and date."""
    story, article_id, kind, modality, *named = row
    return (story or article_id, kind, modality, *(str(v or "").casefold() for v in named))


def _merged(rows: list[Any], offset: int, limit: int) -> list[EventHit]:
    """The page of hits from rows read in full (``indexed`` False: the way before _KEY, to compare)."""
    hits: dict[tuple[Any, ...], EventHit] = {}
    for row in rows:
        key = _reported((row[12], row[7], row[0], row[2], *row[3:7]))
        if key in hits:
            hits[key] = replace(hits[key], articles=hits[key].articles + 1)
            continue
        hits[key] = _hit(row)
    return list(hits.values())[offset:offset + limit]


def _hit(row: Any) -> EventHit:
    return EventHit(type=str(row[0]), trigger=str(row[1]), modality=str(row[2]), actor=row[3], target=row[4],
                    place=row[5], date=row[6], article_id=str(row[7]), title=row[8], url=row[9],
                    source=row[10], published=row[11], story=row[12],
                    next=encode("events", Position(row[13], int(row[14]), int(row[15]))))
