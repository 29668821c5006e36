"""Property test of the input parsers (#2, #9): random bytes, and random edits of valid inputs, into each parser;
only newsdesk errors may come out. Derandomised (the same examples every run) and small, for CI's budget;
scripts/fuzz_inputs.py is the long campaign, with hangs and memory caught too."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_ingest_wacz import warc_bytes, write_wacz
from test_monitor_support import article_page

from newsdesk.errors import NewsdeskError
from newsdesk.extract import extract
from newsdesk.ingest import load
from newsdesk.ingest.decode import decode
from newsdesk.ingest.feeds import parse_listing
from newsdesk.ingest.mhtml import mhtml_page
from newsdesk.ingest.opml import read_opml
from newsdesk.ingest.warc import warc_pages
from newsdesk.pipeline import read_jsonl_articles
from newsdesk.settings import Settings

SETTINGS = Settings.load(environ={})
# The fixed profile: derandomize (no flaky CI, the same inputs each run), no example database, no deadline
# (a slow shared machine is no finding); examples by each parser's cost, about 10 s in all.
CI = settings(derandomize=True, database=None, deadline=None, max_examples=40, print_blob=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                     HealthCheck.data_too_large])
MORE = settings(CI, max_examples=120)

PAGE = article_page(1).encode()
DUMP = (Path(__file__).resolve().parent.parent / "newsdesk/demo/cbs-kyiv-talks.txt").read_bytes()[:3000]
RSS = (b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T &amp; co</title><item><title>A'
       b'</title><link>https://news.example.com/1</link><pubDate>Mon, 06 May 2024 07:08:09 GMT</pubDate></item>'
       b"</channel></rss>")
ATOM = (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><title>E</title><link href="/3"/>'
        b"<updated>2024-05-06T07:08:09Z</updated><id>x</id></entry></feed>")
SITEMAP = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://news.example.com/5</loc>'
           b"<lastmod>2024-05-06</lastmod></url></urlset>")
JSONFEED = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [
    {"url": "https://news.example.com/6", "title": "six", "date_published": "2024-05-06T07:08:09Z"}]}).encode()
OPML = (b'<?xml version="1.0"?><opml version="2.0"><body><outline text="c"><outline type="rss" text="A" '
        b'xmlUrl="https://a.example.com/rss"/></outline></body></opml>')
MHTML = (b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n\r\n--B\r\n'
         b"Content-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n"
         b"Content-Location: https://news.example.com/m\r\n\r\n" + PAGE.replace(b"=", b"=3D") + b"\r\n--B--\r\n")
JSONL = b"".join(json.dumps({"id": f"a{n}", "text": "The harbour board met on Monday.", "published": "2024-05-06",
                             "authors": ["A B"], "url": "https://news.example.com/j"}).encode() + b"\n"
                 for n in range(2))
WARC = warc_bytes(1, 1, gzipped=False)
WARC_GZ = warc_bytes(1, 1)
WARC_ZST = zstandard.ZstdCompressor(write_checksum=True).compress(WARC)
TOKENS = [b"<", b">", b"&", b"&#0;", b"<!--", b"]]>", b"\x00", b"\xff", b"\xef\xbb\xbf", b"\xff\xfe", b"\r\n",
          b"<div>" * 300, b"[" * 2000, b"PK\x03\x04", b"\x1f\x8b\x08", b"WARC/1.0\r\n", b"\xed\xa0\x80", b'"', b"{"]


@st.composite
def edited(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A seed with up to four edits: a byte changed, bytes or a hostile token put in, a span cut or repeated,
    the end cut off."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(("byte", "insert", "token", "cut", "repeat", "end")))
        if kind == "byte" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(max_size=12))
        elif kind == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif kind == "cut":
            del data[at:at + draw(st.integers(1, 300))]
        elif kind == "repeat":
            data[at:at] = bytes(data[at:at + 200]) * draw(st.integers(2, 10))
        elif kind == "end":
            del data[at:]
    return bytes(data)


def inputs(*seeds: bytes) -> st.SearchStrategy[bytes]:
    return st.one_of(st.binary(max_size=512), edited(list(seeds)))


def _only_newsdesk_errors(run: Callable[[], object]) -> None:
    try:
        run()
    except NewsdeskError as exc:
        assert exc.input, exc  # every error names its input
        assert str(exc).strip() and "\n" not in exc.reason


@CI
@given(data=inputs(PAGE, DUMP, MHTML, gzip.compress(PAGE)), suffix=st.sampled_from((".html", ".txt", ".mhtml", "")))
def test_a_page_file_is_read_and_extracted_or_refused(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"page{suffix}"
    path.write_bytes(data)
    _only_newsdesk_errors(lambda: extract(load(str(path), SETTINGS), settings=SETTINGS))


@MORE
@given(data=inputs(PAGE, MHTML), declared=st.sampled_from((None, "utf-8", "shift_jis", "utf-16", "bogus")))
def test_decoding_and_mhtml(data: bytes, declared: str | None) -> None:
    _only_newsdesk_errors(lambda: decode(data, "page", declared))
    _only_newsdesk_errors(lambda: mhtml_page("saved.mhtml", data))


@MORE
@given(data=inputs(RSS, ATOM, SITEMAP, JSONFEED, b"https://news.example.com/7\n", gzip.compress(RSS)),
       charset=st.sampled_from((None, "iso-8859-1", "shift_jis", "bogus")))
def test_feeds_and_sitemaps(data: bytes, charset: str | None) -> None:
    _only_newsdesk_errors(lambda: parse_listing(data, "https://news.example.com/feed", 1_000_000, charset))


@MORE
@given(data=inputs(OPML))
def test_opml(data: bytes) -> None:
    _only_newsdesk_errors(lambda: read_opml(data, "subscriptions.opml"))


@MORE
@given(data=inputs(JSONL))
def test_jsonl_lines(data: bytes) -> None:
    # a bad line is an Outcome with its error, in its place; nothing raises
    outcomes = list(read_jsonl_articles(io.BytesIO(data)))
    assert all(o.error is None or isinstance(o.error, NewsdeskError) for o in outcomes)


@pytest.fixture(scope="module")
def wacz(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return write_wacz(tmp_path_factory.mktemp("wacz") / "seed.wacz", {"data.warc.gz": WARC_GZ}).read_bytes()


@MORE
@given(data=st.data(), suffix=st.sampled_from((".warc", ".warc.gz", ".warc.zst", ".wacz")))
def test_warc_files(tmp_path: Path, wacz: bytes, data: st.DataObject, suffix: str) -> None:
    seeds = {".warc": [WARC, WARC_GZ], ".warc.gz": [WARC_GZ, WARC], ".warc.zst": [WARC_ZST], ".wacz": [wacz]}[suffix]
    path = tmp_path / f"crawl{suffix}"
    path.write_bytes(data.draw(inputs(*seeds)))

    def read() -> None:
        for page in warc_pages(str(path), SETTINGS):
            if not isinstance(page, NewsdeskError):
                _only_newsdesk_errors(lambda page=page: extract(page, settings=SETTINGS))  # type: ignore[misc]

    _only_newsdesk_errors(read)
