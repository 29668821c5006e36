"""Hostile listings the monitor is given: a sitemap index that leads back to itself, an OPML list served
where a feed was expected. Each is one clear error on its source, read once a check, and what is stored
stays."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from test_bad_input_cli import cli_error
from test_monitor_support import Page, Site, loopback_settings, serve, stories

from newsdesk.errors import InputError
from newsdesk.ingest.feeds import parse_listing
from newsdesk.monitor import Log, Monitor
from newsdesk.store import Store

_INDEX = '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</sitemapindex>'
_URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'


def _index(*urls: str) -> Page:
    return Page(_INDEX.format("".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)), type="application/xml")


def _run(store: Store) -> None:
    Monitor(store, loopback_settings(check_interval=3600), log=Log(io.StringIO())).run_once()


def test_a_sitemap_index_listing_itself_is_an_error_read_once(store: Store) -> None:
    site = Site()
    with serve(site):
        site.routes["/sitemap.xml"] = _index(f"{site.url}/sitemap.xml", f"{site.url}/other.xml")
        site.routes["/other.xml"] = _index(f"{site.url}/sitemap.xml")  # and back: a loop of two
        source = store.add_source(site.url + "/sitemap.xml", kind="sitemap")
        _run(store)
        checked = store.get_source(source.id)
        assert checked is not None and checked.error_count == 1
        assert checked.last_error is not None and "leads back to itself" in checked.last_error
        assert checked.last_error.startswith(site.url + "/sitemap.xml: ") and "\n" not in checked.last_error
        assert site.paths().count("/sitemap.xml") == 1 and site.paths().count("/other.xml") == 1  # 6 and 5 times


def test_an_index_listing_itself_beside_real_sitemaps_reads_them(store: Store) -> None:
    site = Site(stories(2))
    with serve(site):
        site.routes["/sitemap.xml"] = _index(f"{site.url}/sitemap.xml", f"{site.url}/pages.xml")
        site.routes["/pages.xml"] = Page(_URLSET.format("".join(f"<url><loc>{site.url}/a/{n}</loc></url>"
                                                                for n in range(2))), type="application/xml")
        source = store.add_source(site.url + "/sitemap.xml", kind="sitemap")
        _run(store)
        checked = store.get_source(source.id)
        assert checked is not None and checked.error_count == 0 and store.count() == 2
        assert site.paths().count("/sitemap.xml") == 1


_OPML = (b'<?xml version="1.0"?><opml version="2.0"><head/><body>'
         b'<outline type="rss" text="self" xmlUrl="https://example.org/feeds.opml"/></body></opml>')


def test_an_opml_list_served_as_a_feed_says_what_it_is() -> None:
    with pytest.raises(InputError) as opml:
        parse_listing(_OPML, "https://example.org/feeds.opml", 10_000)
    assert "an OPML list of feeds" in str(opml.value) and "import-opml" in str(opml.value)
    with pytest.raises(InputError) as other:  # was "(no Content-type specified)": newsdesk passes none
        parse_listing(b"<catalog><book/></catalog>", "https://example.org/list.xml", 10_000)
    assert str(other.value) == "https://example.org/list.xml: not a feed or a sitemap (its root is <catalog>)"


def test_an_opml_file_is_no_source_and_import_opml_names_a_url(tmp_path: Path) -> None:
    opml, db = tmp_path / "self.opml", str(tmp_path / "news.db")
    opml.write_bytes(_OPML)
    line = cli_error(["source", "add", "--db", db, str(opml)])  # was added, every check "no article text"
    assert line == (f"newsdesk: error: {opml}: an OPML list of feeds, not a source: add its feeds with "
                    "`newsdesk source import-opml FILE`")
    line = cli_error(["source", "import-opml", "--db", db, "https://example.org/feeds.opml"])
    assert "reads an OPML file, not a URL" in line and "No such file" not in line
