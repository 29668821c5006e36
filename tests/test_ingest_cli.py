"""`newsdesk ingest / search / show / export` through click's runner, and a kill -9 in mid-ingest."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import types
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from test_store_support import pg_schema

from newsdesk.commands.store import COMMANDS
from newsdesk.store import open_store
from newsdesk.types import Article, Entity, Event, Span


@click.group()
def cli() -> None:
    """The storage commands, as cli.py registers them."""


for command in COMMANDS:
    cli.add_command(command)


def page(n: int, *, url: bool = True, extra: str = "") -> str:
    """A small news page; its canonical URL (when ``url``) and its text are its own."""
    link = f'<link rel="canonical" href="https://news.example.com/story/{n}">' if url else ""
    paras = "".join(f"<p>Story {n}, paragraph {p}: the council met on Tuesday to discuss the new flood barrier, and "
                    f"residents of district {n} asked for more time to read the plans before the vote.</p>"
                    for p in range(3))
    return (f"<!doctype html><html><head><title>Council story {n}</title>{link}</head><body><article>"
            f"<h1>Council story {n}</h1>{paras}{extra}</article></body></html>")


def write_pages(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = folder / f"page{n:04d}.html"
        path.write_text(page(n))
        paths.append(path)
    return paths


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def lines(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "news.db")


def test_ingest_reports_stored_duplicate_updated(tmp_path: Path, db: str) -> None:
    pages = write_pages(tmp_path / "pages", 3)
    first = run("ingest", "--db", db, "--jsonl", "--no-analyze", str(tmp_path / "pages"))
    assert first.exit_code == 0, first.output
    assert [(r["input"], r["status"]) for r in lines(first)] == [(str(p), "stored") for p in pages]
    assert first.stderr == ""
    again = run("ingest", "--db", db, "--jsonl", "--no-analyze", str(pages[0]))
    [dup] = lines(again)
    assert dup == {"input": str(pages[0]), "id": lines(first)[0]["id"], "status": "duplicate",
                   "duplicate_of": lines(first)[0]["id"]}
    pages[0].write_text(page(0, extra="<p>Update: the vote was postponed until the barrier plans are published in "
                                      "full, the council said on Wednesday evening.</p>"))
    [updated] = lines(run("ingest", "--db", db, "--jsonl", "--no-analyze", str(pages[0])))
    assert (updated["status"], updated["id"]) == ("updated", dup["id"]) and "duplicate_of" not in updated
    with open_store(db) as store:
        assert store.count() == 3 and len(store.versions(dup["id"])) == 2


def test_a_bad_input_does_not_stop_the_others(tmp_path: Path, db: str) -> None:
    [good] = write_pages(tmp_path, 1)
    (tmp_path / "empty.html").write_text("")
    result = run("ingest", "--db", db, "--jsonl", "--no-analyze", str(tmp_path / "missing.html"), str(good),
                 str(tmp_path / "empty.html"))
    assert result.exit_code == 1
    records = lines(result)
    assert records[0] == {"input": str(tmp_path / "missing.html"), "error": "no such file"}
    assert records[1]["status"] == "stored"
    assert records[2] == {"input": str(tmp_path / "empty.html"), "error": "empty input"}
    human = run("ingest", "--db", db, "--no-analyze", str(good), str(tmp_path / "missing.html"))
    assert human.exit_code == 1
    assert human.stdout == "1 duplicate, 1 failed\n"
    assert f"newsdesk: error: {tmp_path / 'missing.html'}: no such file" in human.stderr


def test_errors_are_one_line(tmp_path: Path, db: str) -> None:
    [good] = write_pages(tmp_path, 1)
    for args in (["ingest", "--db", "mysql://x/y", "--no-analyze", str(good)],
                 ["ingest", "--db", db, "--published", "last tuesday", str(good)],
                 ["search", "--db", db, "(unclosed"],
                 ["show", "--db", db, "abcdef"],
                 ["export", "--db", db, "--output", str(tmp_path / "no" / "such" / "dir.jsonl")],
                 ["search", "--db", str(tmp_path), "storm"]):
        result = run(*args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith("newsdesk: error: ") and result.stderr.count("\n") == 1, result.stderr
        assert "Traceback" not in result.output
    result = run("ingest", "--db", db, "--jsonl", "--published", "last tuesday", str(good))
    assert result.exit_code == 1 and "not an ISO date" in lines(result)[0]["error"]


class FakeAnalyzer:
    """Stands in for newsdesk.understand.Analyzer: finds one person and one event in every article."""

    def __init__(self, n_process: int = 1) -> None:
        self.n_process = n_process

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            yield dataclasses.replace(article, entities=(Entity("e1", "Ada Lovelace", "PERSON"),),
                                      events=(Event("CONSULT", Span(0, 10), "met"),))


def test_analyze_stores_entities_when_the_nlp_stage_is_there(tmp_path: Path, db: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("newsdesk.understand")
    module.Analyzer = FakeAnalyzer  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "newsdesk.understand", module)
    write_pages(tmp_path / "pages", 2)
    assert run("ingest", "--db", db, str(tmp_path / "pages")).exit_code == 0  # --analyze is the default
    hits = lines(run("search", "--db", db, "--jsonl", "person:lovelace event:consult"))
    assert len(hits) == 2


def test_analyze_falls_back_with_a_note(tmp_path: Path, db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "newsdesk.understand", None)  # import fails
    [good] = write_pages(tmp_path, 1)
    result = run("ingest", "--db", db, "--jsonl", "--analyze", str(good))
    assert result.exit_code == 0
    assert result.stderr.startswith("newsdesk: note: the NLP stage is not available")
    assert lines(result)[0]["status"] == "stored"


def test_search_show_export(tmp_path: Path, db: str) -> None:
    write_pages(tmp_path / "pages", 3)
    assert run("ingest", "--db", db, "--no-analyze", str(tmp_path / "pages")).stdout == "3 stored\n"
    hits = lines(run("search", "--db", db, "--jsonl", '"district 1"'))
    assert [h["title"] for h in hits] == ["Council story 1"]
    assert set(hits[0]) == {"id", "title", "url", "published", "source", "snippet"}
    table = run("search", "--db", db, "council", "district", "--limit", "2")
    assert table.exit_code == 0 and len(table.stdout.splitlines()) == 2
    assert all(row.split()[0] in {h["id"][:12] for h in lines(run("search", "--db", db, "--jsonl", "council"))}
               for row in table.stdout.splitlines())
    assert run("search", "--db", db, "nothingmatches").stderr == "no matching articles\n"

    full = run("show", "--db", db, hits[0]["id"])
    record = json.loads(full.stdout)
    assert record["id"] == hits[0]["id"] and record["url"] == "https://news.example.com/story/1"
    assert json.loads(run("show", "--db", db, hits[0]["id"][:10]).stdout) == record

    exported = lines(run("export", "--db", db))
    assert [r["title"] for r in exported] == ["Council story 0", "Council story 1", "Council story 2"]
    assert exported[1] == record
    rows = list(csv.DictReader(io.StringIO(run("export", "--db", db, "--format", "csv").stdout)))
    assert [r["id"] for r in rows] == [r["id"] for r in exported] and rows[0]["text"] == exported[0]["text"]
    out = tmp_path / "all.jsonl"
    result = run("export", "--db", db, "--output", str(out))
    assert result.stderr == f"exported 3 articles to {out}\n"
    assert [json.loads(line) for line in out.read_text().splitlines()] == exported


def test_database_from_environment(tmp_path: Path) -> None:
    [good] = write_pages(tmp_path, 1)
    env_db = str(tmp_path / "env.db")
    assert run("ingest", "--no-analyze", str(good), env={"NEWSDESK_DB": env_db}).exit_code == 0
    assert Path(env_db).exists()
    home = tmp_path / "home"
    result = run("ingest", "--no-analyze", str(good), env={"NEWSDESK_DB": "", "NEWSDESK_HOME": str(home)})
    assert result.exit_code == 0 and (home / "newsdesk.db").exists()


def test_cli_on_postgres(tmp_path: Path) -> None:
    write_pages(tmp_path / "pages", 2)
    with pg_schema() as url:
        assert run("ingest", "--db", url, "--no-analyze", str(tmp_path / "pages")).stdout == "2 stored\n"
        assert run("ingest", "--db", url, "--no-analyze", str(tmp_path / "pages")).stdout == "2 duplicate\n"
        hits = lines(run("search", "--db", url, "--jsonl", "district"))
        assert {h["title"] for h in hits} == {"Council story 0", "Council story 1"}


INGEST = "from newsdesk.commands.store import ingest_command; ingest_command(prog_name='newsdesk ingest')"


def test_kill_9_mid_ingest_loses_nothing_reported(tmp_path: Path, db: str) -> None:
    pages = write_pages(tmp_path / "pages", 300)
    args = [sys.executable, "-c", INGEST, "--db", db, "--jsonl", "--no-analyze", str(tmp_path / "pages")]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None
    reported = []
    for line in proc.stdout:
        reported.append(json.loads(line))
        if len(reported) == 40:
            os.kill(proc.pid, signal.SIGKILL)
            break
    reported += [json.loads(line) for line in proc.stdout if line.endswith("\n")]
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    stored = [r["id"] for r in reported if r.get("status") == "stored"]
    assert 40 <= len(stored) < len(pages)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with open_store(db) as store:
        assert all(store.get(i) is not None for i in stored)
    rerun = subprocess.run(args, capture_output=True, text=True, check=True)
    second = {r["input"]: r for r in map(json.loads, rerun.stdout.splitlines())}
    assert len(second) == len(pages)
    assert all(second[r["input"]]["status"] == "duplicate" for r in reported)
    assert {r["status"] for r in second.values()} <= {"stored", "duplicate"}
    with open_store(db) as store:
        assert store.count() == len(pages)
        assert {a.id for a in store.articles()} == {r["id"] for r in second.values()}


def test_export_parquet(tmp_path: Path, db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    module = types.ModuleType("newsdesk.understand")
    module.Analyzer = FakeAnalyzer  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "newsdesk.understand", module)
    write_pages(tmp_path / "pages", 3)
    run("ingest", "--db", db, str(tmp_path / "pages"))
    out = tmp_path / "all.parquet"
    result = run("export", "--db", db, "--format", "parquet", "--output", str(out))
    assert result.exit_code == 0 and result.stderr == f"exported 3 articles to {out}\n"
    table = pq.read_table(out).to_pylist()
    exported = lines(run("export", "--db", db))
    assert [r["id"] for r in table] == [r["id"] for r in exported]
    assert table[0]["persons"] == ["Ada Lovelace"] and table[0]["event_types"] == ["CONSULT"]
    assert json.loads(table[1]["record"]) == exported[1] and table[2]["text"] == exported[2]["text"]
    refused = run("export", "--db", db, "--format", "parquet")
    assert refused.exit_code == 1 and refused.stderr == "newsdesk: error: --format parquet writes a file: give " \
                                                        "--output FILE\n"
    empty = tmp_path / "empty.parquet"
    open_store(str(tmp_path / "new.db")).close()  # a database without articles
    assert run("export", "--db", str(tmp_path / "new.db"), "--format", "parquet", "-o", str(empty)).exit_code == 0
    assert pq.read_table(empty).num_rows == 0


def test_two_nlp_workers_store_what_one_stores(tmp_path: Path) -> None:
    """The real NLP stage on two worker processes: same records, same order of the report."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for i, (city, who) in enumerate([("Kyiv", "Vladimir Medinsky"), ("Istanbul", "Mevlut Cavusoglu"),
                                     ("Paris", "Emmanuel Macron")]):
        body = (f"<p>{who} said in {city} on Tuesday that the talks had been constructive.</p>"
                f"<p>\"We will meet again next week,\" {who.split()[-1]} told reporters.</p>")
        (folder / f"{i}.html").write_text(f"<html><head><title>Talks in {city}</title></head><body><article>"
                                          f"<h1>Talks in {city}</h1>{body * 2}</article></body></html>")
    exports = []
    for workers in ("1", "2"):
        url = str(tmp_path / f"w{workers}.db")
        result = run("ingest", "--db", url, "--jsonl", "--analyze", "--workers", workers, str(folder))
        assert result.exit_code == 0, result.output
        assert [r["input"] for r in lines(result)] == [str(folder / f"{i}.html") for i in range(3)]
        exports.append(sorted(lines(run("export", "--db", url)), key=lambda r: r["id"]))
    one, two = exports
    assert [r["quotes"] for r in one] == [r["quotes"] for r in two] and any(r["quotes"] for r in one)
    assert [r["entities"] for r in one] == [r["entities"] for r in two]
