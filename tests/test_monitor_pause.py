"""A site's pause (429 with Retry-After) is no failure (#5): its sources are shown paused until its end, on
`newsdesk source list`, `source show` and the sources page; their count of failures stays, and they are not
backed off past it; a restarted monitor keeps it for every source of the site; its pages keep their tries."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_monitor_support import Page, Request, Site, article_page, loopback_settings, rss_page, serve

from newsdesk.cli import cli
from newsdesk.monitor import Monitor
from newsdesk.store import Source, Store
from newsdesk.web.app import create_app

SETTINGS = {"check_interval": 60, "max_backoff": 7200, "fetch_workers": 1, "respect_robots": False}


def _seconds_to(stamp: str | None) -> float:
    assert stamp is not None
    return (datetime.fromisoformat(stamp) - datetime.now(UTC)).total_seconds()


def _sources(store: Store) -> dict[str, Source]:
    return {s.url.rsplit("/", 1)[-1]: s for s in store.list_sources()}


def test_a_pause_is_no_failure_and_outlasts_a_restart(backend_store: Store, db: str) -> None:
    """The site answers its world feed 429 `Retry-After: 3600`; its sport feed, checked after, is not asked.
    Both were counted failures (error count 1, 'not asked for …' their last error, `1 failed` in the list, the
    page's 'failing'), and the sport feed backed off as failing; a restart asked a feed of the site added
    meanwhile at once."""
    site = Site({"/world.xml": Page("slow down", 429, headers={"Retry-After": "3600"})})
    with serve(site):
        site.routes["/sport.xml"] = rss_page(site.url, [])
        for path in ("/world.xml", "/sport.xml"):
            backend_store.add_source(site.url + path)
        first = Monitor(backend_store, loopback_settings(**SETTINGS))
        report = first.run_once()
        first.close()
        assert site.paths() == ["/world.xml"]
        assert (report.sources_failed, report.sources_paused) == (0, 2)
        held = _sources(backend_store)
        for source in held.values():
            assert source.error_count == 0 and source.last_error is None, source
            assert 3500 < _seconds_to(source.paused_until) <= 3600 and source.next_check_at == source.paused_until
        assert held["sport.xml"].last_fetch_at is None  # never asked: not "checked"
        assert [c.status for c in backend_store.fetch_log(held["world.xml"].id)] == [429]
        assert backend_store.fetch_log(held["sport.xml"].id) == []

        # a restart: the pause is the site's, so a feed of it added meanwhile waits as well
        backend_store.add_source(site.url + "/local.xml")
        again = Monitor(backend_store, loopback_settings(**SETTINGS))
        report = again.run_once(every=True)  # every source, due or not: none of them is asked
        again.close()
        assert site.paths() == ["/world.xml"] and (report.sources_failed, report.sources_paused) == (0, 3)
        after = _sources(backend_store)
        assert all(s.error_count == 0 and s.last_error is None for s in after.values())
        for name in ("world.xml", "sport.xml", "local.xml"):  # no backoff past the pause's end: the same end
            assert abs(_seconds_to(after[name].next_check_at) - _seconds_to(held["world.xml"].paused_until)) < 1
            assert after[name].next_check_at == after[name].paused_until

    listed = CliRunner().invoke(cli, ["source", "list", "--db", db]).stdout.splitlines()
    assert [row.split()[2] for row in listed if row.split()[0].isdigit()] == ["paused"] * 3
    assert sum("paused until " in row and "no failure" in row for row in listed) == 3
    assert not any("failed" in row or "last error" in row for row in listed)
    shown = CliRunner().invoke(cli, ["source", "show", "--db", db, str(held["sport.xml"].id)]).stdout
    assert "state: paused;" in shown and "paused until " in shown
    page = TestClient(create_app(backend_store)).get("/sources")
    assert page.status_code == 200
    assert page.text.count("paused until ") == 3 and "failing" not in page.text


def test_pages_waiting_out_a_pause_keep_their_tries(backend_store: Store) -> None:
    """A page answers 429 `Retry-After: 1` three checks running; the site's next page, not asked for during
    each pause, lost one of its three tries each time and was given up for good before the site served it."""
    left = {"busy": 3}

    def busy(request: Request) -> Page:
        if left["busy"] > 0:
            left["busy"] -= 1
            return Page("slow down", 429, headers={"Retry-After": "1"})
        return Page(article_page(1))

    site = Site({"/a/1": busy, "/a/2": Page(article_page(2))})
    with serve(site):
        site.routes["/feed.xml"] = rss_page(site.url, ["/a/1", "/a/2"])
        source = backend_store.add_source(site.url + "/feed.xml")
        runner = Monitor(backend_store, loopback_settings(**SETTINGS))
        for _ in range(3):
            assert runner.run_once(every=True).stored == 0
            time.sleep(1.1)  # the pause is over
        assert "/a/2" not in site.paths()  # never asked: each time its site had asked for a pause
        assert runner.run_once(every=True).stored == 2 and backend_store.count() == 2
        runner.close()
        checked = backend_store.get_source(source.id)
        assert checked is not None and checked.error_count == 0 and checked.paused_until is None


def test_a_feed_redirected_to_a_paused_site_waits_as_long(backend_store: Store) -> None:
    """The feed's address redirects (301) to another site, which answers 429 `Retry-After: 3600`: the pause is
    that site's, so the feed's own site has none to hold it to; it is still no failure, and it waits the pause
    out rather than being due again at once."""
    cdn = Site({"/feed.xml": Page("slow down", 429, headers={"Retry-After": "3600"})})
    with serve(cdn):
        home = Site({"/feed.xml": Page("", 301, headers={"Location": cdn.url + "/feed.xml"})})
        with serve(home):
            source = backend_store.add_source(home.url + "/feed.xml")
            runner = Monitor(backend_store, loopback_settings(**SETTINGS))
            assert runner.run_once().sources_paused == 1
            assert runner.run_once().sources == 0  # not due again
            runner.close()
            assert (home.paths(), cdn.paths()) == (["/feed.xml"], ["/feed.xml"])
    held = backend_store.get_source(source.id)
    assert held is not None and held.error_count == 0 and held.url == home.url + "/feed.xml"
    assert 3500 < _seconds_to(held.next_check_at) <= 3600


def test_an_empty_answer_says_so(backend_store: Store) -> None:
    site = Site({"/feed.xml": Page("", type="application/rss+xml")})
    with serve(site):
        source = backend_store.add_source(site.url + "/feed.xml")
        runner = Monitor(backend_store, loopback_settings(**SETTINGS))
        assert runner.run_once().sources_failed == 1
        runner.close()
    failed = backend_store.get_source(source.id)
    assert failed is not None and failed.last_error == (f"{site.url}/feed.xml: an empty answer (HTTP 200 with no "
                                                        "body): nothing listed")
