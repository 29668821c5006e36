"""A researcher's archive through the backfill: WARC files as crawlers write them (the helpers the
other test_walk_backfill modules use); here, the stories of a backfill against a live store."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pyarrow.parquet as pq
from test_backfill_support import SETTINGS, bench_pages, rows_of
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.backfill import Options, backfill, read_articles
from newsdesk.store import open_store
from newsdesk.stories import StoryDesk

DATE = "2024-05-06T07:08:09Z"


def response(writer: WARCWriter, url: str, body: bytes, status: str = "200 OK",
              kind: str = "text/html; charset=utf-8", date: str = DATE,
              headers: tuple[tuple[str, str], ...] = ()) -> None:
    http = StatusAndHeaders(status, [("Content-Type", kind), *headers], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                                  warc_headers_dict={"WARC-Date": date}))


def chunked(body: bytes) -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 700]), body[i:i + 700])
                    for i in range(0, len(body), 700)) + b"0\r\n\r\n"


def plain_warc(pages: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "walk"}))
    for url, html in pages:
        response(writer, url, html)
    return out.getvalue()


def test_stories_of_the_parquet_are_those_a_live_store_makes(tmp_path: Path) -> None:
    """A URL captured twice (the same text) was assigned twice, the second time 'joined' to its own
    story; and an archived URL that is not the store's canonical one (a tracking parameter, a bare
    query) gave other story ids than --db, and another order."""
    pages = bench_pages(6, smallest=True)
    warc = tmp_path / "in" / "crawl.warc.gz"
    warc.parent.mkdir()
    with warc.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n, page in enumerate(pages):
            url = page.url + ("?utm_source=feed" if n % 2 else "?d")
            response(writer, url, page.html)
        response(writer, pages[0].url + "?d", pages[0].html, date="2025-01-02T03:04:05Z")  # captured again
    out_dir = tmp_path / "out"
    summary = backfill([str(warc)], Options(output=str(out_dir), analyze=False), SETTINGS)
    assert summary.articles == 7 and summary.stories == 6
    assignments = pq.read_table(out_dir / "stories" / "assignments.parquet").to_pylist()
    assert sorted(a["article_id"] for a in assignments) == sorted({r["id"] for r in rows_of(out_dir)})
    parquet = {a["article_id"]: (a["story_id"], a["status"]) for a in assignments}

    live: dict[str, tuple[str, str]] = {}  # the same articles, in the same order, through a live store
    with open_store(str(tmp_path / "live.db")) as store:
        desk = StoryDesk(store)
        for article in read_articles(str(out_dir)):
            result = store.put(article)
            if result.status != "duplicate":
                made = desk.add(dataclasses.replace(article, id=result.id))
                live[article.id] = (made.story_id, made.status)
    assert parquet == live

    db = str(tmp_path / "loaded.db")  # and --db gives them too
    backfill([str(warc)], Options(output=str(out_dir), analyze=False, db=db), SETTINGS)
    with open_store(db) as store:
        for article in read_articles(str(out_dir)):
            stored = store.put(article)
            assert stored.status == "duplicate"
            story = store.story_of(stored.id)
            assert story == parquet[article.id][0]


def test_a_rerun_with_nothing_new_keeps_the_stories(tmp_path: Path) -> None:
    """Re-running over an archive done ran the tracker over the whole output again (hours at a
    million articles); the stories are made again only when the files done changed."""
    pages = bench_pages(6, smallest=True)
    first, second = tmp_path / "in" / "a.warc.gz", tmp_path / "more" / "b.warc.gz"
    first.parent.mkdir()
    second.parent.mkdir()
    for path, part in ((first, pages[:3]), (second, pages[3:])):
        with path.open("wb") as out:
            writer = WARCWriter(out, gzip=True)
            for page in part:
                response(writer, page.url, page.html)
    out_dir, stories = tmp_path / "out", tmp_path / "out" / "stories" / "assignments.parquet"
    assert backfill([str(first)], Options(output=str(out_dir), analyze=False), SETTINGS).stories == 3
    made = stories.stat().st_mtime_ns
    again = backfill([str(first)], Options(output=str(out_dir), analyze=False), SETTINGS)
    assert (again.skipped, again.stories) == (1, 0) and stories.stat().st_mtime_ns == made
    more = backfill([str(first), str(second)], Options(output=str(out_dir), analyze=False), SETTINGS)
    assert (more.skipped, more.done, more.stories) == (1, 1, 6)  # a file more: all of them again, in order
    assert len(pq.read_table(stories)) == 6
