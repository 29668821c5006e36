"""A restarted StoryDesk goes on exactly as an uninterrupted one (#6): the store's story log holds
each assignment with its moves (a split, a quote merge, a late join) and the article's version, and
a new desk replays it step by step. Restarting at every point of a stream that makes each kind of
move gives the same Assignment records and the same final stories, on both backends."""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import SHARED
from test_store_support import BACKENDS, pg_admin, pg_schema, store_on
from test_stories_store import _put, _two_stories_then_one
from test_stories_tracker import _BOUTS, _RAHMAN_AGAIN

from newsdesk.store import Store, open_store
from newsdesk.stories import Assignment, StoryDesk, StoryTracker
from newsdesk.types import Article

# A fire story: its follow-up comes after the story went idle (window_days) and starts a story of its
# own; an undated report (matched against every story) joins the first, which now resembles the lone
# follow-up: a late join moves it.
_FIRE = Article(
    id="-", url="https://fire.example/1", title="Fire destroys Acme textile factory in Dayton",
    published="2019-03-04T09:00:00+00:00",
    text="A fire destroyed the Acme textile factory in Dayton on Monday night. Firefighters fought the blaze "
         "for six hours as flames tore through the roof of the old mill, and the fire chief said the cause was "
         "an electrical fault in the dye room.")
_FIRE_CAUSE = Article(
    id="-", url="https://fire.example/2", title="Acme fire in Dayton caused by faulty wiring, inspectors say",
    published="2019-03-14T09:00:00+00:00",
    text="Inspectors said on Thursday that faulty wiring in the dye room started the fire that destroyed the Acme "
         "textile factory in Dayton. The blaze burned for six hours and brought down the roof of the old mill.")
_FIRE_UNDATED = Article(
    id="-", url="https://fire.example/3", title="Dayton's Acme mill burned down",
    text="Flames destroyed the Acme textile mill in Dayton, and firefighters needed six hours to put out the blaze. "
         "The fire chief blamed an electrical fault in the dye room; the roof of the old factory collapsed.")
# a new version of the first report (the same URL): it keeps its story; a replay must read the
# version each log row was assigned with, not the newest
_FIRE_UPDATED = replace(_FIRE, text=_FIRE.text + " The owners said on Tuesday that the mill was insured.")


def _stream() -> list[Article]:
    """A split (t2 takes t1 out), a quote merge (the third Kyiv report), a copy, a new version, a
    late join (the undated fire report), in one stream under the default parameters."""
    bouts = [replace(a, url=f"https://ring.example/{a.id}") for a in (*_BOUTS, _RAHMAN_AGAIN)]
    r1, r2, t1, t2, r3 = bouts
    talks, pullback, more = _two_stories_then_one()
    copy = replace(r1, url="https://wire.example/r1")  # the same text elsewhere: a copy
    return [r1, r2, _FIRE, t1, talks, t2, pullback, _FIRE_CAUSE, copy, _FIRE_UPDATED, more, _FIRE_UNDATED, r3]


def _bare(made: Assignment) -> Assignment:
    """An assignment without the store's development pks (sequences differ between databases)."""
    return replace(made, developments=tuple(replace(d, pk=None) for d in made.developments))


def _state(tracker: StoryTracker) -> bytes:
    """Everything a tracker holds that assigning reads or changes."""
    return pickle.dumps((tracker._spaces, tracker._dense, tracker._copies, tracker._stories, tracker._by_id,
                         tracker._article_story, tracker._latest))


def _shape(tracker: StoryTracker) -> Any:
    """What :func:`_state` holds, comparable with ==, for a tracker from a checkpoint: objects as
    their attributes (one met again as the order it was first met in), dicts and lists in their
    order; sets as sets (their iteration order is the hash table's, which no copy keeps: the
    tracker's sums over sets are exact, math.fsum, so it never tells)."""
    seen: dict[int, int] = {}

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return ("dict", [(plain(k), plain(v)) for k, v in value.items()])
        if isinstance(value, list | tuple):
            return (type(value).__name__, [plain(v) for v in value])
        if isinstance(value, set | frozenset):
            return frozenset(value)
        if isinstance(value, np.ndarray):
            return ("array", str(value.dtype), value.shape, value.tolist())
        if hasattr(value, "__dict__"):
            if id(value) in seen:
                return ("ref", seen[id(value)])
            seen[id(value)] = len(seen)
            return (type(value).__name__, [(k, plain(v)) for k, v in vars(value).items()])
        return value

    return plain([tracker._spaces, tracker._dense, tracker._copies, tracker._stories, tracker._by_id,
                  tracker._article_story, tracker._latest])


