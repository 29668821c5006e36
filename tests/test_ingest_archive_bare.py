"""WARC ``response`` records that hold a bare page, no HTTP status line or headers, the WARC header
saying ``Content-Type: text/html`` (what some archiving tools write): warcio read the page's first
lines as HTTP headers and each was skipped as "status htm". They are pages now, in every reader;
a real HTTP response in a record typed ``text/html`` still has its headers read."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from click.testing import CliRunner
from test_monitor_support import article_page

from newsdesk.cli import cli
from newsdesk.ingest.warc import read_record, skip_reason, warc_entries, warc_index, warc_pages
from newsdesk.settings import Settings
from newsdesk.types import Fetched

SETTINGS = Settings.load(environ={})
BASE = "https://news.example.com"


def record(url: str, kind: str, content_type: str, block: bytes, rec_type: str = "response") -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {rec_type}\r\nWARC-Record-ID: <urn:uuid:{abs(hash(url + kind)):032x}>\r\n"
            f"WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Target-URI: {url}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n").encode()
    return head + block + b"\r\n\r\n"


def bare_page(n: int) -> bytes:
    """A page as a browser extension saves it: lines, a blank one among them, no HTTP headers."""
    return article_page(n).replace("<html>", "\n<html>\n").replace("<body>", "\n\n<body>\n").encode()


def write_bare_warc(path: Path, *, gzipped: bool) -> Path:
    records = [
        record(f"{BASE}/bare-1", "a", "text/html", bare_page(1)),
        record(f"{BASE}/bare-2", "b", "text/html; charset=utf-8", bare_page(2)),
        record(f"{BASE}/http", "c", "text/html",  # typed text/html, yet a real HTTP response: headers read
               b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n" + bare_page(3)),
        record(f"{BASE}/logo.png", "d", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
    ]
    data = b"".join(gzip.compress(r) if gzipped else r for r in records)
    path.write_bytes(data)
    return path


def test_bare_page_responses_are_pages_in_every_reader(tmp_path: Path) -> None:
    for gzipped in (True, False):
        warc = write_bare_warc(tmp_path / f"bare{int(gzipped)}.warc{'.gz' if gzipped else ''}", gzipped=gzipped)
        pages = [p for p in warc_pages(str(warc), SETTINGS)]
        assert all(isinstance(p, Fetched) for p in pages), pages
        assert [p.url for p in pages if isinstance(p, Fetched)] == [f"{BASE}/bare-1", f"{BASE}/bare-2"]
        first = pages[0]
        assert isinstance(first, Fetched) and first.content.lstrip().startswith("<!doctype html>")
        assert "Harbour story 1" in first.content and first.media_type == "text/html"
        index = list(warc_index(str(warc)))
        assert [e.url for e in index] == [f"{BASE}/bare-1", f"{BASE}/bare-2"]
        assert "Harbour story 2" in read_record(index[1], SETTINGS).content
        skipped: dict[str, int] = {}
        entries = list(warc_entries(str(warc), SETTINGS, skipped))
        assert [e.url for e, _ in entries] == [f"{BASE}/bare-1", f"{BASE}/bare-2"]
        assert skipped == {"HTTP error": 1, "not HTML or text": 1}  # never "status htm"


def test_extract_reads_a_bare_page_record(tmp_path: Path) -> None:
    warc = write_bare_warc(tmp_path / "bare.warc.gz", gzipped=True)
    result = CliRunner().invoke(cli, ["extract", "--jsonl", str(warc)])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("title") for line in lines] == ["Harbour story 1", "Harbour story 2"], result.output
    assert result.exit_code == 0


def test_skip_reason_of_a_bare_non_page_is_its_type(tmp_path: Path) -> None:
    warc = tmp_path / "one.warc"
    warc.write_bytes(record(f"{BASE}/data.json", "e", "application/json", b'{"a":\n\n1}'))
    from newsdesk.ingest.warc import _open, _records

    with _open(str(warc)) as stream:
        reasons = [skip_reason(r) for _, r in _records(str(warc), stream)]
    assert reasons == ["not HTML or text"]
