"""SQL for who is who across the stored articles: the people, organisations and places the articles
name, the most named first, with the titles the articles give them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from .contains import Words, conditions, scan
from .db import Tx
from .keyset import Rank, decode_rank, encode_rank
from .quotes import check_dates, date_conditions

TYPES = {"person": "PERSON", "org": "ORG", "place": "PLACE", "group": "GROUP"}
TITLE_ARTICLES = 5  # the newest articles read for an entity's titles
MAX_TITLES = 4


@dataclass(frozen=True)
class NameFilter:
    """Entities of one type (``person``, ``org``, ``place``, ``group``), every word of ``name`` in
    theirs (case ignored), named in articles published in the dates given (inclusive)."""

    type: str | None = None
    name: str | None = None
    since: str | None = None
    until: str | None = None
    after: str | None = None  # a cursor (a hit's ``next``): the entities ranked after that one, in place of an offset

    def __post_init__(self) -> None:
        if self.type is not None and self.type not in TYPES:
            raise InputError(f"entity type {self.type!r} is none of {', '.join(TYPES)}", input="entities")
        check_dates(self.since, self.until, "entities")
        if self.after is not None:
            decode_rank("entities", self.after)


@dataclass(frozen=True)
class NameHit:
    """One entity: how many articles (copies left out) and stories name it, when last, and the
    titles the newest of them give it ("Russia's lead negotiator")."""

    name: str
    type: str
    articles: int
    stories: int
    last_seen: str | None
    titles: tuple[str, ...] = ()
    next: str | None = None  # the cursor of the entities ranked after this one (NameFilter.after)

# What an entity row is counted with: its article's pk and date (a), its story and copy_of (sa).
_FEW = ("", "entities e JOIN articles a ON a.pk = e.article_pk LEFT JOIN story_articles sa ON sa.article_id = a.id")
_EVERY = ("WITH pub AS MATERIALIZED (SELECT pk, published FROM articles), "
          "member AS MATERIALIZED (SELECT a.pk AS pk, sa.story_id AS story_id, sa.copy_of AS copy_of, "
          "sa.published AS published "
          "FROM story_articles sa JOIN articles a ON a.id = sa.article_id) ",
          "entities e JOIN pub a ON a.pk = e.article_pk LEFT JOIN member sa ON sa.pk = e.article_pk")


def find(tx: Tx, wanted: NameFilter, limit: int = 50, offset: int = 0, indexed: bool = True) -> list[NameHit]:
    """Entities matching ``wanted``, the most named first. ``wanted.after`` (a cursor): those ranked after that
    one, ``offset`` ignored. ``indexed`` False: the name filter scans every entity row (contains.py), to compare."""
    at = decode_rank("entities", wanted.after) if wanted.after is not None else None
    offset = 0 if at is not None else offset
    where = ["sa.copy_of IS NULL"]
    params: list[Any] = []
    if wanted.type:
        where.append("e.type = ?")
        params.append(TYPES[wanted.type])
    named, found = conditions(tx.dialect, [Words("e.name", "name", tuple((wanted.name or "").split()))],
                              "entities_fts", "e.pk", indexed)
    where += named
    params += found
    if not indexed:
        scan(tx)
    dated, dates = date_conditions(tx.dialect, wanted.since, wanted.until)
    where += dated
    params += dates
    rows = _most_named(tx, wanted.type, limit, offset, at) if indexed and not named and not dated else None
    if rows is None:
        # Without a name most entity rows count: each would read its article's row (the record beside
        # the date, 11 s at 800k rows). Their dates (from the date index) and stories are read once instead,
        # under the same names (a, sa). With a name, the few rows found read their articles.
        before, joined = _EVERY if indexed and not named else _FEW
        if indexed and not named and dated and _narrow(tx, wanted.since, wanted.until):
            before, joined = _WINDOW[0], tx.pick(sqlite=_WINDOW[1], postgres=_WINDOW[1].replace("CROSS ", ""))
        having, ranked = _after(at)
        rows = tx.all(f"{before}{_COUNTED}{joined} WHERE {' AND '.join(where)} {_GROUPED}{having} {_ORDER} "
                      "LIMIT ? OFFSET ?", [*params, *ranked, limit, offset])
    return [NameHit(str(r[0]), str(r[1]), int(r[2]), int(r[3]), r[4], _titles(tx, str(r[0]), str(r[1])),
                    encode_rank("entities", Rank(int(r[2]), r[4], str(r[0]), str(r[1])))) for r in rows]


# A few weeks or months of news (the people page's last month): their articles from the date index, then
# their entity rows; counting every entity row as above took 3 s at 200k articles for a month of them.
_WINDOW = ("", "articles a CROSS JOIN entities e ON e.article_pk = a.pk "
               "LEFT JOIN story_articles sa ON sa.article_id = a.id")
_NARROW = 4  # a window of at most 1/4 of the articles is read by date; a wider one counts every row at once


def _narrow(tx: Tx, since: str | None, until: str | None) -> bool:
    """Whether the dates hold few enough articles to read them by date (counted from the date index, up
    to the bound only)."""
    top = tx.one("SELECT max(pk) FROM articles")
    bound = int(top[0] or 0) // _NARROW if top else 0
    dated, dates = date_conditions(tx.dialect, since, until, "published")
    row = tx.one(f"SELECT count(*) FROM (SELECT 1 FROM articles WHERE {' AND '.join(dated)} LIMIT ?) w",
                 [*dates, bound + 1])
    return row is not None and int(row[0]) <= bound


# Last seen in UTC: an article's date keeps its source's offset, so the greatest text was not the latest
# time (09:40+03:00 above 08:15+00:00); the story tables hold the same instant in UTC (store/core.py).
_LAST = "max(coalesce(sa.published, a.published))"
_COUNTED = f"SELECT e.name, e.type, count(DISTINCT a.pk), count(DISTINCT sa.story_id), {_LAST} FROM "
# The rank: the most articles first, then the latest named (never named on a date last, on both backends), then
# by name and type (one entity each: a cursor's place is exact, ties and all)
_GROUPED = "GROUP BY e.name, e.type"
_ORDER = f"ORDER BY count(DISTINCT a.pk) DESC, ({_LAST} IS NULL), {_LAST} DESC, e.name, e.type"


def _after(at: Rank | None) -> tuple[str, list[Any]]:
    """A HAVING clause (and its parameters) keeping the entities ranked after ``at``; none without a cursor."""
    if at is None:
        return "", []
    counted = "count(DISTINCT a.pk)"
    named = "(e.name > ? OR (e.name = ? AND e.type > ?))"
    if at.last is None:  # after the undated among its count: the undated after it by name
        same, same_params = f"({_LAST} IS NULL AND {named})", [at.name, at.name, at.type]
    else:
        same = f"({_LAST} < ? OR {_LAST} IS NULL OR ({_LAST} = ? AND {named}))"
        same_params = [at.last, at.last, at.name, at.name, at.type]
    return f" HAVING ({counted} < ? OR ({counted} = ? AND {same}))", [at.count, at.count, *same_params]
_MOST_GROUPS = 400  # entities counted one by one at most; more: every entity row is counted at once


def _most_named(tx: Tx, kind: str | None, limit: int, offset: int, at: Rank | None = None) -> list[Any] | None:
    """The most named entities (of one type; no name, no dates: the people page's list) as the full
    count ranks them, counting only those that can rank: an entity's rows (copies and all) bound its
    count of articles from above, so once ``offset + limit`` entities are counted, one whose bound is
    below the last of them ranks after them all. Counting every entity row against its article took
    1.7-5 s at 800k rows. After a cursor ``at``, those ranked after it: an entity with fewer rows than its
    count does, so the count starts after the last with as many. None: too many can rank to count one by one."""
    need = offset + limit
    bounds = _Bounds(tx, kind, need)
    start = 0
    while at is not None and start < bounds.upto(start + 1) and bounds[start] >= at.count:
        start += 1
    end = min(start + need, bounds.upto(start + need))
    while 0 < end < bounds.upto(end + 1) and bounds[end] == bounds[end - 1]:  # ties with the last may rank too
        end += 1
    having, ranked = _after(at)
    while 0 < end <= _MOST_GROUPS:
        pairs = bounds.pairs[:end]
        # SQLite: each row's article date and id from the covering index (schema step 21), not its row
        rows = tx.all(
            "WITH counted (name, type) AS (VALUES " + ", ".join(["(?, ?)"] * len(pairs)) + f") {_COUNTED}counted c "
            + tx.pick(sqlite="CROSS JOIN", postgres="JOIN") + " entities e ON e.name = c.name AND e.type = c.type "
            "JOIN articles a " + tx.pick(sqlite="INDEXED BY articles_key_ids ", postgres="")
            + "ON a.pk = e.article_pk LEFT JOIN story_articles sa ON sa.article_id = a.id "
            f"WHERE sa.copy_of IS NULL {_GROUPED}{having} {_ORDER}",
            [*(v for name, type_, _ in pairs for v in (name, type_)), *ranked])
        last = int(rows[need - 1][2]) if len(rows) >= need else 1  # fewer counted: any entity may rank
        more = end
        while more < bounds.upto(more + 1) and bounds[more] >= last:
            more += 1
        if more == end:
            return list(rows[offset:need])
        end = more
    return [] if not bounds.upto(1) else None


class _Bounds:
    """Entities with their rows (an upper bound of their count of articles), the most first, read as far as
    asked for: SQLite keeps them counted (schema step 22) and reads the first few from an index; PostgreSQL
    groups every entity row by name (its many writers would wait on, and deadlock over, counts kept)."""

    def __init__(self, tx: Tx, kind: str | None, need: int) -> None:
        self._tx, self._kind = tx, kind
        self.pairs: list[tuple[str, str, int]] = []
        self._done = tx.dialect == "postgres"
        if self._done:
            typed = [TYPES[kind]] if kind else []
            self.pairs = [(str(n), str(t), int(c)) for n, t, c in tx.all(
                f"SELECT name, type, count(*) FROM entities {'WHERE type = ? ' if kind else ''}"
                "GROUP BY name, type ORDER BY count(*) DESC", typed)]
        self._step = max(need * 2, 100)

    def upto(self, count: int) -> int:
        """How many are read, having read at least ``count`` where there are so many."""
        while not self._done and len(self.pairs) < count:
            typed = [TYPES[self._kind]] if self._kind else []
            rows = self._tx.all("SELECT name, type, mentions FROM entity_counts "
                                f"{'WHERE type = ? ' if self._kind else ''}ORDER BY mentions DESC, name, type "
                                "LIMIT ? OFFSET ?", [*typed, self._step, len(self.pairs)])
            self.pairs += [(str(n), str(t), int(c)) for n, t, c in rows]
            self._done = len(rows) < self._step
            self._step *= 4
        return len(self.pairs)

    def __getitem__(self, at: int) -> int:
        return self.pairs[at][2]


def _titles(tx: Tx, name: str, kind: str) -> tuple[str, ...]:
    """The titles the newest articles naming the entity give it, the most given first."""
    rows = tx.all("SELECT a.record FROM entities e JOIN articles a ON a.pk = e.article_pk "
                  "WHERE e.name = ? AND e.type = ? ORDER BY e.article_pk DESC LIMIT ?", (name, kind, TITLE_ARTICLES))
    counts: dict[str, int] = {}
    for (record,) in rows:
        data = json.loads(record) if isinstance(record, str) else record
        for entity in data.get("entities", ()):
            if entity.get("name") == name and entity.get("type") == kind:
                for title in entity.get("titles", ()):
                    counts[title] = counts.get(title, 0) + 1
    return tuple(sorted(counts, key=lambda t: -counts[t])[:MAX_TITLES])
