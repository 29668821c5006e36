"""Search: a parsed query (``query.py``) compiled to SQL, best first.

SQLite: the words and the name/event/source filters of the query become one FTS5 ``MATCH``,
ranked with bm25 (title weighted 4 to the text's 1) among the newest matches. PostgreSQL: the
words become a tsquery ranked with ``ts_rank``; filters are conditions on the entity and event
rows. What neither can express (dates, a NOT with nothing positive beside it) becomes a SQL
condition on the article row: dates compare UTC instants (``query.utc_instant``, read in SQL by
:func:`utc_sql`), narrowed first by the outlet's own date text, which the date index holds. A query
without words lists the matching articles newest first by their UTC instant (as the pages show them),
undated ones last.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .bigrams import query_pairs
from .contains import Words, conditions
from .db import Dialect, Tx
from .query import (
    INSTANT,
    UNHAPPENED,
    And,
    Field,
    Node,
    Not,
    Or,
    Phrase,
    Term,
    date_range,
    inner_bound,
    text_bounds,
    utc_instant,
    walk,
)
from .records import Hit
from .schema import NAME_SEPARATOR

TEXT_COLUMNS = "{title text}"  # FTS5 column filter for words: the title and the text
BM25 = "bm25(articles_fts, 4.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0)"  # weights of title, text; filters count nothing
BIGRAMS_BM25 = "bm25(articles_bigrams, 4.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)"  # the same, and pad counts nothing
ENTITY_TYPES = {"person": "PERSON", "org": "ORG", "place": "PLACE"}
DATES = ("since", "until")
SNIPPET_CHARS = 200
# SQLite ranks the newest CANDIDATES matches (by when stored) of a word search, not all of them:
# FTS5 walks a doclist newest first and stops, where bm25 over every match of a common word costs
# time in proportion to the corpus (a second at a million articles). A monitor's reader wants recent
# news; an older article is still found by adding words or a date filter.
CANDIDATES = 2_000
# query.utc_instant in SQL, of the column ``{published}``. SQLite's strftime reads the same grammar, a time
# with no offset as UTC (NULL for no such time or an offset past 14:59; year 0 and the 30th of February as
# written, as Python keeps them), its fraction of a second left out first (strftime rounds it, 23:59:59.9996
# to the next day). PostgreSQL casts a time of query.INSTANT's grammar (a parameter) on a day that exists,
# one without an offset as UTC: no value can make it raise.
_TIME = ("strftime('%Y-%m-%dT%H:%M:%S', CASE WHEN substr({published}, 20, 1) = '.' THEN substr({published}, 1, 19) "
         "|| ltrim(substr({published}, 20), '.0123456789') ELSE {published} END)")
_SQLITE_GLOB = "{published} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][T ]%s:[0-5][0-9]*'"
_SQLITE_UTC = (f"(CASE WHEN ({_SQLITE_GLOB % '[01][0-9]'} OR {_SQLITE_GLOB % '2[0-3]'}) "
               "AND substr({published}, 1, 4) <> '0000' "
               "AND date(substr({published}, 1, 10), '+0 days') = substr({published}, 1, 10) "
               f"AND {_TIME} >= '0001' THEN {_TIME} ELSE {{published}} END)")
_PG_WHOLE = _TIME[_TIME.index("CASE"):-1]  # to the second, as Python and SQLite read it
_PG_ZONED = ("(CASE WHEN right(rtrim({published}), 1) IN ('Z', 'z') OR substr(rtrim({published}), "
             f"length(rtrim({{published}})) - 5, 1) IN ('+', '-') THEN ({_PG_WHOLE}) ELSE ({_PG_WHOLE}) || '+00' END)")
_PG_MOMENT = f"({_PG_ZONED}::timestamptz AT TIME ZONE 'UTC')"
_POSTGRES_UTC = (  # each WHEN in turn: no cast is tried on what an earlier one turned away
    "(CASE WHEN NOT ({published} ~ ?) OR substr({published}, 1, 4) = '0000' THEN {published} "
    "WHEN substr({published}, 9, 2)::int > extract(day FROM make_date(substr({published}, 1, 4)::int, "
    "substr({published}, 6, 2)::int, 1) + interval '1 month - 1 day') THEN {published} "
    f"WHEN {_PG_MOMENT} < '0001-01-01' OR {_PG_MOMENT} >= '10000-01-01' THEN {{published}} "
    f"""ELSE to_char({_PG_MOMENT}, 'YYYY-MM-DD"T"HH24:MI:SS') END)""")


@dataclass(frozen=True)
class _Sql:
    """A SQL fragment; ``{pk}`` and ``{published}`` stand for the article row's columns."""

    text: str
    params: tuple[Any, ...] = ()


