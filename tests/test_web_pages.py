"""The server-rendered pages over a real SQLite store holding real stories (StoryDesk): content,
escaping, security headers, search with the query language, map pins, logins and CSRF."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_web_support import KYIV, article, ingest, seeded_store, web_app

from newsdesk.store import Store, open_store
from newsdesk.stories import StoryDesk
from newsdesk.stories.records import Development, Story
from newsdesk.web.app import create_app
from newsdesk.web.security import CSRF_COOKIE, Guard
from newsdesk.web.views import story_view

VOCABULARY = [f"{a}{b}" for a in ("tal", "mor", "ves", "kin", "rud", "pel", "sor", "dun") for b in
              ("ka", "ro", "mi", "te", "lu", "na", "pe", "vo", "si", "ga")]


@pytest.fixture()
def seeded(tmp_path: Path) -> Iterator[tuple[Store, dict[str, str]]]:
    store, ids = seeded_store(tmp_path / "web.db")
    with store:
        yield store, ids


@pytest.fixture()
def client(seeded: tuple[Store, dict[str, str]]) -> TestClient:
    return TestClient(web_app(seeded[0]))


def story_id(seeded: tuple[Store, dict[str, str]]) -> str:
    found = seeded[0].story_of(seeded[1]["talks"])
    assert found is not None
    return found


def test_story_list_newest_first_with_counts(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    titles = re.findall(r'<h2 dir="auto"><a href="/stories/(\w+)">([^<]+)</a>', page.text)
    assert [t for _, t in titles] == ["Russia to reduce military activity near Kyiv",
                                      "Shanghai locks down in two stages"]
    assert "3 articles" in page.text and "1 copy" in page.text


def test_story_page_timeline_quotes_events_copies(client: TestClient, seeded: tuple[Store, dict[str, str]]) -> None:
    page = client.get(f"/stories/{story_id(seeded)}")
    assert page.status_code == 200
    text = page.text
    timeline = text[text.index('id="timeline"'):text.index("</ol>", text.index('id="timeline"'))]
    # the original and the follow-up are on the timeline in time order; the copy is listed as a copy
    assert timeline.index("Wire One") < timeline.index("Daily Example")
    assert 'Copies: <a href="/articles/' in timeline and ">Copy Herald</a>" in timeline
    assert "It is not a real withdrawal" in timeline
    # developments told in one sentence (the story's start and the RETREAT event) show the sentence once
    moments = re.findall(r'<li class="moment">(.*?)</li>', timeline, re.S)
    first = [m for m in moments if "Russia said on Tuesday it would drastically reduce" in m]
    assert len(first) == 1 and "story starts" in first[0] and "RETREAT" in first[0]
    assert first[0].count('<blockquote class="sentence" dir="auto">') == 1
    sentences = re.findall(r'<blockquote class="sentence" dir="auto">(.*?)</blockquote>', timeline, re.S)
    assert len(sentences) == len(moments)  # one sentence per moment, never one per development
    # quotes grouped by speaker, with the titles the articles give
    assert re.search(r"<h3 dir=\"auto\">Alexander Fomin</h3>\s*<p class=\"titles\">Deputy Defence Minister</p>", text)
    assert re.search(r"<h3 dir=\"auto\">John Kirby</h3>\s*<p class=\"titles\">Pentagon spokesman</p>", text)
    # events with type, actor, target, place, date
    assert re.search(r'badge type">CONSULT</span>\s*<span class="who" dir="auto">Ukraine</span>.*Istanbul.*2022-03-29',
                     text, re.S)
    assert 'data-pins="/map/pins.json?story=' in text


def test_unknown_story_and_article_are_404(client: TestClient) -> None:
    assert client.get("/stories/snothing").status_code == 404
    assert client.get("/articles/nothing").status_code == 404


def test_article_page_marks_quotes_and_entities(client: TestClient, seeded: tuple[Store, dict[str, str]]) -> None:
    page = client.get(f"/articles/{seeded[1]['talks']}")
    assert page.status_code == 200
    assert re.search(r'<mark class="quote quote-direct" title="direct quote: Alexander Fomin">We have decided to '
                     r'drastically reduce military activity near <span class="ent ent-place" title="Place: Kyiv">Kyiv'
                     r"</span>", page.text)
    assert '<span class="ent ent-person" title="Person: Vladimir Medinsky">Vladimir Medinsky</span>' in page.text
    assert f'<a href="/stories/{story_id(seeded)}">story</a>' in page.text


def test_hostile_article_text_is_escaped(tmp_path: Path) -> None:
    evil = ('<script>alert(1)</script> "We will <b>win</b>," said <img src=x onerror=alert(2)>. '
            "Officials met in Kyiv.")
    with seeded_store(tmp_path / "evil.db")[0] as store:
        desk = StoryDesk(store)
        item = article("javascript:alert(3)", "<i>Evil</i>", "2022-04-01", "<script>x()</script>", evil,
                       places={"Kyiv": KYIV}, quotes=(("<img src=y>", "We will <b>win</b>", "direct"),))
        item_id = ingest(store, desk, item)
        client = TestClient(web_app(store))
        pages = [client.get(f"/articles/{item_id}").text, client.get(f"/stories/{store.story_of(item_id)}").text,
                 client.get("/").text, client.get("/search", params={"q": "officials"}).text]
    for html in pages:
        assert "<script>alert" not in html and "<script>x()" not in html and "<img src=" not in html
        assert "<b>win</b>" not in html and "<i>Evil</i>" not in html
        assert "javascript:alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[0]


def test_security_headers_and_no_inline_script(client: TestClient, seeded: tuple[Store, dict[str, str]]) -> None:
    for path in ("/", f"/stories/{story_id(seeded)}", f"/articles/{seeded[1]['talks']}", "/search", "/map"):
        page = client.get(path)
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "object-src 'none'" in csp
        assert page.headers["x-content-type-options"] == "nosniff"
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text), path  # every script is a file
        assert not re.search(r"\son\w+=", page.text), path  # no inline event handlers
        assert not re.search(r"\sstyle=", page.text), path


def test_search_uses_the_query_language(client: TestClient, seeded: tuple[Store, dict[str, str]]) -> None:
    page = client.get("/search", params={"q": '"military activity"', "place": "Kyiv"})
    assert page.status_code == 200
    assert "Russia to reduce military activity near Kyiv" in page.text
    assert "Shanghai" not in page.text.split("result")[1]
    assert "place:&#34;Kyiv&#34;" in page.text or "place:&quot;Kyiv&quot;" in page.text
    # the other outlet's copy is folded under the original, which links its story
    assert "1 result for" in page.text and "(and 1 copy of them)" in page.text
    assert re.search(r'Also published by: <a href="/articles/\w+" dir="auto">Copy Herald</a>', page.text)
    assert re.search(r'<a href="/stories/s\w+">story</a>', page.text)
    hits = seeded[0].search('"military activity" place:Kyiv')
    originals = [h for h in hits if not h.copy_of]
    assert len(hits) == 2 and len(originals) == 1 and all(h.story == originals[0].story for h in hits)
    assert originals[0].id == seeded[1]["talks"]
    assert [(h.id, h.copy_of) for h in hits if h.copy_of] == [(seeded[1]["copy"], seeded[1]["talks"])]
    none = client.get("/search", params={"q": "lockdown", "since": "2023-01-01"})
    assert "0 results" in none.text
    bad = client.get("/search", params={"q": 'ceasefire "peace'})
    assert bad.status_code == 400 and "unclosed" in bad.text


def test_map_pins_near_kyiv(client: TestClient, seeded: tuple[Store, dict[str, str]]) -> None:
    one = client.get("/map/pins.json", params={"story": story_id(seeded)}).json()
    kyiv = [f for f in one["features"] if f["properties"]["label"] == "Kyiv"]
    assert kyiv and kyiv[0]["properties"]["url"] == f"/stories/{story_id(seeded)}"
    lon, lat = kyiv[0]["geometry"]["coordinates"]
    assert abs(lat - 50.45) < 0.5 and abs(lon - 30.52) < 0.5
    every = client.get("/map/pins.json").json()["features"]
    assert {f["properties"]["type"] for f in every} >= {"CONSULT", "RETREAT", "FIGHT"}
    assert client.get("/static/geo/countries-110m.geojson").json()["type"] == "FeatureCollection"
    assert client.get("/static/vendor/leaflet/leaflet.js").status_code == 200
    sw = client.get("/sw.js")
    assert sw.headers["service-worker-allowed"] == "/" and "notificationclick" in sw.text


def test_login_session_and_csrf_beyond_localhost(seeded: tuple[Store, dict[str, str]]) -> None:
    guard = Guard(local=False, check_password=lambda user, password: (user, password) == ("ana", "s3cret pass"))
    client = TestClient(web_app(seeded[0], guard), base_url="https://desk.example")
    first = client.get("/", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/login?next=/"
    form = client.get("/login?next=/search")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert token and client.cookies.get(CSRF_COOKIE) == token[1]
    no_token = client.post("/login", data={"user": "ana", "password": "s3cret pass"}, follow_redirects=False)
    assert no_token.status_code == 403
    wrong = client.post("/login", data={"user": "ana", "password": "nope", "csrf": token[1]})
    assert wrong.status_code == 401 and "Wrong user name or password" in wrong.text
    hijack = client.post("/login", data={"user": "ana", "password": "s3cret pass", "csrf": token[1],
                                         "next": "//evil.example/"}, follow_redirects=False)
    assert hijack.status_code == 303 and hijack.headers["location"] == "/"
    assert client.get("/").status_code == 200
    forged = TestClient(web_app(seeded[0], guard), base_url="https://desk.example",
                        cookies={"newsdesk_session": "ana|99999999999|" + "0" * 64})
    assert forged.get("/", follow_redirects=False).status_code == 303



def test_what_happened_lists_only_events_with_someone_or_somewhere() -> None:
    def event(payload: dict[str, object]) -> Development:
        return Development(None, "s1", "a1", "event", "They talked.", 0, 12, payload)

    talks = event({"type": "CONSULT", "actor": {"name": "Ukraine"}, "target": {"name": "Russia"}})
    place = event({"type": "CONSULT", "location": {"name": "Istanbul"}})
    bare = event({"type": "CONSULT", "trigger": "negotiations"})
    story = Story("s1", "Talks", "2022-03-29", "2022-03-29", ("a1",), (talks, place, bare))
    view = story_view(story, lambda _id: None)
    assert view.events == (talks, place)  # the bare one stays on the timeline only, beside its sentence


def test_who_said_what_lists_statements_not_stances() -> None:
    def quote(payload: dict[str, object]) -> Development:
        return Development(None, "s1", "a1", "quote", "The deputy speaker blocked a vote.", 0, 30, payload)

    speaker = {"name": "The deputy speaker"}
    stance = quote({"kind": "indirect", "cue": "block", "text": "a no-confidence vote", "speaker": speaker})
    ruling = quote({"kind": "indirect", "cue": "rule", "text": "that the motion was part of a conspiracy",
                    "speaker": speaker})
    said = quote({"kind": "indirect", "cue": "say", "text": "some progress", "speaker": {"name": "Kyiv"}})
    marks = quote({"kind": "direct", "cue": None, "text": "We see Turkey as a guarantor.", "speaker": None})
    story = Story("s1", "Vote", "2022-04-03", "2022-04-03", ("a1",), (stance, ruling, said, marks))
    view = story_view(story, lambda _id: None)
    listed = {dev.payload["text"] for group in view.speakers for dev in group.quotes}
    assert listed == {"that the motion was part of a conspiracy", "some progress", "We see Turkey as a guarantor."}


def test_a_page_past_the_last_story_says_so(client: TestClient) -> None:
    """It said "No stories yet. Add sources…" beside stories that were there."""
    past = client.get("/", params={"page": 5})
    assert past.status_code == 200
    assert "No stories yet" not in past.text and "past the last one" in past.text
    assert 'href="/?page=4" rel="prev"' in past.text
    assert "No stories yet" not in client.get("/").text


def test_empty_store_says_no_stories_yet(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "empty.db")) as store:
        page = TestClient(web_app(store)).get("/")
    assert "No stories yet" in page.text and "past the last one" not in page.text


def test_a_hit_without_source_or_date_shows_no_stray_separator(tmp_path: Path) -> None:
    """A page with no publisher named showed "· 2022-03-29 · story" ."""
    with open_store(str(tmp_path / "s.db")) as store:
        desk = StoryDesk(store)
        ingest(store, desk, article("", "", "2022-03-29", "Kyiv talks", "Talks on Kyiv resumed on Tuesday."))
        ingest(store, desk, article("", "", "", "Kyiv mayor speaks", "The mayor of Kyiv spoke about water supplies."))
        page = TestClient(web_app(store)).get("/search", params={"q": "kyiv"})
    metas = re.findall(r'<p class="meta">(.*?)</p>', page.text, re.S)
    assert len(metas) == 2
    for meta in metas:
        assert not meta.strip().startswith("·") and "· ·" not in meta, meta
    assert any(re.sub(r"</?time[^>]*>", "", m).startswith("2022-03-29 · <a") for m in metas)
    assert any(m.startswith('<a href="/stories/') for m in metas)


def test_article_page_takes_a_shortened_id(client: TestClient, seeded: tuple[Store, dict[str, str]]) -> None:
    """`newsdesk search` prints 12-character ids, which `show` and the API take; the page said 404."""
    talks = seeded[1]["talks"]
    short = client.get(f"/articles/{talks[:12]}", follow_redirects=False)
    assert short.status_code == 303 and short.headers["location"] == f"/articles/{talks}"
    assert "Russia to reduce military activity near Kyiv" in client.get(f"/articles/{talks[:12]}").text
    missing = client.get("/articles/nothing")
    assert missing.status_code == 404 and "No article with id nothing." in missing.text


def test_map_pins_of_an_older_story_carry_its_title(tmp_path: Path) -> None:
    """Pins took their titles from the 200 stories updated last: a story dated earlier whose
    developments came in last (an archive loaded late) had its pins titled "Story"."""
    with open_store(str(tmp_path / "many.db")) as store:
        desk = StoryDesk(store)
        for n in range(201):  # 201 stories with no word in common
            words = " ".join("".join("bcdfghjklmnpqrstvwxz"[int(d)] for d in f"{n:03d}{k:02d}") + "ar"
                             for k in range(12))
            ingest(store, desk, article(f"https://example.com/{n}", "", f"2024-05-{1 + n % 28:02d}", words,
                                        words + "."))
        ingest(store, desk, article("https://example.com/old", "Wire", "2019-01-01", "Old talks in Kyiv",
                                    "Envoys met in Kyiv on Monday for old talks.", places={"Kyiv": KYIV},
                                    events=(("CONSULT", "Envoys", "", "Kyiv", "met"),)))
        assert len(store.stories(300)) == 202
        pins = TestClient(web_app(store)).get("/map/pins.json").json()["features"]
    kyiv = [f["properties"] for f in pins if f["properties"]["label"] == "Kyiv"]
    assert [p["title"] for p in kyiv] == ["Old talks in Kyiv"]


def test_a_search_matching_more_than_it_shows_says_so_and_offers_more(tmp_path: Path) -> None:
    """"30 results for Kyiv" when hundreds matched: the page showed its limit as the count, with no way on;
    the watch's test said "10 stored articles match" the same way."""
    with open_store(str(tmp_path / "many.db")) as store:
        desk = StoryDesk(store)
        things = ("a school", "the power plant", "a grain silo", "two bridges", "the rail depot", "a hospital",
                  "the water works", "a market", "the airport", "an apartment block", "a church", "the TV tower")
        for n, thing in enumerate(things):  # twelve different articles (not copies of one another)
            words = " ".join(random.Random(n).sample(VOCABULARY, 40))
            text = f"Shelling near Kyiv hit {thing} on {n + 10} March. Witnesses said {words}."
            ingest(store, desk, article(f"https://wire{n}.example/a", f"Wire {n}", f"2022-03-{n + 10}T08:00:00+00:00",
                                        f"{thing.capitalize()} shelled near Kyiv", text, places={"Kyiv": KYIV}))
        client = TestClient(web_app(store))
        page = client.get("/search", params={"q": "shelling Kyiv", "limit": 5})
        assert "The best 5 of more results for" in page.text
        assert page.text.count('<li><h2 dir="auto"><a href="/articles/') == 5
        assert 'href="/search?q=shelling+Kyiv&amp;limit=20">Show more results</a>' in page.text
        wider = client.get("/search", params={"q": "shelling Kyiv", "limit": 20})
        assert "12 results for" in wider.text and "Show more" not in wider.text and "The best" not in wider.text
        alerts = TestClient(create_app(store))
        csrf = re.search(r'name="csrf" value="([^"]+)"', alerts.get("/watches").text)
        assert csrf
        tested = alerts.post("/watches/test", data={"csrf": csrf[1], "query": "shelling Kyiv"})
        assert "More than 10 stored articles match <code>shelling Kyiv</code>; the best 10" in tested.text


