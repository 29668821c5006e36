"""What a new user meets at the command line: messages that say what is the case."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_web_support import article, seeded_store

from newsdesk.cli import cli
from newsdesk.store import open_store


def test_stories_past_the_last_one_is_not_none_yet(tmp_path: Path) -> None:
    """``stories --offset`` past the end said "no stories yet" over a store holding stories."""
    db = str(tmp_path / "news.db")
    store, _ = seeded_store(Path(db))
    store.close()
    runner = CliRunner()
    listed = runner.invoke(cli, ["stories", "--db", db])
    assert listed.exit_code == 0 and len(listed.stdout.splitlines()) == 2
    past = runner.invoke(cli, ["stories", "--db", db, "--offset", "5"])
    assert past.exit_code == 0 and past.stdout == "" and past.stderr == "no stories past the first 5\n"
    open_store(str(tmp_path / "empty.db")).close()
    empty = runner.invoke(cli, ["stories", "--db", str(tmp_path / "empty.db")])
    assert empty.stderr == "no stories yet\n"


@pytest.mark.parametrize("command", [["stories"], ["story", "s1"], ["search", "kyiv"], ["show", "a1"], ["export"]])
def test_a_reading_command_refuses_a_database_that_is_not_there(tmp_path: Path, command: list[str]) -> None:
    """A mistyped --db made an empty database and reported nothing found, exit 0."""
    missing = tmp_path / "nwes.db"
    done = CliRunner().invoke(cli, [*command, "--db", str(missing)])
    assert done.exit_code == 1 and done.stdout == ""
    assert done.stderr == f"newsdesk: error: {missing}: no database there (newsdesk ingest, run or demo makes one)\n"
    assert not missing.exists()


def test_demo_says_a_port_in_use_before_loading_anything(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["demo", "--db", db, "--port", str(port), "--no-analyze"])
    assert result.exit_code == 1
    assert result.stderr == (f"newsdesk: error: cannot listen on 127.0.0.1:{port} (address already in use; "
                             "another newsdesk run or demo? give --port N)\n")
    assert not Path(db).exists()



def test_export_into_a_reader_that_stops_early_is_no_error(tmp_path: Path) -> None:
    """``newsdesk export | head`` printed "newsdesk: error: -: cannot write (Broken pipe)" and exit 1."""
    db = str(tmp_path / "news.db")
    with open_store(db) as store:
        for n in range(40):  # ~160 KB of JSON lines: more than a pipe holds
            store.put(article(f"https://example.com/{n}", "Example", "2024-05-01", f"Story {n}",
                              f"Story {n} says this. " * 200))
    proc = subprocess.Popen([str(Path(sys.executable).parent / "newsdesk"), "export", "--db", db],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(8) == b'{"id": "'
    proc.stdout.close()
    assert proc.wait(60) == 0
    assert proc.stderr.read() == b""


def test_run_says_it_started_before_noting_it_has_no_sources(tmp_path: Path) -> None:
    """'run.idle' came before 'run.started'."""
    result = CliRunner().invoke(cli, ["run", "--db", str(tmp_path / "n.db"), "--once", "--no-analyze",
                                      "--log-format", "json"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line)["event"] for line in result.stderr.splitlines()]
    assert events[:2] == ["run.started", "run.idle"] and events[-1] == "run.stopped"


def test_a_name_resolving_to_ipv6_first_is_listened_on_over_ipv4(monkeypatch: pytest.MonkeyPatch) -> None:
    # where "localhost" resolves to ::1 first, run --host localhost listened on ::1 alone and clients of
    # 127.0.0.1 found nothing; uvicorn binds a name over IPv4. (The resolver's order is set here: this
    # machine's resolves to 127.0.0.1 only.)
    from newsdesk.commands.run import listen
    real = socket.getaddrinfo

    def ipv6_first(host: str, port: int, *args: object, **kwargs: object) -> list:  # type: ignore[type-arg]
        v4 = real("127.0.0.1", port, *args, **kwargs)  # type: ignore[arg-type]
        v6 = [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::1", port, 0, 0))]
        return v6 + v4 if host == "localhost" else real(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", ipv6_first)
    sock = listen("localhost", 0)
    try:
        assert sock.family == socket.AF_INET and sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()


def test_run_with_no_sources_points_to_the_sources_page_when_it_serves_one(tmp_path: Path) -> None:
    once = CliRunner().invoke(cli, ["run", "--db", str(tmp_path / "n.db"), "--once", "--no-analyze",
                                    "--log-format", "json"])
    notes = [json.loads(line).get("note") for line in once.stderr.splitlines() if '"run.idle"' in line]
    assert notes == ["no sources yet: add some with newsdesk source add URL"]  # no page without a server
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen([str(Path(sys.executable).parent / "newsdesk"), "run", "--db", str(tmp_path / "m.db"),
                             "--port", str(port), "--no-analyze", "--log-format", "json"],
                            stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    try:
        first = [json.loads(proc.stderr.readline()) for _ in range(2)]  # run.started, then the note
        assert first[1]["event"] == "run.idle" and first[1]["note"] == (
            f"no sources yet: add some with newsdesk source add URL or on http://127.0.0.1:{port}/sources")
    finally:
        proc.terminate()
        proc.wait(30)
