"""The captures a backfill passes over (revisits, redirects, HTTP errors, PDFs, images), counted by reason."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
from pathlib import Path

from test_backfill_support import NEWSDESK, SETTINGS, bench_pages
from test_walk_backfill import DATE, chunked, response
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.backfill import Options, backfill


def test_captures_that_are_not_pages_are_counted_by_reason(tmp_path: Path) -> None:
    pages = bench_pages(3, smallest=True)
    warc = tmp_path / "in" / "crawl.warc.gz"
    warc.parent.mkdir()
    with warc.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="1.1")
        writer.write_record(writer.create_warcinfo_record(warc.name, {"software": "walk"}))
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
        writer.write_record(writer.create_warc_record(pages[0].url, "request", http_headers=request))
        response(writer, pages[0].url, chunked(pages[0].html), headers=(("Transfer-Encoding", "chunked"),))
        response(writer, pages[1].url, gzip.compress(pages[1].html), headers=(("Content-Encoding", "gzip"),))
        response(writer, pages[2].url, pages[2].html)
        response(writer, "https://news.example.com/gone", b"<html>gone</html>", status="404 Not Found")
        response(writer, "https://news.example.com/down", b"<html>down</html>", status="503 Unavailable")
        response(writer, "https://news.example.com/old", b"", status="301 Moved Permanently",
                  headers=(("Location", "https://news.example.com/new"),))
        response(writer, "https://news.example.com/part", b"<html>part</html>", status="206 Partial Content")
        response(writer, "https://news.example.com/report.pdf", b"%PDF-1.4\n", kind="application/pdf")
        response(writer, "https://news.example.com/logo.png", b"\x89PNG\r\n\x1a\n", kind="image/png")
        revisit = writer.create_revisit_record(pages[2].url, digest="sha1:AAAA", refers_to_uri=pages[2].url,
                                               refers_to_date=DATE)
        writer.write_record(revisit)
    summary = backfill([str(warc)], Options(output=str(tmp_path / "out"), analyze=False, stories=False), SETTINGS)
    assert (summary.records, summary.articles, summary.errors) == (3, 3, 0)
    expected = {"not HTML or text": 2, "HTTP error": 2, "redirect": 1, "revisit": 1, "status 206": 1}
    assert dict(summary.not_pages) == expected
    assert summary.not_pages[:2] == (("HTTP error", 2), ("not HTML or text", 2))  # most first

    again = subprocess.run([NEWSDESK, "backfill", "--no-analyze", "--no-stories", "--output", str(tmp_path / "o2"),
                            str(warc)], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().endswith(
        "; not pages: 2 HTTP error, 2 not HTML or text, 1 redirect, 1 revisit, 1 status 206")
    assert "3 articles, 0 errors, not pages: 2 HTTP error, 2 not HTML or text" in again.stderr
    as_json = subprocess.run([NEWSDESK, "backfill", "--no-analyze", "--no-stories", "--json", "--output",
                              str(tmp_path / "o3"), str(warc)], capture_output=True, text=True, timeout=300)
    assert json.loads(as_json.stdout)["not_pages"] == expected


def test_a_sites_files_for_crawlers_are_no_articles(tmp_path: Path) -> None:
    """Every host of a crawl has a robots.txt (text/plain): each was an article of the backfill,
    'User-agent: * Disallow: /admin/' in the stories, and in the store through ingest."""
    page = bench_pages(1, smallest=True)[0]
    warc = tmp_path / "in" / "crawl.warc.gz"
    warc.parent.mkdir()
    with warc.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        response(writer, page.url, page.html)
        for path in ("/robots.txt", "/ads.txt", "/.well-known/security.txt", "/en/humans.txt"):
            response(writer, "https://news.example.com" + path, b"User-agent: *\nDisallow: /admin/\n" * 20,
                     kind="text/plain")
    summary = backfill([str(warc)], Options(output=str(tmp_path / "out"), analyze=False, stories=False), SETTINGS)
    assert (summary.records, summary.articles, summary.errors) == (1, 1, 0)
    assert dict(summary.not_pages) == {"robots.txt and such": 4}
    ingest = subprocess.run([NEWSDESK, "ingest", "--no-analyze", "--db", str(tmp_path / "news.db"), str(warc)],
                            capture_output=True, text=True, timeout=300)
    assert (ingest.returncode, ingest.stdout.strip()) == (0, "1 stored"), ingest.stderr


def test_a_crawlers_own_files_are_no_articles(tmp_path: Path) -> None:
    """wget keeps its log, arguments and manifest as text/plain resources at metadata:// addresses:
    each was an article ("Resolving news.example.com… 93.184.216.34")."""
    page = bench_pages(1, smallest=True)[0]
    warc = tmp_path / "in" / "crawl.warc.gz"
    warc.parent.mkdir()
    log = "--2024-05-06 07:08:09--  https://news.example.com/story\nResolving news.example.com... 93.184.216.34\n"
    with warc.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        response(writer, page.url, page.html)
        for name, body in (("MANIFEST.txt", "<urn:uuid:1>\n"), ("wget_arguments.txt", '"wget" "-r"\n'),
                           ("wget.log", log * 40)):
            writer.write_record(writer.create_warc_record(f"metadata://gnu.org/software/wget/warc/{name}", "resource",
                                                          payload=io.BytesIO(body.encode()),
                                                          warc_content_type="text/plain"))
    summary = backfill([str(warc)], Options(output=str(tmp_path / "out"), analyze=False, stories=False), SETTINGS)
    assert (summary.records, summary.articles, summary.errors) == (1, 1, 0)
    assert dict(summary.not_pages) == {"not a web URI": 3}
