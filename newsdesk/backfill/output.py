"""Reading a backfill's output back, and the stories of a Parquet-only backfill.

:func:`read_articles` gives the articles of the output in publication order (date folders in
order, then by ``published`` and the id the store gives within a date, a URL captured more than
once in capture order; undated articles last): the order ``--db`` assigns stories in.
:func:`write_stories` runs the story tracker over them as a live store would meet them (each
article under its store id, a capture of the same text again left out) and writes
``stories/assignments.parquet``.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from .. import __version__
from ..identity import article_id, text_hash
from ..stories import StoryTracker
from ..types import Article, to_dict
from .files import Folder
from .ledger import ARTICLES, done_reports
from .rows import NULL_PARTITION, PARTITION, row_article

STORIES = "stories/assignments.parquet"
MADE_FROM = b"newsdesk.made_from"  # in its schema: what it was made from (see _made_from)


def _date_folders(folder: Folder) -> list[str]:
    folders = folder.list(ARTICLES, dirs=True)
    return sorted(folders, key=lambda rel: (rel.endswith(f"={NULL_PARTITION}"), rel))


def read_rows(folder: Folder, parts: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
    """The rows of the output (or of ``parts``), in publication order; ``published_date`` included."""
    import pyarrow.parquet as pq

    wanted = set(parts) if parts is not None else None
    for date_dir in _date_folders(folder):
        date = date_dir.rsplit("=", 1)[1]
        rows: list[dict[str, Any]] = []
        for rel in folder.list(date_dir):
            if rel.endswith(".parquet") and (wanted is None or rel in wanted):
                with folder.fs.open_input_file(folder.path(rel)) as stream:
                    rows.extend(pq.read_table(stream).to_pylist())
        rows.sort(key=_order)
        for row in rows:
            yield {**row, PARTITION: None if date == NULL_PARTITION else date}


def _order(row: dict[str, Any]) -> tuple[str, str, str, str, int]:
    """Publication, then the store's id (what ``--db`` orders by), then capture date and place."""
    return (row.get("published") or "", _store_id(row.get("url"), row.get("text") or ""),
            row.get("warc_date") or "", row.get("warc") or "", row.get("warc_offset") or 0)


def _store_id(url: str | None, text: str) -> str:
    """The id a store gives the article (its canonical URL's; rows written before the extract stage
    gave that id too held the id of the URL as archived)."""
    return article_id(url, text)


def read_articles(output: str | Folder, parts: Iterable[str] | None = None) -> Iterator[Article]:
    folder = output if isinstance(output, Folder) else Folder(output)
    for row in read_rows(folder, parts):
        yield row_article(row)


def _made_from(folder: Folder) -> bytes:
    """What the stories of the output depend on: the files done (and how), newsdesk's version."""
    digest = hashlib.sha256(__version__.encode())
    for key, report in sorted(done_reports(folder, quiet=True).items()):
        digest.update(json.dumps([key, report.sha256, report.mode, sorted(report.files)]).encode())
    return digest.hexdigest().encode()


def _stories_current(folder: Folder, made_from: bytes) -> bool:
    import pyarrow.parquet as pq

    if not folder.exists(STORIES):
        return False
    try:
        with folder.fs.open_input_file(folder.path(STORIES)) as stream:
            metadata = pq.read_schema(stream).metadata or {}
    except (OSError, ValueError):  # damaged: made again
        return False
    return metadata.get(MADE_FROM) == made_from


def write_stories(folder: Folder) -> int:
    """Assign every article of the output to a story, in publication order, from scratch (the
    result depends only on the articles and their order); ``stories/assignments.parquet``.
    Returns the articles assigned: 0 when the file is there already for the same files done (a
    re-run with nothing new ran the tracker over the whole output again)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    made_from = _made_from(folder)
    if _stories_current(folder, made_from):
        return 0
    tracker = StoryTracker()
    merged: dict[str, str] = {}  # a story folded into another (two found to be one) -> that one
    moved: dict[str, str] = {}  # an article taken out of its story by a later split -> its new story
    assignments: dict[str, tuple[Any, str | None]] = {}  # by store id: the last assignment of each
    versions: dict[str, str] = {}  # store id -> text hash of the version assigned
    texts: set[str] = set()
    row_id: dict[str, str] = {}  # store id -> the id of its rows
    for article in read_articles(folder):
        key, digest = _store_id(article.url, article.text), text_hash(article.text)
        if versions.get(key) == digest or (article.url is None and digest in texts):
            continue  # the same article captured again: a store keeps one and assigns it once
        versions[key] = digest
        texts.add(digest)
        row_id.setdefault(key, article.id)
        assignment = tracker.assign(replace(article, id=key))  # a changed text is assigned again, as live
        merged.update((gone, assignment.story_id) for gone in assignment.merged)
        moved.update((earlier, assignment.story_id) for earlier in assignment.moved)  # a split
        assignments[key] = (assignment, article.published)

    def final(story_id: str) -> str:  # the story it ends in, after any merges
        while story_id in merged:
            story_id = merged[story_id]
        return story_id

    rows = []
    for key, (assignment, published) in assignments.items():
        story_id = final(moved.get(key, assignment.story_id))
        devs = [to_dict(replace(d, story_id=story_id, article_id=row_id.get(d.article_id, d.article_id)))
                for d in assignment.developments]
        copy_of = row_id.get(assignment.copy_of, assignment.copy_of) if assignment.copy_of else None
        rows.append({"article_id": row_id[key], "story_id": story_id, "status": assignment.status,
                     "copy_of": copy_of, "published": published,
                     "developments": json.dumps(devs, ensure_ascii=False)})
    text = pa.string()
    schema = pa.schema([("article_id", text), ("story_id", text), ("status", text), ("copy_of", text),
                        ("published", text), ("developments", text)], metadata={MADE_FROM: made_from})
    tmp = f"{STORIES}.{uuid.uuid4().hex}.tmp"
    folder.make("stories")
    with folder.fs.open_output_stream(folder.path(tmp)) as out:
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), out, compression="zstd")
    folder.move(tmp, STORIES)
    return len(rows)
