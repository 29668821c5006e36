"""Bad settings, bad arguments and bad records at the command line: one line naming the input and
the reason, exit status 1, no traceback; what is stored stays."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import cli

PAGE = Path(__file__).resolve().parent.parent / "newsdesk" / "demo" / "cbs-kyiv-talks.txt"


def cli_error(args: list[str], env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsdesk: error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize(("name", "value"), [
    ("FETCH_TIMEOUT", "nan"), ("FETCH_TIMEOUT", "inf"), ("FETCH_TIMEOUT", "-1"), ("FETCH_TIMEOUT", "0"),
    ("MAX_INPUT_BYTES", "99999999999999999999999"), ("MAX_REDIRECTS", "-3"), ("HOST_DELAY", "nan"),
    ("DELIVERY_ATTEMPTS", "0"), ("ALERT_POLL_INTERVAL", "-0.5"), ("MAX_BACKOFF", "1e400"), ("SMTP_PORT", "70000"),
])
def test_a_setting_out_of_range_is_named_before_any_input_is_read(name: str, value: str) -> None:
    """Not "internal error (ValueError: Timeout value out of range)" at each fetch."""
    line = cli_error(["extract", "--jsonl", str(PAGE)], env={f"NEWSDESK_{name}": value})
    assert f"setting {name.lower()} wants a" in line and ", got " in line


def test_settings_at_their_edges_still_work() -> None:
    env = {"NEWSDESK_MAX_REDIRECTS": "0", "NEWSDESK_HOST_DELAY": "0", "NEWSDESK_FETCH_TIMEOUT": "0.001"}
    assert CliRunner().invoke(cli, ["extract", str(PAGE)], env=env).exit_code == 0


def _jsonl(tmp_path: Path) -> Path:
    good = b'{"id": "%s", "title": "Council budget", "text": "The council approved the new budget after a debate."}'
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join([
        b"\xef\xbb\xbf" + good % b"first",  # a byte-order mark opening the file
        b'{"id": "latin", "text": "caf\xe9 au lait"}',  # not UTF-8
        b"[" * 100_000 + b"]" * 100_000,  # nested past the JSON decoder's recursion
        b'{"id": "lone", "text": "a lone \\ud800 surrogate"}',  # valid JSON, not encodable
        b'{"id": "title", "text": "fine", "title": "\\udfff"}',
        good % b"last",
    ]) + b"\n")
    return path


ERRORS = [{"line": 2, "error": "not valid UTF-8 (invalid continuation byte at byte 28)"},
          {"line": 3, "error": "JSON nested too deep"},
          {"id": "lone", "line": 4, "error": "not valid Unicode (a lone surrogate at character 7)"},
          {"id": "title", "line": 5, "error": "not valid Unicode (a lone surrogate at character 0)"}]


@pytest.mark.parametrize("command", [["cluster", "--no-analyze"], ["analyze", "--workers", "1", "--no-events"]])
def test_bad_json_lines_are_reported_and_the_rest_processed(tmp_path: Path, command: list[str]) -> None:
    """Once a traceback that lost every line after it (UnicodeDecodeError, RecursionError, or the
    tokenizer's UnicodeEncodeError on a lone surrogate)."""
    result = CliRunner().invoke(cli, [*command, "--input-jsonl", str(_jsonl(tmp_path))])
    assert result.exit_code == 1, repr(result.exception)
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records if "error" not in r] == ["first", "last"]
    assert [r for r in records if "error" in r] == ERRORS


def test_an_opml_file_past_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    """It was read whole into memory, whatever its size."""
    opml = tmp_path / "big.opml"
    outlines = "".join(f'<outline type="rss" xmlUrl="https://e{n}.example.com/feed"/>' for n in range(500))
    opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>')
    db = str(tmp_path / "n.db")
    line = cli_error(["source", "import-opml", "--db", db, str(opml)], env={"NEWSDESK_MAX_INPUT_BYTES": "10000"})
    assert line == f"newsdesk: error: {opml}: larger than 10000 bytes"
    assert CliRunner().invoke(cli, ["source", "import-opml", "--db", db, str(opml)]).exit_code == 0
