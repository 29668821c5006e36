"""A researcher's bulk runs: many inputs at once, where one bad input must cost only itself."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from click.testing import CliRunner
from test_backfill_support import NEWSDESK, write_warc
from test_cli_extract import PAGE_HTML

from newsdesk.cli import cli


def _lines(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_a_folder_without_pages_fails_in_its_place_and_the_others_go_on(tmp_path: Path) -> None:
    """An empty folder among the inputs stopped extract, analyze and ingest before any other input
    (one error line, nothing else read, nothing stored)."""
    page = tmp_path / "a.html"
    page.write_text(PAGE_HTML)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("not a page")
    for args in (["extract", "--jsonl"], ["ingest", "--jsonl", "--no-analyze", "--db", str(tmp_path / "n.db")]):
        result = CliRunner().invoke(cli, [*args, str(empty), str(page)])
        lines = _lines(result.stdout)
        assert result.exit_code == 1, result.output
        assert [line["input"] for line in lines] == [str(empty), str(page)]
        assert str(lines[0]["error"]).startswith("folder holds no pages (")
        assert "error" not in lines[1]
    result = CliRunner().invoke(cli, ["extract", str(empty), str(page)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"newsdesk: error: {empty}: folder holds no pages (.html, .htm, .xhtml, " \
        ".txt, .html.gz, .htm.gz, .txt.gz, .mhtml, .mht) or WARC files (.warc, .warc.gz, .warc.zst, .wacz)"
    assert [r["title"] for r in json.loads(result.stdout)] == ["Storm hits the coast"]


def test_backfill_stderr_holds_newsdesk_lines_not_library_warnings(tmp_path: Path) -> None:
    """trafilatura's warnings came out under backfill's 'newsdesk: ' prefix, two lines per empty
    link ('newsdesk: empty link: ' and the link's attributes): dozens a page on some sites."""
    page = PAGE_HTML.replace("<p>Officials", '<p><a href="/news/x/">\n <img src="/a.png"> </a> Officials')
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    write_warc(crawl / "a.warc.gz", [("https://news.example.com/a", page.encode())])
    proc = subprocess.run([NEWSDESK, "backfill", "--no-analyze", "--no-stories", "--workers", "1", "--output",
                           str(tmp_path / "out"), str(crawl)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "empty link" not in proc.stderr and "target" not in proc.stderr
    assert "a.warc.gz: 1 articles, 0 errors" in proc.stderr.splitlines()[0]

    (crawl / "cut.warc.gz").write_bytes((crawl / "a.warc.gz").read_bytes()[:-100])
    proc = subprocess.run([NEWSDESK, "backfill", "--no-analyze", "--no-stories", "--output", f"{tmp_path}/out/",
                           str(crawl)], capture_output=True, text=True, timeout=120)
    assert f"see {tmp_path}/out/_backfill/errors/" in proc.stderr  # was out//_backfill


def test_input_jsonl_needs_an_id_reads_every_date_and_says_the_language(tmp_path: Path) -> None:
    """`"id": null` came out as the id "line N" (a made-up id a researcher's join would miss), `"id": ""`
    as "", `"published": 0` was dropped unread, and every record said `"language": null`."""
    text = "The council approved the new budget after a long debate on Monday, officials said."
    path = tmp_path / "in.jsonl"
    rows = [{"id": None, "text": text}, {"id": "", "text": text}, {"id": "zero", "text": text, "published": 0},
            {"id": "ok", "text": text, "published": ""},
            {"id": "de", "text": "Der Stadtrat hat den neuen Haushalt nach einer langen Debatte am Montag "
                                 "beschlossen, sagten die Beamten, und die Opposition war nicht dafür."}]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    result = CliRunner().invoke(cli, ["analyze", "--workers", "1", "--no-events", "--input-jsonl", str(path)])
    assert result.exit_code == 1
    lines = _lines(result.stdout)
    assert lines[:3] == [{"line": 1, "error": 'no "id"'}, {"line": 2, "error": 'no "id"'},
                         {"id": "zero", "line": 3, "error": lines[2]["error"]}]
    assert "not an ISO date: '0'" in str(lines[2]["error"])
    assert [(r["id"], r["published"], r["language"]) for r in lines[3:]] == [("ok", None, "en"), ("de", None, "de")]
    clustered = CliRunner().invoke(cli, ["cluster", "--no-analyze", "--input-jsonl", str(path)])
    assert [r.get("id") for r in _lines(clustered.stdout)] == [None, None, "zero", "ok", "de"]


def test_a_warc_file_without_pages_gives_an_empty_array(tmp_path: Path) -> None:
    """README: with a WARC file 'the output is then always an array'; one holding no pages (requests,
    images only) printed nothing at all, which no JSON reader takes."""
    import io

    from warcio.warcwriter import WARCWriter

    path = tmp_path / "requests.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warc_record("https://news.example.com/1", "request",
                                                      payload=io.BytesIO(b"GET /1 HTTP/1.1\r\n\r\n")))
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    jsonl = CliRunner().invoke(cli, ["extract", "--jsonl", str(path)])
    assert jsonl.exit_code == 0 and jsonl.stdout == ""


def test_ingest_help_names_every_field_of_its_jsonl_lines(tmp_path: Path) -> None:
    """--help listed {"input", "id", "status", "duplicate_of"?}; the lines also hold the story."""
    page = tmp_path / "a.html"
    page.write_text(PAGE_HTML)
    result = CliRunner().invoke(cli, ["ingest", "--jsonl", "--no-analyze", "--db", str(tmp_path / "n.db"), str(page)])
    [line] = _lines(result.stdout)
    helped = " ".join(CliRunner().invoke(cli, ["ingest", "--help"]).stdout.split())
    assert all(f'"{key}"' in helped for key in line), (sorted(line), helped)


def test_a_url_the_server_calls_a_pdf_or_an_image_is_no_page() -> None:
    """A PDF whose head is text passed the binary check: stored as an article reading "%PDF-1.4"."""
    from test_monitor_support import Page, Site, article_page, serve

    site = Site({"/doc.pdf": Page(b"%PDF-1.4\n1 0 obj\n<< /Title (Budget) >>\nendobj\n", type="application/pdf"),
                 "/a": Page(article_page(1))})
    with serve(site):
        result = CliRunner().invoke(cli, ["extract", "--jsonl", site.url + "/doc.pdf", site.url + "/a"],
                                    env={"NEWSDESK_ALLOWED_NETWORKS": "127.0.0.0/8"})
    lines = _lines(result.stdout)
    assert result.exit_code == 1
    assert lines[0] == {"input": site.url + "/doc.pdf", "error": "not a page: the server sent application/pdf"}
    assert lines[1]["title"] == "Harbour story 1"


def test_a_login_in_a_url_stays_out_of_the_record(tmp_path: Path) -> None:
    """http://user:password@host/… was the article's url: stored, exported, sent with alerts."""
    from test_monitor_support import Page, Site, article_page, serve

    site = Site({"/a": Page(article_page(1))})
    db = str(tmp_path / "n.db")
    env = {"NEWSDESK_ALLOWED_NETWORKS": "127.0.0.0/8"}
    with serve(site):
        url = site.url.replace("http://", "http://reader:s3cret@") + "/a"
        extracted = CliRunner().invoke(cli, ["extract", url], env=env)
        stored = CliRunner().invoke(cli, ["ingest", "--no-analyze", "--db", db, url], env=env)
    assert extracted.exit_code == stored.exit_code == 0, extracted.output + stored.output
    assert json.loads(extracted.stdout)["url"] == site.url + "/a"
    assert "s3cret" not in CliRunner().invoke(cli, ["export", "--db", db]).stdout


def test_a_folder_of_warc_files_gives_their_pages(tmp_path: Path) -> None:
    """`newsdesk ingest crawl/` on a folder of crawls said "folder holds no pages"; backfill reads the
    same folder. Its WARC files now come out page by page, after the pages beside them, in name order."""
    from test_ingest_warc import write_warc

    crawl = tmp_path / "crawl"
    crawl.mkdir()
    write_warc(crawl / "b.warc.gz")
    write_warc(crawl / "a.warc", gzip=False)
    (crawl / "c.html").write_text(PAGE_HTML)
    result = CliRunner().invoke(cli, ["extract", "--jsonl", str(crawl)])
    inputs = [str(line["input"]).removeprefix(str(crawl) + "/") for line in _lines(result.stdout)]
    assert result.exit_code == 0, result.output
    pages = ["1", "2", "3", "latin", "notes.txt"]
    assert inputs == [f"a.warc#https://news.example.com/{p}" for p in pages] + \
        [f"b.warc.gz#https://news.example.com/{p}" for p in pages] + ["c.html"]
    stored = CliRunner().invoke(cli, ["ingest", "--no-analyze", "--db", str(tmp_path / "n.db"), str(crawl)])
    assert stored.exit_code == 0 and stored.stdout == "6 stored, 5 duplicate\n"


def test_a_warc_file_by_another_name_or_on_stdin_is_no_page(tmp_path: Path) -> None:
    """A WARC file named otherwise, or piped in, came out as one article of its headers and pages."""
    from test_ingest_warc import write_warc

    warc = write_warc(tmp_path / "crawl.warc.gz")
    renamed = tmp_path / "crawl.bin"
    renamed.write_bytes(warc.read_bytes())
    reason = "a WARC file, not a page: give it a .warc or .warc.gz name to read its pages"
    result = CliRunner().invoke(cli, ["extract", "--jsonl", str(renamed), "-"], input=warc.read_bytes())
    assert result.exit_code == 1
    assert _lines(result.stdout) == [{"input": str(renamed), "error": reason}, {"input": "-", "error": reason}]


def test_a_saved_pages_companion_folder_is_skipped(tmp_path: Path) -> None:
    """A browser saves story.html with story_files/ beside it, holding the page's iframes (ads,
    widgets) as saved_resource.html: each was an input, an error line, and exit status 1."""
    saved = tmp_path / "saved"
    (saved / "story_files").mkdir(parents=True)
    (saved / "story.html").write_text(PAGE_HTML)
    (saved / "story_files" / "saved_resource.html").write_text("<html><body><a href='/ad'>Buy</a></body></html>")
    (saved / "notes_files").mkdir()  # no notes.html beside it: a folder like any other
    (saved / "notes_files" / "b.html").write_text(PAGE_HTML)
    result = CliRunner().invoke(cli, ["extract", "--jsonl", str(saved)])
    assert result.exit_code == 0, result.output
    assert [line["input"] for line in _lines(result.stdout)] == [str(saved / "notes_files" / "b.html"),
                                                               str(saved / "story.html")]


def _mhtml(html: str, url: str) -> bytes:
    """An MHTML file as Chrome saves one: headers, the page quoted-printable, a picture."""
    import quopri

    body = quopri.encodestring(html.encode("utf-8")).decode("ascii")
    return (f'From: <Saved by Blink>\r\nSnapshot-Content-Location: {url}\r\nSubject: Storm\r\nMIME-Version: 1.0\r\n'
            'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="----MultipartBoundary--x"\r\n\r\n'
            '------MultipartBoundary--x\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n'
            f'Content-Transfer-Encoding: quoted-printable\r\nContent-Location: {url}\r\n\r\n{body}\r\n'
            '------MultipartBoundary--x\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n'
            'Content-Location: https://news.example.com/logo.png\r\n\r\niVBORw0KGgo=\r\n'
            '------MultipartBoundary--x--\r\n').encode("ascii")


def test_a_page_saved_as_mhtml_is_read_as_its_html(tmp_path: Path) -> None:
    """Chrome's default "single file" save was read as a text dump of quoted-printable source
    ('<script type=3D…' as the title), exit status 0; a folder of them held "no pages"."""
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "storm.mhtml").write_bytes(_mhtml(PAGE_HTML.replace("Storm hits", "Storm = hits"),
                                               "https://news.example.com/storm"))
    result = CliRunner().invoke(cli, ["extract", "--jsonl", str(saved)])
    assert result.exit_code == 0, result.output
    [record] = _lines(result.stdout)
    assert (record["input"], record["title"], record["url"]) == (str(saved / "storm.mhtml"), "Storm = hits the coast",
                                                                 "https://news.example.com/storm")
    assert str(record["text"]).startswith("A powerful storm made landfall on Tuesday morning")
