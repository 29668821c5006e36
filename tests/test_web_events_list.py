"""Who did what across the store: ``/api/events`` and the ``/who-did-what`` page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_web_support import seeded_store, web_app

from newsdesk.store import Store
from newsdesk.web.app import create_app


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[tuple[Store, dict[str, str]]]:
    store, ids = seeded_store(tmp_path / "web.db")
    with store:
        yield store, ids


def test_api_events_by_type_party_and_place_copies_left_out(seeded: tuple[Store, dict[str, str]]) -> None:
    store, ids = seeded
    client = TestClient(create_app(store))
    listed = client.get("/api/events").json()
    # the copy of the talks article repeats its events: they are the original's, once each
    assert [(e["type"], e["actor"], e["target"]) for e in listed] == [
        ("FIGHT", "Russia", "Ukraine"), ("CONSULT", "Ukraine", "Russia"), ("RETREAT", "Russia", "Ukraine")]
    assert listed[0]["article_id"] == ids["follow"] and {e["article_id"] for e in listed[1:]} == {ids["talks"]}
    [consult] = client.get("/api/events", params={"type": "consult", "place": "istanbul"}).json()
    assert (consult["trigger"], consult["story"], consult["source"]) == (
        "met the Russian delegation", store.story_of(ids["talks"]), "Wire One")
    assert [e["type"] for e in client.get("/api/events", params={"party": "ukraine", "until": "2022-03-29"}).json()] \
        == ["CONSULT", "RETREAT"]
    assert client.get("/api/events", params={"limit": 1, "offset": 2}).json()[0]["type"] == "RETREAT"
    bad = client.get("/api/events", params={"type": "RIOT"})
    assert bad.status_code == 400 and bad.json()["error"].startswith("events: event type 'RIOT' is no PLOVER type")
    assert client.get("/api/events", params={"modality": "rumoured"}).status_code == 422


def test_who_did_what_page_lists_filters_and_refuses(seeded: tuple[Store, dict[str, str]]) -> None:
    store, ids = seeded
    client = TestClient(web_app(store))
    page = client.get("/who-did-what", params={"type": "RETREAT"})
    assert page.status_code == 200 and 'aria-current="page"' in page.text
    assert "reduce military activity" in page.text and "met the Russian delegation" not in page.text
    assert f'href="/articles/{ids["talks"]}"' in page.text
    assert f'href="/stories/{store.story_of(ids["talks"])}"' in page.text
    assert "No matching events:" in client.get("/who-did-what", params={"place": "Lviv"}).text
    bad = client.get("/who-did-what", params={"since": "2022-03-30", "until": "2022-03-29"})
    assert bad.status_code == 400 and "until 2022-03-29 is before since 2022-03-30" in bad.text
    # what the articles say goes into the page as text, never as markup
    assert "<script>" not in client.get("/who-did-what", params={"party": "<script>x</script>"}).text
