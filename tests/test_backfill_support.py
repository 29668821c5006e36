"""WARC files for the backfill tests and benchmark, written from the extraction benchmark's pages.

Each page is archived as a request + response pair under its real URL (from ground-truth.json);
some files also hold records that are not pages (an image, a 404) and one page that fails.
"""

from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
PAGES = SHARED / "bench" / "extraction" / "html"
TRUTH = SHARED / "bench" / "extraction" / "ground-truth.json"


@dataclass(frozen=True)
class Page:
    url: str
    html: bytes
    path: Path


def bench_pages(count: int | None = None, smallest: bool = False) -> list[Page]:
    """The benchmark pages with their URLs; ``smallest``: the lightest first (quick to analyze)."""
    truth = json.loads(TRUTH.read_text())
    pages = [Page(truth[p.name.split(".")[0]]["url"], gzip.decompress(p.read_bytes()), p)
             for p in sorted(PAGES.glob("*.html.gz"))]
    if smallest:
        pages.sort(key=lambda p: len(p.html))
    return pages[:count] if count is not None else pages


def write_warc(path: Path, pages: list[tuple[str, bytes]], *, gzip_records: bool = True, junk: bool = False,
               date: str = "2024-05-06T07:08:09Z") -> Path:
    """A WARC file with a request + response per page (URL, HTML); ``junk`` adds non-pages and a
    page that cannot be read (a binary body sent as text/html)."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip_records)
        # A small warcinfo record first, as crawlers write (and small enough that the reader's
        # 64-byte sniff of a gzipped file inflates to the "WARC/" magic).
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "newsdesk tests"}))

        def response(url: str, body: bytes, status: str = "200 OK", kind: str = "text/html; charset=utf-8") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers,
                                                          warc_headers_dict={"WARC-Date": date}))

        for url, html in pages:
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
                                                          warc_headers_dict={"WARC-Date": date}))
            response(url, html)
        if junk:
            response("https://img.example.com/logo.png", b"\x89PNG\r\n\x1a\n", kind="image/png")
            response("https://news.example.com/gone", b"gone", status="404 Not Found")
            response("https://news.example.com/broken", bytes(range(256)) * 40)
    return path


def write_warcs(folder: Path, pages: list[Page], files: int, *, copies: int = 1, junk: bool = True) -> list[Path]:
    """``files`` WARC files (gzipped and plain in turn) sharing ``pages`` × ``copies`` (a copy
    gets its own URL, ``?copy=N``); the first file holds the junk records."""
    items = [(p.url if c == 0 else f"{p.url}{'&' if '?' in p.url else '?'}copy={c}", p.html)
             for c in range(copies) for p in pages]
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for n in range(files):
        name = f"crawl-{n:03d}.warc" + (".gz" if n % 2 == 0 else "")
        out.append(write_warc(folder / name, items[n::files], gzip_records=n % 2 == 0, junk=junk and n == 0))
    return out
