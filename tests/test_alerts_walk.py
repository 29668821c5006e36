"""A desk following a crisis with watches, against real receivers on loopback: what a dead webhook
says, and what ``watch test`` shows of a wire story and its copies."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_alerts_channels import _alert_on_quake
from test_alerts_engine import quake
from test_alerts_support import free_port

from newsdesk.alerts.deliver import Deliverer
from newsdesk.alerts.engine import Alerter
from newsdesk.alerts.flow import check, quiet_until
from newsdesk.alerts.records import Channel, Options
from newsdesk.alerts.store import AlertStore
from newsdesk.cli import cli
from newsdesk.pipeline import read_jsonl_articles
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.stories import StoryDesk
from newsdesk.types import Article
from newsdesk.understand import Analyzer

LOOPBACK = "127.0.0.0/8"
STORIES = Path(__file__).parent / "data" / "stories" / "kyiv-talks.jsonl"  # an article, 2 copies, more


def test_a_dead_webhook_says_nothing_listens_on_its_address_then_fails_for_good(tmp_path: Path) -> None:
    # it said "ConnectError: [Errno 111] Connection refused", naming neither the address nor what to check
    port = free_port()  # bound once, then closed: nothing listens there
    db = str(tmp_path / "n.db")
    with open_store(db) as store:
        watch_id = _alert_on_quake(store, [Channel("webhook", f"http://127.0.0.1:{port}/hook")])
        alerts = AlertStore(store)
        deliverer = Deliverer(alerts, Settings(allowed_networks=LOOPBACK, delivery_attempts=2))
        try:
            assert deliverer.run_due(wait=True) == 1
            [first] = alerts.deliveries(watch_id)
            said = f"connection refused by 127.0.0.1:{port} (nothing listens there: is the receiver up?)"
            assert (first.state, first.attempts, first.last_error) == ("pending", 1, said)
            time.sleep(1.2)  # its backoff
            assert deliverer.run_due(wait=True) == 1
        finally:
            deliverer.close()
        [last] = alerts.deliveries(watch_id)
        assert (last.state, last.attempts, last.last_error) == ("failed", 2, said)
    listed = CliRunner().invoke(cli, ["watch", "list", "--db", db])
    assert listed.exit_code == 0
    assert f"! failing: webhook http://127.0.0.1:{port}/hook: {said} (0 waiting, 1 failed for good" in listed.stdout


def test_watch_test_shows_a_wire_story_once_not_once_per_outlet_that_copied_it(tmp_path: Path) -> None:
    # the service alerts once on the original (a copy makes no development); watch test printed the
    # original and each syndicated copy, three "alerts" where one would come
    db = str(tmp_path / "n.db")
    lines = STORIES.read_text(encoding="utf-8").splitlines()
    with open_store(db) as store:
        desk = StoryDesk(store)
        for line, out in zip(lines, read_jsonl_articles(lines), strict=True):
            assert out.article is not None
            stored = store.get(store.put(replace(out.article, source=json.loads(line)["outlet"])).id)
            assert stored is not None
            desk.add(stored)
    tested = CliRunner().invoke(cli, ["watch", "test", "Medinsky", "--db", db])
    assert tested.exit_code == 0
    found = [json.loads(line)["article"]["source"] for line in tested.stdout.splitlines()]
    assert found == ["CBS News", "Northern Times (follow-up)"]  # not the Ledger's or the Herald's copy
    assert tested.stderr == ("left out: 2 copies of another stored article (a syndicated near-duplicate makes no "
                             "alert)\n")
    only_a_copy = CliRunner().invoke(cli, ["watch", "test", "\"Moscow's chief negotiator\"", "--db", db])
    assert (only_a_copy.stdout, only_a_copy.stderr) == (
        "", "left out: 1 copy of another stored article (a syndicated near-duplicate makes no alert)\n")


def test_a_said_rule_naming_words_quotes_say_rather_than_a_speaker_gets_a_note(tmp_path: Path) -> None:
    # said: is who speaks: said:"peace will become closer" (meant: Medinsky's quote) was kept without a word
    # and never fired
    db = str(tmp_path / "n.db")
    with open_store(db) as store:
        for article in Analyzer().pipe([quoted()]):
            store.put(article)
    runner = CliRunner()
    added = runner.invoke(cli, ["watch", "add", 'said:"peace will become closer"', "--atom", "--db", db])
    assert added.exit_code == 0 and json.loads(added.stdout)["query"] == 'said:"peace will become closer"'
    assert added.stderr == ('note: said: names who speaks, and no stored quote is by anyone called "peace will '
                            'become closer" (quotes do say it): for a quote saying it, write said:NAME "peace will '
                            'become closer", or "peace will become closer" alone\n')
    edited = runner.invoke(cli, ["watch", "edit", json.loads(added.stdout)["id"], "said:Medinsky peace", "--atom",
                                 "--db", db])
    assert edited.exit_code == 0 and edited.stderr == ""  # a speaker stored so: no note
    for fine in ("said:medinsky", "said:Arahamia", "said:nobody"):  # a speaker, a person, words no quote says
        assert runner.invoke(cli, ["watch", "add", fine, "--atom", "--db", db]).stderr == ""
    tested = runner.invoke(cli, ["watch", "test", 'said:"peace will become closer"', "--db", db])
    assert tested.stdout == "" and tested.stderr == "no stored article matches (looked at the last 1)\n" + (
        added.stderr)  # watch test, before adding it, says the same


def quoted() -> Article:
    line = json.loads(STORIES.read_text(encoding="utf-8").splitlines()[0])  # CBS: Medinsky and Arahamia speak
    [out] = read_jsonl_articles([json.dumps(line)])
    assert out.article is not None
    return out.article


def test_watch_list_says_how_many_alerts_wait_for_the_quiet_hours_to_end_and_until_when(tmp_path: Path) -> None:
    # held alerts show in no delivery: a watch in its quiet hours listed as one that had matched nothing
    db = str(tmp_path / "n.db")
    at = dt.datetime.now(dt.UTC)
    quiet = f"{(at - dt.timedelta(hours=1)):%H}:00-{(at + dt.timedelta(hours=2)):%H}:00"  # now is in them
    options = check(Options(quiet=quiet))
    with open_store(db) as store:
        alerts = AlertStore(store)
        alerts.cursor()
        watch = alerts.add_watch("place:Ridgecrest earthquake", [Channel("webhook", "https://hooks.example.org/in")],
                                 options)
        stored = store.get(store.put(quake()).id)
        assert stored is not None
        StoryDesk(store).add(stored)
        assert Alerter(store, alerts).step().alerts == 1
    until = quiet_until(options, dt.datetime.now(dt.UTC))
    assert until is not None
    listed = CliRunner().invoke(cli, ["watch", "list", "--db", db])
    assert f"[quiet {quiet}]  (1 held until {until:%Y-%m-%d %H:%M} UTC)" in listed.stdout
    [record] = [json.loads(line) for line in CliRunner().invoke(cli, ["watch", "list", "--jsonl", "--db", db]).stdout
                .splitlines()]
    assert (record["id"], record["held"], dt.datetime.fromisoformat(record["held_until"])) == (watch.id, 1, until)


def test_watch_add_help_says_what_a_query_may_hold() -> None:
    # it gave examples only: nothing said that said: is the speaker, or which fields there are
    shown = CliRunner().invoke(cli, ["watch", "add", "--help"]).stdout
    for part in ("said:SPEAKER", "said:Putin ceasefire", "event:TYPE", "place:Kyiv~50km", "docs/alerts.md"):
        assert part in shown


@pytest.mark.parametrize(("rule", "refused"), [
    ("NOT kyiv", True), ("-event:ASSAULT since:2022", True), ("kyiv OR -moscow", True), ("since:2022", True),
    ("kyiv -moscow", False), ("person:Zelensky since:2022", False), ("(kyiv OR kharkiv) -moscow", False),
])
def test_a_rule_that_only_excludes_is_refused(tmp_path: Path, rule: str, refused: bool) -> None:
    """A watch on 'NOT kyiv' would alert on nearly every article stored: add and edit refuse it in one line."""
    db = str(tmp_path / "w.db")
    added = CliRunner().invoke(cli, ["watch", "add", "--db", db, rule])
    if refused:
        assert added.exit_code == 1 and "would alert on nearly every article" in added.output, added.output
        assert "Traceback" not in added.output
    else:
        assert added.exit_code == 0, added.output
        watch_id = json.loads(added.stdout.splitlines()[0])["id"]
        edited = CliRunner().invoke(cli, ["watch", "edit", "--db", db, watch_id, "NOT kyiv"])
        assert edited.exit_code == 1 and "would alert on nearly every article" in edited.output, edited.output
