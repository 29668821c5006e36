"""Backfill speed: the local engine and Spark side by side, and Spark's scaling from local[1] to local[2].

WARC files are written from the extraction benchmark's 91 pages (each page ``--copies`` times
under its own URL), as a crawler writes them: a warcinfo record, then a request, a response and a
metadata record per page. Each run is the real ``backfill()`` with full analysis, into a fresh
output folder; articles/s counts the parallel part (model loading included), Spark's start-up
(JVM, session) is timed apart. All runs must give the same rows.

    python bench/backfill.py [--copies 8] [--files 8] [--runs local2,spark2,spark1] [--markdown]

Targets (issue #9): Spark ≥ 0.85× the local engine once started; local[2] ≥ 1.8× local[1].
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_backfill_support import bench_pages, write_warcs
from warcio.warcwriter import WARCWriter

from newsdesk.backfill import Options, backfill
from newsdesk.backfill.files import Folder
from newsdesk.backfill.output import read_rows
from newsdesk.settings import Settings

RUNS = {"local1": ("local", 1), "local2": ("local", 2), "spark1": ("spark", 1), "spark2": ("spark", 2)}


@dataclass(frozen=True)
class Result:
    name: str
    files: int
    records: int
    articles: int
    errors: int
    seconds: float
    startup: float
    cpu: float  # CPU seconds: this process and its pool (local); and Spark's JVM and Python workers (spark)

    @property
    def rate(self) -> float:
        return self.articles / self.seconds

    @property
    def per_cpu_second(self) -> float:
        return self.articles / self.cpu


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _tree_cpu(root: int) -> float:
    """CPU seconds of the live descendants of ``root`` (Spark's JVM, its Python daemon and workers)."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry)], ticks[int(entry)] = int(fields[1]), int(fields[11]) + int(fields[12])
    tree, frontier = set(), {root}
    while frontier:
        tree |= frontier
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - tree
    return sum(ticks[pid] for pid in tree - {root} if pid in ticks) / os.sysconf("SC_CLK_TCK")


def add_metadata(paths: list[Path]) -> int:
    """Append a metadata record per response (as Common Crawl writes); returns all records."""
    from warcio.archiveiterator import ArchiveIterator

    total = 0
    for path in paths:
        with path.open("rb") as stream:
            urls = [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)
                    if r.rec_type == "response"]
        with path.open("ab") as out:
            writer = WARCWriter(out, gzip=path.suffix == ".gz")
            for url in urls:
                payload = io.BytesIO(b"fetchTimeMs: 80\r\n")
                writer.write_record(writer.create_warc_record(url, "metadata", payload=payload,
                                                              warc_content_type="application/warc-fields"))
        with path.open("rb") as stream:
            total += sum(1 for _ in ArchiveIterator(stream))
    return total


def run(name: str, inputs: Path, work: Path, settings: Settings) -> tuple[Result, list[dict[str, Any]]]:
    engine, cores = RUNS[name]
    out = work / name
    spark: Any = None
    startup = 0.0
    if engine == "spark":
        from newsdesk.backfill.spark import timed_start

        spark, startup = timed_start(Options(output="", engine="spark", master=f"local[{cores}]"))
    cpu, tree = _cpu(), _tree_cpu(os.getpid())
    try:
        summary = backfill([str(inputs)], Options(output=str(out), engine="local" if engine == "local" else "spark",
                                                  workers=cores, stories=False), settings)
        tree = _tree_cpu(os.getpid()) - tree if spark is not None else 0.0  # before stop: workers still live
    finally:
        if spark is not None:
            spark.stop()
    cpu = _cpu() - cpu + tree  # the local pool has ended: its CPU time is in RUSAGE_CHILDREN
    rows = list(read_rows(Folder(str(out))))
    return Result(name, summary.files, summary.records, summary.articles, summary.errors, summary.seconds,
                  startup, cpu), rows


def _differences(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> str:
    """Which rows and columns differ between two runs."""
    by_url = {r["url"]: r for r in b}
    columns: dict[str, int] = {}
    for row in a:
        other = by_url.get(row["url"], {})
        for key in row:
            if row[key] != other.get(key):
                columns[key] = columns.get(key, 0) + 1
    return f"{len(a)} vs {len(b)} rows; columns differing (rows): {columns}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=8, help="times each of the 91 pages is archived")
    parser.add_argument("--files", type=int, default=8, help="WARC files")
    parser.add_argument("--runs", default="local2,spark2,spark1", help=f"of {','.join(RUNS)}")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    settings = Settings.load()
    with tempfile.TemporaryDirectory(prefix="bench-backfill-") as tmp:
        work = Path(tmp)
        warcs = write_warcs(work / "in", bench_pages(), args.files, copies=args.copies, junk=False)
        records = add_metadata(warcs)
        print(f"{len(warcs)} WARC files, {records} records, {91 * args.copies} pages", file=sys.stderr)
        results: list[Result] = []
        reference: list[dict[str, Any]] | None = None
        for name in args.runs.split(","):
            started = time.perf_counter()
            result, rows = run(name, work / "in", work, settings)
            results.append(result)
            print(f"{name}: {result.articles} articles in {result.seconds:.1f} s = {result.rate:.2f}/s, "
                  f"CPU {result.cpu:.1f} s "
                  f"(start-up {result.startup:.1f} s; wall {time.perf_counter() - started:.1f} s)", file=sys.stderr)
            if reference is None:
                reference = rows
            elif rows != reference:
                print(f"warning: {name}: {_differences(reference, rows)} (against {results[0].name})", file=sys.stderr)
    by_name = {r.name: r for r in results}
    if args.markdown:
        print("| run | cores | files | records | articles | errors | start-up s | seconds | articles/s "
              "| articles per CPU s |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for r in results:
            engine, cores = RUNS[r.name]
            label = f"`--engine {engine}`" + (f" `--workers {cores}`" if engine == "local" else
                                               f" `--master local[{cores}]`")
            print(f"| {label} | {cores} | {r.files} | {r.records} | {r.articles} | {r.errors} | "
                  f"{r.startup:.1f} | {r.seconds:.1f} | {r.rate:.2f} | "
                  + f"{r.per_cpu_second:.2f} |")
    if "spark2" in by_name and "local2" in by_name:
        print(f"Spark local[2] / local engine (2 workers): {by_name['spark2'].rate / by_name['local2'].rate:.2f}× "
              f"wall, {by_name['spark2'].per_cpu_second / by_name['local2'].per_cpu_second:.2f}× per CPU-second "
              "(target ≥ 0.85×)")
    if "spark2" in by_name and "spark1" in by_name:
        print(f"Spark local[2] / local[1]: {by_name['spark2'].rate / by_name['spark1'].rate:.2f}× (target ≥ 1.8×)")
    if "local2" in by_name and "local1" in by_name:
        print(f"local engine 2 workers / 1: {by_name['local2'].rate / by_name['local1'].rate:.2f}×")


if __name__ == "__main__":
    main()