@dataclass(frozen=True)
class _Plan:
    """The query choosing the best ``pk`` values (a score or date beside them), and how to order them;
    ``dated``: newest first by the outlet's date text (no words to rank by), put in UTC order after
    (:func:`_in_utc`)."""

    inner: _Sql
    order: str
    dated: bool = False


def utc_sql(dialect: Dialect) -> _Sql:
    """:func:`query.utc_instant` of the article row's ``{published}``, in SQL."""
    return _Sql(_SQLITE_UTC) if dialect == "sqlite" else _Sql(_POSTGRES_UTC, (f"^(?:{INSTANT})$",))


def date_sql(dialect: Dialect, field: Field, column: str = "{published}") -> _Sql:
    """``since:``/``until:`` on ``column`` (an article's date text, or an event's day): its UTC instant, read
    only near the edge, the index narrowing on the text first (the search, the quotes, events and people
    lists alike)."""
    (lower, upper), (text_lower, text_upper) = date_range(field), text_bounds(field)
    op, bound, text = (">=", lower, text_lower) if lower is not None else ("<", upper, text_upper)
    utc = utc_sql(dialect)
    exact = _Sql(f"{utc.text} {op} ?", (*utc.params, bound))
    inside = inner_bound(field)
    if inside is not None:  # the UTC instant read only near the edge: over every matching row it cost 2-5x
        exact = _join([_Sql(f"{{published}} {op} ?", (inside,)), exact], "OR")
    found = exact if text is None else _join([_Sql(f"{{published}} {op} ?", (text,)), exact], "AND")
    return found if column == "{published}" else _Sql(found.text.replace("{published}", column), found.params)


def _join(parts: list[_Sql], op: str) -> _Sql:
    if len(parts) == 1:
        return parts[0]
    return _Sql("(" + f" {op} ".join(p.text for p in parts) + ")", tuple(x for p in parts for x in p.params))


def _has_words(node: Node) -> bool:
    """Whether a word or phrase (not under NOT) is in the tree: what ranks a search."""
    return any(isinstance(n, (Term, Phrase)) and not negated for n, negated in walk(node))


def _is_text(node: Node) -> bool:
    if isinstance(node, (Term, Phrase)):
        return True
    if isinstance(node, Not):
        return _is_text(node.item)
    return isinstance(node, (And, Or)) and all(_is_text(i) for i in node.items)


# -- SQLite: words and filters in one FTS5 MATCH --------------------------------------------------
def _fts_ok(node: Node) -> bool:
    """Expressible as one positive FTS5 expression (FTS5 has only binary ``a NOT b``; no dates)."""
    if isinstance(node, (Term, Phrase)):
        return True
    if isinstance(node, Field):
        return node.name not in DATES and node.name != "said"  # said: the quotes table, not the index
    if isinstance(node, Or):
        return all(_fts_ok(i) for i in node.items)
    if isinstance(node, And):
        positive = [i for i in node.items if not isinstance(i, Not)]
        return bool(positive) and all(_fts_ok(i) for i in positive) and all(
            _fts_ok(i.item) for i in node.items if isinstance(i, Not))
    return False


def _quote(text: str) -> str:
    return '"' + text.replace(NAME_SEPARATOR, " ").replace('"', '""') + '"'


def _fts(node: Node) -> str:
    """FTS5 query syntax for an :func:`_fts_ok` node; all user text is quoted, so none is syntax."""
    if isinstance(node, Term):
        return f"{TEXT_COLUMNS} : {_quote(node.text)}" + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        return f"{TEXT_COLUMNS} : {_quote(node.text)}"
    if isinstance(node, Field):
        return f"{node.name} : {_quote(node.value)}"
    if isinstance(node, Or):
        return "(" + " OR ".join(_fts(i) for i in node.items) + ")"
    assert isinstance(node, And)
    expr = "(" + " AND ".join(_fts(i) for i in node.items if not isinstance(i, Not)) + ")"
    negated = [_fts(i.item) for i in node.items if isinstance(i, Not)]
    return f"({expr} NOT ({' OR '.join(negated)}))" if negated else expr


