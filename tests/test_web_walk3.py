"""The web walkthrough's third round (#8): one way of showing times on every page, right-to-left titles
and text, empty pages that offer a way on, timelines that link the outlet's own article."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_web_support import article, ingest, seeded_store

from newsdesk.store import Store
from newsdesk.stories import StoryDesk
from newsdesk.web.app import create_app

# 23:30 in New York on the 29th is 04:30 UTC on the 30th: a page cutting the stored value's date says the 29th
LATE = article("https://ny.example/late-talks", "New York Desk", "2022-03-29T23:30:00-05:00",
               "Late talks in Istanbul end without a deal",
               "Negotiators left the Istanbul talks late on Tuesday without a deal, officials said.")


@pytest.fixture()
def seeded(tmp_path: Path) -> Iterator[tuple[Store, dict[str, str]]]:
    store, ids = seeded_store(tmp_path / "web.db")
    with store:
        ids["late"] = ingest(store, StoryDesk(store), LATE)
        yield store, ids


@pytest.fixture()
def client(seeded: tuple[Store, dict[str, str]]) -> TestClient:
    return TestClient(create_app(seeded[0]))  # the pages, the watches and the API, as `newsdesk run` serves them


def _times(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", shown).strip() for shown in re.findall(r"<time [^>]*>(.*?)</time>", html)]


def test_search_shows_a_hit_s_time_as_its_story_and_article_pages_do(
        client: TestClient, seeded: tuple[Store, dict[str, str]]) -> None:
    """Search results showed the date cut from the source's own offset (2022-03-29) while the story and
    article pages showed the time in UTC (2022-03-30 04:30 UTC): the same article, a day apart."""
    late = seeded[1]["late"]
    story = seeded[0].story_of(late)
    article_page = client.get(f"/articles/{late}").text
    story_page = client.get(f"/stories/{story}").text
    search = client.get("/search", params={"q": '"without a deal"'}).text
    assert "2022-03-30 04:30 UTC" in _times(article_page)
    assert "2022-03-30 04:30 UTC" in _times(story_page)
    assert _times(search) == ["2022-03-30 04:30 UTC"]
    assert 'datetime="2022-03-29T23:30:00-05:00"' in search  # the machine-readable value keeps its offset
    # a watch's rule tried on the stored articles lists them the same way
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/watches").text)
    assert csrf
    tried = client.post("/watches/test", data={"csrf": csrf[1], "query": '"without a deal"'}).text
    assert "2022-03-30 04:30 UTC" in _times(tried), tried
    # and the API stays ISO-8601 with the offset
    assert client.get("/api/articles", params={"q": '"without a deal"'}).json()[0]["published"] == \
        "2022-03-29T23:30:00-05:00"
