"""Backfill: WARC archives through the whole pipeline, in parallel, into Parquet (and a store).

Public surface: :func:`backfill` with :class:`Options`, giving a :class:`Summary`; the records
:class:`FileReport`, :class:`RecordFailure`, :class:`WarcInput`; :func:`read_articles` to read an
output folder back. Engines: ``local`` (a process pool, :mod:`.local`) and ``spark``
(:mod:`.spark`); both run every record through :func:`.task.warc_rows`. See ``docs/backfill.md``.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from ..errors import ConfigError
from ..settings import Settings
from .files import Folder, find_warcs
from .ledger import recover, to_do
from .output import read_articles
from .records import FileReport, Options, RecordFailure, Summary, WarcInput, mode_of

__all__ = ["FileReport", "Options", "RecordFailure", "Summary", "WarcInput", "backfill", "read_articles"]

SHOWN_FAILURES = 20


def backfill(inputs: list[str], options: Options, settings: Settings | None = None, *,
             on_file: Callable[[FileReport], None] | None = None) -> Summary:
    """Run a backfill: find the WARC files, skip those done, process the rest, commit each, then
    load ``options.db`` and assign stories. Raises :class:`~newsdesk.errors.NewsdeskError` for
    bad inputs or options; a failing record or file is counted, never fatal."""
    if options.engine not in ("local", "spark"):
        raise ConfigError(f"unknown engine {options.engine!r} (local or spark)")
    settings = settings or Settings.load()
    files = find_warcs(inputs)
    if options.db is not None:  # a database that cannot be opened is said now, not after hours of work
        from ..store import open_store

        with open_store(options.db):
            pass
    folder = Folder(options.output)
    _make_output(folder, options.output)
    recover(folder)
    todo, skipped = to_do(folder, files, mode_of(options.analyze, options.published_from_warc))
    spark: Any = None
    startup = 0.0
    if options.engine == "spark" and todo:
        from .spark import timed_start

        spark, startup = timed_start(options)
    started = time.perf_counter()
    reports: list[FileReport] = []
    for report in _run(spark, todo, folder, settings, options):  # the session stays up: it may be
        reports.append(report)                                             # the caller's (getOrCreate)
        if on_file is not None:
            on_file(report)
    seconds = time.perf_counter() - started
    loaded = assigned = 0
    if options.db is not None:
        from .load import load_store

        loaded, assigned = load_store(folder, options.db, assign=options.stories)
    elif options.stories:
        from .output import write_stories

        assigned = write_stories(folder)
    failures = tuple(f for r in reports for f in r.failures if f.kind == "error")[:SHOWN_FAILURES]
    not_pages: Counter[str] = Counter()
    for report in reports:
        not_pages.update(dict(report.skipped))
    return Summary(options.engine, len(files), len(skipped), sum(1 for r in reports if r.sha256),
                   sum(r.records for r in reports), sum(r.articles for r in reports),
                   sum(r.errors for r in reports), seconds, startup, loaded, assigned, failures,
                   tuple(sorted(not_pages.items(), key=lambda item: (-item[1], item[0]))),
                   sum(r.undated for r in reports), sum(r.no_article for r in reports))


def _make_output(folder: Folder, name: str) -> None:
    """Create the output folder, or say in one line why not (it was pyarrow's traceback)."""
    try:
        folder.make("")
    except FileExistsError:
        raise ConfigError("--output is a file, not a folder", input=name) from None
    except PermissionError:
        raise ConfigError("--output: permission denied", input=name) from None
    except OSError as exc:
        raise ConfigError(f"--output cannot be created ({exc.strerror or exc})", input=name) from None


def _run(spark: Any, todo: list[WarcInput], folder: Folder, settings: Settings, options: Options
         ) -> Iterator[FileReport]:
    if spark is not None:
        from .spark import run_spark

        return run_spark(spark, todo, folder, settings, options)
    from .local import run_local

    return run_local(todo, folder, settings, workers=options.workers,
                     published_from_warc=options.published_from_warc, analyze=options.analyze)
