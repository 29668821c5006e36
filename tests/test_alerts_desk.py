"""An NGO duty desk's walkthrough of the alerts (#7): a watch paused and resumed while no service
ran alerts on nothing that arrived meanwhile (and resume says what it skipped); ``person:`` and
``said:`` meet a name however the outlet spelled it (Zelensky, Zelenskyy, Zelenskiy, Зеленський);
``place:COUNTRY`` meets a place in that country; a receiver that fails shows in ``watch list`` and
``watch show``; an email says how to stop it and
threads one story's alerts, saying what is new."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_alerts_engine import Clock, flood, follow, quake
from test_alerts_support import deliver_due, receiver, smtp_server
from test_store_support import BACKENDS, store_on

from newsdesk.alerts import atom
from newsdesk.alerts.channels.chat import discord_payload, slack_payload
from newsdesk.alerts.channels.email import build
from newsdesk.alerts.compose import alert_json
from newsdesk.alerts.engine import Alerter
from newsdesk.alerts.match import Matcher, NewDevelopment, Rule
from newsdesk.alerts.records import Alert, AlertArticle, AlertStory, Channel, Options, Reason, Watch
from newsdesk.alerts.service import lazy_country_of
from newsdesk.alerts.store import AlertStore
from newsdesk.cli import cli
from newsdesk.settings import Settings
from newsdesk.store import Store, open_store
from newsdesk.store.query import parse
from newsdesk.stories import StoryDesk
from newsdesk.types import Article, Entity, Place, Quote, Speaker

HOOK = Channel("webhook", "https://hooks.example/in")


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with store_on(request.param, tmp_path) as opened:
        yield opened


def _ingest(store: Store, article: Article) -> str:
    stored = store.get(store.put(article).id)
    assert stored is not None
    StoryDesk(store).add(stored)
    return stored.id


def test_a_watch_resumed_before_the_service_looks_skips_what_arrived_while_paused(store: Store) -> None:
    alerts = AlertStore(store)
    alerts.cursor()
    watch = alerts.add_watch("place:Ridgecrest", [HOOK])
    alerts.pause_watch(watch.id)
    _ingest(store, quake())  # no service is running: nothing matched it while the watch was paused
    alerts.pause_watch(watch.id, False)
    assert Alerter(store, alerts).step().alerts == 0  # it was alerted on now, after the resume
    assert alerts.alerts(watch.id) == []
    later = _ingest(store, follow())
    assert Alerter(store, alerts).step().alerts == 1
    assert [a.article.id for a in alerts.alerts(watch.id)] == [later]


def test_resume_says_how_many_articles_it_skipped(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    with open_store(db) as store:
        alerts = AlertStore(store)
        alerts.cursor()
        watch = alerts.add_watch("place:Ridgecrest", [HOOK])
    runner = CliRunner()
    assert runner.invoke(cli, ["watch", "pause", watch.id[:6], "--db", db]).exit_code == 0
    with open_store(db) as store:
        _ingest(store, quake())
        _ingest(store, flood())
    resumed = runner.invoke(cli, ["watch", "resume", watch.id[:6], "--db", db])
    assert resumed.exit_code == 0, resumed.output
    assert f"resumed {watch.id}: 2 articles stored while it was paused will not be alerted" in resumed.stderr
    again = runner.invoke(cli, ["watch", "resume", watch.id, "--db", db])  # not paused: nothing skipped
    assert again.stderr.strip() == f"resumed {watch.id}"


KHARKIV = ("A Russian missile struck a Red Cross aid warehouse in Kharkiv on Thursday, killing three aid workers. "
           "\"Russia has once again shown that it attacks those who bring help,\" President Volodymyr Zelenskyy said "
           "in his evening address. The Red Cross said the warehouse was clearly marked.")


def _kharkiv(name: str = "Volodymyr Zelenskyy") -> Article:
    start = KHARKIV.index('"Russia')
    end = KHARKIV.index("address.") + len("address.")
    return Article(id="a1", title="Russian strike hits Red Cross warehouse in Kharkiv", text=KHARKIV,
                   published="2026-12-03", entities=(Entity("e1", name, "PERSON"), Entity("e2", "Kharkiv", "PLACE")),
                   quotes=(Quote(KHARKIV[start + 1:KHARKIV.index(',"')], start, end, "direct",
                                 speaker=Speaker(name, "e1")),))


def _reasons(query: str, article: Article, kind: str = "story") -> list[str]:
    quote = article.quotes[0]
    dev = (NewDevelopment(1, "story", article.title or "") if kind == "story" else
           NewDevelopment(2, "quote", article.text[quote.start:quote.end], quote.start, quote.end,
                          quote.speaker.name if quote.speaker else None))
    return [h.sentence for h in Matcher([Rule("w", parse(query))]).match(article, [dev])]


@pytest.mark.parametrize("query", ["person:Zelensky", "person:Zelenskiy", "person:Зеленський", "said:Зеленський",
                                   "person:\"Володимир Зеленський\" help", "said:Zelensky attacks",
                                   "said:Зеленский"])
@pytest.mark.parametrize("kind", ["story", "quote"])
def test_a_name_in_a_rule_meets_its_other_spellings(query: str, kind: str) -> None:
    [reason] = _reasons(query, _kharkiv(), kind)
    assert "Zelenskyy said" in reason  # the sentence naming them, not the lead
    assert _reasons(query, _kharkiv("Володимир Зеленський"), kind)  # and the other way round


@pytest.mark.parametrize("query", ["said:Putin", "person:Zelenskyy NOT person:Zelensky", "said:Zelensky aid",
                                   "person:Selensky"])
def test_other_names_still_do_not_match(query: str) -> None:
    assert _reasons(query, _kharkiv()) == []


def test_a_failing_receiver_shows_in_watch_list_and_watch_show(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    settings = Settings(allowed_networks="127.0.0.0/8")
    with receiver() as gone, receiver() as down, open_store(db) as store:
        gone.fail, down.fail = [410, 410], [500]
        alerts = AlertStore(store)
        alerts.cursor()
        ended = alerts.add_watch("place:Ridgecrest", [Channel("webhook", gone.url + "/hook")])
        retried = alerts.add_watch("person:Newsom", [Channel("webhook", down.url + "/hook"), Channel("atom")])
        fine = alerts.add_watch("earthquake", [Channel("atom")])
        _ingest(store, quake())
        assert Alerter(store, alerts).step().alerts == 3
        assert deliver_due(alerts, settings) == 2
        runner = CliRunner()
        listed = runner.invoke(cli, ["watch", "list", "--db", db])
        assert listed.exit_code == 0, listed.output
        lines = {line.split()[0]: line for line in listed.stdout.splitlines()}
        assert lines[ended.id].endswith(f"! failing: webhook {gone.url}/hook: HTTP 410 (0 waiting, 1 failed for good; "
                                        "see newsdesk watch show ID)")
        assert f"! failing: webhook {down.url}/hook: HTTP 500 (1 waiting; " in lines[retried.id]
        assert "!" not in lines[fine.id]
        shown = runner.invoke(cli, ["watch", "show", retried.id[:6], "--db", db])
        assert shown.exit_code == 0, shown.output
        record = json.loads(shown.stdout)
        assert "secret" not in record and record["deliveries"] == {
            "sent": 0, "pending": 1, "failed": 0, "last_error": f"webhook {down.url}/hook: HTTP 500"}
        [alert] = record["alerts"]
        [delivery] = alert["deliveries"]
        assert delivery["state"] == "pending" and delivery["attempts"] == 1 and delivery["error"] == "HTTP 500"
        assert delivery["target"] == down.url + "/hook" and delivery["next_try"] > alert["created_at"]
        # the receiver is back: the next alert goes, and the watch no longer shows as failing
        _ingest(store, follow())
        assert Alerter(store, alerts).step().alerts >= 2
        deliver_due(alerts, settings)  # the new alert's delivery (the first one waits for its next try)
        assert alerts.deliveries(retried.id)[0].state == "sent"
        listed = runner.invoke(cli, ["watch", "list", "--db", db])
        lines = {line.split()[0]: line for line in listed.stdout.splitlines()}
        assert "!" not in lines[retried.id] and "!" in lines[ended.id]


def _part(msg: Message, kind: str) -> str:
    part = next(p for p in msg.walk() if p.get_content_type() == kind)
    raw = part.get_payload(decode=True)
    assert isinstance(raw, bytes)
    return raw.decode(part.get_content_charset() or "ascii").replace("\r\n", "\n")


def test_an_email_says_how_to_stop_it_and_threads_one_storys_alerts(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store, smtp_server() as (port, inbox):
        alerts = AlertStore(store)
        alerts.cursor()
        watch = alerts.add_watch('place:Ridgecrest NOT person:"Zoë Müller"', [Channel("email", "desk@ngo.example")])
        other = alerts.add_watch("place:Passau", [Channel("email", "desk@ngo.example")])
        settings = Settings(smtp_host="127.0.0.1", smtp_port=port, public_url="https://news.ngo.example/desk/")
        first = _ingest(store, quake())
        _ingest(store, flood())
        assert Alerter(store, alerts).step().alerts == 2
        deliver_due(alerts, settings)
        later = _ingest(store, follow())  # a development of the quake's story
        assert Alerter(store, alerts).step().alerts == 1
        deliver_due(alerts, settings)
        assert len(inbox) == 3
        mine = [m for m in inbox if watch.id in str(m["List-Id"])]
        story = store.story_of(first)
        assert story is not None and store.story_of(later) == story
        assert [str(m["In-Reply-To"]) for m in mine] == [f"<{story}.{watch.id}@newsdesk>"] * 2
        assert [str(m["References"]) for m in mine] == [f"<{story}.{watch.id}@newsdesk>"] * 2
        assert len({str(m["Message-ID"]) for m in mine}) == 2
        [flooded] = [m for m in inbox if m not in mine]
        assert other.id in str(flooded["List-Id"]) and str(flooded["References"]).endswith(f".{other.id}@newsdesk>")
        msg = mine[0]
        assert str(msg["List-Unsubscribe"]) == "<https://news.ngo.example/desk/watches>"
        assert msg.as_bytes().isascii()
        text = _part(msg, "text/plain")
        assert (f"Sent for newsdesk watch {watch.id}: {watch.query}\nTo stop these emails: newsdesk watch pause "
                f"{watch.id} (or watch remove {watch.id}), or on https://news.ngo.example/desk/watches") in text
        page = _part(msg, "text/html")
        assert "<code>place:Ridgecrest NOT person:&quot;Zoë Müller&quot;</code>" in page
        assert f"<code>newsdesk watch pause {watch.id}</code>" in page
        # what is new: the first started the story, the second added to it (the subject stays the story's)
        assert text.startswith("New story\nEarthquake shakes Ridgecrest\n")
        update = _part(mine[1], "text/plain")
        assert re.match(r"New (quote|event) in the story: Earthquake shakes Ridgecrest\n"
                        r"Aftershocks rattle Ridgecrest\n", update), update
        assert "<p><i>New " in _part(mine[1], "text/html") and mine[1]["Subject"] == msg["Subject"]
        assert [a.reason.new for a in alerts.alerts(watch.id)] in (["quote", "story"], ["event", "story"])
        assert '<a href="https://news.ngo.example/desk/watches">' in page
        [alert] = alerts.alerts(other.id)
    bare = build("desk@ngo.example", "newsdesk@localhost", "d1", alert_json(alert))  # no public_url: the command
    assert bare["List-Unsubscribe"] is None
    assert _part(bare, "text/plain").endswith(
        f"To stop these emails: newsdesk watch pause {other.id} (or watch remove {other.id})\n")


def test_watch_list_shows_flood_control(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    with open_store(db) as store:
        alerts = AlertStore(store)
        held = alerts.add_watch("aid workers", [HOOK], Options(digest="daily", quiet="22:00-07:00",
                                                               timezone="Europe/Kyiv"))
        capped = alerts.add_watch("aid workers", [HOOK], Options(max_per_hour=3))
        plain = alerts.add_watch("aid workers", [HOOK])
    listed = CliRunner().invoke(cli, ["watch", "list", "--db", db])
    lines = {line.split()[0]: line for line in listed.stdout.splitlines()}
    assert lines[held.id].endswith("  [digest daily Europe/Kyiv; quiet 22:00-07:00 Europe/Kyiv]")
    assert lines[capped.id].endswith("  [at most 3 an hour]")
    assert lines[plain.id].endswith("https://hooks.example/in")


def test_a_chat_message_says_when_an_alert_is_a_development() -> None:
    def body(new: str) -> dict[str, object]:
        return alert_json(Alert("a1", "w1", AlertStory("s1", "Gunmen attack aid convoy in Darfur"),
                                AlertArticle("x", "WFP suspends Darfur deliveries", "https://ap.example/wfp", "AP"),
                                Reason("place:Darfur", "A third aid worker died.", new), 1, "queued", "2026-12-02"))

    assert "• <https://ap.example/wfp|WFP suspends Darfur deliveries> (AP) · new quote\n" in \
        slack_payload(body("quote"))["text"]
    assert "· new event\n" in discord_payload(body("event"))["content"]
    assert "(AP)\n" in slack_payload(body("story"))["text"]  # it started the story: nothing to add


def test_a_paused_watch_keeps_its_digest_until_it_is_resumed(store: Store) -> None:
    clock = Clock()
    alerts = AlertStore(store)
    alerter = Alerter(store, alerts, clock=clock)
    alerts.cursor()
    watch = alerts.add_watch("place:Ridgecrest", [HOOK], Options(digest="hourly"))
    _ingest(store, quake())
    assert alerter.step().alerts == 1
    [held] = alerts.alerts(watch.id)
    assert held.state == "held" and alerts.deliveries(watch.id) == []
    alerts.pause_watch(watch.id)  # "to stop these emails": the digest due at the hour must not go out
    clock.at += dt.timedelta(hours=2)
    assert alerter.release() == 0 and alerts.deliveries(watch.id) == []
    alerts.pause_watch(watch.id, False)  # resumed: what was matched before the pause goes out
    assert alerter.release() == 1
    [digest] = alerts.deliveries(watch.id)
    assert digest.alerts == (held.id,)


def test_an_atom_entry_says_what_is_new() -> None:
    watch = Watch("w1", "place:Darfur", (Channel("atom"),), "s")
    alert = Alert("a1", "w1", AlertStory("s1", "Gunmen attack aid convoy in Darfur"),
                  AlertArticle("x", "WFP suspends Darfur deliveries", "https://ap.example/wfp"),
                  Reason("place:Darfur", "A third aid worker died.", "event"), 1, "queued", "2026-12-02T10:00:00+00:00")
    doc = ET.fromstring(atom.feed(watch, [alert], "http://127.0.0.1:8000/api/watches/w1/atom"))
    content = doc.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}content")
    assert content is not None and content.text == ("New event in the story: Gunmen attack aid convoy in Darfur\n"
                                                    "Rule: place:Darfur\nWhy: A third aid worker died.")


def test_watch_add_says_when_email_has_no_smtp_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "n.db")
    monkeypatch.delenv("NEWSDESK_SMTP_HOST", raising=False)
    monkeypatch.delenv("NEWSDESK_TELEGRAM_BOT_TOKEN", raising=False)
    added = CliRunner().invoke(cli, ["watch", "add", "aid workers", "--email", "duty@ngo.example", "--telegram",
                                     "@ngodesk", "--db", db])
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout)["channels"][0] == {"type": "email", "target": "duty@ngo.example"}
    assert "note: no SMTP server is set (smtp_host" in added.stderr
    assert "note: no Telegram bot is set (telegram_bot_token)" in added.stderr
    monkeypatch.setenv("NEWSDESK_SMTP_HOST", "127.0.0.1")
    quiet = CliRunner().invoke(cli, ["watch", "add", "aid workers", "--email", "duty@ngo.example", "--db", db])
    assert quiet.exit_code == 0 and quiet.stderr == ""


FASHER = ("Gunmen attacked a humanitarian convoy near El Fasher on Monday, killing two aid workers and wounding "
          "three others, the United Nations said.")


def _fasher() -> Article:
    return Article(id="-", title="Gunmen attack aid convoy near El Fasher", text=FASHER,
                   url="https://news.example/fasher", published="2026-12-01",
                   entities=(Entity("e1", "El Fasher", "PLACE", place=Place(13.63, 25.35, "SD")),
                             Entity("e2", "United Nations", "ORG")))


def test_a_country_in_a_rule_meets_a_place_in_that_country(store: Store) -> None:
    alerts = AlertStore(store)
    alerts.cursor()
    sudan = alerts.add_watch('"aid workers" (place:Sudan OR place:Yemen)', [HOOK])
    yemen = alerts.add_watch('"aid workers" place:Yemen', [HOOK])
    town = alerts.add_watch('"aid workers" place:Nyala', [HOOK])  # a town in Sudan is no country
    first = _ingest(store, _fasher())  # names El Fasher, never "Sudan"
    assert Alerter(store, alerts, country_of=lazy_country_of()).step().alerts == 1
    [alert] = alerts.alerts(sudan.id)
    assert alert.article.id == first and "aid workers" in alert.reason.sentence
    assert alerts.alerts(yemen.id) == [] and alerts.alerts(town.id) == []


def test_watch_test_meets_a_place_in_a_rules_country_too(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    with open_store(db) as store:
        stored = _ingest(store, _fasher())
    found = CliRunner().invoke(cli, ["watch", "test", "place:Sudan", "--db", db])
    assert found.exit_code == 0, found.output
    assert [json.loads(line)["article"]["id"] for line in found.stdout.splitlines()] == [stored]
