"""One way to show a time, on every page and in the terminal (#5, #8): the instant in UTC, saying so; the JSON
keeps the article's date as its outlet wrote it, with its offset. `newsdesk search` gave the outlet's own
day (2022-03-29) where the story page said 2022-03-30 03:30 UTC for the same article, and `newsdesk story
--timeline` the outlet's clock (23:30) beside the stories' own times in UTC."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_web_support import talks

from newsdesk.cli import cli
from newsdesk.ingest.feeds import parse_listing
from newsdesk.shown import as_published, shown_day, shown_time
from newsdesk.store import open_store
from newsdesk.stories import StoryDesk
from newsdesk.web.app import create_app

NEW_YORK = "2022-03-29T23:30:00-04:00"  # the outlet's own clock: 03:30 UTC on the next day
IN_UTC = "2022-03-30 03:30 UTC"


@pytest.mark.parametrize(("stored", "shown"), [
    (NEW_YORK, IN_UTC),
    ("2022-03-30T06:40:00+03:00", "2022-03-30 03:40 UTC"),
    ("2022-03-30T03:30:00Z", IN_UTC),
    ("2022-03-30T03:30:00.123456+00:00", IN_UTC),
    ("2022-03-29", "2022-03-29"),  # a date alone has no time of day to move
    ("2022-03-29T23:30:00", "2022-03-29 23:30"),  # no offset: its zone unknown, shown as written, not "UTC"
    (None, ""),
    ("", ""),
])
def test_a_stored_time_is_shown_in_utc_saying_so(stored: str | None, shown: str) -> None:
    assert shown_time(stored) == shown
    assert shown_day(stored) == shown[:10]


def test_the_outlets_own_clock_is_told_where_it_is_not_utc() -> None:
    assert as_published(NEW_YORK) == "2022-03-29 23:30 -04:00"
    assert as_published("2022-03-30T09:40:00+05:30") == "2022-03-30 09:40 +05:30"
    assert as_published("2022-03-30T03:30:00+00:00") is None  # the UTC time says it already
    assert as_published("2022-03-29") is None and as_published("2022-03-29T23:30:00") is None
    assert shown_time("2026-12-03T09:02:39.120000+00:00", seconds=True) == "2026-12-03 09:02:39 UTC"


def test_pages_and_the_terminal_show_one_time_and_the_json_the_outlets(tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    with open_store(db) as store:
        article_id = store.put(replace(talks(), published=NEW_YORK)).id
        StoryDesk(store).add(replace(talks(), id=article_id, published=NEW_YORK))
        [story] = store.stories(10)
        client = TestClient(create_app(store))
        pages = {path: client.get(path) for path in (f"/stories/{story.id}", f"/articles/{article_id}",
                                                      "/search?q=Fomin", "/quotes?speaker=Fomin")}
        for path, page in pages.items():
            assert page.status_code == 200, path
            assert IN_UTC in page.text, path
            assert "2022-03-29 23:30" not in page.text.replace("2022-03-29 23:30 -04:00 at the outlet", ""), path
        assert "(2022-03-29 23:30 -04:00 at the outlet)" in pages[f"/articles/{article_id}"].text
        assert f'datetime="{NEW_YORK}"' in pages["/search?q=Fomin"].text  # the machine-readable value as written
        assert client.get(f"/api/articles/{article_id}").json()["published"] == NEW_YORK

    runner = CliRunner()
    found = runner.invoke(cli, ["search", "--db", db, "Fomin"])
    assert found.exit_code == 0 and IN_UTC in found.stdout and "2022-03-29" not in found.stdout
    said = runner.invoke(cli, ["quotes", "--db", db, "--speaker", "Fomin"])
    assert said.exit_code == 0 and said.stdout.startswith(IN_UTC), said.output
    told = runner.invoke(cli, ["story", "--db", db, story.id, "--timeline"])
    assert told.exit_code == 0 and f"\n{IN_UTC}  Wire One  " in told.stdout, told.output
    assert "23:30" not in told.stdout
    listed = runner.invoke(cli, ["stories", "--db", db])
    assert listed.exit_code == 0 and listed.stdout.split("  ")[1].endswith(" UTC"), listed.output
    [line] = runner.invoke(cli, ["search", "--db", db, "--jsonl", "Fomin"]).stdout.splitlines()
    assert json.loads(line)["published"] == NEW_YORK  # scripts get the outlet's own value


@pytest.mark.parametrize(("written", "kept"), [
    ("Tue, 29 Mar 2022 23:30:00 -0400", NEW_YORK),
    ("Tue, 29 Mar 2022 23:30:00 EDT", NEW_YORK),
    ("Wed, 30 Mar 2022 03:30:00 GMT", "2022-03-30T03:30:00+00:00"),
    ("Wed, 30 Mar 2022 03:30:00 -0000", "2022-03-30T03:30:00+00:00"),  # "no offset known": read as UTC
])
def test_a_feeds_date_keeps_the_offset_it_was_written_with(written: str, kept: str) -> None:
    """A feed's pubDate was turned into UTC, so an article dated by its feed alone lost its outlet's offset
    in the JSON, where one dated by its own page kept it."""
    feed = (f'<rss version="2.0"><channel><title>F</title><item><title>T</title><link>https://news.example/a</link>'
            f"<pubDate>{written}</pubDate></item></channel></rss>")
    [link] = parse_listing(feed.encode(), "https://news.example/feed.xml", 1_000_000).links
    assert link.published == kept
