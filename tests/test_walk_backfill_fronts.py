"""A site's crawl is mostly home pages, section fronts and indexes: pages without an article. They
were errors, each a line on stderr, and hid the real failures among thousands."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from test_backfill_support import NEWSDESK, bench_pages
from test_walk_backfill import response
from warcio.warcwriter import WARCWriter


def _front(n: int) -> bytes:
    items = "".join(f'<li><a href="/news/{n}-{i}">Headline {i} about the council budget vote</a>'
                    f"<p>Teaser {i}.</p></li>" for i in range(30))
    return (f"<html><head><title>Section {n}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<main><h1>Latest news</h1><ul>{items}</ul></main></body></html>").encode()


def test_pages_without_an_article_are_counted_apart_from_errors(tmp_path: Path) -> None:
    pages = bench_pages(2, smallest=True)
    warc = tmp_path / "in" / "site.warc.gz"
    warc.parent.mkdir()
    with warc.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(3):
            response(writer, f"https://news.example.com/section/{n}", _front(n))
        for page in pages:
            response(writer, page.url, page.html)
        response(writer, "https://news.example.com/broken", bytes(range(256)) * 40)
    out_dir = tmp_path / "out"
    done = subprocess.run([NEWSDESK, "backfill", "--no-analyze", "--no-stories", "--output", str(out_dir), str(warc)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "6 records, 2 articles, 3 pages without article text, 1 errors" in done.stdout
    assert f"{warc}: 2 articles, 3 without article text, 1 errors" in done.stderr
    logged = [line for line in done.stderr.splitlines() if f"{warc}@" in line]
    assert len(logged) == 1 and logged[0].endswith("https://news.example.com/broken: binary content, not a text or "
                                                   "HTML page")
    [listed] = (out_dir / "_backfill" / "errors").glob("*.jsonl")  # all listed, each with its kind
    kinds = [(json.loads(line)["kind"], json.loads(line)["url"]) for line in listed.read_text().splitlines()]
    assert sorted(kinds) == [("error", "https://news.example.com/broken")] + [
        ("no article", f"https://news.example.com/section/{n}") for n in range(3)]
    as_json = subprocess.run([NEWSDESK, "backfill", "--no-analyze", "--no-stories", "--json", "--output",
                              str(tmp_path / "o2"), str(warc)], capture_output=True, text=True, timeout=300)
    summary = json.loads(as_json.stdout)
    assert (summary["articles"], summary["no_article"], summary["errors"]) == (2, 3, 1)
