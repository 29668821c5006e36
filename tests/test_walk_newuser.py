"""A new user's walk through README, docs and every command: what each said that misled (#2, #5, #7, #8)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_web_support import seeded_store

from newsdesk.alerts.store import AlertStore
from newsdesk.cli import cli
from newsdesk.commands.run import listen
from newsdesk.store import open_store


@pytest.mark.parametrize(("typed", "meant"), [("serach", "search"), ("stroies", "stories"), ("wacth", "watch"),
                                              ("extrct", "extract")])
def test_a_mistyped_command_is_matched_against_every_command(typed: str, meant: str) -> None:
    """The commands loaded on demand were left out of click's guess: ``newsdesk serach`` offered 'extract'."""
    done = CliRunner().invoke(cli, [typed, "x"], prog_name="newsdesk")
    assert done.exit_code == 2 and done.stdout == ""
    assert done.stderr.splitlines()[-1] == f"Error: No such command '{typed}'. Did you mean '{meant}'?"
    assert "Try 'newsdesk --help' for help." in done.stderr


def test_a_command_like_no_other_gets_no_guess() -> None:
    done = CliRunner().invoke(cli, ["frobnicate"])
    assert done.exit_code == 2 and done.stderr.splitlines()[-1] == "Error: No such command 'frobnicate'."


