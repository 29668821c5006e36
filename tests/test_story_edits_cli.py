"""Editors' corrections of the stories (#6) from the command line (`newsdesk story ID --move ARTICLE
--to STORY|new`, `newsdesk story ID --merge OTHER`) and the JSON API (POST /api/stories/{id}/move
and /merge, behind the API's logins and same-origin rule)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_story_edits import _INTERVIEW, _STRIKE, _bouts

from newsdesk.alerts.access import Access
from newsdesk.alerts.store import AlertStore
from newsdesk.cli import cli
from newsdesk.store import Store, open_store
from newsdesk.stories import StoryDesk
from newsdesk.web.app import create_app


def _stories(store: Store) -> tuple[list[str], str, str]:
    """The bouts (one story: the default tracker splits t1 out with t2, so t2 is left out) and the
    two strike stories; returns the bout articles' ids, the bout story and the interview's story."""
    r1, r2, t1, copy, _ = _bouts(store)
    desk = StoryDesk(store)
    bouts = [desk.add(a) for a in (r1, r2, t1, copy)]
    desk.add(store.get(store.put(_STRIKE).id))  # type: ignore[arg-type]
    interview = desk.add(store.get(store.put(_INTERVIEW).id))  # type: ignore[arg-type]
    return [b.article_id for b in bouts], bouts[0].story_id, interview.story_id


def test_story_move_and_merge_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    with open_store(db) as store:
        (_, r2, t1, copy), bouts, interview = _stories(store)
        strike = store.story_of(store.put(_STRIKE).id)
    runner = CliRunner()
    moved = runner.invoke(cli, ["story", bouts[:8], "--db", db, "--move", t1[:10], "--to", "new", "--jsonl",
                                "--editor", "ann"])
    assert moved.exit_code == 0, moved.output
    edit = json.loads(moved.output)
    assert (edit["kind"], edit["new"], edit["moved"], edit["editor"]) == ("move", True, [t1, copy], "ann")
    shown = json.loads(runner.invoke(cli, ["story", "--db", db, edit["story_id"]]).output)
    assert shown["articles"] == [t1, copy] and shown["developments"][0]["kind"] == "story"
    merged = runner.invoke(cli, ["story", strike or "", "--db", db, "--merge", interview])
    assert merged.exit_code == 0 and merged.output == f"merged {interview} into {strike} (1 article moved)\n"
    back = runner.invoke(cli, ["story", edit["story_id"], "--db", db, "--move", t1, "--to", bouts[:9]])
    assert back.exit_code == 0 and back.output == f"moved {t1[:12]} and 1 copy from {edit['story_id']} to {bouts}\n"
    rebuilt = runner.invoke(cli, ["stories", "--db", db, "--rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "no longer applies" not in rebuilt.output
    with open_store(db) as store:
        assert store.story_of(t1) == store.story_of(copy) == bouts and store.story_of(r2) == bouts
        assert store.story(interview).id == strike  # type: ignore[union-attr]
        assert len(store.story_edits()) == 3


def test_story_corrections_fail_in_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    with open_store(db) as store:
        (r1, _, _, _), bouts, interview = _stories(store)
    runner = CliRunner()
    cases = {
        ("s000000000000", "--move", r1, "--to", "new"): "no story with id s000000000000",
        (bouts, "--move", "ffffffff", "--to", "new"): "no article with id ffffffff",
        (interview, "--move", r1, "--to", "new"): f"article {r1} is in story {bouts}, not {interview}",
        (bouts, "--move", r1, "--to", "s000000000000"): "s000000000000: no story with this id",
        (bouts, "--move", r1, "--to", bouts): f"{r1}: the article is in story {bouts} already",
        (bouts, "--merge", bouts[:7]): f"{bouts[:7]}: that is story {bouts} itself (or merged into it already)",
        (bouts, "--move", r1): "--move ARTICLE needs --to STORY|new",
        (bouts, "--to", "new"): "give one of --move ARTICLE (with --to) or --merge OTHER",
        (bouts, "--merge", interview, "--timeline"): "--timeline shows a story: correct it (--move, --merge) in a "
                                                   "command of its own",
    }
    for args, message in cases.items():
        result = runner.invoke(cli, ["story", "--db", db, *args])
        assert result.exit_code == 1 and result.output == f"newsdesk: error: {message}\n", (args, result.output)
    with open_store(db) as store:
        assert store.story_edits() == []


def test_api_moves_and_merges_behind_the_logins(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store:
        (r1, _, t1, copy), bouts, interview = _stories(store)
        strike = store.story_of(store.put(_STRIKE).id)
        client = TestClient(create_app(store))
        moved = client.post(f"/api/stories/{bouts}/move", json={"article": t1[:10], "to": "new"})
        assert moved.status_code == 200, moved.text
        edit = moved.json()
        assert (edit["kind"], edit["source"], edit["moved"], edit["editor"]) == ("move", bouts, [t1, copy], "local")
        assert client.get(f"/api/stories/{edit['story_id']}").json()["articles"] == [t1, copy]
        merged = client.post(f"/api/stories/{strike}/merge", json={"other": interview})
        assert merged.status_code == 200 and merged.json()["story_id"] == strike
        assert client.get(f"/api/stories/{interview}").json()["id"] == strike  # an old link leads there
        assert client.post("/api/stories/s000000000000/move", json={"article": r1, "to": "new"}).status_code == 404
        wrong = client.post(f"/api/stories/{interview}/move", json={"article": r1, "to": "new"})
        assert wrong.status_code == 400 and wrong.json() == {"error": f"article {r1} is in story {bouts}, not {strike}"}
        again = client.post(f"/api/stories/{bouts}/move", json={"article": r1, "to": bouts})
        assert again.status_code == 400 and "already" in again.json()["error"]
        assert client.post(f"/api/stories/{bouts}/move", json={"article": r1}).status_code == 422
        cross = client.post(f"/api/stories/{bouts}/merge", json={"other": strike},
                            headers={"Origin": "https://evil.example"})
        assert cross.status_code == 403
        assert "/api/stories/{story_id}/move" in client.get("/api/openapi.json").json()["paths"]

        access = Access(AlertStore(store), local=False)
        access.add_account("ada", "correct horse battery")
        public = TestClient(create_app(store, local=False))
        body = {"other": strike}
        assert public.post(f"/api/stories/{bouts}/merge", json=body).status_code == 401
        login = {"Authorization": "Basic " + base64.b64encode(b"ada:correct horse battery").decode()}
        done = public.post(f"/api/stories/{bouts}/merge", json=body, headers=login)
        assert done.status_code == 200 and done.json()["editor"] == "ada"
        assert [e.editor for e, _ in store.story_edits()] == ["local", "local", "ada"]
