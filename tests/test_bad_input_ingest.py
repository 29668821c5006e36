"""Damaged archives and listings among good inputs: each one reported (one line naming it), the good
ones still stored, exit status 1; no warning of a third-party reader leaks onto stderr."""

from __future__ import annotations

import gzip
import io
import json
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import brotli
import pytest
from click.testing import CliRunner
from test_ingest_warc import write_warc
from test_monitor_support import article_page
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.cli import cli
from newsdesk.errors import InputError
from newsdesk.ingest import bodies
from newsdesk.ingest.feeds import parse_listing
from newsdesk.ingest.warc import read_record, warc_index, warc_pages
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
    assert _outcomes(name)[-1] == (f"{name}#https://news.example.com/2: WARC record cut short (the file ends before "
                                   "its Content-Length does: a truncated file, or a wrong length)")
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
    # --jsonl: every outcome on stdout; stderr only the count a cron job mails, no reader's warning
    assert re.fullmatch(r"newsdesk: error: \d+ of \d+ inputs failed \(their lines on stdout say why\)\n", result.stderr)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    errors = {r["input"]: r["error"] for r in records if "error" in r}
    assert errors.pop(cut).startswith("truncated or corrupt WARC file (")
    assert errors == {
        str(headless): "corrupt or truncated WARC file (a request or response record without a WARC-Target-URI "
                       "header)",
        str(wrong_length): "corrupt WARC file (the record at byte 0 does not end where its Content-Length says)"}
    stored = [r["input"] for r in records if r.get("status") == "stored"]
    assert stored[:5] == [f"{good}#https://news.example.com/{p}" for p in PAGES] and stored[-1] == str(page)
    with open_store(db) as store:
        assert store.count() == 6  # the good file's five pages and the page; the cut file's are copies


def _misstated(path: Path, url: str, delta: int, *, gz: bool) -> str:
    """write_warc's file, with the Content-Length of URL's response off by ``delta``."""
    data = write_warc(path.with_name("source.warc"), gzip=False).read_bytes()
    starts = [m.start() for m in re.finditer(rb"(?m)^WARC/1\.0\r\n", data)]
    records = [data[a:b] for a, b in zip(starts, [*starts[1:], len(data)], strict=True)]
    for n, record in enumerate(records):
        if f"WARC-Target-URI: {url}\r\n".encode() in record and b"WARC-Type: response" in record:
            length = re.search(rb"Content-Length: (\d+)", record)
            assert length is not None
            records[n] = record.replace(length[0], b"Content-Length: %d" % (int(length[1]) + delta))
    path.write_bytes(b"".join(gzip.compress(r) for r in records) if gz else b"".join(records))
    return str(path)


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("delta", [-30, -1, 1, 3, 30])
def test_a_record_whose_content_length_is_wrong_is_refused_whole(tmp_path: Path, gz: bool, delta: int) -> None:
    """Was: a Content-Length shorter than the body gave the page without its end (stored, the file
    reported only once it was over); a longer one gave the page with the next record's start in it."""
    name = _misstated(tmp_path / ("bad.warc.gz" if gz else "bad.warc"), "https://news.example.com/2", delta, gz=gz)
    outcomes = _outcomes(name)
    damaged = f"{name}#https://news.example.com/2: damaged WARC record at byte "
    assert outcomes[0] == "https://news.example.com/1" and outcomes[1].startswith(damaged), outcomes
    assert outcomes[1].endswith("(it does not end where its Content-Length says)")
    offset = int(outcomes[1][len(damaged):].split()[0])
    if gz or delta < 4:  # warcio finds the next record again: the rest comes out whole
        assert outcomes[2:] == [f"https://news.example.com/{p}" for p in PAGES[2:]]
    else:  # the body took in the next record's start: the file breaks off there
        assert len(outcomes) == 3 and outcomes[2].startswith(f"{name}: corrupt or truncated WARC file")
        return
    index = list(warc_index(name))  # the backfill's way: the index, then each record by its offset
    assert [e.url for e in index] == [f"https://news.example.com/{p}" for p in PAGES]
    assert index[1].offset == offset
    with pytest.raises(InputError, match=f"damaged WARC record at byte {offset} "):
        read_record(index[1], SETTINGS)
    assert "Harbour story 3" in read_record(index[2], SETTINGS).content


