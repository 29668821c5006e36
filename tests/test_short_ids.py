"""Short ids: `story PREFIX` says an ambiguous prefix is ambiguous (as show does; it said "no story with
id"); watch pause/resume/remove take an unambiguous prefix of an id; watch test ID|QUERY takes an id only
when the argument looks like one and names one watch (a word stays a query)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from test_alerts_engine import quake
from test_web_support import seeded_store

from newsdesk.alerts.store import AlertStore
from newsdesk.cli import cli
from newsdesk.store import open_store


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_story_says_an_ambiguous_prefix_is_ambiguous(tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    store, _ = seeded_store(Path(db))
    with store:
        ids = [s.id for s in store.stories()]
    assert len(ids) == 2
    common = next(n for n in range(1, 14) if ids[0][:n] != ids[1][:n]) - 1
    ambiguous = run("story", "--db", db, ids[0][:common])
    assert ambiguous.exit_code == 1
    assert ambiguous.stderr == f"newsdesk: error: id {ids[0][:common]} is ambiguous; give more of it\n"
    assert json.loads(run("story", "--db", db, ids[0][:common + 1]).stdout)["id"] == ids[0]
    missing = run("story", "--db", db, "s000000000000")
    assert missing.stderr == "newsdesk: error: no story with id s000000000000\n"


def _two_watches(db: str) -> tuple[str, str]:
    """Two watches whose ids share their first five characters (ids are random: set them)."""
    with open_store(db) as store:
        alerts = AlertStore(store)
        first, second = alerts.add_watch("Ridgecrest", []), alerts.add_watch("Passau", [])
        with store._db.write() as tx:
            tx.run("UPDATE watches SET id = ? WHERE id = ?", ("wabcde111111", first.id))
            tx.run("UPDATE watches SET id = ? WHERE id = ?", ("wabcde222222", second.id))
    return "wabcde111111", "wabcde222222"


def test_watch_commands_take_a_unique_prefix(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    first, second = _two_watches(db)
    paused = run("watch", "pause", "wabcde1", "--db", db)
    assert paused.exit_code == 0 and paused.stderr == f"paused {first}\n"
    with open_store(db) as store:
        assert {w.id: w.options.paused for w in AlertStore(store).watches()} == {first: True, second: False}
    assert run("watch", "resume", "WABCDE1", "--db", db).stderr == f"resumed {first}\n"
    for command in ("pause", "resume", "remove"):
        ambiguous = run("watch", command, "wabcde", "--db", db)
        assert ambiguous.exit_code == 1
        assert ambiguous.stderr == "newsdesk: error: id wabcde is ambiguous; give more of it\n"
        missing = run("watch", command, "wfff", "--db", db)
        assert missing.exit_code == 1 and missing.stderr == "newsdesk: error: no watch with id wfff\n"
    removed = run("watch", "remove", "wabcde2", "--db", db)
    assert removed.exit_code == 0 and removed.stderr == f"removed {second}\n"
    for short in ("w", "wa", "wab"):  # too short to be meant as an id: the only watch stays
        assert run("watch", "remove", short, "--db", db).exit_code == 1
    with open_store(db) as store:
        assert [w.id for w in AlertStore(store).watches()] == [first]


def test_watch_test_takes_an_id_only_when_it_is_one(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    first, _ = _two_watches(db)
    with open_store(db) as store:
        store.put(quake())
    by_prefix = run("watch", "test", "wabcde1", "--db", db)  # the watch on Ridgecrest
    assert by_prefix.exit_code == 0, by_prefix.output
    [line] = [json.loads(x) for x in by_prefix.stdout.splitlines()]
    assert line["watch"] == first and line["reason"]["rule"] == "Ridgecrest"
    ambiguous = run("watch", "test", "wabcde", "--db", db)
    assert ambiguous.exit_code == 1 and "id wabcde is ambiguous" in ambiguous.stderr
    for word in ("wabc", "wade", "wabcdef0"):  # too short to be an id, or matching none: the words are searched
        result = run("watch", "test", word, "--db", db)
        assert result.exit_code == 0 and result.stdout == "", word
