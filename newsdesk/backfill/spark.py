"""The Spark engine: one task per WARC file, rows written by Spark's own Parquet writer.

Files go in jobs of ``files_per_job`` (each job a checkpoint): the driver parallelises the job's
file list with one partition per file; each task runs :func:`~.task.warc_rows` with the model
of its Python worker (loaded once per worker: workers are reused), and the rows go straight
from the executors into ``df.write.partitionBy("published_date").parquet`` under staging —
nothing but the small per-file reports (an accumulator) reaches the driver. When the job has
committed (Hadoop's v1 committer: task output renamed into place only when the job succeeds),
the driver writes the manifest and commits as the local engine does.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections.abc import Iterator
from functools import partial
from typing import Any

from ..errors import ConfigError, NewsdeskError
from ..settings import Settings
from .files import Folder
from .ledger import STAGING, commit, write_manifest
from .records import FileReport, Options, WarcInput
from .rows import PARTITION, row_tuple, spark_schema
from .task import warc_rows, worker_analyzer

CONF = {
    "spark.app.name": "newsdesk backfill",
    "spark.python.worker.reuse": "true",  # keep workers (and their loaded model) across tasks
    "spark.hadoop.mapreduce.fileoutputcommitter.algorithm.version": "1",  # nothing in place before job commit
    "spark.sql.parquet.compression.codec": "zstd",
    "spark.sql.sources.partitionOverwriteMode": "static",
    "spark.ui.showConsoleProgress": "false",
    "spark.task.maxFailures": "2",
    "spark.log.level": "FATAL",  # failures come back as one-line errors; --conf spark.log.level=WARN for more
}


def start_spark(options: Options) -> Any:
    """A SparkSession: ``options.master``, else the one spark-submit set, else ``local[*]``."""
    try:
        from pyspark import SparkConf
        from pyspark.sql import SparkSession
    except ImportError:
        raise ConfigError("the Spark engine needs PySpark, the 'spark' extra: pip install 'newsdesk[spark]', "
                          "or in a checkout pip install -e '.[spark]'") from None
    conf = SparkConf()
    for key, value in {**CONF, **options.spark_conf}.items():
        if not conf.contains(key) or key in options.spark_conf:
            conf.set(key, value)
    if options.master:
        conf.setMaster(options.master)
    elif not conf.contains("spark.master"):
        conf.setMaster("local[*]")
    if conf.get("spark.master", "").startswith("local") and not (
            os.environ.get("PYSPARK_PYTHON") or conf.contains("spark.pyspark.python")):
        # Workers on this machine run this interpreter (PySpark reads only the environment here).
        os.environ["PYSPARK_PYTHON"] = sys.executable
    try:
        return SparkSession.builder.config(conf=conf).getOrCreate()
    except Exception as exc:  # py4j or a missing Java: say so in one line
        raise ConfigError(f"Spark did not start ({_first_line(exc)})") from None


def _reports_param() -> Any:
    from pyspark.accumulators import AccumulatorParam

    class Reports(AccumulatorParam):  # type: ignore[type-arg]
        """Reports by WARC key: a retried task replaces its report instead of adding one."""

        def zero(self, value: dict[str, FileReport]) -> dict[str, FileReport]:
            return {}

        def addInPlace(self, a: dict[str, FileReport], b: dict[str, FileReport]) -> dict[str, FileReport]:  # noqa: N802
            a.update(b)
            return a

    return Reports()


def _task(settings: Settings, published_from_warc: bool, analyze: bool, reports: Any,
          items: Iterator[tuple[int, WarcInput]]) -> Iterator[tuple[Any, ...]]:
    """One partition (one WARC file), on an executor."""
    from pyspark import TaskContext

    context = TaskContext.get()
    partition = context.partitionId() if context is not None else 0
    pipe = worker_analyzer().results if analyze else None
    for _, file in items:
        rows = warc_rows(file, pipe, settings, published_from_warc=published_from_warc, partition=partition,
                         on_report=lambda report: reports.add({report.key: report}))
        for row in rows:
            yield row_tuple(row)


def run_spark(spark: Any, files: list[WarcInput], folder: Folder, settings: Settings, options: Options
              ) -> Iterator[FileReport]:
    """Process ``files`` in jobs; yields each file's committed report, job after job."""
    context = spark.sparkContext
    per_job = options.files_per_job or 4 * max(1, context.defaultParallelism)
    schema = spark_schema()
    for start in range(0, len(files), per_job):
        job = files[start:start + per_job]
        stage = f"{STAGING}/job-{uuid.uuid4().hex[:12]}"
        reports = context.accumulator({}, _reports_param())
        task = partial(_task, settings, options.published_from_warc, options.analyze, reports)
        rdd = context.parallelize(list(enumerate(job)), len(job)).mapPartitions(task)
        frame = spark.createDataFrame(rdd, schema, verifySchema=False)
        try:
            frame.write.partitionBy(PARTITION).mode("errorifexists").parquet(_spark_uri(folder.child(stage)))
        except Exception as exc:  # the job failed after its retries: earlier jobs stay committed
            folder.delete(stage)
            raise NewsdeskError(f"Spark job failed ({_first_line(exc)}); run again to go on from here",
                                input=folder.uri) from None
        write_manifest(folder, stage, reports.value.values())
        yield from commit(folder, stage)


def _first_line(exc: Exception) -> str:
    """The line that says what went wrong in a py4j or Python-worker error (the last ...Error: line)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    errors = [line for line in lines if "Error:" in line or "Exception:" in line]
    return (errors[-1] if errors else lines[0] if lines else type(exc).__name__)[:300]


def _spark_uri(uri: str) -> str:
    """Hadoop's name for an object store (``s3a://``); local paths as ``file://``."""
    if uri.startswith("s3://"):
        return "s3a://" + uri[5:]
    return uri if "://" in uri else "file://" + os.path.abspath(uri)


def timed_start(options: Options) -> tuple[Any, float]:
    started = time.perf_counter()
    spark = start_spark(options)
    return spark, time.perf_counter() - started
