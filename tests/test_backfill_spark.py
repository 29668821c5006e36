"""Backfill on Spark, started for real in local[2] (one session for the module): the same rows as
the local engine and the same articles as `newsdesk analyze`; jobs as checkpoints; URIs.

Skipped where PySpark or Java is missing, unless NEWSDESK_SPARK_TESTS=required (as in CI).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_backfill_support import (
    SETTINGS,
    Corpus,
    bench_pages,
    rows_of,
    same_as_analyze,
    write_warcs,
)

from newsdesk.backfill import Options, Summary, backfill
from newsdesk.backfill.files import Folder
from newsdesk.backfill.ledger import STAGING, done_reports

pytest_plugins = ["test_backfill_support"]  # its session fixtures, shared by both modules


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    missing = None
    try:
        import pyspark  # noqa: F401
    except ImportError:
        missing = "PySpark is not installed (pip install 'newsdesk[spark]')"
    if missing is None and not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        missing = "no Java (apt-get install openjdk-17-jre-headless)"
    if missing:
        if os.environ.get("NEWSDESK_SPARK_TESTS") == "required":
            pytest.fail(missing)
        pytest.skip(missing)
    from newsdesk.backfill.spark import start_spark

    session = start_spark(Options(output="", engine="spark", master="local[2]"))
    yield session
    session.stop()


def _parts(output: Path) -> list[str]:
    return sorted(str(p.relative_to(output)) for p in (output / "articles").rglob("*.parquet"))


def test_spark_gives_the_rows_of_the_local_engine(spark: Any, corpus: Corpus, analyzed: dict[str, Any],
                                                  local_run: tuple[Path, Summary], tmp_path: Path) -> None:
    local_out, local = local_run
    out = tmp_path / "out"
    summary = backfill([str(corpus.folder)], Options(output=str(out), engine="spark"), SETTINGS)
    assert (summary.files, summary.done, summary.records, summary.articles, summary.errors) == (
        local.files, local.done, local.records, local.articles, local.errors)
    assert summary.failures == local.failures
    rows = rows_of(out)
    assert rows == rows_of(local_out)  # row for row, every column
    for row in rows:
        same_as_analyze(row, analyzed[row["url"]])
    assert _parts(out) == _parts(local_out)  # Spark's part files renamed by WARC file, as the local ones
    spark_done, local_done = done_reports(Folder(str(out))), done_reports(Folder(str(local_out)))
    assert {k: r.sha256 for k, r in spark_done.items()} == {k: r.sha256 for k, r in local_done.items()}
    assert not list((out / STAGING).iterdir())


def test_jobs_are_checkpoints_and_uris_work(spark: Any, tmp_path: Path) -> None:
    pages = bench_pages(8)
    warcs = write_warcs(tmp_path / "in", pages, 4, junk=False)
    uri = (tmp_path / "out").as_uri()  # file:///…: the path Spark's and pyarrow's filesystems take
    options = Options(output=uri, engine="spark", analyze=False, files_per_job=2, stories=False)
    first = backfill([w.as_uri() for w in warcs[:2]], options, SETTINGS)  # as if the run stopped after a job
    assert (first.done, first.articles) == (2, 4)
    rest = backfill([(tmp_path / "in").as_uri()], options, SETTINGS)
    assert (rest.files, rest.skipped, rest.done, rest.articles) == (4, 2, 2, 4)
    rows = rows_of(tmp_path / "out")
    assert sorted(r["url"] for r in rows) == sorted(p.url for p in pages)
    assert len({(r["warc"], r["warc_offset"]) for r in rows}) == len(rows) == 8
    assert {r["warc"] for r in rows} == {w.as_uri() for w in warcs}
