"""SQL for stories, their members and developments (schema step 4) and the story log (step 7).
Runs inside the caller's transaction.

A story's row keeps its title, times and count; its ``record`` JSON keeps its places. Members are
listed in time order (published, then the order they joined); developments in pk order, which is
the order they were found.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..stories.records import Assignment, Development, Story, StoryArticle, StoryCheckpoint, StoryEdit, StoryPlace
from ..types import Article, from_dict, to_dict
from .db import Tx
from .records import StoryLogEntry

MAX_PLACES = 20
# pg_advisory_xact_lock key of story writers ("nwsd"): each process has its own tracker and the
# seqs are max + 1, so one writer at a time; SQLite's BEGIN IMMEDIATE already serialises writers
WRITER_LOCK = 0x6E777364
# newsdesk_state key: the highest story log seq a cleared log held; the next log goes on above it
LOG_FLOOR = "stories.log_floor"
# newsdesk_state key: the last whole rebuild's articles and seconds ("772 3.2"): what an undo will take
REBUILD_TIME = "stories.rebuild_time"
_DEV_COLUMNS = 'pk, story_id, article_id, kind, sentence, "start", "end", payload, published'


def _json_in(tx: Tx) -> str:
    return tx.pick(sqlite="?", postgres="?::jsonb")


def _loaded(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def assign(tx: Tx, assignment: Assignment, article: Article, when: str, now: str) -> Assignment:
    """Write one assignment: the story (created or updated), the member row, the developments.

    An article assigned before (a new version of it) keeps its row's place in the order but moves
    to the assignment's story. ``when`` is the article's time (published, else now).
    """
    story_id = assignment.story_id
    for gone in assignment.merged:
        _fold(tx, story_id, gone)
    row = tx.one("SELECT title, first_seen, last_updated, record FROM stories WHERE id = ?", (story_id,))
    places = _places(article)
    if row is None:
        tx.run("INSERT INTO stories (id, title, first_seen, last_updated, article_count, record) "
               f"VALUES (?, ?, ?, ?, 0, {_json_in(tx)})",
               (story_id, article.title or _lead(article.text), when, when,
                json.dumps({"places": [to_dict(p) for p in places]}, ensure_ascii=False)))
    else:
        merged = _merge_places([StoryPlace(**p) for p in _loaded(row[3]).get("places", [])], places)
        tx.run(f"UPDATE stories SET first_seen = ?, last_updated = ?, record = {_json_in(tx)} WHERE id = ?",
               (min(str(row[1]), when), max(str(row[2]), when),
                json.dumps({"places": [to_dict(p) for p in merged]}, ensure_ascii=False), story_id))
    for moved in assignment.moved:  # taken out of the story it had joined, into this one (a split)
        before = tx.one("SELECT story_id FROM story_articles WHERE article_id = ?", (moved,))
        tx.run("UPDATE story_articles SET story_id = ? WHERE article_id = ?", (story_id, moved))
        tx.run("UPDATE developments SET story_id = ? WHERE article_id = ?", (story_id, moved))
        if before is not None and str(before[0]) != story_id:
            _recount(tx, str(before[0]))
    if row is None and assignment.moved:  # a split: the new story opens with the report it moved
        _opened_by(tx, story_id, assignment.moved[0])
    old = tx.one("SELECT story_id, seq FROM story_articles WHERE article_id = ?", (assignment.article_id,))
    role = "copy" if assignment.status == "copy" else "member"
    if old is None:
        seq_row = tx.one("SELECT coalesce(max(seq), 0) + 1 FROM story_articles")
        seq = int(seq_row[0]) if seq_row else 1
        tx.run("INSERT INTO story_articles (article_id, story_id, role, copy_of, joined_at, published, seq) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)",
               (assignment.article_id, story_id, role, assignment.copy_of, now, article.published, seq))
    else:
        tx.run("UPDATE story_articles SET story_id = ?, role = ?, copy_of = ?, published = ? WHERE article_id = ?",
               (story_id, role, assignment.copy_of, article.published, assignment.article_id))
        if str(old[0]) != story_id:
            _recount(tx, str(old[0]))
    _recount(tx, story_id)
    stored = [replace(dev, pk=insert_development(tx, dev, now)) for dev in assignment.developments]
    if stored and tx.dialect == "postgres":  # delivered when the transaction commits
        tx.run("SELECT pg_notify('newsdesk_developments', ?)", (str(stored[-1].pk),))
    _log(tx, assignment)
    return replace(assignment, developments=tuple(stored))


def insert_development(tx: Tx, dev: Development, now: str, retold: bool = False) -> int:
    """Store a development; its pk (monotonic: readers poll ``pk > ?``). ``retold``: an editor's
    correction made it new, no article brought it (schema step 16: alerts skip it)."""
    row = tx.one(f'INSERT INTO developments (story_id, article_id, kind, sentence, "start", "end", payload, published, '
                 f"created_at, retold) VALUES (?, ?, ?, ?, ?, ?, {_json_in(tx)}, ?, ?, ?) RETURNING pk",
                 (dev.story_id, dev.article_id, dev.kind, dev.sentence, dev.start, dev.end,
                  json.dumps(dev.payload, ensure_ascii=False), dev.published, now, retold))
    assert row is not None
    return int(row[0])


def titles(tx: Tx, story_ids: list[str]) -> dict[str, str]:
    """The titles of the stories named, by id, in one query per 500 ids (unknown ids left out)."""
    found: dict[str, str] = {}
    for at in range(0, len(story_ids), 500):
        chunk = story_ids[at:at + 500]
        marks = ", ".join("?" * len(chunk))
        found.update((str(r[0]), str(r[1])) for r in tx.all(f"SELECT id, title FROM stories WHERE id IN ({marks})",
                                                             chunk))
    return found


def lock(tx: Tx) -> None:
    """Wait for, and hold to the end of the transaction, the story writer lock (PostgreSQL)."""
    if tx.dialect == "postgres":
        tx.run("SELECT pg_advisory_xact_lock(?)", (WRITER_LOCK,))


def log_article(tx: Tx, seq: int) -> str | None:
    """The article of the log row ``seq`` (None where there is none: the log was cleared)."""
    row = tx.one("SELECT article_id FROM story_log WHERE seq = ?", (seq,))
    return None if row is None else str(row[0])


def logged_articles(tx: Tx, ids: Sequence[str], before: int | None) -> dict[str, Article]:
    """The articles named (those stored) as the story log last had them before seq ``before`` (None:
    the whole log): each one's version in its last log row, else (never assigned) its current one.
    An editor's correction tells stories again over these, and its replay, after later versions
    came, reads the same."""
    found: dict[str, Article] = {}
    for article_id in dict.fromkeys(ids):
        row = tx.one("SELECT coalesce(v.record, a.record) FROM articles a LEFT JOIN article_versions v "
                     "ON v.article_pk = a.pk AND v.version = (SELECT l.version FROM story_log l "
                     "WHERE l.article_id = a.id AND l.seq < ? ORDER BY l.seq DESC LIMIT 1) WHERE a.id = ?",
                     (2**62 if before is None else before, article_id))
        if row is not None:
            found[article_id] = from_dict(Article, _loaded(row[0]))
    return found


def last_seq(tx: Tx) -> int:
    row = tx.one("SELECT coalesce(max(seq), 0) FROM story_log")
    return int(row[0]) if row else 0


def _log(tx: Tx, assignment: Assignment) -> None:
    """Append the assignment, with its moves and the article's version now, to the story log (schema step 7)."""
    log_row(tx, assignment.article_id, assignment.story_id, assignment.status, assignment.copy_of,
            float(assignment.score), assignment.merged, assignment.moved)


