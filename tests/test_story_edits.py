"""Editors correct stories by hand (#6): an article (with its copies) moved to another story or a
new one, two stories merged. On the tracker alone and through a StoryDesk on both backends: the
centroids follow the move (the next article like it follows it), the stories are told again (what
is new to each), the corrections are kept, replayed by every desk and made again by a rebuild."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from test_store_support import BACKENDS, store_on
from test_stories_tracker import _BOUTS, _RAHMAN_AGAIN

from newsdesk.errors import InputError
from newsdesk.store import Store
from newsdesk.stories import StoryDesk, StoryTracker, TrackerParams
from newsdesk.types import Article, Quote, Speaker, paragraph_spans

# Without the split at the second report, the Thompson bout's reports (t1, t2) join the Rahman
# bout's story (r1, r2): the case an editor corrects by hand.
_PLAIN = TrackerParams(split_gap=0.0)
_QUOTE = "Our members have lost patience with the employers and their crumbs"


def _said(url: str, title: str, text: str, published: str | None = None) -> Article:
    """An article whose text holds _QUOTE, as a direct quote of the union's negotiator."""
    start = text.index(_QUOTE)
    quote = Quote(_QUOTE, start, start + len(_QUOTE), "direct", speaker=Speaker("Niek Stam"))
    return Article(id="-", url=url, title=title, text=text, published=published, paragraphs=paragraph_spans(text),
                   quotes=(quote,))


_STRIKE = _said("https://a.example/strike", "Rotterdam dockworkers strike over pay",
                f"Dockworkers at the port of Rotterdam walked off the job on Monday. \"{_QUOTE},\" said Niek Stam, "
                "the union's negotiator, outside the terminal gate.", "2024-05-06T09:00:00+00:00")
_INTERVIEW = _said("https://b.example/interview", "A negotiator on a long career",
                   f"In a long interview about his career, the veteran negotiator looked back on forty years. "
                   f"\"{_QUOTE},\" he told a radio show, recalling a month of talks.", "2024-05-07T09:00:00+00:00")


def _reader(articles: list[Article]) -> Any:
    by_id = {a.id: a for a in articles}
    return lambda ids: {i: by_id[i] for i in ids if i in by_id}


def test_a_moved_article_takes_the_next_one_like_it_with_it() -> None:
    control = StoryTracker(_PLAIN)
    assert len({control.assign(a).story_id for a in _BOUTS}) == 1  # uncorrected: one story takes both bouts

    tracker = StoryTracker(_PLAIN)
    first, _, weak = (tracker.assign(a) for a in _BOUTS[:3])
    assert weak.story_id == first.story_id
    fixed = tracker.move("t1", tracker.fresh_story_id("t1"), _reader(_BOUTS))
    assert fixed.edit.new and fixed.edit.source == first.story_id and fixed.edit.moved == ("t1",)
    assert tracker.story_of("t1") == fixed.edit.story_id != first.story_id
    told = {s.id: s for s in fixed.stories}
    assert [d.kind for d in told[fixed.edit.story_id].developments][:1] == ["story"]  # it opens its own story
    assert told[fixed.edit.story_id].title == _BOUTS[2].title
    later = tracker.assign(_BOUTS[3])  # the centroids followed the move: the second Thompson report follows it
    assert later.status == "joined" and later.story_id == fixed.edit.story_id


def test_a_story_an_editor_split_off_is_not_folded_back_late() -> None:
    params = TrackerParams(split_gap=0.0, late_join=0.01)  # folds any small story it can
    tracker = StoryTracker(params)
    for article in _BOUTS[:3]:
        tracker.assign(article)
    moved = tracker.move("t1", tracker.fresh_story_id("t1"), _reader(_BOUTS)).edit.story_id
    made = tracker.assign(_RAHMAN_AGAIN)
    assert made.story_id == tracker.story_of("r1") and moved not in made.merged
    assert tracker.story_of("t1") == moved


def test_a_merge_tells_the_story_again_a_repeated_quote_is_no_development() -> None:
    strike, interview = replace(_STRIKE, id="a"), replace(_INTERVIEW, id="b")
    tracker = StoryTracker()
    one, two = tracker.assign(strike), tracker.assign(interview)
    assert one.story_id != two.story_id and "quote" in [d.kind for d in two.developments]
    fixed = tracker.merge(one.story_id, two.story_id, _reader([strike, interview]))
    assert fixed.emptied == two.story_id and fixed.edit.moved == ("b",)
    (story,) = fixed.stories
    assert [(d.article_id, d.kind) for d in story.developments] == [("a", "story"), ("a", "quote")]
    assert tracker.story_of("b") == one.story_id
    with pytest.raises(InputError, match="already"):
        tracker.merge(one.story_id, two.story_id, _reader([strike, interview]))


