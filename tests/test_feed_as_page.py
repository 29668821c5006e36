"""A feed or sitemap file given where a page is expected: refused in one line, not stored as a text dump."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsdesk.cli import cli
from newsdesk.errors import InputError
from newsdesk.extract import detect_format
from newsdesk.extract.detect import listing_kind
from newsdesk.types import Fetched

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Local news</title><link>https://example.com/</link>
<item><title>Council votes on the flood barrier</title><link>https://example.com/a</link>
<description>The council met on Tuesday and voted for the barrier after a long debate.</description></item>
<item><title>Residents ask for time</title><link>https://example.com/b</link>
<description>Residents asked for more time to read the plans before the vote.</description></item>
</channel></rss>
"""
ATOM = """\ufeff<!-- exported --><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>One</title><link href="https://example.com/1"/></entry></feed>"""
RDF = """<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://example.com/"><title>T</title></channel></rdf:RDF>"""
JSON_FEED = '{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": []}'
SITEMAP = """<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://example.com/a</loc></url></urlset>"""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"NEWSDESK_DB": ""})


@pytest.mark.parametrize(("content", "kind"), [(RSS, "feed"), (ATOM, "feed"), (RDF, "feed"), (JSON_FEED, "feed"),
                                               (SITEMAP, "sitemap")])
def test_listings_are_told_from_pages(content: str, kind: str) -> None:
    assert listing_kind(content) == kind
    with pytest.raises(InputError, match=f"a {kind}, not a page: add it with `newsdesk source add`"):
        detect_format(Fetched(input="x.xml", content=content))


@pytest.mark.parametrize("content", [
    "<!doctype html><html><body><p>An RSS feed: <rss> is its root.</p></body></html>",
    "Council votes\n\nThe council met on Tuesday. <rss> was mentioned.",
    '{"title": "not a feed", "text": "plain"}',
    '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>'])
def test_pages_are_not_listings(content: str) -> None:
    assert listing_kind(content) is None


@pytest.mark.parametrize("command", [["extract"], ["analyze", "--no-events"]])
def test_extract_and_analyze_refuse_a_feed(tmp_path: Path, command: list[str]) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(RSS)
    result = run(*command, str(feed))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"newsdesk: error: {feed}: a feed, not a page: add it with `newsdesk source add`\n"


def test_ingest_stores_no_feed(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(RSS)
    db = str(tmp_path / "news.db")
    result = run("ingest", "--db", db, "--no-analyze", "--jsonl", str(feed))
    assert result.exit_code == 1
    assert '"error": "a feed, not a page: add it with `newsdesk source add`"' in result.stdout
    assert run("search", "--db", db, "Council").stdout == ""


@pytest.mark.parametrize("kind", ["auto", "feed", "file"])
def test_source_add_refuses_a_local_feed_file(tmp_path: Path, kind: str) -> None:
    feed = tmp_path / "feed.xml.gz"
    feed.write_bytes(gzip.compress(RSS.encode()))
    db = str(tmp_path / "news.db")
    result = run("source", "add", "--db", db, "--kind", kind, str(feed))
    assert result.exit_code == 1
    assert result.stderr == (f"newsdesk: error: {feed}: a feed file: newsdesk reads a feed from its http(s) URL "
                             "(a local file source is read as pages)\n")
    assert run("source", "list", "--db", db, "--jsonl").stdout == ""
    page = tmp_path / "page.txt"
    page.write_text("Council votes\n\nThe council met on Tuesday and voted for the barrier.\n")
    assert run("source", "add", "--db", db, str(page)).exit_code == 0


def test_source_add_refuses_a_utf16_feed_file(tmp_path: Path) -> None:
    # Windows tools save XML as UTF-16 with a byte-order mark; read as UTF-8 it was no feed, so it was
    # added as a file source and stored as a page
    feed = tmp_path / "feed.xml"
    feed.write_bytes(RSS.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    db = str(tmp_path / "news.db")
    result = run("source", "add", "--db", db, "--kind", "file", str(feed))
    assert result.exit_code == 1 and "a feed file" in result.stderr
    assert run("source", "list", "--db", db, "--jsonl").stdout == ""
