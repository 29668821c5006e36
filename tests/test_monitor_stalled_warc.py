"""A monitored WARC file cut off for good (its crawler died mid-record): once it has not changed for
``warc_stall_seconds`` its source fails with why, so the operator learns the tail is lost; its whole
records are stored all the same, nothing stored is lost, and the file is read on if it grows again."""

from __future__ import annotations

import io
import json
import os
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_bad_input_growing_warc import _ends
from test_ingest_warc import write_warc
from test_monitor_support import loopback_settings

from newsdesk.cli import cli
from newsdesk.ingest.warc import growing_index, warc_index
from newsdesk.monitor import Log, Monitor
from newsdesk.store import Store, open_store


def _age(path: Path, seconds: float) -> None:
    """Set the file's modification time ``seconds`` into the past, as if nothing wrote to it since."""
    when = time.time() - seconds
    os.utime(path, (when, when))


@pytest.mark.parametrize("gz", [False, True])
def test_growing_index_says_where_the_cut_off_record_starts(tmp_path: Path, gz: bool) -> None:
    full_path = write_warc(tmp_path / ("full.warc.gz" if gz else "full.warc"), gzip=gz)
    full, ends = full_path.read_bytes(), _ends(full_path)
    starts = sorted(ends)
    whole = list(warc_index(str(full_path)))
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    for size in range(0, len(full) + 1, 7):
        cut.write_bytes(full[:size])
        found = growing_index(str(cut))
        assert [r.offset for r in found.records] == [r.offset for r in whole if ends[r.offset] <= size], size
        cut_off = [start for start in starts if start < size < ends[start]]
        assert found.tail == (cut_off[0] if cut_off else None), size


def _crawl(tmp_path: Path) -> tuple[Path, bytes, int, int]:
    """A crawl whose third page's record is half written: the file, the whole file's bytes, the
    offset of that record and how many pages the whole file holds."""
    full_path = write_warc(tmp_path / "full.warc.gz")
    full, ends = full_path.read_bytes(), _ends(full_path)
    pages = list(warc_index(str(full_path)))
    crawl = tmp_path / "crawl.warc.gz"
    crawl.write_bytes(full[:ends[pages[2].offset] - 40])
    return crawl, full, pages[2].offset, len(pages)


def _events(out: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_warc_cut_off_for_good_fails_its_source_and_is_read_on_when_it_grows(tmp_path: Path) -> None:
    crawl, full, third, total = _crawl(tmp_path)
    settings = loopback_settings(check_interval=1e-6)  # warc_stall_seconds: the default, 600
    out = io.StringIO()
    with open_store(str(tmp_path / "n.db")) as store:
        source = store.add_source(str(crawl), kind="warc")
        _age(crawl, 300)  # unchanged for 5 minutes: still taken for a crawler writing it
        first = Monitor(store, settings, log=Log(out)).run_once()
        assert (first.sources_failed, first.stored, first.failed) == (0, 2, 0)
        _age(crawl, 700)  # for more than 10 minutes: the crawler is gone
        stalled = Monitor(store, settings, log=Log(out)).run_once()
        assert (stalled.sources_failed, stalled.stored, stalled.failed) == (1, 0, 0)
        failed = store.get_source(source.id)
        assert failed is not None and failed.error_count == 1 and failed.last_error is not None
        assert re.fullmatch(rf"{re.escape(str(crawl))}: truncated WARC file: its last record \(byte {third}\) has "
                            r"not grown for 7\d\d s", failed.last_error), failed.last_error
        assert store.count() == 2  # nothing stored is lost
        listed = CliRunner().invoke(cli, ["source", "list", "--db", str(tmp_path / "n.db")],
                                    env={"NEWSDESK_DB": ""})
        assert f"last error: {crawl}: truncated WARC file: its last record (byte {third})" in listed.stdout
        crawl.write_bytes(full)  # the crawl goes on after all
        again = Monitor(store, settings, log=Log(out)).run_once()
        assert (again.sources_failed, again.stored, again.failed) == (0, total - 2, 0)
        healed = store.get_source(source.id)
        assert healed is not None and (healed.error_count, healed.last_error) == (0, None)
        assert store.count() == total
    failures = [e for e in _events(out) if e["event"] == "source.failed"]
    assert len(failures) == 1 and failures[0]["failures"] == 1
    assert not [e for e in _events(out) if e["event"] == "article.failed"]


def test_the_whole_records_of_a_stalled_warc_are_stored_in_the_pass_that_fails_it(tmp_path: Path) -> None:
    crawl, _, third, _ = _crawl(tmp_path)
    _age(crawl, 60)
    settings = loopback_settings(check_interval=1e-6, warc_stall_seconds=30)
    with open_store(str(tmp_path / "n.db")) as store:
        source = store.add_source(str(crawl), kind="warc")
        report = Monitor(store, settings).run_once()
        assert (report.sources_failed, report.stored, report.failed) == (1, 2, 0)
        assert store.count() == 2
        [entry, *_] = store.fetch_log(source.id)
        assert entry.articles == 2 and entry.error is not None and f"(byte {third})" in entry.error


def test_a_whole_or_young_warc_is_no_failure_however_old(tmp_path: Path) -> None:
    whole = write_warc(tmp_path / "whole.warc.gz")
    crawl, _, _, _ = _crawl(tmp_path)
    _age(whole, 10_000)
    _age(crawl, 10_000)
    with open_store(str(tmp_path / "n.db")) as store:
        store.add_source(str(whole), kind="warc")
        store.add_source(str(crawl), kind="warc")
        report = Monitor(store, loopback_settings(check_interval=1e-6, warc_stall_seconds=20_000)).run_once()
        assert (report.sources_failed, report.stored, report.duplicate) == (0, 5, 2)  # the crawl's pages: copies
        assert not [s for s in store.list_sources() if s.error_count]


def _sources_failing(store: Store) -> list[str | None]:
    return [s.last_error for s in store.list_sources() if s.error_count]


def test_an_empty_warc_left_alone_is_no_truncated_file(tmp_path: Path) -> None:
    empty = tmp_path / "new.warc.gz"
    empty.write_bytes(b"")
    _age(empty, 10_000)
    with open_store(str(tmp_path / "n.db")) as store:
        store.add_source(str(empty), kind="warc")
        assert Monitor(store, loopback_settings(check_interval=1e-6)).run_once().sources_failed == 0
        assert _sources_failing(store) == []
