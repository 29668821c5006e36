"""Backfill on the local engine: WARC files written here from the benchmark pages, the Parquet
read back and compared with `newsdesk analyze`; re-runs, a killed run, --db and bad inputs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
from test_backfill_support import (
    NEWSDESK,
    SETTINGS,
    Corpus,
    bench_pages,
    rows_of,
    same_as_analyze,
    write_warcs,
)

from newsdesk.backfill import Options, Summary, backfill
from newsdesk.backfill.files import Folder, find_warcs
from newsdesk.backfill.ledger import DONE, STAGING, done_reports, recover, write_manifest
from newsdesk.backfill.local import run_file
from newsdesk.backfill.rows import NULL_PARTITION
from newsdesk.store import open_store

pytest_plugins = ["test_backfill_support"]  # its session fixtures, shared by both modules


def _parts(output: Path) -> list[Path]:
    return sorted((output / "articles").rglob("*.parquet"))


def test_local_engine_gives_what_analyze_gives(corpus: Corpus, analyzed: dict[str, dict[str, object]],
                                               local_run: tuple[Path, Summary]) -> None:
    output, summary = local_run
    rows = rows_of(output)
    assert sorted(r["url"] for r in rows) == sorted(p.url for p in corpus.pages)
    for row in rows:
        same_as_analyze(row, analyzed[row["url"]])
        assert row["warc"] in {str(w) for w in corpus.warcs} and row["warc_offset"] > 0
    # one record in the first file is a binary page: counted, logged with its offset, not fatal
    assert (summary.files, summary.done, summary.articles, summary.errors) == (3, 3, 5, 1)
    assert summary.records == 6 and summary.articles_per_second > 0
    [failure] = summary.failures
    assert failure.url == "https://news.example.com/broken" and failure.offset > 0
    errors = (output / "_backfill" / "errors").glob("*.jsonl")
    assert [json.loads(line)["offset"] for f in errors for line in f.read_text().splitlines()] == [failure.offset]
    # partitioned by publication date; undated articles in Hive's null partition
    for part in _parts(output):
        date = part.parent.name.split("=", 1)[1]
        published = {r["published"] for r in pq.read_table(part).to_pylist()}
        assert all((p or "")[:10] == ("" if date == NULL_PARTITION else date) for p in published)
    # stories over the results, in publication order
    assignments = pq.read_table(output / "stories" / "assignments.parquet").to_pylist()
    assert sorted(a["article_id"] for a in assignments) == sorted(r["id"] for r in rows)
    dated = [a["published"] for a in assignments if a["published"]]
    assert dated == sorted(dated)


def test_a_rerun_skips_what_is_done_and_redoes_what_changed(corpus: Corpus, tmp_path: Path) -> None:
    warcs = write_warcs(tmp_path / "in", corpus.pages[:2], 2, junk=False)
    out = tmp_path / "out"
    options = Options(output=str(out), workers=1, analyze=False)
    first = backfill([str(tmp_path / "in")], options, SETTINGS)
    assert (first.done, first.skipped, first.articles) == (2, 0, 2)
    before = {p: p.read_bytes() for p in _parts(out)}
    again = backfill([str(tmp_path / "in" / "*.warc*")], options, SETTINGS)  # a glob this time
    assert (again.done, again.skipped, again.articles) == (0, 2, 0)
    os.utime(warcs[0], (1, 1))  # touched, same bytes: the checksum says it is done
    touched = backfill([str(tmp_path / "in")], options, SETTINGS)
    assert (touched.done, touched.skipped) == (0, 2)
    assert {p: p.read_bytes() for p in _parts(out)} == before
    write_warcs(tmp_path / "in", corpus.pages[2:4], 2, junk=False)  # same names, other pages
    changed = backfill([str(tmp_path / "in")], options, SETTINGS)
    assert (changed.done, changed.skipped) == (2, 0)
    assert sorted(r["url"] for r in rows_of(out)) == sorted(p.url for p in corpus.pages[2:4])


def test_a_killed_run_restarts_without_duplicates_or_partial_files(tmp_path: Path) -> None:
    pages = bench_pages(12)
    write_warcs(tmp_path / "in", pages, 12, junk=False)
    out = tmp_path / "out"
    args = [NEWSDESK, "backfill", "--no-analyze", "--no-stories", "--workers", "1", "--output", str(out),
            str(tmp_path / "in")]
    run = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while len(list((out / DONE).glob("*.json"))) < 3 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)  # the parent and its pool, mid-run
    run.wait()
    killed_done = len(list((out / DONE).glob("*.json")))
    assert 3 <= killed_done < 12
    for part in _parts(out):  # whatever is in place is whole
        assert pq.read_table(part).num_rows > 0
    again = subprocess.run([*args, "--json"], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert summary["skipped"] >= killed_done and summary["skipped"] + summary["done"] == 12
    rows = rows_of(out)
    assert sorted(r["url"] for r in rows) == sorted(p.url for p in pages)
    assert not [k for k, n in Counter((r["warc"], r["warc_offset"]) for r in rows).items() if n > 1]
    assert not list((out / STAGING).iterdir())


def test_a_crash_between_task_and_commit_is_rolled_forward(corpus: Corpus, tmp_path: Path) -> None:
    warcs = write_warcs(tmp_path / "in", corpus.pages[:2], 2, junk=False)
    folder = Folder(str(tmp_path / "out"))
    files = find_warcs([str(w) for w in warcs])
    finished = f"{STAGING}/{files[0].key}-a"  # a task that wrote its manifest, then the parent died
    run_file(files[0], folder.uri, finished, SETTINGS, False, False)
    unfinished = f"{STAGING}/{files[1].key}-b"  # a task that died writing: no manifest
    (tmp_path / "out" / unfinished / "published_date=2020-01-01").mkdir(parents=True)
    (tmp_path / "out" / unfinished / "published_date=2020-01-01" / "part-00000-x.c000.parquet").write_bytes(b"PAR1")
    [report] = recover(folder)
    assert report.key == files[0].key and list(done_reports(folder)) == [files[0].key]
    assert [r["url"] for r in rows_of(tmp_path / "out")] == [corpus.pages[0].url]
    assert folder.list(STAGING, dirs=True) == []
    write_manifest(folder, f"{STAGING}/empty", [])  # a manifest with nothing: committed, nothing moves
    assert recover(folder) == []


def test_published_from_warc_fills_missing_dates(tmp_path: Path) -> None:
    pages = bench_pages(None, smallest=True)[:12]
    write_warcs(tmp_path / "in", pages, 1, junk=False)
    plain = backfill([str(tmp_path / "in")], Options(output=str(tmp_path / "a"), analyze=False, stories=False),
                     SETTINGS)
    undated = {r["url"] for r in rows_of(tmp_path / "a") if r["published"] is None}
    assert undated and plain.articles == 12
    backfill([str(tmp_path / "in")], Options(output=str(tmp_path / "b"), analyze=False, stories=False,
                                             published_from_warc=True), SETTINGS)
    rows = {r["url"]: r for r in rows_of(tmp_path / "b")}
    assert all(rows[u]["published"] == "2024-05-06T07:08:09+00:00" for u in undated)
    assert all(rows[u]["published_date"] == "2024-05-06" for u in undated)


def test_db_loads_in_bulk_and_assigns_stories_once(local_run: tuple[Path, Summary], corpus: Corpus,
                                                   tmp_path: Path) -> None:
    output, _ = local_run
    db = str(tmp_path / "news.db")
    first = backfill([str(corpus.folder)], Options(output=str(output), db=db), SETTINGS)
    assert first.skipped == 3 and first.done == 0  # the Parquet was there already: only the load runs
    rows = rows_of(output)
    assert first.loaded == len(rows) and first.stories == len(rows)
    with open_store(db) as store:
        assert store.count() == len(rows)
        assert all(store.story_of(r["id"]) is not None for r in rows)
        stored = store.get(rows[0]["id"])
        assert stored is not None and stored.quotes == tuple(stored.quotes) and stored.title == rows[0]["title"]
    second = backfill([str(corpus.folder)], Options(output=str(output), db=db), SETTINGS)
    assert (second.loaded, second.stories) == (0, 0)
    with open_store(db) as store:
        assert store.count() == len(rows)


def test_bad_inputs_give_one_line_errors(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for target, reason in ((tmp_path / "missing.warc.gz", "no such file or folder"),
                           (tmp_path / "empty", "no WARC files (.warc, .warc.gz, .warc.zst, .wacz) here")):
        done = subprocess.run([NEWSDESK, "backfill", "--output", str(tmp_path / "out"), str(target)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 1
        assert done.stderr.strip() == f"newsdesk: error: {target}: {reason}"
    not_warc = tmp_path / "notes.warc"
    not_warc.write_text("hello, this is not an archive\n")
    summary = backfill([str(not_warc)], Options(output=str(tmp_path / "out"), analyze=False), SETTINGS)
    assert (summary.done, summary.articles, summary.errors) == (1, 0, 1)
    assert summary.failures[0].reason == "not a WARC file"
