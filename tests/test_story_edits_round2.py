"""Editors' corrections of the stories, round 2 (#6): what an editor set apart stays apart (no quote
merge or late join brings it back), a copy moves alone (a member where it goes), a correction is
undone (the stories rebuilt without it), and the developments a correction makes new alert no one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from test_store_support import BACKENDS, store_on
from test_story_edits import _PLAIN, _bouts, _put, _quoting, _reader, _state

from newsdesk.alerts.engine import Alerter
from newsdesk.alerts.records import Channel
from newsdesk.alerts.store import AlertStore
from newsdesk.errors import InputError
from newsdesk.store import Store
from newsdesk.stories import StoryDesk, StoryTracker
from newsdesk.types import Article, Quote, Speaker, paragraph_spans

# a quote of six content words and more: repeated in two stories, it makes them one (a quote merge)
_PAY = "We will stay out until the port operators put a fair pay offer on the table for every docker"


def _strike(url: str, title: str, text: str, day: str) -> Article:
    start = text.index(_PAY)
    return Article(id="-", url=url, title=title, text=text, published=f"2024-05-{day}T09:00:00+00:00",
                   paragraphs=paragraph_spans(text),
                   quotes=(Quote(_PAY, start, start + len(_PAY), "direct", speaker=Speaker("Niek Stam")),))


# three days of one strike, each repeating the negotiator's words
_DAYS = [
    _strike("https://a.example/1", "Rotterdam dockworkers strike over pay",
            f"Dockworkers at the port of Rotterdam walked off the job on Monday. \"{_PAY},\" said Niek Stam, the "
            "union's negotiator, outside the terminal gate.", "06"),
    _strike("https://b.example/2", "Rotterdam dock strike goes on",
            f"Dockworkers at the port of Rotterdam stayed off the job on Tuesday as talks stalled. \"{_PAY},\" "
            "Niek Stam repeated at the terminal gate.", "07"),
    _strike("https://c.example/3", "Rotterdam dockworkers strike a third day",
            f"The Rotterdam dockworkers' strike at the port entered a third day on Wednesday. \"{_PAY},\" Niek "
            "Stam said again at the terminal gate.", "08"),
]


def test_a_repeated_quote_does_not_merge_back_what_an_editor_split() -> None:
    a, b, c = (replace(x, id=i) for x, i in zip(_DAYS, "abc", strict=True))
    control = StoryTracker()
    control.assign(a), control.assign(b)
    assert control.story_of("a") == control.story_of("b")  # one story: the editor disagrees
    tracker = StoryTracker()
    first = tracker.assign(a).story_id
    assert tracker.assign(b).story_id == first
    split = tracker.move("b", tracker.fresh_story_id("b"), _reader([a, b, c])).edit.story_id
    made = tracker.assign(c)  # repeats the quote both stories hold: a quote merge, but for the editor
    assert made.merged == () and made.story_id in (first, split)
    assert (tracker.story_of("a"), tracker.story_of("b")) == (first, split)
    # each side merged by an editor into a story of its own: they stay apart still
    calm = replace(_DAYS[0], id="d", url="https://d.example/4", title="Port of Antwerp quiet",
                   text="The port of Antwerp stayed calm on Monday while its neighbour struck.", quotes=())
    fair = replace(calm, id="f", url="https://f.example/6", title="Harvest fair opens in Ghent",
                   text="Farmers brought pumpkins and apples to the market square of Ghent.")
    read = _reader([a, b, c, calm, fair])
    tracker.merge(tracker.assign(calm).story_id, split, read)
    tracker.merge(tracker.assign(fair).story_id, first, read)
    again = _strike("https://e.example/5", "Rotterdam strike: a fourth day at the port",
                    f"Rotterdam's port stood still on Thursday, the dockworkers on strike for a fourth day. \"{_PAY}\","
                    " Niek Stam told reporters at the terminal gate.", "09")
    made = tracker.assign(replace(again, id="e"))
    assert made.status == "joined" and made.merged == () and tracker.story_of("a") != tracker.story_of("b")


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with store_on(request.param, tmp_path) as opened:
        yield opened


def test_an_editors_split_stays_apart_online_after_a_restart_and_in_a_rebuild(store: Store) -> None:
    a, b, c = (_put(store, x) for x in _DAYS)
    desk = StoryDesk(store)
    first = desk.add(a).story_id
    assert desk.add(b).story_id == first
    split = desk.move(b.id, "new").story_id
    made = StoryDesk(store).add(c)  # a restarted desk replays the move first
    assert made.merged == ()
    assert (store.story_of(a.id), store.story_of(b.id)) == (first, split)
    online = _state(store)
    skipped: list[InputError] = []
    StoryDesk(store).rebuild(lambda e, x: skipped.append(x))
    assert skipped == [] and _state(store) == online


def test_a_copy_moves_alone_and_is_a_member_where_it_goes(store: Store) -> None:
    said = "I was outclassed tonight but I will fight on in Bern next spring"
    r1, r2, t1, copy, t2 = _bouts(store)
    t1 = _put(store, _quoting(t1, said))
    copy = _put(store, replace(_quoting(copy, said), id="-"))  # the same page again: still a copy of t1
    desk = StoryDesk(store, _PLAIN)
    first = desk.add(r1).story_id
    for article in (r2, t1):
        desk.add(article)
    assert desk.add(copy).status == "copy"
    edit = desk.move(copy.id, "new", editor="ann")  # the copy alone: t1 stays
    assert (edit.moved, edit.new, edit.source) == ((copy.id,), True, first)
    assert store.story_of(t1.id) == first
    moved = store.story(edit.story_id)
    assert moved is not None and [(m.id, m.role, m.copy_of) for m in moved.members] == [(copy.id, "member", None)]
    # what it says is new to its story: its opening, and the quote its original had told the other story
    assert [(d.article_id, d.kind) for d in moved.developments] == [(copy.id, "story"), (copy.id, "quote")]
    old = store.story(first)
    assert old is not None and copy.id not in old.articles and old.article_count == 3
    assert "quote" in [d.kind for d in old.developments if d.article_id == t1.id]
    restarted = StoryDesk(store, _PLAIN)
    assert restarted.tracker.story_of(copy.id) == edit.story_id
    later = restarted.add(_put(store, replace(copy, id="-", url="https://wire.example/again")))
    assert later.status == "copy" and later.copy_of == copy.id  # it heads its own copies now
    skipped: list[InputError] = []
    StoryDesk(store, _PLAIN).rebuild(lambda e, x: skipped.append(x))  # t2, never assigned, joins in
    rebuilt = store.story(store.story_of(copy.id) or "")
    assert skipped == [] and rebuilt is not None and store.story_of(t1.id) == first
    assert [(m.id, m.role, m.copy_of) for m in rebuilt.members if m.id != t2.id] == [
        (copy.id, "member", None), (later.article_id, "copy", copy.id)]


def test_undo_gives_the_stories_as_if_the_correction_had_not_been_made(store: Store) -> None:
    articles = _bouts(store)
    desk = StoryDesk(store, _PLAIN)
    for article in articles:
        desk.add(article)
    uncorrected = _state(store)
    r1, _, t1, _, t2 = articles
    edit = desk.move(t1.id, "new")
    assert _state(store) != uncorrected
    assert [e.pk for e in store.story_edits_of(edit.story_id)] == [edit.pk]
    assert [e.pk for e in store.story_edits_of(edit.source)] == [edit.pk]
    assert store.story_edits_of(edit.story_id + "0") == []
    assert edit.pk is not None
    undone = desk.undo(edit.pk)
    assert undone == edit
    assert store.story_edits() == [] and store.story_edits_of(edit.source) == []
    assert _state(store) == uncorrected
    assert desk.tracker.story_of(t1.id) == desk.tracker.story_of(r1.id)  # the desk goes on from there
    assert StoryDesk(store, _PLAIN).tracker.story_of(t2.id) == store.story_of(r1.id)
    with pytest.raises(InputError, match="no such correction"):
        desk.undo(edit.pk)


def test_a_merges_edits_are_listed_by_the_story_kept(store: Store) -> None:
    a, b = (_put(store, x) for x in _DAYS[:2])
    far = _put(store, Article(id="-", url="https://f.example/x", title="Harvest festival opens in Bruges",
                              text="Farmers brought pumpkins and apples to the market square of Bruges.",
                              published="2024-05-07T10:00:00+00:00"))
    desk = StoryDesk(store)
    first = desk.add(a).story_id
    desk.add(b)
    other = desk.add(far).story_id
    moved = desk.move(b.id, "new")
    merged = desk.merge(other, moved.story_id)
    assert [e.pk for e in store.story_edits_of(other)] == [moved.pk, merged.pk]  # the move into what it took in
    assert [e.pk for e in store.story_edits_of(first)] == [moved.pk]


def test_a_correction_alerts_no_one_the_next_report_does(store: Store) -> None:
    r1, r2, t1, copy, t2 = _bouts(store)
    alerts, desk = AlertStore(store), StoryDesk(store, _PLAIN)
    alerter = Alerter(store, alerts)
    for article in (r1, r2, t1, copy):
        desk.add(article)
    watch = alerts.add_watch("Thompson", [Channel("webhook", "http://127.0.0.1:9/hook")])
    assert alerter.step().alerts == 0
    edit = desk.move(t1.id, "new")
    opened = [d for d in store.developments_after(0, 1000) if d.story_id == edit.story_id]
    assert [d.kind for d in opened] == ["story"]  # told again: new to the new story, under a new pk
    assert opened[0].pk is not None and opened[0].pk > watch.options.after
    assert alerter.step().alerts == 0 and alerts.alerts(watch.id) == []  # no article brought it
    desk.add(_put(store, _quoting(t2, "I will fight on in Bern next spring, whatever the doctors say")))
    assert alerter.step().alerts == 1  # its quote: news
    assert [a.article.id for a in alerts.alerts(watch.id)] == [t2.id]
    assert store.developments_after(0, 1000, retold=False) == [d for d in store.developments_after(0, 1000)
                                                                if d.pk not in {opened[0].pk}]


def test_a_copy_moved_to_its_own_story_is_a_member_of_it(store: Store) -> None:
    articles = _bouts(store)
    r1, _, _, copy, _ = articles
    desk = StoryDesk(store, _PLAIN)
    made = [desk.add(a) for a in articles]
    home = made[3].story_id
    assert made[3].status == "copy" and home == made[2].story_id
    with pytest.raises(InputError, match="already"):
        desk.move(r1.id, home)  # a member is in its story already
    edit = desk.move(copy.id, home[:8])  # a copy no more, in the same story
    assert (edit.source, edit.story_id, edit.moved, edit.new) == (home, home, (copy.id,), False)
    story = store.story(home)
    assert story is not None and [(m.role, m.copy_of) for m in story.members if m.id == copy.id] == [("member", None)]
    assert {m.story_id for m in made} == {home} and story.article_count == 5  # (without the split: one story)
    assert desk.tracker._article_story[copy.id].size == 5  # its vectors in the centroids now, as its original's
    online = _state(store)
    assert StoryDesk(store, _PLAIN).tracker._copies.original(copy.id) == copy.id  # a restart makes it again
    skipped: list[InputError] = []
    StoryDesk(store, _PLAIN).rebuild(lambda e, x: skipped.append(x))
    assert skipped == [] and _state(store) == online
