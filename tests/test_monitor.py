"""The monitor loop against a real loopback site: new links once, conditional checks, backoff,
caps, hostile links, local sources, stopping; without the NLP stage (the end-to-end test has it)."""

from __future__ import annotations

import io
import json
import threading
from datetime import datetime
from pathlib import Path

from test_ingest_warc import write_warc
from test_monitor_support import Page, Request, Site, article_page, loopback_settings, rss, serve, stories

from newsdesk.monitor import Log, Monitor
from newsdesk.settings import Settings
from newsdesk.store import Store


def monitor(store: Store, settings: Settings | None = None, out: io.StringIO | None = None) -> Monitor:
    return Monitor(store, settings or loopback_settings(check_interval=1e-6), log=Log(out))


def seconds_ahead(when: str | None) -> float:
    assert when is not None
    return (datetime.fromisoformat(when) - datetime.now(datetime.fromisoformat(when).tzinfo)).total_seconds()


def test_a_feed_is_followed(store: Store) -> None:
    site = Site(stories(4, "/story/"))
    with serve(site):
        feed = [f"/story/{n}" for n in range(3)]

        def serve_feed(request: Request) -> Page:
            if request.headers.get("If-None-Match") == f'"{len(feed)}"':
                return Page(status=304)
            return Page(rss(site.url, feed, "Harbour News"), headers={"ETag": f'"{len(feed)}"'},
                        type="application/rss+xml")

        site.routes["/feed.xml"] = serve_feed
        source = store.add_source(site.url + "/feed.xml")
        out = io.StringIO()
        runner = monitor(store, out=out)
        first = runner.run_once()
        assert (first.sources, first.stored, first.failed) == (1, 3, 0)
        assert store.count() == 3 and store.get_source(source.id).title == "Harbour News"  # type: ignore[union-attr]
        logs = [json.loads(line) for line in out.getvalue().splitlines()]
        assert {"pass.started", "source.checked", "article.stored", "pass.done"} <= {e["event"] for e in logs}
        assert all({"ts", "level", "event"} <= set(e) for e in logs)
        assert runner.run_once().stored == 0  # 304: nothing new
        assert site.requests[-1].headers["If-None-Match"] == '"3"'
        feed.append("/story/3")
        feed.append("/story/1?utm_source=rss")  # the same story, tracked: not fetched again
        again = runner.run_once()
        assert (again.stored, again.duplicate) == (1, 0)
        assert site.paths().count("/story/1") == 1 and "/story/1?utm_source=rss" not in site.paths()
        assert [e.status for e in store.fetch_log(source.id)] == [200, 304, 200]
        assert site.paths().count("/robots.txt") == 1  # kept for a day


def test_a_broken_feed_backs_off_and_stalls_nothing(store: Store) -> None:
    site = Site({"/good.xml": Page(""), "/story/1": Page(article_page(1)),
                 "/broken.xml": Page("<rss><channel><item>", type="application/rss+xml"),
                 "/down.xml": Page(status=503, headers={"Retry-After": "7200"}), "/html": Page(article_page(5))})
    with serve(site):
        site.routes["/good.xml"] = Page(rss(site.url, ["/story/1"]))
        settings = loopback_settings(check_interval=60)
        broken = store.add_source(site.url + "/missing.xml")
        down = store.add_source(site.url + "/down.xml")
        html = store.add_source(site.url + "/html")
        store.add_source(site.url + "/good.xml")
        malformed = store.add_source(site.url + "/broken.xml")
        report = monitor(store, settings).run_once()
        assert (report.sources, report.sources_failed, report.stored) == (5, 4, 1)
        failed = store.get_source(broken.id)
        assert failed is not None and (failed.error_count, failed.last_error) == (1, f"{broken.url}: HTTP 404")
        assert 55 < seconds_ahead(failed.next_check_at) <= 60
        later = store.get_source(down.id)
        assert later is not None and 7100 < seconds_ahead(later.next_check_at) <= 7200  # Retry-After wins
        page = store.get_source(html.id)
        assert page is not None and "HTML page" in (page.last_error or "")
        bad = store.get_source(malformed.id)
        assert bad is not None and "a broken feed" in (bad.last_error or "")
        assert [e.error for e in store.fetch_log(broken.id)] == [f"{broken.url}: HTTP 404"]
        # failures in a row double the wait, up to max_backoff
        fast = loopback_settings(check_interval=1e-6, max_backoff=2e-6)
        for _ in range(3):
            monitor(store, fast).run_once(every=True)
        failed = store.get_source(broken.id)
        assert failed is not None and failed.error_count == 4
        site.routes["/missing.xml"] = Page(rss(site.url, ["/story/1"]))
        monitor(store, fast).run_once()
        healed = store.get_source(broken.id)
        assert healed is not None and (healed.error_count, healed.last_error) == (0, None)


