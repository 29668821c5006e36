"""An hour of monitoring, as a user meets it (#5): feeds that stamp every item with the time of the request,
servers that answer 304 to a request that asked nothing, feeds that go away and come back."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from test_monitor_support import Page, Request, Site, article_page, loopback_settings, rss, rss_page, serve

from newsdesk.monitor import Monitor
from newsdesk.store import Store

SETTINGS = {"check_interval": 1, "fetch_workers": 2, "respect_robots": False}
ARTICLES = ["/a/1", "/a/2", "/a/3"]


def _fetches(site: Site) -> int:
    return sum(path.startswith("/a/") for path in site.paths())


def test_a_feed_dating_every_item_with_its_own_time_is_not_news_at_every_check(backend_store: Store) -> None:
    """A CMS that dates each item with the time of the request: every item looked changed at every check, so
    every article was fetched again each time (an hour of 5-minute checks: a 50-item feed, 600 pages), and
    an article without a date of its own took the feed's time of the moment for it."""
    site = Site({p: Page(article_page(n)) for n, p in enumerate(ARTICLES)})
    with serve(site):
        site.routes["/feed.xml"] = lambda request: rss_page(site.url, ARTICLES,
                                                            stamp=format_datetime(datetime.now(UTC), True))
        backend_store.add_source(site.url + "/feed.xml")
        runner = Monitor(backend_store, loopback_settings(**SETTINGS))
        assert runner.run_once(every=True).stored == 3
        for _ in range(3):
            time.sleep(1.1)  # the next second: a new stamp on every item
            assert runner.run_once(every=True).duplicate == 0
        assert _fetches(site) == 3  # each article once
        assert all(a.published is None for a in backend_store.articles())  # the feed's "now" is no article's date

        # the same stamp on every item, but a real one: an update an hour ago, still told from the next one
        hour_ago = format_datetime(datetime.now(UTC) - timedelta(hours=1), True)
        site.routes["/feed.xml"] = rss_page(site.url, ARTICLES, stamp=hour_ago)
        assert runner.run_once(every=True).duplicate == 3 and _fetches(site) == 6
        assert runner.run_once(every=True).duplicate == 0 and _fetches(site) == 6
        runner.close()


def test_a_304_to_a_request_that_named_no_version_is_no_check(backend_store: Store) -> None:
    """A server (or a cache in front of it) answering 304 to a request without If-None-Match or
    If-Modified-Since: the check was taken for 'nothing new', and the source stayed 'ok' for good while
    newsdesk never read it once. Now the source fails, saying so, and comes back when the server mends."""
    site = Site({"/a/1": Page(article_page(1))})
    with serve(site):
        site.routes["/feed.xml"] = Page("", 304)
        site.routes["/page"] = Page("", 304)
        feed = backend_store.add_source(site.url + "/feed.xml")
        page = backend_store.add_source(site.url + "/page", "page")
        runner = Monitor(backend_store, loopback_settings(**SETTINGS))
        report = runner.run_once(every=True)
        assert report.sources_failed == 2 and report.stored == 0
        for source in (feed, page):
            failing = backend_store.get_source(source.id)
            assert failing is not None and failing.error_count == 1
            assert "HTTP 304 (not modified) to a request that named no version" in (failing.last_error or "")

        def conditional(request: Request) -> Page:  # mended: 304 only to what it was asked about
            if request.headers.get("If-None-Match") == '"v1"':
                return Page("", 304)
            return Page(rss(site.url, ["/a/1"]), type="application/rss+xml", headers={"ETag": '"v1"'})

        site.routes["/feed.xml"] = conditional
        assert runner.run_once(every=True).stored == 1
        assert runner.run_once(every=True).sources_failed == 1  # the page alone
        mended = backend_store.get_source(feed.id)
        assert mended is not None and mended.error_count == 0 and mended.etag == '"v1"'
        runner.close()
