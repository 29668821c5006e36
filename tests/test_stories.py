"""Stories end to end on the shipped test set (tests/data/stories): the reference article, its
copies from other "outlets", a follow-up and an unrelated story, through the real Analyzer and
the store on both backends; and the `stories`, `story`, `cluster` commands."""

from __future__ import annotations

import html
import io
import json
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from test_store_support import BACKENDS, store_on

from newsdesk.commands.store import COMMANDS as STORE_COMMANDS
from newsdesk.commands.stories import COMMANDS
from newsdesk.monitor import Log, Monitor
from newsdesk.pipeline import read_jsonl_articles
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.stories import Assignment, StoryDesk
from newsdesk.types import Article
from newsdesk.understand import Analyzer

DATA = Path(__file__).parent / "data" / "stories" / "kyiv-talks.jsonl"
LINES = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]


@click.group()
def cli() -> None:
    """The story and storage commands, as cli.py registers them."""


for command in (*COMMANDS, *STORE_COMMANDS):
    cli.add_command(command)


@pytest.fixture(scope="module")
def analysed() -> list[Article]:
    """The test set through the real Analyzer, each article with its URL and date."""
    articles = [o.article for o in read_jsonl_articles(DATA.read_text(encoding="utf-8").splitlines())]
    done = list(Analyzer().pipe(a for a in articles if a is not None))
    return [a.__class__(**{**a.__dict__, "url": line["url"], "source": line["outlet"]})
            for a, line in zip(done, LINES, strict=True)]


@pytest.fixture(params=BACKENDS)
def fed(request: pytest.FixtureRequest, tmp_path: Path, analysed: list[Article]) -> Iterator[tuple[
        Assignment, ...]]:
    with store_on(request.param, tmp_path) as store:
        desk = StoryDesk(store)
        out = []
        for article in analysed:
            result = store.put(article)
            stored = store.get(result.id)
            assert stored is not None
            out.append(desk.add(stored))
        yield tuple(out)


def test_copies_join_as_copies_and_the_timeline_holds_only_what_is_new(fed: tuple[Assignment, ...],
                                                                       analysed: list[Article]) -> None:
    by_name = {line["id"]: a for line, a in zip(LINES, fed, strict=True)}
    original, ledger, herald = by_name["cbs-original"], by_name["ledger-copy"], by_name["herald-copy"]
    follow, other = by_name["followup-wednesday"], by_name["lismore-floods"]
    assert [a.status for a in fed] == [line["expect"] for line in LINES]
    assert original.story_id == ledger.story_id == herald.story_id == follow.story_id != other.story_id
    assert ledger.copy_of == herald.copy_of == original.article_id
    assert ledger.developments == () and herald.developments == ()
    assert original.developments[0].kind == "story"
    # the original's quotes start the timeline (those it repeats itself, once)
    quoted = [d.payload["text"] for d in original.developments if d.kind == "quote"]
    assert set(quoted) <= {q.text for q in analysed[0].quotes} and len(quoted) == len(set(quoted))
    for words in ("clearly formulated position", "first victory", "Chernihiv directions"):
        assert sum(words in t for t in quoted) == 1
    # the follow-up: its new quotes and its new event are developments; the quote it repeats is not
    texts = [d.payload.get("text", "") for d in follow.developments if d.kind == "quote"]
    assert any("facts on the ground" in t for t in texts)
    assert any("regrouping, not a retreat" in t for t in texts)
    assert any(d.kind == "event" and d.payload["type"] == "ASSAULT" and "Chernihiv" in d.sentence
               for d in follow.developments)
    assert not any("possibility of making peace" in d.sentence for d in follow.developments)
    # the talks in Turkey and Moscow's pledge to scale back, told again, are no developments
    assert not {d.payload.get("type") for d in follow.developments} & {"CONSULT", "CONCEDE"}
    assert not any(d.kind == "story" for d in follow.developments)
    for dev in follow.developments:  # offsets point at the sentence in the article's text
        text = analysed[3].text
        assert text[dev.start:dev.end] == dev.sentence


def test_story_record_and_commands(tmp_path: Path, analysed: list[Article]) -> None:
    db = str(tmp_path / "news.db")
    with open_store(db) as store:
        desk = StoryDesk(store)
        for article in analysed:
            desk.add(store.get(store.put(article).id) or article)
    runner = CliRunner()
    listed = runner.invoke(cli, ["stories", "--db", db, "--jsonl"])
    assert listed.exit_code == 0, listed.output
    stories = [json.loads(line) for line in listed.output.splitlines()]
    assert len(stories) == 2
    kyiv = next(s for s in stories if len(s["articles"]) == 4)
    assert {"id", "title", "first_seen", "last_updated", "articles", "places"} <= set(kyiv)
    assert kyiv["title"] == LINES[0]["title"] and kyiv["first_seen"].startswith("2022-03-29T14:05")
    assert kyiv["last_updated"].startswith("2022-03-30T09:00")
    assert {"Kyiv", "Turkey"} <= {p["name"] for p in kyiv["places"]}
    shown = runner.invoke(cli, ["story", "--db", db, kyiv["id"][:7]])
    assert shown.exit_code == 0, shown.output
    record = json.loads(shown.output)
    assert record["articles"] == kyiv["articles"]
    kinds = [d["kind"] for d in record["developments"]]
    assert kinds[0] == "story" and kinds.count("story") == 1 and {"quote", "event"} <= set(kinds)
    assert [m["role"] for m in record["members"]] == ["member", "copy", "copy", "member"]
    timeline = [(d["article_id"], d["sentence"]) for d in record["developments"]]
    again = runner.invoke(cli, ["stories", "--db", db, "--rebuild"])
    assert again.exit_code == 0, again.output
    rebuilt = json.loads(runner.invoke(cli, ["story", "--db", db, kyiv["id"]]).output)
    assert rebuilt["articles"] == record["articles"]
    assert [(d["article_id"], d["sentence"]) for d in rebuilt["developments"]] == timeline
    missing = runner.invoke(cli, ["story", "--db", db, "s000000000000"])
    assert missing.exit_code == 1 and missing.output.strip() == "newsdesk: error: no story with id s000000000000"


