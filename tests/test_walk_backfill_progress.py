"""A big WARC file is hours of work: the backfill says on stderr how far it has got, file by file."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_backfill_support import SETTINGS, bench_pages, write_warc

from newsdesk.backfill import task
from newsdesk.backfill.files import find_warcs
from newsdesk.commands.backfill import backfill_command


def test_a_long_file_reports_its_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          caplog: pytest.LogCaptureFixture) -> None:
    pages = bench_pages(3, smallest=True)
    warc = write_warc(tmp_path / "crawl.warc.gz", [(p.url, p.html) for p in pages], junk=True)
    [file] = find_warcs([str(warc)])
    monkeypatch.setattr(task, "PROGRESS_SECONDS", 0.0)  # a line at every record, not every 30 s
    caplog.set_level(logging.INFO, logger="newsdesk.backfill.progress")
    reports: list[object] = []
    rows = list(task.warc_rows(file, None, SETTINGS, on_report=reports.append))
    assert len(rows) == 3 and len(reports) == 1
    lines = [r.getMessage() for r in caplog.records if r.name == "newsdesk.backfill.progress"]
    assert lines[0].startswith(f"{warc}: 0 records so far, 0 articles, 0 errors (")
    assert lines[-1].startswith(f"{warc}: 3 records so far, 3 articles, 0 errors (")  # the 4th, broken, next
    assert lines[-1].endswith(" articles/s)")


def test_the_command_shows_progress_lines(tmp_path: Path) -> None:
    logger = logging.getLogger("newsdesk.backfill.progress")
    logger.setLevel(logging.NOTSET)
    try:
        CliRunner().invoke(backfill_command, ["--output", str(tmp_path / "out"), str(tmp_path / "missing")])
        assert logger.getEffectiveLevel() == logging.INFO
    finally:
        logger.setLevel(logging.NOTSET)
