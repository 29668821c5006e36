"""Stories at scale (#5, #6): a rebuild cut off says how far it got and a second run finishes it;
articles a process left without a story are assigned when the monitor starts again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_story_edits import _INTERVIEW, _STRIKE, _bouts, _state

from newsdesk.cli import cli
from newsdesk.monitor.log import Log
from newsdesk.monitor.loop import Monitor
from newsdesk.settings import Settings
from newsdesk.store import Store, open_store
from newsdesk.stories import StoryDesk, service

# the database "goes away" once three articles are assigned again (a real error in the write's transaction)
_CUT = ("CREATE TRIGGER cut BEFORE INSERT ON story_articles WHEN (SELECT count(*) FROM story_articles) >= 3 "
        "BEGIN SELECT RAISE(ABORT, 'server closed the connection'); END")


def _stored(store: Store) -> list[str]:
    """Seven articles, every one assigned, and an editor's move kept; their ids in the order stored."""
    articles = [*_bouts(store), store.get(store.put(_STRIKE).id), store.get(store.put(_INTERVIEW).id)]
    desk = StoryDesk(store)
    for article in articles:
        assert article is not None
        desk.add(article)
    desk.move(articles[2].id, "new", editor="ann")
    return [a.id for a in articles if a is not None]


@pytest.fixture
def two_a_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild writes two articles a transaction: cut off at the fourth, it has stored two."""
    monkeypatch.setattr(service, "REBUILD_BATCH", 2)


def test_a_cut_off_rebuild_says_how_far_it_got_and_a_second_run_finishes(tmp_path: Path, two_a_batch: None) -> None:
    db = str(tmp_path / "n.db")
    runner = CliRunner()
    with open_store(db) as store:
        ids = _stored(store)
        assert runner.invoke(cli, ["stories", "--db", db, "--rebuild"]).exit_code == 0
        whole = _state(store)
    with sqlite3.connect(db) as raw:
        raw.execute(_CUT)
    cut = runner.invoke(cli, ["stories", "--db", db, "--rebuild"])
    assert cut.exit_code == 1 and "Traceback" not in cut.output
    said = cut.stderr.strip()
    assert len(said.splitlines()) == 1
    # the batch the fourth article was in is rolled back whole: two stored, and the rest in no story
    assert f"stopped after 2 of {len(ids)} articles" in said and "server closed the connection" in said
    assert f"the other {len(ids) - 2} are in no story until it is run again (newsdesk stories --rebuild)" in said
    with open_store(db) as store:
        assert store.storyless() == ids[2:]
    with sqlite3.connect(db) as raw:
        raw.execute("DROP TRIGGER cut")
    again = runner.invoke(cli, ["stories", "--db", db, "--rebuild"])
    assert again.exit_code == 0, again.output
    with open_store(db) as store:
        assert store.storyless() == []
        assert _state(store) == whole  # the editor's move made again too


def test_an_undo_cut_off_says_the_correction_is_undone_and_how_to_finish(tmp_path: Path, two_a_batch: None) -> None:
    db = str(tmp_path / "n.db")
    with open_store(db) as store:
        ids = _stored(store)
        (edit, _), = store.story_edits()
        later = StoryDesk(store).move(ids[1], "new", editor="bob")  # undoing the earlier one rebuilds
        story = store.story_of(ids[2])
    with sqlite3.connect(db) as raw:
        raw.execute(_CUT)
    cut = CliRunner().invoke(cli, ["story", str(story), "--db", db, "--undo", str(edit.pk)])
    assert cut.exit_code == 1 and "Traceback" not in cut.output
    assert f"correction #{edit.pk} is undone, but the stories rebuild stopped after 2 of {len(ids)}" in cut.stderr
    with open_store(db) as store:
        assert [e.pk for e, _ in store.story_edits()] == [later.pk]
        assert store.storyless() == ids[2:]


def test_the_monitor_assigns_at_start_what_a_process_before_it_left_without_a_story(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store:
        articles = [*_bouts(store), store.get(store.put(_STRIKE).id), store.get(store.put(_INTERVIEW).id)]
        desk = StoryDesk(store)
        for article in articles[:3]:  # the rest was stored, then the process died before assigning it
            assert article is not None
            desk.add(article)
        left = [a.id for a in articles[3:] if a is not None]
        assert store.storyless() == left  # in the order stored
        assert store.storyless(limit=1) == left[:1]
        monitor = Monitor(store, Settings(), log=Log(None))  # a restart: nothing in memory
        try:
            monitor.run_once()
        finally:
            monitor.close()
        assert store.storyless() == []
        online = _state(store)
        StoryDesk(store).rebuild()  # the same as assigning them in the order stored
        assert _state(store) == online