def test_a_misstated_record_among_good_inputs_is_never_stored(tmp_path: Path) -> None:
    short = _misstated(tmp_path / "short.warc", "https://news.example.com/2", -30, gz=False)
    long = _misstated(tmp_path / "long.warc.gz", "https://news.example.com/3", 30, gz=True)
    huge = _misstated(tmp_path / "huge.warc", "https://news.example.com/2", 10**12, gz=False)
    db = str(tmp_path / "n.db")
    result = CliRunner().invoke(cli, ["ingest", "--db", db, "--jsonl", "--no-analyze", short, long, huge])
    assert result.exit_code == 1, result.output
    assert re.fullmatch(r"newsdesk: error: \d+ of \d+ inputs failed \(their lines on stdout say why\)\n", result.stderr)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    errors = {r["input"]: r["error"] for r in records if "error" in r}
    assert errors.keys() == {f"{short}#https://news.example.com/2", f"{long}#https://news.example.com/3",
                             f"{huge}#https://news.example.com/2"}
    assert errors[f"{huge}#https://news.example.com/2"].startswith("WARC record cut short (the file ends before")
    with open_store(db) as store:
        assert store.count() == 5  # 1, 3, latin, notes.txt from short.warc; 2 from long.warc.gz; the rest copies
        articles = list(store.articles())
    assert all(a.text.endswith(("before the vote.", "Plain notes.")) for a in articles), [a.text[-9:] for a in articles]


@pytest.mark.parametrize("headers", [b"X-Pad: " + b"a" * (3 << 20) + b"\r\n", b"X: y\r\n" * 400_000])
def test_a_record_with_headers_past_a_megabyte_is_refused_in_bounded_time(tmp_path: Path, headers: bytes) -> None:
    """warcio read a header line whole, in quadratic time (100 MB: minutes), and kept every header
    line (five million: 800 MB); the header block of a real record is a few KB."""
    path = tmp_path / "headers.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: resource\r\n" + headers + b"Content-Length: 0\r\n\r\n\r\n\r\n")
    assert _outcomes(str(path)) == [f"{path}: corrupt or truncated WARC file (a record whose header lines run past "
                                    "1048576 bytes)"]


def test_many_records_of_headers_alone_are_read(tmp_path: Path) -> None:
    """The header budget is per record: a long run of records read by their header lines only
    (requests, revisits, metadata) is no header block past the limit."""
    record = (b"WARC/1.0\r\nWARC-Type: request\r\nWARC-Target-URI: https://news.example.com/%d\r\n"
              b"X-Pad: " + b"p" * 400 + b"\r\nContent-Length: 0\r\n\r\n\r\n\r\n")
    path = tmp_path / "requests.warc"
    pages = write_warc(tmp_path / "pages.warc", gzip=False).read_bytes()
    path.write_bytes(b"".join(record % n for n in range(5000)) + pages)
    assert _outcomes(str(path)) == [f"https://news.example.com/{p}" for p in PAGES]


def _encoded(path: Path, payloads: dict[str, tuple[bytes, dict[str, str]]]) -> str:
    """A WARC file of one HTML response per URL: its payload as stored, with extra HTTP headers."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        for url, (payload, extra) in payloads.items():
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), *extra.items()], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                          http_headers=headers))
    return str(path)


def test_encoded_payloads_are_decoded_whole_or_refused(tmp_path: Path) -> None:
    """warcio's brotli decoder failed on every record ("corrupt WARC record ('brotli.Decompressor'
    object has no attribute 'unused_data')"), and a gzip payload damaged past its first 16 KB
    went to stderr and came out cut short, as if whole: stored without its end."""
    page = article_page(1).encode()
    rng = random.Random(5)
    words = ("harbour", "board", "met", "Monday", "wall", "sea", "vote", "plans", "council", "residents")
    long = ("<html><body><article><h1>Harbour</h1>" + "".join(
        f"<p>Paragraph {k}: {' '.join(rng.choice(words) for _ in range(40))}.</p>" for k in range(1500))
        + "</article></body></html>").encode()
    damaged = bytearray(gzip.compress(long))
    assert len(damaged) > 40_000
    for i in range(len(damaged) - 3000, len(damaged) - 2960):
        damaged[i] ^= 0x55
    packed = gzip.compress(page)
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (packed[:100], packed[100:])) + b"0\r\n\r\n"
    name = _encoded(tmp_path / "encoded.warc", {
        "https://e.com/br": (brotli.compress(page), {"Content-Encoding": "br"}),
        "https://e.com/gzip-damaged": (bytes(damaged), {"Content-Encoding": "gzip"}),
        "https://e.com/br-bomb": (brotli.compress(b"<p>" + b"a" * (50 << 20)), {"Content-Encoding": "br"}),
        "https://e.com/stored-decoded": (page, {"Content-Encoding": "gzip"}),  # taken as it is, as warcio did
        "https://e.com/charset-named": (page, {"Content-Encoding": "utf-8"}),
        "https://e.com/chunked-gzip": (chunked, {"Transfer-Encoding": "chunked", "Content-Encoding": "gzip"}),
    })
    pages = {p.input: p for p in warc_pages(name, Settings.load(environ={}, max_input_bytes=5_000_000))}
    errors = {key.split("#")[1]: p.reason for key, p in pages.items() if isinstance(p, InputError)}
    assert errors == {"https://e.com/gzip-damaged": "corrupt gzip body (Error -3 while decompressing data: "
                                                    "incorrect data check)",
                      "https://e.com/br-bomb": "larger than 5000000 bytes once decoded"}
    texts = [p.content for p in pages.values() if not isinstance(p, InputError)]
    assert len(texts) == 4 and all(text == page.decode() for text in texts)


def test_an_encoded_payload_is_decoded_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The payload's first block was decoded twice: once to test its declared encoding, once for real.
    Counted on the real decoder (a spy that passes every call on), the same page out."""
    rng = random.Random(7)
    words = ("harbour", "board", "met", "Monday", "wall", "sea", "vote", "plans", "council", "residents")
    long = ("<html><body><article><h1>Harbour</h1>" + "".join(
        f"<p>Paragraph {k}: {' '.join(rng.choice(words) for _ in range(40))}.</p>" for k in range(1500))
        + "</article></body></html>").encode()
    packed = gzip.compress(long)
    assert len(packed) > 2 * 16384  # more than one block
    name = _encoded(tmp_path / "gzip.warc", {"https://e.com/gzip": (packed, {"Content-Encoding": "gzip"})})
    fed = []
    feed = bodies._Zlib.feed

    def counted(self: Any, data: bytes, room: int) -> bytes:
        fed.append(len(data))
        return feed(self, data, room)

    monkeypatch.setattr(bodies._Zlib, "feed", counted)
    pages = list(warc_pages(name, Settings.load(environ={})))
    assert [p.content for p in pages] == [long.decode()]  # type: ignore[union-attr]
    assert sum(fed) == len(packed)  # each byte once


