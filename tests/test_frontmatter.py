"""Metadata header lines at the top of a text dump ("title: ...", "url: ..."), bare or fenced."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newsdesk.cli import cli
from newsdesk.extract import extract
from newsdesk.extract.frontmatter import split_front_matter
from newsdesk.store import open_store
from newsdesk.types import Fetched
from newsdesk.web.demo import load_demo, parse_demo_file

DEMO = Path(__file__).resolve().parent.parent / "newsdesk" / "demo" / "articles"
BODY = ("Officials in Lisbon said on Monday that the new bridge would open in May, two years late.\n\n"
        "\"We are nearly there,\" said Ana Costa, the city's transport chief, adding that tests went well.\n")


def _extract(content: str, published: str | None = None) -> dict[str, object]:
    article = extract(Fetched(input="dump.txt", content=content), format="text", published=published)
    return {"title": article.title, "url": article.url, "published": article.published,
            "source": article.source, "authors": article.authors, "text": article.text}


def test_a_bare_header_gives_the_record_its_metadata_not_its_text() -> None:
    found = _extract("title: Lisbon bridge to open in May\nurl: https://news.example/lisbon-bridge\n"
                     "published: 2024-03-04T10:00:00+00:00\nsource: Tagus Times\n"
                     "author: By Maria Silva and John Reed\n\n" + BODY)
    assert found["title"] == "Lisbon bridge to open in May"
    assert found["url"] == "https://news.example/lisbon-bridge"
    assert found["published"] == "2024-03-04T10:00:00+00:00"
    assert found["source"] == "Tagus Times"
    assert found["authors"] == ("Maria Silva", "John Reed")
    assert str(found["text"]).startswith("Officials in Lisbon") and "url:" not in str(found["text"])


def test_a_fenced_header_may_hold_other_keys_and_quoted_values() -> None:
    found = _extract("---\ntitle: \"Lisbon bridge: opening set for May\"\ndate: 2024-03-04\n"
                     "tags: [transport, lisbon]\nlink: https://news.example/b\n---\n\n" + BODY)
    assert found["title"] == "Lisbon bridge: opening set for May"
    assert found["published"] == "2024-03-04"
    assert found["url"] == "https://news.example/b"
    assert "tags" not in str(found["text"])


def test_the_callers_date_beats_the_headers_and_a_non_web_address_is_dropped() -> None:
    found = _extract("title: Bridge\nurl: file:///home/me/bridge.txt\npublished: 2024-03-04\n\n" + BODY,
                     published="2024-03-05")
    assert found["published"] == "2024-03-05"
    assert found["url"] is None
    broken = _extract("title: Bridge\nurl: http://[bad\n\n" + BODY)  # a malformed address is no address
    assert (broken["title"], broken["url"]) == ("Bridge", None)


def test_lines_that_only_look_like_a_header_stay_page_lines(example_page: Path) -> None:
    for head in ("Source: Reuters\n\n",  # one key alone is a page line as likely as a header
                 "Title: Bridge\nWeather: sunny\n\n",  # a key no header uses
                 "Title: Bridge\nSource: Tagus Times\n",  # no blank line ends it
                 "---\nOfficials said\n---\n\n"):  # a fence around prose
        assert split_front_matter(head + BODY).fields == {}, head
    assert split_front_matter(example_page.read_text(encoding="utf-8")).fields == {}


def test_the_headers_title_wins_over_the_models_pick_which_keeps_its_own_label() -> None:
    head = "title: Lisbon bridge to open in May\nsource: Tagus Times\n\n"
    dump = "Bridge opening delayed again\n\n" + BODY
    assert extract(Fetched(input="d.txt", content=dump), format="text").title == "Bridge opening delayed again"
    other = extract(Fetched(input="d.txt", content=head + dump), format="text")
    assert other.title == "Lisbon bridge to open in May"
    assert "Bridge opening delayed again" in other.removed  # not the title: what its label says, here chrome
    same = extract(Fetched(input="d.txt", content=head + "Lisbon  bridge to open in May\n\n" + BODY), format="text")
    assert same.title == "Lisbon bridge to open in May"
    assert not any("bridge to open in May" in line for line in same.removed) and "to open in May" not in same.text


def test_every_demo_file_extracts_as_the_demo_loads_it() -> None:
    for path in sorted(DEMO.glob("*.txt")):
        loaded = parse_demo_file(path.name, path.read_text(encoding="utf-8"))
        article = extract(Fetched(input=str(path), content=path.read_text(encoding="utf-8")))
        assert (article.id, article.title, article.url, article.published, article.source, article.text) == (
            loaded.id, loaded.title, loaded.url, loaded.published, loaded.source, loaded.text), path.name


def test_ingesting_a_demo_file_by_hand_after_the_demo_is_a_duplicate(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    store = open_store(db)
    try:
        load_demo(store, None)
    finally:
        store.close()
    path = DEMO / "01-istanbul-talks-preview.txt"
    result = CliRunner().invoke(cli, ["ingest", "--db", db, "--no-analyze", "--jsonl", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[0])["status"] == "duplicate"
