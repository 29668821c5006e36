"""One article, one id: extraction, the store and the backfill's Parquet rows give the same id to a
page whose URL carries tracking parameters (utm_*, fbclid…), a fragment, an upper-case host."""

from __future__ import annotations

import io
import sqlite3
import subprocess
from pathlib import Path

from test_backfill_support import NEWSDESK, rows_of
from test_monitor_support import article_page
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.backfill import Options, backfill
from newsdesk.extract import extract
from newsdesk.identity import article_id, canonical_url
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.types import Fetched

SETTINGS = Settings.load(environ={})
TRACKED = [f"https://News.Example.com/story/{n}?id={n}&utm_source=rss&utm_medium=feed&fbclid=IwAR{n}#comments"
           for n in (1, 2)]


def test_the_extracted_id_is_the_stored_id(tmp_path: Path) -> None:
    page = Fetched(input=TRACKED[0], content=article_page(1), url=TRACKED[0], media_type="text/html")
    article = extract(page)
    assert article.id == article_id("https://news.example.com/story/1?id=1", article.text)
    with open_store(str(tmp_path / "news.db")) as store:
        result = store.put(article)
    assert result.id == article.id


def test_parquet_ids_are_the_store_ids(tmp_path: Path) -> None:
    warc = tmp_path / "in" / "crawl.warc.gz"
    warc.parent.mkdir()
    with warc.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n, url in enumerate(TRACKED, 1):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", http_headers=headers,
                                                          payload=io.BytesIO(article_page(n).encode())))
    backfill([str(warc)], Options(output=str(tmp_path / "out"), analyze=False, stories=False), SETTINGS)
    parquet = {row["url"]: row["id"] for row in rows_of(tmp_path / "out")}
    assert set(parquet) == set(TRACKED)  # the row keeps the URL as archived
    db = tmp_path / "news.db"
    done = subprocess.run([NEWSDESK, "ingest", "--no-analyze", "--db", str(db), str(warc)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as con:
        stored = dict(con.execute("SELECT canonical_url, id FROM articles").fetchall())
    assert stored == {canonical_url(url): parquet[url] for url in TRACKED}


def test_canonical_twice_is_canonical_once() -> None:
    for url in [*TRACKED, "HTTP://Example.COM:80?b=2&a=1", "https://x.test/a b?q=a b&r=%2B&s", "http://[::1]:8080/x",
                "news.example.com/path?utm_campaign=x", "https://x.test/?a=%20&b=+"]:
        once = canonical_url(url)
        assert canonical_url(once) == once
