"""The quick undo of an editor's correction (#6): the story rows it changed put back as they were.

A correction changes the rows of two stories only (the one an article left and the one it went to;
the one folded in and the one kept) and of the stories merged into them: their ``stories`` rows,
their members' story and role, their developments. :func:`before` reads those rows in the
correction's transaction before it writes, and :func:`keep` stores them (the last correction's
only: ``newsdesk_state``, no schema step) with the correction's pk and log seq.

Undone while its log row is still the last, with a log that is what a rebuild writes (each stored
article once, in the order stored, at its current version, and each other correction right after
the article it followed), putting those rows back leaves exactly what a whole rebuild without it
writes (developments under their old pks: readers past them are not told them again); otherwise
:func:`undo_last` answers False and the caller rebuilds.
"""

from __future__ import annotations

import json
from typing import Any

from ..stories.records import StoryEdit
from .db import Tx
from .stories import LOG_FLOOR, _json_in, _loaded

# newsdesk_state key: the rows the last correction changed, as they were before it (JSON)
UNDO = "stories.undo"
_STORY = "id, title, first_seen, last_updated, article_count, merged_into, record"
_DEV = 'pk, story_id, article_id, kind, sentence, "start", "end", payload, published, created_at, retold'


def before(tx: Tx, edit: StoryEdit) -> dict[str, Any]:
    """The rows a correction of these stories may change, as they are now (before it writes)."""
    ids = sorted({edit.story_id, edit.source})  # (one: a copy made a member of its own story)
    marks = ", ".join("?" * len(ids))
    stories = tx.all(f"SELECT {_STORY} FROM stories WHERE id IN ({marks}) OR merged_into IN ({marks})", (*ids, *ids))
    members = tx.all(f"SELECT article_id, story_id, role, copy_of FROM story_articles WHERE story_id IN ({marks})", ids)
    devs = tx.all(f"SELECT {_DEV} FROM developments WHERE story_id IN ({marks}) ORDER BY pk", ids)
    return {"ids": ids, "stories": [[*r[:6], _loaded(r[6])] for r in stories],
            "members": [list(r) for r in members],
            "developments": [[*r[:7], _loaded(r[7]), r[8], r[9], bool(r[10])] for r in devs]}


def keep(tx: Tx, rows: dict[str, Any], pk: int, seq: int) -> None:
    """Keep the rows :func:`before` read as what undoing correction ``pk`` (log row ``seq``) puts back."""
    # whether the log is as a rebuild writes it is read here, once per correction (it reads every article
    # and log row: ~0.5 s at 200k articles), not on every story page that offers the undo; a correction
    # a rebuild makes again before its last article (the newest stored not assigned yet) is not read
    rebuilt = _newest_assigned(tx) and _as_rebuilt(tx, pk, seq)
    value = json.dumps({**rows, "pk": pk, "seq": seq, "rebuilt": rebuilt, "articles": _articles(tx)},
                       ensure_ascii=False)
    tx.run("INSERT INTO newsdesk_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?",
           (UNDO, value, value))


def undo_last(tx: Tx, pk: int) -> bool:
    """Undo correction ``pk`` by putting back the rows it changed (its ``story_edits`` row is the
    caller's to delete), where that gives what a rebuild without it gives (see the module doc);
    False where it does not (nothing changed)."""
    kept = _kept(tx, pk)
    if kept is None:
        return False
    ids = kept["ids"]
    for member in kept["members"]:  # (back where they were before the stories they moved to go)
        tx.run("UPDATE story_articles SET story_id = ?, role = ?, copy_of = ? WHERE article_id = ?",
               (member[1], member[2], member[3], member[0]))
    tx.run(f"DELETE FROM developments WHERE story_id IN ({', '.join('?' * len(ids))})", ids)
    had = set()
    for story in kept["stories"]:
        had.add(story[0])
        tx.run(f"UPDATE stories SET title = ?, first_seen = ?, last_updated = ?, article_count = ?, merged_into = ?, "
               f"record = {_json_in(tx)} WHERE id = ?", (*story[1:6], json.dumps(story[6], ensure_ascii=False),
                                                         story[0]))
    for story_id in ids:
        if story_id not in had:  # the new story a move made
            tx.run("DELETE FROM stories WHERE id = ?", (story_id,))
    identity = tx.pick(sqlite="", postgres=" OVERRIDING SYSTEM VALUE")
    for dev in kept["developments"]:  # under their old pks, in their order
        tx.run(f"INSERT INTO developments ({_DEV}){identity} VALUES (?, ?, ?, ?, ?, ?, ?, {_json_in(tx)}, ?, ?, ?)",
               (*dev[:7], json.dumps(dev[7], ensure_ascii=False), *dev[8:]))
    seq = int(kept["seq"])
    # the next log row goes on above it: a desk holding this seq finds it gone and reads the log again
    tx.run("INSERT INTO newsdesk_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?",
           (LOG_FLOOR, str(seq), str(seq)))
    tx.run("DELETE FROM story_log WHERE seq = ?", (seq,))
    tx.run("DELETE FROM story_checkpoints WHERE seq >= ?", (seq,))
    tx.run("DELETE FROM newsdesk_state WHERE key = ?", (UNDO,))
    return True


