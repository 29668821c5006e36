"""Reading a backfill's output back, and the stories of a Parquet-only backfill.

:func:`read_articles` gives the articles of the output in publication order (date folders in
order, then by ``published`` and id within a date; undated articles last). :func:`write_stories`
runs the story tracker over them and writes ``stories/assignments.parquet``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from ..stories import StoryTracker
from ..types import Article, to_dict
from .files import Folder
from .ledger import ARTICLES
from .rows import NULL_PARTITION, PARTITION, row_article

STORIES = "stories/assignments.parquet"


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
        rows.sort(key=lambda r: (r.get("published") or "", r["id"]))
        for row in rows:
            yield {**row, PARTITION: None if date == NULL_PARTITION else date}


def read_articles(output: str | Folder, parts: Iterable[str] | None = None) -> Iterator[Article]:
    folder = output if isinstance(output, Folder) else Folder(output)
    for row in read_rows(folder, parts):
        yield row_article(row)


def write_stories(folder: Folder) -> int:
    """Assign every article of the output to a story, in publication order, from scratch (the
    result depends only on the articles and their order); ``stories/assignments.parquet``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    tracker = StoryTracker()
    rows = []
    merged: dict[str, str] = {}  # a story folded into another (two found to be one) -> that one
    moved: dict[str, str] = {}  # an article taken out of its story by a later split -> its new story
    assignments = []
    for article in read_articles(folder):
        assignment = tracker.assign(article)
        merged.update((gone, assignment.story_id) for gone in assignment.merged)
        moved.update((earlier, assignment.story_id) for earlier in assignment.moved)  # a split
        assignments.append((assignment, article.published))

    def final(story_id: str) -> str:  # the story it ends in, after any merges
        while story_id in merged:
            story_id = merged[story_id]
        return story_id

    for assignment, published in assignments:
        story_id = final(moved.get(assignment.article_id, assignment.story_id))
        devs = [to_dict(replace(d, story_id=story_id)) for d in assignment.developments]
        rows.append({"article_id": assignment.article_id, "story_id": story_id,
                     "status": assignment.status, "copy_of": assignment.copy_of, "published": published,
                     "developments": json.dumps(devs, ensure_ascii=False)})
    text = pa.string()
    schema = pa.schema([("article_id", text), ("story_id", text), ("status", text), ("copy_of", text),
                        ("published", text), ("developments", text)])
    tmp = f"{STORIES}.{uuid.uuid4().hex}.tmp"
    folder.make("stories")
    with folder.fs.open_output_stream(folder.path(tmp)) as out:
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), out, compression="zstd")
    folder.move(tmp, STORIES)
    return len(rows)
