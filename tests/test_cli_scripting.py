"""newsdesk as scripts run it (real processes: pipes, closed and full streams, locales, Ctrl-C):
the contract newsdesk/stdio.py states and docs/cli.md documents."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_web_support import seeded_store

from newsdesk.cli import cli

NEWSDESK = str(Path(sys.executable).parent / "newsdesk")
PAGES = Path(__file__).resolve().parent / "data" / "walk_extract"
PAGE = PAGES / "de_byline_dpa.html"  # non-ASCII text: "kündigt", "„…“"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("scripting") / "news.db"
    store, _ = seeded_store(path)
    store.close()
    return str(path)


def _commands(db: str) -> dict[str, list[str]]:
    """A command of each kind that prints to stdout: JSON lines, a JSON document, text, bytes."""
    return {
        "extract": ["extract", "--jsonl", str(PAGE)],
        "quotes": ["quotes", "--jsonl", "--db", db],
        "search": ["search", "--jsonl", "--db", db, "Kyiv"],
        "stories": ["stories", "--jsonl", "--db", db],
        "schema": ["schema"],
        "settings": ["settings"],
        "export-opml": ["source", "export-opml", "--db", db],  # bytes, through sys.stdout.buffer
        "export": ["export", "--db", db],  # said "-: cannot write (…)", its own handling of stdout
    }


KINDS = list(_commands(""))


def _run(args: list[str], stdout: object = subprocess.PIPE, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([NEWSDESK, *args], stdout=stdout, stderr=subprocess.PIPE, timeout=120,  # type: ignore[call-overload,no-any-return]
                          **kwargs)


@pytest.fixture(scope="module")
def sources(db: str) -> str:
    done = _run(["source", "add", "--db", db, "https://feeds.example.org/world.rss"])
    assert done.returncode == 0, done.stderr
    return db


@pytest.mark.parametrize("kind", KINDS)
def test_each_command_prints_something_to_begin_with(sources: str, kind: str) -> None:
    """What the tests below break must be there: each command writes to stdout, exit 0."""
    done = _run(_commands(sources)[kind])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    assert not done.stdout.startswith(b"\xef\xbb\xbf")  # no byte-order mark


@pytest.mark.parametrize("kind", KINDS)
def test_a_reader_that_stops_early_is_no_error(sources: str, kind: str) -> None:
    """`newsdesk quotes --jsonl | head -1`: exit 1 for every command but export (click's own handling
    of EPIPE), though the reader had what it wanted; export alone exited 0, as it should."""
    proc = subprocess.Popen([NEWSDESK, *_commands(sources)[kind]], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # gone before newsdesk writes its first line: that write meets EPIPE
    assert proc.wait(120) == 0
    assert proc.stderr.read() == b""  # no traceback, no "Exception ignored"


@pytest.mark.parametrize("kind", KINDS)
def test_stdout_on_a_full_disk_is_one_line_and_exit_1(sources: str, kind: str) -> None:
    """`newsdesk schema > /dev/full` ended in a traceback (OSError: No space left on device)."""
    with open("/dev/full", "wb") as full:
        done = _run(_commands(sources)[kind], stdout=full)
    assert done.returncode == 1
    assert done.stderr.decode().splitlines()[-1:] == [
        "newsdesk: error: standard output: cannot write (No space left on device)"]
    assert b"Traceback" not in done.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_a_closed_stdout_is_an_error_not_a_silent_success(sources: str, kind: str) -> None:
    """`newsdesk quotes --jsonl >&-` printed nothing and exited 0: a cron job never knew."""
    done = _run(_commands(sources)[kind], stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1))
    assert done.returncode == 1
    assert done.stderr.decode().splitlines()[-1:] == [
        "newsdesk: error: standard output: cannot write (Bad file descriptor)"]


def test_a_closed_stdin_is_an_empty_input() -> None:
    """`newsdesk extract --jsonl - <&-` said "internal error (AttributeError: 'NoneType' object has no
    attribute 'buffer')"."""
    done = _run(["extract", "--jsonl", "-"], stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(0))
    assert done.returncode == 1
    assert [json.loads(line) for line in done.stdout.splitlines()] == [{"input": "-", "error": "empty input"}]
    assert b"Traceback" not in done.stderr and done.stderr.count(b"\n") == 1


def test_json_lines_are_utf8_whatever_the_locale() -> None:
    """Under a Latin-1 locale (PYTHONIOENCODING stands in for one: this machine has only C and C.UTF-8)
    `extract --jsonl` died of UnicodeEncodeError at the first character Latin-1 lacks."""
    page = PAGES / "zh.html"
    expected = _run(["extract", "--jsonl", str(page)])
    assert expected.returncode == 0 and "\u4e2d" in expected.stdout.decode("utf-8")
    for env in ({"PYTHONIOENCODING": "latin-1"}, {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}):
        done = _run(["extract", "--jsonl", str(page)], env={**os.environ, "PYTHONIOENCODING": "", **env})
        assert done.returncode == 0, (env, done.stderr[-300:])
        assert done.stdout == expected.stdout  # the same UTF-8 bytes


