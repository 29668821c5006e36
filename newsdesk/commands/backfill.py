"""``newsdesk backfill``: WARC archives into Parquet (and a store) on a process pool or on Spark."""

from __future__ import annotations

import json
import logging
import sys

import click

from ..backfill import FileReport, Options, backfill
from ..backfill.rows import NULL_PARTITION, PARTITION
from ..errors import NewsdeskError
from ..settings import Settings
from .store import _fail

EXTRACTORS = ("trafilatura", "htmldate", "courlan", "justext")  # the extraction stage's libraries' loggers


@click.command("backfill")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--output", "-o", required=True, metavar="DIR",
              help="Output folder (local path or URI): Parquet under DIR/articles, partitioned by publication "
                   "date, and the record of what is done (a re-run skips it).")
@click.option("--engine", type=click.Choice(("local", "spark")), default="local", show_default=True,
              help="local: a process pool on this machine; spark: Apache Spark (the 'spark' extra and Java "
                   "17+: see docs/backfill.md).")
@click.option("--master", metavar="URL", help="Spark master (local[4], yarn, k8s://…, spark://…); default: what "
              "spark-submit set, else local[*].")
@click.option("--workers", type=click.IntRange(1, 1024), default=None,
              help="Local engine: processes (default: one per core).")
@click.option("--published-from-warc", is_flag=True,
              help="Use the record's WARC-Date as the publication date of a page that has none.")
@click.option("--db", metavar="URL", help="Also load the articles into this store (SQLite path or postgresql://…) "
              "and assign them to stories.")
@click.option("--files-per-job", type=click.IntRange(0, 100_000), default=0,
              help="Spark: WARC files per job, each job a checkpoint (default: 4 per core).")
@click.option("--conf", "conf", multiple=True, metavar="KEY=VALUE", help="Spark setting (repeatable).")
@click.option("--analyze/--no-analyze", default=True, show_default=True,
              help="Find entities, quotes and events (off: extraction only, much faster).")
@click.option("--no-stories", is_flag=True, help="Skip story assignment after the parallel part (with --db: store "
              "only; `newsdesk stories --rebuild` assigns them later).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
def backfill_command(inputs: tuple[str, ...], output: str, engine: str, master: str | None, workers: int | None,
                     published_from_warc: bool, db: str | None, files_per_job: int, conf: tuple[str, ...],
                     analyze: bool, no_stories: bool, as_json: bool) -> None:
    """Analyze every page of WARC files (files, folders, globs) like `newsdesk analyze`, in parallel.

    Resumable: files done are recorded (with their checksum) and skipped by a re-run; a crashed
    run leaves no partial output. A failing record is counted and logged with its WARC offset.

    \b
    Examples:
      newsdesk backfill --output out/ crawl/
      newsdesk backfill --output out/ --db news.db 'crawl/2024-05-*/*.warc.gz'
      newsdesk backfill --engine spark --master 'local[4]' --output out/ crawl/
    """
    spark_conf = {}
    for item in conf:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            _fail(f"--conf {item}: want KEY=VALUE")
        spark_conf[key.strip()] = value
    # newsdesk's own warnings (failed records); other libraries' only from errors up: trafilatura
    # warns of every empty link it meets ("empty link: \n {'target': …}", lines per page)
    logging.basicConfig(level=logging.ERROR, format="newsdesk: %(message)s", stream=sys.stderr)
    logging.getLogger("newsdesk").setLevel(logging.WARNING)
    logging.getLogger("newsdesk.backfill.progress").setLevel(logging.INFO)  # a big file's progress lines
    for extractor in EXTRACTORS:  # their errors name no page ("newsdesk: parsed tree length: 0, wrong data type
        logging.getLogger(extractor).setLevel(logging.CRITICAL)  # or not valid HTML"): the counts say it
    options = Options(output=output, engine="spark" if engine == "spark" else "local", master=master,
                      workers=workers, published_from_warc=published_from_warc, analyze=analyze,
                      files_per_job=files_per_job, db=db, stories=not no_stories, spark_conf=spark_conf)

    def progress(report: FileReport) -> None:
        if not as_json:
            skipped = f", not pages: {_counts(report.skipped)}" if report.skipped else ""
            missed = f", {report.no_article} without article text" if report.no_article else ""
            click.echo(f"{report.uri}: {report.articles} articles{missed}, {report.errors} errors{skipped} "
                       f"({report.seconds:.1f} s)", err=True)

    try:
        summary = backfill(list(inputs), options, Settings.load(), on_file=progress)
    except NewsdeskError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:  # each worker printed its traceback, then click's "Aborted!"
        click.echo("newsdesk: interrupted; the files done are kept: run again to go on", err=True)
        sys.exit(130)
    if as_json:
        click.echo(json.dumps(summary.as_dict()))
    else:
        if summary.undated and not published_from_warc:
            click.echo(f"newsdesk: note: {summary.undated} articles state no publication date (they are in "
                       f"{PARTITION}={NULL_PARTITION} and last in story order); --published-from-warc "
                       "dates them by their capture (WARC-Date)", err=True)
        if summary.errors:  # each was logged as it happened
            errors = f"{output.rstrip('/')}/_backfill/errors/"  # 'out/' gave out//_backfill
            click.echo(f"newsdesk: {summary.errors} records failed; see {errors}", err=True)
        click.echo(f"{summary.files} files ({summary.skipped} already done), {summary.records} records, "
                   f"{summary.articles} articles, "
                   + (f"{summary.no_article} pages without article text, " if summary.no_article else "")
                   + f"{summary.errors} errors, "
                   f"{summary.articles_per_second:.1f} articles/s ({summary.seconds:.1f} s"
                   + (f"; engine start {summary.startup_seconds:.1f} s" if summary.startup_seconds else "") + ")"
                   + (f"; not pages: {_counts(summary.not_pages)}" if summary.not_pages else "")
                   + (f"; {summary.loaded} stored" if db else "")
                   + (f"; {summary.stories} assigned to stories" if summary.stories else ""))
    sys.exit(1 if summary.files - summary.skipped - summary.done else 0)  # a file's task died: run again


def _counts(counts: tuple[tuple[str, int], ...]) -> str:
    """``3 revisit, 2 redirect``: counts by reason, most first."""
    return ", ".join(f"{n} {reason}" for reason, n in sorted(counts, key=lambda item: (-item[1], item[0])))
