"""An archive holding no page (only revisits, a warcinfo, requests: a re-crawl that found nothing
new) printed `[]` or "nothing stored", exit 0, and no word of why: now a note on stderr says what
it held. Nothing to do stays exit 0 (the CLI's contract); with --jsonl, stdout stays JSON only."""

from __future__ import annotations

import io
import json
from pathlib import Path

from click.testing import CliRunner
from test_monitor_support import article_page
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.cli import cli
from newsdesk.ingest.warc import held_summary, warc_pages
from newsdesk.settings import Settings

BASE = "https://news.example.com"


def write_revisits(path: Path, *, with_page: bool = False) -> Path:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "wget/1.21"}))
        for n in (1, 2):
            url = f"{BASE}/story/{n}"
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example.com")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            writer.write_record(writer.create_revisit_record(url, "sha1:AAAA", url, "2024-05-01T10:00:00Z"))
        if with_page:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"{BASE}/story/3", "response", http_headers=http,
                                                          payload=io.BytesIO(article_page(3).encode())))
    return path


def test_what_an_archive_of_no_pages_held_is_counted(tmp_path: Path) -> None:
    warc = write_revisits(tmp_path / "recrawl.warc.gz")
    held: dict[str, int] = {}
    assert list(warc_pages(str(warc), Settings.load(environ={}), held)) == []
    assert held == {"revisit": 2, "request": 2, "warcinfo": 1}
    assert held_summary(held) == "5 records, none a page: 2 request, 2 revisit, 1 warcinfo"


def test_extract_and_ingest_say_what_the_archive_held(tmp_path: Path) -> None:
    warc = write_revisits(tmp_path / "recrawl.warc.gz")
    note = f"newsdesk: note: {warc}: 5 records, none a page: 2 request, 2 revisit, 1 warcinfo\n"
    runner = CliRunner()
    result = runner.invoke(cli, ["extract", str(warc)])
    assert (result.exit_code, json.loads(result.stdout), result.stderr) == (0, [], note)
    result = runner.invoke(cli, ["extract", "--jsonl", str(warc)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", note)
    db = str(tmp_path / "news.db")
    result = runner.invoke(cli, ["ingest", "--db", db, "--no-analyze", str(warc)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "nothing stored\n", note)


def test_an_archive_with_a_page_gets_no_note(tmp_path: Path) -> None:
    warc = write_revisits(tmp_path / "crawl.warc.gz", with_page=True)
    result = CliRunner().invoke(cli, ["extract", "--jsonl", str(warc)])
    assert result.exit_code == 0 and result.stderr == ""
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == ["Harbour story 3"]