def log_row(tx: Tx, article_id: str, story_id: str, status: str, copy_of: str | None, score: float,
            merged: Sequence[str], moved: Sequence[str]) -> None:
    """Append a row to the story log: an assignment, or an editor's move or merge (status ``move``
    or ``merge``, ``copy_of`` the story left or folded in; schema step 14)."""
    # above every seq given before, a cleared log's too (LOG_FLOOR), so a seq names one assignment only
    # (and above the floor an undone correction's row leaves: story_undo.py)
    top = tx.pick(sqlite="max", postgres="greatest")
    tx.run("INSERT INTO story_log (seq, article_id, version, story_id, status, copy_of, score, merged, moved, exact) "
           f"SELECT (SELECT {top}(coalesce(max(seq), 0), coalesce((SELECT CAST(value AS BIGINT) FROM newsdesk_state "
           f"WHERE key = ?), 0)) + 1 FROM story_log), id, version, ?, ?, ?, ?, {_json_in(tx)}, "
           f"{_json_in(tx)}, ? FROM articles WHERE id = ?",
           (LOG_FLOOR, story_id, status, copy_of, score, json.dumps(list(merged)), json.dumps(list(moved)), True,
            article_id))


def log_page(tx: Tx, after: int, limit: int) -> list[StoryLogEntry]:
    """The story log past ``seq`` ``after``: each assignment without developments and the article as
    it was assigned (an old version from article_versions where it changed since)."""
    rows = tx.all("SELECT l.seq, l.exact, l.article_id, l.story_id, l.status, l.copy_of, l.score, l.merged, l.moved, "
                  "coalesce(v.record, a.record) FROM story_log l JOIN articles a ON a.id = l.article_id "
                  "LEFT JOIN article_versions v ON v.article_pk = a.pk AND v.version = l.version "
                  "WHERE l.seq > ? ORDER BY l.seq LIMIT ?", (after, limit))
    return [_log_entry(row) for row in rows]


