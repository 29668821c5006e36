"""An operator's days with the monitor, against real loopback sites that change between passes:
listings behind validators (ETag → 304) read to their end, a static sitemap index whose sitemaps
change, links that failed tried again while their feed answers 304, a source removed mid-pass."""

from __future__ import annotations

import io
import json
import threading
import time
from datetime import datetime

from test_monitor_support import Page, Request, Site, article_page, loopback_settings, rss, rss_page, serve, stories

from newsdesk.monitor import Log, Monitor
from newsdesk.store import Store, open_store

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def with_etag(body: str, etag: str, type: str = "application/xml") -> object:
    """A route as nginx serves a static file: its ETag, and 304 to a request that sends it back."""

    def route(request: Request) -> Page:
        if request.headers.get("If-None-Match") == etag:
            return Page(status=304, headers={"ETag": etag})
        return Page(body, headers={"ETag": etag}, type=type)

    return route


def urlset(base: str, paths: list[str]) -> str:
    return f'<urlset xmlns="{SITEMAP_NS}">' + "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths) + "</urlset>"


def monitor(store: Store, out: io.StringIO | None = None, **settings: object) -> Monitor:
    return Monitor(store, loopback_settings(**{"check_interval": 3600, **settings}), log=Log(out))


def test_a_capped_listing_behind_an_etag_is_read_to_its_end(store: Store) -> None:
    """More links than max_new_per_check: the source is due again at once, and its next check must
    list the rest; a 304 to the ETag kept from the first check listed nothing, and 7 of 12 were never fetched."""
    site = Site(stories(12))
    with serve(site):
        site.routes["/sitemap.xml"] = with_etag(urlset(site.url, [f"/a/{n}" for n in range(12)]), '"v1"')
        source = store.add_source(site.url + "/sitemap.xml", "sitemap")
        runner = monitor(store, max_new_per_check=5)
        assert [runner.run_once().stored for _ in range(3)] == [5, 5, 2]
        assert store.count() == 12 and runner.run_once().sources == 0  # all done: due in an hour
        assert runner.run_once(every=True).stored == 0 and site.requests[-1].headers["If-None-Match"] == '"v1"'
        assert [e.status for e in store.fetch_log(source.id)] == [304, 200, 200, 200]  # done: now conditional


def test_a_static_sitemap_index_still_shows_its_sitemaps_new_links(store: Store) -> None:
    """A sitemap index is often a static file (ETag, 304) over news sitemaps that change every minute:
    its 304 hid every new link of its sitemaps."""
    site = Site(stories(6))
    with serve(site):
        listed = ["/a/0", "/a/1", "/a/2"]
        site.routes["/news.xml"] = lambda request: Page(urlset(site.url, listed), type="application/xml")
        site.routes["/sitemap_index.xml"] = with_etag(
            f'<sitemapindex xmlns="{SITEMAP_NS}"><sitemap><loc>{site.url}/news.xml</loc></sitemap></sitemapindex>',
            '"index"')
        store.add_source(site.url + "/sitemap_index.xml")
        runner = monitor(store)
        assert runner.run_once(every=True).stored == 3
        listed += ["/a/3", "/a/4"]
        assert runner.run_once(every=True).stored == 2 and store.count() == 5
        assert site.paths().count("/news.xml") == 2


def test_a_link_that_failed_is_tried_again_while_its_feed_answers_304(store: Store) -> None:
    """An article page down for a moment (503): 'tried again at the next checks, three times in all',
    but the feed's next check was a 304 that listed nothing, so the article was never fetched again."""
    site = Site(stories(3))
    with serve(site):
        site.routes["/a/2"] = Page("busy", status=503)
        site.routes["/feed.xml"] = with_etag(rss(site.url, ["/a/0", "/a/1", "/a/2"]), '"f1"', "application/rss+xml")
        source = store.add_source(site.url + "/feed.xml")
        runner = monitor(store)
        first = runner.run_once(every=True)
        assert (first.stored, first.failed) == (2, 1)
        site.routes["/a/2"] = Page(article_page(2))
        again = runner.run_once(every=True)
        assert (again.stored, again.failed) == (1, 0) and store.count() == 3
        assert runner.run_once(every=True).stored == 0  # all done: the ETag is kept and sent
        assert [e.status for e in store.fetch_log(source.id)] == [304, 200, 200]


