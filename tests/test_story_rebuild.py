"""A rebuild writes many articles a transaction (#6): the stories, copies, developments and story log
it leaves are exactly those of online assignment of the stored articles in the order stored, with
the editors' corrections made between the same articles, wherever the batches end; one commit a
batch, not one an article. A rebuild is timed, and the story page says what an undo (a rebuild)
will take before it starts."""

from __future__ import annotations

import html
import os
import pty
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_backfill_support import NEWSDESK
from test_store_support import store_on
from test_stories_restart import _stream
from test_stories_store import _put

from newsdesk.store import Store, open_store
from newsdesk.stories import StoryDesk, service
from newsdesk.web.app import create_app


def _tables(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every story row as stored, in its order (log seqs and development pks left out: a rebuild's go
    on above the old ones; so are the times a write stamps: joined_at, and an undated article's)."""
    def day(when: Any) -> Any:
        return when if when is None or str(when) < "2025" else "(now)"

    with store._db.read() as tx:
        return {
            "log": tx.all("SELECT article_id, version, story_id, status, copy_of, score, merged, moved, exact "
                          "FROM story_log ORDER BY seq"),
            "members": tx.all("SELECT article_id, story_id, role, copy_of, published FROM story_articles ORDER BY seq"),
            "developments": tx.all('SELECT story_id, article_id, kind, sentence, "start", "end", payload, published, '
                                   "retold FROM developments ORDER BY pk"),
            "stories": [(*r[:5], day(r[5]), day(r[6])) for r in tx.all(
                "SELECT id, title, article_count, merged_into, record, first_seen, last_updated FROM stories "
                "ORDER BY id")],
        }


def _online(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """The stream stored, then assigned one article a transaction as ingest does, with an editor's
    move (t1 to a story of its own) after the fourth and a merge (the bouts into the fire) after the
    tenth: the stored tables."""
    for article in _stream():
        _put(store, article)
    stored = list(store.articles())  # (the fire report's new version replaced it: 12 articles)
    desk = StoryDesk(store)
    for n, article in enumerate(stored, 1):
        desk.add(article)
        if n == 4:
            desk.move(article.id, "new", editor="ann")
        if n == 10:
            bouts, fire = desk.tracker.story_of(stored[0].id), desk.tracker.story_of(stored[2].id)
            assert bouts is not None and fire is not None and bouts != fire
            desk.merge(fire, bouts, editor="bob")
    assert len(store.story_edits()) == 2 and store.storyless() == []
    return _tables(store)


@contextmanager
def _counted(store: Store) -> Iterator[list[int]]:
    """The write transactions the store opens meanwhile (its one count in a list)."""
    opened, write = [0], store._db.write

    @contextmanager
    def counting() -> Iterator[Any]:
        opened[0] += 1
        with write() as tx:
            yield tx

    store._db.write = counting  # type: ignore[method-assign]
    try:
        yield opened
    finally:
        del store._db.write


@pytest.mark.parametrize(("backend", "batch"), [("sqlite", 1), ("sqlite", 2), ("sqlite", 3), ("sqlite", 250),
                                                ("postgres", 3)])
def test_a_rebuild_gives_what_online_assignment_gave_whatever_the_batch(
        backend: str, batch: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "REBUILD_BATCH", batch)
    with store_on(backend, tmp_path) as store:
        online = _online(store)
        skipped: list[Any] = []
        assert StoryDesk(store, start=False).rebuild(lambda e, x: skipped.append(x)) == 12
        assert skipped == []
        rebuilt = _tables(store)
        assert rebuilt == online
        # a desk started from the rebuild's checkpoint holds what it stored
        tracker = StoryDesk(store).tracker
        assert {m[0]: tracker.story_of(m[0]) for m in rebuilt["members"]} == {m[0]: m[1] for m in rebuilt["members"]}


def test_a_rebuild_commits_once_a_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "REBUILD_BATCH", 5)
    with store_on("sqlite", tmp_path) as store:
        _online(store)
        with _counted(store) as opened:
            StoryDesk(store, start=False).rebuild()
        # the clear; the batches 1-4, 5-9, 10 and 11-12; the move after 4, the merge after 10; the checkpoint
        # and the time it took (one transaction an article before: 16 in all)
        assert opened == [1 + 4 + 2 + 1 + 1]


def test_the_story_page_says_what_an_undo_will_take(tmp_path: Path) -> None:
    with store_on("sqlite", tmp_path) as store:
        _online(store)
        (moved, _), _ = store.story_edits()
        client = TestClient(create_app(store))

        def asked() -> list[str]:
            page = client.get(f"/stories/{moved.story_id}")
            assert page.status_code == 200
            return [html.unescape(m) for m in re.findall(r'data-confirm="([^"]*)"', page.text) if "Undo" in m]

        assert store.story_rebuild_time() is None
        assert asked()[0] == (f"Undo correction #{moved.pk}? Every story is rebuilt without it (every other "
                              "correction is made again): 12 articles.")  # no rebuild timed yet
        StoryDesk(store, start=False).rebuild()
        noted = store.story_rebuild_time()
        assert noted is not None and noted[0] == 12 and 0 < noted[1] < 60
        assert re.fullmatch(rf"Undo correction #{moved.pk}\? .*: 12 articles, about \d+ seconds?\.", asked()[0])
        store.note_story_rebuild(1_000, 500.0)  # a big store's pace: 0.5 s an article
        assert asked()[0].endswith(": 12 articles, about 6 seconds.")
        store.note_story_rebuild(100, 600.0)
        assert asked()[0].endswith(": 12 articles, about 72 seconds.")
        store.note_story_rebuild(10, 600.0)
        assert asked()[0].endswith(": 12 articles, about 12 minutes.")


def test_at_a_terminal_a_rebuild_says_what_it_will_take_and_how_far_it_got(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "n.db")
    with open_store(db) as store:
        _online(store)
        StoryDesk(store, start=False).rebuild()  # timed: the next one says what it will take
    monkeypatch.setenv("COLUMNS", "200")
    terminal, side = pty.openpty()  # stderr a terminal, as a person running it sees it
    try:
        done = subprocess.run([NEWSDESK, "stories", "--db", db, "--rebuild"], stdout=subprocess.PIPE, stderr=side,
                              timeout=120, check=False)
        os.close(side)
        said = b""
        while chunk := _read(terminal):
            said += chunk
    finally:
        os.close(terminal)
    assert done.returncode == 0
    lines = said.decode().replace("\r\n", "\n").split("\n")
    assert re.fullmatch(r"rebuilding every story: 12 articles, about \d+ seconds?", lines[0]), lines
    # after each batch: a correction ends one (after the 4th and the 10th article)
    assert lines[1].split("\r")[1:] == ["re-clustering: 4 of 12 articles", "re-clustering: 10 of 12 articles",
                                        "re-clustering: 12 of 12 articles"]
    assert lines[2] == "re-clustered 12 articles into 4 stories"


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # the other side closed (Linux says EIO)
        return b""
