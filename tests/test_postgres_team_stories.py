"""The PostgreSQL server restarts between an article's commit and its story assignment (#5): the article
is stored, its assignment fails (``story_error``) and the command or pass ends at the next input. It was
then never in a story, so never on the stories pages nor in an alert: `newsdesk run`'s link was done,
and `newsdesk ingest` run again (as the docs say) reported it ``duplicate`` and left it. Now the monitor
assigns it at its next pass, and ingest assigns a duplicate that has no story."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_postgres_team_support import Restarting, restarting

from newsdesk.cli import cli
from newsdesk.errors import StoreUnavailableError
from newsdesk.monitor import Log, Monitor
from newsdesk.settings import Settings
from newsdesk.store import Store, open_store
from newsdesk.stories.tracker import StoryTracker
from newsdesk.types import Article


@pytest.fixture
def relayed() -> Iterator[tuple[str, str, Restarting]]:
    with restarting() as found:
        yield found


@pytest.fixture
def gone_at_first_assignment(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Restarting]]:
    """The relay put in the list stops as the first assignment begins (right after the first commit)."""
    relays: list[Restarting] = []
    featurize = StoryTracker.featurize

    def stop_then_featurize(self: StoryTracker, article: Article) -> object:
        while relays:
            relays.pop().stop()
        return featurize(self, article)

    monkeypatch.setattr(StoryTracker, "featurize", stop_then_featurize)
    yield relays


def _pages(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    pages = []
    for n in range(count):
        pages.append(folder / f"p{n}.txt")
        pages[-1].write_text(f"Harbour story {n}: the harbour board of town {n} met on Tuesday about the new sea "
                             f"wall, and residents of quarter {n} asked for more time to read the plans.")
    return pages


def _storyless(store: Store) -> list[str]:
    return [a.id for a in store.articles() if store.story_of(a.id) is None]


def test_the_monitor_assigns_at_its_next_pass_what_a_restart_left_without_a_story(
        relayed: tuple[str, str, Restarting], gone_at_first_assignment: list[Restarting], tmp_path: Path) -> None:
    url, direct, relay = relayed
    _pages(tmp_path / "pages", 3)
    out = io.StringIO()
    with open_store(url) as store:
        store.add_source(str(tmp_path / "pages"), kind="folder")
        monitor = Monitor(store, Settings(), log=Log(out))
        try:
            gone_at_first_assignment.append(relay)
            with pytest.raises(StoreUnavailableError):
                monitor.run_once(every=True)
            [stored] = [json.loads(line) for line in out.getvalue().splitlines() if '"article.stored"' in line]
            assert "story_error" in stored  # stored, its assignment refused: the server was gone
            relay.start()  # the server is back
            monitor.run_once(every=True)
        finally:
            monitor.close()
    with open_store(direct) as check:
        assert check.count() == 3
        assert _storyless(check) == []
    assert '"article.assigned"' in out.getvalue()


def test_ingest_run_again_assigns_a_duplicate_left_without_a_story(
        relayed: tuple[str, str, Restarting], gone_at_first_assignment: list[Restarting], tmp_path: Path) -> None:
    url, direct, relay = relayed
    pages = [str(p) for p in _pages(tmp_path / "pages", 2)]
    env = {"NEWSDESK_HOME": str(tmp_path)}
    with open_store(url):
        pass  # migrated
    gone_at_first_assignment.append(relay)
    first = CliRunner().invoke(cli, ["ingest", "--jsonl", "--no-analyze", "--db", url, *pages], env=env)
    assert first.exit_code == 1
    [line] = [json.loads(text) for text in first.stdout.splitlines()]
    assert line["status"] == "stored" and "story_error" in line
    relay.start()
    again = CliRunner().invoke(cli, ["ingest", "--jsonl", "--no-analyze", "--db", url, *pages], env=env)
    assert again.exit_code == 0, again.output
    lines = [json.loads(text) for text in again.stdout.splitlines()]
    assert lines[0]["status"] == "duplicate" and lines[0]["story_status"] in ("new", "joined", "copy")
    assert lines[1]["status"] == "stored" and "story" in lines[1]
    with open_store(direct) as check:
        assert check.count() == 2
        assert _storyless(check) == []


def test_ingest_says_which_input_was_stored_without_a_story(
        relayed: tuple[str, str, Restarting], gone_at_first_assignment: list[Restarting], tmp_path: Path) -> None:
    url, _, relay = relayed
    pages = [str(p) for p in _pages(tmp_path / "pages", 2)]
    with open_store(url):
        pass  # migrated
    gone_at_first_assignment.append(relay)
    result = CliRunner().invoke(cli, ["ingest", "--no-analyze", "--db", url, *pages],
                                env={"NEWSDESK_HOME": str(tmp_path)})
    assert result.exit_code == 1
    note, error = result.stderr.splitlines()
    assert note.startswith(f"newsdesk: note: {pages[0]}: stored without a story (") and "ingest it again" in note
    assert error.startswith("newsdesk: error: ") and "cannot connect to PostgreSQL" in error
