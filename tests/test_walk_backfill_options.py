"""A re-run with other options (--published-from-warc, --analyze) does the files again, where it
said every file was done and kept what the first options made."""

from __future__ import annotations

from pathlib import Path

from test_backfill_support import SETTINGS, bench_pages, rows_of, write_warc

from newsdesk.backfill import Options, backfill


def test_a_rerun_with_other_options_does_the_files_again(tmp_path: Path) -> None:
    pages = [(p.url, p.html) for p in bench_pages(None, smallest=True)[:8]]
    (tmp_path / "in").mkdir()
    warc = write_warc(tmp_path / "in" / "crawl.warc.gz", pages)
    out = str(tmp_path / "out")
    first = backfill([str(warc)], Options(output=out, analyze=False, stories=False), SETTINGS)
    undated = {r["url"] for r in rows_of(tmp_path / "out") if r["published"] is None}
    assert first.done == 1 and undated
    same = backfill([str(warc)], Options(output=out, analyze=False, stories=False), SETTINGS)
    assert (same.skipped, same.done) == (1, 0)
    dated = backfill([str(warc)], Options(output=out, analyze=False, stories=False, published_from_warc=True),
                     SETTINGS)
    assert (dated.skipped, dated.done, dated.articles) == (0, 1, len(pages))
    rows = {r["url"]: r for r in rows_of(tmp_path / "out")}
    assert len(rows) == len(pages)  # the file's parts replaced, none twice
    assert all(rows[url]["published"] == "2024-05-06T07:08:09+00:00" for url in undated)
    again = backfill([str(warc)], Options(output=out, analyze=False, stories=False, published_from_warc=True),
                     SETTINGS)
    assert (again.skipped, again.done) == (1, 0)
