"""A backfill output folder whose ledger files are not what a run wrote (damaged, truncated, or
someone else's): was a JSONDecodeError or TypeError traceback at the start of every later run,
which then could do nothing. Now such a file counts as absent, with a warning naming it: its
WARC file (or job) is done again, which replaces its parts, so nothing is lost or doubled."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from test_ingest_warc import write_warc

from newsdesk.backfill import Options, backfill
from newsdesk.backfill.files import find_warcs
from newsdesk.backfill.ledger import DONE, STAGING
from newsdesk.settings import Settings

SETTINGS = Settings.load(environ={})


@pytest.mark.parametrize("marker", ['{"key": ', "[1, 2]", "42", '{"key": "x"}', "\udcff"])
def test_a_done_marker_that_cannot_be_read_redoes_its_file(tmp_path: Path, marker: str,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    warcs = tmp_path / "warcs"
    warcs.mkdir()
    write_warc(warcs / "a.warc.gz")
    write_warc(warcs / "b.warc", gzip=False)
    options = Options(output=str(tmp_path / "out"), analyze=False, workers=1)
    first = backfill([str(warcs)], options, SETTINGS)
    assert (first.done, first.articles) == (2, 10)
    parts = sorted(p.name for p in (tmp_path / "out" / "articles").rglob("*.parquet"))
    damaged = sorted((tmp_path / "out" / DONE).glob("*.json"))[0]
    damaged.write_bytes(marker.encode("utf-8", "surrogateescape"))
    with caplog.at_level(logging.WARNING, logger="newsdesk.backfill"):
        again = backfill([str(warcs)], options, SETTINGS)
    assert (again.skipped, again.done, again.articles) == (1, 1, 5)
    warnings = [r.getMessage() for r in caplog.records if "done marker" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].startswith(f"{damaged}: a done marker that cannot be read (")
    assert sorted(p.name for p in (tmp_path / "out" / "articles").rglob("*.parquet")) == parts  # replaced
    assert backfill([str(warcs)], options, SETTINGS).skipped == 2


def test_a_manifest_that_cannot_be_read_leaves_its_job_to_be_done_again(tmp_path: Path) -> None:
    write_warc(tmp_path / "a.warc.gz")
    stage = tmp_path / "out" / STAGING / "job-1"
    stage.mkdir(parents=True)
    (stage / "_manifest.json").write_text('{"reports": [{"key": 1}], "moves": 5}')
    summary = backfill([str(tmp_path / "a.warc.gz")], Options(output=str(tmp_path / "out"), analyze=False,
                                                               workers=1), SETTINGS)
    assert (summary.done, summary.articles) == (1, 5) and not stage.exists()


def test_a_folder_with_a_link_back_up_is_read_once(tmp_path: Path) -> None:
    """pyarrow's recursive listing followed the link until the path grew too long: the WARC file
    was done 41 times (205 rows for 5 pages); with two such links it listed forever."""
    crawl = tmp_path / "crawl"
    (crawl / "sub").mkdir(parents=True)
    write_warc(crawl / "sub" / "a.warc.gz")
    (crawl / "sub" / "up").symlink_to("..")
    (crawl / "b.warc.gz").symlink_to(crawl / "sub" / "a.warc.gz")  # the same file under another name
    assert [f.uri for f in find_warcs([str(crawl)])] == [str(crawl / "b.warc.gz")]
    summary = backfill([str(crawl)], Options(output=str(tmp_path / "out"), analyze=False, workers=1), SETTINGS)
    assert (summary.files, summary.articles) == (1, 5)


def test_a_cut_off_warc_gz_keeps_the_articles_before_the_break(tmp_path: Path) -> None:
    """The file's checksum was read through pyarrow, which inflates a .gz by its name: a cut-off
    .warc.gz failed whole ('task failed (OSError: Truncated compressed stream)', no articles, no
    errors file) instead of keeping the pages before the break, as docs/backfill.md says."""
    whole = write_warc(tmp_path / "whole.warc.gz").read_bytes()
    warcs = tmp_path / "warcs"
    warcs.mkdir()
    (warcs / "cut.warc.gz").write_bytes(whole[: len(whole) - 200])
    summary = backfill([str(warcs)], Options(output=str(tmp_path / "out"), analyze=False, workers=1), SETTINGS)
    assert (summary.articles, summary.errors) == (4, 1)
    [errors] = (tmp_path / "out" / "_backfill" / "errors").glob("*.jsonl")
    assert "task failed" not in errors.read_text()


def test_a_warc_gz_checksum_is_of_its_bytes_as_stored(tmp_path: Path) -> None:
    """The done marker's sha256 is the file's, not that of the WARC inflated."""
    import hashlib

    from newsdesk.backfill.files import sha256_of

    path = write_warc(tmp_path / "a.warc.gz")
    assert sha256_of(str(path)) == hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_output_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    """--output naming a file was pyarrow's FileExistsError traceback."""
    from click.testing import CliRunner

    from newsdesk.cli import cli

    write_warc(tmp_path / "a.warc.gz")
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["backfill", "--no-analyze", "--output", str(tmp_path / "notes.txt"),
                                      str(tmp_path / "a.warc.gz")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr == f"newsdesk: error: {tmp_path / 'notes.txt'}: --output is a file, not a folder\n"
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_database_that_cannot_be_opened_is_said_before_any_work(tmp_path: Path) -> None:
    """--db was opened after the parallel part: a wrong URL was said once every file was done."""
    from click.testing import CliRunner

    from newsdesk.cli import cli

    write_warc(tmp_path / "a.warc.gz")
    result = CliRunner().invoke(cli, ["backfill", "--no-analyze", "--output", str(tmp_path / "out"), "--db",
                                      str(tmp_path / "no" / "such" / "n.db"), str(tmp_path / "a.warc.gz")])
    assert result.exit_code == 1 and result.stderr.startswith(f"newsdesk: error: {tmp_path / 'no'}")
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()