def test_cluster_command_without_a_database(tmp_path: Path) -> None:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([*lines, "{not json", json.dumps({"id": "x", "text": ""})]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["cluster", "--no-analyze", "--input-jsonl", str(source)])
    assert result.exit_code == 1
    assert result.stderr == "newsdesk: error: 2 of 7 lines failed (their lines on stdout say why)\n"
    out = [json.loads(line) for line in result.stdout.splitlines()]  # JSON lines only
    assert [o.get("id") for o in out[:5]] == [line["id"] for line in LINES]
    assert [o["status"] for o in out[:5]] == [line["expect"] for line in LINES]
    assert len({o["story"] for o in out[:4]}) == 1 and out[4]["story"] != out[0]["story"]
    assert out[1]["copy_of"] == out[2]["copy_of"] == "cbs-original"
    assert out[5] == {"line": 6, "error": out[5]["error"]} and "JSON" in out[5]["error"]
    assert out[6]["id"] == "x" and "text" in out[6]["error"]


def test_cluster_command_prints_each_article_once_with_the_story_it_ends_in(tmp_path: Path) -> None:
    from test_stories_tracker import _BOUTS  # two boxing events: the second's second report splits

    source = tmp_path / "bouts.jsonl"
    source.write_text("".join(json.dumps({"id": f"in-{a.id}", "title": a.title, "text": a.text}) + "\n"
                              for a in _BOUTS), encoding="utf-8")
    streamed = CliRunner().invoke(cli, ["cluster", "--no-analyze", "--stream", "--input-jsonl", str(source)])
    assert streamed.exit_code == 0, streamed.output
    out = [json.loads(line) for line in streamed.output.splitlines()]
    assert [(o["id"], o["status"]) for o in out] == [("in-r1", "new"), ("in-r2", "joined"), ("in-t1", "joined"),
                                                     ("in-t2", "joined"), ("in-t1", "moved")]
    assert out[2]["story"] == out[0]["story"] != out[3]["story"] == out[4]["story"]
    final = CliRunner().invoke(cli, ["cluster", "--no-analyze", "--input-jsonl", str(source)])
    lines = [json.loads(line) for line in final.output.splitlines()]
    assert [o["id"] for o in lines] == ["in-r1", "in-r2", "in-t1", "in-t2"]  # one line per input, in order
    story = {o["id"]: o["story"] for o in lines}
    assert story["in-r1"] == story["in-r2"] != story["in-t1"] == story["in-t2"] == out[4]["story"]


def _pages(folder: Path) -> Path:
    """The test set as small HTML pages, one per line."""
    folder.mkdir()
    for line in LINES:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in line["text"].split("\n\n"))
        (folder / f"{line['id']}.html").write_text(
            f"<html><head><title>{html.escape(line['title'])}</title></head><body><article>"
            f"<h1>{html.escape(line['title'])}</h1>{body}</article></body></html>", encoding="utf-8")
    return folder


def test_the_monitor_assigns_each_stored_article(tmp_path: Path) -> None:
    pages = _pages(tmp_path / "drop")
    out = io.StringIO()
    with open_store(str(tmp_path / "news.db")) as store:
        store.add_source(str(pages), kind="folder")
        report = Monitor(store, Settings(), log=Log(out)).run_once()
        assert report.stored == len(LINES)
        logged = [json.loads(line) for line in out.getvalue().splitlines() if '"article.stored"' in line]
        assert {entry["story_status"] for entry in logged} == {"new", "copy", "joined"}
        stories = {store.story_of(entry["id"]) for entry in logged}
        assert None not in stories and len(stories) == 2


def test_ingest_assigns_stories(tmp_path: Path) -> None:
    pages = _pages(tmp_path / "pages")
    db = str(tmp_path / "news.db")
    result = CliRunner().invoke(cli, ["ingest", "--db", db, "--no-analyze", "--jsonl", str(pages)])
    assert result.exit_code == 0, result.output
    out = {Path(o["input"]).stem: o for o in map(json.loads, result.output.splitlines())}
    assert out["ledger-copy"]["story_status"] == "copy"
    assert out["cbs-original"]["story"] == out["ledger-copy"]["story"] == out["followup-wednesday"]["story"]
    assert out["lismore-floods"]["story"] != out["cbs-original"]["story"]
    again = CliRunner().invoke(cli, ["ingest", "--db", db, "--no-analyze", "--jsonl", str(pages)])
    assert all("story" not in json.loads(line) for line in again.output.splitlines())  # duplicates: no story
