"""WARC files made in the test (warcio's writer): pages out, everything else skipped, damage reported."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest
from test_monitor_support import article_page
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.errors import InputError
from newsdesk.ingest.warc import is_warc, read_record, warc_index, warc_pages
from newsdesk.settings import Settings

SETTINGS = Settings.load(environ={})


def write_warc(path: Path, *, gzip: bool = True) -> Path:
    """Three article pages, an image, a 404, a redirect, a request record and a text resource."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)

        def response(url: str, body: bytes, status: str = "200 OK", kind: str = "text/html; charset=utf-8") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))

        writer.write_record(writer.create_warc_record("https://news.example.com/1", "request",
                                                      payload=io.BytesIO(b"GET /1 HTTP/1.1\r\n\r\n")))
        for n in range(1, 4):
            response(f"https://news.example.com/{n}", article_page(n).encode())
        response("https://news.example.com/logo.png", b"\x89PNG\r\n", kind="image/png")
        response("https://news.example.com/missing", b"gone", status="404 Not Found")
        response("https://news.example.com/old", b"", status="301 Moved Permanently")
        response("https://news.example.com/latin", article_page(9, title="Caf\u00e9").encode("cp1252"),
                 kind="text/html; charset=windows-1252")
        writer.write_record(writer.create_warc_record(
            "https://news.example.com/notes.txt", "resource", payload=io.BytesIO(b"Plain notes.\n"),
            warc_content_type="text/plain"))
    return path


def test_pages_come_out_of_plain_and_gzipped_warcs(tmp_path: Path) -> None:
    for gz in (True, False):
        path = write_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), gzip=gz)
        pages = list(warc_pages(str(path), SETTINGS))
        assert all(not isinstance(p, InputError) for p in pages)
        urls = [p.url for p in pages if not isinstance(p, InputError)]
        assert urls == [f"https://news.example.com/{n}" for n in (1, 2, 3)] + [
            "https://news.example.com/latin", "https://news.example.com/notes.txt"]
        first = pages[0]
        assert not isinstance(first, InputError)
        assert first.input == f"{path}#https://news.example.com/1" and "Harbour story 1" in first.content
        latin = pages[3]
        assert not isinstance(latin, InputError) and "Caf\u00e9" in latin.content
        assert is_warc(str(path))


def test_index_then_read_by_offset(tmp_path: Path) -> None:
    path = str(write_warc(tmp_path / "crawl.warc.gz"))
    index = list(warc_index(path))
    assert [r.url for r in index][:3] == [f"https://news.example.com/{n}" for n in (1, 2, 3)]
    assert all(r.date for r in index)
    for record in reversed(index):
        page = read_record(record, SETTINGS)
        assert page.url == record.url and page.input == f"{path}#{record.url}"
    assert "Harbour story 2" in read_record(index[1], SETTINGS).content


def test_bad_warcs(tmp_path: Path) -> None:
    not_warc = tmp_path / "notes.warc"
    not_warc.write_text("hello, this is not an archive\n")
    [error] = list(warc_pages(str(not_warc), SETTINGS))
    assert isinstance(error, InputError) and str(error) == f"{not_warc}: not a WARC file"
    [missing] = list(warc_pages(str(tmp_path / "none.warc.gz"), SETTINGS))
    assert isinstance(missing, InputError) and missing.reason == "no such file"
    full = write_warc(tmp_path / "full.warc.gz").read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(full[: len(full) // 2])
    results = list(warc_pages(str(cut), SETTINGS))
    assert results and all(isinstance(r, InputError) or "Harbour story" in r.content for r in results)
    small = Settings.load(environ={}, max_input_bytes=100)
    assert all(isinstance(r, InputError) and "larger than 100 bytes" in r.reason
               for r in warc_pages(str(tmp_path / "full.warc.gz"), small) if not (r.input or "").endswith("notes.txt"))
    with pytest.raises(InputError, match="not a WARC"):
        list(warc_index(str(not_warc)))


def test_a_gzipped_warc_whose_first_64_bytes_inflate_to_nothing_yet(tmp_path: Path) -> None:
    path = tmp_path / "pages.warc.gz"
    with path.open("wb") as out:  # a response first: its gzip member opens with deflate's code tables
        writer = WARCWriter(out, gzip=True)
        for n in (1, 2):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://news.example.com/{n}", "response",
                                                          payload=io.BytesIO(article_page(n).encode()),
                                                          http_headers=headers))
    assert len(zlib.decompressobj(wbits=31).decompress(path.read_bytes()[:64])) < 5  # the case at hand
    pages = [p for p in warc_pages(str(path), SETTINGS) if not isinstance(p, InputError)]
    assert [p.url for p in pages] == ["https://news.example.com/1", "https://news.example.com/2"]
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(path.read_bytes()[:10] + b"\xff" * 200)
    [error] = list(warc_pages(str(broken), SETTINGS))
    assert isinstance(error, InputError) and error.reason == "not a WARC file"