def test_hostile_and_failing_links(store: Store) -> None:
    site = Site({"/ok": Page(article_page(1)), "/evil": Page(status=302, headers={"Location": "http://10.1.2.3/"}),
                 "/flaky": Page(status=500), "/empty": Page("<html><body></body></html>")})
    with serve(site):
        site.routes["/feed.xml"] = Page(rss(site.url, ["/ok", "/evil", "/flaky", "/empty"]))
        feed = store.add_source(site.url + "/feed.xml")
        out = io.StringIO()
        report = monitor(store, out=out).run_once()
        assert (report.stored, report.failed) == (1, 3)
        errors = {e["input"].rsplit("/", 1)[1]: e["error"] for e in map(json.loads, out.getvalue().splitlines())
                  if e["event"] == "article.failed"}
        assert "private address (10.1.2.3)" in errors["evil"] and errors["flaky"] == "HTTP 500"
        source = store.get_source(feed.id)
        assert source is not None and source.error_count == 0  # the feed itself is fine
        for _ in range(3):
            monitor(store).run_once()
        assert site.paths().count("/flaky") == 3  # tried three times, then left alone


def test_sitemap_index_and_the_cap(store: Store) -> None:
    site = Site(stories(5))
    with serve(site):
        urls = "".join(f"<url><loc>{site.url}/a/{n}</loc><lastmod>2024-05-0{n + 1}</lastmod></url>" for n in range(5))
        site.routes["/sitemap-1.xml"] = Page(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}'
                                             "</urlset>", type="application/xml")
        site.routes["/sitemap.xml"] = Page('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                           f"<sitemap><loc>{site.url}/sitemap-1.xml</loc></sitemap>"
                                           f"<sitemap><loc>{site.url}/gone.xml</loc></sitemap></sitemapindex>")
        source = store.add_source(site.url + "/sitemap.xml", kind="sitemap")
        settings = loopback_settings(check_interval=3600, max_new_per_check=3)
        first = monitor(store, settings).run_once()
        assert first.stored == 3 and {p for p in site.paths() if p.startswith("/a/")} == {"/a/4", "/a/3", "/a/2"}
        checked = store.get_source(source.id)
        assert checked is not None and seconds_ahead(checked.next_check_at) <= 0  # more waiting: due again now
        assert monitor(store, settings).run_once().stored == 2
        checked = store.get_source(source.id)
        assert checked is not None and seconds_ahead(checked.next_check_at) > 3000


def test_local_sources_and_a_page(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "one.html").write_text(article_page(11))
    warc = write_warc(tmp_path / "crawl.warc.gz")
    site = Site({"/live": Page(article_page(7))})
    with serve(site):
        store.add_source(str(folder), kind="folder")
        store.add_source(str(warc), kind="warc")
        live = store.add_source(site.url + "/live", kind="page")
        first = monitor(store).run_once()
        assert first.stored == 1 + 5 + 1 and first.failed == 0
        (folder / "two.html").write_text(article_page(12))
        site.routes["/live"] = Page(article_page(7, body="<p>" + "The harbour board changed its plans. " * 9 + "</p>"))
        second = monitor(store).run_once()
        assert (second.stored, second.updated, second.duplicate) == (1, 1, 0)
        [live_id] = [a.id for a in store.articles() if a.url == live.url]
        assert len(store.versions(live_id)) == 2


def test_stop_ends_a_pass_early_and_the_next_goes_on(store: Store) -> None:
    site = Site(stories(30, "/s/"))
    with serve(site):
        site.routes["/feed.xml"] = Page(rss(site.url, [f"/s/{n}" for n in range(30)]))
        store.add_source(site.url + "/feed.xml")
        stop = threading.Event()
        runner = monitor(store, loopback_settings(check_interval=1e-6, fetch_workers=1))
        seen = []

        def log(event: str, level: str = "info", /, **fields: object) -> None:
            seen.append(event)
            if seen.count("article.stored") == 5:
                stop.set()

        runner.log = log  # type: ignore[assignment]
        report = runner.run_once(stop)
        assert 5 <= report.stored < 30 and "source.checked" not in seen
        rest = monitor(store).run_once()
        assert rest.stored + report.stored == 30 and store.count() == 30 and rest.duplicate == 0