def _analyze_many(tmp_path: Path) -> subprocess.Popen[bytes]:
    """``analyze --jsonl`` of the pages twelve times over (~600 KB of lines: more than a pipe holds, so it
    cannot end unread), in a session of its own whose SIGINT is the default, as Ctrl-C reaches the whole
    foreground group (the extraction child and the NLP workers too)."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(12):
        for page in PAGES.glob("*.html"):
            (pages / f"{n}-{page.name}").write_bytes(page.read_bytes())
    return subprocess.Popen([NEWSDESK, "analyze", "--jsonl", "--workers", "2", "--no-events", str(pages)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def test_ctrl_c_during_analyze_is_whole_lines_one_line_and_130(tmp_path: Path) -> None:
    """Ctrl-C said "Aborted!" after a blank line and exited 1 (a script could not tell it from a bad input)."""
    proc = _analyze_many(tmp_path)
    assert proc.stdout is not None
    # Interrupted once its first lines are out, whenever that is: it flaked under load when a deadline
    # passed first and the signal landed while it was still importing
    written = _read_lines(proc.stdout.fileno(), 3, timeout=600)
    assert proc.poll() is None, "analyze ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)
    rest, stderr = proc.communicate(timeout=600)
    written += rest
    assert proc.returncode == 130
    assert stderr.decode() == "newsdesk: interrupted\n"
    assert written.endswith(b"\n") and all(json.loads(line)["text"] for line in written.splitlines())


def test_ctrl_c_with_the_nlp_workers_idle_prints_no_traceback(tmp_path: Path) -> None:
    """A reader that stops reading: the pipe fills, the parent blocks writing and the NLP workers go
    idle, waiting for work; Ctrl-C then made each idle worker print a multiprocessing traceback."""
    proc = _analyze_many(tmp_path)
    assert proc.stdout is not None
    _read_lines(proc.stdout.fileno(), 3, timeout=600)
    _until_idle(proc, timeout=600)
    assert proc.poll() is None, "analyze ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 130
    assert stderr.decode() == "newsdesk: interrupted\n"


def _until_idle(proc: subprocess.Popen[bytes], timeout: float) -> None:
    """Wait until ``proc`` and its children use no CPU for a second (its stdout pipe left unread)."""
    def ticks() -> int:
        total = 0
        for pid in [proc.pid, *_children(proc.pid)]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total

    deadline = time.monotonic() + timeout
    last = ticks()
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = ticks()
        if now == last:
            return
        last = now
    raise AssertionError(f"still busy after {timeout} s")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found + [g for c in found for g in _children(c)]


def _read_lines(fd: int, count: int, timeout: float) -> bytes:
    """What the pipe ``fd`` gives until it has held ``count`` lines, waking only when data comes (or it
    ends); an AssertionError when none came for ``timeout`` seconds."""
    got = b""
    while got.count(b"\n") < count:
        ready, _, _ = select.select([fd], [], [], timeout)
        assert ready, f"no output for {timeout} s"
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        got += chunk
    return got


def test_with_jsonl_a_failure_is_also_one_line_on_stderr(tmp_path: Path) -> None:
    """With --jsonl the errors were lines on stdout alone: exit status 1 and an empty stderr, so a cron
    job's mail said nothing. stdout stays JSON lines only."""
    runner = CliRunner()
    done = runner.invoke(cli, ["extract", "--jsonl", str(PAGE), str(tmp_path / "gone.html")])
    assert done.exit_code == 1
    assert [sorted(json.loads(line))[:2] for line in done.stdout.splitlines()][1] == ["error", "input"]
    assert done.stderr == "newsdesk: error: 1 of 2 inputs failed (their lines on stdout say why)\n"
    dated = runner.invoke(cli, ["extract", "--jsonl", "--published", "soon", str(PAGE)])
    assert dated.exit_code == 1 and json.loads(dated.stdout)["input"] == "--published"
    assert dated.stderr.startswith("newsdesk: error: --published: not an ISO date") and dated.stderr.count("\n") == 1
    lines = tmp_path / "texts.jsonl"
    lines.write_text('{"id": "a", "text": "Officials met in Kyiv on Monday."}\n{"id": "b"}\n', encoding="utf-8")
    analyzed = runner.invoke(cli, ["analyze", "--input-jsonl", str(lines), "--workers", "1", "--no-events"])
    assert analyzed.exit_code == 1 and [json.loads(x)["id"] for x in analyzed.stdout.splitlines()] == ["a", "b"]
    assert analyzed.stderr == "newsdesk: error: 1 of 2 lines failed (their lines on stdout say why)\n"
    clustered = runner.invoke(cli, ["cluster", "--input-jsonl", str(lines), "--no-analyze"])
    assert clustered.exit_code == 1 and [json.loads(x)["id"] for x in clustered.stdout.splitlines()] == ["a", "b"]
    assert clustered.stderr == "newsdesk: error: 1 of 2 lines failed (their lines on stdout say why)\n"


def _every_command() -> list[list[str]]:
    import click

    def walk(command: click.Command, path: list[str]) -> list[list[str]]:
        found = [path]
        if isinstance(command, click.Group):
            for name in command.list_commands(click.Context(command)):
                sub = command.get_command(click.Context(command), name)
                assert sub is not None
                found += walk(sub, [*path, name])
        return found

    return walk(cli, [])


def test_every_command_has_help_and_refuses_an_unknown_option_with_the_hint() -> None:
    runner = CliRunner()
    for path in _every_command():
        helped = runner.invoke(cli, [*path, "--help"], env={"NO_COLOR": "1"}, prog_name="newsdesk")
        assert helped.exit_code == 0 and helped.stdout.startswith("Usage: "), path
        assert "\x1b" not in helped.output, path  # no ANSI codes off a terminal
        wrong = runner.invoke(cli, [*path, "--no-such-option"], prog_name="newsdesk")
        assert wrong.exit_code == 2 and wrong.stdout == "", path
        assert "Error: No such option '--no-such-option'" in wrong.stderr, path
        assert f"Try '{' '.join(['newsdesk', *path])} --help' for help." in wrong.stderr, path
