"""SQL for articles, their old versions, and the rows search filters on (entities, quotes, events).

Identity: an article with a URL is the article at its canonical URL (the same text again is a
duplicate, a changed text a new version); one without a URL is its text (the same text anywhere
in the store is a duplicate). Every function runs inside the caller's transaction.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from ..errors import StoreError
from ..statements import stated
from ..types import Article, from_dict, to_json
from .bigrams import bigram_row
from .db import Tx
from .identity import canonical_url, stored_id, text_hash
from .query import UNHAPPENED
from .records import ArticleVersion, PutResult
from .schema import NAME_SEPARATOR


def lock(tx: Tx, articles: list[Article]) -> None:
    """On PostgreSQL, take the identity locks :func:`put` takes for each of ``articles`` now, in one
    order for every process: two bulk loads of the same articles in other orders deadlocked
    ("deadlock detected": one batch refused) when each took them as it went."""
    if tx.dialect == "postgres":
        ids = sorted({stored_id(canonical_url(a.url) if a.url else None, a.text) for a in articles})
        tx.many("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [(i,) for i in ids])


def put(tx: Tx, article: Article, now: str) -> PutResult:
    canonical = canonical_url(article.url) if article.url else None
    digest = text_hash(article.text)
    new_id = stored_id(canonical, article.text)
    if tx.dialect == "postgres":  # one writer per identity, as SQLite's write lock gives
        tx.run("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", (new_id,))
    record = dataclasses.replace(article, id=new_id)
    if canonical is None:
        row = tx.one("SELECT id FROM articles WHERE text_hash = ? ORDER BY pk LIMIT 1", (digest,))
        if row is not None:
            return PutResult("duplicate", new_id, str(row[0]))
        _insert(tx, record, canonical, digest, now)
        return PutResult("stored", new_id)
    row = tx.one("SELECT pk, text_hash FROM articles WHERE id = ?", (new_id,))
    if row is None:
        _insert(tx, record, canonical, digest, now)
        return PutResult("stored", new_id)
    if row[1] == digest:
        return PutResult("duplicate", new_id, new_id)
    _update(tx, int(row[0]), record, digest, now)
    return PutResult("updated", new_id)


def _json(tx: Tx) -> str:
    return tx.pick(sqlite="?", postgres="?::jsonb")


def _insert(tx: Tx, article: Article, canonical: str | None, digest: str, now: str) -> None:
    row = tx.one(
        "INSERT INTO articles (id, url, canonical_url, title, source, published, language, text_hash, version, "
        f"stored_at, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, {_json(tx)}) RETURNING pk",
        (article.id, article.url, canonical, article.title, article.source, article.published,
         article.language, digest, now, to_json(article)))
    assert row is not None
    pk = int(row[0])
    _insert_rows(tx, pk, article)
    if tx.dialect == "sqlite":
        _index(tx, pk, _fts(article))


def _index(tx: Tx, pk: int, row: tuple[str, ...]) -> None:
    tx.run(_FTS_INSERT, (pk, *row))
    tx.run(_BIGRAMS_INSERT, (pk, *bigram_row(row)))


def _update(tx: Tx, pk: int, article: Article, digest: str, now: str) -> None:
    if tx.dialect == "sqlite":  # contentless FTS5 forgets a row only when given its old values
        old = tx.one("SELECT record FROM articles WHERE pk = ?", (pk,))
        assert old is not None
        row = _fts_of_record(old[0])
        tx.run(_FTS_DELETE, (pk, *row))
        tx.run(_BIGRAMS_DELETE, (pk, *bigram_row(row)))
    tx.run("INSERT INTO article_versions (article_pk, version, text_hash, stored_at, record) "
           "SELECT pk, version, text_hash, stored_at, record FROM articles WHERE pk = ?", (pk,))
    tx.run("UPDATE articles SET url = ?, title = ?, source = ?, published = ?, language = ?, text_hash = ?, "
           f"version = version + 1, stored_at = ?, record = {_json(tx)} WHERE pk = ?",
           (article.url, article.title, article.source, article.published, article.language, digest, now,
            to_json(article), pk))
    for table in ("entities", "quotes", "events"):
        tx.run(f"DELETE FROM {table} WHERE article_pk = ?", (pk,))
    _insert_rows(tx, pk, article)
    if tx.dialect == "sqlite":
        _index(tx, pk, _fts(article))


_FTS_COLUMNS = "rowid, title, text, source, person, org, place, event"
_FTS_INSERT = f"INSERT INTO articles_fts ({_FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
_FTS_DELETE = f"INSERT INTO articles_fts (articles_fts, {_FTS_COLUMNS}) VALUES ('delete', ?, ?, ?, ?, ?, ?, ?, ?)"
_BIGRAMS_COLUMNS = f"{_FTS_COLUMNS}, pad"  # schema step 9; bigrams.py
_BIGRAMS_INSERT = f"INSERT INTO articles_bigrams ({_BIGRAMS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
_BIGRAMS_DELETE = (f"INSERT INTO articles_bigrams (articles_bigrams, {_BIGRAMS_COLUMNS}) "
                   "VALUES ('delete', ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def _fts(article: Article) -> tuple[str, ...]:
    """The values of an article's row in SQLite's ``articles_fts`` (see schema.py)."""
    return _fts_row(article.title, article.text, article.source, [(e.type, e.name) for e in article.entities],
                    [(ev.type, ev.location.name if ev.location else None, ev.modality not in UNHAPPENED)
                     for ev in article.events])


def _fts_of_record(record: Any, every_event: bool = False) -> tuple[str, ...]:
    """:func:`_fts` of a stored record, read as JSON only (building the Article costs 20 times more);
    ``every_event``: as rows were indexed before schema step 24 (an event that did not happen too)."""
    data = json.loads(record) if isinstance(record, str) else record
    return _fts_row(data.get("title"), data["text"], data.get("source"),
                    [(e["type"], e["name"]) for e in data.get("entities") or ()],
                    [(ev["type"], (ev.get("location") or {}).get("name"),
                      every_event or ev.get("modality") not in UNHAPPENED) for ev in data.get("events") or ()])


def _fts_row(title: str | None, text: str, source: str | None, entities: list[tuple[str, str]],
             events: list[tuple[str, str | None, bool]]) -> tuple[str, ...]:
    """``events``: (type, place, whether ``event:`` finds it) of each event."""
    sep = f" {NAME_SEPARATOR} "

    def names(kind: str) -> list[str]:
        return [name for type_, name in entities if type_ == kind]

    # An event's place is a place of the article even when no PLACE entity names it: the map pins it there
    # (a denied strike's place too: the article names it).
    places = names("PLACE")
    places += [name for name in dict.fromkeys(where for _, where, _ in events if where is not None)
               if name not in places]
    return (title or "", text, source or "", sep.join(names("PERSON")), sep.join(names("ORG")), sep.join(places),
            sep.join(type_ for type_, _, found in events if found))


def refill_fts(tx: Tx, batch: int = 500) -> None:
    """Index every stored article again in SQLite's ``articles_fts`` (after what a row holds changed: a
    contentless table forgets a row only when given the values it was indexed with)."""
    tx.run("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")
    after = 0
    while rows := tx.all("SELECT pk, record FROM articles WHERE pk > ? ORDER BY pk LIMIT ?", (after, batch)):
        tx.many(_FTS_INSERT, [(pk, *_fts_of_record(record)) for pk, record in rows])
        after = int(rows[-1][0])


def fill_bigrams(tx: Tx, batch: int = 500) -> None:
    """Index every stored article in SQLite's ``articles_bigrams`` (schema step 9), a page at a time."""
    after = 0
    while rows := tx.all("SELECT pk, record FROM articles WHERE pk > ? ORDER BY pk LIMIT ?", (after, batch)):
        tx.many(_BIGRAMS_INSERT, [(pk, *bigram_row(_fts_of_record(record))) for pk, record in rows])
        after = int(rows[-1][0])


