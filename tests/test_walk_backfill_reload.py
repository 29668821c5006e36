"""A WARC file done again (a download completed, a crawl grown) reaches the --db store again, on
SQLite and on PostgreSQL (a fresh schema, dropped afterwards)."""

from __future__ import annotations

from pathlib import Path

from test_backfill_support import SETTINGS, bench_pages, write_warc
from test_store_support import pg_admin

from newsdesk.backfill import Options, backfill
from newsdesk.store import open_store
from newsdesk.store.location import resolve


def test_a_file_completed_after_a_cut_off_download_is_loaded_again(tmp_path: Path, db: str) -> None:
    pages = [(p.url, p.html) for p in bench_pages(3, smallest=True)]
    (tmp_path / "in").mkdir()
    warc = write_warc(tmp_path / "in" / "crawl.warc.gz", pages)
    whole = warc.read_bytes()
    warc.write_bytes(whole[:-1500])  # the download broke off in the last page
    options = Options(output=str(tmp_path / "out"), analyze=False, db=db)
    first = backfill([str(warc)], options, SETTINGS)
    assert (first.articles, first.errors, first.loaded) == (2, 1, 2)
    warc.write_bytes(whole)  # downloaded again, whole
    second = backfill([str(warc)], options, SETTINGS)
    assert (second.done, second.articles, second.errors) == (1, 3, 0)
    assert (second.loaded, second.stories) == (1, 1)  # the page it lacked: the Parquet had it, the store not
    with open_store(db) as store:
        assert store.count() == 3
        assert all(store.story_of(a.id) is not None for a in store.articles())
    assert backfill([str(warc)], options, SETTINGS).loaded == 0  # and once only


def test_a_database_made_again_at_the_same_place_is_loaded_again(tmp_path: Path, db: str) -> None:
    """A researcher deletes the database to start over: the marks of the first one said every file
    was loaded into the new one ('0 stored'), which stayed empty."""
    (tmp_path / "in").mkdir()
    warc = write_warc(tmp_path / "in" / "crawl.warc.gz", [(p.url, p.html) for p in bench_pages(3, smallest=True)])
    options = Options(output=str(tmp_path / "out"), analyze=False, db=db)
    assert backfill([str(warc)], options, SETTINGS).loaded == 3
    if resolve(db).backend == "postgres":
        schema = db.rsplit("%3D", 1)[1]
        with pg_admin() as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
            admin.execute(f"CREATE SCHEMA {schema}")
    else:
        Path(db).unlink()
    again = backfill([str(warc)], options, SETTINGS)
    assert (again.skipped, again.loaded, again.stories) == (1, 3, 3)
    with open_store(db) as store:
        assert store.count() == 3
    assert backfill([str(warc)], options, SETTINGS).loaded == 0


def test_no_stories_with_db_stores_only(tmp_path: Path) -> None:
    """--no-stories was ignored with --db: the bulk load still ran the story tracker."""
    (tmp_path / "in").mkdir()
    warc = write_warc(tmp_path / "in" / "crawl.warc.gz", [(p.url, p.html) for p in bench_pages(3, smallest=True)])
    db = str(tmp_path / "news.db")
    summary = backfill([str(warc)], Options(output=str(tmp_path / "out"), analyze=False, db=db, stories=False),
                       SETTINGS)
    assert (summary.loaded, summary.stories) == (3, 0)
    with open_store(db) as store:
        assert store.count() == 3 and all(store.story_of(a.id) is None for a in store.articles())
