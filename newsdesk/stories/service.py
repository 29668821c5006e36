"""A :class:`StoryDesk`: a tracker kept in step with a store, for ingest, the monitor and rebuilds."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING

from ..errors import InputError, NewsdeskError, StoreError
from ..types import Article
from .checkpoint import VERSION, CheckpointError, decode, encode
from .records import Assignment, Correction, StoryCheckpoint, StoryEdit
from .tracker import Reader, StoryTracker, TrackerParams

if TYPE_CHECKING:
    from ..store import Store
    from ..store.core import LogReader
    from ..store.records import StoryLogEntry

log = logging.getLogger(__name__)
# log rows between two checkpoints: this many, or a quarter of the log the last one covered if more (its
# cost grows with the state, so a checkpoint every 500 rows would cost more than a replay saves)
CHECKPOINT_EVERY = 500
# articles a rebuild assigns in one transaction: one commit (an fsync on SQLite) for many, not one each, and
# the story writer lock held well under a second at a time (ingest assigns between);
# cut off, it has stored whole batches (it says how many articles), the rest are in no story
REBUILD_BATCH = 100


class StoryDesk:
    """Assigns each stored article to a story and writes the assignment and its developments.

    On creation it takes the tracker's last checkpoint (its state as of a log seq, stored with an
    assignment now and then: :meth:`_due`, :mod:`.checkpoint`) and replays the store's story log
    past it, each assignment with the moves it made (splits, merges, late joins) and the article as
    it was then, so the tracker continues exactly where the last process left off (cost: reading the
    checkpoint and a fifth of the log at most, instead of one read of every assigned article). Assignments
    made before the log (schema step 7) hold only each article's final story: they are replayed as
    such, which gives a state close to, not always equal to, the one that made them.
    """

    def __init__(self, store: Store, params: TrackerParams | None = None, *, start: bool = True) -> None:
        """``start`` False: do not read the checkpoint and the log now (a desk made to rebuild, which
        forgets them: at 100k articles the checkpoint alone takes seconds); the first write reads them."""
        self.store = store
        self.params = params
        self._turn = threading.RLock()  # one write at a time (the web answers corrections from a thread pool)
        self._key = _key(params)
        self._hold = False  # a rebuild: no checkpoint until its end
        if start:
            self._start()
        else:
            self._forget()

    def _start(self) -> None:
        """The tracker as of the last checkpoint, then the log past it (the whole log without one)."""
        self.tracker = self._tracker()
        self._seen: tuple[int, str | None] = (0, None)  # the last log row the tracker holds: (seq, article)
        self._saved = 0  # the seq of the last checkpoint stored
        self._stale = False  # a write failed after the tracker decided: start again before the next one
        found = self.store.story_checkpoint(self._key, VERSION)
        if found is not None:
            try:
                decode(found.state, self.tracker)
                self._seen, self._saved = (found.seq, found.article_id), found.seq
            except CheckpointError:  # (one a later codec cannot read): the whole log gives the same state
                self.tracker = self._tracker()
        self._replay(self.store.story_log(self._seen[0]), self.store.logged_articles)

    def _forget(self) -> None:
        """After a write that failed: the tracker may hold what the store rolled back, so the next
        write first starts again from the store, as a restarted process would."""
        self.tracker, self._seen, self._saved, self._stale = self._tracker(), (0, None), 0, True

    def _tracker(self) -> StoryTracker:
        """A new tracker: its articles are stored, so expired stories drop what the store gives back."""
        return StoryTracker(self.params, stored=True)

    def _due(self, seq: int) -> bool:
        """A checkpoint at log row ``seq``: CHECKPOINT_EVERY rows past the last, or a quarter of its
        seq if more (writing one costs about the state's size: amortised, a constant per row)."""
        return not self._hold and seq - self._saved >= max(CHECKPOINT_EVERY, self._saved // 4)

    def _checkpoint(self, seq: int, article_id: str) -> None:
        """Store the tracker's checkpoint as of log row ``seq`` (the tracker holds exactly that), when
        one is due: encoded after the assignment's transaction, so no other writer waits on it."""
        if not self._due(seq):
            return
        try:
            if self.store.keep_story_checkpoint(StoryCheckpoint(self._key, VERSION, seq, article_id,
                                                                encode(self.tracker))):
                self._saved = seq
        except StoreError as exc:  # the assignment stands; a checkpoint only shortens the next start
            log.warning("story checkpoint not stored: %s", exc)

    def _replay(self, entries: Iterable[StoryLogEntry], read: LogReader) -> None:
        for entry in entries:
            made, edit = entry.assignment, entry.edit

            def then(ids: Sequence[str], seq: int = entry.seq) -> Mapping[str, Article]:
                return read(ids, seq)  # the articles as the log had them before this row

            if edit is not None:  # an editor's correction, made again over the articles as it read them
                if edit.kind == "merge":
                    self.tracker.merge(edit.story_id, edit.source, then)
                else:
                    self.tracker.move(edit.article_id, edit.story_id, then)
            elif made is None:
                continue
            elif entry.exact:
                self.tracker.replay(entry.article, made, then)
            else:
                self.tracker.observe(entry.article, made.story_id, "copy" if made.status == "copy" else "member",
                                     made.copy_of)
            self._seen = (entry.seq, entry.article.id)

    def add(self, article: Article) -> Assignment:
        """Assign a stored article (by its store id) and commit; the developments come back with pks.

        Other processes (``newsdesk run`` and ``newsdesk ingest`` on one database) assign too: in
        the assignment's transaction, under the story writer lock, the tracker first replays what
        they logged since, so every desk decides on the same state as one desk would."""
        return self.add_many([article])[0]

    def add_many(self, articles: Sequence[Article]) -> list[Assignment]:
        """:meth:`add` for several articles, in the order given, in one transaction (all or none):
        the same assignments as one :meth:`add` each, at one commit for all (a rebuild's)."""
        if not articles:
            return []
        features = [self.tracker.featurize(a) for a in articles]  # the slow part, outside the lock

        def decide(i: int, missed: list[StoryLogEntry], fresh: bool, read: LogReader) -> Assignment:
            if i == 0:
                self._catch_up(missed, fresh, read)
            return self.tracker.assign(articles[i], features[i], _now(read))

        with self._turn:
            if self._stale:
                self._start()
            try:
                made = self.store.assign_stories_after(self._seen, articles, decide)
            except BaseException:
                # The tracker may hold assignments the store rolled back: start again from the
                # log on the next call, as a restarted process would, rather than run ahead of it.
                self._forget()
                raise
            stored, seq = made[-1]
            self._seen = (seq, stored.article_id)
            self._checkpoint(seq, stored.article_id)
            return [a for a, _ in made]

    def _catch_up(self, missed: list[StoryLogEntry], fresh: bool, read: LogReader) -> None:
        if fresh:  # the log was cleared (a rebuild elsewhere): start over from it
            self.tracker, self._seen, self._saved = self._tracker(), (0, None), 0
        self._replay(missed, read)

    # -- editors' corrections --------------------------------------------------------------------
    def move(self, article: str, to: str, *, editor: str | None = None) -> StoryEdit:
        """Move an article (id or unique prefix), with its copies, into story ``to`` (id or unique
        prefix) or, ``to`` being ``new``, into a new story of its own; commit. A copy moves alone, a
        member where it goes (``to`` its own story: a member of it, a copy no more). The centroids follow,
        so the next article like it follows it; both stories' developments are told again; a
        rebuild makes the move again. ``editor``: who (kept with the correction)."""
        article_id = self._article(article)
        current = self.store.story_of(article_id)
        if current is None:
            raise InputError("the article is in no story (stories --rebuild assigns every stored article)",
                             input=article)
        target = None if to == "new" else self._story(to)  # its own story: the tracker refuses it, but for a copy

        def decide(missed: list[StoryLogEntry], fresh: bool, read: LogReader) -> Correction:
            self._catch_up(missed, fresh, read)
            return self.tracker.move(article_id, target or self.tracker.fresh_story_id(article_id), _now(read))

        return self._correct(decide, editor)

    def merge(self, keep: str, other: str, *, editor: str | None = None) -> StoryEdit:
        """Merge story ``other`` into story ``keep`` (ids or unique prefixes), as the tracker merges
        two stories found to be one; commit. ``other``'s old links lead to ``keep``."""
        keep_id, other_id = self._story(keep), self._story(other)
        if keep_id == other_id:
            raise InputError(f"that is story {keep_id} itself (or merged into it already)", input=other)

        def decide(missed: list[StoryLogEntry], fresh: bool, read: LogReader) -> Correction:
            self._catch_up(missed, fresh, read)
            return self.tracker.merge(keep_id, other_id, _now(read))

        return self._correct(decide, editor)

    def _correct(self, decide: Callable[[list[StoryLogEntry], bool, LogReader], Correction], editor: str | None,
                 pk: int | None = None) -> StoryEdit:
        with self._turn:
            if self._stale:
                self._start()
            try:
                edit, seq = self.store.correct_stories_after(self._seen, decide, editor, pk)
            except InputError:  # refused before the tracker changed (it holds what the log holds)
                raise
            except BaseException:  # as in add: start again from the log
                self._forget()
                raise
            self._seen = (seq, edit.article_id)
            return edit

    def _article(self, ref: str) -> str:
        found = self.store.get(ref)
        return found.id if found is not None else self.store.resolve_id(ref)  # InputError: unknown or ambiguous

    def _story(self, ref: str) -> str:
        found = self.store.story(ref)  # the story a merge folded it into, if one did
        if found is None:
            several = len(self.store.story_ids(ref)) > 1
            raise InputError("the id is ambiguous; give more of it" if several else "no story with this id", input=ref)
        return found.id

    def _again(self, edit: StoryEdit) -> StoryEdit:
        """Make a stored correction again (a rebuild): its stories found by their articles where they
        are assigned (``anchor``), else by id; InputError where it no longer applies."""
        def where(anchor: str | None, story_id: str) -> str | None:
            return (self.tracker.story_of(anchor) if anchor else None) or self.tracker.known_story(story_id)

        def decide(missed: list[StoryLogEntry], fresh: bool, read: LogReader) -> Correction:
            self._catch_up(missed, fresh, read)
            if edit.kind == "merge":
                keep, gone = where(edit.anchor, edit.story_id), where(edit.article_id, edit.source)
                if keep is None or gone is None:
                    raise InputError("a story it merged is gone", input=edit.source)
                return self.tracker.merge(keep, gone, _now(read))
            target = None if edit.new else where(edit.anchor, edit.story_id)
            if target is None and not edit.new:
                raise InputError("the story it moved the article to is gone", input=edit.story_id)
            if target is None:  # a new story: the id it had, unless a story has it now
                known = self.tracker.known_story(edit.story_id) is not None
                target = self.tracker.fresh_story_id(edit.article_id) if known else edit.story_id
            return self.tracker.move(edit.article_id, target, _now(read))

        return self._correct(decide, edit.editor, edit.pk)

    def rebuild(self, skipped: Callable[[StoryEdit, InputError], None] | None = None,
                progress: Callable[[int, int], None] | None = None) -> int:
        """Forget every story and assign every stored article again, in the order stored, making
        each editor's correction again right after the article assigned last before it: the result
        is what online processing in that order, with those corrections, gives. A correction that
        no longer applies (its article gone, or already where it put it) is passed to ``skipped``.
        Articles are written REBUILD_BATCH a transaction (the same rows as one each: a correction
        ends a batch); ``progress(done, total)`` is called after each. Returns the number of
        articles. Cut off (the database went away): a StoreError that says how far it got (the
        batches committed); the articles it had not reached are in no story until it is run again."""
        after: dict[str | None, list[StoryEdit]] = {}
        for edit, last in self.store.story_edits():
            after.setdefault(last, []).append(edit)
        total, began = self.store.count(), time.monotonic()
        self.store.clear_stories()  # and the checkpoints
        self.tracker, self._seen, self._saved, self._stale = self._tracker(), (0, None), 0, False
        count, self._hold = 0, True  # no checkpoint along the way (each costs the state's size): one at the end
        batch: list[Article] = []

        def write() -> int:
            done = count + len(self.add_many(batch))
            if progress is not None:
                progress(done, total)
            return done

        try:
            for article in self.store.articles():
                batch.append(article)
                edits = after.pop(article.id, ())
                if edits or len(batch) >= REBUILD_BATCH:  # a correction is made after the article before it
                    count, batch = write(), []
                self._redo(edits, skipped)
            if batch:
                count = write()
            for rest in after.values():  # after an article no longer stored
                self._redo(rest, skipped)
        except StoreError as exc:  # the corrections are kept (story_edits): a rebuild run again makes them
            raise type(exc)(f"the stories rebuild stopped after {count} of {total} articles ({exc.reason}); "
                            f"the other {total - count} are in no story until it is run again "
                            "(newsdesk stories --rebuild)", input=exc.input) from exc
        finally:
            self._hold = False
        seq, last = self._seen
        if seq and last is not None:
            self.store.keep_story_checkpoint(StoryCheckpoint(self._key, VERSION, seq, last, encode(self.tracker)))
            self._saved = seq
        self.store.note_story_rebuild(count, time.monotonic() - began)  # what the next undo will take about
        return count

    def undo(self, pk: int, skipped: Callable[[StoryEdit, InputError], None] | None = None,
             progress: Callable[[int, int], None] | None = None) -> StoryEdit:
        """Undo an editor's correction (its ``pk``): forget it and rebuild the stories (:meth:`rebuild`,
        every other correction made again), so they are what online processing without it gives: the
        articles it moved go where the tracker puts them, later articles with them. Every
        development gets a new pk, as in any rebuild. Returns the correction undone.

        The correction just made (its log row the last, the log as a rebuild writes it) is undone
        without a rebuild: the rows it changed are put back as they were (the same rows as a rebuild
        without it, the developments under their old pks), and the tracker reads the log again before
        its next write, as a restarted process does."""
        with self._turn:
            quick = self.store.undo_last_story_edit(pk)
            if quick is not None:
                self._forget()  # (it held the correction)
                return quick
            edit = self.store.remove_story_edit(pk)
            if edit is None:
                raise InputError("no such correction", input=f"#{pk}")
            try:
                self.rebuild(skipped, progress)
            except StoreError as exc:
                raise type(exc)(f"correction #{pk} is undone, but {exc.reason}", input=exc.input) from exc
            return edit

    def _redo(self, edits: Iterable[StoryEdit], skipped: Callable[[StoryEdit, InputError], None] | None) -> None:
        for edit in edits:
            try:
                self._again(edit)
            except InputError as exc:
                if skipped is not None:
                    skipped(edit, exc)


def rebuild_cost(store: Store) -> str:
    """How long a rebuild (an editor's undo too) will take: the stored articles at the pace of the
    last whole rebuild ("1,200 articles, about 20 seconds"), or only how many without one."""
    count, last = store.count(), store.story_rebuild_time()
    articles = f"{count:,} article{'' if count == 1 else 's'}"
    if last is None or last[0] <= 0:
        return articles
    seconds = count * last[1] / last[0]
    if seconds < 90:
        return f"{articles}, about {max(1, round(seconds))} second{'' if round(seconds) <= 1 else 's'}"
    return f"{articles}, about {round(seconds / 60)} minutes"


def undo_cost(store: Store, pk: int) -> str:
    """What undoing correction ``pk`` will do and take: the correction just made is undone at once
    (the rows it changed put back), another by a rebuild (:func:`rebuild_cost`)."""
    if store.story_edit_undone_quickly(pk):
        return "The stories it changed are put back as they were, at once"
    return f"Every story is rebuilt without it (every other correction is made again): {rebuild_cost(store)}"


def _key(params: TrackerParams | None) -> str:
    """What a checkpoint is stored under: the tracker's params (another tracker cannot go on from it)."""
    return json.dumps(asdict(params or TrackerParams()), sort_keys=True)


def _now(read: LogReader) -> Reader:
    """The articles as the whole story log has them: what a new correction reads."""
    return lambda ids: read(ids, None)


def assign_line(desk: StoryDesk, article: Article) -> dict[str, str]:
    """Assign a just-stored article; the fields ingest and the monitor report: ``story`` and
    ``story_status``, or ``story_error`` (the article stays stored; ``stories --rebuild`` can
    assign it later)."""
    try:
        assignment = desk.add(article)
    except NewsdeskError as exc:
        return {"story_error": exc.reason}
    return {"story": assignment.story_id, "story_status": assignment.status}