def quick(tx: Tx, pk: int) -> bool:
    """Whether :func:`undo_last` undoes correction ``pk`` (else the caller rebuilds)."""
    return _kept(tx, pk) is not None


def _kept(tx: Tx, pk: int) -> dict[str, Any] | None:
    """The rows correction ``pk`` changed, as they were, where putting them back is its undo; else None."""
    row = tx.one("SELECT value FROM newsdesk_state WHERE key = ?", (UNDO,))
    kept = json.loads(str(row[0])) if row else None
    last = tx.one("SELECT max(seq) FROM story_log")
    if kept is None or kept.get("pk") != pk or last is None or last[0] is None or int(last[0]) != kept["seq"]:
        return None
    # nothing stored since without a log row (an article or a version not assigned yet): a rebuild would take it
    return kept if kept.get("rebuilt") and kept.get("articles") == _articles(tx) else None


def _newest_assigned(tx: Tx) -> bool:
    """Whether the article assigned last is the one stored last (else the log is not a rebuild's)."""
    newest = tx.one("SELECT id FROM articles ORDER BY pk DESC LIMIT 1")
    last = tx.one("SELECT article_id FROM story_log WHERE status IN ('new', 'joined', 'copy') "
                  "ORDER BY seq DESC LIMIT 1")
    return newest is not None and last is not None and str(newest[0]) == str(last[0])


def _articles(tx: Tx) -> list[int]:
    """What tells a change of the stored articles: their count, last key and the sum of their versions."""
    row = tx.one("SELECT count(*), coalesce(max(pk), 0), coalesce(sum(version), 0) FROM articles")
    assert row is not None
    return [int(v) for v in row]


def _as_rebuilt(tx: Tx, pk: int, seq: int) -> bool:
    """Whether the story log before row ``seq`` is what a rebuild without correction ``pk`` writes up
    to there: every stored article once, in the order stored, at its current version (none new since,
    none left unassigned), made exactly (moves logged), each other correction right after the article
    it followed, in the order made."""
    follows: dict[str, list[tuple[Any, ...]]] = {}
    for kind, article_id, story_id, source, after in tx.all(
            "SELECT kind, article_id, story_id, source, after_article FROM story_edits WHERE pk <> ? ORDER BY pk",
            (pk,)):
        follows.setdefault(str(after), []).append(("e", kind, str(article_id), str(story_id), str(source)))
    expected: list[tuple[Any, ...]] = []
    for article_id, version in tx.all("SELECT id, version FROM articles ORDER BY pk"):
        expected.append(("a", str(article_id), int(version)))
        expected.extend(follows.pop(str(article_id), ()))
    if follows:  # a correction after no article stored now: a rebuild makes it at the end
        return False
    logged: list[tuple[Any, ...]] = []
    for article_id, version, story_id, status, copy_of, exact in tx.all(
            "SELECT article_id, version, story_id, status, copy_of, exact FROM story_log WHERE seq < ? ORDER BY seq",
            (seq,)):
        if status in ("move", "merge"):
            logged.append(("e", status, str(article_id), str(story_id), str(copy_of)))
        elif not exact:
            return False
        else:
            logged.append(("a", str(article_id), int(version)))
    return logged == expected
