"""The monitor against loopback sites that behave like the real web (issue #5's walk): the same story
listed by feeds and a sitemap that stamp it each their own way; sitemap indexes of indexes, and
indexes that list their sitemaps oldest first."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from test_monitor_support import Page, Site, article_page, loopback_settings, rss_page, serve, stories

from newsdesk.monitor import Monitor
from newsdesk.store import LinkNote, Store

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def test_a_story_in_two_feeds_and_a_sitemap_is_fetched_once_more_at_most(backend_store: Store) -> None:
    """An RSS feed dates the story `Tue, 01 Dec 2026 10:00:00 GMT`, the Atom feed `2026-12-01T10:00:00Z`
    (the same moment), the news sitemap's lastmod five minutes later: each check of one took the others'
    stamp for a change, and the article was fetched again at every check, for as long as they listed it."""
    site = Site({"/a/1": Page(article_page(1))})
    with serve(site):
        story = site.url + "/a/1"
        site.routes["/rss.xml"] = Page(
            f'<rss version="2.0"><channel><title>R</title><item><title>One</title><link>{story}</link>'
            "<pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate></item></channel></rss>", type="application/rss+xml")
        site.routes["/atom.xml"] = Page(
            f'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>a</id><updated>2026-12-01T10:00:00Z'
            f'</updated><entry><title>One</title><id>{story}</id><link href="{story}"/>'
            "<updated>2026-12-01T10:00:00Z</updated></entry></feed>", type="application/atom+xml")
        site.routes["/news-sitemap.xml"] = Page(
            f'<urlset xmlns="{SITEMAP_NS}"><url><loc>{story}</loc><lastmod>2026-12-01T10:05:00+00:00</lastmod>'
            "</url></urlset>", type="application/xml")
        for path in ("/rss.xml", "/atom.xml", "/news-sitemap.xml"):
            backend_store.add_source(site.url + path)
        runner = Monitor(backend_store, loopback_settings(check_interval=3600))
        for _ in range(4):
            runner.run_once(every=True)
        runner.close()
        # once, and once more for the sitemap's later lastmod (the story may have changed)
        assert site.paths().count("/a/1") == 2 and backend_store.count() == 1


def test_a_failing_link_two_sources_stamp_differently_is_given_up(backend_store: Store) -> None:
    """Each source's stamp started the link's count of failures again: tried at every check, for ever."""
    source = backend_store.add_source("https://example.com/feed.xml")
    url = "https://example.com/a/1"
    stamps = ("Tue, 01 Dec 2026 10:00:00 GMT", "2026-12-01T10:05:00Z", None)
    tries = 0
    for n in range(9):
        stamp = stamps[n % 3]
        if backend_store.pending_links([(url, stamp)]):
            tries += 1
            backend_store.link_failed(LinkNote(url, source.id, stamp), "HTTP 404")
    assert tries == 4  # the later date is a change (its count starts again), then three tries in all
    assert [s for s in stamps if backend_store.pending_links([(url, s)])] == []
    assert backend_store.pending_links([(url, "2026-12-01T11:00:00Z")]) == [url]  # a later date is a change
    assert backend_store.pending_links([(url, "Tue, 01 Dec 2026 09:00:00 GMT")]) == []


def index(base: str, paths: list[str]) -> Page:
    entries = "".join(f"<sitemap><loc>{base}{p}</loc></sitemap>" for p in paths)
    return Page(f'<sitemapindex xmlns="{SITEMAP_NS}">{entries}</sitemapindex>', type="application/xml")


def urlset(base: str, paths: list[str]) -> Page:
    entries = "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths)
    return Page(f'<urlset xmlns="{SITEMAP_NS}">{entries}</urlset>', type="application/xml")


def test_an_index_of_indexes_is_read_down_to_its_articles(store: Store) -> None:
    """A newspaper's index lists an index per year, which lists the day's sitemaps: the check read the
    year's index, took its sitemaps for nothing, and said `listed 0` every time, the source 'ok'."""
    site = Site(stories(3))
    with serve(site):
        site.routes["/sitemap.xml"] = index(site.url, ["/sitemap-2026.xml"])
        site.routes["/sitemap-2026.xml"] = index(site.url, ["/sitemap-2026-12-03.xml", "/sitemap-2026-12-02.xml"])
        site.routes["/sitemap-2026-12-03.xml"] = urlset(site.url, ["/a/0", "/a/1"])
        site.routes["/sitemap-2026-12-02.xml"] = urlset(site.url, ["/a/2"])
        store.add_source(site.url + "/sitemap.xml", "sitemap")
        runner = Monitor(store, loopback_settings(check_interval=3600))
        assert runner.run_once().stored == 3
        runner.close()


