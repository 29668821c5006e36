"""The local engine: the backfill on a process pool, one task per WARC file, no Spark.

Each worker process loads the model once (inherited from the parent where the platform forks),
writes its file's rows with pyarrow under a staging folder of its own, then a manifest; the
parent commits each finished task (see :mod:`.ledger`) as soon as it comes back.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import tempfile
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

ROW_GROUP = 2_000  # rows held in memory at most, and rows per Parquet row group


def write_parts(folder: Folder, stage: str, rows: Iterable[dict[str, Any]]) -> None:
    """Rows into ``stage/published_date=X/part-00000-local.c000.parquet``, one file per date.

    The rows go first, ROW_GROUP at a time, to an Arrow file on local disk, then date by date
    from it (memory-mapped) into the Parquet files, one open at a time. A file whose pages span
    many dates (an archive of years) held every row in memory (a buffer per date, written only
    when it reached ROW_GROUP) and a Parquet file open per date ('too many open files' past the
    usual limit of 1024)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema()
    with tempfile.TemporaryDirectory(prefix="newsdesk-rows-") as spill_dir:
        spill = os.path.join(spill_dir, "rows.arrow")
        by_date: dict[str, list[int]] = {}  # the rows (by number, in file order) of each date
        count = 0
        with pa.OSFile(spill, "wb") as sink, pa.ipc.new_file(sink, schema) as spilled:
            batch: list[dict[str, Any]] = []
            for row in rows:
                by_date.setdefault(row[PARTITION] or NULL_PARTITION, []).append(count)
                batch.append(row)
                count += 1
                if len(batch) >= ROW_GROUP:
                    spilled.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
                    batch = []
            if batch:
                spilled.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
        if not count:
            return
        with pa.memory_map(spill) as source:
            spilled_rows = pa.ipc.open_file(source)  # batch i: rows i*ROW_GROUP…, zero-copy from the map
            for date in sorted(by_date):
                rel = f"{stage}/{PARTITION}={date}"
                folder.make(rel)
                with pq.ParquetWriter(folder.path(f"{rel}/part-00000-local.c000.parquet"), schema,
                                      compression="zstd", filesystem=folder.fs) as writer:
                    for group in _row_groups(by_date[date]):
                        # taken batch by batch: a take on the whole table copied every row of it
                        writer.write_table(pa.Table.from_batches(
                            [spilled_rows.get_batch(number).take(pa.array(at, pa.int64())) for number, at in group],
                            schema=schema))


def _row_groups(numbers: list[int]) -> Iterator[list[tuple[int, list[int]]]]:
    """Row numbers (ascending) in groups of at most ROW_GROUP rows, each a list of (spilled batch,
    the rows' places in it)."""
    group: list[tuple[int, list[int]]] = []
    size = 0
    for number in numbers:
        batch, at = divmod(number, ROW_GROUP)
        if size >= ROW_GROUP:
            yield group
            group, size = [], 0
        if not group or group[-1][0] != batch:
            group.append((batch, []))
        group[-1][1].append(at)
        size += 1
    if group:
        yield group


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
