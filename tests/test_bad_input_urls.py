"""Malformed URLs (an IPv6 bracket left open, a port past 65535, an IDNA label that is not one)
wherever they come in: on the command line, in a source list, a feed or sitemap, a page's links,
a redirect. Each was urllib's or idna's ValueError: a traceback, an "internal error", or a whole
listing or page lost for one bad link."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_bad_input_cli import cli_error
from test_monitor_support import Page, Site, article_page, loopback_settings, serve

from newsdesk.alerts.channels import SendError
from newsdesk.alerts.deliver import Deliverer
from newsdesk.alerts.store import AlertStore
from newsdesk.cli import cli
from newsdesk.errors import FetchError
from newsdesk.extract import extract
from newsdesk.ingest.feeds import parse_listing
from newsdesk.ingest.fetch import fetch_url
from newsdesk.ingest.safety import check_url
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.store.identity import canonical_url
from newsdesk.types import Fetched
from newsdesk.web.app import create_app

BAD = "http://[::1"  # urlsplit: ValueError("Invalid IPv6 URL")


def test_a_malformed_url_to_extract_is_named_with_why() -> None:
    """Was "internal error (ValueError: Invalid IPv6 URL)"."""
    assert cli_error(["extract", BAD]) == f"newsdesk: error: {BAD}: not a valid URL (Invalid IPv6 URL)"


def test_a_malformed_source_url_is_refused_and_the_others_added(tmp_path: Path) -> None:
    """Was a traceback, from `source add` and from `import-opml` half-way through its list."""
    db = str(tmp_path / "n.db")
    result = CliRunner().invoke(cli, ["source", "add", "--db", db, BAD, "https://example.com/feed.xml"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit | None), result.output
    assert result.stderr == f"newsdesk: error: {BAD}: not a valid URL (Invalid IPv6 URL)\n"
    assert result.stdout.startswith("added: ") and result.stdout.count("\n") == 1
    opml = tmp_path / "feeds.opml"
    opml.write_text(f'<opml version="2.0"><body><outline type="rss" xmlUrl="{BAD}/x"/>'
                    '<outline type="rss" xmlUrl="https://example.org/rss"/></body></opml>')
    result = CliRunner().invoke(cli, ["source", "import-opml", "--db", db, str(opml)])
    assert result.exit_code == 1, result.output
    assert result.stderr == f"newsdesk: error: {BAD}/x: not a valid URL (Invalid IPv6 URL)\n"
    assert result.stdout == "1 added, 0 already there, 1 refused\n"
    with open_store(db) as store:
        assert sorted(s.url for s in store.list_sources()) == ["https://example.com/feed.xml",
                                                               "https://example.org/rss"]


@pytest.mark.parametrize("body", [
    b'<urlset><url><loc>http://[::1</loc></url><url><loc>https://e.com:99999/</loc></url>'
    b"<url><loc>https://e.com/good</loc></url></urlset>",
    b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>urn:x:1</id><link href="http://[::1"/></entry>'
    b'<entry><id>urn:x:2</id><link href="https://e.com/good"/></entry></feed>',
    b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"url": "http://[::1"}, {"url": "https://e.com/good"}]}',
])
def test_one_malformed_link_costs_itself_not_the_listing(body: bytes) -> None:
    """Was ValueError out of parse_listing: the source's whole check failed ("internal error")."""
    listing = parse_listing(body, "https://e.com/feed", 1 << 20)
    assert [link.url for link in listing.links] == ["https://e.com/good"]


@pytest.mark.parametrize("markup", [
    '<link rel="canonical" href="http://[bad/x">', '<meta property="og:url" content="https://[::1/x">',
    '<base href="x"><img src="http://[bad/x.jpg">',
])
def test_a_page_with_a_malformed_link_is_still_extracted(markup: str) -> None:
    """Was "internal error (ValueError: Invalid IPv6 URL)": the page lost for one bad address in it."""
    html = article_page(1).replace("<h1>", f"{markup}<h1>")
    for url in (None, "https://example.com/news/1"):
        article = extract(Fetched(input="page.html", content=html, url=url), settings=Settings.load(environ={}))
        assert article.title == "Harbour story 1" and article.url == url
    assert canonical_url("http://[bad/x ") == "http://[bad/x"


def test_a_redirect_to_a_malformed_url_is_a_fetch_error() -> None:
    """Was idna's IDNAError out of the fetcher (httpx parses a redirect's Location itself)."""
    site = Site({"/idna": Page(b"", 302, {"Location": "http://xn--/"}),
                 "/v6": Page(b"", 302, {"Location": "http://[::1/"}),
                 "/ok": Page(b"", 302, {"Location": "/article"}), "/article": Page(article_page(1))})
    with serve(site):
        settings = loopback_settings(fetch_timeout=3.0)
        for path in ("/idna", "/v6"):
            with pytest.raises(FetchError) as caught:
                fetch_url(site.url + path, settings)
            assert caught.value.input == site.url + path and "\n" not in str(caught.value)
        assert "Harbour story 1" in fetch_url(site.url + "/ok", settings).content
        result = CliRunner().invoke(cli, ["extract", "--jsonl", site.url + "/idna", site.url + "/ok"],
                                    env={"NEWSDESK_ALLOWED_NETWORKS": "127.0.0.0/8"})
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1 and "internal error" not in lines[0]["error"], lines[0]
    assert lines[0]["error"].startswith("fetch failed (a bad URL: ") and lines[1]["title"] == "Harbour story 1"


@pytest.mark.parametrize("host", ["[2002:a9fe:a9fe::1]", "[64:ff9b::a9fe:a9fe]", "[::127.0.0.1]", "[2002:7f00:1::]"])
def test_an_ipv6_address_carrying_a_private_ipv4_one_is_refused(host: str) -> None:
    """6to4, NAT64 and IPv4-compatible addresses count as global in Python's ipaddress: they were
    let through to wherever their IPv4 address routes (the cloud metadata service, loopback)."""
    with pytest.raises(FetchError, match=r"resolves to a private address"):
        check_url(f"http://{host}/latest/meta-data", Settings.load(environ={}), "x")
    check_url("http://[2002:808:808::1]/", Settings.load(environ={}), "x")  # 6to4 of a public address: fine


def test_a_malformed_receiver_url_is_refused_when_the_watch_is_added(tmp_path: Path) -> None:
    """Was stored, then failed at each delivery try (retried as if the network were down)."""
    db = str(tmp_path / "n.db")
    assert cli_error(["watch", "add", "--db", db, "kyiv", "--webhook", BAD]) == (
        f"newsdesk: error: --webhook '{BAD}': not a valid URL (Invalid IPv6 URL)")
    assert "Port out of range" in cli_error(["watch", "add", "--db", db, "kyiv", "--ntfy", "https://e.com:99999/t"])
    with open_store(db) as store:
        client = TestClient(create_app(store))
        made = client.post("/api/watches", json={"query": "kyiv", "webhook": BAD})
        assert made.status_code in (400, 422) and "not a valid URL" in made.text, made.text
        assert AlertStore(store).watches() == []
        deliverer = Deliverer(AlertStore(store), Settings.load(environ={}))
        try:
            with pytest.raises(SendError) as caught:
                deliverer._reachable(BAD)  # one stored before this check: the try is final
            assert not caught.value.retry
        finally:
            deliverer.close()
