"""A WARC file a crawler is still writing (its last record cut off by the file's end): under monitoring
its whole records are taken, the tail waits for the next check, and nothing is reported as lost; a
file given once (``newsdesk ingest``) still gets its error, and damage elsewhere is still damage."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from test_ingest_warc import write_warc
from test_monitor_support import loopback_settings
from warcio.archiveiterator import ArchiveIterator

from newsdesk.errors import InputError
from newsdesk.ingest.warc import warc_index, warc_pages
from newsdesk.monitor import Log, Monitor
from newsdesk.settings import Settings
from newsdesk.store import open_store


def _ends(path: Path) -> dict[int, int]:
    """Each record's offset -> where it ends (warcio's own reading of the whole file)."""
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        return {records.get_record_offset(): records.get_record_offset() + records.get_record_length()
                for _ in records}


@pytest.mark.parametrize("gz", [False, True])
def test_a_growing_warc_lists_its_whole_records_wherever_it_is_cut(tmp_path: Path, gz: bool) -> None:
    full_path = write_warc(tmp_path / ("full.warc.gz" if gz else "full.warc"), gzip=gz)
    full, ends = full_path.read_bytes(), _ends(full_path)
    whole = list(warc_index(str(full_path)))
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    refused = 0
    for size in range(0, len(full) + 1, 3):
        cut.write_bytes(full[:size])
        listed = [(r.offset, r.url) for r in warc_index(str(cut), growing=True)]
        assert listed == [(r.offset, r.url) for r in whole if ends[r.offset] <= size], size
        try:
            list(warc_index(str(cut)))
        except InputError:
            refused += 1
    assert refused > len(full) // 6  # read once (not growing), a cut file is still an error


@pytest.mark.parametrize("gz", [False, True])
def test_damage_before_the_end_is_still_an_error_in_a_growing_warc(tmp_path: Path, gz: bool) -> None:
    full = write_warc(tmp_path / "full.warc", gzip=gz).read_bytes()
    offsets = sorted(_ends(tmp_path / "full.warc"))
    damaged = tmp_path / "damaged.warc"
    damaged.write_bytes(full[:offsets[2]] + b"GARBAGE\r\n\r\n" * 3 + full[offsets[2]:])
    with pytest.raises(InputError, match="WARC file"):
        list(warc_index(str(damaged), growing=True))
    if not gz:  # a record (not a page: that one says so itself) longer than its Content-Length, records after it
        damaged.write_bytes(full.replace(b"GET /1 HTTP/1.1", b"GET /1?page=all HTTP/1.1", 1))
        with pytest.raises(InputError, match="does not end where its Content-Length says"):
            list(warc_index(str(damaged), growing=True))


def test_the_monitor_takes_a_growing_warc_record_by_record(tmp_path: Path) -> None:
    full_path = write_warc(tmp_path / "full.warc.gz")
    full, ends = full_path.read_bytes(), _ends(full_path)
    pages = list(warc_index(str(full_path)))
    crawl = tmp_path / "crawl.warc.gz"
    crawl.write_bytes(full[:ends[pages[2].offset] - 40])  # the third page's record is half written
    out = io.StringIO()
    with open_store(str(tmp_path / "n.db")) as store:
        store.add_source(str(crawl), kind="warc")
        settings: Settings = loopback_settings(check_interval=1e-6)
        first = Monitor(store, settings, log=Log(out)).run_once()
        assert (first.sources_failed, first.stored, first.failed) == (0, 2, 0)
        crawl.write_bytes(full)  # the crawler finished the file
        second = Monitor(store, settings, log=Log(out)).run_once()
        assert (second.sources_failed, second.stored, second.failed) == (0, len(pages) - 2, 0)
    events = [json.loads(line) for line in out.getvalue().splitlines()]
    assert not [e for e in events if e["event"] in ("source.failed", "article.failed")]


def test_a_cut_warc_given_once_still_says_so(tmp_path: Path) -> None:
    full_path = write_warc(tmp_path / "full.warc.gz")
    full, ends = full_path.read_bytes(), _ends(full_path)
    third = list(warc_index(str(full_path)))[2]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(full[:ends[third.offset] - 40])
    *_, last = warc_pages(str(cut), Settings())
    assert isinstance(last, InputError)
    assert str(last) == (f"{cut}#{third.url}: WARC record cut short (the file ends before its Content-Length "
                         "does: a truncated file, or a wrong length)")
