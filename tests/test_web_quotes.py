"""Who said what across the store (``/api/quotes``, the ``/quotes`` page, ``newsdesk quotes``), and a
story as an Atom feed."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_web_support import follow_up, seeded_store, talks, web_app

from newsdesk.cli import cli
from newsdesk.store import Store
from newsdesk.web.app import create_app

FOMIN = "We have decided to drastically reduce military activity near Kyiv and Chernihiv"


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[tuple[Store, dict[str, str]]]:
    store, ids = seeded_store(tmp_path / "web.db")
    with store:
        yield store, ids


def test_api_quotes_by_speaker_words_and_kind_copies_left_out(seeded: tuple[Store, dict[str, str]]) -> None:
    store, ids = seeded
    client = TestClient(create_app(store))
    listed = client.get("/api/quotes").json()
    # the copy of the talks article repeats its quotes: they are the original's, once each
    assert [(q["speaker"], q["kind"]) for q in listed] == [
        ("John Kirby", "direct"), ("Alexander Fomin", "direct"), ("Vladimir Medinsky", "indirect")]
    assert {q["article_id"] for q in listed[1:]} == {ids["talks"]} and listed[0]["article_id"] == ids["follow"]
    [fomin] = client.get("/api/quotes", params={"speaker": "fomin", "q": "chernihiv"}).json()
    assert (fomin["text"], fomin["story"], fomin["source"]) == (FOMIN, store.story_of(ids["talks"]), "Wire One")
    assert client.get("/api/quotes", params={"kind": "indirect"}).json()[0]["speaker"] == "Vladimir Medinsky"
    assert client.get("/api/quotes", params={"until": "2022-03-29"}).json()[0]["speaker"] == "Alexander Fomin"
    bad = client.get("/api/quotes", params={"since": "March"})
    assert (bad.status_code, bad.json()) == (
        400, {"error": "quotes: since 'March' is no date (YYYY, YYYY-MM or YYYY-MM-DD)"})
    assert client.get("/api/quotes", params={"kind": "rumour"}).status_code == 422
    assert client.get("/api/quotes", params={"limit": 1, "offset": 1}).json()[0]["speaker"] == "Alexander Fomin"


def test_quotes_page_lists_finds_and_links_speakers(seeded: tuple[Store, dict[str, str]]) -> None:
    store, ids = seeded
    client = TestClient(web_app(store))
    page = client.get("/quotes", params={"speaker": "Kirby"})
    assert page.status_code == 200
    assert "It is not a real withdrawal" in page.text and FOMIN not in page.text
    assert f'href="/articles/{ids["follow"]}"' in page.text and 'aria-current="page"' in page.text
    assert "No matching quotes:" in client.get("/quotes", params={"speaker": "Putin"}).text
    bad = client.get("/quotes", params={"until": "2022-02-30x"})
    assert bad.status_code == 400 and "is no date" in bad.text
    # a speaker on an article's page and a story's leads to everything that speaker said
    assert 'href="/quotes?speaker=Alexander+Fomin"' in client.get(f"/articles/{ids['talks']}").text
    story = client.get(f"/stories/{store.story_of(ids['talks'])}").text
    assert 'href="/quotes?speaker=Alexander+Fomin"' in story


def test_quotes_command_lines_and_jsonl(seeded: tuple[Store, dict[str, str]], tmp_path: Path) -> None:
    db = str(tmp_path / "web.db")
    runner = CliRunner()
    done = runner.invoke(cli, ["quotes", "--db", db, "--speaker", "Fomin", "--jsonl"])
    assert done.exit_code == 0, done.output
    [line] = [json.loads(x) for x in done.stdout.splitlines()]
    assert (line["speaker"], line["text"], line["kind"], line["articles"]) == ("Alexander Fomin", FOMIN, "direct", 1)
    shown = runner.invoke(cli, ["quotes", "--db", db, "withdrawal"])
    assert shown.exit_code == 0 and "John Kirby [direct]" in shown.stdout
    assert "It is not a real withdrawal" in shown.stdout
    none = runner.invoke(cli, ["quotes", "--db", db, "--speaker", "Putin"])
    assert (none.exit_code, none.stdout, none.stderr) == (0, "", "no matching quotes\n")
    bad = runner.invoke(cli, ["quotes", "--db", db, "--since", "2022-03-30", "--until", "2022-03-29"])
    assert (bad.exit_code, bad.stderr) == (1, "newsdesk: error: quotes: until 2022-03-29 is before since 2022-03-30\n")
    missing = runner.invoke(cli, ["quotes", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "no database there" in missing.stderr


def test_a_story_as_an_atom_feed(seeded: tuple[Store, dict[str, str]]) -> None:
    store, ids = seeded
    story_id = store.story_of(ids["talks"])
    assert story_id is not None and store.story_of(ids["follow"]) == story_id
    client = TestClient(create_app(store))
    got = client.get(f"/api/stories/{story_id}/atom")
    assert got.headers["content-type"] == "application/atom+xml; charset=utf-8"
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(got.content)
    assert root.findtext("a:id", namespaces=ns) == f"urn:newsdesk:story:{story_id}"
    entries = root.findall("a:entry", ns)
    # newest first; the copy added nothing, so it is named under its original, not an entry of its own
    assert [e.findtext("a:title", namespaces=ns) for e in entries] == [follow_up().title, talks().title]
    assert [e.find("a:link", ns).get("href") for e in entries] == [  # type: ignore[union-attr]
        "https://daily.example/pentagon-kyiv", "https://wire.example/kyiv-talks"]
    assert "Also published by: Copy Herald" in (entries[1].findtext("a:content", namespaces=ns) or "")
    assert "It is not a real withdrawal" in (entries[0].findtext("a:content", namespaces=ns) or "")
    assert client.get("/api/stories/s000000000000/atom").status_code == 404
    page = TestClient(web_app(store)).get(f"/stories/{story_id}").text
    assert f'<link rel="alternate" type="application/atom+xml" title="{talks().title}"' in page


def test_story_timeline_in_the_terminal(seeded: tuple[Store, dict[str, str]], tmp_path: Path) -> None:
    store, ids = seeded
    story_id = store.story_of(ids["talks"])
    assert story_id is not None
    done = CliRunner().invoke(cli, ["story", story_id[:8], "--db", str(tmp_path / "web.db"), "--timeline"])
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert lines[0] == f"{story_id}  {talks().title}" and lines[1].endswith("· 3 articles")
    at = lines.index(f"2022-03-29 14:05 UTC  Wire One  {talks().title}")  # in UTC, as the pages show it
    assert f"  + quote  Alexander Fomin: {FOMIN}" in lines[at:] and "  copies: Copy Herald" in lines[at:]
    assert any(line.startswith("  + event  RETREAT Russia -> Ukraine at Kyiv: ") for line in lines[at:])
    assert lines.index(f"2022-03-30 09:00 UTC  Daily Example  {follow_up().title}") > at