def _run(store: Store, stream: list[Article], restart: int | None,
         state: Callable[[StoryTracker], Any] = _state) -> tuple[list[Assignment], list[str | None], Any]:
    """Assign the stream, with a new desk (a restarted process) before article ``restart``: the
    assignments, each article's final story, the tracker's ``state`` at the end."""
    desk = StoryDesk(store)
    made, ids = [], []
    for i, article in enumerate(stream):
        if i == restart:
            desk = StoryDesk(store)
        stored = _put(store, article)
        ids.append(stored.id)
        made.append(_bare(desk.add(stored)))
    if restart == len(stream):
        desk = StoryDesk(store)
    return made, [store.story_of(i) for i in dict.fromkeys(ids)], state(desk.tracker)


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Assignment], list[str | None], bytes]:
    with store_on("sqlite", tmp_path_factory.mktemp("one")) as store:
        return _run(store, _stream(), None)


def test_the_stream_makes_every_kind_of_move(uninterrupted: tuple[list[Assignment], list[str | None], bytes]) -> None:
    made, finals, _ = uninterrupted
    statuses = [m.status for m in made]
    split = [m for m in made if m.moved and not m.merged]
    quote = [m for m in made if m.merged and not m.moved]
    late = [m for m in made if m.merged and m.moved]
    assert len(split) == len(quote) == len(late) == 1 and statuses.count("copy") == 1
    assert split[0].moved == (made[3].article_id,) and late[0].moved == (made[7].article_id,)
    assert made[9].article_id == made[2].article_id and made[9].story_id == made[2].story_id  # the new version
    assert len(set(finals)) == 4  # the two bouts, the talks, the fire


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_restart_at_any_point_goes_on_as_the_uninterrupted_desk(
        backend: str, tmp_path: Path, uninterrupted: tuple[list[Assignment], list[str | None], bytes]) -> None:
    assert _restarts_differing(backend, tmp_path, _stream(), uninterrupted) == []


def _restarts_differing(backend: str, tmp_path: Path, stream: list[Article],
                        uninterrupted: tuple[list[Assignment], list[str | None], Any],
                        state: Callable[[StoryTracker], Any] = _state) -> list[tuple[int, str]]:
    """The stream run again with a restart before each article in turn, each on a store of its own:
    (restart point, what differs from the uninterrupted run) for every difference."""
    made, finals, end = uninterrupted
    differ = []
    for restart in range(1, len(stream) + 1):
        (tmp_path / str(restart)).mkdir()
        with store_on(backend, tmp_path / str(restart)) as store:
            again, again_finals, again_state = _run(store, stream, restart, state)
        differ += [(restart, "assignments")] if again[restart:] != made[restart:] else []
        differ += [(restart, "final stories")] if again_finals != finals else []
        differ += [(restart, "tracker state")] if again_state != end else []
    return differ


def test_replaying_the_assignments_gives_the_tracker_state_at_every_point() -> None:
    # the replay of each assignment, one after the other, holds what assigning held at each step
    stream = [replace(a, id=f"a{i}") for i, a in enumerate(_stream())]
    stream[9] = replace(stream[9], id=stream[2].id)  # the new version of a2
    online, replayed = StoryTracker(), StoryTracker()
    for article in stream:
        replayed.replay(article, online.assign(article))
        assert _state(replayed) == _state(online), article.id


GOLD = SHARED / "bench" / "stories" / "ecbplus-dev.jsonl"


@pytest.mark.skipif(not GOLD.exists(), reason="needs ../shared/bench/stories")
def test_replaying_the_ecbplus_dev_stream_gives_the_state_at_every_point() -> None:
    from newsdesk.pipeline import read_jsonl_articles

    lines = GOLD.read_text(encoding="utf-8").splitlines()
    articles = [o.article for o in read_jsonl_articles(lines) if o.article is not None]
    online, replayed, moves = StoryTracker(), StoryTracker(), 0
    for i, article in enumerate(articles):
        made = online.assign(article)
        replayed.replay(article, made)
        if made.moved or made.merged or i % 100 == 0:  # each state is a pickle of all of it: not every point
            moves += bool(made.moved or made.merged)
            assert _state(replayed) == _state(online), article.id
    assert _state(replayed) == _state(online)
    assert moves >= 5