def _pairs_fts(node: Node) -> str | None:
    """:func:`_fts` for ``articles_bigrams`` (bigrams.py) when every word and phrase of ``node`` is two
    tokens long or more: each becomes the phrase of its pair tokens, and the same rows match with the
    same bm25 scores, without walking common words' position lists. None when any is one token or a prefix."""
    if isinstance(node, (Term, Phrase)):
        found = None if isinstance(node, Term) and node.prefix else query_pairs(node.text)
        return None if found is None else f'{TEXT_COLUMNS} : "{found}"'
    if isinstance(node, Field):
        return _fts(node)
    if isinstance(node, Or):
        parts = [_pairs_fts(i) for i in node.items]
        return None if None in parts else "(" + " OR ".join(p for p in parts if p) + ")"
    assert isinstance(node, And)
    positive = [_pairs_fts(i) for i in node.items if not isinstance(i, Not)]
    negated = [_pairs_fts(i.item) for i in node.items if isinstance(i, Not)]
    if None in positive or None in negated:
        return None
    expr = "(" + " AND ".join(p for p in positive if p) + ")"
    return f"({expr} NOT ({' OR '.join(n for n in negated if n)}))" if negated else expr


def _common(tx: Tx, fts: str, candidates: int) -> bool:
    """Whether an FTS5 expression matches at least ``candidates`` articles (counting stops there)."""
    row = tx.one("SELECT count(*) FROM (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)",
                 (fts, candidates))
    return bool(row and row[0] >= candidates)


def _sqlite_plan(tx: Tx, parts: tuple[Node, ...], candidates: int, pairs: bool = True,
                 extra: tuple[_Sql, ...] = ()) -> _Plan:
    match = [p for p in parts if _fts_ok(p)]
    match += [p for p in parts if match and isinstance(p, Not) and _fts_ok(p.item)]
    rest = list(extra) + [_condition("sqlite", p) for p in parts if p not in match]  # extra first: the index's bounds
    if not match:
        return _latest("sqlite", rest)
    tree = And(tuple(match))
    if _has_words(tree):
        fast = _pairs_fts(tree) if pairs else None
        table, fts, bm25 = ("articles_bigrams", fast, BIGRAMS_BM25) if fast else ("articles_fts", _fts(tree), BM25)
        needs_row = any("{published}" in c.text for c in rest)
        source = f"{table} JOIN articles a ON a.pk = {table}.rowid" if needs_row else table
        where = _where(rest, f"{table}.rowid", "a.published")
        return _Plan(_Sql(f"SELECT pk, score FROM (SELECT {table}.rowid AS pk, {bm25} AS score FROM {source} "
                          f"WHERE {table} MATCH ?{where.text} ORDER BY {table}.rowid DESC "
                          "LIMIT ?) ORDER BY score, pk", (fts, *where.params, candidates)),
                     "top.score, top.pk")
    where = _where(rest, "a.pk", "a.published")
    if _common(tx, _fts(tree), candidates):  # walk the date index newest first, testing each row: it stops after a few
        return _Plan(_Sql("SELECT a.pk AS pk, a.published AS published FROM articles a WHERE +a.pk IN "
                          f"(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?){where.text} "
                          "ORDER BY a.published DESC, a.pk DESC", (_fts(tree), *where.params)),
                     "top.published DESC, top.pk DESC", dated=True)
    return _Plan(_Sql("SELECT a.pk AS pk, a.published AS published FROM articles_fts JOIN articles a "
                      f"ON a.pk = articles_fts.rowid WHERE articles_fts MATCH ?{where.text} "
                      "ORDER BY a.published DESC, a.pk DESC", (_fts(tree), *where.params)),
                 "top.published DESC, top.pk DESC", dated=True)


# -- PostgreSQL: a tsquery for the words, entity and event rows for the filters ---------------------
def _tsquery(node: Node) -> _Sql:
    """A tsquery built with functions from the words (no user text in tsquery syntax)."""
    if isinstance(node, Term):
        if not node.prefix:
            return _Sql("plainto_tsquery('english', newsdesk_fold(?))", (node.text,))
        words = re.findall(r"\w+", node.text)
        return _Sql("to_tsquery('english', newsdesk_fold(?))", (" <-> ".join(words) + ":*",))
    if isinstance(node, Phrase):
        return _Sql("phraseto_tsquery('english', newsdesk_fold(?))", (node.text,))
    if isinstance(node, Not):
        inner = _tsquery(node.item)
        return _Sql(f"(!! {inner.text})", inner.params)
    assert isinstance(node, (And, Or))
    return _join([_tsquery(i) for i in node.items], "&&" if isinstance(node, And) else "||")


