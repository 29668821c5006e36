"""The records a backfill hands between its parts: frozen dataclasses, JSON-ready via ``to_dict``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Engine = Literal["local", "spark"]


@dataclass(frozen=True)
class WarcInput:
    """One WARC file to process: its URI as listed (absolute path or ``scheme://…``), size and mtime.

    ``key`` names everything the backfill writes for this file (output parts, markers).
    """

    uri: str
    size: int
    mtime: float
    key: str


@dataclass(frozen=True)
class RecordFailure:
    """A record that could not be turned into an article: where it is in its WARC file, and why.
    ``kind``: ``error``, or ``no article`` (a page without article text: a home page, a section
    front, an index; counted apart, not logged one by one)."""

    warc: str
    offset: int
    url: str | None
    reason: str
    kind: str = "error"


@dataclass(frozen=True)
class FileReport:
    """What one task made of one WARC file. ``records``: page records read (responses and
    resources holding HTML or text); ``errors``: those that failed, plus one if the file broke off;
    ``skipped``: the captures that are not pages, (reason, count) by reason (revisit, redirect,
    HTTP error, not HTML or text…; requests, warcinfo and metadata records are not counted)."""

    key: str
    uri: str
    size: int
    mtime: float
    sha256: str
    records: int
    articles: int
    errors: int
    seconds: float
    partition: int = 0  # the task's partition index: which staged part files are this file's
    failures: tuple[RecordFailure, ...] = ()
    files: tuple[str, ...] = ()  # output parts, relative to the output folder (set at commit)
    skipped: tuple[tuple[str, int], ...] = ()
    mode: str | None = None  # what was made of the pages (:func:`mode_of`); None: not recorded (older runs)
    undated: int = 0  # articles without a publication date
    no_article: int = 0  # pages without article text (not counted in errors)


def mode_of(analyze: bool, published_from_warc: bool) -> str:
    """What a run makes of each page, as recorded in its done markers: a file done another way is
    done again (``--analyze`` after ``--no-analyze`` gave no entities and said every file was done)."""
    return ("analyze" if analyze else "extract") + ("+warc-dates" if published_from_warc else "")


@dataclass(frozen=True)
class Options:
    """How to run a backfill (see ``newsdesk backfill --help``)."""

    output: str
    engine: Engine = "local"
    master: str | None = None  # Spark master URL; None: local[*] unless spark-submit set one
    workers: int | None = None  # local engine: processes (default: the machine's cores)
    published_from_warc: bool = False
    analyze: bool = True  # False: extraction only (no entities, quotes, events)
    files_per_job: int = 0  # Spark: WARC files per write job (a checkpoint); 0: 4 per core
    db: str | None = None
    stories: bool = True
    spark_conf: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Summary:
    """The end of a run: files found/skipped/done, records, articles, errors, speed."""

    engine: str
    files: int
    skipped: int
    done: int
    records: int
    articles: int
    errors: int
    seconds: float  # the parallel part, engine start-up excluded
    startup_seconds: float
    loaded: int = 0  # articles stored with --db
    stories: int = 0  # articles assigned to stories
    failures: tuple[RecordFailure, ...] = ()  # the first few, for the message; all are in the output
    not_pages: tuple[tuple[str, int], ...] = ()  # captures that are not pages, by reason (most first)
    undated: int = 0  # articles without a publication date (in the null partition)
    no_article: int = 0  # pages without article text: home pages, section fronts (not errors)

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"engine": self.engine, "files": self.files, "skipped": self.skipped, "done": self.done,
                "records": self.records, "articles": self.articles, "errors": self.errors,
                "seconds": round(self.seconds, 3), "startup_seconds": round(self.startup_seconds, 3),
                "articles_per_s": round(self.articles_per_second, 2), "loaded": self.loaded,
                "stories": self.stories, "not_pages": dict(self.not_pages), "undated": self.undated,
                "no_article": self.no_article}
