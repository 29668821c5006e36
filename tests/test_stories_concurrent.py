"""Two processes assigning stories on one database (#6): each has its own StoryDesk, and each
assignment first replays, under the story writer lock, what the others logged since; so a copy of
another process's article is a copy, interleaved desks assign as one desk does, and simultaneous
writers on PostgreSQL lose nothing."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from test_store_support import BACKENDS, article, pg_admin, pg_schema
from test_stories_restart import _bare, _stream
from test_stories_store import _put
from test_stories_tracker import _BOUTS

from newsdesk.store import Store, open_store
from newsdesk.stories import StoryDesk
from newsdesk.types import Article


@contextmanager
def _two_stores(backend: str, tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    """Two stores on one new database, as two processes would open it."""
    if backend == "postgres":
        pg_admin().close()  # or a skip
        with pg_schema() as url, open_store(url) as one, open_store(url) as two:
            yield one, two
        return
    path = str(tmp_path / "news.db")
    with open_store(path) as one, open_store(path) as two:
        yield one, two


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_copy_of_what_another_process_assigned_is_a_copy(backend: str, tmp_path: Path) -> None:
    original = replace(_BOUTS[0], url="https://ring.example/r1")
    copy = replace(original, url="https://wire.example/r1")
    with _two_stores(backend, tmp_path) as (run, ingest):
        monitor, desk = StoryDesk(run), StoryDesk(ingest)  # newsdesk run, then newsdesk ingest
        first = desk.add(_put(ingest, original))
        again = monitor.add(_put(run, copy))
        assert (again.status, again.story_id, again.copy_of) == ("copy", first.story_id, first.article_id)


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_desks_taking_turns_assign_as_one_desk(backend: str, tmp_path: Path) -> None:
    stream = _stream()  # a split, a quote merge, a copy, a new version, a late join
    (tmp_path / "one").mkdir()
    with _two_stores(backend, tmp_path / "one") as (store, _):
        desk = StoryDesk(store)
        alone = [_bare(desk.add(_put(store, a))) for a in stream]
        alone_finals = [store.story_of(m.article_id) for m in alone]
    with _two_stores(backend, tmp_path) as (one, two):
        desks = [(one, StoryDesk(one)), (two, StoryDesk(two))]
        turns = [_bare(desks[i % 2][1].add(_put(desks[i % 2][0], a))) for i, a in enumerate(stream)]
        finals = [one.story_of(m.article_id) for m in turns]
    assert turns == alone
    assert finals == alone_finals


def test_simultaneous_writers_on_postgres_lose_nothing() -> None:
    pg_admin().close()  # or a skip
    count = 24
    with pg_schema() as url, open_store(url) as one, open_store(url) as two:
        stored = [[_put(store, article(f"Report {side}{i}: the {side} council of town {i} met on budget item {i}.",
                                        f"https://{side}.example/{i}", title=f"Town {i} council {side}"))
                   for i in range(count)] for side, store in (("north", one), ("south", two))]
        errors: list[BaseException] = []
        start = threading.Barrier(2)

        def assign(store: Store, articles: list[Article]) -> None:
            desk = StoryDesk(store)
            start.wait()
            for a in articles:
                try:
                    desk.add(a)
                except Exception as exc:
                    errors.append(exc)

        threads = [threading.Thread(target=assign, args=pair) for pair in zip((one, two), stored, strict=True)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert [str(e) for e in errors] == []
        assert [a.id for a in stored[0] + stored[1] if one.story_of(a.id) is None] == []
        seqs = [e.assignment.article_id for e in one.story_log()]
        assert sorted(seqs) == sorted(a.id for a in stored[0] + stored[1])


def test_a_desk_starts_over_when_another_process_cleared_the_stories(tmp_path: Path) -> None:
    bouts = [replace(a, url=f"https://ring.example/{i}") for i, a in enumerate(_BOUTS)]
    with _two_stores("sqlite", tmp_path) as (run, other):
        monitor = StoryDesk(run)
        for a in bouts[:3]:
            monitor.add(_put(run, a))
        other.clear_stories()  # stories --rebuild in another shell, then one assignment
        first = StoryDesk(other).add(_put(other, bouts[3]))
        again = monitor.add(_put(run, replace(bouts[3], url="https://wire.example/3")))
        assert (again.status, again.copy_of) == ("copy", first.article_id)
