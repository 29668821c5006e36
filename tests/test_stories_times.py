"""Stories order and compare times in UTC (#6): an article published at 09:40+03:00 (06:40 UTC)
came after one of 08:15 UTC in the timeline, and made last_updated earlier than first_seen,
because the story tables compared the times as text with their offsets."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from test_web_support import FOLLOW_UP, article, talks

from newsdesk.store import open_store
from newsdesk.stories import StoryDesk


def test_times_with_other_offsets_keep_time_order(tmp_path: Path) -> None:
    first = replace(talks(), published="2022-03-29T08:15:00+00:00")
    earlier = article("https://east.example/kyiv", "East Wire", "2022-03-29T09:40:00+03:00",
                      "Pentagon: Russian forces near Kyiv repositioning", FOLLOW_UP)
    with open_store(str(tmp_path / "n.db")) as store:
        desk = StoryDesk(store)
        a = desk.add(store.get(store.put(first).id))  # type: ignore[arg-type]
        b = desk.add(store.get(store.put(earlier).id))  # type: ignore[arg-type]
        assert a.story_id == b.story_id
        story = store.story(a.story_id)
        assert story is not None
        assert story.first_seen <= story.last_updated
        assert story.first_seen.startswith("2022-03-29T06:40") and story.last_updated.startswith("2022-03-29T08:15")
        assert story.articles == (b.article_id, a.article_id)  # 06:40 UTC before 08:15 UTC
        assert store.get(b.article_id).published == "2022-03-29T09:40:00+03:00"  # type: ignore[union-attr]
