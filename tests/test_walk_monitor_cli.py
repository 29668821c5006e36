"""What the operator meets at the command line while `newsdesk run` follows sources: a second monitor
on the same database, run by hand or by cron next to the service."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner
from test_monitor_support import LOOPBACK, Page, Site, article_page, rss_page, serve, stories

from newsdesk.cli import cli

MAIN = "from newsdesk.cli import main; main()"
ENV = {"NEWSDESK_ALLOWED_NETWORKS": LOOPBACK, "NEWSDESK_HOST_DELAY": "0", "NEWSDESK_DB": ""}


def test_a_second_monitor_on_one_database_is_refused(db: str) -> None:
    """`newsdesk run --once` next to a running `newsdesk run`: both checked every source and fetched every
    new article, each site asked twice and half the articles 'duplicate'. Now the second is refused in
    one line, fetching nothing; once the first is gone (even killed with -9) a monitor runs again."""
    site = Site(stories(3))
    with serve(site):
        site.routes["/feed.xml"] = rss_page(site.url, [f"/a/{n}" for n in range(3)])
        runner = CliRunner()
        assert runner.invoke(cli, ["source", "add", "--db", db, site.url + "/feed.xml"], env=ENV).exit_code == 0
        env = {**os.environ, **ENV, "NEWSDESK_CHECK_INTERVAL": "3600", "PYTHONUNBUFFERED": "1"}
        service = subprocess.Popen([sys.executable, "-c", MAIN, "run", "--db", db, "--no-http", "--no-analyze",
                                    "--log-format", "json"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                   text=True, env=env)
        try:
            assert service.stderr is not None
            for line in service.stderr:  # the service's first pass is done: the sources are not due
                if json.loads(line)["event"] == "pass.done":
                    break
            asked = len(site.requests)
            second = runner.invoke(cli, ["run", "--db", db, "--once", "--all", "--no-analyze"], env=ENV)
            assert second.exit_code == 1, second.output
            who = f"pid {service.pid}" if "://" not in db else "PostgreSQL backend "
            assert second.stderr.startswith("newsdesk: error: ") and second.stderr.count("\n") == 1
            assert f": another newsdesk run ({who}" in second.stderr
            assert second.stderr.endswith(") is monitoring this database; stop it first (two would fetch every "
                                          "site twice)\n")
            assert len(site.requests) == asked
        finally:
            service.send_signal(signal.SIGKILL)
            service.wait()
        again = runner.invoke(cli, ["run", "--db", db, "--once", "--all", "--no-analyze"], env=ENV)
        assert again.exit_code == 0, again.output
        assert len(site.requests) > asked


def test_source_list_says_when_each_source_was_checked_and_is_next(tmp_path: Path) -> None:
    """The table gave the next check as a bare UTC time ('2026-12-03T09:26', read as local time by most)
    and never when a source was last checked, so a monitor that had stopped looked like one at work;
    and a feed that was gone for good said 'HTTP 410' and no more."""
    db = str(tmp_path / "news.db")
    site = Site({"/a/0": Page(article_page(0)), "/gone.xml": Page("gone", status=410)})
    # a site of its own: its pause holds every source of its site (their next check is its end)
    other = Site({"/busy.xml": Page("busy", status=429, headers={"Retry-After": "3600"})})
    with serve(site), serve(other):
        site.routes["/feed.xml"] = rss_page(site.url, ["/a/0"], "Harbour")
        runner = CliRunner()
        for url in (site.url + "/feed.xml", site.url + "/gone.xml", other.url + "/busy.xml"):
            assert runner.invoke(cli, ["source", "add", "--db", db, url], env=ENV).exit_code == 0
        fresh = runner.invoke(cli, ["source", "list", "--db", db], env=ENV).stdout.splitlines()
        assert [row.split()[2:6] for row in fresh] == [["new", "never", "checked", "due"]] * 3
        ran = runner.invoke(cli, ["run", "--db", db, "--once", "--no-analyze"],
                            env={**ENV, "NEWSDESK_CHECK_INTERVAL": "900"})
        assert ran.exit_code == 0, ran.output
        table = runner.invoke(cli, ["source", "list", "--db", db], env=ENV).stdout.splitlines()
    assert len(table) == 5, table
    feed, gone, gone_why, busy, busy_why = table
    assert feed.split()[:3] == ["1", "feed", "ok"] and "checked 0 s ago" in feed and "next in 14 min" in feed
    assert gone.split()[:4] == ["2", "feed", "1", "failed"] and "next in 14 min" in gone
    assert gone_why == (f"      last error: {site.url}/gone.xml: HTTP 410 (gone: the site removed it for good; "
                        "remove the source, or add its new address)")
    # a pause the site asked for is no failure (#5): paused until its end, and the count of failures untouched
    assert busy.split()[:3] == ["3", "feed", "paused"] and "next in 59 min" in busy
    head, _, why = busy_why.partition(" UTC: ")
    assert head.startswith("      paused until ")
    assert why == "its site asked newsdesk to wait (HTTP 429 with Retry-After); no failure"
    until = datetime.strptime(head.removeprefix("      paused until "), "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    assert 3500 < (until - datetime.now(UTC)).total_seconds() <= 3600


def test_source_show_gives_a_sources_history(tmp_path: Path) -> None:
    """Why does this source bring nothing? The checks of a source (when, status, articles, error) were kept
    in fetch_log, and no command showed them."""
    db = str(tmp_path / "news.db")
    site = Site({"/a/0": Page(article_page(0)), "/down.xml": Page("busy", status=503)})
    with serve(site):
        site.routes["/feed.xml"] = rss_page(site.url, ["/a/0"], "Harbour")
        runner = CliRunner()
        assert runner.invoke(cli, ["source", "add", "--db", db, site.url + "/feed.xml", site.url + "/down.xml"],
                             env=ENV).exit_code == 0
        for _ in range(2):
            assert runner.invoke(cli, ["run", "--db", db, "--once", "--all", "--no-analyze"], env=ENV).exit_code == 0
        feed = runner.invoke(cli, ["source", "show", "--db", db, "1"], env=ENV)
        down = runner.invoke(cli, ["source", "show", "--db", db, site.url + "/down.xml"], env=ENV)
        as_json = runner.invoke(cli, ["source", "show", "--db", db, "2", "--json", "--limit", "1"], env=ENV)
        missing = runner.invoke(cli, ["source", "show", "--db", db, "7"], env=ENV)
    assert feed.exit_code == 0, feed.output
    lines = feed.stdout.splitlines()
    assert lines[0] == f"1  feed  {site.url}/feed.xml  (Harbour)"
    assert lines[1].startswith("  state: ok; checked ") and lines[2] == "  checks (newest first):"
    assert [line.split("UTC")[1].split() for line in lines[3:]] == [["HTTP", "200", "0", "stored"],
                                                                     ["HTTP", "200", "1", "stored"]]
    assert "  state: 2 failed in a row; " in down.stdout
    assert f"  last error: {site.url}/down.xml: HTTP 503\n" in down.stdout
    assert down.stdout.count(f"HTTP 503     0 stored  {site.url}/down.xml: HTTP 503") == 2
    shown = json.loads(as_json.stdout)
    assert shown["source"]["error_count"] == 2 and [c["status"] for c in shown["checks"]] == [503]
    assert missing.exit_code == 1 and missing.stderr == ("newsdesk: error: 7: no such source (newsdesk source list "
                                                         "shows them)\n")