def test_a_page_gone_for_good_stops_holding_the_feed_back(store: Store) -> None:
    """A 404 article is tried three times in all; then the feed's validators are kept again."""
    site = Site({"/a/0": Page(article_page(0))})
    with serve(site):
        site.routes["/feed.xml"] = with_etag(rss(site.url, ["/a/0", "/a/404"]), '"f1"', "application/rss+xml")
        source = store.add_source(site.url + "/feed.xml")
        runner = monitor(store)
        for _ in range(5):
            runner.run_once(every=True)
        assert site.paths().count("/a/404") == 3 and store.count() == 1
        assert [e.status for e in store.fetch_log(source.id)] == [304, 304, 200, 200, 200]


def test_a_source_removed_while_a_pass_runs(db: str) -> None:
    """`newsdesk source remove` while `newsdesk run` stores that source's articles: each one left failed
    with 'FOREIGN KEY constraint failed', then the pass ended with 'no source with id 1' (`run --once`:
    that error, exit 1), and the other sources' articles in hand were not stored."""
    site = Site({f"/{s}/{n}": Page(article_page(n + (10 if s == "b" else 0))) for s in "ab" for n in range(5)})
    with serve(site):
        site.routes["/a.xml"] = rss_page(site.url, [f"/a/{n}" for n in range(5)])
        site.routes["/b.xml"] = rss_page(site.url, [f"/b/{n}" for n in range(5)])
        store = open_store(db)
        doomed = store.add_source(site.url + "/a.xml")
        kept = store.add_source(site.url + "/b.xml")
        out = io.StringIO()
        runner = monitor(store, out, fetch_workers=1)
        log = runner.log
        other = open_store(db)  # the operator's own command, its own connection

        def removing(event: str, level: str = "info", /, **fields: object) -> None:
            log(event, level, **fields)
            if event == "article.stored" and str(fields["input"]).startswith(site.url + "/a/"):
                other.remove_source(doomed.id)

        runner.log = removing  # type: ignore[assignment]
        report = runner.run_once()
        other.close()
        events = [json.loads(line) for line in out.getvalue().splitlines()]
        assert [e["level"] for e in events if e["level"] != "info"] == []
        assert [e["source"] for e in events if e["event"] == "source.removed"] == [doomed.url]
        assert (report.stored, report.failed) == (6, 0)  # one of the removed source, all five of the other
        assert store.get_source(doomed.id) is None
        checked = store.get_source(kept.id)
        assert checked is not None and checked.last_fetch_at is not None and checked.error_count == 0
        assert sorted(a.url.rsplit("/", 2)[1] for a in store.articles()) == ["a"] + ["b"] * 5
        store.close()


def test_articles_of_a_site_down_for_hours_are_fetched_when_it_is_back(store: Store) -> None:
    """The feed answers (from a CDN, another host) while the site's pages answer 503 for hours: each link
    failed once a check and was given up after three, every article of the outage lost for good; and each
    check asked for every new link of the site that was down. Now a page failing for a while counts one of
    its three tries only when its site served something else in the pass, and a site failing three times
    in a row is left alone for the pass."""
    paths = [f"/a/{n}" for n in range(20)]
    site = Site({p: Page("down for maintenance", status=503) for p in paths})
    cdn = Site()
    with serve(site), serve(cdn):
        cdn.routes["/feed.xml"] = with_etag(rss(site.url, paths), '"f1"', "application/rss+xml")
        out = io.StringIO()
        runner = monitor(store, out)
        store.add_source(cdn.url + "/feed.xml")
        asked = []
        for _ in range(5):  # five checks, an hour and a quarter at the default interval
            before = len([p for p in site.paths() if p.startswith("/a/")])
            assert runner.run_once(every=True).stored == 0
            asked.append(len([p for p in site.paths() if p.startswith("/a/")]) - before)
        assert all(1 <= n <= 8 for n in asked), asked  # not twenty a check
        failed = [json.loads(line) for line in out.getvalue().splitlines() if '"article.failed"' in line]
        assert {e.get("transient") for e in failed} == {True}
        for path in paths:
            site.routes[path] = Page(article_page(int(path.rsplit("/", 1)[1])))
        back = runner.run_once(every=True)
        assert (back.stored, back.failed) == (20, 0) and store.count() == 20


def test_one_page_failing_on_a_site_that_works_is_still_tried_three_times(store: Store) -> None:
    site = Site({"/a/0": Page(article_page(0)), "/a/1": Page("oops", status=500)})
    with serve(site):
        site.routes["/feed.xml"] = rss_page(site.url, ["/a/0", "/a/1"])
        store.add_source(site.url + "/feed.xml")
        runner = monitor(store)
        for _ in range(5):
            runner.run_once(every=True)
        assert site.paths().count("/a/1") == 3 and store.count() == 1


