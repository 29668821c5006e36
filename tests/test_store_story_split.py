"""A story made by a split (the second report of another event takes the first out of the story it
had joined) is titled and dated after the report it moved, on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_support import BACKENDS, article, store_on

from newsdesk.store import Store
from newsdesk.stories.records import Assignment


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with store_on(request.param, tmp_path) as opened:
        yield opened


def test_a_split_off_story_opens_with_the_report_it_moved(store: Store) -> None:
    ids = {}
    for key, title, published in (("r1", "Rotterdam dockworkers strike", "2026-11-24T08:00:00+00:00"),
                                  ("a1", "Antwerp port workers walk out", "2026-11-25T09:00:00+00:00"),
                                  ("a2", "Antwerp strike enters second day", "2026-11-26T20:15:00+00:00")):
        ids[key] = store.put(article(f"{title}. Workers stopped at dawn.", f"https://x.example/{key}",
                                     title=title, published=published)).id
    stored = {key: store.get(pk) for key, pk in ids.items()}
    store.assign_story(Assignment(ids["r1"], "s1", "new"), stored["r1"])  # type: ignore[arg-type]
    store.assign_story(Assignment(ids["a1"], "s1", "joined", score=0.2), stored["a1"])  # type: ignore[arg-type]
    store.assign_story(Assignment(ids["a2"], "s2", "new", moved=(ids["a1"],)), stored["a2"])  # type: ignore[arg-type]

    split = store.story("s2")
    assert split is not None
    assert split.title == "Antwerp port workers walk out"  # not the headline of the article that split it off
    assert split.first_seen.startswith("2026-11-25T09:00")
    assert list(split.articles) == [ids["a1"], ids["a2"]]
    left = store.story("s1")
    assert left is not None and left.title == "Rotterdam dockworkers strike" and len(left.articles) == 1


def test_story_titles_come_in_one_read_unknown_ids_left_out(store: Store) -> None:
    """The map titles its pins from them: a story() load each took 4 s on PostgreSQL after a bulk load."""
    for n in range(3):
        put = store.put(article(f"Story {n} opens. Workers stopped at dawn.", f"https://x.example/{n}",
                                title=f"Story {n}"))
        stored = store.get(put.id)
        assert stored is not None
        store.assign_story(Assignment(put.id, f"s{n}", "new"), stored)
    asked = ["s2", "nope", "s0", *(f"x{k}" for k in range(600))]  # past one IN list of 500
    assert store.story_titles(asked) == {"s2": "Story 2", "s0": "Story 0"}
    assert store.story_titles([]) == {}
