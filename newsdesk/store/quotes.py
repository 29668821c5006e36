"""SQL for who said what across the stored articles: quotes by speaker, words and kind, newest first."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any

from ..errors import InputError
from ..statements import stated
from .contains import Words, conditions, scan, trigram_rows
from .db import Dialect, Tx
from .keyset import Position, advanced, after, decode, encode, said, up_to
from .query import Field
from .search import date_sql

KINDS = ("direct", "indirect", "mixed")
# an article that is no syndicated copy (``a``: its row); the same as "sa.copy_of IS NULL" after
# ``LEFT JOIN story_articles sa`` (one row per article at most), which PostgreSQL's planner takes for
# a rare condition where story_articles is empty (no story tracked) or has no statistics
COPY_LEFT_OUT = "NOT EXISTS (SELECT 1 FROM story_articles c WHERE c.article_id = a.id AND c.copy_of IS NOT NULL)"
# SQLite: from the covering index of schema step 23 (its planner takes the key's own index, then each row)
_COPY_LEFT_OUT_SQLITE = ("NOT EXISTS (SELECT 1 FROM story_articles c INDEXED BY story_articles_copies "
                         "WHERE c.article_id = a.id AND c.copy_of IS NOT NULL)")
STORY_BY_INDEX = "LEFT JOIN story_articles sa INDEXED BY story_articles_copies ON sa.article_id = a.id"


def copy_left_out(tx: Tx) -> str:
    """:data:`COPY_LEFT_OUT` as this dialect reads it fastest: a deep page asks it of 40,000 rows (#8)."""
    return tx.pick(sqlite=_COPY_LEFT_OUT_SQLITE, postgres=COPY_LEFT_OUT)
DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?")
_MORE = 4  # rows read per quote asked for: the same words from one speaker in several articles are one


@dataclass(frozen=True)
class QuoteFilter:
    """What to look for: every word of ``speaker`` in the speaker's name, every word of ``words`` in
    the quote (case ignored), one kind, publication dates (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``,
    inclusive, as the query language's ``since:`` and ``until:``)."""

    speaker: str | None = None
    words: str | None = None
    kind: str | None = None
    since: str | None = None
    until: str | None = None
    after: str | None = None  # a cursor (a hit's ``next``): the hits after that one, in place of an offset
    stances: bool = False  # stances too ("blocked a vote": statements.py), not only statements

    def __post_init__(self) -> None:
        if self.kind is not None and self.kind not in KINDS:
            raise InputError(f"quote kind {self.kind!r} is none of {', '.join(KINDS)}", input="quotes")
        check_dates(self.since, self.until, "quotes")
        if self.after is not None:
            decode("quotes", self.after)


def check_dates(since: str | None, until: str | None, what: str) -> None:
    """``since`` and ``until`` as the query language takes them (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``),
    in that order; InputError naming ``what`` otherwise."""
    for name, value in (("since", since), ("until", until)):
        if value is not None and not DATE.fullmatch(value):
            raise InputError(f"{name} {value!r} is no date (YYYY, YYYY-MM or YYYY-MM-DD)", input=what)
    if since and until and until < since[:len(until)]:
        raise InputError(f"until {until} is before since {since}", input=what)


def date_conditions(dialect: Dialect, since: str | None, until: str | None,
                    column: str = "a.published") -> tuple[list[str], list[Any]]:
    """SQL conditions on ``column`` (an ISO date or time) for the dates (both ends inclusive, days in UTC as
    pages show them and as ``since:``/``until:`` take them), and their parameters."""
    where: list[str] = []
    params: list[Any] = []
    for field in ([Field("since", since)] if since else []) + ([Field("until", until)] if until else []):
        sql = date_sql(dialect, field, column)
        where.append(sql.text)
        params += sql.params
    return where, params


@dataclass(frozen=True)
class QuoteHit:
    """One statement and the article that carries it (the newest, when several carry the same words)."""

    speaker: str | None
    text: str
    kind: str
    article_id: str
    title: str | None
    url: str | None
    source: str | None
    published: str | None
    story: str | None
    statement: bool = True  # False: a stance on a thing ("blocked a vote"), listed with ``stances`` only
    articles: int = 1  # how many stored articles (copies left out) carry this statement
    next: str | None = None  # the cursor of the hits after this one (QuoteFilter.after)


_SELECT = ("SELECT q.speaker, q.text, q.kind, a.id, a.title, a.url, a.source, a.published, sa.story_id, a.pk, q.pk, "
           "q.statement")
_STORY = "LEFT JOIN story_articles sa ON sa.article_id = a.id"
# A deep page (offset 10,000) reads 40,000 rows to merge the same words said again: first only what
# merging needs, the page's rows in full after (_KEYS). The article's date and id come from a covering
# index (SQLite; schema steps 20 and 21), not from its row, which holds the whole record: reading
# 8,000 of those took 0.2-0.5 s. Same rows, in the same order, as reading every row in full.
_KEYS = "SELECT q.pk, q.speaker, q.text, a.published, a.pk"
_WINDOW = 25  # a common filter: the newest articles read per quote row wanted before the trigram index is asked
_COMMON = 2_000  # quotes matching a filter that make it a common one


def _common(tx: Tx, filtered: list[Words]) -> bool:
    """Whether at least :data:`_COMMON` quotes hold the words (counted in the trigram index up to there:
    in the full query the index lists every quote holding them before any is read)."""
    found = trigram_rows(filtered, "quotes_fts")
    row = tx.one(f"SELECT count(*) FROM ({found[0]} LIMIT ?) m", [*found[1], _COMMON]) if found else None
    return row is not None and int(row[0]) >= _COMMON


def _newest(tx: Tx, where: list[str], params: list[Any], wanted: QuoteFilter,
            wanted_rows: int, select: str, below: str | None) -> list[Any] | None:
    """The first ``wanted_rows`` quotes matching ``where`` (which holds the dates), walking the articles from
    the newest (from ``below`` on, a page's cursor's date) and testing each quote as it stands; None when
    fewer match among the newest articles. A common word or speaker ("the", a president) matches a quote in
    a few: reading those is fast, where the trigram index finds every quote holding it and sorts them all
    (seconds for a common word at 1M quotes). The walk is the full query's order, so the rows are the full
    query's first ones."""
    dated, dates = date_conditions(tx.dialect, wanted.since, wanted.until, "published")
    if below is not None:
        dated, dates = [*dated, "published <= ?"], [*dates, below]
    # the walk stops at the limit; at worst it reads this many articles (the quotes of older ones may match)
    edge = tx.one(f"SELECT published FROM articles {'WHERE ' + ' AND '.join(dated) if dated else ''} "
                  "ORDER BY published DESC, pk DESC LIMIT 1 OFFSET ?", [*dates, wanted_rows * _WINDOW - 1])
    bound = ["a.published >= ?"] if edge and edge[0] is not None else []
    rows = tx.all(f"{select} FROM articles a {_walked(tx, select)} CROSS JOIN quotes q ON q.article_pk = a.pk "
                  f"{_story(select)} WHERE {' AND '.join([*where, *bound])} "
                  "ORDER BY a.published DESC, a.pk DESC, q.pk LIMIT ?",
                  [*params, *([edge[0]] if bound and edge else []), wanted_rows])
    return rows if len(rows) >= wanted_rows else None


@dataclass(frozen=True)
class _Wanted:
    """A filter as SQL: ``where`` on the quote's words (from the trigram index on SQLite), ``plain`` the same
    tested on each row, ``rest`` on its kind and dates; each with its parameters."""

    filtered: list[Words]
    where: list[str]
    params: list[Any]
    plain: list[str]
    plain_params: list[Any]
    rest: list[str]
    more: list[Any]


def _wanted(tx: Tx, wanted: QuoteFilter, indexed: bool) -> _Wanted:
    # a copy left out as NOT EXISTS: PostgreSQL takes "sa.copy_of IS NULL" after the join for a rare
    # condition where no story is tracked, and probes every article's quotes (events.py)
    copies = copy_left_out(tx) if indexed else "sa.copy_of IS NULL"
    filtered = [Words("q.speaker", "speaker", tuple((wanted.speaker or "").split())),
                Words("q.text", "text", tuple((wanted.words or "").split()))]
    words, found = conditions(tx.dialect, filtered, "quotes_fts", "q.pk", indexed)
    plain, plain_params = conditions(tx.dialect, filtered, "quotes_fts", "q.pk", indexed=False)
    rest: list[str] = []
    more: list[Any] = []
    if wanted.kind:
        rest.append("q.kind = ?")
        more.append(wanted.kind)
    if not wanted.stances:
        rest.append("q.statement")
    dated, dates = date_conditions(tx.dialect, wanted.since, wanted.until)
    return _Wanted(filtered, [copies, *words], list(found), [copies, *plain], list(plain_params),
                   [*rest, *dated], [*more, *dates])


def _read(tx: Tx, wanted: QuoteFilter, sql: _Wanted, wanted_rows: int, select: str,
          at: Position | None = None) -> list[Any]:
    """The first ``wanted_rows`` rows matching (after ``at``, a cursor's row, in its segment: dated or not)."""
    keyed, keys = after(at, "a.published", "a.pk", "q.pk") if at else ([], [])
    rest, more = [*sql.rest, *keyed], [*sql.more, *keys]
    if select == _KEYS and tx.dialect == "sqlite" and _common(tx, sql.filtered) and not (at and at.published is None):
        rows = _newest(tx, [*sql.plain, *rest], [*sql.plain_params, *more], wanted, wanted_rows, select,
                       at.published if at else None)
        if rows is not None:
            return rows
    # Without words to look for most quotes match: SQLite walks the articles' date index from the
    # newest and stops at the limit (1 ms where scanning and sorting 1M quotes took 0.6 s). With
    # words, few match: scanning the quotes once beats probing them article by article (5 s).
    walk = not (wanted.speaker or wanted.words) and tx.dialect == "sqlite"
    joined = f"articles a {_walked(tx, select)} CROSS JOIN quotes q ON q.article_pk = a.pk" if walk else \
        f"quotes q JOIN articles a {_looked_up(tx, select)} ON a.pk = q.article_pk"
    # SQLite puts NULLs last when descending; the scan orders by an expression so that its planner
    # does not walk the date index anyway; PostgreSQL likewise (its newest-first index, schema step
    # 18, is for the list without words: with them it probed every article's quotes)
    bare = not (wanted.speaker or wanted.words)
    order = tx.pick(sqlite="a.published DESC, a.pk DESC, q.pk" if walk else
                    "(a.published IS NULL), a.published DESC, a.pk DESC, q.pk",
                    postgres="a.published DESC NULLS LAST, a.pk DESC, q.pk" if bare else
                    "(a.published IS NULL), a.published DESC, a.pk DESC, q.pk")
    return tx.all(f"{select} FROM {joined} {_story(select)} WHERE {' AND '.join([*sql.where, *rest])} "
                  f"ORDER BY {order} LIMIT ?", [*sql.params, *more, wanted_rows])


def find(tx: Tx, wanted: QuoteFilter, limit: int = 50, offset: int = 0, indexed: bool = True) -> list[QuoteHit]:
    """Quotes matching ``wanted``, from the newest article on (in its text order); a syndicated copy's quotes are its
    original's, so copies are left out, and the same words from the same speaker come once. ``wanted.after`` (a
    cursor): the hits after that one, ``offset`` ignored. ``indexed`` False: the speaker and words filters scan
    every quote (contains.py), to compare."""
    sql = _wanted(tx, wanted, indexed)
    if not indexed:
        if wanted.after is not None:
            raise InputError("a cursor pages the indexed list only", input="quotes")
        scan(tx)
        return _counted(tx, _wanted(tx, wanted, True),
                        _merged(_read(tx, wanted, sql, (offset + limit) * _MORE, _SELECT), offset, limit))
    # the same words from the same speaker are one: the first (newest) row of each, counted over the rows read
    firsts: dict[tuple[str, str], _First] = {}
    if wanted.after is None:
        _merge(firsts, _read(tx, wanted, sql, (offset + limit) * _MORE, _KEYS))
        page = list(firsts.values())[offset:offset + limit]
    else:
        page = _after(tx, wanted, sql, decode("quotes", wanted.after), limit, firsts)
    if not page:
        return []
    full = {int(r[10]): r for r in tx.all(
        f"{_SELECT} FROM quotes q JOIN articles a ON a.pk = q.article_pk {_STORY} "
        f"WHERE q.pk IN ({', '.join('?' * len(page))})", [first.pk for first in page])}
    return _counted(tx, sql, [replace(_hit(full[first.pk]), articles=first.count) for first in page])


def _counted(tx: Tx, sql: _Wanted, hits: list[QuoteHit]) -> list[QuoteHit]:
    """The hits, each with how many rows of the whole list carry its words from its speaker (one statement), not
    only among the rows read for the page (after a cursor, or deep, those were a part of them): looked up by the
    words' start (schema step 25) as :func:`_shown_before` does, one query for a page."""
    counts: dict[tuple[str, str], int] = {}
    indexed = tx.pick(sqlite="INDEXED BY quotes_said", postgres="")
    texts = sorted({hit.text for hit in hits})
    for at in range(0, len(texts), 200):  # a bounded IN list
        chunk = texts[at:at + 200]
        for speaker, text in tx.all(
                f"SELECT q.speaker, q.text FROM quotes q {indexed} JOIN articles a ON a.pk = q.article_pk WHERE "
                f"{said(tx.dialect, 'q.text')} IN ({', '.join([said(tx.dialect, 'CAST(? AS TEXT)')] * len(chunk))}) "
                f"AND {' AND '.join([*sql.plain, *sql.rest])}", [*chunk, *sql.plain_params, *sql.more]):
            counts[_said(speaker, text)] = counts.get(_said(speaker, text), 0) + 1
    return [replace(hit, articles=max(hit.articles, counts.get(_said(hit.speaker, hit.text), 0))) for hit in hits]


@dataclass
class _First:
    """A statement's first (newest) row read, how many rows carry it, and whether a page before showed it."""

    pk: int
    count: int
    shown: bool = False


def _merge(firsts: dict[tuple[str, str], _First], rows: list[Any]) -> list[tuple[str, str]]:
    """Count the rows (``_KEYS``'s) into ``firsts``; the statements new among them, with their first rows."""
    new = []
    for pk, speaker, text, _, _ in rows:
        key = _said(speaker, text)
        if key in firsts:
            firsts[key].count += 1
        else:
            firsts[key] = _First(int(pk), 1)
            new.append(key)
    return new


def _after(tx: Tx, wanted: QuoteFilter, sql: _Wanted, start: Position, limit: int,
           firsts: dict[tuple[str, str], _First]) -> list[_First]:
    """The page after the cursor's row ``start``: the rows after it read a window at a time, a statement
    said again before it left out (a page before showed it), until the page is full or no row is left."""
    at, window = start, limit * _MORE
    while True:
        rows = _read(tx, wanted, sql, window, _KEYS, at)
        texts = {key: (row[1], row[2]) for row in rows if (key := _said(row[1], row[2])) not in firsts}
        _merge(firsts, rows)
        for key in _shown_before(tx, sql, start, list(texts.values())):
            if key in texts:
                firsts[key].shown = True
        page = [first for first in firsts.values() if not first.shown]
        if len(page) >= limit:
            return page[:limit]
        going_on = advanced(rows, window, at, 3, 4)
        if going_on is None:
            return page
        at = going_on


def _shown_before(tx: Tx, sql: _Wanted, start: Position, said_rows: list[tuple[Any, Any]]) -> set[tuple[str, str]]:
    """Of the statements ``said_rows`` (a speaker and words of each), those said in a row before ``start``
    that the filter keeps: a page up to the cursor showed them. Looked up by the words' start, spacing and
    ASCII case aside (schema step 25), then compared as merging compares them."""
    if not said_rows:
        return set()
    found: set[tuple[str, str]] = set()
    newer, params = up_to(start, "a.published", "a.pk", "q.pk")
    indexed = tx.pick(sqlite="INDEXED BY quotes_said", postgres="")
    for at in range(0, len(said_rows), 200):  # a bounded IN list
        chunk = said_rows[at:at + 200]
        rows = tx.all(
            f"SELECT q.speaker, q.text FROM quotes q {indexed} JOIN articles a ON a.pk = q.article_pk "
            f"WHERE {said(tx.dialect, 'q.text')} IN ({', '.join([said(tx.dialect, 'CAST(? AS TEXT)')] * len(chunk))}) "
            f"AND {' AND '.join([*sql.plain, *sql.rest, newer])}",
            [*(str(text) for _, text in chunk), *sql.plain_params, *sql.more, *params])
        found.update(_said(speaker, text) for speaker, text in rows)
    return found


def _merged(rows: list[Any], offset: int, limit: int) -> list[QuoteHit]:
    """The page of hits from rows read in full (``indexed`` False: the way before _KEYS, to compare)."""
    hits: dict[tuple[str, str], QuoteHit] = {}
    for row in rows:
        key = _said(row[0], row[1])
        if key in hits:
            seen = hits[key]
            hits[key] = replace(seen, articles=seen.articles + 1)
            continue
        hits[key] = _hit(row)
    return list(hits.values())[offset:offset + limit]


def _said(speaker: Any, text: Any) -> tuple[str, str]:
    """What makes two quotes one: the speaker and the words, case and spacing aside."""
    return str(speaker or "").casefold(), " ".join(str(text).split()).casefold()


def _hit(row: Any) -> QuoteHit:
    """A hit from a row of ``_SELECT``, with its cursor."""
    return QuoteHit(speaker=row[0], text=str(row[1]), kind=str(row[2]), article_id=str(row[3]),
                    title=row[4], url=row[5], source=row[6], published=row[7], story=row[8], statement=bool(row[11]),
                    next=encode("quotes", Position(row[7], int(row[9]), int(row[10]))))


def _story(select: str) -> str:
    """The story join where the rows are read in full (the hits show each one's story)."""
    return _STORY if select == _SELECT else ""


def _walked(tx: Tx, select: str) -> str:
    """SQLite walks the articles newest first on the covering index (date, key, id; schema step 20)
    when only the merging keys are read: the article rows are not read."""
    return "INDEXED BY articles_newest_ids" if select == _KEYS and tx.dialect == "sqlite" else ""


def _looked_up(tx: Tx, select: str) -> str:
    """SQLite reads a quote's article's date and id from the covering index by key (schema step 21)."""
    return "INDEXED BY articles_key_ids" if select == _KEYS and tx.dialect == "sqlite" else ""


def mark_stances(tx: Tx) -> None:
    """Schema step 26: mark the stored quotes that are stances (``statement`` false), from their
    articles' records (the cue is there, not in the row), a page of articles at a time. A row and the
    record's quote are paired in order (the rows are written in the record's order), else by words and kind."""
    quotes = tx.pick(sqlite="json_extract(a.record, '$.quotes')", postgres="a.record -> 'quotes'")
    last = 0
    while True:  # a direct quote is always a statement: only articles holding another kind are read
        pages = tx.all(f"SELECT a.pk, {quotes} FROM articles a WHERE a.pk > ? AND EXISTS (SELECT 1 FROM quotes q "
                       "WHERE q.article_pk = a.pk AND q.kind <> 'direct') ORDER BY a.pk LIMIT ?", (last, _MARK_PAGE))
        if not pages:
            return
        last = int(pages[-1][0])
        rows: dict[int, list[tuple[int, str, str]]] = {}
        for pk, article_pk, text, kind in tx.all(
                f"SELECT pk, article_pk, text, kind FROM quotes WHERE article_pk IN ({', '.join('?' * len(pages))}) "
                "ORDER BY article_pk, pk", [int(p[0]) for p in pages]):
            rows.setdefault(int(article_pk), []).append((int(pk), str(text), str(kind)))
        stances = [pk for article_pk, recorded in pages for pk in _stances(rows.get(int(article_pk), []),
                                                                         _recorded(recorded))]
        for at in range(0, len(stances), _MARK_PAGE):  # a bounded IN list
            chunk = stances[at:at + _MARK_PAGE]
            tx.run(f"UPDATE quotes SET statement = FALSE WHERE pk IN ({', '.join('?' * len(chunk))})", chunk)


_MARK_PAGE = 500  # articles read at a time by mark_stances


def _recorded(value: Any) -> list[dict[str, Any]]:
    """An article record's quotes (JSON text on SQLite, already parsed on PostgreSQL)."""
    found = json.loads(value) if isinstance(value, str) else value
    return [q for q in found if isinstance(q, dict)] if isinstance(found, list) else []


def _stances(rows: list[tuple[int, str, str]], recorded: list[dict[str, Any]]) -> list[int]:
    """The pks of the rows (pk, text, kind) whose quote in the record is a stance."""
    def key(quote: dict[str, Any]) -> tuple[str, str]:
        return str(quote.get("text") or ""), str(quote.get("kind") or "")

    if len(rows) == len(recorded) and all((t, k) == key(q) for (_, t, k), q in zip(rows, recorded, strict=True)):
        paired = list(zip((pk for pk, _, _ in rows), recorded, strict=True))
    else:  # not in step (an edited database): each row to the first unpaired record quote of its words and kind
        left: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for quote in recorded:
            left.setdefault(key(quote), []).append(quote)
        paired = [(pk, left[(t, k)].pop(0)) for pk, t, k in rows if left.get((t, k))]
    return [pk for pk, quote in paired
            if not stated(*key(quote), quote.get("cue") if isinstance(quote.get("cue"), str) else None)]