def _pg_field(node: Field) -> _Sql:
    if node.name in ENTITY_TYPES:
        named = _Sql("{pk} IN (SELECT article_pk FROM entities WHERE type = ? "
                     "AND name_doc @@ phraseto_tsquery('simple', newsdesk_fold(?)))",
                     (ENTITY_TYPES[node.name], node.value))
        if node.name != "place":
            return named
        # an event's place too, as SQLite's place column holds it (and the map pins it there)
        return _join([named, _Sql("{pk} IN (SELECT article_pk FROM events WHERE to_tsvector('simple', "
                                  "newsdesk_fold(coalesce(location, ''))) "
                                  "@@ phraseto_tsquery('simple', newsdesk_fold(?)))", (node.value,))], "OR")
    if node.name == "event":
        # what did not happen (a foiled plot) is no such event, as SQLite's event column leaves it out
        return _Sql("{pk} IN (SELECT article_pk FROM events WHERE type = ? AND modality NOT IN "
                    f"({', '.join('?' * len(UNHAPPENED))}))", (node.value.upper(), *sorted(UNHAPPENED)))
    return _Sql("{pk} IN (SELECT pk FROM articles WHERE to_tsvector('simple', newsdesk_fold(coalesce(source, ''))) "
                "@@ phraseto_tsquery('simple', newsdesk_fold(?)))", (node.value,))


def _postgres_plan(parts: tuple[Node, ...], extra: tuple[_Sql, ...] = ()) -> _Plan:
    words = [p for p in parts if _is_text(p)]
    words = words if any(_has_words(p) for p in words) else []
    rest = list(extra) + [_condition("postgres", p) for p in parts if p not in words]
    if not words:
        return _latest("postgres", rest)
    query, where = _tsquery(And(tuple(words))), _where(rest, "a.pk", "a.published")
    return _Plan(_Sql(f"SELECT a.pk AS pk, ts_rank(a.doc, q.q) AS score FROM articles a, (SELECT {query.text} AS q) q "
                      f"WHERE a.doc @@ q.q{where.text} ORDER BY score DESC, pk", (*query.params, *where.params)),
                 "top.score DESC, top.pk")


# -- both ----------------------------------------------------------------------------------------
def _condition(dialect: Dialect, node: Node) -> _Sql:
    """A part of the query as a SQL condition on one article row."""
    if isinstance(node, Field) and node.name in DATES:
        return date_sql(dialect, node)
    if isinstance(node, Field) and node.name == "said":
        return _said(dialect, node.value)
    if dialect == "sqlite" and _fts_ok(node):
        return _Sql("{pk} IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", (_fts(node),))
    if dialect == "postgres" and isinstance(node, Field):
        return _pg_field(node)
    if dialect == "postgres" and _is_text(node):
        query = _tsquery(node)
        return _Sql(f"{{pk}} IN (SELECT pk FROM articles WHERE doc @@ {query.text})", query.params)
    if isinstance(node, Not):
        inner = _condition(dialect, node.item)
        return _Sql(f"NOT {inner.text}" if inner.text.startswith("(") else f"NOT ({inner.text})", inner.params)
    assert isinstance(node, (And, Or))
    return _join([_condition(dialect, i) for i in node.items], "AND" if isinstance(node, And) else "OR")


def _said(dialect: Dialect, name: str) -> _Sql:
    """Articles with a statement (not a stance: statements.py) whose speaker's name holds every word of ``name``
    (case ignored), as the quotes list shows them."""
    words = re.findall(r"\w+", name.lower()) or [name.lower()]
    where, params = conditions(dialect, [Words("speaker", "speaker", tuple(words))], "quotes_fts", "pk")
    return _Sql(f"{{pk}} IN (SELECT article_pk FROM quotes WHERE statement AND {' AND '.join(where)})",
                tuple(params))


def _where(conditions: list[_Sql], pk: str, published: str) -> _Sql:
    if not conditions:
        return _Sql("")
    joined = _join(conditions, "AND")
    return _Sql(" AND " + joined.text.format(pk=pk, published=published), joined.params)


def _latest(dialect: Dialect, rest: list[_Sql]) -> _Plan:
    """No words to rank by: the matching articles, newest first (undated ones last)."""
    where = _where(rest, "a.pk", "a.published")
    nulls = " NULLS LAST" if dialect == "postgres" else ""
    inner = _Sql(f"SELECT a.pk AS pk, a.published AS published FROM articles a WHERE 1 = 1{where.text} "
                 f"ORDER BY a.published DESC{nulls}, a.pk DESC", where.params)
    return _Plan(inner, f"top.published DESC{nulls}, top.pk DESC", dated=True)


