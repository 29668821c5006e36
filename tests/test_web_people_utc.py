"""The people page's "last seen" compares times in UTC (#8): stored dates keep their source's offset,
so the greatest text (09:40+03:00) was taken for the latest time over 08:15+00:00, which is later."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_store_support import BACKENDS, store_on
from test_web_support import article, ingest, web_app

from newsdesk.store import NameFilter
from newsdesk.stories import StoryDesk
from newsdesk.types import Article

KYIV_TIME = "2022-03-30T09:40:00+03:00"  # 06:40 UTC: the earlier report, the greater text
LONDON_TIME = "2022-03-30T08:15:00+00:00"


def _report(url: str, published: str, title: str, text: str, people: tuple[str, ...]) -> Article:
    return article(url, "Wire", published, title, text, people={name: () for name in people})


@pytest.mark.parametrize("backend", BACKENDS)
def test_last_seen_is_the_latest_time_in_utc(backend: str, tmp_path: Path) -> None:
    with store_on(backend, tmp_path) as store:
        desk = StoryDesk(store)
        ingest(store, desk, _report("https://kyiv.example/1", KYIV_TIME, "Harbour board meets in Odesa",
                                    "Olena Petrenko and Ivan Bondar met the harbour board in Odesa about the sea "
                                    "wall on Wednesday morning.", ("Olena Petrenko", "Ivan Bondar")))
        ingest(store, desk, _report("https://london.example/2", LONDON_TIME, "Grain talks open in London",
                                    "Olena Petrenko opened the grain talks in London with shipping insurers "
                                    "later on Wednesday.", ("Olena Petrenko",)))
        ingest(store, desk, _report("https://london.example/3", LONDON_TIME, "Ferry strike ends in Dover",
                                    "Mark Hughes said the ferry strike in Dover was over and crossings would "
                                    "resume at once.", ("Mark Hughes",)))
        for wanted in (NameFilter(type="person"), NameFilter(name="petrenko"), NameFilter(since="2022-03-30")):
            hits = {h.name: h.last_seen for h in store.entities(wanted)}
            assert hits["Olena Petrenko"] == LONDON_TIME, (wanted, hits)
        # one article each: the latest first, in UTC (Bondar's 09:40+03:00 is 06:40 UTC)
        ones = [h.name for h in store.entities(NameFilter(type="person")) if h.articles == 1]
        assert ones == ["Mark Hughes", "Ivan Bondar"]
        bondar = next(h for h in store.entities(NameFilter(name="bondar")))
        assert bondar.last_seen == "2022-03-30T06:40:00+00:00"  # the same instant, in UTC as the stories keep it
        page = TestClient(web_app(store)).get("/people", params={"name": "petrenko"})
        assert page.status_code == 200 and "2022-03-30 08:15 UTC" in page.text
