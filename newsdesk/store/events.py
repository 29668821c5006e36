"""SQL for who did what to whom, where and when across the stored articles: PLOVER events by type,
party, place and date, the latest first."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, get_args

from ..errors import InputError
from ..types import Modality
from .contains import Words, conditions, scan
from .db import Tx
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

    def __post_init__(self) -> None:
        if self.type is not None:
            if self.type.upper() not in EVENT_TYPES:
                raise InputError(f"event type {self.type!r} is no PLOVER type ({', '.join(EVENT_TYPES)})",
                                 input="events")
            object.__setattr__(self, "type", self.type.upper())
        if self.modality is not None and self.modality not in MODALITIES:
            raise InputError(f"modality {self.modality!r} is none of {', '.join(MODALITIES)}", input="events")
        check_dates(self.since, self.until, "events")


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


def find(tx: Tx, wanted: EventFilter, limit: int = 50, offset: int = 0, indexed: bool = True) -> list[EventHit]:
    """Events matching ``wanted``, the latest first (by the event's date, else its article's); a
    syndicated copy's events are its original's, so copies are left out. ``indexed`` False: the query
    before schema step 13 (the date computed across the two tables, the words scanned), to compare."""
    # a copy left out as NOT EXISTS (quotes.py): else PostgreSQL, where no story is tracked, sorts every
    # event instead of walking the date index (467 ms, not 10, at 33k articles)
    where = [copy_left_out(tx) if indexed else "sa.copy_of IS NULL"]
    params: list[Any] = []
    words, found = conditions(tx.dialect, [
        Words("e.actor", "actor", tuple((wanted.actor or "").split())),
        Words("e.target", "target", tuple((wanted.target or "").split())),
        Words("e.location", "location", tuple((wanted.place or "").split())),
        Words("e.actor", "actor", tuple((wanted.party or "").split()), either=(("e.target", "target"),)),
    ], "events_fts", "e.pk", indexed)
    where += words
    params += found
    if not indexed:
        scan(tx)
    if wanted.type:
        where.append("e.type = ?")
        params.append(wanted.type)
    if wanted.modality:
        where.append("e.modality = ?")
        params.append(wanted.modality)
    # the event's day, else its article's time: kept on the event row (schema step 13), so that an
    # index holds the order and the walk stops at the limit
    when = "e.happened" if indexed else "COALESCE(e.date, a.published)"
    dated, dates = date_conditions(wanted.since, wanted.until, when)
    where += dated
    params += dates
    if indexed:  # SQLite puts NULLs last when descending, as the index holds them
        order = tx.pick(sqlite=f"{when} DESC, e.article_pk DESC, e.pk",
                        postgres=f"{when} DESC NULLS LAST, e.article_pk DESC, e.pk")
    else:
        order = tx.pick(sqlite=f"({when} IS NULL), {when} DESC, a.pk DESC, e.pk",
                        postgres=f"{when} DESC NULLS LAST, a.pk DESC, e.pk")
    wanted_rows = (offset + limit) * _MORE
    if not indexed:
        rows = tx.all(f"{_SELECT} {_FROM} WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ?",
                      [*params, wanted_rows])
        return _merged(rows, offset, limit)
    # A deep page (offset 10,000) reads 40,000 events to merge one story's reports of an event: first only
    # what merging needs, the article's id from a covering index (SQLite, schema step 21) and not from its
    # row (the whole record: 0.6 s for 27,000 of them), its story and copy likewise (step 23); the page's
    # rows in full after. The same hits.
    keyed = tx.pick(sqlite="INDEXED BY articles_key_ids", postgres="")
    story = tx.pick(sqlite=STORY_BY_INDEX, postgres=_STORY)
    rows = tx.all(f"SELECT e.pk, {_KEY} FROM events e JOIN articles a {keyed} ON a.pk = e.article_pk {story} "
                  f"WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ?", [*params, wanted_rows])
    firsts: dict[tuple[Any, ...], list[int]] = {}
    for row in rows:
        key = _reported(row[1:])
        if key in firsts:
            firsts[key][1] += 1
        else:
            firsts[key] = [int(row[0]), 1]
    page = list(firsts.values())[offset:offset + limit]
    if not page:
        return []
    full = {int(r[-1]): r[:-1] for r in tx.all(f"{_SELECT}, e.pk {_FROM} WHERE e.pk IN ({', '.join('?' * len(page))})",
                                               [pk for pk, _ in page])}
    return [replace(_hit(full[pk]), articles=count) for pk, count in page]


_SELECT = ("SELECT e.type, e.trigger_text, e.modality, e.actor, e.target, e.location, e.date, "
           "a.id, a.title, a.url, a.source, a.published, sa.story_id")
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
                    source=row[10], published=row[11], story=row[12])