def test_article_page_says_in_words_who_said_what_and_who_it_names(
        client: TestClient, seeded: tuple[Store, dict[str, str]]) -> None:
    """Who said a marked quote, and whether a mark was a person or a place, was a colour and a hover title:
    nothing a phone, a keyboard or a screen reader gets."""
    page = client.get(f"/articles/{seeded[1]['talks']}").text
    said = page.split("<h2>Who said what</h2>")[1]
    assert re.search(r"<strong><a href=\"/quotes\?speaker=Alexander\+Fomin\">Alexander Fomin</a></strong>: "
                     r"<q dir=\"auto\">We have decided to drastically reduce military activity "
                     r"near Kyiv and Chernihiv</q> <span class=\"hint\">\(direct\)</span>", said)
    assert ('<strong><a href="/quotes?speaker=Vladimir+Medinsky">Vladimir Medinsky</a></strong>: '
            '<q dir="auto">the talks were constructive</q>') in said
    named = re.sub(r"\s+", " ", page.split("<h2>Named in it</h2>")[1].split("</dl>")[0])
    assert ('<dt>People</dt> <dd><a href="/search?q=person%3A%22Alexander+Fomin%22">Alexander Fomin</a> '
            '<span class="hint">(Deputy Defence Minister)</span>, <a href="/search?q=person%3A%22Vladimir+Medinsky%22">'
            'Vladimir Medinsky</a> <span class="hint">(Russia&#39;s lead negotiator)</span></dd>') in named
    assert ('<dt>Places</dt> <dd><a href="/search?q=place%3A%22Kyiv%22">Kyiv</a>, '
            '<a href="/search?q=place%3A%22Istanbul%22">Istanbul</a></dd>') in named and "Organisations" not in named
    # each name leads to the articles that name it
    assert "Russia to reduce military activity near Kyiv" in client.get("/search?q=person%3A%22Alexander+Fomin%22").text