def test_a_slow_source_holds_no_other_back_and_stop_is_prompt(store: Store) -> None:
    """A feed whose server drips its bytes: every other source's articles waited for its check to time out
    (fetch_timeout, 20 s by default, and more) in each pass, and Ctrl-C waited as long. Now each source's
    links are fetched as soon as its own check is in, and a stop does not wait for the slow one."""
    site = Site(stories(5))
    with serve(site):
        site.routes["/feed.xml"] = rss_page(site.url, [f"/a/{n}" for n in range(5)])
        site.routes["/slow.xml"] = Page(rss(site.url, []), type="application/rss+xml", drip=0.2)
        slow = store.add_source(site.url + "/slow.xml")
        store.add_source(site.url + "/feed.xml")
        runner = monitor(store, fetch_timeout=15.0)
        stop = threading.Event()
        log = runner.log

        def stopping(event: str, level: str = "info", /, **fields: object) -> None:
            log(event, level, **fields)
            if event == "source.checked":  # the fast feed is done: the operator presses Ctrl-C
                stop.set()

        runner.log = stopping  # type: ignore[assignment]
        started = time.monotonic()
        report = runner.run_once(stop)
        took = time.monotonic() - started
        runner.close()
        assert report.stored == 5 and took < 5, (report, took)
        left = store.get_source(slow.id)
        assert left is not None and left.last_fetch_at is None  # not done: due at the next pass


def test_a_feed_moved_for_good_is_followed_and_told_to_the_operator(store: Store) -> None:
    """A feed answering 301 (or 308) to its new address was followed at each check, silently: the operator
    learnt it only once the old address stopped redirecting. Now the source takes its new address (as feed
    readers do) and the log says so; a temporary redirect is no move; a move onto another source's
    address is told, not made."""
    site = Site({"/a/0": Page(article_page(0))})
    with serve(site):
        site.routes["/new.xml"] = rss_page(site.url, ["/a/0"])
        site.routes["/old.xml"] = Page(status=301, headers={"Location": "/new.xml"})
        site.routes["/older.xml"] = Page(status=308, headers={"Location": site.url + "/old.xml"})
        site.routes["/for-now.xml"] = Page(status=302, headers={"Location": "/new.xml"})
        site.routes["/mixed.xml"] = Page(status=301, headers={"Location": "/for-now.xml"})
        site.routes["/twin.xml"] = Page(status=301, headers={"Location": "/also.xml"})
        site.routes["/also.xml"] = rss_page(site.url, ["/a/0"])
        older = store.add_source(site.url + "/older.xml")
        for path in ("/for-now.xml", "/mixed.xml", "/twin.xml", "/also.xml"):
            store.add_source(site.url + path)
        out = io.StringIO()
        monitor(store, out).run_once()
        moved = [json.loads(line) for line in out.getvalue().splitlines() if '"source.moved"' in line]
        assert sorted((e["source"], e["to"], e["level"]) for e in moved) == [
            (site.url + "/older.xml", site.url + "/new.xml", "info"),
            (site.url + "/twin.xml", site.url + "/also.xml", "warning")]
        assert store.count() == 1
        followed = store.get_source(older.id)
        assert followed is not None and followed.url == site.url + "/new.xml"  # the same source, its new address
        assert store.get_source(site.url + "/older.xml") is None
        assert store.get_source(site.url + "/twin.xml") is not None  # /also.xml was a source already


def test_a_site_that_says_too_many_requests_is_left_alone_and_loses_nothing(store: Store) -> None:
    """A site that rate-limits newsdesk answers 429 for a while, its feed served all along: each 429
    counted one of the link's three tries (the site 'served' its feed), so after three checks those
    articles were lost for good; and each pass asked for three links more after the first 429."""
    allowed = {"left": 0}

    def limited(n: int) -> object:
        def route(request: Request) -> Page:
            if allowed["left"] <= 0:
                return Page("slow down", status=429)  # no Retry-After: see the next test for one
            allowed["left"] -= 1
            return Page(article_page(n))

        return route

    site = Site({f"/a/{n}": limited(n) for n in range(12)})
    with serve(site):
        site.routes["/feed.xml"] = rss_page(site.url, [f"/a/{n}" for n in range(12)])
        store.add_source(site.url + "/feed.xml")
        runner = monitor(store, fetch_workers=1)
        stored, asked = [], []
        for limit in (0, 0, 0, 100):  # three checks rate-limited, then the site lets us in
            allowed["left"] = limit
            before = len([p for p in site.paths() if p.startswith("/a/")])
            stored.append(runner.run_once(every=True).stored)
            asked.append(len([p for p in site.paths() if p.startswith("/a/")]) - before)
        assert stored == [0, 0, 0, 12] and store.count() == 12
        assert asked == [1, 1, 1, 12]  # one 429, then the site is left alone for the pass