def _log_entry(row: Sequence[Any]) -> StoryLogEntry:
    seq, exact, article_id, story_id, status, copy_of, score, merged, moved, record = row
    article = from_dict(Article, _loaded(record))
    if status in ("move", "merge"):  # an editor's correction (schema step 14)
        edit = StoryEdit(status, str(article_id), str(story_id), str(copy_of), tuple(_loaded(moved)))
        return StoryLogEntry(int(seq), bool(exact), None, article, edit)
    return StoryLogEntry(int(seq), bool(exact), Assignment(str(article_id), str(story_id), status, copy_of, (),
                                                           float(score), tuple(_loaded(merged)),
                                                           tuple(_loaded(moved))), article)


def _fold(tx: Tx, story_id: str, gone: str) -> None:
    """Two stories found to be one: ``gone``'s members and developments move to ``story_id``, its
    times and places join it, and its row stays as a pointer (``merged_into``) for old links."""
    rows = {str(r[0]): r for r in tx.all("SELECT id, first_seen, last_updated, record FROM stories WHERE id IN (?, ?)",
                                          (story_id, gone))}
    if story_id not in rows or gone not in rows:
        return
    keep, other = rows[story_id], rows[gone]
    places = _merge_places(*([StoryPlace(**p) for p in _loaded(r[3]).get("places", [])] for r in (keep, other)))
    tx.run("UPDATE story_articles SET story_id = ? WHERE story_id = ?", (story_id, gone))
    tx.run("UPDATE developments SET story_id = ? WHERE story_id = ?", (story_id, gone))
    tx.run(f"UPDATE stories SET first_seen = ?, last_updated = ?, record = {_json_in(tx)} WHERE id = ?",
           (min(str(keep[1]), str(other[1])), max(str(keep[2]), str(other[2])),
            json.dumps({"places": [to_dict(p) for p in places]}, ensure_ascii=False), story_id))
    tx.run("UPDATE stories SET merged_into = ?, article_count = 0 WHERE id = ?", (story_id, gone))
    tx.run("UPDATE stories SET merged_into = ? WHERE merged_into = ?", (story_id, gone))  # earlier merges into it


def _opened_by(tx: Tx, story_id: str, first: str) -> None:
    """Title a story made by a split after the report it moved (its first member), and date it from
    that report (it had the title and time of the article that split it off)."""
    found = tx.one("SELECT a.title, coalesce(a.published, sa.joined_at) FROM articles a "
                   "JOIN story_articles sa ON sa.article_id = a.id WHERE a.id = ?", (first,))
    if found is None:
        return
    title, when = found
    if title:
        tx.run("UPDATE stories SET title = ? WHERE id = ?", (str(title), story_id))
    if when:
        tx.run("UPDATE stories SET first_seen = ? WHERE id = ? AND first_seen > ?", (str(when), story_id, str(when)))


def _recount(tx: Tx, story_id: str) -> None:
    tx.run("UPDATE stories SET article_count = (SELECT count(*) FROM story_articles WHERE story_id = ?) "
           "WHERE id = ?", (story_id, story_id))


