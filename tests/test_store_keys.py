"""Keys readers page by never repeat (schema step 8, #5): development pks and story log seqs go on
above every one given before, after `stories --rebuild` too, on both backends; the step keeps the
rows a database already holds."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from test_store_support import BACKENDS, analysed, pg_schema, quote_rows_before_step_26, store_on

from newsdesk.store import Store
from newsdesk.store.db import Database
from newsdesk.store.migrations import migrate
from newsdesk.store.schema import STEPS
from newsdesk.stories import StoryDesk

TEXTS = (
    ("A magnitude 6.1 earthquake struck near Ridgecrest in southern California on Thursday. Governor Gavin "
     "Newsom said crews were checking roads.", ("Gavin Newsom",), ("Ridgecrest",), "2019-07-04"),
    ("Floods in Bavaria forced thousands from their homes near Passau, and Chancellor Olaf Scholz visited "
     "the shelters on Sunday.", ("Olaf Scholz",), ("Passau",), "2019-07-05"),
    ("Aftershocks kept rattling Ridgecrest in southern California on Friday, and Governor Gavin Newsom "
     "asked for federal help to repair the roads.", ("Gavin Newsom",), ("Ridgecrest",), "2019-07-06"),
)


def _fill(store: Store) -> None:
    for n, (text, people, places, published) in enumerate(TEXTS):
        store.put(analysed(text, f"https://k.example/{n}", title=f"Story {n}", people=people, places=places,
                           events=("REQUEST",), published=published))


def _keys(store: Store) -> tuple[list[int], list[int]]:
    return [d.pk or 0 for d in store.developments_after(0)], [e.seq for e in store.story_log()]


@pytest.mark.parametrize("backend", BACKENDS)
def test_rebuilt_developments_and_log_rows_get_keys_above_every_earlier_one(backend: str, tmp_path: Path) -> None:
    with store_on(backend, tmp_path) as store:
        _fill(store)
        desk = StoryDesk(store)
        for article in store.articles():
            desk.add(article)
        devs, seqs = _keys(store)
        assert devs and seqs
        for _ in range(2):
            StoryDesk(store).rebuild()
            new_devs, new_seqs = _keys(store)
            assert len(new_devs) == len(devs) and len(new_seqs) == len(seqs)
            assert min(new_devs) > max(devs) and min(new_seqs) > max(seqs)
            devs, seqs = new_devs, new_seqs


@contextmanager
def _database(backend: str, tmp_path: Path) -> Iterator[Database]:
    if backend == "postgres":
        from newsdesk.store.postgres import PostgresDatabase

        with pg_schema() as url:
            db: Database = PostgresDatabase(url)
            try:
                yield db
            finally:
                db.close()
    else:
        from newsdesk.store.sqlite import SQLiteDatabase

        db = SQLiteDatabase(str(tmp_path / "old.db"))
        try:
            yield db
        finally:
            db.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_step_keeps_rows_and_goes_on_above_them(backend: str, tmp_path: Path) -> None:
    with _database(backend, tmp_path) as db:
        # a database as the release before this step left it (and later ones, but step 16's column of
        # the developments table, which this step makes again: no release had 16 without 8)
        migrate(db, STEPS[:7] + STEPS[8:15])
        store = Store(db)
        with quote_rows_before_step_26():
            _fill(store)
        ids = [a.id for a in store.articles()]
        with db.write() as tx:  # rows as the old code wrote them, with gaps and high keys
            tx.run("INSERT INTO stories (id, first_seen, last_updated, article_count, record) "
                   "VALUES ('s1', '2019', '2019', 3, '{}')")
            for n, article_id in enumerate(ids):
                tx.run('INSERT INTO developments (story_id, article_id, kind, sentence, "start", "end", payload, '
                       "published, created_at) VALUES ('s1', ?, 'story', 'A sentence.', 0, 11, '{}', NULL, '2019')",
                       (article_id,))
                tx.run("INSERT INTO story_log (seq, article_id, version, story_id, status, copy_of, score, merged, "
                       "moved, exact) VALUES (?, ?, 1, 's1', 'joined', NULL, 0.5, '[]', '[]', TRUE)",
                       (10 * (n + 1), article_id))
            tx.run("DELETE FROM developments WHERE pk = 1")
        before = _keys(store), [(d.article_id, d.kind, d.sentence) for d in store.developments_after(0)]
        assert migrate(db) == [8, 16, *(step.version for step in STEPS[16:])]  # and those after 16
        assert (_keys(store), [(d.article_id, d.kind, d.sentence) for d in store.developments_after(0)]) == before
        (devs, seqs), _ = before
        StoryDesk(store).rebuild()
        new_devs, new_seqs = _keys(store)
        assert new_devs and min(new_devs) > max(devs) and min(new_seqs) > max(seqs)
