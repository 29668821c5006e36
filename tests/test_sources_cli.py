"""`newsdesk source …`, `newsdesk run` and `newsdesk ingest FILE.warc.gz` through the real CLI group."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from test_ingest_warc import write_warc
from test_monitor_support import LOOPBACK, Page, Site, article_page, serve

from newsdesk.cli import cli
from newsdesk.store import open_store

ENV = {"NEWSDESK_ALLOWED_NETWORKS": LOOPBACK, "NEWSDESK_HOST_DELAY": "0", "NEWSDESK_DB": ""}


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env={**ENV, **(env or {})})


def lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "news.db")


def test_source_add_list_remove(tmp_path: Path, db: str) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz")
    added = run("source", "add", "--db", db, "https://news.example.com/rss", "https://news.example.com/sitemap.xml",
                str(tmp_path), str(warc))
    assert added.exit_code == 0, added.output
    assert added.stdout.splitlines() == [
        "added: 1 feed https://news.example.com/rss", "added: 2 sitemap https://news.example.com/sitemap.xml",
        f"added: 3 folder {tmp_path}", f"added: 4 warc {warc}"]
    again = run("source", "add", "--db", db, "--title", "Example", "https://news.example.com/rss")
    assert again.stdout == "already there: 1 feed https://news.example.com/rss\n"
    listed = lines(run("source", "list", "--db", db, "--jsonl").stdout)
    assert [(s["id"], s["kind"], s["error_count"]) for s in listed] == [(1, "feed", 0), (2, "sitemap", 0),
                                                                        (3, "folder", 0), (4, "warc", 0)]
    table = run("source", "list", "--db", db).stdout.splitlines()
    assert len(table) == 4 and table[0].split()[:3] == ["1", "feed", "new"]
    assert run("source", "remove", "--db", db, "1", "https://news.example.com/sitemap.xml").exit_code == 0
    gone = run("source", "remove", "--db", db, "1")
    assert gone.exit_code == 1 and gone.stderr == "newsdesk: error: 1: no such source\n"
    assert [s["id"] for s in lines(run("source", "list", "--db", db, "--jsonl").stdout)] == [3, 4]


def test_bad_sources_are_one_line_errors(tmp_path: Path, db: str) -> None:
    for target, kind, reason in (("ftp://example.com/feed", "auto", "must be http or https"),
                                 (str(tmp_path / "nowhere"), "auto", "no such file or folder"),
                                 (str(tmp_path), "warc", "this is a folder, not a warc"),
                                 ("https://example.com/x", "folder", "not a folder")):
        result = run("source", "add", "--db", db, "--kind", kind, target)
        assert result.exit_code == 1 and reason in result.stderr and result.stderr.count("\n") == 1, result.stderr
        assert "Traceback" not in result.output
    bad_opml = tmp_path / "bad.opml"
    bad_opml.write_text("<opml><body>")
    for args in (["source", "import-opml", "--db", db, str(bad_opml)],
                 ["source", "import-opml", "--db", db, str(tmp_path / "none.opml")],
                 ["source", "export-opml", "--db", db, "--output", str(tmp_path / "no" / "dir.opml")]):
        result = run(*args)
        assert result.exit_code == 1 and result.stderr.startswith("newsdesk: error: ") \
            and result.stderr.count("\n") == 1, result.stderr


def test_opml_import_export(tmp_path: Path, db: str) -> None:
    opml = tmp_path / "reader.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="Tech">'
                    '<outline type="rss" text="One" xmlUrl="https://one.example.com/feed"/>'
                    '<outline type="rss" text="Two" xmlUrl="https://two.example.com/atom.xml"/>'
                    '<outline type="rss" text="Bad" xmlUrl="gopher://three.example.com/"/></outline></body></opml>')
    result = run("source", "import-opml", "--db", db, str(opml))
    assert result.exit_code == 1 and result.stdout == "2 added, 0 already there, 1 refused\n"
    assert "gopher://three.example.com/: a source URL must be http or https" in result.stderr
    run("source", "add", "--db", db, "https://one.example.com/sitemap.xml")
    out = tmp_path / "out.opml"
    assert run("source", "export-opml", "--db", db, "--output", str(out)).exit_code == 0
    text = out.read_text()
    assert 'xmlUrl="https://one.example.com/feed"' in text and 'newsdeskKind="sitemap"' in text
    other = str(tmp_path / "other.db")
    assert run("source", "import-opml", "--db", other, str(out)).stdout == "3 added, 0 already there, 0 refused\n"
    assert [(s["url"], s["kind"], s["title"]) for s in lines(run("source", "list", "--db", other, "--jsonl").stdout)] \
        == [("https://one.example.com/feed", "feed", "One"), ("https://two.example.com/atom.xml", "feed", "Two"),
            ("https://one.example.com/sitemap.xml", "sitemap", None)]  # untitled, as exported
    assert run("source", "export-opml", "--db", other).stdout.startswith("<?xml")


def test_run_once_logs_json_lines(db: str) -> None:
    site = Site({"/a": Page(article_page(1)), "/b": Page(article_page(2))})
    with serve(site):
        site.routes["/feed.json"] = Page(json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [
            {"id": "a", "url": f"{site.url}/a"}, {"id": "b", "url": f"{site.url}/b"}]}), type="application/feed+json")
        run("source", "add", "--db", db, site.url + "/feed.json")
        result = run("run", "--db", db, "--once", "--no-analyze")
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        events = lines(result.stderr)
        assert [e["event"] for e in events if e["event"].startswith("article")] == ["article.stored"] * 2
        assert events[0]["event"] == "run.started" and events[-1]["event"] == "run.stopped"
        assert run("run", "--db", db, "--once", "--no-analyze", "--quiet").stderr == ""  # nothing due, all fine
        again = run("run", "--db", db, "--once", "--all", "--no-analyze", "--log-format", "text")
        assert "source.checked" in again.stderr and not again.stderr.startswith("{")
    with open_store(db) as store:
        assert store.count() == 2


def test_run_with_no_sources_says_so(db: str) -> None:
    result = run("run", "--db", db, "--once", "--no-analyze")
    assert result.exit_code == 0 and "no sources yet" in result.stderr


def test_ingest_a_warc(tmp_path: Path, db: str) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz")
    broken = tmp_path / "broken.warc"
    broken.write_text("not an archive")
    result = run("ingest", "--db", db, "--jsonl", "--no-analyze", str(warc), str(broken))
    assert result.exit_code == 1
    records = lines(result.stdout)
    assert [r.get("status") for r in records[:5]] == ["stored"] * 5
    assert records[0]["input"] == f"{warc}#https://news.example.com/1"
    assert records[5] == {"input": str(broken), "error": "not a WARC file"}
    again = lines(run("ingest", "--db", db, "--jsonl", "--no-analyze", str(warc)).stdout)
    assert {r["status"] for r in again} == {"duplicate"}
    assert all(r["duplicate_of"] == r["id"] for r in again)


def test_opml_local_paths_need_local(tmp_path: Path, db: str) -> None:
    # someone else's OPML file must not make `run` ingest and serve this machine's files
    folder = tmp_path / "pages"
    folder.mkdir()
    opml = tmp_path / "shared.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><head/><body>'
                    '<outline type="rss" text="One" xmlUrl="https://one.example.com/feed"/>'
                    f'<outline type="link" text="Etc" url="{folder}" newsdeskKind="folder"/></body></opml>')
    result = run("source", "import-opml", "--db", db, str(opml))
    assert result.exit_code == 1 and result.stdout == "1 added, 0 already there, 1 refused\n"
    assert f"{folder}: a local folder listed in an OPML file (add it with --local)" in result.stderr
    assert [s["kind"] for s in lines(run("source", "list", "--db", db, "--jsonl").stdout)] == ["feed"]
    trusted = run("source", "import-opml", "--db", db, "--local", str(opml))
    assert trusted.exit_code == 0 and trusted.stdout == "1 added, 1 already there, 0 refused\n"


def test_source_list_says_why_a_source_fails(db: str) -> None:
    """The table said '1 failed' and nothing more: the reason was only in --jsonl."""
    from newsdesk.store import FetchResult

    run("source", "add", "--db", db, "https://news.example.com/rss", "https://news.example.com/other.xml")
    with open_store(db) as store:
        store.record_fetch(1, FetchResult(error="https://news.example.com/rss: HTTP 503",
                                          next_check_at="2030-01-01T00:00:00+00:00"))
        store.record_fetch(2, FetchResult(status=200, next_check_at="2030-01-01T00:00:00+00:00"))
    table = run("source", "list", "--db", db).stdout.splitlines()
    assert [row.split()[:3] for row in table[::2]] == [["1", "feed", "1"], ["2", "feed", "ok"]]
    assert table[1] == "      last error: https://news.example.com/rss: HTTP 503" and len(table) == 3
