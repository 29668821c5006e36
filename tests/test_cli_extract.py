"""`newsdesk extract` through click's runner: the contract, and the reference page."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from click.testing import CliRunner

from newsdesk.cli import cli

PAGE_HTML = """<!doctype html><html><head><title>Storm hits the coast | Example News</title>
<meta property="og:title" content="Storm hits the coast"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Storm hits the coast</h1>
<p>A powerful storm made landfall on Tuesday morning, bringing heavy rain and strong winds to towns along
the coast, where thousands of residents had been told to leave their homes before the water rose.</p>
<p>Emergency services said they had rescued dozens of people from flooded streets overnight, and that the
damage to roads and bridges would take weeks to repair once the rain had finally stopped falling.</p>
<p>Officials warned that more rain was expected later in the week and urged people to stay away from rivers,
which were already close to bursting their banks in several places across the region.</p>
</article><footer>Copyright Example News</footer></body></html>"""


def run(*args: str, input: bytes | None = None, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), input=input, env=env)


def test_extract_html_file(tmp_path: Path) -> None:
    page = tmp_path / "storm.html"
    page.write_text(PAGE_HTML)
    result = run("extract", str(page))
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["input"] == str(page)
    assert record["title"] == "Storm hits the coast"
    assert record["text"].startswith("A powerful storm made landfall")
    assert "Copyright" not in record["text"]
    for span in record["paragraphs"]:
        assert record["text"][span["start"]:span["end"]].strip()


def test_extract_html_gz_and_stdin(tmp_path: Path) -> None:
    page = tmp_path / "storm.html.gz"
    page.write_bytes(gzip.compress(PAGE_HTML.encode()))
    from_gz = json.loads(run("extract", str(page)).stdout)
    from_stdin = json.loads(run("extract", "-", input=PAGE_HTML.encode()).stdout)
    assert from_gz["text"] == from_stdin["text"]
    assert from_stdin["input"] == "-"


def test_published_option_is_normalised(tmp_path: Path) -> None:
    page = tmp_path / "storm.html"
    page.write_text(PAGE_HTML)
    record = json.loads(run("extract", "--published", "2022-03-29", str(page)).stdout)
    assert record["published"] == "2022-03-29"
    bad = run("extract", "--published", "last tuesday", str(page))
    assert bad.exit_code == 1 and "not an ISO date" in bad.stderr


def test_jsonl_keeps_input_order_and_reports_failures_in_place(tmp_path: Path) -> None:
    good = tmp_path / "a.html"
    good.write_text(PAGE_HTML)
    missing = tmp_path / "missing.html"
    result = run("extract", "--jsonl", str(good), str(missing), str(good))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1
    assert [line["input"] for line in lines] == [str(good), str(missing), str(good)]
    assert "error" in lines[1] and "no such file" in lines[1]["error"]
    assert lines[0]["title"] == lines[2]["title"] == "Storm hits the coast"


def test_folder_expands_to_its_pages_in_order(tmp_path: Path) -> None:
    (tmp_path / "b.html").write_text(PAGE_HTML)
    (tmp_path / "a.html").write_text(PAGE_HTML)
    (tmp_path / "notes.md").write_text("not a page")
    result = run("extract", "--jsonl", str(tmp_path))
    inputs = [json.loads(line)["input"] for line in result.stdout.splitlines()]
    assert inputs == [str(tmp_path / "a.html"), str(tmp_path / "b.html")]


def test_format_is_detected_from_content_and_can_be_forced(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE_HTML)
    detected = json.loads(run("extract", str(page)).stdout)
    assert detected["title"] == "Storm hits the coast"
    forced = run("extract", "--format", "text", str(page))
    # Read as a text dump, the markup is text: either no article is found or tags show in it.
    assert forced.exit_code == 1 or "<" in json.loads(forced.stdout)["text"]


def test_schema_command_prints_the_article_schema() -> None:
    schema = json.loads(run("schema").stdout)
    assert schema["title"] == "Article"
    assert set(schema["$defs"]["Article"]["properties"]) >= {"id", "title", "text", "quotes", "events"}


def test_docs_schema_is_current() -> None:
    docs = Path(__file__).resolve().parent.parent / "docs" / "article.schema.json"
    assert json.loads(docs.read_text()) == json.loads(run("schema").stdout), "run `make schema`"


def test_reference_page(example_page: Path) -> None:
    """The reference dump: title, body bounds, chrome removed and the 2:03 video."""
    expected = json.loads((Path(__file__).parent / "golden" / "cbs-kyiv-talks.extract.json").read_text())
    result = run("extract", "--published", "2022-03-29", str(example_page))
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["title"] == expected["title"]
    assert record["text"] == expected["text"]
    assert record["media"] == expected["media"]
    assert record["published"] == "2022-03-29" and record["language"] == "en"
    for line in ("Watch CBS News", "Chrome Safari Continue", "Be the first to know"):
        assert line in record["removed"] and line not in record["text"]


def test_a_warc_file_gives_a_record_per_archived_page(tmp_path: Path) -> None:
    """As `ingest` reads it: each HTML or text page of status 200, named FILE#URL (it was read as one
    page and refused as 'not parseable as HTML'); a single WARC file still gives a JSON array."""
    from test_ingest_warc import write_warc

    warc = str(write_warc(tmp_path / "crawl.warc.gz"))
    result = run("extract", warc)
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [r["input"] for r in records] == [f"{warc}#https://news.example.com/{n}" for n in (1, 2, 3)] + [
        f"{warc}#https://news.example.com/latin", f"{warc}#https://news.example.com/notes.txt"]
    assert records[0]["title"] == "Harbour story 1" and records[0]["url"] == "https://news.example.com/1"
    lines = run("extract", "--jsonl", warc, str(tmp_path / "missing.warc"))
    assert lines.exit_code == 1
    assert [json.loads(line).get("error") for line in lines.stdout.splitlines()] == [None] * 5 + ["no such file"]
