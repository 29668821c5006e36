"""``newsdesk watch test``: which stored articles a rule matches, with the sentence, nothing recorded;
``--send`` sends a sample to the watch's channels."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner
from test_alerts_engine import flood, quake
from test_alerts_support import receiver, signed_json

from newsdesk.alerts.store import AlertStore
from newsdesk.cli import cli
from newsdesk.store import open_store


def test_watch_test_lists_matches_and_sends_a_sample(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    with open_store(db) as store:
        store.put(quake())
        store.put(flood())
    runner = CliRunner()
    found = runner.invoke(cli, ["watch", "test", "place:Ridgecrest earthquake", "--db", db])
    assert found.exit_code == 0, found.output
    [line] = [json.loads(x) for x in found.output.splitlines()]
    assert line["article"]["title"] == "Earthquake shakes Ridgecrest" and "earthquake" in line["reason"]["sentence"]
    assert runner.invoke(cli, ["watch", "test", "place:Paris", "--db", db]).stdout == ""
    with receiver() as hook:
        added = json.loads(runner.invoke(cli, ["watch", "add", "Passau", "--db", db, "--webhook", hook.url]).stdout)
        sent = runner.invoke(cli, ["watch", "test", added["id"], "--db", db, "--send"],
                             env={"NEWSDESK_ALLOWED_NETWORKS": "127.0.0.0/8"})
        assert sent.exit_code == 0, sent.output
        [got] = hook.got
        assert signed_json(got, added["secret"])["article"]["title"] == "Danube floods Passau"
    with open_store(db) as store:
        assert AlertStore(store).alerts() == []  # a test records nothing


def test_watch_pause_and_resume(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    runner = CliRunner()
    added = json.loads(runner.invoke(cli, ["watch", "add", "Passau", "--db", db, "--atom"]).output)
    paused = runner.invoke(cli, ["watch", "pause", added["id"], "--db", db])
    assert paused.exit_code == 0, paused.output
    listed = json.loads(runner.invoke(cli, ["watch", "list", "--db", db, "--jsonl"]).output)
    assert listed["options"]["paused"] is True
    table = runner.invoke(cli, ["watch", "list", "--db", db]).output  # the table said nothing of it
    assert table == f"{added['id']}  Passau  → atom  (paused)\n"
    assert runner.invoke(cli, ["watch", "resume", added["id"], "--db", db]).exit_code == 0
    listed = json.loads(runner.invoke(cli, ["watch", "list", "--db", db, "--jsonl"]).output)
    assert listed["options"]["paused"] is False
    assert runner.invoke(cli, ["watch", "list", "--db", db]).output == f"{added['id']}  Passau  → atom\n"
    missing = runner.invoke(cli, ["watch", "pause", "w-none", "--db", db])
    assert missing.exit_code != 0 and "no watch with id w-none" in missing.output


def test_watch_test_gives_the_story_title_as_an_alert_does(tmp_path: Path) -> None:
    """The sample line's story had its id and a null title."""
    from newsdesk.stories import StoryDesk

    db = str(tmp_path / "n.db")
    with open_store(db) as store:
        desk = StoryDesk(store)
        for article in (quake(), flood()):
            result = store.put(article)
            stored = store.get(result.id)
            assert stored is not None
            desk.add(stored)
    found = CliRunner().invoke(cli, ["watch", "test", "place:Ridgecrest earthquake", "--db", db])
    assert found.exit_code == 0, found.output
    [line] = [json.loads(x) for x in found.output.splitlines()]
    assert line["story"]["id"].startswith("s") and line["story"]["title"] == "Earthquake shakes Ridgecrest"


def test_watch_test_reads_only_the_last_articles(tmp_path: Path) -> None:
    """--limit N reads the N articles stored last; it read every stored article (and kept the last N)."""
    db = str(tmp_path / "n.db")
    with open_store(db) as store:
        store.put(flood())
        for n in range(3):
            store.put(replace(quake(), url=f"https://a.example/quake-{n}", title=f"Earthquake {n} shakes Ridgecrest"))
        with store._db.write() as tx:  # the oldest article cannot be read: reading it is an error
            tx.run("UPDATE articles SET record = ? WHERE url = ?", ("not a record", "https://b.example/flood"))
        assert [a.title for a in store.last_articles(2)] == ["Earthquake 1 shakes Ridgecrest",
                                                                         "Earthquake 2 shakes Ridgecrest"]
        assert len(list(store.last_articles(3))) == 3
    runner = CliRunner()
    found = runner.invoke(cli, ["watch", "test", "place:Ridgecrest", "--db", db, "--limit", "3"])
    assert found.exit_code == 0, found.output
    assert [json.loads(x)["article"]["title"] for x in found.output.splitlines()] == [
        f"Earthquake {n} shakes Ridgecrest" for n in range(3)]
    assert runner.invoke(cli, ["watch", "test", "place:Ridgecrest", "--db", db, "--limit", "4"]).exit_code != 0


def test_watch_test_says_why_nothing_matched(tmp_path: Path) -> None:
    """A rule that matched nothing, a mistyped id, an empty database: it said nothing at all."""
    db = str(tmp_path / "n.db")
    runner = CliRunner()
    empty = runner.invoke(cli, ["watch", "test", "place:Paris", "--db", db])
    assert (empty.exit_code, empty.stdout) == (0, "")
    assert empty.stderr == "no articles stored yet: nothing to test the rule on\n"
    with open_store(db) as store:
        store.put(quake())
        store.put(flood())
    none = runner.invoke(cli, ["watch", "test", "place:Paris", "--db", db])
    assert (none.exit_code, none.stdout) == (0, "")
    assert none.stderr == "no stored article matches (looked at the last 2)\n"
    typo = runner.invoke(cli, ["watch", "test", "w12345", "--db", db])
    assert typo.stdout == "" and "no watch has the id w12345: it was searched as words" in typo.stderr
    found = runner.invoke(cli, ["watch", "test", "Ridgecrest", "--db", db])
    assert found.stderr == "" and json.loads(found.stdout)["article"]["title"] == "Earthquake shakes Ridgecrest"


def test_watch_add_without_a_channel_says_so(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    runner = CliRunner()
    bare = runner.invoke(cli, ["watch", "add", "Passau", "--db", db])
    assert bare.exit_code == 0 and json.loads(bare.stdout)["channels"] == []
    assert bare.stderr.startswith("note: no channel given: alerts are kept")
    assert runner.invoke(cli, ["watch", "add", "Passau", "--db", db, "--atom"]).stderr == ""


def test_watch_test_send_says_what_it_could_not_send(tmp_path: Path) -> None:
    """An Atom-only watch, Web Push without a subscribed browser, no channel: --send said nothing at all."""
    db = str(tmp_path / "n.db")
    with open_store(db) as store:
        store.put(flood())
    runner = CliRunner()
    added = json.loads(runner.invoke(cli, ["watch", "add", "Passau", "--db", db, "--atom", "--webpush"]).stdout)
    sent = runner.invoke(cli, ["watch", "test", added["id"], "--db", db, "--send"])
    assert sent.exit_code == 0, sent.output
    assert sent.stderr.splitlines() == [
        f"atom: nothing to send (readers get GET /api/watches/{added['id']}/atom)",
        "webpush: nothing sent: no browser is subscribed to this watch yet"]
    bare = json.loads(runner.invoke(cli, ["watch", "add", "Passau", "--db", db]).stdout)
    alone = runner.invoke(cli, ["watch", "test", bare["id"], "--db", db, "--send"])
    assert alone.exit_code == 0 and alone.stderr == "nothing sent: the watch has no channel\n"
