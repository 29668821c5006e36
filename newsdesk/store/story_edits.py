"""SQL for editors' corrections of the stories (schema step 14): a move or a merge written to the
story tables, the story log and ``story_edits``. Runs inside the caller's transaction.

The stories a correction changed are told again by the tracker (``stories.records.Correction``):
their developments become what each article adds to those before it. Rows that stay are kept
under their pks (a reader past them is not told again); rows no longer new are deleted, and rows
new now are inserted, under new pks, marked ``retold`` (no article brought them: alerts skip them).
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from ..stories.records import Correction, RetoldStory, StoryEdit, StoryPlace
from ..types import Article, from_dict, to_dict
from . import story_undo
from .db import Tx
from .stories import _fold, _json_in, _loaded, _merge_places, _places, _recount, insert_development, last_seq, log_row

_Key = tuple[str, str, int, int, str]  # a development's article, kind, span and sentence


def correct(tx: Tx, correction: Correction, editor: str | None, now: str, pk: int | None = None) -> StoryEdit:
    """Write an editor's correction: the articles' story, the stories' rows and developments, a
    story log row and (``pk`` None: a new correction, not one a rebuild makes again) a
    ``story_edits`` row. Returns the edit with its pk."""
    edit = correction.edit
    rows = story_undo.before(tx, edit)  # what an undo puts back
    if edit.kind == "merge":
        _fold(tx, edit.story_id, edit.source)
    else:
        if edit.new:
            tx.run(f"INSERT INTO stories (id, title, first_seen, last_updated, article_count, record) "
                   f"VALUES (?, NULL, ?, ?, 0, {_json_in(tx)})", (edit.story_id, now, now, '{"places": []}'))
        for article_id in edit.moved:
            tx.run("UPDATE story_articles SET story_id = ? WHERE article_id = ?", (edit.story_id, article_id))
        # the article moved is a member where it goes (a copy moved alone is a copy no more)
        tx.run("UPDATE story_articles SET role = 'member', copy_of = NULL WHERE article_id = ?", (edit.article_id,))
        if correction.emptied:  # its one article left: old links to it lead to where that went
            tx.run("UPDATE stories SET merged_into = ?, article_count = 0 WHERE id = ?",
                   (edit.story_id, correction.emptied))
            tx.run("UPDATE stories SET merged_into = ? WHERE merged_into = ?", (edit.story_id, correction.emptied))
    for told in correction.stories:
        _restate(tx, told)
    _developments(tx, correction, now)
    if pk is None:
        row = tx.one(f"INSERT INTO story_edits (kind, article_id, story_id, source, moved, new_story, anchor, "
                     f"after_article, editor, created_at) VALUES (?, ?, ?, ?, {_json_in(tx)}, ?, ?, "
                     "(SELECT article_id FROM story_log WHERE status IN ('new', 'joined', 'copy') "
                     "ORDER BY seq DESC LIMIT 1), ?, ?) RETURNING pk",
                     (edit.kind, edit.article_id, edit.story_id, edit.source, json.dumps(list(edit.moved)), edit.new,
                      edit.anchor, editor, now))
        assert row is not None
        pk = int(row[0])
    log_row(tx, edit.article_id, edit.story_id, edit.kind, edit.source, 0.0,
            (edit.source,) if edit.kind == "merge" or correction.emptied else (), edit.moved)
    story_undo.keep(tx, rows, pk, last_seq(tx))
    return replace(edit, pk=pk, editor=editor, created_at=now)


def edits(tx: Tx) -> list[tuple[StoryEdit, str | None]]:
    """Every correction in the order made, each with the article assigned last before it."""
    rows = tx.all("SELECT pk, kind, article_id, story_id, source, moved, new_story, anchor, editor, created_at, "
                  "after_article FROM story_edits ORDER BY pk")
    return [(_edit(row), row[-1]) for row in rows]


def edits_of(tx: Tx, story_id: str) -> list[StoryEdit]:
    """The corrections that moved an article into or out of a story, or merged a story into it or it
    into another: by its id or the id of a story merged into it (``merged_into``), in the order made."""
    rows = tx.all("SELECT pk, kind, article_id, story_id, source, moved, new_story, anchor, editor, created_at, "
                  "after_article FROM story_edits WHERE story_id IN (SELECT ? UNION SELECT id FROM stories "
                  "WHERE merged_into = ?) OR source IN (SELECT ? UNION SELECT id FROM stories WHERE merged_into = ?) "
                  "ORDER BY pk", (story_id, story_id, story_id, story_id))
    return [_edit(row) for row in rows]


def remove(tx: Tx, pk: int) -> StoryEdit | None:
    """Delete a correction (its undo: a rebuild then makes the stories without it); None: no such one."""
    row = tx.one("DELETE FROM story_edits WHERE pk = ? RETURNING pk, kind, article_id, story_id, source, moved, "
                 "new_story, anchor, editor, created_at, after_article", (pk,))
    return None if row is None else _edit(row)


def _edit(row: Any) -> StoryEdit:
    pk, kind, article_id, story_id, source, moved, new, anchor, editor, created_at, _ = row
    return StoryEdit(kind, str(article_id), str(story_id), str(source), tuple(_loaded(moved)), bool(new), anchor,
                     int(pk), editor, str(created_at))


def _restate(tx: Tx, told: RetoldStory) -> None:
    """A story's row after a correction: its earliest article's title, the times and places of the
    articles it holds now, their count."""
    rows = tx.all("SELECT coalesce(sa.published, sa.joined_at), a.record FROM story_articles sa "
                  "JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = ? ORDER BY sa.seq", (told.id,))
    if not rows:
        return
    places: list[StoryPlace] = []
    for _, record in rows:
        places = _merge_places(places, _places(from_dict(Article, _loaded(record))))
    times = [str(r[0]) for r in rows]
    tx.run(f"UPDATE stories SET title = ?, first_seen = ?, last_updated = ?, record = {_json_in(tx)} WHERE id = ?",
           (told.title, min(times), max(times),
            json.dumps({"places": [to_dict(p) for p in places]}, ensure_ascii=False), told.id))
    _recount(tx, told.id)


def _key(article_id: Any, kind: Any, start: Any, end: Any, sentence: Any) -> _Key:
    return str(article_id), str(kind), int(start), int(end), str(sentence)


def _developments(tx: Tx, correction: Correction, now: str) -> None:
    """Make the developments of the stories a correction changed those it told again (see the module doc)."""
    ids = [t.id for t in correction.stories] + ([correction.emptied] if correction.emptied else [])
    marks = ", ".join("?" * len(ids))
    have: dict[_Key, list[tuple[int, str]]] = {}
    for pk, story_id, *key in tx.all(f'SELECT pk, story_id, article_id, kind, "start", "end", sentence '
                                     f"FROM developments WHERE story_id IN ({marks}) ORDER BY pk", ids):
        have.setdefault(_key(*key), []).append((int(pk), str(story_id)))
    added: list[int] = []
    for told in correction.stories:
        for dev in told.developments:
            kept = have.get(_key(dev.article_id, dev.kind, dev.start, dev.end, dev.sentence))
            if kept:
                pk, where = kept.pop(0)
                if where != told.id:
                    tx.run("UPDATE developments SET story_id = ? WHERE pk = ?", (told.id, pk))
            else:
                added.append(insert_development(tx, dev, now, retold=True))
    gone = [pk for rows in have.values() for pk, _ in rows]
    for at in range(0, len(gone), 500):
        chunk = gone[at:at + 500]
        tx.run(f"DELETE FROM developments WHERE pk IN ({', '.join('?' * len(chunk))})", chunk)
    if added and tx.dialect == "postgres":  # delivered when the transaction commits
        tx.run("SELECT pg_notify('newsdesk_developments', ?)", (str(max(added)),))
