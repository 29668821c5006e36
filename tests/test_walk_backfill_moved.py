"""An archive moved (another disk, another mount path) or holding a file twice: its pages are in the
output once. They were done again under the new names, every article twice."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

from test_backfill_support import SETTINGS, bench_pages, rows_of, write_warcs

from newsdesk.backfill import Options, backfill


def _twice(output: Path) -> list[str]:
    return [key for key, n in Counter((r["url"], r["warc_date"]) for r in rows_of(output)).items() if n > 1]


def test_a_moved_archive_is_not_done_twice(tmp_path: Path) -> None:
    pages = bench_pages(4, smallest=True)
    write_warcs(tmp_path / "disk1" / "crawl", pages, 2, junk=False)
    out = tmp_path / "out"
    first = backfill([str(tmp_path / "disk1" / "crawl")], Options(output=str(out), analyze=False), SETTINGS)
    assert (first.done, first.articles) == (2, 4)
    shutil.move(tmp_path / "disk1", tmp_path / "disk2")  # the archive moved
    moved = backfill([str(tmp_path / "disk2" / "crawl")], Options(output=str(out), analyze=False), SETTINGS)
    assert (moved.skipped, moved.done) == (2, 0)
    assert len(rows_of(out)) == 4 and not _twice(out)
    assert backfill([str(tmp_path / "disk2" / "crawl")], Options(output=str(out), analyze=False),
                    SETTINGS).skipped == 2  # the new names are recorded: no hashing again
    # done again another way at the new place: the parts made under the old names go
    redone = backfill([str(tmp_path / "disk2" / "crawl")],
                      Options(output=str(out), analyze=False, published_from_warc=True), SETTINGS)
    assert (redone.done, redone.articles) == (2, 4)
    assert len(rows_of(out)) == 4 and not _twice(out)


def test_a_file_twice_in_one_run_is_done_once(tmp_path: Path) -> None:
    pages = bench_pages(3, smallest=True)
    [warc] = write_warcs(tmp_path / "archive" / "2024", pages, 1, junk=False)
    (tmp_path / "archive" / "backup").mkdir()
    shutil.copy2(warc, tmp_path / "archive" / "backup" / warc.name)
    out = tmp_path / "out"
    summary = backfill([str(tmp_path / "archive")], Options(output=str(out), analyze=False), SETTINGS)
    assert (summary.files, summary.done, summary.skipped, summary.articles) == (2, 1, 1, 3)
    assert len(rows_of(out)) == 3 and not _twice(out)
    again = backfill([str(tmp_path / "archive")], Options(output=str(out), analyze=False), SETTINGS)
    assert (again.skipped, again.done) == (2, 0) and len(rows_of(out)) == 3
