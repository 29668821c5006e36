"""The :class:`Store`: the one interface to storage, over a SQLite or a PostgreSQL :class:`Database`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from types import TracebackType

from ..errors import InputError, StoreError
from ..stories.records import Assignment, Correction, Development, Story, StoryCheckpoint, StoryEdit
from ..types import Article, from_dict
from . import articles as article_sql
from . import events as event_sql
from . import links as link_sql
from . import people as people_sql
from . import quotes as quote_sql
from . import sources as source_sql
from . import stories as story_sql
from . import story_edits as edit_sql
from . import story_undo
from .db import Database, Dialect, Tx
from .events import EventFilter, EventHit
from .export import copy_database
from .identity import link_key
from .migrations import applied, now
from .people import NameFilter, NameHit
from .query import Node, parse
from .quotes import QuoteFilter, QuoteHit
from .records import (
    ArticleVersion,
    FetchLogEntry,
    FetchResult,
    Hit,
    LinkNote,
    Migration,
    PutResult,
    Source,
    StoryLogEntry,
)
from .search import search

PAGE = 500
# stored articles by id as the story log last had them before a seq (None: the whole log)
LogReader = Callable[[Sequence[str], int | None], Mapping[str, Article]]


class Store:
    """Articles, search and sources in one database. Every write is committed before it returns.

    Safe to share between threads: writes take turns on one connection, reads use their own.
    Use as a context manager, or call :meth:`close`.
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    @property
    def url(self) -> str:
        """The database, as shown in messages (no password)."""
        return self._db.display

    @property
    def dialect(self) -> Dialect:
        return self._db.dialect

    # -- articles ------------------------------------------------------------------------------
    def put(self, article: Article, link: LinkNote | None = None) -> PutResult:
        """Store an article: ``stored``, ``duplicate`` (nothing written) or ``updated`` (new version).

        ``link``: the monitor's link it came from, noted as done in the same transaction.
        """
        with self._db.write() as tx:
            stamp = now()
            result = article_sql.put(tx, article, stamp)
            if link is not None:
                link_sql.done(tx, replace(link, url=link_key(link.url)), result.duplicate_of or result.id, stamp)
            return result

    def put_many(self, batch: Iterable[Article]) -> list[PutResult]:
        """Store many articles in one transaction (all or none): for bulk loads."""
        articles = list(batch)
        with self._db.write() as tx:
            article_sql.lock(tx, articles)
            return [article_sql.put(tx, article, now()) for article in articles]

    def get(self, article_id: str) -> Article | None:
        with self._db.read() as tx:
            return article_sql.get(tx, article_id)

    def resolve_id(self, prefix: str) -> str:
        """The full id of the one article whose id starts with ``prefix``."""
        with self._db.read() as tx:
            found = article_sql.find_ids(tx, prefix)
        if len(found) != 1:
            # an InputError, not a StoreError: what was asked for is wrong, the database is fine
            raise InputError(f"id {prefix} is ambiguous; give more of it" if found else f"no article with id {prefix}")
        return found[0]

    def versions(self, article_id: str) -> list[ArticleVersion]:
        """Every version of an article, the first stored first, the current one last."""
        with self._db.read() as tx:
            return article_sql.versions(tx, article_id)

    def count(self) -> int:
        with self._db.read() as tx:
            return article_sql.count(tx)

    def articles(self, after: int = 0) -> Iterator[Article]:
        """Every stored article (past the row key ``after``), in the order stored (read a page at a time)."""
        while True:
            with self._db.read() as tx:
                rows = article_sql.page(tx, after, PAGE)
            yield from (article for _, article in rows)
            if len(rows) < PAGE:
                return
            after = rows[-1][0]

    def last_articles(self, limit: int) -> Iterator[Article]:
        """The ``limit`` articles stored last, oldest first: only they are read (the ``limit``-th
        newest is found on the key's index), not every stored article."""
        with self._db.read() as tx:
            row = tx.one("SELECT pk FROM articles ORDER BY pk DESC LIMIT 1 OFFSET ?", (max(limit, 1) - 1,))
        return self.articles(int(row[0]) - 1 if row else 0)

    def search(self, query: str | Node, limit: int = 20, pairs: bool = True) -> list[Hit]:
        """Articles matching a query (see ``store/query.py``), best first. ``pairs`` False: phrases from
        the word index alone (the same hits; to compare)."""
        node = parse(query) if isinstance(query, str) else query
        if limit < 1:
            return []
        with self._db.read() as tx:
            return search(tx, node, limit, pairs=pairs)

    def quotes(self, wanted: QuoteFilter, limit: int = 50, offset: int = 0, indexed: bool = True) -> list[QuoteHit]:
        """Who said what across the stored articles, newest first (see ``store/quotes.py``; ``indexed``
        False: the filters scan, to compare)."""
        if limit < 1:
            return []
        with self._db.read() as tx:
            return quote_sql.find(tx, wanted, limit, offset, indexed)

    def newest_published(self) -> str | None:
        """The latest publication time of a stored article (from the date index), None when none has one."""
        with self._db.read() as tx:
            row = tx.one("SELECT max(published) FROM articles")
        return str(row[0]) if row and row[0] else None

    def entities(self, wanted: NameFilter, limit: int = 50, offset: int = 0, indexed: bool = True) -> list[NameHit]:
        """Who is who across the stored articles, the most named first (see ``store/people.py``; ``indexed``
        False: the name filter scans, to compare)."""
        if limit < 1:
            return []
        with self._db.read() as tx:
            return people_sql.find(tx, wanted, limit, offset, indexed)

    def events(self, wanted: EventFilter, limit: int = 50, offset: int = 0, indexed: bool = True) -> list[EventHit]:
        """Who did what to whom, where and when across the stored articles, the latest first (see
        ``store/events.py``; ``indexed`` False: the query before the events' indexes, to compare)."""
        if limit < 1:
            return []
        with self._db.read() as tx:
            return event_sql.find(tx, wanted, limit, offset, indexed)

    # -- sources -------------------------------------------------------------------------------
    def add_source(self, url: str, kind: str = "feed", title: str | None = None) -> Source:
        with self._db.write() as tx:
            return source_sql.add(tx, url, kind, title, now())

    def get_source(self, key: int | str) -> Source | None:
        """A source by id or URL."""
        with self._db.read() as tx:
            return source_sql.get(tx, key)

    def list_sources(self, due_at: str | None = None) -> list[Source]:
        """All sources, or those due for a check at ``due_at`` (ISO-8601 UTC)."""
        with self._db.read() as tx:
            return source_sql.listed(tx, due_at)

    def move_source(self, source_id: int, url: str) -> Source | None:
        """A source at its new address (a feed moved for good); None when another source has that
        address already, or the source is gone."""
        with self._db.write() as tx:
            return source_sql.move(tx, source_id, url)

    def remove_source(self, key: int | str) -> bool:
        with self._db.write() as tx:
            return source_sql.remove(tx, key)

    def record_fetch(self, source_id: int, result: FetchResult) -> Source:
        """Note a check of a source (validators or error, next check) and log it."""
        with self._db.write() as tx:
            return source_sql.record_fetch(tx, source_id, result, now())

    def pause_source(self, source_id: int, until: str) -> None:
        """Hold a source until ``until`` (ISO-8601 UTC), its site having asked for a pause: not checked
        sooner, shown paused; a later pause it has already stays."""
        with self._db.write() as tx:
            source_sql.pause(tx, source_id, until)

    def fetch_log(self, source_id: int, limit: int = 50) -> list[FetchLogEntry]:
        with self._db.read() as tx:
            return source_sql.fetch_log(tx, source_id, limit)

    # -- links found by the monitor -----------------------------------------------------------
    def pending_links(self, links: Sequence[tuple[str, str | None]], max_attempts: int = 3) -> list[str]:
        """Which of these ``(url, stamp)`` links to fetch: new, changed, or failed fewer than
        ``max_attempts`` times in a row; in the order given."""
        keys = {link_key(url): url for url, _ in links}
        with self._db.read() as tx:
            return [keys[key] for key in link_sql.pending(tx, [(link_key(url), stamp) for url, stamp in links],
                                                          max_attempts)]

    def link_failed(self, link: LinkNote, error: str) -> None:
        with self._db.write() as tx:
            link_sql.failed(tx, replace(link, url=link_key(link.url)), error, now())

    # -- stories (#6) ---------------------------------------------------------------------------
    def assign_story(self, assignment: Assignment, article: Article) -> Assignment:
        """Write an article's story assignment and its developments in one transaction; the
        developments come back with their pks. On PostgreSQL, NOTIFY newsdesk_developments follows."""
        with self._db.write() as tx:
            story_sql.lock(tx)
            stamp = now()
            return story_sql.assign(tx, assignment, article, article.published or stamp, stamp)

    def assign_story_after(self, seen: tuple[int, str | None], article: Article,
                           decide: Callable[[list[StoryLogEntry], bool, LogReader], Assignment],
                           ) -> tuple[Assignment, int]:
        """Assign an article in step with every other process, in one transaction: take the story
        writer lock, call ``decide(missed, fresh, read)`` with the story log past ``seen`` (the last seq
        a tracker holds and its article) and write the assignment it returns. ``fresh``: the log no
        longer holds ``seen`` (a rebuild cleared it), so ``missed`` is all of it; ``read``:
        :meth:`logged_articles` in this transaction (an editor's correction reads them). Returns the
        assignment with its development pks and its seq in the log."""
        (made,) = self.assign_stories_after(seen, [article], lambda _, *args: decide(*args))
        return made

    def assign_stories_after(self, seen: tuple[int, str | None], articles: Sequence[Article],
                             decide: Callable[[int, list[StoryLogEntry], bool, LogReader], Assignment],
                             ) -> list[tuple[Assignment, int]]:
        """:meth:`assign_story_after` for many articles in one transaction (a rebuild: one commit,
        not one per article): ``decide(i, missed, fresh, read)`` for the ``i``-th, ``missed`` and
        ``fresh`` as there for the first and empty after it (the lock is held: nothing else is
        logged in between). All written or none."""
        made: list[tuple[Assignment, int]] = []
        with self._db.write() as tx:
            story_sql.lock(tx)
            missed, fresh = _missed(tx, seen)
            read = _reader(tx)
            for i, article in enumerate(articles):
                assignment = decide(i, missed, fresh, read)
                missed, fresh = [], False
                stamp = now()
                # the story tables order and compare times as text: one offset (UTC) for all of them
                published = utc_text(article.published)
                assignment = replace(assignment, developments=tuple(
                    replace(d, published=utc_text(d.published)) for d in assignment.developments))
                stored = story_sql.assign(tx, assignment, replace(article, published=published),
                                          published or stamp, stamp)
                made.append((stored, story_sql.last_seq(tx)))
        return made

    def correct_stories_after(self, seen: tuple[int, str | None],
                              decide: Callable[[list[StoryLogEntry], bool, LogReader], Correction],
                              editor: str | None = None, pk: int | None = None) -> tuple[StoryEdit, int]:
        """An editor's correction in step with every other story writer, as :meth:`assign_story_after`:
        ``decide(missed, fresh, read)`` makes it on the tracker, this writes it (``store/story_edits.py``;
        ``pk``: a stored correction made again by a rebuild). Returns the edit and its log seq."""
        with self._db.write() as tx:
            story_sql.lock(tx)
            made = decide(*_missed(tx, seen), _reader(tx))
            made = replace(made, stories=tuple(replace(t, developments=tuple(
                replace(d, published=utc_text(d.published)) for d in t.developments)) for t in made.stories))
            edit = edit_sql.correct(tx, made, editor, now(), pk)
            return edit, story_sql.last_seq(tx)

    def logged_articles(self, ids: Sequence[str], before: int | None = None) -> dict[str, Article]:
        """The articles named as the story log last had them before seq ``before`` (None: the whole
        log): each one's version in its last log row, else its current one (those not stored left out)."""
        with self._db.read() as tx:
            return story_sql.logged_articles(tx, ids, before)

    def story_edits(self) -> list[tuple[StoryEdit, str | None]]:
        """Editors' corrections in the order made, each with the article assigned last before it."""
        with self._db.read() as tx:
            return edit_sql.edits(tx)

    def story_edits_of(self, story_id: str) -> list[StoryEdit]:
        """The corrections of a story (by its full id; those of the stories merged into it too), in the order made."""
        with self._db.read() as tx:
            return edit_sql.edits_of(tx, story_id)

    def remove_story_edit(self, pk: int) -> StoryEdit | None:
        """Forget a correction (``StoryDesk.undo`` then rebuilds the stories without it); None: no such one."""
        with self._db.write() as tx:
            story_sql.lock(tx)
            return edit_sql.remove(tx, pk)

    def undo_last_story_edit(self, pk: int) -> StoryEdit | None:
        """Undo correction ``pk`` by putting back the story rows it changed, and forget it, where that
        gives what a rebuild without it gives (``store/story_undo.py``); None where it does not."""
        with self._db.write() as tx:
            story_sql.lock(tx)
            return edit_sql.remove(tx, pk) if story_undo.undo_last(tx, pk) else None

    def story_edit_undone_quickly(self, pk: int) -> bool:
        """Whether :meth:`undo_last_story_edit` would undo correction ``pk`` (else a rebuild does)."""
        with self._db.read() as tx:
            return story_undo.quick(tx, pk)

    def story(self, story_id: str) -> Story | None:
        """A story with its articles and timeline, by id or unique id prefix; a story merged into
        another gives that one."""
        with self._db.read() as tx:
            found = story_sql.get(tx, story_id)
            if found is None:
                ids = story_sql.find_ids(tx, story_id)
                found = story_sql.get(tx, ids[0]) if len(ids) == 1 else None
            while found is not None and found.merged_into:
                found = story_sql.get(tx, found.merged_into)
            return found

    def story_ids(self, prefix: str) -> list[str]:
        """The ids of the stories whose id starts with ``prefix`` (several: the prefix is ambiguous)."""
        with self._db.read() as tx:
            return story_sql.find_ids(tx, prefix)

    def stories(self, limit: int = 20, offset: int = 0) -> list[Story]:
        """Stories, the most recently updated first (articles listed, developments left out)."""
        with self._db.read() as tx:
            return story_sql.listed(tx, limit, offset)

    def story_titles(self, story_ids: Iterable[str]) -> dict[str, str]:
        """The titles of the stories named, by id, in one read (the map titles its pins so)."""
        with self._db.read() as tx:
            return story_sql.titles(tx, list(dict.fromkeys(story_ids)))

    def story_of(self, article_id: str) -> str | None:
        with self._db.read() as tx:
            return story_sql.story_of(tx, article_id)

    def developments_after(self, pk: int = 0, limit: int = 500, *, retold: bool = True) -> list[Development]:
        """Developments with a pk above ``pk``, oldest first: poll with the last pk seen. ``retold``
        False: leave out those an editor's correction made new (no article brought them: no news)."""
        with self._db.read() as tx:
            return story_sql.developments_after(tx, pk, limit, retold)

    def latest_development(self) -> int:
        """The newest development's pk (0 when none)."""
        with self._db.read() as tx:
            return story_sql.latest_development(tx)

    def story_assignments(self) -> Iterator[tuple[str, str, str | None, Article]]:
        """Every assignment in the order made: ``(story_id, role, copy_of, article)``."""
        after = 0
        while True:
            with self._db.read() as tx:
                rows = story_sql.members_page(tx, after, PAGE)
            for _, story_id, role, copy_of, record in rows:
                yield story_id, role, copy_of, from_dict(Article, record)
            if len(rows) < PAGE:
                return
            after = rows[-1][0]

    def keep_story_checkpoint(self, made: StoryCheckpoint) -> bool:
        """Store a tracker checkpoint (as of the log row ``made.seq``) in place of the one before it,
        if the log still holds that row (a rebuild elsewhere since it was made clears the log); a short
        transaction of its own, made after the assignment's, so other writers never wait on encoding."""
        with self._db.write() as tx:
            story_sql.lock(tx)
            return story_sql.keep_checkpoint(tx, made, now())

    def story_checkpoint(self, params: str, version: int) -> StoryCheckpoint | None:
        """The stored tracker checkpoint of these params and codec version that the story log still covers."""
        with self._db.read() as tx:
            return story_sql.checkpoint(tx, params, version)

    def storyless(self, limit: int = 100_000) -> list[str]:
        """Ids of stored articles in no story, in the order stored (``limit`` at most)."""
        with self._db.read() as tx:
            return story_sql.storyless(tx, limit)

    def story_log(self, after: int = 0) -> Iterator[StoryLogEntry]:
        """What each assignment did, in the order made, past seq ``after``: the assignment without
        developments and the article as assigned; ``exact`` False for one made before the log
        (schema step 7), which holds the article's final story and no moves."""
        while True:
            with self._db.read() as tx:
                rows = story_sql.log_page(tx, after, PAGE)
            yield from rows
            if len(rows) < PAGE:
                return
            after = rows[-1].seq

    def note_story_rebuild(self, articles: int, seconds: float) -> None:
        """Keep how long a whole stories rebuild took (:meth:`story_rebuild_time`)."""
        with self._db.write() as tx:
            story_sql.note_rebuild(tx, articles, seconds)

    def story_rebuild_time(self) -> tuple[int, float] | None:
        """The articles and seconds of the last whole stories rebuild (None: none noted): what an
        editor's undo, a rebuild, will take about."""
        with self._db.read() as tx:
            return story_sql.last_rebuild(tx)

    def clear_stories(self) -> None:
        """Forget every story, development and the story log (before a rebuild)."""
        with self._db.write() as tx:
            story_sql.lock(tx)
            story_sql.clear(tx)

    # -- housekeeping --------------------------------------------------------------------------
    def copy_to(self, target: Store, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
        """Copy this whole database (articles and their versions, stories, sources, links, watches,
        alerts, accounts, tokens) into ``target``, an empty database: all of it or nothing. Returns the
        rows copied per table; ``progress(table, rows so far)`` is called after each page."""
        try:
            with self._db.read() as source, target._db.write() as tx:
                return copy_database(source, tx, progress)
        except StoreError as exc:
            if exc.input is not None:
                raise
            raise StoreError(exc.reason, input=target.url) from None

    def migrations(self) -> list[Migration]:
        """The schema migrations applied to this database, oldest first."""
        return applied(self._db)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def _reader(tx: Tx) -> LogReader:
    """:meth:`Store.logged_articles`, read in ``tx``."""
    return lambda ids, before: story_sql.logged_articles(tx, ids, before)


def _missed(tx: Tx, seen: tuple[int, str | None]) -> tuple[list[StoryLogEntry], bool]:
    """The story log past ``seen`` (a tracker's last seq and its article), and whether the log no
    longer holds ``seen`` (a rebuild cleared it): then all of it."""
    after, mark = seen
    fresh = after > 0 and story_sql.log_article(tx, after) != mark
    after = 0 if fresh else after
    missed: list[StoryLogEntry] = []
    while True:
        rows = story_sql.log_page(tx, after, PAGE)
        missed += rows
        if len(rows) < PAGE:
            return missed, fresh
        after = rows[-1].seq


def utc_text(when: str | None) -> str | None:
    """An ISO time with an offset as the same instant in UTC ("2022-03-29T09:40:00+03:00" ->
    "2022-03-29T06:40:00+00:00"), so that text order is time order; a date or a time without an
    offset as given."""
    if not when:
        return when
    try:
        parsed = dt.datetime.fromisoformat(when)
    except ValueError:
        return when
    if parsed.tzinfo is None or len(when) <= 10:
        return when
    return parsed.astimezone(dt.UTC).isoformat()
