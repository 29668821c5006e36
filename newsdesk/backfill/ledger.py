"""What a backfill has done, kept in its output folder, and how finished work is put in place.

Layout under the output folder::

    articles/published_date=YYYY-MM-DD/part-<key>.c000.parquet   the rows of one WARC file, one date
    _backfill/done/<key>.json       a WARC file that is done: size, mtime, sha256, counts, its parts
    _backfill/errors/<key>.jsonl    the records of that file that failed, with their offsets
    _backfill/staging/<job>/        a task's or a Spark job's output before it is committed

A job writes only under ``staging``. When it has finished, a ``_manifest.json`` (reports and
renames) is written there, and :func:`commit` renames its parts into place, then writes the done
markers. A crash before the manifest leaves nothing but staging, which :func:`recover` deletes;
a crash after it is rolled forward by :func:`recover`. Part names come from the WARC file, so
doing a file again replaces its parts: no duplicates.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ..types import from_dict, to_dict
from .files import Folder, sha256_of
from .records import FileReport, RecordFailure, WarcInput
from .rows import PARTITION

ARTICLES = "articles"
DONE = "_backfill/done"
ERRORS = "_backfill/errors"
STAGING = "_backfill/staging"
MANIFEST = "_manifest.json"
LOG = logging.getLogger("newsdesk.backfill")
# What a ledger file that is not what newsdesk wrote gives: bad UTF-8 or JSON (ValueError), or
# JSON of the wrong shape for its record (TypeError, AttributeError, KeyError).
_UNREADABLE = (ValueError, TypeError, AttributeError, KeyError, RecursionError)
_PART = re.compile(r"^(?:.*/)?(" + PARTITION + r"=[^/]+)/part-(\d+)-[^/]*?\.(c\d+)(?:\.[^/]*)?\.parquet$")


def done_reports(folder: Folder, *, quiet: bool = False) -> dict[str, FileReport]:
    """The done markers; one that cannot be read (damaged, or not newsdesk's) counts as absent, so
    its WARC file is done again (which replaces its parts), with a warning naming it (unless ``quiet``)."""
    out = {}
    for rel in folder.list(DONE):
        if rel.endswith(".json"):
            try:
                report = from_dict(FileReport, json.loads(folder.read_text(rel)))
                if not isinstance(report.key, str):
                    raise TypeError("no key")
            except _UNREADABLE as exc:
                if not quiet:
                    LOG.warning("%s: a done marker that cannot be read (%s); its WARC file is done again",
                                folder.path(rel), _brief(exc))
                continue
            out[report.key] = report
    return out


def _brief(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8"
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON: {exc.msg} at character {exc.pos}"
    if isinstance(exc, RecursionError):
        return "JSON nested too deep"
    if isinstance(exc, ValueError):
        return "not valid JSON"
    return "JSON, but not of the shape newsdesk writes"


def to_do(folder: Folder, files: Iterable[WarcInput], mode: str | None = None
          ) -> tuple[list[WarcInput], list[WarcInput]]:
    """``(todo, skipped)``: a file is skipped when done before (the same ``mode``, if its marker
    says) with the same size and mtime, or, if these changed, the same sha256 (then its marker
    takes the new mtime). A file not done under its name whose bytes are those of a file done (an
    archive moved, or reached by another path) is skipped too, its marker naming the same parts, as
    is a second copy of a file in the same run: its pages were doubled in the output."""
    done = done_reports(folder)
    sizes: dict[int, list[FileReport]] = {}
    for report in done.values():
        if mode is None or report.mode in (None, mode):
            sizes.setdefault(report.size, []).append(report)
    todo, skipped = [], []
    todo_sizes: dict[int, list[WarcInput]] = {}
    hashes: dict[str, str] = {}  # uri -> sha256, of the files hashed here

    def sha256(file: WarcInput) -> str:
        if file.uri not in hashes:
            hashes[file.uri] = sha256_of(file.uri)
        return hashes[file.uri]

    for file in files:
        old = done.get(file.key)
        if old is not None and mode is not None and old.mode not in (None, mode):
            todo.append(file)  # done another way (--analyze, --published-from-warc): done again
        elif old is not None and old.size == file.size and old.mtime == file.mtime:
            skipped.append(file)
        elif old is not None and old.size == file.size and sha256(file) == old.sha256:
            _write_done(folder, replace(old, mtime=file.mtime))
            skipped.append(file)
        elif (twin := next((r for r in sizes.get(file.size, ()) if r.key != file.key and r.sha256 == sha256(file)),
                           None)) is not None:
            _write_done(folder, replace(twin, key=file.key, uri=file.uri, mtime=file.mtime))
            skipped.append(file)
        elif any(sha256(other) == sha256(file) for other in todo_sizes.get(file.size, ())):
            skipped.append(file)  # a copy of a file this run does (its marker is written by the next run)
        else:
            todo.append(file)
            todo_sizes.setdefault(file.size, []).append(file)
    return todo, skipped


def stage_moves(folder: Folder, stage: str, reports: Iterable[FileReport]) -> list[tuple[str, str]]:
    """Where each part file under ``stage`` goes: ``articles/<date>/part-<key>.<cNNN>.parquet``,
    the key being that of the WARC file its task (partition) read."""
    keys = {r.partition: r.key for r in reports}
    moves = []
    for rel in folder.list(stage, recursive=True):
        match = _PART.match(rel[len(stage) + 1:])
        if match and not rel.rsplit("/", 1)[-1].startswith("."):
            date_dir, partition, counter = match.group(1), int(match.group(2)), match.group(3)
            moves.append((rel, f"{ARTICLES}/{date_dir}/part-{keys[partition]}.{counter}.parquet"))
    return moves


def write_manifest(folder: Folder, stage: str, reports: Iterable[FileReport]) -> None:
    reports = list(reports)
    moves = stage_moves(folder, stage, reports)
    body = {"reports": [to_dict(r) for r in reports], "moves": moves}
    folder.write_text(f"{stage}/{MANIFEST}", json.dumps(body, ensure_ascii=False))


def commit(folder: Folder, stage: str) -> list[FileReport]:
    """Put a finished job's parts into place and mark its files done (safe to run again)."""
    reports, moves = _manifest(folder, stage)
    done = done_reports(folder, quiet=True)  # to_do warned of any it could not read
    targets = {dst for _, dst in moves}
    for report in reports:  # a file done again (it changed): its old parts go
        for rel in done[report.key].files if report.key in done else ():
            if rel not in targets:
                folder.delete(rel)
    for src, dst in moves:
        if folder.exists(src):
            folder.move(src, dst)
    out = []
    for report in reports:
        parts = tuple(sorted(dst for _, dst in moves if f"/part-{report.key}." in dst))
        report = replace(report, files=parts)
        if report.failures:
            folder.write_text(f"{ERRORS}/{report.key}.jsonl",
                              "".join(json.dumps(to_dict(f), ensure_ascii=False) + "\n" for f in report.failures))
        elif folder.exists(f"{ERRORS}/{report.key}.jsonl"):
            folder.delete(f"{ERRORS}/{report.key}.jsonl")
        _write_done(folder, report)
        out.append(report)
    folder.delete(stage)
    return out


def _manifest(folder: Folder, stage: str) -> tuple[list[FileReport], list[tuple[str, str]]]:
    body: Any = json.loads(folder.read_text(f"{stage}/{MANIFEST}"))
    reports = [from_dict(FileReport, r) for r in body["reports"]]
    moves = [(str(src), str(dst)) for src, dst in body["moves"]]
    return reports, moves


def _write_done(folder: Folder, report: FileReport) -> None:
    data = to_dict(replace(report, failures=()))
    folder.write_text(f"{DONE}/{report.key}.json", json.dumps(data, ensure_ascii=False))


def recover(folder: Folder) -> list[FileReport]:
    """Finish what a crashed run left: commit staged jobs that have a manifest, delete the rest."""
    out: list[FileReport] = []
    for stage in folder.list(STAGING, dirs=True):
        if folder.exists(f"{stage}/{MANIFEST}"):
            try:
                _manifest(folder, stage)
            except _UNREADABLE as exc:  # not what a run wrote: its files are done again
                LOG.warning("%s: a manifest that cannot be read (%s); its job is done again",
                            folder.path(f"{stage}/{MANIFEST}"), _brief(exc))
                folder.delete(stage)
                continue
            out.extend(commit(folder, stage))
        else:
            folder.delete(stage)
    return out


def failures_of(folder: Folder, key: str) -> list[RecordFailure]:
    rel = f"{ERRORS}/{key}.jsonl"
    if not folder.exists(rel):
        return []
    try:
        return [from_dict(RecordFailure, json.loads(line)) for line in folder.read_text(rel).splitlines() if line]
    except _UNREADABLE as exc:
        LOG.warning("%s: a list of failed records that cannot be read (%s)", folder.path(rel), _brief(exc))
        return []
