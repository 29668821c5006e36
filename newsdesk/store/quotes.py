"""SQL for who said what across the stored articles: quotes by speaker, words and kind, newest first."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..errors import InputError
from .contains import Words, conditions, scan
from .db import Tx

KINDS = ("direct", "indirect", "mixed")
# an article that is no syndicated copy (``a``: its row); the same as "sa.copy_of IS NULL" after
# ``LEFT JOIN story_articles sa`` (one row per article at most), which PostgreSQL's planner takes for
# a rare condition where story_articles is empty (no story tracked) or has no statistics
COPY_LEFT_OUT = "NOT EXISTS (SELECT 1 FROM story_articles c WHERE c.article_id = a.id AND c.copy_of IS NOT NULL)"
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


def find(tx: Tx, wanted: QuoteFilter, limit: int = 50, offset: int = 0, indexed: bool = True) -> list[QuoteHit]:
    """Quotes matching ``wanted``, from the newest article on (in its text order); a syndicated copy's quotes are its
    original's, so copies are left out, and the same words from the same speaker come once. ``indexed`` False:
    the speaker and words filters scan every quote (contains.py), to compare."""
    # a copy left out as NOT EXISTS: PostgreSQL takes "sa.copy_of IS NULL" after the join for a rare
    # condition where no story is tracked, and probes every article's quotes (events.py)
    where = [COPY_LEFT_OUT if indexed else "sa.copy_of IS NULL"]
    params: list[str | int] = []
    words, found = conditions(tx.dialect, [Words("q.speaker", "speaker", tuple((wanted.speaker or "").split())),
                                   Words("q.text", "text", tuple((wanted.words or "").split()))],
                              "quotes_fts", "q.pk", indexed)
    where += words
    params += found
    if not indexed:
        scan(tx)
    if wanted.kind:
        where.append("q.kind = ?")
        params.append(wanted.kind)
    dated, dates = date_conditions(wanted.since, wanted.until)
    where += dated
    params += dates
    # Without words to look for most quotes match: SQLite walks the articles' date index from the
    # newest and stops at the limit (1 ms where scanning and sorting 1M quotes took 0.6 s). With
    # words, few match: scanning the quotes once beats probing them article by article (5 s).
    walk = not (wanted.speaker or wanted.words) and tx.dialect == "sqlite"
    joined = "articles a CROSS JOIN quotes q ON q.article_pk = a.pk" if walk else \
        "quotes q JOIN articles a ON a.pk = q.article_pk"
    # SQLite puts NULLs last when descending; the scan orders by an expression so that its planner
    # does not walk the date index anyway
    order = tx.pick(sqlite="a.published DESC, a.pk DESC, q.pk" if walk else
                    "(a.published IS NULL), a.published DESC, a.pk DESC, q.pk",
                    postgres="a.published DESC NULLS LAST, a.pk DESC, q.pk")
    sql = ("SELECT q.speaker, q.text, q.kind, a.id, a.title, a.url, a.source, a.published, sa.story_id "
           f"FROM {joined} LEFT JOIN story_articles sa ON sa.article_id = a.id "
           f"WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ?")
    wanted_rows = (offset + limit) * _MORE
    rows = tx.all(sql, [*params, wanted_rows])
    hits: dict[tuple[str, str], QuoteHit] = {}
    for row in rows:
        key = (str(row[0] or "").casefold(), " ".join(str(row[1]).split()).casefold())
        if key in hits:
            seen = hits[key]
            hits[key] = replace(seen, articles=seen.articles + 1)
            continue
        hits[key] = QuoteHit(speaker=row[0], text=str(row[1]), kind=str(row[2]), article_id=str(row[3]),
                             title=row[4], url=row[5], source=row[6], published=row[7], story=row[8])
    return list(hits.values())[offset:offset + limit]
