"""One command's JSON lines read by the next: `newsdesk extract --jsonl pages/ | newsdesk analyze
--input-jsonl -` (and `cluster --input-jsonl -`) as a script chains them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newsdesk.cli import cli
from newsdesk.pipeline import read_jsonl_articles

PAGES = Path(__file__).resolve().parent / "data" / "walk_extract"
# a byline of two, media with captions, page chrome removed; a German page; a page that is not there
INPUTS = [str(PAGES / "bbc_components.html"), str(PAGES / "de_byline_dpa.html"), str(PAGES / "missing.html")]


def _lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines()]


def test_extract_piped_into_analyze_gives_what_analyze_gives() -> None:
    """`analyze --input-jsonl` kept only id, title, text and published of an extracted record: url,
    source, authors, media and removed came out null or empty."""
    runner = CliRunner()
    extracted = runner.invoke(cli, ["extract", "--jsonl", *INPUTS])
    assert extracted.exit_code == 1  # the missing page
    chained = runner.invoke(cli, ["analyze", "--input-jsonl", "-", "--workers", "1", "--no-events"],
                            input=extracted.stdout)
    direct = runner.invoke(cli, ["analyze", "--jsonl", "--workers", "1", "--no-events", *INPUTS])
    assert chained.exit_code == direct.exit_code == 1
    records, wanted = _lines(chained.stdout), _lines(direct.stdout)
    assert [r.get("id") for r in records[:2]] == [w["id"] for w in wanted[:2]]
    for record, want in zip(records[:2], wanted[:2], strict=True):
        assert record["authors"] and record["source"] and record["removed"]  # there to be kept
        assert record == {k: v for k, v in want.items() if k != "input"}
    assert records[0]["media"]
    # the missing page's line says why it has no text, with the input it named
    failed = f'no "text" (the line of an input that failed: {INPUTS[2]}: no such file)'
    assert records[2] == {"line": 3, "error": failed}


def test_extract_piped_into_cluster_assigns_each_page() -> None:
    runner = CliRunner()
    extracted = runner.invoke(cli, ["extract", "--jsonl", *INPUTS[:2]])
    clustered = runner.invoke(cli, ["cluster", "--input-jsonl", "-", "--no-analyze"], input=extracted.stdout)
    assert clustered.exit_code == 0, clustered.output
    assert [line["id"] for line in _lines(clustered.stdout)] == [line["id"] for line in _lines(extracted.stdout)]


def test_a_field_of_the_wrong_shape_is_the_lines_error() -> None:
    lines = [json.dumps({"id": "a", "text": "Some text.", "authors": "Jane Doe"}),
             json.dumps({"id": "b", "text": "Some text.", "url": 7}),
             json.dumps({"id": "c", "text": "Some text.", "media": [{"kind": "gif", "caption": ""}]}),
             json.dumps({"id": "d", "text": "Some text.", "url": None, "authors": [], "media": [
                 {"kind": "image", "caption": "A sea wall", "url": "https://example.com/a.jpg"}]})]
    outcomes = list(read_jsonl_articles(lines))
    assert [o.error.reason if o.error else None for o in outcomes] == [
        '"authors" is not a list of strings', '"url" is not a string',
        '"media" is not a list of {"kind": "video"|"image"|"audio", "caption", "duration_seconds"?, "url"?}', None]
    article = outcomes[3].article
    assert article is not None and article.url is None and article.media[0].caption == "A sea wall"