def _letters(n: int) -> str:
    return "".join("bcdfghjklm"[int(d)] for d in str(n))


def _topic(article_id: str, topic: int, day: str, extra: int = 0) -> Article:
    """An article of words only its topic has (and ``extra`` words of its own)."""
    words = [f"zq{_letters(topic)}a{_letters(k)}" for k in range(20)]
    words += [f"zx{_letters(len(article_id))}{article_id}a{_letters(k)}" for k in range(extra)]
    return Article(id=article_id, title=" ".join(words[:5]), text=" ".join(words) + ".",
                   published=f"2020-{day}T09:00:00+00:00")


def test_corrections_across_a_story_gone_idle() -> None:
    old = _topic("old", 0, "01-01")
    fillers = [_topic(f"f{i}", i, "03-01") for i in range(1, 64)]  # the 64th story: idle stories are let go
    fresh, follow = _topic("new", 99, "03-02", 5), _topic("next", 99, "03-03", 5)
    articles = [old, *fillers, fresh, follow]
    tracker = StoryTracker(TrackerParams(facet_weight=0.0))  # the year alone joins nothing
    kept, *_ = (tracker.assign(a).story_id for a in [old, *fillers])
    assert len(tracker) == 63  # the old story went idle: its centroids are gone
    gone = tracker.assign(fresh).story_id
    fixed = tracker.merge(kept, gone, _reader(articles))  # the idle story takes the active one's centroids
    assert fixed.emptied == gone and tracker.story_of("new") == kept
    assert tracker.assign(follow).story_id == kept  # and the next report like it
    moved = tracker.move("f1", kept, _reader(articles))  # into a story, and one out of it to a new one
    assert moved.edit.moved == ("f1",) and tracker.story_of("f1") == kept
    assert tracker.move("old", tracker.fresh_story_id("old"), _reader(articles)).edit.new


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with store_on(request.param, tmp_path) as opened:
        yield opened


def _put(store: Store, article: Article) -> Article:
    stored = store.get(store.put(article).id)
    assert stored is not None
    return stored


def _state(store: Store) -> tuple[Any, ...]:
    """Where every article is, the stories' rows and the developments (times left out: an undated
    article is dated when it is assigned)."""
    rows = [(story, role, copy_of, article.id) for story, role, copy_of, article in store.story_assignments()]
    stories = sorted((s.id, s.title, s.article_count, s.articles) for s in store.stories(limit=100))
    devs = sorted((d.story_id, d.article_id, d.kind, d.start, d.end, d.sentence)
                  for d in store.developments_after(0, 10_000))
    return rows, stories, devs


def _bouts(store: Store) -> list[Article]:
    """The bouts' reports and a copy of t1, stored in the order the tests assign them (a rebuild's)."""
    r1, r2, t1 = (_put(store, replace(a, id="-", url=f"https://ring.example/{a.id}")) for a in _BOUTS[:3])
    copy = _put(store, replace(t1, id="-", url="https://wire.example/t1"))  # t1's text again: a copy
    return [r1, r2, t1, copy, _put(store, replace(_BOUTS[3], id="-", url="https://ring.example/t2"))]


def test_move_stores_the_correction_and_the_next_report_follows(store: Store) -> None:
    r1, r2, t1, copy, t2 = _bouts(store)
    desk = StoryDesk(store, _PLAIN)
    other = StoryDesk(store, _PLAIN)  # another process, made before the correction
    first, _, weak, copied = (desk.add(a) for a in (r1, r2, t1, copy))
    assert weak.story_id == copied.story_id == first.story_id and copied.status == "copy"
    devs_before = {d.pk for d in store.developments_after(0) if d.article_id == t1.id}
    edit = desk.move(t1.id[:10], "new", editor="ann")  # a unique prefix will do
    assert (edit.kind, edit.new, edit.source, edit.moved) == ("move", True, first.story_id, (t1.id, copy.id))
    assert edit.pk is not None and edit.editor == "ann"
    old, new = store.story(first.story_id), store.story(edit.story_id)
    assert old is not None and new is not None
    assert (old.articles, old.article_count) == ((r1.id, r2.id), 2)
    assert (new.articles, new.article_count, new.title) == ((t1.id, copy.id), 2, t1.title)
    assert [m.role for m in new.members] == ["member", "copy"]
    assert new.developments[0].kind == "story" and new.developments[0].article_id == t1.id
    kept = {d.pk for d in new.developments if d.kind != "story"}
    assert kept <= devs_before  # what t1 added stays under its pk (a reader past it is not told again)
    assert [(e.kind, e.story_id) for e, _ in store.story_edits()] == [("move", edit.story_id)]
    after = other.add(t2)  # the other desk replays the correction from the log first
    assert after.story_id == edit.story_id
    assert StoryDesk(store, _PLAIN).tracker.story_of(t1.id) == edit.story_id  # a restart too