def test_demo_on_port_0_says_the_port_it_serves_on(tmp_path: Path) -> None:
    """``newsdesk demo --port 0`` said "open http://127.0.0.1:0/" while it served on another port."""
    env = {**os.environ, "NEWSDESK_HOME": str(tmp_path)}
    proc = subprocess.Popen([str(Path(sys.executable).parent / "newsdesk"), "demo", "--port", "0", "--no-analyze",
                             "--db", str(tmp_path / "demo.db")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stderr is not None
        said = ""
        deadline = time.monotonic() + 120
        while "open http://" not in said and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            said += line
        found = re.search(r"open http://127\.0\.0\.1:(\d+)/", said)
        assert found is not None, said
        port = int(found.group(1))
        assert port != 0
        for _ in range(200):  # the page answers on that very port once the service is up
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    assert page.status == 200
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(f"nothing served on the port said ({port})")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)


def test_user_add_without_a_terminal_says_to_use_password_stdin(tmp_path: Path) -> None:
    """From a script the prompt read nothing: a GetPassWarning, "password: Aborted!", exit 1."""
    db = str(tmp_path / "news.db")
    done = CliRunner().invoke(cli, ["user", "add", "ada", "--db", db], input="")
    assert done.exit_code == 1 and done.stdout == ""
    assert done.stderr == ("newsdesk: error: user add ada: no terminal to ask the password on; give it on stdin "
                           "with --password-stdin\n")
    piped = CliRunner().invoke(cli, ["user", "add", "ada", "--db", db, "--password-stdin"],
                               input="correct horse battery\n")
    assert piped.exit_code == 0 and piped.stderr == "account ada saved\n"


def _watch(runner: CliRunner, db: str, query: str) -> str:
    added = runner.invoke(cli, ["watch", "add", query, "--atom", "--db", db])
    assert added.exit_code == 0, added.stderr
    return str(json.loads(added.stdout)["id"])


def test_a_watch_id_shortened_below_4_digits_says_so(tmp_path: Path) -> None:
    """"ID may be shortened to a unique prefix", but fewer than 4 digits after the w said "no watch with
    id" of a watch whose id starts so; too short to be meant as an id (remove w would take the only
    watch), it now says how long a prefix must be, and one of 4 digits finds it."""
    db = str(tmp_path / "news.db")
    runner = CliRunner()
    first = _watch(runner, db, "kyiv")
    for short in (first[:1], first[:2], first[:4]):
        said = runner.invoke(cli, ["watch", "pause", short, "--db", db])
        assert said.exit_code == 1 and said.stderr == (f"newsdesk: error: id {short} is too short: give at least 4 "
                                                      "digits after the w (see: newsdesk watch list)\n")
    paused = runner.invoke(cli, ["watch", "pause", first[:5], "--db", db])
    assert paused.exit_code == 0 and paused.stderr == f"paused {first}\n"
    with open_store(db) as store:
        watch = AlertStore(store).watch(first)
        assert watch is not None and watch.options.paused


def test_source_add_on_this_machine_says_run_will_refuse_it(tmp_path: Path) -> None:
    """A loopback feed was added without a word; every check then failed "refused: … private address"."""
    db = str(tmp_path / "news.db")
    runner = CliRunner()
    env = {"NEWSDESK_ALLOWED_NETWORKS": ""}
    done = runner.invoke(cli, ["source", "add", "http://127.0.0.1:8001/feed.xml", "http://localhost:8002/rss",
                               "https://example.org/rss", "--db", db], env=env)
    assert done.exit_code == 0
    assert done.stdout.splitlines() == ["added: 1 feed http://127.0.0.1:8001/feed.xml",
                                        "added: 2 feed http://localhost:8002/rss",
                                        "added: 3 feed https://example.org/rss"]
    note = ("newsdesk: note: {}: 127.0.0.1 is a private address, which newsdesk run refuses unless allowed "
            "(NEWSDESK_ALLOWED_NETWORKS=127.0.0.0/8 newsdesk run)")
    assert done.stderr.splitlines() == [note.format("http://127.0.0.1:8001/feed.xml"),
                                        note.format("http://localhost:8002/rss")]
    allowed = runner.invoke(cli, ["source", "add", "http://127.0.0.1:8003/feed.xml", "--db", db],
                            env={"NEWSDESK_ALLOWED_NETWORKS": "127.0.0.0/8"})
    assert allowed.exit_code == 0 and allowed.stderr == ""


def test_source_add_of_a_url_without_its_scheme_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``source add feeds.bbci.co.uk/news/world/rss.xml`` said only "no such file or folder"."""
    monkeypatch.chdir(tmp_path)
    db = str(tmp_path / "news.db")
    done = CliRunner().invoke(cli, ["source", "add", "feeds.bbci.co.uk/news/world/rss.xml", "www.bbc.co.uk",
                                    "news.html", "--db", db])
    assert done.exit_code == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "newsdesk: error: feeds.bbci.co.uk/news/world/rss.xml: no such file or folder (a URL starts with http:// "
        "or https://)",
        "newsdesk: error: www.bbc.co.uk: no such file or folder (a URL starts with http:// or https://)",
        "newsdesk: error: news.html: no such file or folder"]


def test_story_jsonl_alone_says_what_it_goes_with(tmp_path: Path) -> None:
    """``story ID --jsonl`` said "give one of --move ARTICLE (with --to) or --merge OTHER"."""
    db = str(tmp_path / "news.db")
    store, _ = seeded_store(Path(db))
    story_id = store.stories(limit=1)[0].id
    store.close()
    runner = CliRunner()
    done = runner.invoke(cli, ["story", story_id, "--jsonl", "--db", db])
    assert done.exit_code == 1 and done.stdout == ""
    assert done.stderr == ("newsdesk: error: --jsonl goes with --move, --merge, --undo or --edits; the story itself "
                           "is JSON without it\n")
    shown = runner.invoke(cli, ["story", story_id, "--db", db])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["id"] == story_id


def test_watch_add_with_a_receiver_on_this_machine_says_run_will_refuse_it(tmp_path: Path) -> None:
    """A loopback webhook was stored without a word; every delivery then failed in the outbox alone."""
    db = str(tmp_path / "news.db")
    runner = CliRunner()
    done = runner.invoke(cli, ["watch", "add", "kyiv", "--webhook", "http://127.0.0.1:9/hook", "--ntfy", "alerts",
                               "--slack", "https://hooks.slack.com/services/T0/B0/X", "--db", db],
                         env={"NEWSDESK_ALLOWED_NETWORKS": ""})
    assert done.exit_code == 0 and json.loads(done.stdout)["query"] == "kyiv"
    assert done.stderr == ("note: http://127.0.0.1:9/hook: 127.0.0.1 is a private address, which newsdesk run "
                           "refuses unless allowed (NEWSDESK_ALLOWED_NETWORKS=127.0.0.0/8 newsdesk run)\n")
    allowed = runner.invoke(cli, ["watch", "add", "kyiv", "--webhook", "http://127.0.0.1:9/hook", "--db", db],
                            env={"NEWSDESK_ALLOWED_NETWORKS": "127.0.0.0/8"})
    assert allowed.exit_code == 0 and allowed.stderr == ""


def test_an_opml_round_trip_leaves_an_untitled_source_untitled(tmp_path: Path) -> None:
    """export-opml writes an untitled feed's URL as its title; import-opml made that URL its name for good
    (``source list`` showed the URL twice, and the feed's own title was never taken)."""
    runner = CliRunner()
    first, second = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    opml = str(tmp_path / "mine.opml")
    assert runner.invoke(cli, ["source", "add", "https://example.org/rss", "--db", first]).exit_code == 0
    assert runner.invoke(cli, ["source", "add", "https://example.org/world.xml", "--title", "World", "--db", first]
                         ).exit_code == 0
    assert runner.invoke(cli, ["source", "export-opml", "--output", opml, "--db", first]).exit_code == 0
    imported = runner.invoke(cli, ["source", "import-opml", opml, "--db", second])
    assert imported.exit_code == 0 and imported.stdout == "2 added, 0 already there, 0 refused\n"
    with open_store(second) as store:
        titles = {s.url: s.title for s in store.list_sources()}
    assert titles == {"https://example.org/rss": None, "https://example.org/world.xml": "World"}


@pytest.mark.parametrize(("args", "said"), [
    ([], "nothing to analyze: give INPUT... or --input-jsonl FILE"),
    (["page.html", "--input-jsonl", "-"], "give INPUT... or --input-jsonl FILE, not both")])
def test_analyze_without_its_input_is_a_usage_error(args: list[str], said: str) -> None:
    """docs/cli.md: a missing argument is a usage error, exit status 2 with the hint to --help (it was 1)."""
    done = CliRunner().invoke(cli, ["analyze", *args], input="", prog_name="newsdesk")
    assert done.exit_code == 2 and done.stdout == ""
    assert done.stderr.splitlines() == ["Usage: newsdesk analyze [OPTIONS] INPUT...",
                                        "Try 'newsdesk analyze --help' for help.", "", f"Error: {said}"]


def test_the_service_address_takes_connections_as_soon_as_it_is_said() -> None:
    """``run.started`` (and demo's "open http://…") named an address that refused connections until the
    model had loaded and the server had started: seconds of "Unable to connect" for whoever opened it."""
    sock = listen("127.0.0.1", 0)
    try:
        with socket.create_connection(sock.getsockname()[:2], timeout=5):
            pass  # the handshake is done by the kernel; the request waits for the server
    finally:
        sock.close()


@pytest.mark.parametrize(("command", "what"), [(["quotes"], "quotes"), (["events"], "events"),
                                               (["entities"], "entities"), (["search", "kyiv"], "articles")])
def test_a_listing_of_an_empty_database_says_nothing_is_stored(tmp_path: Path, command: list[str],
                                                                what: str) -> None:
    """A new database answered "no matching quotes", as if the filters were too narrow."""
    empty, seeded = str(tmp_path / "empty.db"), tmp_path / "news.db"
    open_store(empty).close()
    runner = CliRunner()
    done = runner.invoke(cli, [*command, "--db", empty])
    assert done.exit_code == 0 and done.stdout == ""
    assert done.stderr == ("no articles stored yet: store some with newsdesk ingest PAGE, newsdesk source add URL "
                           "and newsdesk run, or newsdesk demo\n")
    assert runner.invoke(cli, [*command, "--db", empty, "--jsonl"]).stderr == ""  # JSON lines: nothing at all
    seeded_store(seeded)[0].close()
    words = ["--party", "zzzqqq"] if what == "events" else ["zzzqqq"]  # events' argument is a TYPE
    narrow = runner.invoke(cli, [*command, *words, "--db", str(seeded)])
    assert narrow.exit_code == 0 and narrow.stdout == "" and narrow.stderr == f"no matching {what}\n"
