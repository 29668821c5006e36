"""A WARC file whose pages span years of publication dates (a site's archive crawled at once): its
rows were all held in memory (a buffer per date, written at 2,000 rows) with a Parquet file open
per date, 'too many open files' past the usual limit of 1,024 dates."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from test_backfill_support import rows_of

from newsdesk.backfill.files import Folder
from newsdesk.backfill.ledger import STAGING, commit, write_manifest
from newsdesk.backfill.local import write_parts
from newsdesk.backfill.records import FileReport


def _rows(count: int, dates: int) -> Iterator[dict[str, Any]]:
    text = "The council met on Tuesday to discuss the budget for the coming year. " * 30
    for n in range(count):
        d = n % dates
        day = f"{2000 + d // 336:04d}-{1 + d // 28 % 12:02d}-{1 + d % 28:02d}"
        yield {"id": f"{n:08d}", "url": f"https://news.example.com/{n}", "title": f"Story {n}", "text": f"{text}{n}",
               "published": day, "published_date": day, "authors": [], "paragraphs": "[]", "media": "[]",
               "removed": "[]", "entities": "[]", "quotes": "[]", "events": "[]", "warc": "crawl.warc.gz",
               "warc_offset": n, "warc_date": None, "language": "en", "source": None}


def test_rows_over_many_dates_are_written_in_bounded_memory(tmp_path: Path) -> None:
    folder, stage = Folder(str(tmp_path / "out")), f"{STAGING}/job"
    tracemalloc.start()
    try:
        write_parts(folder, stage, _rows(12_000, 1_000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 12 * 2**20, f"{peak / 2**20:.0f} MB held"  # 12,000 rows of 2 KB: 40 MB when all were held
    write_manifest(folder, stage, [FileReport("k", "crawl.warc.gz", 0, 0.0, "x", 12_000, 12_000, 0, 0.0)])
    commit(folder, stage)
    rows = rows_of(tmp_path / "out")
    assert len(rows) == 12_000 and len({r["published_date"] for r in rows}) == 1_000
    assert all(r["published"] == r["published_date"] for r in rows)
    for part in (tmp_path / "out" / "articles").glob("*/*.parquet"):  # each date's rows in file order
        offsets = pq.read_table(part, columns=["warc_offset"]).column(0).to_pylist()
        assert offsets == sorted(offsets) and len(offsets) == 12


def test_more_dates_than_open_files_allowed(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import resource, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_walk_backfill_dates_spread import _rows
        from newsdesk.backfill.files import Folder
        from newsdesk.backfill.local import write_parts
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
        write_parts(Folder({str(tmp_path / "out")!r}), "_backfill/staging/job", _rows(600, 600))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-500:]
    assert len(list((tmp_path / "out" / STAGING / "job").glob("published_date=*/*.parquet"))) == 600
