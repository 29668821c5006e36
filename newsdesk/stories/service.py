"""A :class:`StoryDesk`: a tracker kept in step with a store, for ingest, the monitor and rebuilds."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..errors import NewsdeskError
from ..types import Article
from .records import Assignment
from .tracker import StoryTracker, TrackerParams

if TYPE_CHECKING:
    from ..store import Store
    from ..store.records import StoryLogEntry


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
        self._seen: tuple[int, str | None] = (0, None)  # the last log row the tracker holds: (seq, article)
        self._replay(store.story_log())

    def _replay(self, entries: Iterable[StoryLogEntry]) -> None:
        for entry in entries:
            made = entry.assignment
            if entry.exact:
                self.tracker.replay(entry.article, made)
            else:
                self.tracker.observe(entry.article, made.story_id, "copy" if made.status == "copy" else "member",
                                     made.copy_of)
            self._seen = (entry.seq, made.article_id)

    def add(self, article: Article) -> Assignment:
        """Assign a stored article (by its store id) and commit; the developments come back with pks.

        Other processes (``newsdesk run`` and ``newsdesk ingest`` on one database) assign too: in
        the assignment's transaction, under the story writer lock, the tracker first replays what
        they logged since, so every desk decides on the same state as one desk would."""
        features = self.tracker.featurize(article)  # the slow part, outside the lock

        def decide(missed: list[StoryLogEntry], fresh: bool) -> Assignment:
            if fresh:  # the log was cleared (a rebuild elsewhere): start over from it
                self.tracker, self._seen = StoryTracker(self.params), (0, None)
            self._replay(missed)
            return self.tracker.assign(article, features)

        try:
            stored, seq = self.store.assign_story_after(self._seen, article, decide)
        except BaseException:
            # The tracker may hold an assignment the store rolled back: start again from the
            # log on the next call, as a restarted process would, rather than run ahead of it.
            self.tracker, self._seen = StoryTracker(self.params), (0, None)
            raise
        self._seen = (seq, stored.article_id)
        return stored

    def rebuild(self) -> int:
        """Forget every story and assign every stored article again, in the order stored: the
        result is what online processing in that order gives. Returns the number of articles."""
        self.store.clear_stories()
        self.tracker, self._seen = StoryTracker(self.params), (0, None)
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
