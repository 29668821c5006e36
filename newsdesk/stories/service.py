"""A :class:`StoryDesk`: a tracker kept in step with a store, for ingest, the monitor and rebuilds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import NewsdeskError
from ..types import Article
from .records import Assignment
from .tracker import StoryTracker, TrackerParams

if TYPE_CHECKING:
    from ..store import Store


class StoryDesk:
    """Assigns each stored article to a story and writes the assignment and its developments.

    On creation it replays the store's story log, each assignment with the moves it made (splits,
    merges, late joins) and the article as it was then, so the tracker continues exactly where the
    last process left off (cost: one read of the assigned articles). Assignments made before the
    log (schema step 7) hold only each article's final story: they are replayed as such, which
    gives a state close to, not always equal to, the one that made them.
    """

    def __init__(self, store: Store, params: TrackerParams | None = None) -> None:
        self.store = store
        self.params = params
        self.tracker = StoryTracker(params)
        for exact, made, article in store.story_log():
            if exact:
                self.tracker.replay(article, made)
            else:
                self.tracker.observe(article, made.story_id, "copy" if made.status == "copy" else "member",
                                     made.copy_of)

    def add(self, article: Article) -> Assignment:
        """Assign a stored article (by its store id) and commit; the developments come back with pks."""
        return self.store.assign_story(self.tracker.assign(article), article)

    def rebuild(self) -> int:
        """Forget every story and assign every stored article again, in the order stored: the
        result is what online processing in that order gives. Returns the number of articles."""
        self.store.clear_stories()
        self.tracker = StoryTracker(self.params)
        count = 0
        for article in self.store.articles():
            self.add(article)
            count += 1
        return count


def assign_line(desk: StoryDesk, article: Article) -> dict[str, str]:
    """Assign a just-stored article; the fields ingest and the monitor report: ``story`` and
    ``story_status``, or ``story_error`` (the article stays stored; ``stories --rebuild`` can
    assign it later)."""
    try:
        assignment = desk.add(article)
    except NewsdeskError as exc:
        return {"story_error": exc.reason}
    return {"story": assignment.story_id, "story_status": assignment.status}
