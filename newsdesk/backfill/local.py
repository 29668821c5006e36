"""The local engine: the backfill on a process pool, one task per WARC file, no Spark.

Each worker process loads the model once (inherited from the parent where the platform forks),
writes its file's rows with pyarrow under a staging folder of its own, then a manifest; the
parent commits each finished task (see :mod:`.ledger`) as soon as it comes back.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any

from ..errors import NewsdeskError
from ..settings import Settings
from .files import Folder
from .ledger import STAGING, commit, write_manifest
from .records import FileReport, RecordFailure, WarcInput
from .rows import NULL_PARTITION, PARTITION, arrow_schema
from .task import Pipe, warc_rows, worker_analyzer

ROW_GROUP = 2_000  # rows buffered per date before they are written


def write_parts(folder: Folder, stage: str, rows: Iterable[dict[str, Any]]) -> None:
    """Rows into ``stage/published_date=X/part-00000-local.c000.parquet``, one file per date."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema()
    writers: dict[str, Any] = {}
    buffers: dict[str, list[dict[str, Any]]] = {}

    def flush(date: str) -> None:
        if date not in writers:
            rel = f"{stage}/{PARTITION}={date}"
            folder.make(rel)
            writers[date] = pq.ParquetWriter(folder.path(f"{rel}/part-00000-local.c000.parquet"), schema,
                                             compression="zstd", filesystem=folder.fs)
        writers[date].write_table(pa.Table.from_pylist(buffers.pop(date), schema=schema))

    try:
        for row in rows:
            date = row[PARTITION] or NULL_PARTITION
            buffers.setdefault(date, []).append(row)
            if len(buffers[date]) >= ROW_GROUP:
                flush(date)
        for date in list(buffers):
            flush(date)
    finally:
        for writer in writers.values():
            writer.close()


def run_file(file: WarcInput, output: str, stage: str, settings: Settings, published_from_warc: bool,
             analyze: bool) -> FileReport:
    """One task, in a worker process: rows to staging, then the manifest. The parent commits."""
    folder = Folder(output)
    reports: list[FileReport] = []
    pipe: Pipe | None = worker_analyzer().results if analyze else None
    rows = warc_rows(file, pipe, settings, published_from_warc=published_from_warc, on_report=reports.append)
    write_parts(folder, stage, rows)
    write_manifest(folder, stage, reports)
    return reports[0]


def run_local(files: list[WarcInput], folder: Folder, settings: Settings, *, workers: int | None = None,
              published_from_warc: bool = False, analyze: bool = True) -> Iterator[FileReport]:
    """Process ``files`` on ``workers`` processes; yields each file's committed report as it ends.

    A task that dies (a bug, a killed worker) yields a report with the error and is not marked
    done, so the next run does it again."""
    if not files:
        return
    workers = max(1, min(workers or os.cpu_count() or 1, len(files)))
    forked = "fork" in multiprocessing.get_all_start_methods()
    if forked and analyze:
        worker_analyzer()  # loaded once here, shared copy-on-write by the forked workers
    context = multiprocessing.get_context("fork" if forked else "spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_quiet_interrupt) as pool:
        try:
            yield from _results(pool, files, folder, settings, published_from_warc, analyze)
        except BaseException:  # Ctrl-C, or the caller stopped: no task goes on behind its back
            pool.shutdown(wait=False, cancel_futures=True)
            for child in multiprocessing.active_children():
                child.terminate()
            raise


def _quiet_interrupt() -> None:
    """In a worker: Ctrl-C (sent to the whole process group) ends it at once and without a
    traceback (each worker printed one); the parent says it once. What it staged is deleted by
    the next run."""
    signal.signal(signal.SIGINT, lambda *_: os._exit(130))


def _results(pool: ProcessPoolExecutor, files: list[WarcInput], folder: Folder, settings: Settings,
             published_from_warc: bool, analyze: bool) -> Iterator[FileReport]:
    futures: dict[Future[FileReport], tuple[WarcInput, str]] = {}
    for file in files:
        stage = f"{STAGING}/{file.key}-{uuid.uuid4().hex[:8]}"
        future = pool.submit(run_file, file, folder.uri, stage, settings, published_from_warc, analyze)
        futures[future] = (file, stage)
    for future in as_completed(futures):
        file, stage = futures[future]
        try:
            future.result()
        except Exception as exc:  # the task died: nothing of it is kept, the next run does it again
            reason = exc.reason if isinstance(exc, NewsdeskError) else f"task failed ({type(exc).__name__}: {exc})"
            folder.delete(stage)
            yield FileReport(file.key, file.uri, file.size, file.mtime, "", 0, 0, 1, 0.0,
                             failures=(RecordFailure(file.uri, 0, None, reason),))
            continue
        yield from commit(folder, stage)