def test_times_are_shown_in_utc_and_say_so(tmp_path: Path) -> None:
    """Times were cut from the stored value with its source's offset: a Kyiv outlet's 09:40 (+03:00) read as
    later than a wire's 08:15 (UTC) on the same timeline, and no time said which zone it was in."""
    with open_store(str(tmp_path / "tz.db")) as store:
        desk = StoryDesk(store)
        text = "Russia said on Tuesday it would drastically reduce military activity near Kyiv after talks."
        kyiv = ingest(store, desk, article("https://kyiv.example/a", "Kyiv Post", "2022-03-29T09:40:00+03:00",
                                           "Russia to reduce military activity near Kyiv", text,
                                           places={"Kyiv": KYIV}))
        client = TestClient(web_app(store))
        page = client.get(f"/articles/{kyiv}").text
        assert '<time datetime="2022-03-29T09:40:00+03:00">2022-03-29 06:40 UTC</time>' in page
        story = client.get(f"/stories/{store.story_of(kyiv)}").text
        assert ">2022-03-29 06:40 UTC</time>" in story and not re.search(r">[^<]*09:40", story)
        assert "updated 2022-03-29 06:40 UTC" in client.get("/").text


def test_filters_in_force_stay_in_sight(client: TestClient) -> None:
    """A search with a filter came back with the filters folded away: results narrowed by something unseen."""
    assert "<details open>" not in client.get("/search", params={"q": "Kyiv"}).text
    page = client.get("/search", params={"q": "talks", "since": "2022-03-30"}).text
    assert "<details open>" in page and 'name="since" type="date" value="2022-03-30"' in page


