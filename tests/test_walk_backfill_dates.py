"""Archived pages that state no publication date: counted, and the run says how to date them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from test_backfill_support import NEWSDESK, bench_pages, write_warc


def test_undated_pages_are_counted_and_the_way_to_date_them_said(tmp_path: Path) -> None:
    pages = [(p.url, p.html) for p in bench_pages(None, smallest=True)[:8]]
    (tmp_path / "in").mkdir()
    warc = write_warc(tmp_path / "in" / "crawl.warc.gz", pages)
    base = [NEWSDESK, "backfill", "--no-analyze", "--no-stories", str(warc), "--output"]
    plain = subprocess.run([*base, str(tmp_path / "a")], capture_output=True, text=True, timeout=300)
    undated = len(list((tmp_path / "a" / "articles" / "published_date=__HIVE_DEFAULT_PARTITION__").glob("*")))
    assert plain.returncode == 0 and undated == 1
    notes = [line for line in plain.stderr.splitlines() if line.startswith("newsdesk: note:")]
    assert len(notes) == 1 and "--published-from-warc dates them by their capture (WARC-Date)" in notes[0]
    count = int(notes[0].split()[2])
    assert 0 < count < len(pages)
    as_json = subprocess.run([*base, str(tmp_path / "b"), "--json"], capture_output=True, text=True, timeout=300)
    assert json.loads(as_json.stdout)["undated"] == count
    dated = subprocess.run([*base, str(tmp_path / "c"), "--json", "--published-from-warc"], capture_output=True,
                           text=True, timeout=300)
    assert json.loads(dated.stdout)["undated"] == 0 and "note:" not in dated.stderr


def test_a_capture_date_in_another_form_dates_the_page_or_leaves_it_undated(tmp_path: Path) -> None:
    """--published-from-warc failed every undated page of a file whose WARC-Date is not ISO 8601
    (the 14-digit form of ARC files and CDX indexes, or junk): 'not an ISO date'."""
    from test_backfill_support import SETTINGS, rows_of

    from newsdesk.backfill import Options, backfill

    page = next(p for p in bench_pages(None, smallest=True)[:8] if p.url.startswith("https://blog.comwrap.com/"))
    (tmp_path / "in").mkdir()
    write_warc(tmp_path / "in" / "arc.warc.gz", [(page.url, page.html)], date="20240506070809")
    write_warc(tmp_path / "in" / "junk.warc.gz", [(page.url + "?junk", page.html)], date="yesterday")
    summary = backfill([str(tmp_path / "in")], Options(output=str(tmp_path / "out"), analyze=False, stories=False,
                                                        published_from_warc=True), SETTINGS)
    assert (summary.articles, summary.errors, summary.undated) == (2, 0, 1)
    # by file: the page's same-host canonical link is both rows' url (as the monitor and `extract URL` take it)
    published = {Path(r["warc"]).name: r["published"] for r in rows_of(tmp_path / "out")}
    assert published == {"arc.warc.gz": "2024-05-06T07:08:09+00:00", "junk.warc.gz": None}
