"""One Parquet row per article: the column table, shared by the local and Spark writers.

Names, titles and text are plain columns; entities, quotes, events (and paragraphs, media,
removed) are JSON text in the record's own shape, so a row turns back into the same
:class:`~newsdesk.types.Article` (:func:`row_article`). ``published_date`` (YYYY-MM-DD, or null)
is the partition column: it names the folder, not a column inside the files.
"""

from __future__ import annotations

import json
from typing import Any

from ..types import Article, Entity, Event, Media, Quote, Span, from_dict, to_dict

PARTITION = "published_date"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # what Spark and Hive name the folder of a null value

# (name, kind): "str" text, "int" 64-bit integer, "list" list of text, "json" JSON text.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "str"), ("url", "str"), ("source", "str"), ("title", "str"), ("published", "str"),
    ("language", "str"), ("authors", "list"), ("text", "str"), ("paragraphs", "json"), ("media", "json"),
    ("removed", "json"), ("entities", "json"), ("quotes", "json"), ("events", "json"),
    ("warc", "str"), ("warc_offset", "int"), ("warc_date", "str"), (PARTITION, "str"),
)
NAMES = tuple(name for name, _ in COLUMNS)
_JSON_TYPES: dict[str, Any] = {"paragraphs": Span, "media": Media, "entities": Entity, "quotes": Quote,
                               "events": Event}


def published_date(published: str | None) -> str | None:
    """The partition value: the date part of an ISO date or datetime (as the publisher wrote it)."""
    return published[:10] if published and len(published) >= 10 and published[4] == "-" else None


def article_row(article: Article, warc: str, offset: int, warc_date: str | None) -> dict[str, Any]:
    record = to_dict(article)
    row: dict[str, Any] = {}
    for name, kind in COLUMNS:
        if kind == "json":
            row[name] = json.dumps(record[name], ensure_ascii=False)
        elif name in record:
            row[name] = record[name]
    row.update(warc=warc, warc_offset=offset, warc_date=warc_date, published_date=published_date(article.published))
    return row


def row_article(row: dict[str, Any]) -> Article:
    """The article a row was made from (extra columns are ignored)."""
    data = {name: json.loads(row[name]) if kind == "json" and row.get(name) is not None else row.get(name)
            for name, kind in COLUMNS if name in Article.__dataclass_fields__}
    data["authors"] = data.get("authors") or []
    return from_dict(Article, data)


def row_tuple(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row.get(name) for name in NAMES)


def arrow_schema(partition: bool = False) -> Any:
    """The pyarrow schema of the files (with the partition column only when asked)."""
    import pyarrow as pa

    types = {"str": pa.string(), "json": pa.string(), "int": pa.int64(), "list": pa.list_(pa.string())}
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS if partition or name != PARTITION])


def spark_schema() -> Any:
    """The Spark schema of the rows (partition column included: Spark's writer moves it to folders)."""
    from pyspark.sql.types import ArrayType, LongType, StringType, StructField, StructType

    types = {"str": StringType(), "json": StringType(), "int": LongType(), "list": ArrayType(StringType())}
    return StructType([StructField(name, types[kind], True) for name, kind in COLUMNS])
