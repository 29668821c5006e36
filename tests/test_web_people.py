"""Who is who across the store: ``Store.entities``, ``/api/entities``, the ``/people`` page and
``newsdesk entities`` (on both backends for the store)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_store_support import BACKENDS, store_on
from test_web_support import follow_up, ingest, lockdown, seeded_store, talks, web_app

from newsdesk.cli import cli
from newsdesk.errors import InputError
from newsdesk.store import NameFilter, Store
from newsdesk.stories import StoryDesk
from newsdesk.web.app import create_app


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[tuple[Store, dict[str, str]]]:
    store, ids = seeded_store(tmp_path / "web.db")
    with store:
        yield store, ids


@pytest.mark.parametrize("backend", BACKENDS)
def test_entities_most_named_first_with_titles_copies_left_out(backend: str, tmp_path: Path) -> None:
    with store_on(backend, tmp_path) as store:
        desk = StoryDesk(store)
        for item in (lockdown(), talks(), talks("Copy Herald", "https://herald.example/a1"), follow_up()):
            ingest(store, desk, item)
        places = store.entities(NameFilter(type="place"))
        # the copy names Kyiv and Istanbul too: a copy is its original's, not another article
        assert [(h.name, h.articles) for h in places] == [("Istanbul", 2), ("Kyiv", 2), ("Shanghai", 1)]
        people = store.entities(NameFilter(type="person"))
        assert [h.name for h in people] == ["John Kirby", "Alexander Fomin", "Vladimir Medinsky"]  # newest first
        assert people[1].titles == ("Deputy Defence Minister",) and people[0].last_seen == "2022-03-30T09:00:00+00:00"
        assert [h.name for h in store.entities(NameFilter(name="vladimir MED"))] == ["Vladimir Medinsky"]
        assert [h.name for h in store.entities(NameFilter(type="place", until="2022-03-28"))] == ["Shanghai"]
        assert [h.name for h in store.entities(NameFilter(since="2022-03-30"), limit=2, offset=1)] == [
            "John Kirby", "Kyiv"]  # ties (one article each, the same day) by name
        assert store.newest_published() == "2022-03-30T09:00:00+00:00"
    with pytest.raises(InputError, match="entity type 'people' is none of person, org, place, group"):
        NameFilter(type="people")


def test_api_people_page_and_command(seeded: tuple[Store, dict[str, str]], tmp_path: Path) -> None:
    store, _ = seeded
    api = TestClient(create_app(store))
    [fomin] = api.get("/api/entities", params={"type": "person", "name": "fomin"}).json()
    assert fomin == {"name": "Alexander Fomin", "type": "PERSON", "articles": 1, "stories": 1,
                     "last_seen": "2022-03-29T14:05:00+00:00", "titles": ["Deputy Defence Minister"], "next": None}
    assert api.get("/api/entities", params={"since": "2022/03"}).status_code == 400
    assert api.get("/api/entities", params={"type": "people"}).status_code == 422

    page = TestClient(web_app(store)).get("/people")
    assert page.status_code == 200 and "Alexander Fomin" in page.text and "Kyiv" not in page.text  # people first
    assert "(2022-02-28 on)" in page.text  # the month before the newest article, by default
    assert 'href="/quotes?speaker=John+Kirby"' in page.text and "Pentagon spokesman" in page.text
    places = TestClient(web_app(store)).get("/people", params={"type": "place"}).text
    assert 'href="/search?q=place%3A%22Kyiv%22"' in places and "Alexander Fomin" not in places
    old = TestClient(web_app(store)).get("/people", params={"until": "2022-03-28", "type": "any"}).text
    assert "Shanghai" in old and "Kyiv" not in old and "No one matches." not in old
    bad = TestClient(web_app(store)).get("/people", params={"since": "yesterday"})
    assert bad.status_code == 400 and "since &#39;yesterday&#39; is no date" in bad.text

    done = CliRunner().invoke(cli, ["entities", "--db", str(tmp_path / "web.db"), "--type", "place", "--jsonl"])
    assert done.exit_code == 0, done.output
    assert [json.loads(line)["name"] for line in done.stdout.splitlines()] == ["Istanbul", "Kyiv", "Shanghai"]
    none = CliRunner().invoke(cli, ["entities", "--db", str(tmp_path / "web.db"), "nobody"])
    assert (none.exit_code, none.stderr) == (0, "no matching entities\n")
