"""An editor's undo (#6) leaves exactly the rows a whole rebuild of the stories without the correction
gives: for a move to a new story (the editor's split), a move into another story, a merge, several
corrections then the last or an earlier one undone, and articles assigned after the correction; on
SQLite and PostgreSQL. However the undo gets there, a rebuild run after it changes no row."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_store_support import BACKENDS, store_on
from test_stories_restart import _stream
from test_stories_store import _put
from test_story_rebuild import _tables

from newsdesk.store import Store
from newsdesk.stories import StoryDesk
from newsdesk.web.app import create_app

# a correction made on the desk after the nth article stored was assigned: its pk
Edit = Callable[[StoryDesk, list[Any]], int | None]


def _split(desk: StoryDesk, stored: list[Any]) -> int | None:
    return desk.move(stored[3].id, "new", editor="ann").pk  # t1 to a story of its own


def _into(desk: StoryDesk, stored: list[Any]) -> int | None:
    talks = desk.tracker.story_of(stored[4].id)
    assert talks is not None
    return desk.move(stored[1].id, talks, editor="bob").pk  # r2 into the Kyiv talks' story


def _merge(desk: StoryDesk, stored: list[Any]) -> int | None:
    bouts, fire = desk.tracker.story_of(stored[0].id), desk.tracker.story_of(stored[2].id)
    assert bouts is not None and fire is not None and bouts != fire
    return desk.merge(fire, bouts, editor="cy").pk


def _member(desk: StoryDesk, stored: list[Any]) -> int | None:
    home = desk.tracker.story_of(stored[8].id)
    assert home is not None
    return desk.move(stored[8].id, home).pk  # the copy of r1 made a member of its own story


def _online(store: Store, edits: dict[int, tuple[Edit, ...]]) -> list[int]:
    """The stream stored, then assigned one article a transaction as ingest does, each correction
    made after the article it is keyed by: their pks, in the order made."""
    for article in _stream():
        _put(store, article)
    stored = list(store.articles())
    desk, made = StoryDesk(store), []
    for n, article in enumerate(stored, 1):
        desk.add(article)
        for edit in edits.get(n, ()):
            pk = edit(desk, stored)
            assert pk is not None
            made.append(pk)
    return made


CASES: dict[str, tuple[dict[int, tuple[Edit, ...]], int]] = {  # the corrections, and which one is undone
    "split, the last": ({12: (_split,)}, -1),
    "split, then articles": ({5: (_split,)}, -1),
    "move into, the last": ({12: (_into,)}, -1),
    "merge, the last": ({12: (_merge,)}, -1),
    "a copy made a member, the last": ({12: (_member,)}, -1),
    "several, the last": ({4: (_split,), 10: (_merge,), 12: (_into,)}, -1),
    "several, an earlier one": ({4: (_split,), 10: (_merge,), 12: (_into,)}, 1),
    "two at the end, the last": ({12: (_split, _merge)}, -1),
    "two at the end, the first": ({12: (_split, _merge)}, 0),
}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", list(CASES))
def test_an_undo_leaves_what_a_whole_rebuild_without_the_correction_gives(backend: str, case: str,
                                                                          tmp_path: Path) -> None:
    edits, undone = CASES[case]
    with store_on(backend, tmp_path) as store:
        pks = _online(store, edits)
        assert [e.pk for e, _ in store.story_edits()] == pks
        pk = pks[undone]
        skipped: list[Any] = []
        assert StoryDesk(store).undo(pk, lambda e, x: skipped.append(e)).pk == pk
        assert skipped == []
        undone_tables = _tables(store)
        assert [e.pk for e, _ in store.story_edits()] == [p for p in pks if p != pk]
        assert StoryDesk(store, start=False).rebuild() == 12  # today's undo: a whole rebuild without it
        assert _tables(store) == undone_tables
        # and a desk started afterwards holds what the store holds
        tracker = StoryDesk(store).tracker
        members = undone_tables["members"]
        assert {m[0]: tracker.story_of(m[0]) for m in members} == {m[0]: m[1] for m in members}


def _pks(store: Store) -> list[int]:
    with store._db.read() as tx:
        return [int(r[0]) for r in tx.all("SELECT pk FROM developments ORDER BY pk")]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", ["split, the last", "move into, the last", "merge, the last",
                                  "a copy made a member, the last"])
def test_the_correction_just_made_is_undone_without_a_rebuild(backend: str, case: str, tmp_path: Path) -> None:
    (edit,) = CASES[case][0][12]
    with store_on(backend, tmp_path) as store:
        *first, last = _stream()
        for article in first:
            _put(store, article)
        stored = list(store.articles())
        desk = StoryDesk(store)
        for article in stored:
            desk.add(article)
        before, pks = _tables(store), _pks(store)
        pk = edit(desk, stored)
        assert pk is not None
        other = StoryDesk(store)  # another process: it read the correction from the log
        assert _tables(store) != before
        assert desk.undo(pk).pk == pk
        # the rows as they were before it, the developments under the same pks: alerts past them stay past
        assert _tables(store) == before and _pks(store) == pks
        assert store.story_rebuild_time() is None  # no rebuild was run
        other.add(_put(store, last))  # it finds the correction's log row gone and reads the log again
        online = _tables(store)
        StoryDesk(store, start=False).rebuild()
        assert _tables(store) == online


def test_the_story_page_says_which_undo_is_at_once(tmp_path: Path) -> None:
    with store_on("sqlite", tmp_path) as store:
        *first, last = _stream()
        for article in first:
            _put(store, article)
        desk = StoryDesk(store)
        for article in store.articles():
            desk.add(article)
        stored = list(store.articles())
        made = [_split(desk, stored), _merge(desk, stored)]
        client = TestClient(create_app(store))
        pages = [str(store.story_of(stored[3].id)), str(store.story_of(stored[0].id))]  # where each is listed

        def asked() -> list[str]:
            said = []
            for story_id in pages:
                page = client.get(f"/stories/{story_id}")
                assert page.status_code == 200
                said += [html.unescape(m) for m in re.findall(r'data-confirm="([^"]*)"', page.text) if "Undo" in m]
            return sorted(set(said))

        rebuilt = "Every story is rebuilt without it (every other correction is made again): 11 articles."
        at_once = "The stories it changed are put back as they were, at once."
        assert asked() == [f"Undo correction #{made[0]}? {rebuilt}", f"Undo correction #{made[1]}? {at_once}"]
        desk.add(_put(store, last))  # an article assigned after it: a rebuild undoes it
        assert asked() == [f"Undo correction #{pk}? {rebuilt.replace('11', '12')}" for pk in made]


@pytest.mark.parametrize("backend", BACKENDS)
def test_after_a_rebuild_the_last_correction_is_undone_at_once(backend: str, tmp_path: Path) -> None:
    with store_on(backend, tmp_path) as store:
        pks = _online(store, {4: (_split,), 12: (_merge,)})
        StoryDesk(store, start=False).rebuild()  # the corrections made again: their rows put back by an undo
        noted, devs = store.story_rebuild_time(), _pks(store)
        assert StoryDesk(store).undo(pks[-1]).pk == pks[-1]
        assert store.story_rebuild_time() == noted and max(_pks(store)) <= max(devs)  # at once: no new pk
        undone = _tables(store)
        StoryDesk(store, start=False).rebuild()
        assert _tables(store) == undone


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_log_unlike_a_rebuilds_is_undone_by_a_rebuild(backend: str, tmp_path: Path) -> None:
    with store_on(backend, tmp_path) as store:
        fire = _stream()[2]
        first = [a for a in _stream() if a.url != fire.url]
        for article in first[:-1]:
            _put(store, article)
        desk = StoryDesk(store)
        for article in store.articles():
            desk.add(article)
        desk.add(_put(store, fire))  # stored after the others, then a new version of it: two log rows
        updated = _put(store, replace(fire, text=fire.text + " The owners said on Tuesday that it was insured."))
        desk.add(updated)
        pk = _split(desk, list(store.articles()))
        assert pk is not None
        StoryDesk(store).undo(pk)
        assert store.story_rebuild_time() is not None  # the log is not what a rebuild writes: a rebuild
        undone = _tables(store)
        StoryDesk(store, start=False).rebuild()
        assert _tables(store) == undone


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_article_stored_since_but_not_assigned_is_undone_by_a_rebuild(backend: str, tmp_path: Path) -> None:
    """An article stored after the correction whose assignment has not run (ingest with the stories
    off, a crash between the two) writes no log row; a rebuild takes it, so the undo must be one."""
    with store_on(backend, tmp_path) as store:
        *first, last = _stream()
        for article in first:
            _put(store, article)
        desk = StoryDesk(store)
        for article in store.articles():
            desk.add(article)
        pk = _split(desk, list(store.articles()))
        assert pk is not None
        _put(store, last)  # stored, never assigned
        assert StoryDesk(store).undo(pk).pk == pk
        assert store.story_rebuild_time() is not None  # a rebuild ran: it assigned the article too
        undone = _tables(store)
        assert last.url in {a.url for a in store.articles()}
        StoryDesk(store, start=False).rebuild()
        assert _tables(store) == undone


def test_a_rebuild_reads_the_whole_log_only_for_a_correction_after_its_last_article(tmp_path: Path) -> None:
    """Each correction checks once whether the log is a rebuild's (every article and log row read):
    a rebuild making corrections again before its last article must not, or it costs that read per
    correction (seconds each at 200k articles)."""
    from newsdesk.store import story_undo

    with store_on("sqlite", tmp_path) as store:
        _online(store, CASES["several, the last"][0])  # corrections after articles 4, 10 and 12 (the last)
        real, calls = story_undo._as_rebuilt, []

        def counted(*args: Any) -> bool:
            calls.append(args)
            return real(*args)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(story_undo, "_as_rebuilt", counted)
            StoryDesk(store, start=False).rebuild()
        assert len(calls) == 1
