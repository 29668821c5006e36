"""Every stored article written out: JSON lines (the full record), CSV or Parquet (flat columns).

CSV joins names with ``"; "``; Parquet keeps them as lists and adds the full record as JSON in
``record``. Articles are streamed: memory stays flat whatever the size of the store.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, BinaryIO, TextIO

from ..errors import StoreError
from ..types import Article, to_dict, to_json

FORMATS = ("jsonl", "csv", "parquet")
CSV_COLUMNS = ("id", "url", "title", "source", "published", "language", "authors", "persons", "orgs", "places",
               "event_types", "quotes", "text")
ROW_GROUP = 10_000  # articles per Parquet row group


def _names(article: Article, kind: str) -> list[str]:
    return list(dict.fromkeys(e.name for e in article.entities if e.type == kind))


def flat(article: Article) -> dict[str, Any]:
    """The article as flat columns (lists for names)."""
    return {"id": article.id, "url": article.url, "title": article.title, "source": article.source,
            "published": article.published, "language": article.language, "authors": list(article.authors),
            "persons": _names(article, "PERSON"), "orgs": _names(article, "ORG"), "places": _names(article, "PLACE"),
            "event_types": list(dict.fromkeys(ev.type for ev in article.events)), "quotes": len(article.quotes),
            "text": article.text}


def write_jsonl(articles: Iterable[Article], out: TextIO) -> int:
    count = 0
    for article in articles:
        out.write(json.dumps(to_dict(article), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(articles: Iterable[Article], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for article in articles:
        row = flat(article)
        writer.writerow(["; ".join(v) if isinstance(v, list) else "" if v is None else str(v) for v in row.values()])
        count += 1
    return count


def write_parquet(articles: Iterable[Article], out: BinaryIO) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise StoreError(f"Parquet export needs pyarrow ({exc})") from None
    text, names = pa.string(), pa.list_(pa.string())
    schema = pa.schema([("id", text), ("url", text), ("title", text), ("source", text), ("published", text),
                        ("language", text), ("authors", names), ("persons", names), ("orgs", names),
                        ("places", names), ("event_types", names), ("quotes", pa.int32()), ("text", text),
                        ("record", text)])
    count = 0
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for article in articles:
            batch.append({**flat(article), "record": to_json(article)})
            count += 1
            if len(batch) == ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch or not count:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return count