def fill_holes(tx: Tx) -> None:
    """Index again in ``articles_bigrams`` the articles whose title or text holds NAME_SEPARATOR (U+001F:
    a token holding it pairs with nothing), with a HOLE where a pair was left out (bigrams.py), so that
    a phrase of three words or more never reads the pairs on either side as neighbours."""
    rows = tx.all("SELECT pk, record FROM articles WHERE instr(record, ?) > 0 ORDER BY pk",
                  (json.dumps(NAME_SEPARATOR)[1:-1],))
    for pk, record in rows:
        row = _fts_of_record(record)
        old, new = bigram_row(row, holes=False), bigram_row(row)
        if old != new:
            tx.run(_BIGRAMS_DELETE, (pk, *old))
            tx.run(_BIGRAMS_INSERT, (pk, *new))


def unindex_unhappened(tx: Tx) -> None:
    """Index again (SQLite, schema step 24) the articles holding an event that did not happen, whose
    type ``event:`` found before (a foiled plot was an ASSAULT to it)."""
    rows = tx.all("SELECT pk, record FROM articles WHERE pk IN (SELECT article_pk FROM events WHERE modality IN "
                  f"({', '.join('?' * len(UNHAPPENED))})) ORDER BY pk", tuple(sorted(UNHAPPENED)))
    for pk, record in rows:
        old, new = _fts_of_record(record, every_event=True), _fts_of_record(record)
        if old != new:
            tx.run(_FTS_DELETE, (pk, *old))
            tx.run(_BIGRAMS_DELETE, (pk, *bigram_row(old)))
            _index(tx, pk, new)


