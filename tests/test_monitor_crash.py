"""kill -9 in the middle of `newsdesk run`: nothing it reported stored is lost, and the next run goes
on from there without duplicates (a real subprocess, a real loopback site, both backends)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

from test_monitor_support import LOOPBACK, Site, rss_page, serve, stories

from newsdesk.store import open_store

COUNT = 40
MAIN = "from newsdesk.cli import main; main()"


def newsdesk(*args: str) -> list[str]:
    return [sys.executable, "-c", MAIN, *args]


def test_kill_9_mid_run_loses_nothing_reported(db: str) -> None:
    site = Site(stories(COUNT, "/n/"))
    env = {**os.environ, "NEWSDESK_ALLOWED_NETWORKS": LOOPBACK, "NEWSDESK_HOST_DELAY": "0.02",
           "NEWSDESK_FETCH_WORKERS": "2", "PYTHONUNBUFFERED": "1"}
    with serve(site):
        site.routes["/feed.xml"] = rss_page(site.url, [f"/n/{n}" for n in range(COUNT)])
        subprocess.run(newsdesk("source", "add", "--db", db, site.url + "/feed.xml"), env=env, check=True,
                       capture_output=True)
        args = newsdesk("run", "--db", db, "--once", "--no-analyze", "--log-format", "json")
        proc = subprocess.Popen(args, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
        assert proc.stderr is not None
        reported: list[str] = []
        for line in proc.stderr:
            event = json.loads(line)
            if event["event"] == "article.stored":
                reported.append(event["id"])
                if len(reported) == 10:
                    os.kill(proc.pid, signal.SIGKILL)
                    break
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        with open_store(db) as store:
            assert all(store.get(i) is not None for i in reported)
            first = store.count()
            assert 10 <= first < COUNT
            [source] = store.list_sources()
            assert source.last_fetch_at is None  # its check was never recorded: still due
        rerun = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
        events = [json.loads(line) for line in rerun.stderr.splitlines()]
        again = [e["id"] for e in events if e["event"] == "article.stored"]
        assert not set(again) & set(reported)
        assert not [e for e in events if e["event"] == "article.duplicate"]
        with open_store(db) as store:
            assert store.count() == COUNT == first + len(again)
            [source] = store.list_sources()
            assert source.last_fetch_at is not None and source.error_count == 0
        fetched = [p for p in site.paths() if p.startswith("/n/")]
        assert len(fetched) - COUNT <= 2 * 4  # only what was in flight at the kill is fetched again
