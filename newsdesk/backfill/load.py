"""``--db``: the output loaded into a store in bulk, then story assignment in publication order.

Each WARC file is loaded once per database: a marker ``_backfill/loaded/<db>/<key>`` holding
the file's sha256 and when the database was made is written after its articles are stored and
assigned; a file done again since with other bytes, or a database made again at the same place,
is loaded again. A crash in between only means loading again:
``Store.put`` stores an article once (a repeat is a ``duplicate``), and an article is assigned
to a story only if it has none yet.
"""

from __future__ import annotations

import hashlib
from itertools import islice

from ..store import Store, open_store
from ..stories import StoryDesk
from .files import Folder
from .ledger import done_reports
from .output import read_articles

BATCH = 500  # articles per transaction


def load_store(folder: Folder, db: str, assign: bool = True) -> tuple[int, int]:
    """Load the files done but not yet loaded into ``db``; returns (articles stored or updated,
    articles assigned to stories). ``assign=False`` (``--no-stories``): stored only; ``newsdesk
    stories --rebuild`` assigns them later."""
    with open_store(db) as store:
        marks = f"_backfill/loaded/{hashlib.sha256(store.url.encode()).hexdigest()[:12]}"
        made = _made(store)
        loaded = {rel.rsplit("/", 1)[-1]: rel for rel in folder.list(marks)}
        reports = [r for r in done_reports(folder).values()
                   if r.key not in loaded or not _loaded(_mark(folder, loaded[r.key]), r.sha256, made)]
        if not reports:
            return 0, 0
        parts = [p for r in reports for p in r.files]
        stored, candidates = _put(store, folder, parts)
        assigned = _assign(store, candidates) if assign else 0
        for report in reports:
            folder.write_text(f"{marks}/{report.key}", f"{report.sha256} {made}".strip())
    return stored, assigned


def _made(store: Store) -> str:
    """When the database was made (its first migration): a database deleted and made again at the
    same place is another one, which the marks of the first must not stand for ('0 stored')."""
    migrations = store.migrations()
    return migrations[0].applied_at.replace(" ", "T") if migrations else ""


def _loaded(mark: str | None, sha256: str, made: str) -> bool:
    """Whether a mark says the file, as it is now, was loaded into this database. A mark of an
    older version holds the sha256 alone: taken as this database's."""
    if mark is None:
        return False
    digest, _, when = mark.partition(" ")
    return digest == sha256 and when in ("", made)


def _mark(folder: Folder, rel: str) -> str | None:
    """What a loaded mark holds: the sha256 of the WARC file as it was when loaded (a file done
    again since, with new bytes, is loaded again) and when the database was made; None when it
    cannot be read (loaded again)."""
    try:
        return folder.read_text(rel).strip()
    except (OSError, ValueError):
        return None


def _put(store: Store, folder: Folder, parts: list[str]) -> tuple[int, list[tuple[str, str]]]:
    """Store the articles of ``parts`` in batches; the (published, id) of those to assign."""
    stored = 0
    candidates: dict[str, str] = {}
    articles = read_articles(folder, parts)
    while batch := list(islice(articles, BATCH)):
        for article, result in zip(batch, store.put_many(batch), strict=True):
            stored += result.status != "duplicate"
            target = result.duplicate_of or result.id
            if result.status != "duplicate" or store.story_of(target) is None:
                candidates.setdefault(target, article.published or "")
    return stored, sorted((published, key) for key, published in candidates.items())


def _assign(store: Store, candidates: list[tuple[str, str]]) -> int:
    """Assign the articles without a story, in publication order (undated last)."""
    desk = StoryDesk(store)
    count = 0
    for _, article_id in sorted(candidates, key=lambda c: (c[0] == "", c)):
        if store.story_of(article_id) is not None:
            continue
        article = store.get(article_id)
        if article is not None:
            desk.add(article)
            count += 1
    return count