def _insert_rows(tx: Tx, pk: int, article: Article) -> None:
    tx.many("INSERT INTO entities (article_pk, entity_id, name, type) VALUES (?, ?, ?, ?)",
            [(pk, e.id, e.name, e.type) for e in article.entities])
    tx.many("INSERT INTO quotes (article_pk, speaker, text, kind, statement) VALUES (?, ?, ?, ?, ?)",
            [(pk, q.speaker.name if q.speaker else None, q.text, q.kind, stated(q.text, q.kind, q.cue))
             for q in article.quotes])
    # happened: the event's date, else the article's publication time (what the events list is sorted by)
    tx.many("INSERT INTO events (article_pk, type, trigger_text, modality, actor, target, location, date, happened) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(pk, ev.type.upper(), ev.trigger, ev.modality, ev.actor.name if ev.actor else None,
              ev.target.name if ev.target else None, ev.location.name if ev.location else None, ev.date,
              article.published if ev.date is None else ev.date)
             for ev in article.events])


def _article(value: Any) -> Article:
    data = json.loads(value) if isinstance(value, str) else value
    return from_dict(Article, data)


def get(tx: Tx, article_id: str) -> Article | None:
    row = tx.one("SELECT record FROM articles WHERE id = ?", (article_id,))
    return None if row is None else _article(row[0])


def find_ids(tx: Tx, prefix: str, limit: int = 2) -> list[str]:
    """Ids starting with ``prefix`` (hex digits), for short ids typed by people."""
    prefix = prefix.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{1,64}", prefix):
        return []
    rows = tx.all("SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT ?", (prefix, prefix + "g", limit))
    return [str(r[0]) for r in rows]


def versions(tx: Tx, article_id: str) -> list[ArticleVersion]:
    row = tx.one("SELECT pk, version, stored_at, record FROM articles WHERE id = ?", (article_id,))
    if row is None:
        raise StoreError(f"no article with id {article_id}")
    old = tx.all("SELECT version, stored_at, record FROM article_versions WHERE article_pk = ? ORDER BY version",
                 (row[0],))
    return [ArticleVersion(int(v), str(at), _article(rec)) for v, at, rec in [*old, row[1:]]]


def count(tx: Tx) -> int:
    row = tx.one("SELECT count(*) FROM articles")
    return int(row[0]) if row else 0


def page(tx: Tx, after: int, limit: int) -> list[tuple[int, Article]]:
    """Up to ``limit`` articles in storage order after the one with internal key ``after``."""
    rows = tx.all("SELECT pk, record FROM articles WHERE pk > ? ORDER BY pk LIMIT ?", (after, limit))
    return [(int(pk), _article(rec)) for pk, rec in rows]