def test_damage_inside_a_gzip_member_is_reported_with_what_it_costs(tmp_path: Path, capfd: pytest.CaptureFixture[str]
                                                                   ) -> None:
    """warcio wrote the zlib error to stderr and went on with nothing for the damaged block: the page
    came out "cut short" (blaming the file's end) and the records after it vanished without a word."""
    rng = random.Random(5)
    words = ("harbour", "board", "met", "Monday", "wall", "sea", "vote", "plans", "council", "residents")
    long = ("<html><body><article><h1>Harbour</h1>" + "".join(
        f"<p>Paragraph {k}: {' '.join(rng.choice(words) for _ in range(40))}.</p>" for k in range(1500))
        + "</article></body></html>").encode()
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, body in (("https://e.com/long", long), ("https://e.com/after", article_page(2).encode())):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    data = bytearray(buffer.getvalue())
    second = data.index(b"\x1f\x8b\x08", 10)  # where the second record's member starts
    assert second > 40_000
    for i in range(second - 3000, second - 2960):
        data[i] ^= 0x55
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(bytes(data))
    reason = "corrupt gzip data (Error -3 while decompressing data: incorrect data check)"
    assert _outcomes(str(path)) == [f"{path}#https://e.com/long: corrupt WARC record ({reason})",
                                    f"{path}: corrupt WARC file ({reason}; the records after it are lost)"]
    with pytest.raises(InputError, match="corrupt gzip data"):
        list(warc_index(str(path)))
    assert capfd.readouterr().err == ""


def test_a_target_uri_warcio_mends_leaves_stderr_alone(tmp_path: Path) -> None:
    """warcio logged "Replacing spaces in invalid WARC-Target-URI: ..." as a warning, which Python's
    last-resort handler wrote to stderr, under --jsonl too."""
    name = _encoded(tmp_path / "spaces.warc", {"https://e.com/a page": (article_page(1).encode(), {})})
    # in a process of its own: under pytest, pytest's log handler takes the warning off stderr
    code = "import sys; from newsdesk.cli import main; sys.argv[0] = 'newsdesk'; main()"
    done = subprocess.run([sys.executable, "-c", code, "ingest", "--db", str(tmp_path / "n.db"), "--jsonl",
                           "--no-analyze", name], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert json.loads(done.stdout)["input"] == f"{name}#https://e.com/a%20page"


def test_a_json_feed_nested_past_the_decoder_is_not_a_feed() -> None:
    """Was "internal error (RecursionError: ...)"."""
    with pytest.raises(InputError, match="JSON nested too deep"):
        parse_listing(b"[" * 100_000 + b"]" * 100_000, "https://example.com/feed.json", 1 << 20)
