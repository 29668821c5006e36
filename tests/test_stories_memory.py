"""An expired story drops its quote and event memory (#6) and learns it again from the stored articles
when it needs it (a new version of one of its articles): the developments are those a tracker that
never forgot marks, through quote merges, splits and late joins, a checkpoint, a restarted desk."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from test_store_support import store_on
from test_stories_restart import _bare

from bench.story_year import stream
from newsdesk.errors import StoreError
from newsdesk.stories import Assignment, StoryDesk, StoryTracker
from newsdesk.stories import expiry as expiry_module
from newsdesk.stories import service as service_module
from newsdesk.stories.checkpoint import decode, encode
from newsdesk.stories.params import _Story
from newsdesk.types import Article, Quote


@pytest.fixture(autouse=True)
def often(monkeypatch: pytest.MonkeyPatch) -> None:
    """An expiry pass at every 8th active story, not 64th: stories expire within a short stream."""
    monkeypatch.setattr(expiry_module, "EXPIRE_EVERY", 8)


def _with_versions(days: int, per_day: int, seed: int = 5) -> Iterator[Article]:
    """bench/story_year's stream (quotes that repeat, copies, events), each article with a url, and
    now and then a new version of one a week or more old: half of them with a quote more (whose story
    must know the old ones), half saying the same (retitled, a sentence more)."""
    rng, seen = random.Random(seed), []
    for n, article in enumerate(stream(days, per_day, seed)):
        article = replace(article, url=f"https://news.example/{article.id}")
        yield article
        seen.append(article)
        if len(seen) > 8 * per_day and rng.random() < 0.08:
            old = seen[rng.randrange(len(seen) - 7 * per_day)]
            if rng.random() < 0.5:
                extra = f"we go on, {n} times over"
                text = f"{old.text} \u201c{extra}\u201d said {old.id[:6]}."
                at = text.rindex(extra)
                yield replace(old, text=text, quotes=(*old.quotes, Quote(extra, at, at + len(extra), "direct")))
            else:
                yield replace(old, title=f"{old.title} (updated)", text=f"{old.text} More to follow.")


def _stories(tracker: StoryTracker) -> list[_Story]:
    return list({id(s): s for s in tracker._by_id.values()}.values())


def test_an_expired_story_marks_the_developments_of_a_tracker_that_never_forgot() -> None:
    articles = list(_with_versions(24, 16))
    never = StoryTracker()  # no store: keeps every memory
    forgets = StoryTracker(stored=True)
    logged: dict[str, Article] = {}  # the store: each article as last assigned (the story log's)
    relearnt: list[int] = []

    def read(ids: Sequence[str]) -> dict[str, Article]:
        relearnt.append(len(ids))
        return {i: logged[i] for i in ids if i in logged}

    made: list[tuple[Assignment, Assignment]] = []
    dropped = 0
    for n, article in enumerate(articles):
        made.append((never.assign(article), forgets.assign(article, read=read)))
        logged[article.id] = article
        dropped = max(dropped, sum(s.memory is None for s in _stories(forgets)))
        if n == len(articles) // 2:  # a restart: the checkpoint holds the dropped memories as dropped
            forgets = decode(encode(forgets), StoryTracker(stored=True))
    assert [a for a, _ in made] == [b for _, b in made]
    versions = sum(a.article_id in {m.article_id for m, _ in made[:i]} for i, (a, _) in enumerate(made))
    assert versions >= 20 and sum(len(a.developments) for a, _ in made) > len(articles)
    assert dropped >= 20 and any(n > 1 for n in relearnt)  # stories forgot, and learnt again over their steps
    active = {id(s) for s in forgets._stories.values()}
    # an expired story holds a memory only where its steps cannot give it back (a version said more)
    assert all(s.memory is None for s in _stories(forgets) if id(s) not in active and s.learnt is not None)
    assert any(s.learnt is not None and len(s.learnt) > len(set(s.learnt)) for s in _stories(forgets))  # alike


def test_a_story_that_forgot_is_not_asked_without_the_stored_articles() -> None:
    tracker = StoryTracker(stored=True)
    for article in _with_versions(24, 16):
        tracker.assign(article, read=lambda ids: {})  # (no new version of an expired story's article before)
        if sum(s.memory is None for s in _stories(tracker)) >= 5:
            break
    gone = next(s for s in _stories(tracker) if s.memory is None)
    member = Article(id=gone.members[0], title="A new version", text="Nothing said before.")
    with pytest.raises(StoreError, match="no stored articles"):
        tracker.assign(member)


def test_a_desk_whose_stories_forget_marks_what_a_tracker_that_never_forgot_marks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service_module, "CHECKPOINT_EVERY", 40)
    articles = list(_with_versions(24, 16, seed=9))
    never = StoryTracker()
    with store_on("sqlite", tmp_path) as store:
        desk, made, expected, relearnt = StoryDesk(store), [], [], 0
        for n, article in enumerate(articles):
            if n == len(articles) * 2 // 3:  # a restarted process: the last checkpoint, then the log past it
                desk = StoryDesk(store)
            stored = store.get(store.put(article).id)
            assert stored is not None
            known = desk.tracker._article_story.get(stored.id)
            relearnt += known is not None and known.memory is None
            made.append(_bare(desk.add(stored)))
            expected.append(never.assign(stored))
        assert made == expected
        assert relearnt >= 3  # new versions of expired stories' articles: learnt again from the store


def _said(key: str, words: list[str], day: float, quote: str, speaker: str = "Ann Lee") -> Article:
    text = f"{' '.join(words)} today. \u201c{quote}\u201d said {speaker}."
    at = text.index(quote)
    return Article(id=key, title=" ".join(words[:4]), text=text, published=f"2025-01-{1 + int(day):02d}T12:00:00+00:00",
                   quotes=(Quote(quote, at, at + len(quote), "direct"),))


def test_a_version_that_took_a_quote_back_keeps_its_storys_memory() -> None:
    # the store keeps only a story's articles as last assigned: after a version that says other words,
    # the earlier words are in no stored article, so the story keeps its memory when it expires
    harbour = [f"harbour{i}" for i in range(12)]
    first = _said("h1", harbour, 0, "the pier will be rebuilt by the spring")
    reworded = replace(_said("h1", harbour, 0, "nothing is decided about the old pier yet"), published=first.published)
    rng = random.Random(4)
    vocabulary = [f"v{j}z" for j in range(3000)]
    fillers = [_said(f"f{i}", rng.sample(vocabulary, 12), 20, " ".join(rng.sample(vocabulary, 6)), f"F{i} G")
               for i in range(16)]
    again = replace(_said("h1", harbour, 0, "the pier will be rebuilt by the spring"), title="Harbour (updated)")
    logged: dict[str, Article] = {}
    runs = []
    for tracker in (StoryTracker(), StoryTracker(stored=True)):
        out = []
        for article in (first, reworded, *fillers, again):
            out.append(tracker.assign(article, read=lambda ids: {i: logged[i] for i in ids if i in logged}))
            if tracker.stored:
                logged[article.id] = article
        runs.append(out)
        assert tracker.story_of("h1") not in {s.id for s in tracker._stories.values()}  # expired
    assert runs[0] == runs[1] and runs[0][-1].developments == ()  # the spring pier was known
    assert tracker._article_story["h1"].memory is not None and tracker._article_story["h1"].learnt is None


def _quoting(article: Article, quote: str, day: int) -> Article:
    text = f"{article.text} \u201c{quote}\u201d he said."
    at = text.rindex(quote)
    return replace(article, text=text, published=f"2025-01-{1 + day:02d}T12:00:00+00:00",
                   quotes=(*article.quotes, Quote(quote, at, at + len(quote), "direct")))


def test_a_story_a_split_took_an_article_out_of_keeps_what_the_article_said_before_its_new_version() -> None:
    # t1 joins the first bout's story and says something there; t2 takes it out (the split). A new
    # version of t1 says other words: the first bout's story learnt the old ones, which the store
    # no longer gives, so it keeps its memory (or a report repeating the old words is news to it)
    from test_stories_tracker import _BOUTS

    said, other = "the jab decided the fight in the end", "my corner stopped it far too early"
    r1, r2, t1, t2 = (_quoting(a, "we trained for this night all year", 0) if a.id == "r1" else
                      _quoting(a, said, 1) if a.id == "t1" else replace(a, published=f"2025-01-0{1 + i // 2}")
                      for i, a in enumerate(_BOUTS))
    reworded = _quoting(replace(t1, text=t1.text[:t1.text.rindex(" \u201c")], quotes=()), other, 1)
    rng, vocabulary = random.Random(2), [f"v{j}z" for j in range(3000)]
    fillers = [_said(f"f{i}", rng.sample(vocabulary, 12), 20, " ".join(rng.sample(vocabulary, 6)), f"F{i} G")
               for i in range(16)]
    repeated = _quoting(r1, said, 0)  # a new version of r1 quoting what t1 had said in its story
    logged: dict[str, Article] = {}
    runs = []
    for tracker in (StoryTracker(), StoryTracker(stored=True)):
        out = []
        for article in (r1, r2, t1, t2, reworded, *fillers, repeated):
            out.append(tracker.assign(article, read=lambda ids: {i: logged[i] for i in ids if i in logged}))
            if tracker.stored:
                logged[article.id] = article
        runs.append(out)
        assert out[3].moved == ("t1",) and tracker.story_of("r1") not in {s.id for s in tracker._stories.values()}
    assert runs[0] == runs[1] and runs[0][-1].developments == ()  # the first bout's story knew t1's old words