def search(tx: Tx, node: Node, limit: int, candidates: int = CANDIDATES, pairs: bool = True) -> list[Hit]:
    """The best ``limit`` hits. ``pairs``: SQLite may answer phrases from the word-pair
    index (the same hits; False only to compare)."""
    parts = node.items if isinstance(node, And) else (node,)

    def planned(extra: tuple[_Sql, ...] = ()) -> _Plan:
        return _sqlite_plan(tx, parts, candidates, pairs, extra) if tx.dialect == "sqlite" else \
            _postgres_plan(parts, extra)

    plan = planned()
    text = tx.pick(sqlite="json_extract(a.record, '$.text')", postgres="a.record ->> 'text'")
    columns = f"a.id, a.title, a.url, a.published, a.source, {text}, sa.story_id, sa.copy_of"
    if plan.dated:
        newest = _in_utc(tx, plan, planned, limit)
        rows = []
        for at in range(0, len(newest), 500):  # a bounded IN list
            chunk = newest[at:at + 500]
            rows += tx.all(f"SELECT {columns}, a.pk FROM articles a LEFT JOIN story_articles sa "
                           f"ON sa.article_id = a.id WHERE a.pk IN ({', '.join('?' * len(chunk))})", chunk)
        place = {pk: n for n, pk in enumerate(newest)}
        rows.sort(key=lambda r: place[int(r[8])])
    else:
        rows = tx.all(f"SELECT {columns} FROM ({plan.inner.text} LIMIT ?) top JOIN articles a ON a.pk = top.pk "
                      f"LEFT JOIN story_articles sa ON sa.article_id = a.id ORDER BY {plan.order}",
                      (*plan.inner.params, limit))
    needles = [n.text for n, negated in walk(node) if not negated and isinstance(n, (Term, Phrase))]
    return [Hit(id=r[0], title=r[1], url=r[2], published=r[3], source=r[4], snippet=snippet(r[5] or "", needles),
                story=r[6], copy_of=r[7]) for r in rows]


def _in_utc(tx: Tx, plan: _Plan, planned: Callable[[tuple[_Sql, ...]], _Plan], limit: int) -> list[int]:
    """The keys of the newest ``limit`` articles of a search without words, by their UTC instant
    (:func:`query.utc_instant`, as the pages show and ``since:`` takes it), the latest first, undated last: the
    outlet's date text puts 09:40+03:00 after 08:15+00:00. The newest ``limit`` by that text (read by the date
    index) are all within a day and a half of the latest instants: an offset is under 15 hours either way.
    So every article the UTC order puts among the first is in the text order down to the day before the
    earliest of their instants: read that far (twice ``limit`` first, mostly far enough; else once more,
    from the last read to that day), not the UTC instant of every match."""
    first = tx.all(f"SELECT pk, published FROM ({plan.inner.text} LIMIT ?) top", (*plan.inner.params, 2 * limit))
    rows = [(int(pk), published) for pk, published in first]
    if len(rows) == 2 * limit and rows[limit - 1][1] is not None:  # any article beyond them may be later in UTC
        floor = _day_before(min(str(utc_instant(str(published))) for _, published in rows[:limit]))
        last = rows[-1][1]
        if last is not None and (floor is None or last >= floor):
            near = planned(() if floor is None else (_Sql("{published} >= ?", (floor,)),
                                                     _Sql("{published} <= ?", (last,))))
            seen = {pk for pk, _ in rows}
            rows += [(int(pk), published) for pk, published in tx.all(near.inner.text, near.inner.params)
                     if int(pk) not in seen and published is not None]
    rows.sort(key=lambda row: (row[1] is not None, utc_instant(row[1]) or "", row[0]), reverse=True)
    return [pk for pk, _ in rows[:limit]]


def _day_before(instant: str) -> str | None:
    """The day before an instant's (as date text, below every time of that day); None for text that is no date."""
    try:
        return (datetime.date.fromisoformat(instant[:10]) - datetime.timedelta(days=1)).isoformat()
    except (ValueError, OverflowError):
        return None


def snippet(text: str, needles: list[str], width: int = SNIPPET_CHARS) -> str:
    """About ``width`` characters of ``text`` around the first place a word or phrase of the query occurs."""
    found = len(text)
    for needle in needles:
        words = re.findall(r"\w+", needle)
        if words:  # a word's stem matches its other forms: "talks" finds "talk", "talking"
            stems = [re.escape(w[:max(4, len(w) - 3)]) if len(w) > 4 else re.escape(w) for w in words]
            m = re.search(r"\b" + r"\w*\W+".join(stems), text, re.IGNORECASE)
            found = min(found, m.start()) if m else found
    start = 0 if found == len(text) or found < width // 3 else found - width // 3
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < found else start
    end = start + width
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    body = " ".join(text[start:end].split())
    return ("…" if start else "") + body + ("…" if end < len(text) else "")
