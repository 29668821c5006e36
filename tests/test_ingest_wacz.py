"""WACZ files (Webrecorder, ArchiveWeb.page, Browsertrix: a ZIP of archive/*.warc.gz, pages/pages.jsonl,
datapackage.json) are read as the WARC files inside, streaming: extract, ingest, the monitor's index
and read by offset, the backfill. A damaged or hostile ZIP is one line naming the file."""

from __future__ import annotations

import io
import json
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_monitor_support import article_page
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.cli import cli
from newsdesk.errors import InputError
from newsdesk.ingest.read import expand_inputs
from newsdesk.ingest.warc import is_warc, read_record, warc_entries, warc_index, warc_pages
from newsdesk.settings import Settings
from newsdesk.types import Fetched

SETTINGS = Settings.load(environ={})
BASE = "https://news.example.com"


def warc_bytes(first: int, count: int, *, gzipped: bool = True, padding: int = 0) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    for n in range(first, first + count):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        body = article_page(n).replace("</body>", f"<!-- {'x' * padding} --></body>").encode()
        writer.write_record(writer.create_warc_record(f"{BASE}/story/{n}", "response",
                                                      payload=io.BytesIO(body), http_headers=http))
        png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"{BASE}/img/{n}.png", "response",
                                                      payload=io.BytesIO(b"\x89PNG" + bytes(50)), http_headers=png))
    return out.getvalue()


def write_wacz(path: Path, warcs: dict[str, bytes], *, method: int = zipfile.ZIP_STORED,
               extra: dict[str, bytes] | None = None) -> Path:
    """A WACZ as the tools write it: WARC files stored under archive/, the page list, the package."""
    pages = [{"url": f"{BASE}/story/1", "title": "Harbour story 1", "ts": "2024-05-01T10:00:00Z"}]
    with zipfile.ZipFile(path, "w") as wacz:
        for name, data in warcs.items():
            wacz.writestr(zipfile.ZipInfo(f"archive/{name}", (2024, 5, 1, 10, 0, 0)), data, compress_type=method)
        listed = "".join(json.dumps(p) + "\n" for p in pages)
        wacz.writestr("pages/pages.jsonl", '{"format": "json-pages-1.0"}\n' + listed)
        wacz.writestr("datapackage.json", json.dumps({"profile": "data-package", "wacz_version": "1.1.1",
                                                      "resources": [{"path": f"archive/{n}"} for n in warcs]}))
        for name, data in (extra or {}).items():
            wacz.writestr(name, data)
    return path


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_the_warcs_inside_a_wacz_are_read_in_every_reader(tmp_path: Path, method: int) -> None:
    wacz = write_wacz(tmp_path / "crawl.wacz", {"data-1.warc.gz": warc_bytes(1, 2),
                                                "data-2.warc": warc_bytes(3, 2, gzipped=False)}, method=method)
    assert is_warc(str(wacz))
    urls = [f"{BASE}/story/{n}" for n in range(1, 5)]
    pages = list(warc_pages(str(wacz), SETTINGS))
    assert [p.input for p in pages] == [f"{wacz}#{url}" for url in urls], pages
    assert all(isinstance(p, Fetched) and f"Harbour story {i}" in p.content for i, p in enumerate(pages, 1))
    index = list(warc_index(str(wacz)))
    assert [e.url for e in index] == urls
    for n in (3, 0, 2):  # by offset, backwards across members too
        assert f"Harbour story {n + 1}" in read_record(index[n], SETTINGS).content
    skipped: dict[str, int] = {}
    assert [e.url for e, page in warc_entries(str(wacz), SETTINGS, skipped) if isinstance(page, Fetched)] == urls
    assert skipped == {"not HTML or text": 4}


def test_extract_and_a_folder_take_wacz_files(tmp_path: Path) -> None:
    folder = tmp_path / "archives"
    folder.mkdir()
    wacz = write_wacz(folder / "crawl.wacz", {"data.warc.gz": warc_bytes(1, 2)})
    assert expand_inputs([str(folder)], warcs=True) == [str(wacz)]
    result = CliRunner().invoke(cli, ["extract", "--jsonl", str(folder)])
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == ["Harbour story 1", "Harbour story 2"]
    assert result.exit_code == 0, result.output


def test_a_wacz_is_streamed_not_held_in_memory(tmp_path: Path) -> None:
    # 40 pages of ~200 KB each (8 MB of WARC): reading them all holds one page at a time
    wacz = write_wacz(tmp_path / "big.wacz", {"data.warc.gz": warc_bytes(1, 40, padding=200_000)},
                      method=zipfile.ZIP_DEFLATED)
    tracemalloc.start()
    try:
        count = sum(1 for page in warc_pages(str(wacz), SETTINGS) if isinstance(page, Fetched))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 40
    assert peak < 4_000_000, peak