def test_an_indexs_sitemaps_are_asked_with_their_own_validators(store: Store) -> None:
    """An index read whole at each check must not mean its big sitemaps downloaded whole at each check:
    a sitemap whose links are all done is asked with its ETag, and its 304 lists nothing new."""
    site = Site(stories(5))
    with serve(site):
        def sitemap(paths: list[str], etag: str) -> object:
            return with_etag(urlset(site.url, paths), etag)

        site.routes["/one.xml"] = sitemap(["/a/0", "/a/1"], '"one-1"')
        site.routes["/two.xml"] = sitemap(["/a/2", "/a/3"], '"two-1"')
        site.routes["/index.xml"] = Page(f'<sitemapindex xmlns="{SITEMAP_NS}"><sitemap><loc>{site.url}/one.xml</loc>'
                                         f"</sitemap><sitemap><loc>{site.url}/two.xml</loc></sitemap></sitemapindex>",
                                         type="application/xml")
        store.add_source(site.url + "/index.xml")
        runner = monitor(store)
        assert runner.run_once(every=True).stored == 4
        asked = len(site.requests)
        assert runner.run_once(every=True).stored == 0
        again = {r.path: r.headers.get("If-None-Match") for r in site.requests[asked:]}
        assert again == {"/index.xml": None, "/one.xml": '"one-1"', "/two.xml": '"two-1"'}
        site.routes["/one.xml"] = sitemap(["/a/0", "/a/1", "/a/4"], '"one-2"')
        assert runner.run_once(every=True).stored == 1 and store.count() == 5


def test_a_retry_after_is_honoured_across_passes(store: Store) -> None:
    """A page answering 429 with 'Retry-After: 2': the next pass asked the site again at once (feed and
    pages alike); now nothing goes to the site until the pause it asked for is over, robots.txt included,
    and nothing of it is lost."""
    pause = {"seconds": "2", "left": 1}

    def busy(n: int) -> object:
        def route(request: Request) -> Page:
            if pause["left"] > 0:
                pause["left"] -= 1
                return Page("slow down", status=429, headers={"Retry-After": pause["seconds"]})
            return Page(article_page(n))

        return route

    site = Site({f"/a/{n}": busy(n) for n in range(4)})
    with serve(site):
        site.routes["/feed.xml"] = rss_page(site.url, [f"/a/{n}" for n in range(4)])
        source = store.add_source(site.url + "/feed.xml")
        runner = monitor(store, fetch_workers=1, check_interval=1e-6)
        assert runner.run_once().stored == 0
        asked = len(site.requests)
        paused = runner.run_once()
        assert len(site.requests) == asked and paused.stored == 0  # not one request while it asked for a pause
        waiting = store.get_source(source.id)  # not even due: its next check is the pause's end
        assert paused.sources == 0 and waiting is not None and waiting.last_error is None
        assert waiting.next_check_at is not None and waiting.last_fetch_at is not None
        assert (datetime.fromisoformat(waiting.next_check_at) - datetime.fromisoformat(waiting.last_fetch_at)
                ).total_seconds() > 1.5
        time.sleep(2.1)
        assert runner.run_once(every=True).stored == 4 and store.count() == 4
        runner.close()


def test_one_feed_down_with_a_retry_after_leaves_the_sites_other_feeds_be(store: Store) -> None:
    """A section feed answering 503 with 'Retry-After: 7200' paused the whole site for two hours: the
    other feeds of the same newspaper, checked after it, stored nothing. A 503 is that feed's alone."""
    site = Site({"/a/1": Page(article_page(1))})
    with serve(site):
        site.routes["/down.xml"] = Page(status=503, headers={"Retry-After": "7200"})
        site.routes["/world.xml"] = rss_page(site.url, ["/a/1"])
        down = store.add_source(site.url + "/down.xml")  # due first: checked first
        store.add_source(site.url + "/world.xml")
        runner = monitor(store, fetch_workers=1)
        report = runner.run_once()
        runner.close()
        assert (report.sources_failed, report.stored) == (1, 1)
        waiting = store.get_source(down.id)
        assert waiting is not None and "come back in 7200 s" in (waiting.last_error or "")
