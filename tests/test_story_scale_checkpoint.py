"""A StoryDesk starts from its tracker's last checkpoint and replays only the story log past it
(#5): the restarted desk goes on exactly as the uninterrupted one, at every restart point of a stream
making every kind of move, on both backends; a rebuild (or an undo) and other params leave the
checkpoint unread; a checkpoint holds no pickle and one that cannot be read costs only a full replay."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from test_store_support import BACKENDS, store_on
from test_stories_restart import _restarts_differing, _stream
from test_stories_restart import _run as _restart_run
from test_stories_restart import _shape as _state

from newsdesk.store import Store
from newsdesk.stories import Assignment, StoryDesk, StoryTracker, TrackerParams
from newsdesk.stories import service as service_module
from newsdesk.stories.checkpoint import VERSION, CheckpointError, decode, encode
from newsdesk.stories.records import StoryCheckpoint


def _run(store: Store, stream: list[Any], restart: int | None) -> tuple[list[Assignment], list[str | None], Any]:
    """test_stories_restart's run, the tracker's state compared without set order (a restored set
    iterates in another)."""
    return _restart_run(store, stream, restart, _state)


@pytest.fixture
def every_three(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(service_module, "CHECKPOINT_EVERY", 3, raising=False)
    yield


def _replayed_from(store: Store, monkeypatch: pytest.MonkeyPatch, params: TrackerParams | None = None) -> int:
    """The log seq a new desk replays past (0: the whole log)."""
    asked: list[int] = []
    read = store.story_log
    with monkeypatch.context() as patch:
        patch.setattr(store, "story_log", lambda after=0: (asked.append(after), read(after))[1])
        StoryDesk(store, params)
    return asked[0]


def test_the_codec_gives_back_the_state_at_every_point_and_the_tracker_goes_on_alike() -> None:
    stream = [replace(a, id=f"a{i}") for i, a in enumerate(_stream())]
    stream[9] = replace(stream[9], id=stream[2].id)  # a new version of a2
    online = StoryTracker()
    for at, article in enumerate(stream):
        online.assign(article)
        restored = decode(encode(online), StoryTracker())
        assert _state(restored) == _state(online), article.id
        ahead = decode(encode(online), StoryTracker())  # the rest of the stream from the checkpoint
        twin = decode(encode(online), StoryTracker())
        assert [ahead.assign(a) for a in stream[at + 1:]] == [twin.assign(a) for a in stream[at + 1:]]
    held = online._article_story
    again = decode(encode(online), StoryTracker())._article_story
    # one story object behind all of its members' entries, as in the tracker encoded
    assert len({id(s) for s in again.values()}) == len({id(s) for s in held.values()})


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_restart_from_a_checkpoint_goes_on_as_the_uninterrupted_desk(
        backend: str, tmp_path: Path, every_three: None, monkeypatch: pytest.MonkeyPatch) -> None:
    stream = _stream()
    with store_on(backend, tmp_path) as store:
        uninterrupted = _run(store, stream, None)
        assert _replayed_from(store, monkeypatch) == 12  # the last checkpoint: 13 log rows, one each 3
    assert _restarts_differing(backend, tmp_path, stream, uninterrupted, _state) == []


def test_a_rebuild_an_undo_and_other_params_leave_the_checkpoint_unread(
        tmp_path: Path, every_three: None, monkeypatch: pytest.MonkeyPatch) -> None:
    with store_on("sqlite", tmp_path) as store:
        _run(store, _stream()[:7], None)
        assert _replayed_from(store, monkeypatch) == 6
        assert _replayed_from(store, monkeypatch, TrackerParams(threshold=0.3)) == 0  # made with other knobs
        desk = StoryDesk(store)
        encoded: list[int] = []
        with monkeypatch.context() as patch:
            patch.setattr(service_module, "encode", lambda tracker: (encoded.append(1), encode(tracker))[1])
            desk.rebuild()  # one checkpoint, at its end (the new log's seqs go on above the old ones, 7)
        assert len(encoded) == 1 and desk._seen[0] > 7
        assert _replayed_from(store, monkeypatch) == desk._seen[0]
        store.clear_stories()
        assert _replayed_from(store, monkeypatch) == 0


def test_an_unreadable_checkpoint_costs_a_full_replay_and_no_pickle_is_read(
        tmp_path: Path, every_three: None, monkeypatch: pytest.MonkeyPatch) -> None:
    with store_on("sqlite", tmp_path) as store:
        _, _, state = _run(store, _stream(), None)
        evil = zlib.compress(json.dumps({"v": VERSION, "state": {"_latest": {"o": ["Popen", {}]}}}).encode())
        with pytest.raises(CheckpointError):
            decode(evil, StoryTracker())
        with pytest.raises(CheckpointError):
            decode(b"\x80\x04not json", StoryTracker())
        deep = '{"t":[' * 5000 + "1" + "]}" * 5000  # nested past the recursion limit: no crash
        with pytest.raises(CheckpointError):
            decode(zlib.compress((f'{{"v":{VERSION},"state":{{"x":' + deep + "}}").encode()), StoryTracker())
        with store._db.write() as tx:
            tx.run("UPDATE story_checkpoints SET state = ?", (evil,))
        assert store.story_checkpoint(service_module._key(None), VERSION) is not None  # it is there ...
        assert _replayed_from(store, monkeypatch) == 0  # ... but unreadable: the whole log replayed
        assert _state(StoryDesk(store).tracker) == state


def test_a_checkpoint_of_an_older_codec_is_not_read_the_whole_log_is_replayed(
        tmp_path: Path, every_three: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """VERSION 2 (#6): an expired story's members keep no fingerprints, the story no recent joiners;
    VERSION 3: nor, its articles stored, its quote and event memory (how it was learnt instead).
    A checkpoint the codec before wrote is left unread: the log gives the state."""
    with store_on("sqlite", tmp_path) as store:
        _, _, state = _run(store, _stream(), None)
        assert _replayed_from(store, monkeypatch) == 12
        older = json.loads(zlib.decompress(encode(StoryDesk(store).tracker)))
        older["v"] = VERSION - 1
        with store._db.write() as tx:
            tx.run("UPDATE story_checkpoints SET version = ?, state = ?",
                   (VERSION - 1, zlib.compress(json.dumps(older).encode())))
        assert store.story_checkpoint(service_module._key(None), VERSION - 1) is not None
        assert _replayed_from(store, monkeypatch) == 0
        assert _state(StoryDesk(store).tracker) == state
        with pytest.raises(CheckpointError, match=f"version {VERSION - 1} is not {VERSION}"):
            decode(zlib.compress(json.dumps(older).encode()), StoryTracker())


def test_a_checkpoint_of_a_log_row_since_cleared_is_not_stored(tmp_path: Path, every_three: None) -> None:
    """Checkpoints are written after the assignment's transaction (encoding one took 9–25 s at 20k
    articles under the story writer lock): one whose log row a rebuild cleared meanwhile is refused."""
    with store_on("sqlite", tmp_path) as store:
        _run(store, _stream()[:7], None)
        desk = StoryDesk(store)
        seq, article = desk._seen
        assert seq and article is not None
        store.clear_stories()  # another process's rebuild, between an assignment and its checkpoint
        made = StoryCheckpoint(service_module._key(None), 1, seq, article, encode(desk.tracker))
        assert store.keep_story_checkpoint(made) is False
        assert store.story_checkpoint(service_module._key(None), 1) is None