def test_a_rebuild_makes_the_corrections_again(store: Store) -> None:
    r1, r2, t1, copy, t2 = _bouts(store)
    strike, interview = _put(store, _STRIKE), _put(store, _INTERVIEW)
    desk = StoryDesk(store, _PLAIN)
    for article in (r1, r2, t1, copy):
        desk.add(article)
    moved = desk.move(t1.id, "new")
    desk.add(t2)
    one, two = desk.add(strike), desk.add(interview)
    merged = desk.merge(one.story_id, two.story_id)
    assert merged.source == two.story_id and store.story(two.story_id) == store.story(one.story_id)
    online = _state(store)
    assert any(s[0] == moved.story_id and s[3] == (t1.id, copy.id, t2.id) for s in online[1])
    assert [d[2] for d in online[2] if d[1] == interview.id] == []  # its quote repeats the story's
    skipped: list[Any] = []
    assert StoryDesk(store, _PLAIN).rebuild(lambda e, x: skipped.append(e)) == 7
    assert skipped == [] and _state(store) == online
    assert len(store.story_edits()) == 2  # made again, not stored twice
    again = StoryDesk(store, _PLAIN)
    assert [again.tracker.story_of(a.id) for a in (t1, copy, t2)] == [moved.story_id] * 3


def test_corrections_refused_with_a_reason(store: Store) -> None:
    r1, r2, t1, copy, _ = _bouts(store)
    desk = StoryDesk(store, _PLAIN)
    first = desk.add(r1)
    for article in (r2, t1, copy):
        desk.add(article)
    with pytest.raises(InputError, match="already"):
        desk.move(r2.id, first.story_id)
    with pytest.raises(InputError, match="no article"):
        desk.move("ffff0000", "new")
    with pytest.raises(InputError, match="no story"):
        desk.move(r2.id, "s000000000000")
    with pytest.raises(InputError, match="itself"):
        desk.merge(first.story_id, first.story_id[:8])
    assert store.story_edits() == []
    alone = desk.move(r1.id, "new")
    assert alone.story_id != first.story_id  # the article that started it: a new id
    with pytest.raises(InputError, match="all of story"):
        desk.move(r1.id, "new")


def _quoting(article: Article, quote: str, more: str = "") -> Article:
    """The article with a direct quote added at its end (and ``more`` after it)."""
    text = f'{article.text} "{quote}," Thompson said.{more}'
    start = text.index(quote)
    return replace(article, text=text, paragraphs=paragraph_spans(text),
                   quotes=(Quote(quote, start, start + len(quote), "direct", speaker=Speaker("Tony Thompson")),))


def test_a_restart_tells_a_moved_story_over_the_versions_the_correction_saw(store: Store) -> None:
    said = "I was outclassed tonight but I will fight on in Bern"
    r1, r2, t1 = (_put(store, replace(a, id="-", url=f"https://ring.example/{a.id}")) for a in _BOUTS[:3])
    t1 = _put(store, _quoting(t1, said))  # a new version (the same URL) that quotes Thompson
    later = _put(store, _quoting(replace(_BOUTS[3], id="-", url="https://ring.example/t2"), said))
    desk = StoryDesk(store, _PLAIN)
    for article in (r1, r2, t1):
        desk.add(article)
    edit = desk.move(t1.id, "new")
    # the page changes after the correction: the quote is gone from it
    plain = replace(t1, text=t1.text.replace(said, "it was a hard night"), quotes=())
    assert store.put(plain).status == "updated"
    desk.add(_put(store, plain))
    restarted = StoryDesk(store, _PLAIN)
    on = restarted.add(later)  # the same state as the desk that made the correction would have
    assert on.story_id == edit.story_id
    assert [d.kind for d in on.developments if d.kind == "quote"] == []  # the story knew the quote
