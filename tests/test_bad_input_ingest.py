"""Damaged archives and listings among good inputs: each one reported (one line naming it), the good
ones still stored, exit status 1; no warning of a third-party reader leaks onto stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_ingest_warc import write_warc
from warcio.archiveiterator import ArchiveIterator

from newsdesk.cli import cli
from newsdesk.errors import InputError
from newsdesk.ingest.feeds import parse_listing
from newsdesk.ingest.warc import warc_index, warc_pages
from newsdesk.settings import Settings
from newsdesk.store import open_store

SETTINGS = Settings.load(environ={})
PAGES = ["1", "2", "3", "latin", "notes.txt"]  # what write_warc's file holds


def _cut(path: Path, data: bytes, size: int) -> str:
    path.write_bytes(data[:size])
    return str(path)


def _outcomes(name: str) -> list[str]:
    return [f"{p.input}: {p.reason}" if isinstance(p, InputError) else (p.url or "")
            for p in warc_pages(name, SETTINGS)]


def test_a_plain_warc_file_cut_short_says_where(tmp_path: Path) -> None:
    """warcio ends quietly at a record whose header block the file's end cut off, and hands out a page
    cut short as if whole: the loss went unreported (or a partial page was stored)."""
    data = write_warc(tmp_path / "whole.warc", gzip=False).read_bytes()
    name = str(tmp_path / "cut.warc")
    _cut(tmp_path / "cut.warc", data, data.index(b"https://news.example.com/missing") + 10)
    assert _outcomes(name)[-1].startswith(f"{name}: truncated or corrupt WARC file")
    with pytest.raises(InputError, match="truncated or corrupt WARC file"):
        list(warc_index(name))
    _cut(tmp_path / "cut.warc", data, data.index(b"Harbour story 2</h1>"))
    assert _outcomes(name)[-1] == f"{name}#https://news.example.com/2: WARC record cut short (the file is truncated)"
    _cut(tmp_path / "cut.warc", data, data.index(b"\r\n\r\ngone") + 6)  # inside the 404 body: no page, last
    assert _outcomes(name)[-1] == f"{name}: truncated WARC file (its last record is cut short)"


def test_a_gzipped_warc_file_cut_inside_a_member_says_so(tmp_path: Path) -> None:
    data = write_warc(tmp_path / "whole.warc.gz").read_bytes()
    with (tmp_path / "whole.warc.gz").open("rb") as fh:
        archive = ArchiveIterator(fh)
        members = {archive.get_record_offset() for _ in archive}  # a cut there leaves whole records
    name = str(tmp_path / "cut.warc.gz")
    for size in range(60, len(data), 41):
        if size in members:
            continue
        _cut(tmp_path / "cut.warc.gz", data, size)
        outcomes = _outcomes(name)
        assert outcomes and outcomes[-1].startswith(name) and ": " in outcomes[-1], (size, outcomes)
        assert outcomes[:-1] == [f"https://news.example.com/{p}" for p in PAGES[:len(outcomes) - 1]]


def test_damaged_warcs_among_good_inputs(tmp_path: Path) -> None:
    good = write_warc(tmp_path / "good.warc.gz")
    plain = write_warc(tmp_path / "plain.warc", gzip=False).read_bytes()
    cut = _cut(tmp_path / "cut.warc", plain, plain.index(b"https://news.example.com/missing") + 10)  # in a header
    headless = tmp_path / "headless.warc"  # a record without WARC-Target-URI: warcio's AttributeError
    headless.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nshort\r\n\r\n")
    wrong_length = tmp_path / "length.warc"  # a Content-Length that does not fit: warcio wrote to stderr
    wrong_length.write_bytes(b"WARC/1.0\r\nWARC-Type: request\r\nWARC-Target-URI: http://x.example/\r\n"
                             b"Content-Length: 2\r\n\r\nlonger than two\r\n\r\n")
    page = tmp_path / "page.txt"
    page.write_text("A plain page about the harbour board.\n\n" + "The board met on Monday. " * 20)
    db = str(tmp_path / "n.db")
    result = CliRunner().invoke(cli, ["ingest", "--db", db, "--jsonl", "--no-analyze", str(good), cut, str(headless),
                                      str(wrong_length), str(page)])
    assert result.exit_code == 1, result.output
    assert result.stderr == ""  # --jsonl: every outcome on stdout, nothing else anywhere
    records = [json.loads(line) for line in result.stdout.splitlines()]
    errors = {r["input"]: r["error"] for r in records if "error" in r}
    assert errors.pop(cut).startswith("truncated or corrupt WARC file (")
    assert errors == {
        str(headless): "corrupt or truncated WARC file ('NoneType' object has no attribute 'startswith')",
        str(wrong_length): "corrupt WARC file (a record does not end where its Content-Length says)"}
    stored = [r["input"] for r in records if r.get("status") == "stored"]
    assert stored[:5] == [f"{good}#https://news.example.com/{p}" for p in PAGES] and stored[-1] == str(page)
    with open_store(db) as store:
        assert store.count() == 6  # the good file's five pages and the page; the cut file's are copies


def test_a_json_feed_nested_past_the_decoder_is_not_a_feed() -> None:
    """Was "internal error (RecursionError: ...)"."""
    with pytest.raises(InputError, match="JSON nested too deep"):
        parse_listing(b"[" * 100_000 + b"]" * 100_000, "https://example.com/feed.json", 1 << 20)
