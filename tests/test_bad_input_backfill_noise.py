"""A backfill's stderr names the input of every error it prints: trafilatura's own error on a page of
no text ("newsdesk: parsed tree length: 0, wrong data type or not valid HTML") came out with newsdesk's
prefix, naming no page and no WARC file, once for each such record (a crawl has thousands)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

NEWSDESK = str(Path(sys.executable).parent / "newsdesk")


def test_an_extractor_error_on_an_empty_page_is_counted_not_printed(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc"
    with warc.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        for n, body in enumerate((b"<p></p>", b"<html></html>", b"<p> </p>")):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://news.example.com/{n}", "response",
                                                          payload=io.BytesIO(body), http_headers=headers))
    done = subprocess.run([NEWSDESK, "backfill", "--no-analyze", "--workers", "1", "-o", str(tmp_path / "out"),
                           str(warc)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "parsed tree length" not in done.stderr and "Traceback" not in done.stderr
    assert f"{warc}: 0 articles, 3 without article text, 0 errors" in done.stderr + done.stdout
