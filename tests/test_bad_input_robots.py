"""A robots.txt whose Crawl-delay is longer than fetch_timeout: the wait for the host's next slot
counted against the fetch's own deadline, so every fetch after the first on that host failed as
"too slow: the body did not arrive in time" (a site asking for 30 s between requests could never
be monitored with the default 20 s timeout)."""

from __future__ import annotations

import time

from test_monitor_support import Page, Site, article_page, loopback_settings, serve

from newsdesk.ingest.http import Fetcher


def test_a_crawl_delay_past_the_fetch_timeout_paces_without_failing() -> None:
    site = Site({"/robots.txt": Page("User-agent: *\nCrawl-delay: 2\n", type="text/plain"),
                 "/a": Page(article_page(1)), "/b": Page(article_page(2))})
    with serve(site), Fetcher(loopback_settings(fetch_timeout=1.0), polite=True) as fetcher:
        assert fetcher.get(site.url + "/a").status == 200
        started = time.monotonic()
        assert fetcher.get(site.url + "/b").status == 200
        assert time.monotonic() - started >= 1.5  # still paced: robots.txt is obeyed
    assert site.paths() == ["/robots.txt", "/a", "/b"]
