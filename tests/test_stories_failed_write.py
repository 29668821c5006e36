"""A story write that fails after the tracker decided (#6): the desk must not keep the article
it could not store, or the next copy of it would be "a copy" of an article no story holds."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from test_stories_store import _put
from test_stories_tracker import _BOUTS

from newsdesk.errors import StoreError
from newsdesk.store import open_store
from newsdesk.stories import StoryDesk


def test_a_failed_story_write_leaves_the_desk_as_a_restart_would(tmp_path: Path) -> None:
    path = str(tmp_path / "news.db")
    original = replace(_BOUTS[0], url="https://ring.example/r1")
    copy = replace(original, url="https://wire.example/r1")
    with open_store(path) as store:
        desk = StoryDesk(store)
        first = _put(store, original)
        with sqlite3.connect(path) as other:  # a real failure inside the assignment's own transaction
            other.execute("CREATE TRIGGER refuse BEFORE INSERT ON story_articles "
                          "BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
        with pytest.raises(StoreError):
            desk.add(first)
        with sqlite3.connect(path) as other:
            other.execute("DROP TRIGGER refuse")
        assert store.story_of(first.id) is None
        again = desk.add(_put(store, copy))
        restarted = StoryDesk(store)  # what a fresh process holds now
        assert store.story_of(again.article_id) == again.story_id
        assert again.status == "new" and again.copy_of is None
        third = restarted.add(first)  # the refused article can still be assigned later
        assert third.status == "copy" and third.copy_of == again.article_id