def test_one_place_under_two_spellings_is_one_pin(tmp_path: Path) -> None:
    """The story page listed "Mykolayiv (ASSAULT)" and "Mykolaiv (PLACE)", two pins on one spot."""
    from newsdesk.types import Place

    mykolaiv = Place(46.97625, 31.99296, "UA", 700569)
    text = "Russian forces shelled Mykolayiv overnight. Residents of Mykolaiv said the port was hit."
    with open_store(str(tmp_path / "pins.db")) as store:
        made = ingest(store, StoryDesk(store), article(
            "https://wire.example/m", "Wire", "2022-03-29T08:00:00+00:00", "Mykolaiv shelled", text,
            places={"Mykolayiv": mykolaiv, "Mykolaiv": mykolaiv},
            events=(("ASSAULT", "Russia", "Ukraine", "Mykolayiv", "shelled Mykolayiv"),)))
        found = store.story(store.story_of(made) or "")
        assert found is not None and {p.name for p in found.places} == {"Mykolayiv", "Mykolaiv"}
        pins = TestClient(web_app(store)).get("/map/pins.json", params={"story": found.id}).json()["features"]
        assert [(f["properties"]["label"], f["properties"]["type"]) for f in pins] == [("Mykolayiv", "ASSAULT")]


def test_the_event_filter_offers_the_plover_types(client: TestClient) -> None:
    """The event filter was a blank field: "protests" was refused only after the search."""
    page = client.get("/search", params={"q": "Kyiv", "event": "retreat"}).text
    assert '<option value="">any</option>' in page and '<option value="RETREAT" selected>retreat</option>' in page
    assert page.count("<option value=") == 17 and "1 result for" in page


def test_an_article_in_another_language_says_so_to_screen_readers(tmp_path: Path) -> None:
    """A German article's title and text were marked as English (the page's language), read with an English voice."""
    from dataclasses import replace

    with open_store(str(tmp_path / "de.db")) as store:
        item = replace(article("https://zeitung.example/a", "Zeitung", "2022-03-29", "Gespräche in Istanbul",
                               "Die Delegationen trafen sich am Dienstag in Istanbul zu neuen Gesprächen."),
                       language="de")
        made = ingest(store, StoryDesk(store), item)
        page = TestClient(web_app(store)).get(f"/articles/{made}").text
        assert '<h1 dir="auto" lang="de">Gespräche in Istanbul</h1>' in page and '<div class="text" lang="de">' in page
