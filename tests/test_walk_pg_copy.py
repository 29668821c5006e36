"""A team moves its laptop's SQLite corpus to the shared PostgreSQL (#5): there was no way to
(`export` wrote articles only, nothing read them back; stories, sources, watches and accounts stayed
behind). `newsdesk export --to URL` copies the whole database into an empty one, keys kept, and the
copy goes on as the original would: new articles get keys above the copied ones, searches answer the
same, a watch is still there. It copies back to SQLite too (the search index is filled)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from test_store_support import analysed, article, pg_schema

from newsdesk.cli import cli
from newsdesk.store import FetchResult, LinkNote, open_store
from newsdesk.store.export import TABLE_KEYS, _columns, tables

DEMO = Path(__file__).resolve().parent.parent / "newsdesk" / "demo" / "articles"
QUERIES = ("talks", '"peace talks"', "lockdown OR evacuation", "source:reuters", "since:2022-04 NOT talks",
           "person:Erdogan", "évacuation")


def _run(*args: str, stdin: str | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), input=stdin)


def _laptop(path: Path) -> str:
    """A SQLite database as a team has it: stories, an updated article, a source, a link, a watch, logins."""
    db = str(path)
    result = _run("ingest", "--db", db, "--no-analyze", str(DEMO))
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        store.put(analysed("Erdoğan hosts the talks; evacuation plans wait.", "https://example.com/e",
                           people=("Erdoğan",), published="2022-04-02"))
        store.put(analysed("Erdoğan hosts the talks again; evacuation plans go ahead.", "https://example.com/e",
                           people=("Erdoğan",), published="2022-04-02"))  # version 2
        feed = store.add_source("https://example.com/feed.xml", kind="feed")
        store.record_fetch(feed.id, FetchResult(status=200, etag='"v1"', articles=1))
        store.put(article("A story from the feed.", "https://example.com/f1"),
                  LinkNote("https://example.com/f1", feed.id, "2022-04-03"))
    assert _run("watch", "add", "--db", db, "--atom", "talks").exit_code == 0
    assert _run("user", "add", "--db", db, "--password-stdin", "admin", stdin="correct horse battery\n").exit_code == 0
    assert _run("token", "add", "--db", db, "bot").exit_code == 0
    return db


def _rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in key order, as comparable text (JSON parsed, booleans as 0/1)."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with open_store(url) as store:
        db = store._db  # a test looks at the rows themselves
        with db.read() as tx:
            for table, keys in TABLE_KEYS:
                cols = [f'"{c.name}"' for c in _columns(tx, table)]
                rows = tx.all(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {', '.join(keys)}")
                out[table] = [tuple(json.dumps(v, sort_keys=True) if isinstance(v, (dict, list)) else
                                    _json_text(v) if isinstance(v, str) else int(v) if isinstance(v, bool) else v
                                    for v in row) for row in rows]
    return out


def _json_text(value: str) -> str:
    if value[:1] in "[{":
        try:
            return json.dumps(json.loads(value), sort_keys=True)
        except ValueError:
            return value
    return value


def _hits(url: str) -> dict[str, list[str]]:
    with open_store(url) as store:
        return {q: sorted(h.id for h in store.search(q, limit=100)) for q in QUERIES}


def test_a_sqlite_corpus_moves_to_postgres_whole(tmp_path: Path) -> None:
    laptop = _laptop(tmp_path / "laptop.db")
    with pg_schema() as url:
        result = _run("export", "--db", laptop, "--to", url)
        assert result.exit_code == 0, result.output
        assert "copied 28 articles" in result.output and "stories" in result.output
        before, after = _rows(laptop), _rows(url)
        for table, _ in TABLE_KEYS:
            assert after[table] == before[table], table
        assert after["articles"] and after["stories"] and after["watches"] and after["accounts"]
        assert _hits(url) == _hits(laptop)
        with open_store(url) as store:  # the copy goes on: keys above the copied ones, stories resumed
            assert [v.version for v in store.versions(after["articles"][-2][1])] == [1, 2]  # history kept
            new = store.put(article("A new article after the move.", "https://example.com/new"))
            assert new.status == "stored" and store.count() == 29
            feed = store.add_source("https://example.com/other.xml")
            assert feed.id == 2
        again = _run("ingest", "--db", url, "--no-analyze", "--jsonl", str(DEMO / "01-istanbul-talks-preview.txt"))
        assert again.exit_code == 0 and '"duplicate"' in again.output
        assert "talks" in _run("watch", "list", "--db", url).output


def test_a_copy_into_a_database_that_holds_data_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    laptop = _laptop(tmp_path / "laptop.db")
    with pg_schema() as url:
        with open_store(url) as store:
            store.put(article("Already here.", "https://example.com/here"))
        result = _run("export", "--db", laptop, "--to", url)
        assert result.exit_code == 1
        assert result.output.startswith("newsdesk: error: postgresql://")
        assert "already holds data (1 articles)" in result.output and result.output.count("\n") == 1
        with open_store(url) as store:
            assert store.count() == 1


def test_postgres_copies_back_to_sqlite_with_its_search_index(tmp_path: Path) -> None:
    laptop = _laptop(tmp_path / "laptop.db")
    with pg_schema() as url:
        assert _run("export", "--db", laptop, "--to", url).exit_code == 0
        back = str(tmp_path / "back.db")
        result = _run("export", "--db", url, "--to", back)
        assert result.exit_code == 0, result.output
        assert _rows(back) == _rows(laptop)
        assert _hits(back) == _hits(laptop)
    with sqlite3.connect(back) as conn:  # development pks go on above the copied ones
        assert conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'developments'").fetchone()[0] > 0
    conn.close()


def test_every_table_of_a_new_database_is_copied(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store, store._db.read() as tx:
        assert set(tables(tx)) == {t for t, _ in TABLE_KEYS}
    with pg_schema() as url, open_store(url) as store, store._db.read() as tx:
        assert set(tables(tx)) == {t for t, _ in TABLE_KEYS}


def test_a_copy_from_postgres_is_one_snapshot_while_writers_go_on(tmp_path: Path) -> None:
    """A copy is made while `newsdesk run` still stores: it holds the database as the copy began
    (it read each page as committed then: an article stored meanwhile came along, or not)."""
    with pg_schema() as url, open_store(url) as source, open_store(url) as writer:
        source.put_many([article(f"Article {i} of the first load.", f"https://example.com/{i}") for i in range(600)])
        stored: list[str] = []

        def meanwhile(table: str, rows: int) -> None:
            if table == "articles" and not stored:  # after the first page of articles
                stored.append(writer.put(article("Stored during the copy.", "https://example.com/late")).id)

        with open_store(str(tmp_path / "copy.db")) as target:
            copied = source.copy_to(target, meanwhile)
            assert stored and copied["articles"] == 600 and target.count() == 600
            assert target.get(stored[0]) is None


def test_another_applications_table_beside_newsdesk_is_left_alone(tmp_path: Path) -> None:
    """newsdesk in the `public` schema of a database other software uses too: the copy was refused
    ("has tables this newsdesk does not copy")."""
    laptop = _laptop(tmp_path / "laptop.db")
    with pg_schema() as url:
        with open_store(url) as store, store._db.write() as tx:
            tx.run("CREATE TABLE billing (id INTEGER PRIMARY KEY, amount INTEGER)")
            tx.run("INSERT INTO billing VALUES (1, 20)")
        result = _run("export", "--db", laptop, "--to", url)
        assert result.exit_code == 0, result.output
        with open_store(url) as store, store._db.read() as tx:
            assert tx.all("SELECT id, amount FROM billing") == [(1, 20)]
            assert store.count() == 28


def test_an_older_sqlite_database_holding_nul_characters_still_moves(tmp_path: Path) -> None:
    """SQLite stored a NUL (before extraction dropped it, or from the API); PostgreSQL takes none, so
    the whole copy was refused. It goes as U+FFFD, one character for one: the spans still hold."""
    laptop = _laptop(tmp_path / "laptop.db")
    with sqlite3.connect(laptop) as conn:  # as an older newsdesk left it
        pk, record = conn.execute("SELECT pk, record FROM articles ORDER BY pk LIMIT 1").fetchone()
        data = json.loads(record)
        data["text"] = data["text"][:10] + "\x00" + data["text"][11:]
        conn.execute("UPDATE articles SET record = ?, title = title || char(0) WHERE pk = ?", (json.dumps(data), pk))
        conn.execute("UPDATE entities SET name = name || char(0) WHERE pk = (SELECT min(pk) FROM entities)")
    conn.close()
    with pg_schema() as url:
        result = _run("export", "--db", laptop, "--to", url)
        assert result.exit_code == 0, result.output
        with open_store(url) as store:
            copied = next(store.articles())
            assert copied.text == data["text"].replace("\x00", "\ufffd")
            assert next(h.title for h in store.search("istanbul resume")).endswith("\ufffd")  # the title column
            assert store.count() == 28


def test_to_with_an_output_file_is_refused_not_half_obeyed(tmp_path: Path) -> None:
    """`export --to URL --output FILE` copied the database and silently wrote no file."""
    laptop = _laptop(tmp_path / "laptop.db")
    result = _run("export", "--db", laptop, "--to", str(tmp_path / "copy.db"), "--output", str(tmp_path / "a.csv"))
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "--to copies the whole database" in result.output
    assert not (tmp_path / "copy.db").exists() and not (tmp_path / "a.csv").exists()
