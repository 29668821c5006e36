"""WARC files for the backfill tests and benchmark, written from the extraction benchmark's pages.

Each page is archived as a request + response pair under its real URL (from ground-truth.json);
some files also hold records that are not pages (an image, a 404) and one page that fails.
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.backfill import Options, Summary, backfill
from newsdesk.backfill.files import Folder
from newsdesk.backfill.output import read_rows
from newsdesk.backfill.rows import row_article
from newsdesk.settings import Settings
from newsdesk.types import to_dict

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
PAGES = SHARED / "bench" / "extraction" / "html"
TRUTH = SHARED / "bench" / "extraction" / "ground-truth.json"
NEWSDESK = str(Path(sys.executable).parent / "newsdesk")
SETTINGS = Settings.load(environ={})


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


# -- shared fixtures (session-wide: the local run and `newsdesk analyze` serve both test modules) ---------

TEST_PAGES = 5  # the lightest benchmark pages: quick to analyze
TEST_FILES = 3


@dataclass(frozen=True)
class Corpus:
    pages: list[Page]
    warcs: list[Path]
    folder: Path


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    pages = bench_pages(TEST_PAGES, smallest=True)
    folder = tmp_path_factory.mktemp("warcs")
    return Corpus(pages, write_warcs(folder, pages, TEST_FILES), folder)


@pytest.fixture(scope="session")
def analyzed(corpus: Corpus) -> dict[str, dict[str, Any]]:
    """``newsdesk analyze --jsonl`` on the same pages as files, by the page's URL."""
    done = subprocess.run([NEWSDESK, "analyze", "--jsonl", *(str(p.path) for p in corpus.pages)],
                          capture_output=True, text=True, timeout=900, check=True)
    records = [json.loads(line) for line in done.stdout.splitlines()]
    by_path = {p.path: p.url for p in corpus.pages}
    return {by_path[Path(r["input"])]: r for r in records}


@pytest.fixture(scope="session")
def local_run(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    """The local engine over the corpus, two workers."""
    out = tmp_path_factory.mktemp("local-out")
    return out, backfill([str(corpus.folder)], Options(output=str(out), workers=2), SETTINGS)


def rows_of(output: Path) -> list[dict[str, Any]]:
    return list(read_rows(Folder(str(output))))


COMPARED = ("title", "text", "published", "entities", "quotes", "events")


def same_as_analyze(row: dict[str, Any], record: dict[str, Any]) -> None:
    """A backfill row holds what `newsdesk analyze` printed for the page (the id too when the page
    names the URL it was archived under)."""
    article = to_dict(row_article(row))
    for name in COMPARED:
        assert article[name] == record[name], (row["url"], name)
    if record["url"] == row["url"]:
        assert row["id"] == record["id"]
