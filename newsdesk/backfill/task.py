"""One task: one WARC file through the same stages as ``newsdesk analyze``, as Parquet rows.

Records come from :func:`~newsdesk.ingest.warc.warc_entries` in one pass (each with its offset;
the captures that are not pages counted by reason), pages go through
:func:`~newsdesk.extract.extract`, articles through :func:`~newsdesk.pipeline.analyze_outcomes`
with the :class:`~newsdesk.understand.Analyzer`'s batched ``results``. A record that fails is
logged with its offset and counted; the file goes on. Both engines call :func:`warc_rows`;
:func:`worker_analyzer` loads the model once per process.
"""

from __future__ import annotations

import logging
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ..errors import ExtractError, InputError, NewsdeskError
from ..extract import extract, normalise_date
from ..ingest.warc import WarcRecord, warc_entries
from ..memory import batch_process, freeze_loaded
from ..pipeline import Outcome, analyze_outcomes
from ..settings import Settings
from ..types import Article
from .files import local_copy, sha256_of
from .records import FileReport, RecordFailure, WarcInput, mode_of
from .rows import article_row

LOG = logging.getLogger("newsdesk.backfill")
PROGRESS = logging.getLogger("newsdesk.backfill.progress")  # at INFO: the CLI shows it on stderr
PROGRESS_SECONDS = 30.0  # between two progress lines of one file
Pipe = Callable[[Iterable[Article]], Iterator[Article | NewsdeskError]]


@lru_cache(maxsize=2)
def worker_analyzer(model: str | None = None) -> Any:
    """This process's Analyzer, loaded on first use and kept (a forked child inherits it).

    The process is tuned for batch work as the CLI's is (a Spark executor's Python worker does
    not start through the CLI), with one BLAS thread: the worker processes fill the cores already
    (the local engine's forked workers inherit it; measured before: 2x the CPU per article)."""
    from ..understand import MODEL, Analyzer
    from ..understand.blas import single_threaded_blas

    batch_process()
    single_threaded_blas()
    analyzer = Analyzer(model or MODEL, n_process=1)
    freeze_loaded()
    return analyzer


def capture_date(date: str, name: str) -> str | None:
    """A record's WARC-Date as a publication date: ISO 8601, or the 14 digits of ARC files and CDX
    indexes (``20240506070809``); None for anything else: the page stays undated (it used to fail
    whole, "not an ISO date")."""
    date = date.strip()
    if re.fullmatch(r"\d{14}", date):
        date = f"{date[:4]}-{date[4:6]}-{date[6:8]}T{date[8:10]}:{date[10:12]}:{date[12:14]}Z"
    try:
        return normalise_date(date, name)
    except InputError:
        return None


def _outcomes(path: str, settings: Settings, published_from_warc: bool, entries: deque[WarcRecord],
              broken: list[InputError], skipped: dict[str, int]) -> Iterator[Outcome]:
    """An outcome per page record; each record is appended to ``entries`` as its outcome leaves."""
    pages = warc_entries(path, settings, skipped)
    while True:
        try:
            entry, page = next(pages)
        except StopIteration:
            return
        except InputError as exc:  # the file breaks off: keep what came before
            broken.append(exc)
            return
        entries.append(entry)
        name = f"{path}#{entry.url}"
        try:
            if isinstance(page, InputError):
                raise page
            article = extract(page, settings=settings)
            if published_from_warc and article.published is None and entry.date:
                article = replace(article, published=capture_date(entry.date, name))
            yield Outcome(name, article=article)
        except NewsdeskError as exc:
            yield Outcome(name, error=exc)
        except Exception as exc:  # a bug on one page must not cost the others
            yield Outcome(name, error=NewsdeskError(f"internal error ({type(exc).__name__}: {exc})", input=name))


def warc_rows(file: WarcInput, pipe: Pipe | None, settings: Settings, *, published_from_warc: bool = False,
              partition: int = 0, on_report: Callable[[FileReport], None]) -> Iterator[dict[str, Any]]:
    """The article rows of one WARC file, in file order; ``on_report`` gets the file's
    :class:`FileReport` once the rows are exhausted. ``pipe``: the analyzer's ``results`` (None:
    extract only)."""
    started = time.perf_counter()
    failures: list[RecordFailure] = []
    records = articles = undated = no_article = last_offset = 0
    shown = started
    with local_copy(file.uri) as path:
        checksum = sha256_of(path)
        entries: deque[WarcRecord] = deque()
        broken: list[InputError] = []
        skipped: dict[str, int] = {}
        outcomes: Iterable[Outcome] = _outcomes(path, settings, published_from_warc, entries, broken, skipped)
        if pipe is not None:
            outcomes = analyze_outcomes(outcomes, pipe)
        for outcome in outcomes:
            entry = entries.popleft()
            records, last_offset = records + 1, entry.offset
            if time.perf_counter() - shown >= PROGRESS_SECONDS:  # a big file is hours of work: say where it is
                shown = time.perf_counter()
                PROGRESS.info("%s: %d records so far, %d articles, %d errors (%.1f articles/s)", file.uri, records - 1,
                              articles, len(failures) - no_article, articles / (shown - started))
            if outcome.article is not None:
                articles += 1
                undated += outcome.article.published is None
                yield article_row(outcome.article, file.uri, entry.offset, entry.date)
                continue
            reason = outcome.error.reason if outcome.error else "no result"
            if isinstance(outcome.error, ExtractError):  # a home page, a section front: most of a site's crawl
                no_article += 1
                failures.append(RecordFailure(file.uri, entry.offset, entry.url, reason, "no article"))
                continue
            failures.append(RecordFailure(file.uri, entry.offset, entry.url, reason))
            LOG.warning("%s@%d %s: %s", file.uri, entry.offset, entry.url, reason)
        for exc in broken:  # where it broke: after the last record read
            failures.append(RecordFailure(file.uri, last_offset, None, exc.reason))
            LOG.warning("%s: %s", file.uri, exc.reason)
    on_report(FileReport(file.key, file.uri, file.size, file.mtime, checksum, records, articles,
                         len(failures) - no_article,
                         time.perf_counter() - started, partition, tuple(failures),
                         skipped=tuple(sorted(skipped.items())), mode=mode_of(pipe is not None, published_from_warc),
                         undated=undated, no_article=no_article))
