"""What the operator meets at the command line while `newsdesk run` follows sources: a second monitor
on the same database, run by hand or by cron next to the service."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from test_monitor_support import LOOPBACK, Page, Site, article_page, serve

from newsdesk.cli import cli

MAIN = "from newsdesk.cli import main; main()"
ENV = {"NEWSDESK_ALLOWED_NETWORKS": LOOPBACK, "NEWSDESK_HOST_DELAY": "0", "NEWSDESK_DB": ""}


def test_a_second_monitor_on_one_sqlite_file_is_refused(tmp_path: Path) -> None:
    """`newsdesk run --once` next to a running `newsdesk run`: both checked every source and fetched every
    new article, each site asked twice and half the articles 'duplicate'. Now the second is refused in
    one line, fetching nothing; once the first is gone (even killed with -9) a monitor runs again."""
    db = str(tmp_path / "news.db")
    site = Site({f"/a/{n}": Page(article_page(n)) for n in range(3)})
    with serve(site):
        items = "".join(f"<item><link>{site.url}/a/{n}</link></item>" for n in range(3))
        site.routes["/feed.xml"] = Page(f'<rss version="2.0"><channel><title>T</title>{items}</channel></rss>')
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
            assert second.stderr == (f"newsdesk: error: {db}: another newsdesk run (pid {service.pid}) is monitoring "
                                     "this database; stop it first (two would fetch every site twice)\n")
            assert len(site.requests) == asked
        finally:
            service.send_signal(signal.SIGKILL)
            service.wait()
        again = runner.invoke(cli, ["run", "--db", db, "--once", "--all", "--no-analyze"], env=ENV)
        assert again.exit_code == 0, again.output
        assert len(site.requests) > asked
