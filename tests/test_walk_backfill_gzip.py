"""The backfill (and every WARC reader) on a WARC file gzipped whole, as `gzip crawl.warc` makes it."""

from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

from test_backfill_support import NEWSDESK, SETTINGS, bench_pages, rows_of, write_warc
from test_walk_backfill import plain_warc

from newsdesk.backfill import Options, backfill
from newsdesk.ingest.warc import read_record, warc_index


def test_a_warc_gzipped_whole_is_read_record_by_record(tmp_path: Path) -> None:
    """`gzip crawl.warc` makes one gzip member of the whole file: it was refused as corrupt with
    warcio's multi-line message, no page of it read."""
    pages = [(p.url, p.html) for p in bench_pages(3, smallest=True)]
    plain = plain_warc(pages)
    (tmp_path / "in").mkdir()
    whole = tmp_path / "in" / "crawl.warc.gz"
    whole.write_bytes(gzip.compress(plain))
    summary = backfill([str(whole)], Options(output=str(tmp_path / "out"), analyze=False), SETTINGS)
    assert (summary.records, summary.articles, summary.errors) == (3, 3, 0)
    rows = rows_of(tmp_path / "out")
    assert sorted(r["url"] for r in rows) == sorted(url for url, _ in pages)
    for row in rows:  # offsets are those of the inflated file
        assert plain[row["warc_offset"]:].startswith(b"WARC/1.0\r\n")
        assert row["url"].encode() in plain[row["warc_offset"]:][:400]
    entries = list(warc_index(str(whole)))  # the index and a later read by offset, as the monitor does
    assert [e.offset for e in entries] == sorted(r["warc_offset"] for r in rows)
    assert read_record(entries[-1], SETTINGS).url == entries[-1].url
    assert read_record(entries[0], SETTINGS).url == entries[0].url  # back to the start again
    ingest = subprocess.run([NEWSDESK, "ingest", "--no-analyze", "--db", str(tmp_path / "news.db"), str(whole)],
                            capture_output=True, text=True, timeout=300)
    assert (ingest.returncode, ingest.stdout.strip()) == (0, "3 stored"), ingest.stderr

    cut = tmp_path / "cut" / "crawl.warc.gz"  # cut off in its last record: the records before it stay
    cut.parent.mkdir()
    cut.write_bytes(whole.read_bytes()[:-2000])
    summary = backfill([str(cut)], Options(output=str(tmp_path / "out-cut"), analyze=False), SETTINGS)
    assert (summary.records, summary.articles, summary.errors) == (3, 2, 1)
    assert "cut short" in summary.failures[0].reason


def test_a_member_of_many_records_after_the_first_is_one_line(tmp_path: Path) -> None:
    """A per-record .warc.gz with a file gzipped whole appended: the records before it are kept and
    the error is one line, not warcio's eight lines of advice folded into question marks."""
    pages = [(p.url, p.html) for p in bench_pages(4, smallest=True)]
    first = tmp_path / "first.warc.gz"
    write_warc(first, pages[:1])
    mixed = tmp_path / "in" / "mixed.warc.gz"
    mixed.parent.mkdir()
    mixed.write_bytes(first.read_bytes() + gzip.compress(plain_warc(pages[1:])))
    summary = backfill([str(mixed)], Options(output=str(tmp_path / "out"), analyze=False, stories=False), SETTINGS)
    assert summary.articles >= 1 and summary.errors == 1
    assert summary.failures[-1].reason == ("corrupt or truncated WARC file (a gzip member past the first holds "
                                           "more than one record)")
