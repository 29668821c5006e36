"""WARC ``response`` records whose HTTP headers name no media type: each was skipped as "not HTML or
text", though a browser shows such a page (it sniffs the body). Their payload is looked at now: markup
at its start makes a page, in every reader of WARC files (extract, ingest, the monitor's index and
read by offset, the backfill's one pass); an image or a script with no type is still no page."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_monitor_support import article_page
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.cli import cli
from newsdesk.errors import InputError
from newsdesk.ingest.sniff import looks_html
from newsdesk.ingest.warc import read_record, warc_entries, warc_index, warc_pages
from newsdesk.settings import Settings
from newsdesk.types import Fetched

SETTINGS = Settings.load(environ={})
BASE = "https://news.example.com"
PAGES = [f"{BASE}/plain", f"{BASE}/chunked-gzip", f"{BASE}/xhtml", f"{BASE}/unknown", f"{BASE}/typed"]


def _chunked(data: bytes, size: int = 100) -> bytes:
    parts = [data[i:i + size] for i in range(0, len(data), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


def write_untyped_warc(path: Path, *, gzipped: bool = True) -> Path:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzipped)

        def response(url: str, body: bytes, headers: list[tuple[str, str]]) -> None:
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=http))

        response(PAGES[0], b"\n  " + article_page(1).encode(), [("Server", "old-cms")])
        response(PAGES[1], _chunked(gzip.compress(article_page(2).encode())),
                 [("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")])
        xhtml = '<?xml version="1.0" encoding="utf-8"?>\n' + article_page(3).replace("<!doctype html>", "")
        response(PAGES[2], xhtml.encode(), [])
        response(PAGES[3], article_page(4).encode(), [("Content-Type", "unknown/unknown")])
        response(f"{BASE}/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), [])
        response(f"{BASE}/app.js", b"(function(){document.title='x';})();\n" * 20, [])
        response(f"{BASE}/data", b'{"title": "<b>not a page</b>"}', [])
        response(f"{BASE}/feed", b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', [])
        response(PAGES[4], article_page(5).encode(), [("Content-Type", "text/html; charset=utf-8")])
    return path


@pytest.mark.parametrize("gzipped", [True, False])
def test_untyped_html_responses_are_pages_in_every_reader(tmp_path: Path, gzipped: bool) -> None:
    path = str(write_untyped_warc(tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc"), gzipped=gzipped))
    pages = list(warc_pages(path, SETTINGS))
    assert all(isinstance(p, Fetched) for p in pages), pages
    assert [p.url for p in pages if isinstance(p, Fetched)] == PAGES
    for n, page in enumerate(pages, 1):
        assert isinstance(page, Fetched) and f"Harbour story {n}" in page.content and page.media_type == "text/html"

    index = list(warc_index(path))  # the monitor's: offsets first, each read later
    assert [r.url for r in index] == PAGES
    for n, entry in reversed(list(enumerate(index, 1))):
        assert f"<h1>Harbour story {n}</h1>" in read_record(entry, SETTINGS).content

    skipped: dict[str, int] = {}  # the backfill's one pass
    entries = list(warc_entries(path, SETTINGS, skipped))
    assert [e.url for e, p in entries if not isinstance(p, InputError)] == PAGES
    assert skipped == {"not HTML or text": 4}


def test_extract_and_ingest_read_an_untyped_page_from_a_warc(tmp_path: Path) -> None:
    path = str(write_untyped_warc(tmp_path / "crawl.warc.gz"))
    result = CliRunner().invoke(cli, ["extract", "--jsonl", path])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == [
        f"Harbour story {n}" for n in range(1, 6)]
    db = str(tmp_path / "news.db")
    result = CliRunner().invoke(cli, ["ingest", "--db", db, "--jsonl", "--no-analyze", path])
    assert result.exit_code == 0, result.output
    assert [(line["input"], line["status"]) for line in map(json.loads, result.stdout.splitlines())] == [
        (f"{path}#{url}", "stored") for url in PAGES]


@pytest.mark.parametrize(("head", "page"), [
    (b"<!DOCTYPE html><html>", True), (b"\xef\xbb\xbf\r\n<html lang='en'>", True), (b"<!-- cms --><p>Hi", True),
    (b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>", True), (b"<TITLE>News</TITLE>", True),
    (b"<?xml version='1.0'?><rss>", False), (b"<svg xmlns='http://www.w3.org/2000/svg'>", False),
    (b"%PDF-1.4", False), (b"\x89PNG\r\n", False), (b"var a = '<html>';", False), (b"<abbr>", False), (b"", False),
])
def test_what_starts_as_a_page(head: bytes, page: bool) -> None:
    assert looks_html(head) is page


@pytest.mark.parametrize("content_type", ["text/html; Charset=ISO-8859-2", "text/html;charset=iso-8859-2;format=x",
                                          "text/html; charset = \"ISO-8859-2\""])
def test_the_charset_of_an_archived_page_as_servers_write_it(tmp_path: Path, content_type: str) -> None:
    """IIS writes "Charset=", others add a parameter after it: the charset was missed (the search was
    for "charset=" and took the rest of the line), and a short Polish page came out in another code page."""
    text = "Minister powiedzia\u0142, \u017ce s\u0105d w \u0141odzi zbada\u0142 spraw\u0119."
    page = article_page(1, body=f"<p>{text}</p>")
    path = tmp_path / "pl.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"{BASE}/pl", "response", payload=io.BytesIO(
            page.encode("iso-8859-2")), http_headers=http))
    [found] = list(warc_pages(str(path), SETTINGS))
    assert isinstance(found, Fetched) and found.content == page and found.encoding == "iso8859-2"
