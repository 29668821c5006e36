"""Editors' corrections listed and undone (#6): `newsdesk story ID --edits [--jsonl]`, `newsdesk story
ID --undo EDIT` (the stories rebuilt without it) and GET /api/stories/{id}/edits."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_story_edits import _state
from test_story_edits_cli import _stories

from newsdesk.cli import cli
from newsdesk.store import open_store
from newsdesk.web.app import create_app


def test_edits_listed_and_undone_from_the_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    with open_store(db) as store:
        (r1, _, t1, copy), bouts, interview = _stories(store)
    runner = CliRunner()
    none = runner.invoke(cli, ["story", bouts, "--db", db, "--edits"])
    assert none.exit_code == 0 and none.output == f"no corrections of story {bouts}\n"
    moved = json.loads(runner.invoke(cli, ["story", bouts, "--db", db, "--move", t1, "--to", "new", "--jsonl",
                                           "--editor", "ann"]).output)
    listed = runner.invoke(cli, ["story", bouts[:9], "--db", db, "--edits"])
    assert listed.exit_code == 0
    (line,) = listed.output.splitlines()
    assert line.startswith(f"#{moved['pk']}  ") and line.endswith(
        f"move {t1[:12]} and 1 copy from {bouts} to a new story {moved['story_id']}  by ann")
    lines = runner.invoke(cli, ["story", moved["story_id"], "--db", db, "--edits", "--jsonl"]).output.splitlines()
    assert [json.loads(x) for x in lines] == [moved]  # the story it went to lists it too
    assert runner.invoke(cli, ["story", interview, "--db", db, "--edits", "--jsonl"]).output == ""

    cases = {
        (interview, "--undo", str(moved["pk"])): f"story {interview} has no correction #{moved['pk']} "
                                                 f"(see: newsdesk story {interview} --edits)",
        (bouts, "--undo", "99"): f"story {bouts} has no correction #99 (see: newsdesk story {bouts} --edits)",
        ("s000000000000", "--undo", str(moved["pk"])): "no story with id s000000000000",
        (bouts, "--undo", str(moved["pk"]), "--move", r1): "--edits and --undo go in a command of their own "
                                                           "(not with --move, --merge or --timeline)",
        (bouts, "--edits", "--timeline"): "--edits and --undo go in a command of their own (not with --move, "
                                          "--merge or --timeline)",
    }
    for args, message in cases.items():
        result = runner.invoke(cli, ["story", "--db", db, *args])
        assert result.exit_code == 1 and result.output == f"newsdesk: error: {message}\n", (args, result.output)
    undone = runner.invoke(cli, ["story", moved["story_id"], "--db", db, "--undo", str(moved["pk"])])
    assert undone.exit_code == 0, undone.output
    assert undone.output == (f"undid #{moved['pk']} (move {t1[:12]} and 1 copy from {bouts} to a new story "
                             f"{moved['story_id']}): the stories are as if it had not been made\n")
    with open_store(db) as store:
        assert store.story_edits() == []
        undone_state = _state(store)
    # as if never made: what a rebuild gives (t2, stored but not assigned before, takes t1 and its copy
    # out at the second report)
    assert runner.invoke(cli, ["stories", "--db", db, "--rebuild"]).exit_code == 0
    with open_store(db) as store:
        assert _state(store) == undone_state and store.story_of(r1) == bouts
        assert store.story_of(t1) == store.story_of(copy) != bouts
    gone = runner.invoke(cli, ["story", bouts, "--db", db, "--undo", str(moved["pk"])])
    assert gone.exit_code == 1 and f"has no correction #{moved['pk']}" in gone.output


def test_api_lists_a_storys_edits(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store:
        (_, _, t1, _), bouts, interview = _stories(store)
        client = TestClient(create_app(store))
        assert client.get(f"/api/stories/{bouts}/edits").json() == []
        moved = client.post(f"/api/stories/{bouts}/move", json={"article": t1, "to": "new"}).json()
        merged = client.post(f"/api/stories/{moved['story_id']}/merge", json={"other": interview}).json()
        assert [e["pk"] for e in client.get(f"/api/stories/{bouts[:8]}/edits").json()] == [moved["pk"]]
        assert client.get(f"/api/stories/{moved['story_id']}/edits").json() == [moved, merged]
        assert client.get(f"/api/stories/{interview}/edits").json() == [moved, merged]  # merged into that one
        assert client.get("/api/stories/s000000000000/edits").status_code == 404
        assert client.delete(f"/api/stories/{bouts}/edits/{merged['pk']}").json() == {
            "error": f"story {bouts} has no correction #{merged['pk']}"}
        assert client.delete(f"/api/stories/{interview}/edits/{merged['pk']}",
                             headers={"Origin": "https://evil.example"}).status_code == 403
        undone = client.delete(f"/api/stories/{interview}/edits/{merged['pk']}")
        assert undone.status_code == 200 and undone.json() == merged
        assert [e.pk for e, _ in store.story_edits()] == [moved["pk"]]
        assert client.get(f"/api/stories/{interview}").json()["id"] == interview  # apart again


def test_a_copy_made_a_member_of_its_own_story_from_the_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    with open_store(db) as store:
        (_, _, t1, copy), bouts, _ = _stories(store)
    runner = CliRunner()
    made = runner.invoke(cli, ["story", bouts, "--db", db, "--move", copy[:10], "--to", bouts])
    assert made.exit_code == 0 and made.output == f"made {copy[:12]} a member of {bouts} (a copy no more)\n"
    shown = json.loads(runner.invoke(cli, ["story", bouts, "--db", db]).output)
    assert [(m["role"], m["copy_of"]) for m in shown["members"] if m["id"] == copy] == [("member", None)]
    listed = runner.invoke(cli, ["story", bouts, "--db", db, "--edits"]).output
    assert listed.rstrip().endswith(f"move {copy[:12]}: a member of {bouts}, a copy no more")
    again = runner.invoke(cli, ["story", bouts, "--db", db, "--move", copy, "--to", bouts])
    assert again.output == f"newsdesk: error: {copy}: the article is in story {bouts} already\n"
    assert t1 != copy