@contextmanager
def _database(backend: str, tmp_path: Path) -> Iterator[tuple[str, Callable[[str], None]]]:
    """A new database to open and reopen (a SQLite file or a PostgreSQL schema), and a way to run SQL on it."""
    if backend == "postgres":
        pg_admin().close()  # or a skip
        import psycopg

        with pg_schema() as url:
            def run(sql: str) -> None:
                with psycopg.connect(url, autocommit=True) as con:
                    con.execute(sql)

            yield url, run
        return
    path = str(tmp_path / "news.db")

    def run_sqlite(sql: str) -> None:
        con = sqlite3.connect(path)
        with con:
            con.execute(sql)
        con.close()

    yield path, run_sqlite


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_database_from_before_the_log_replays_its_final_rows_then_logs_each_move(
        backend: str, tmp_path: Path) -> None:
    stream = _stream()
    with _database(backend, tmp_path) as (url, run):
        with open_store(url) as store:
            desk = StoryDesk(store)
            for article in stream[:8]:  # the split among them
                desk.add(_put(store, article))
            finals = [(story_id, role, copy_of) for story_id, role, copy_of, _ in store.story_assignments()]
        run("DROP TABLE story_log")  # what schema step 6 left
        run("DELETE FROM newsdesk_migrations WHERE version = 7")
        with open_store(url) as store:  # step 7 copies the final rows in, as rows without moves
            log = list(store.story_log())
            made = [e.assignment for e in log]
            assert [(m.story_id, "copy" if m.status == "copy" else "member", m.copy_of) for m in made] == finals
            assert [e.exact for e in log] == [False] * 8 and all(not m.moved for m in (e.assignment for e in log))
            legacy = StoryTracker()  # the replay of final rows, as before the log
            for story_id, role, copy_of, article in store.story_assignments():
                legacy.observe(article, story_id, role, copy_of)
            desk = StoryDesk(store)
            assert _state(desk.tracker) == _state(legacy)
            for article in stream[8:]:
                desk.add(_put(store, article))
            log = list(store.story_log())
            assert [e.exact for e in log] == [False] * 8 + [True] * 5
            assert [e.assignment.moved for e in log][8:] != [()] * 5  # the late join is logged with its move
            assert _state(StoryDesk(store).tracker) == _state(desk.tracker)  # exact from here on


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_rebuild_refills_the_log(backend: str, tmp_path: Path) -> None:
    with store_on(backend, tmp_path) as store:
        desk = StoryDesk(store)
        for article in _stream():
            desk.add(_put(store, article))
        assert len(list(store.story_log())) == 13  # the new version's assignment too
        assert desk.rebuild() == 12
        log = list(store.story_log())
        assert len(log) == 12 and all(e.exact for e in log)
        assert [e.article.id for e in log] == [a.id for a in store.articles()]
        assert _shape(StoryDesk(store).tracker) == _shape(desk.tracker)  # from the rebuild's checkpoint
        store.clear_stories()
        assert list(store.story_log()) == []


def test_the_log_gives_each_row_the_version_it_was_assigned(tmp_path: Path) -> None:
    with store_on("sqlite", tmp_path) as store:
        desk = StoryDesk(store)
        first = desk.add(_put(store, _FIRE))
        again = desk.add(_put(store, _FIRE_UPDATED))
        assert again.article_id == first.article_id and store.put(_FIRE_UPDATED).status == "duplicate"
        assert [e.article.text for e in store.story_log()] == [_FIRE.text, _FIRE_UPDATED.text]
        assert [(e.assignment.status, e.assignment.score) for e in store.story_log()] == [("new", 0.0), ("joined", 1.0)]


@pytest.mark.parametrize("exact", [True, False])
def test_a_row_naming_a_story_the_replay_let_expire_starts_it_again(exact: bool) -> None:
    # a log another process wrote (or final rows) can name a story this replay has expired: it must
    # not take members there (scoring would meet postings of a story that is gone)
    tracker = StoryTracker()
    old = Article(id="old", title="Harbour shelled", text="Rebels shelled the harbour at dawn.",
                  published="2019-01-01T00:00:00+00:00")
    tracker.replay(old, Assignment("old", "s-old", "new"))
    for i in range(63):  # the 64th story starts an expiry pass: the old one is idle for a month
        filler = Article(id=f"f{i}", title=f"Report {i}", text=f"Words{i} only here{i}.",
                         published="2019-02-01T00:00:00+00:00")
        tracker.replay(filler, Assignment(filler.id, f"s-{i}", "new"))
    assert "s-old" not in {s.id for s in tracker._stories.values()}
    late = Article(id="late", title="Harbour shelled again", text="Rebels shelled the harbour again at dawn.",
                   published="2019-02-01T00:00:00+00:00")
    if exact:
        tracker.replay(late, Assignment("late", "s-old", "joined", score=0.5))
    else:
        tracker.observe(late, "s-old", "member", None)
    again = Article(id="again", title="Harbour shelled", text="Rebels shelled the harbour once more.",
                    published="2019-02-01T00:00:00+00:00")
    assert tracker.assign(again).story_id == "s-old"  # it once raised KeyError here
    assert tracker._by_id["s-old"].members == ["late", "again"]