def _error(path: Path) -> str:
    pages = list(warc_pages(str(path), SETTINGS))
    assert len(pages) == 1 and isinstance(pages[0], InputError), pages
    assert pages[0].input == str(path)
    return pages[0].reason


def test_hostile_or_damaged_wacz_files_are_refused_naming_them(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.wacz"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("archive/data.warc.gz", b"WARC/1.0\r\n" + bytes(60_000_000))
    assert "zip bomb" in _error(bomb)

    climbing = write_wacz(tmp_path / "climb.wacz", {"data.warc.gz": warc_bytes(1, 1)},
                          extra={"../../etc/cron.d/evil": b"x"})
    assert "points outside the archive" in _error(climbing)

    encrypted = write_wacz(tmp_path / "locked.wacz", {"data.warc.gz": warc_bytes(1, 1)})
    data = bytearray(encrypted.read_bytes())
    first_central = data.index(b"PK\x01\x02")
    data[6] |= 1  # the local header's flag, and the central directory's, of the WARC member
    data[first_central + 8] |= 1
    encrypted.write_bytes(bytes(data))
    assert "encrypted" in _error(encrypted)

    not_zip = tmp_path / "notzip.wacz"
    not_zip.write_bytes(b"<html>a page saved under the wrong name</html>")
    assert "not a ZIP archive" in _error(not_zip)

    cut = tmp_path / "cut.wacz"
    whole = write_wacz(tmp_path / "whole.wacz", {"data.warc.gz": warc_bytes(1, 3)}).read_bytes()
    cut.write_bytes(whole[:len(whole) // 2])
    assert "not a ZIP archive" in _error(cut)

    empty = write_wacz(tmp_path / "nowarc.wacz", {})
    assert "no WARC files" in _error(empty)

    corrupt = write_wacz(tmp_path / "crc.wacz", {"data.warc": warc_bytes(1, 2, gzipped=False)},
                         method=zipfile.ZIP_DEFLATED)
    data = bytearray(corrupt.read_bytes())
    data[200] ^= 0xFF  # inside the deflated WARC
    corrupt.write_bytes(bytes(data))
    pages = list(warc_pages(str(corrupt), SETTINGS))
    assert isinstance(pages[-1], InputError) and pages[-1].input == str(corrupt), pages


def test_cli_says_one_line_for_a_hostile_wacz(tmp_path: Path) -> None:
    climbing = write_wacz(tmp_path / "climb.wacz", {"data.warc.gz": warc_bytes(1, 1)},
                          extra={"/abs/evil.warc.gz": b"x"})
    result = CliRunner().invoke(cli, ["extract", str(climbing)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and str(climbing) in result.stderr, result.stderr
    assert "Traceback" not in result.output


def test_a_stored_member_with_a_bad_crc_is_reported(tmp_path: Path) -> None:
    corrupt = write_wacz(tmp_path / "crc.wacz", {"data.warc": warc_bytes(1, 2, gzipped=False)})
    data = bytearray(corrupt.read_bytes())
    at = data.index(b"Harbour story 2")
    data[at] ^= 0x20  # a page's text: the WARC still parses, only the CRC tells
    corrupt.write_bytes(bytes(data))
    pages = list(warc_pages(str(corrupt), SETTINGS))
    assert isinstance(pages[-1], InputError) and "bad CRC-32" in pages[-1].reason, pages


def test_backfill_reads_wacz_files(tmp_path: Path) -> None:
    from newsdesk.backfill import Options, backfill

    folder = tmp_path / "in"
    folder.mkdir()
    write_wacz(folder / "crawl.wacz", {"data.warc.gz": warc_bytes(1, 3)})
    summary = backfill([str(folder)], Options(output=str(tmp_path / "out"), analyze=False, stories=False), SETTINGS)
    assert (summary.done, summary.articles, summary.errors) == (1, 3, 0)


def test_the_monitor_follows_a_wacz_as_a_warc_source(tmp_path: Path) -> None:
    from newsdesk.ingest.warc import growing_index
    from newsdesk.monitor.targets import source_target

    wacz = write_wacz(tmp_path / "crawl.wacz", {"a.warc.gz": warc_bytes(1, 2), "b.warc.gz": warc_bytes(3, 1)},
                      method=zipfile.ZIP_DEFLATED)
    assert source_target(str(wacz)) == (str(wacz.resolve()), "warc")
    found = growing_index(str(wacz))
    assert found.tail is None and [r.url for r in found.records] == [f"{BASE}/story/{n}" for n in (1, 2, 3)]
    assert "Harbour story 3" in read_record(found.records[2], SETTINGS).content
