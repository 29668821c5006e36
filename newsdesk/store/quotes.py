"""SQL for who said what across the stored articles: quotes by speaker, words and kind, newest first."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from ..errors import InputError
from .contains import Words, conditions, scan, trigram_rows
from .db import Tx

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

    def __post_init__(self) -> None:
        if self.kind is not None and self.kind not in KINDS:
            raise InputError(f"quote kind {self.kind!r} is none of {', '.join(KINDS)}", input="quotes")
        check_dates(self.since, self.until, "quotes")


def check_dates(since: str | None, until: str | None, what: str) -> None:
    """``since`` and ``until`` as the query language takes them (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``),
    in that order; InputError naming ``what`` otherwise."""
    for name, value in (("since", since), ("until", until)):
        if value is not None and not DATE.fullmatch(value):
            raise InputError(f"{name} {value!r} is no date (YYYY, YYYY-MM or YYYY-MM-DD)", input=what)
    if since and until and until < since[:len(until)]:
        raise InputError(f"until {until} is before since {since}", input=what)


def date_conditions(since: str | None, until: str | None,
                    column: str = "a.published") -> tuple[list[str], list[str]]:
    """SQL conditions on ``column`` (an ISO date or time) for the dates (both ends inclusive), and their
    parameters."""
    where, params = [], []
    if since:
        where.append(f"{column} >= ?")
        params.append(since)
    if until:  # inclusive of the whole day: "2022-03-29T23:00" sorts before "2022-03-29~"
        where.append(f"{column} <= ?")
        params.append(until + "~")
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
    articles: int = 1  # how many stored articles (copies left out) carry this statement


_SELECT = "SELECT q.speaker, q.text, q.kind, a.id, a.title, a.url, a.source, a.published, sa.story_id"
_STORY = "LEFT JOIN story_articles sa ON sa.article_id = a.id"
# A deep page (offset 10,000) reads 40,000 rows to merge the same words said again: first only what
# merging needs, the page's rows in full after (_KEYS). The article's date and id come from a covering
# index (SQLite; schema steps 20 and 21), not from its row, which holds the whole record: reading
# 8,000 of those took 0.2-0.5 s. Same rows, in the same order, as reading every row in full.
_KEYS = "SELECT q.pk, q.speaker, q.text"
_WINDOW = 25  # a common filter: the newest articles read per quote row wanted before the trigram index is asked
_COMMON = 2_000  # quotes matching a filter that make it a common one


def _common(tx: Tx, filtered: list[Words]) -> bool:
    """Whether at least :data:`_COMMON` quotes hold the words (counted in the trigram index up to there:
    in the full query the index lists every quote holding them before any is read)."""
    found = trigram_rows(filtered, "quotes_fts")
    row = tx.one(f"SELECT count(*) FROM ({found[0]} LIMIT ?) m", [*found[1], _COMMON]) if found else None
    return row is not None and int(row[0]) >= _COMMON


def _newest(tx: Tx, where: list[str], params: list[str | int], wanted: QuoteFilter,
            wanted_rows: int, select: str) -> list[Any] | None:
    """The first ``wanted_rows`` quotes matching ``where`` (which holds the dates), walking the articles from
    the newest and testing each quote as it stands; None when fewer match among the newest articles. A
    common word or speaker ("the", a president) matches a quote in a few: reading those is fast, where
    the trigram index finds every
    quote holding it and sorts them all (seconds for a common word at 1M quotes). The walk is the
    full query's order, so the rows are the full query's first ones."""
    dated, dates = date_conditions(wanted.since, wanted.until, "published")
    # the walk stops at the limit; at worst it reads this many articles (the quotes of older ones may match)
    edge = tx.one(f"SELECT published FROM articles {'WHERE ' + ' AND '.join(dated) if dated else ''} "
                  "ORDER BY published DESC, pk DESC LIMIT 1 OFFSET ?", [*dates, wanted_rows * _WINDOW - 1])
    bound = ["a.published >= ?"] if edge and edge[0] is not None else []
    rows = tx.all(f"{select} FROM articles a {_walked(tx, select)} CROSS JOIN quotes q ON q.article_pk = a.pk "
                  f"{_story(select)} WHERE {' AND '.join([*where, *bound])} "
                  "ORDER BY a.published DESC, a.pk DESC, q.pk LIMIT ?",
                  [*params, *([edge[0]] if bound and edge else []), wanted_rows])
    return rows if len(rows) >= wanted_rows else None


def find(tx: Tx, wanted: QuoteFilter, limit: int = 50, offset: int = 0, indexed: bool = True) -> list[QuoteHit]:
    """Quotes matching ``wanted``, from the newest article on (in its text order); a syndicated copy's quotes are its
    original's, so copies are left out, and the same words from the same speaker come once. ``indexed`` False:
    the speaker and words filters scan every quote (contains.py), to compare."""
    # a copy left out as NOT EXISTS: PostgreSQL takes "sa.copy_of IS NULL" after the join for a rare
    # condition where no story is tracked, and probes every article's quotes (events.py)
    where = [copy_left_out(tx) if indexed else "sa.copy_of IS NULL"]
    params: list[str | int] = []
    filtered = [Words("q.speaker", "speaker", tuple((wanted.speaker or "").split())),
                Words("q.text", "text", tuple((wanted.words or "").split()))]
    words, found = conditions(tx.dialect, filtered, "quotes_fts", "q.pk", indexed)
    where += words
    params += found
    if not indexed:
        scan(tx)
    rest: list[str] = []
    more: list[str | int] = []
    if wanted.kind:
        rest.append("q.kind = ?")
        more.append(wanted.kind)
    dated, dates = date_conditions(wanted.since, wanted.until)
    rest += dated
    more += dates
    wanted_rows = (offset + limit) * _MORE
    select = _KEYS if indexed else _SELECT
    rows = None
    if indexed and tx.dialect == "sqlite" and _common(tx, filtered):
        plain, plain_params = conditions(tx.dialect, filtered, "quotes_fts", "q.pk", indexed=False)
        rows = _newest(tx, [where[0], *plain, *rest], [*plain_params, *more], wanted, wanted_rows, select)
    if rows is None:
        where += rest
        params += more
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
        rows = tx.all(f"{select} FROM {joined} {_story(select)} WHERE {' AND '.join(where)} ORDER BY {order} "
                      "LIMIT ?", [*params, wanted_rows])
    if not indexed:
        return _merged(rows, offset, limit)
    # the same words from the same speaker are one: the first (newest) row of each, counted over the rows read
    firsts: dict[tuple[str, str], list[int]] = {}
    for pk, speaker, text in rows:
        key = _said(speaker, text)
        if key in firsts:
            firsts[key][1] += 1
        else:
            firsts[key] = [int(pk), 1]
    page = list(firsts.values())[offset:offset + limit]
    if not page:
        return []
    full = {int(r[-1]): r[:-1] for r in tx.all(
        f"{_SELECT}, q.pk FROM quotes q JOIN articles a ON a.pk = q.article_pk {_STORY} "
        f"WHERE q.pk IN ({', '.join('?' * len(page))})", [pk for pk, _ in page])}
    return [replace(_hit(full[pk]), articles=count) for pk, count in page]


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
    return QuoteHit(speaker=row[0], text=str(row[1]), kind=str(row[2]), article_id=str(row[3]),
                    title=row[4], url=row[5], source=row[6], published=row[7], story=row[8])


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