def _lead(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return first[:200]


def _places(article: Article) -> list[StoryPlace]:
    seen: dict[str, StoryPlace] = {}
    for entity in article.entities:
        if entity.type == "PLACE" and entity.name not in seen:
            p = entity.place
            seen[entity.name] = StoryPlace(entity.name, p.lat if p else None, p.lon if p else None,
                                           p.country if p else None)
    for event in article.events:
        loc = event.location
        if loc is not None and loc.name not in seen:
            seen[loc.name] = StoryPlace(loc.name, loc.lat, loc.lon, loc.country)
    return list(seen.values())


def _merge_places(known: list[StoryPlace], new: list[StoryPlace]) -> list[StoryPlace]:
    """The places of a story and of what joins it (an article's, each counted once; or a folded story's)."""
    by_name = {p.name: p for p in known}
    for place in new:
        old = by_name.get(place.name)
        by_name[place.name] = replace(old, articles=old.articles + place.articles) if old else place
    ranked = sorted(by_name.values(), key=lambda p: (-p.articles, p.name))
    return ranked[:MAX_PLACES]


def _development(row: Sequence[Any]) -> Development:
    pk, story_id, article_id, kind, sentence, start, end, payload, published = row
    return Development(int(pk), str(story_id), str(article_id), kind, str(sentence), int(start), int(end),
                       _loaded(payload), published)


def developments_after(tx: Tx, after: int, limit: int, retold: bool = True) -> list[Development]:
    """Developments past pk ``after``; ``retold`` False: those an article brought only, not those an
    editor's correction made new (news to alert on)."""
    news = "" if retold else " AND NOT retold"
    rows = tx.all(f"SELECT {_DEV_COLUMNS} FROM developments WHERE pk > ?{news} ORDER BY pk LIMIT ?", (after, limit))
    return [_development(r) for r in rows]


def latest_development(tx: Tx) -> int:
    row = tx.one("SELECT coalesce(max(pk), 0) FROM developments")
    return int(row[0]) if row else 0


_STORY_COLUMNS = "id, title, first_seen, last_updated, article_count, merged_into, record"


def get(tx: Tx, story_id: str, *, full: bool = True) -> Story | None:
    row = tx.one(f"SELECT {_STORY_COLUMNS} FROM stories WHERE id = ?", (story_id,))
    return None if row is None else _story(tx, row, full)


def listed(tx: Tx, limit: int, offset: int) -> list[Story]:
    """Stories not merged away, the most recently updated first."""
    rows = tx.all(f"SELECT {_STORY_COLUMNS} FROM stories WHERE merged_into IS NULL "
                  "ORDER BY last_updated DESC, id LIMIT ? OFFSET ?", (limit, offset))
    return [_story(tx, r, False) for r in rows]


def _story(tx: Tx, row: Sequence[Any], full: bool) -> Story:
    story_id, title, first_seen, last_updated, count, merged_into, record = row
    members = tx.all(
        "SELECT sa.article_id, sa.role, sa.copy_of, sa.published, a.title, a.url, a.source "
        "FROM story_articles sa LEFT JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = ? "
        "ORDER BY coalesce(sa.published, sa.joined_at), sa.seq", (story_id,))
    devs: list[Development] = []
    if full:
        devs = [_development(r) for r in tx.all(
            f"SELECT {_DEV_COLUMNS} FROM developments WHERE story_id = ? ORDER BY pk", (story_id,))]
        order = {m[0]: i for i, m in enumerate(members)}  # the timeline: developments in the articles' time order
        devs.sort(key=lambda d: (order.get(d.article_id, len(order)), d.pk or 0))
    places = tuple(StoryPlace(**p) for p in _loaded(record).get("places", []))
    return Story(str(story_id), title, str(first_seen), str(last_updated), tuple(str(m[0]) for m in members),
                 tuple(devs), places, int(count), merged_into,
                 tuple(StoryArticle(str(m[0]), m[1], m[2], m[3], m[4], m[5], m[6]) for m in members))


def story_of(tx: Tx, article_id: str) -> str | None:
    row = tx.one("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,))
    return None if row is None else str(row[0])


def find_ids(tx: Tx, prefix: str, limit: int = 2) -> list[str]:
    """Story ids starting with ``prefix`` ("s" and hex digits), for short ids typed by people."""
    prefix = prefix.strip().lower()
    if not re.fullmatch(r"s[0-9a-f]{0,40}", prefix):
        return []
    rows = tx.all("SELECT id FROM stories WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
                  (prefix, prefix + "g", limit))
    return [str(r[0]) for r in rows]


def members_page(tx: Tx, after: int, limit: int) -> list[tuple[int, str, str, str | None, Any]]:
    """Assignments in the order they were made: ``(seq, story_id, role, copy_of, article record)``."""
    rows = tx.all("SELECT sa.seq, sa.story_id, sa.role, sa.copy_of, a.record FROM story_articles sa "
                  "JOIN articles a ON a.id = sa.article_id WHERE sa.seq > ? ORDER BY sa.seq LIMIT ?", (after, limit))
    return [(int(r[0]), str(r[1]), str(r[2]), r[3], _loaded(r[4])) for r in rows]


def storyless(tx: Tx, limit: int) -> list[str]:
    """Ids of stored articles in no story (their assignment failed, or a rebuild was cut off), in the
    order stored, ``limit`` at most: one pass over the article keys, each looked up on story_articles' key."""
    rows = tx.all("SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM story_articles sa "
                  "WHERE sa.article_id = a.id) ORDER BY a.pk LIMIT ?", (limit,))
    return [str(r[0]) for r in rows]


def checkpoint(tx: Tx, params: str, version: int) -> StoryCheckpoint | None:
    """The tracker checkpoint of these params and codec version, if the log still holds its seq
    (the same article there: a cleared log gives the seq to another)."""
    row = tx.one("SELECT c.seq, c.article_id, c.state FROM story_checkpoints c JOIN story_log l "
                 "ON l.seq = c.seq AND l.article_id = c.article_id WHERE c.params = ? AND c.version = ?",
                 (params, version))
    return None if row is None else StoryCheckpoint(params, version, int(row[0]), str(row[1]), bytes(row[2]))


def keep_checkpoint(tx: Tx, made: StoryCheckpoint, now: str) -> bool:
    """Store a tracker checkpoint in place of the one before it (of the same params), if the log
    still holds its row; False when it does not."""
    if not tx.one("SELECT 1 FROM story_log WHERE seq = ? AND article_id = ?", (made.seq, made.article_id)):
        return False
    tx.run("INSERT INTO story_checkpoints (params, version, seq, article_id, state, created_at) "
           "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (params) DO UPDATE SET version = excluded.version, "
           "seq = excluded.seq, article_id = excluded.article_id, state = excluded.state, "
           "created_at = excluded.created_at", (made.params, made.version, made.seq, made.article_id, made.state, now))
    return True


def clear(tx: Tx) -> None:
    """Forget every story (for a rebuild). Development pks (schema step 8 on SQLite) and story log
    seqs (LOG_FLOOR) go on above the highest ever given, on both backends: a reader of `pk > cursor`
    never meets a rebuilt row under a key it has seen (the alert cursor is moved past them), and a
    StoryDesk holding a seq finds it gone, so it replays the new log from the start."""
    tx.run("INSERT INTO newsdesk_state (key, value) SELECT ?, CAST(coalesce(max(seq), (SELECT CAST(value AS BIGINT) "
           "FROM newsdesk_state WHERE key = ?), 0) AS TEXT) FROM story_log WHERE TRUE "
           "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (LOG_FLOOR, LOG_FLOOR))
    for table in ("story_checkpoints", "story_log", "developments", "story_articles", "stories"):
        tx.run(f"DELETE FROM {table}")


def note_rebuild(tx: Tx, articles: int, seconds: float) -> None:
    """Keep how long a whole rebuild of ``articles`` took (the web says so before an undo)."""
    value = f"{articles} {seconds:.3f}"
    tx.run("INSERT INTO newsdesk_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?",
           (REBUILD_TIME, value, value))


def last_rebuild(tx: Tx) -> tuple[int, float] | None:
    """The articles and seconds of the last whole rebuild noted; None when none was."""
    row = tx.one("SELECT value FROM newsdesk_state WHERE key = ?", (REBUILD_TIME,))
    try:
        articles, seconds = str(row[0]).split() if row else ("", "")
        return int(articles), float(seconds)
    except ValueError:  # none noted (or not by this code)
        return None