def test_an_index_listing_its_sitemaps_oldest_first_gives_the_new_articles(store: Store) -> None:
    """Twelve sitemaps without a lastmod, the newest last (WordPress numbers them so): the check read the
    first ten, and no article of the two newest was ever fetched."""
    site = Site(stories(range(1, 13)))
    with serve(site):
        site.routes["/sitemap_index.xml"] = index(site.url, [f"/post-sitemap{n}.xml" for n in range(1, 13)])
        for n in range(1, 13):
            site.routes[f"/post-sitemap{n}.xml"] = urlset(site.url, [f"/a/{n}"])
        store.add_source(site.url + "/sitemap_index.xml", "sitemap")
        runner = Monitor(store, loopback_settings(check_interval=3600))
        runner.run_once()
        runner.close()
        assert {"/a/1", "/a/12", "/a/11"} <= set(site.paths())
        assert sum(path.startswith("/post-sitemap") for path in site.paths()) == 10  # no more than before


def test_a_sites_pause_holds_its_every_source_across_a_restart(store: Store) -> None:
    """A site answers 429 with `Retry-After: 3600`, to one of its feeds (the other, checked after it, is not
    asked for), and another to an article page. The pause was kept in memory: the other feed was due again
    at its backoff, the page's feed at its interval, so the next `run --once` (cron, a restart) asked both
    sites again at once."""
    busy = Site({"/world.xml": Page("slow down", 429, headers={"Retry-After": "3600"})})
    pages = Site({"/a/1": Page("slow down", 429, headers={"Retry-After": "3600"})})
    with serve(busy), serve(pages):
        busy.routes["/sport.xml"] = rss_page(busy.url, [])
        pages.routes["/feed.xml"] = rss_page(pages.url, ["/a/1"])
        for url in (busy.url + "/world.xml", busy.url + "/sport.xml", pages.url + "/feed.xml"):
            store.add_source(url)
        settings = {"check_interval": 1, "fetch_workers": 1, "respect_robots": False}
        first = Monitor(store, loopback_settings(**settings))
        first.run_once()
        first.close()
        assert (busy.paths(), pages.paths()) == (["/world.xml"], ["/feed.xml", "/a/1"])
        time.sleep(1.2)  # past every check_interval and first backoff
        again = Monitor(store, loopback_settings(**settings))
        again.run_once()
        again.close()
        assert (busy.paths(), pages.paths()) == (["/world.xml"], ["/feed.xml", "/a/1"])  # nothing more asked
        assert all((s.next_check_at or "") > _in(3500) for s in store.list_sources())


def _in(seconds: float) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat(timespec="microseconds")


def test_a_link_stamped_in_the_future_once_is_not_held_by_it(backend_store: Store) -> None:
    """A feed that once dated the story 2096 (a year typed wrong): only a later date counted as a change,
    so every real one after it was taken for an older stamp, and the link was never fetched again."""
    source = backend_store.add_source("https://example.com/feed.xml")
    url = "https://example.com/a/2"
    for _ in range(3):  # given up at that stamp
        backend_store.link_failed(LinkNote(url, source.id, "2096-12-01T10:00:00Z"), "HTTP 404")
    assert backend_store.pending_links([(url, "2096-12-01T10:00:00Z")]) == []
    assert backend_store.pending_links([(url, "2026-12-02T10:00:00Z")]) == [url]  # the site's real stamp: a change
