"""The web walkthrough's fourth round (#8): an event's place leads to its story's map, and a story page past
its first article links back to the newest, not to another empty page."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote_plus

import pytest
from fastapi.testclient import TestClient
from test_web_support import article, ingest, seeded_store

from newsdesk.store import Store
from newsdesk.stories import StoryDesk
from newsdesk.web.app import create_app


@pytest.fixture()
def seeded(tmp_path: Path) -> Iterator[tuple[Store, dict[str, str]]]:
    store, ids = seeded_store(tmp_path / "web.db")
    with store:
        yield store, ids


@pytest.fixture()
def client(seeded: tuple[Store, dict[str, str]]) -> TestClient:
    return TestClient(create_app(seeded[0]))


def _place_links(page: str) -> dict[str, str]:
    """Each event place's link: its text -> its address."""
    return {text: html.unescape(href)
            for href, text in re.findall(r'<a class="where" dir="auto" href="([^"]+)"[^>]*>([^<]+)</a>', page)}


def test_an_event_s_place_links_to_its_story_s_map(client: TestClient, seeded: tuple[Store, dict[str, str]]) -> None:
    """An event's place was plain text on every page: nothing led from "Istanbul" to where it is."""
    store, ids = seeded
    story = store.story_of(ids["talks"])
    wanted = f"/map?place=Istanbul&story={story}"
    assert _place_links(client.get("/who-did-what").text)["Istanbul"] == wanted
    assert _place_links(client.get(f"/stories/{story}").text)["Istanbul"] == wanted
    assert _place_links(client.get(f"/articles/{ids['talks']}").text)["Istanbul"] == wanted
    page = client.get(wanted)
    assert page.status_code == 200
    title = store.story(story).title
    assert f"<title>Map: {html.escape(title)} · newsdesk</title>" in page.text
    assert f'data-pins="/map/pins.json?story={story}"' in page.text and 'data-place="Istanbul"' in page.text
    pins = client.get(f"/map/pins.json?story={story}").json()["features"]
    assert "Istanbul" in {pin["properties"]["label"] for pin in pins}  # the pin the page opens is there


def test_the_map_of_an_unknown_story_says_so(client: TestClient) -> None:
    page = client.get("/map", params={"story": "nope", "place": "Kyiv"}, headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert "No story with id nope." in page.text


def test_a_story_page_past_its_first_article_links_no_empty_page(
        client: TestClient, seeded: tuple[Store, dict[str, str]]) -> None:
    """`?page=9` offered "Later articles": page 8, as empty as it."""
    story = seeded[0].story_of(seeded[1]["talks"])
    page = client.get(f"/stories/{story}", params={"page": 9}).text
    assert f'No more articles: this page is past the first article of the story (<a href="/stories/{story}">' in page
    assert 'rel="next"' not in page


def test_a_speaker_on_the_quotes_page_leads_to_everything_they_said(client: TestClient) -> None:
    """The speaker of each quote on /quotes was plain text: finding the rest of what they said meant typing
    the name into the form."""
    page = client.get("/quotes").text
    speakers = re.findall(r'<strong dir="auto"><a href="/quotes\?speaker=([^"]+)"[^>]*>([^<]+)</a></strong>', page)
    assert speakers and all(html.unescape(name) == unquote_plus(param) for param, name in speakers)
    name = html.unescape(speakers[0][1])
    theirs = client.get("/quotes", params={"speaker": name}).text
    assert 'href="/quotes?speaker=' not in theirs  # already there: the name is no link to the same page


def test_a_story_s_places_open_their_pins_and_show_no_raw_type(
        client: TestClient, seeded: tuple[Store, dict[str, str]]) -> None:
    """The story page listed its places as "Kyiv (PLACE)": the internal kind of a pin with no event, and no
    way from a place to its pin."""
    story = seeded[0].story_of(seeded[1]["talks"])
    page = client.get(f"/stories/{story}").text
    places = page[page.index('<ul class="places">'):]
    places = places[:places.index("</ul>")]
    assert "(PLACE)" not in places
    links = re.findall(r'<li><a href="([^"]+)" dir="auto">([^<]+)</a>', places)
    assert links and all(unquote_plus(html.unescape(href)) == f"/map?place={html.unescape(name)}&story={story}"
                     for href, name in links)


def test_an_article_lists_statements_not_stances_as_what_was_said(seeded: tuple[Store, dict[str, str]]) -> None:
    """The article page's "Who said what" gave "The deputy speaker: “a no-confidence vote against Prime Minister
    Imran Khan”": a stance (what he blocked) read as his words, which the story page leaves out."""
    store = seeded[0]
    stance = article("https://ledger.example/vote", "Ledger", "2022-04-03T10:20:00+00:00",
                     "Deputy speaker blocks vote",
                     "The deputy speaker of Pakistan's National Assembly blocked a no-confidence vote against Prime "
                     "Minister Imran Khan on Sunday, ruling that the opposition motion was part of a foreign "
                     "conspiracy, and ended the session in Islamabad.",
                     quotes=(("The deputy speaker", "a no-confidence vote against Prime Minister Imran Khan",
                              "indirect"),
                             ("The deputy speaker", "that the opposition motion was part of a foreign conspiracy",
                              "indirect")))
    stance = replace(stance, quotes=(replace(stance.quotes[0], cue="block"), replace(stance.quotes[1], cue="rule")))
    found = ingest(store, StoryDesk(store), stance)
    quotes = store.get(found).quotes
    assert len(quotes) == 2  # the record keeps the stance, cued as analysis cues this sentence's
    page = TestClient(create_app(store)).get(f"/articles/{found}").text
    said = page[page.index('<ul class="said">'):]
    said = said[:said.index("</ul>")]
    assert "that the opposition motion was part of a foreign conspiracy" in said
    assert "a no-confidence vote against" not in said
    assert page.count('class="quote quote-') == len(quotes)  # the text still marks it
