"""A hostile user's inputs to the command line (#21): each is one line naming the input and the
reason, a non-zero exit status, no traceback, and the good inputs beside it still go through."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.cli import cli
from newsdesk.errors import ConfigError
from newsdesk.pipeline import jsonl_lines, read_jsonl_articles
from newsdesk.settings import Settings

PAGE = (b"<html><head><title>Council approves new budget</title></head><body><article>"
        b"<h1>Council approves new budget</h1><p>The city council on Tuesday approved a new budget of 12 "
        b"million dollars for the coming year, after a long debate that ran late.</p><p>Critics said the "
        b"plan raised taxes too much and would hurt small businesses in the downtown area.</p>"
        b"</article></body></html>")


def _run(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), \
        result.exc_info
    return result.exit_code, result.stdout, result.stderr


# --- user add / token add -------------------------------------------------------------------

def test_a_password_not_in_utf8_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    code, _, err = _run("user", "add", "ada", "--db", db, "--password-stdin", input=b"caf\xe9-secret-pass\n")
    assert code == 1
    assert err == "newsdesk: error: user add ada: the password on stdin is not valid UTF-8\n"
    code, out, _ = _run("user", "list", "--db", db)
    assert "ada" not in out  # nothing saved


def test_a_password_keeps_no_windows_line_end(tmp_path: Path) -> None:
    from newsdesk.alerts.access import Access
    from newsdesk.alerts.store import AlertStore
    from newsdesk.store import open_store

    db = str(tmp_path / "n.db")
    # a process of its own: click's test runner reads stdin with universal newlines, a shell pipe does not
    done = subprocess.run([sys.executable, "-c", "from newsdesk.cli import main; main()", "user", "add", "ada",
                           "--db", db, "--password-stdin"], input=b"correct-horse\r\n", capture_output=True)
    assert done.returncode == 0, done.stderr
    with open_store(db) as store:
        access = Access(AlertStore(store), local=False)
        assert access.check_password("ada", "correct-horse")


@pytest.mark.parametrize(("kind", "name", "reason"), [
    ("user", "", "an empty name"),
    ("user", "  ", "an empty name"),
    ("user", "a\nb", "control character"),
    ("user", "ada:x", "':'"),
    ("token", "", "an empty name"),
    ("token", "ci\x01", "control character"),
])
def test_a_login_name_the_listing_or_login_cannot_hold_is_refused(tmp_path: Path, kind: str, name: str,
                                                                  reason: str) -> None:
    db = str(tmp_path / "n.db")
    extra = ("--password-stdin",) if kind == "user" else ()
    code, out, err = _run(kind, "add", name, "--db", db, *extra, input=b"correct-horse\n")
    assert code == 1 and out == ""
    assert err.startswith("newsdesk: error: ") and err.count("\n") == 1 and reason in err
    _, listed, _ = _run(kind, "list", "--db", db)
    assert listed == ""


def test_a_plain_login_name_still_goes_in(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    assert _run("user", "add", "Ada Lovelace", "--db", db, "--password-stdin", input=b"correct-horse\n")[0] == 0
    assert _run("token", "add", "ci-bot", "--db", db)[0] == 0


# --- settings ---------------------------------------------------------------------------------

@pytest.mark.parametrize("agent", ["newsdesk\nX-Injected: 1", "nouvelles/1.0 (café)"])
def test_a_user_agent_no_http_header_can_carry_is_refused_at_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                                  agent: str) -> None:
    with pytest.raises(ConfigError, match="user_agent"):
        Settings.load({"NEWSDESK_USER_AGENT": agent})
    page = tmp_path / "p.html"
    page.write_bytes(PAGE)
    monkeypatch.setenv("NEWSDESK_USER_AGENT", agent)
    code, out, err = _run("extract", "--jsonl", str(page))
    assert code == 1 and out == ""
    assert err.startswith("newsdesk: error: setting user_agent wants printable ASCII") and err.count("\n") == 1


def test_a_plain_user_agent_is_kept() -> None:
    assert Settings.load({"NEWSDESK_USER_AGENT": "mybot/2.0 (+https://example.org/bot)"}).user_agent.startswith(
        "mybot/2.0")


# --- JSON lines: a line too long to hold ---------------------------------------------------

def test_a_line_over_max_input_bytes_is_its_error_and_is_not_held() -> None:
    good = json.dumps({"id": "ok", "text": "The mayor said yes."}).encode() + b"\n"
    file = io.BytesIO(b"x" * 5000 + b"\n" + good + b"y" * 3000)  # the last line has no end
    lines = list(jsonl_lines(file, 1000))
    assert [type(line).__name__ for line in lines] == ["InputError", "bytes", "InputError"]
    outcomes = list(read_jsonl_articles(lines))
    assert outcomes[0].error is not None and outcomes[0].input == "line 1"
    assert outcomes[0].error.reason == "a line larger than 1000 bytes (max_input_bytes)"
    assert outcomes[1].article is not None and outcomes[1].article.id == "ok"
    assert outcomes[2].error is not None and outcomes[2].line == 3


def test_a_line_of_exactly_the_limit_is_read() -> None:
    line = json.dumps({"id": "a", "text": "x" * 50}).encode()
    assert list(jsonl_lines(io.BytesIO(line + b"\n"), len(line))) == [line + b"\n"]
    assert list(jsonl_lines(io.BytesIO(line), len(line))) == [line]


@pytest.mark.parametrize("command", [["cluster", "--no-analyze"]])
def test_cluster_refuses_a_huge_line_and_goes_on(monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    monkeypatch.setenv("NEWSDESK_MAX_INPUT_BYTES", "10000")
    data = b'{"id": "big", "text": "' + b"word " * 5000 + b'"}\n' + \
        json.dumps({"id": "ok", "text": "The council approved the budget on Tuesday."}).encode() + b"\n"
    code, out, err = _run(*command, "--input-jsonl", "-", input=data)
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert lines[0] == {"line": 1, "error": "a line larger than 10000 bytes (max_input_bytes)"}
    assert lines[1]["id"] == "ok" and lines[1]["status"] == "new"
    assert err == "newsdesk: error: 1 of 2 lines failed (their lines on stdout say why)\n"


# --- WARC files damaged ------------------------------------------------------------------------

def _warc(pages: int = 3) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for i in range(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"http://example.com/n/{i}.html", "response",
                                                      payload=io.BytesIO(PAGE.replace(b"12", str(i).encode())),
                                                      http_headers=headers))
    return buf.getvalue()


def test_a_warc_gz_member_damaged_at_its_start_is_no_binary_quote(tmp_path: Path) -> None:
    members = [gzip.compress(_warc(1).replace(b"/n/0", f"/n/{i}".encode())) for i in range(3)]
    broken = bytearray(members[1])
    broken[:12] = bytes(b ^ 0x55 for b in broken[:12])  # its gzip header: warcio read the bytes as a record
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(members[0] + bytes(broken) + members[2])
    code, out, _ = _run("extract", "--jsonl", str(path))
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and records[0]["input"].endswith("#http://example.com/n/0.html") and "text" in records[0]
    (error,) = [r["error"] for r in records if "error" in r]
    assert error.isascii() and error.isprintable(), error
    assert "corrupt or truncated WARC file" in error and "binary data" in error
