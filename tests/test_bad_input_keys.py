"""Local sources whose names no database stores: a WARC record whose WARC-Target-URI holds a NUL, a
file in a watched folder whose name is not UTF-8 (Python keeps its bytes as lone surrogates). The
monitor's pass ended at the first (PostgreSQL: "text fields cannot contain NUL"), and the folder
failed whole on the second (both backends: "surrogates not allowed"), none of its pages taken."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from test_monitor_support import article_page, loopback_settings
from test_store_support import BACKENDS, store_on

from newsdesk.ingest.warc import warc_index
from newsdesk.monitor import Log, Monitor


def _record(uri: bytes, body: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    head = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri + b"\r\nWARC-Date: 2024-05-01T00:00:00Z\r\n"
    block = b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n"
    return head + block % (len(http), http)


@pytest.mark.parametrize("backend", BACKENDS)
def test_local_sources_with_names_no_database_stores_are_taken(tmp_path: Path, backend: str) -> None:
    warc = tmp_path / "crawl.warc"
    warc.write_bytes(_record(b"https://e.com/a\x00b", article_page(1).encode())
                     + _record(b"https://e.com/ok", article_page(2).encode()))
    assert [r.url for r in warc_index(str(warc))] == ["https://e.com/a%00b", "https://e.com/ok"]
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "good.html").write_text(article_page(3))
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.html"), "wb") as fh:  # Latin-1 bytes: not UTF-8
        fh.write(article_page(4).encode())
    with store_on(backend, tmp_path) as store:
        store.add_source(str(warc), kind="warc")
        store.add_source(str(folder), kind="folder")
        out = io.StringIO()
        report = Monitor(store, loopback_settings(check_interval=1e-6), log=Log(out)).run_once()
        assert (report.sources_failed, report.stored, report.failed) == (0, 4, 0), out.getvalue()
        assert Monitor(store, loopback_settings(check_interval=1e-6), log=Log(out)).run_once().stored == 0
