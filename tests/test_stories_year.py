"""A monitor that runs for months (#6): the tracker's state that only active stories need (members'
fingerprints, recent joiners, vectors) stays the size of the window, not of all articles ever seen;
an editor's correction that brings an expired story's articles back among active ones makes them
copy candidates again, as before."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from newsdesk.stories import StoryTracker
from newsdesk.stories.checkpoint import decode, encode
from newsdesk.types import Article, Quote

_START = datetime(2025, 1, 1, tzinfo=UTC)


def _on(day: float) -> str:
    return (_START + timedelta(days=day)).isoformat()


def _report(key: str, words: list[str], day: float, speaker: str) -> Article:
    said = " ".join(words[:6])
    text = f"{' '.join(words)} today. \u201c{said}\u201d said {speaker}."
    at = text.index(said)
    return Article(id=key, title=" ".join(words[:4]), text=text, published=_on(day),
                   quotes=(Quote(said, at, at + len(said), "direct"),))


def _weeks(weeks: int, stories: int) -> Iterator[list[Article]]:
    """Each week ``stories`` stories of two reports a day apart (every fifth with a wire copy), each
    story its own words and speaker (seeded)."""
    rng, vocabulary = random.Random(7), [f"w{i}q" for i in range(4000)]
    for week in range(weeks):
        out = []
        for k in range(stories):
            words, day = rng.sample(vocabulary, 12), week * 7 + k * 6 / stories
            speaker = f"{words[0].upper()} {words[1].upper()}"
            first = _report(f"a{week}-{k}", words, day, speaker)
            out += [first, _report(f"b{week}-{k}", words[:9] + rng.sample(vocabulary, 3), day + 1, speaker)]
            if k % 5 == 0:
                out.append(Article(id=f"c{week}-{k}", title=f"{first.title} (wire)", text=first.text,
                                   published=_on(day + 1.5)))
        yield sorted(out, key=lambda a: a.published or "")


def _window_state(tracker: StoryTracker) -> tuple[int, int, int]:
    """Fingerprints held, recent joiners held, members' vectors held."""
    stories = {id(s): s for s in tracker._by_id.values()}.values()
    return (len(tracker._copies), sum(len(s.recent) for s in stories), sum(len(s.vectors) for s in stories))


def test_the_window_state_after_half_a_year_is_what_it_is_after_the_first_month() -> None:
    tracker = StoryTracker()
    held: list[tuple[int, int, int]] = []
    sizes: list[int] = []
    seen: list[int] = []
    for week, articles in enumerate(_weeks(26, 20)):
        for article in articles:
            tracker.assign(article)
        held.append(_window_state(tracker))
        sizes.append(len(encode(tracker)) if week in (4, 25) else 0)
        seen.append(len(articles) + (seen[-1] if seen else 0))
    assert len(tracker._by_id) > 400  # (nearly each story of the stream is one)
    first, later = held[4:13], held[13:]
    for part in range(3):  # fingerprints, joiners, vectors: the most held in the first months and after
        assert max(h[part] for h in later) <= 1.2 * max(h[part] for h in first), (part, held)
    active = {m for s in tracker._stories.values() for m in s.members}
    assert set(tracker._copies._prints) <= active  # an expired story's members are looked among no more
    # a checkpoint's bytes per article past the first month (the ids, links and memory kept) against
    # the first month's (the fingerprints and joiners of all its articles)
    later_cost, first_cost = (sizes[-1] - sizes[4]) / (seen[-1] - seen[4]), sizes[4] / seen[4]
    assert later_cost < 0.6 * first_cost, (later_cost, first_cost)
    restored = decode(encode(tracker), StoryTracker())
    assert _window_state(restored) == _window_state(tracker)


def _expired() -> tuple[StoryTracker, dict[str, Article]]:
    """Story ``old`` (two reports in January) expired by 64 stories a month later, and story ``new``."""
    tracker, articles = StoryTracker(), {}
    rng = random.Random(3)
    old = [_report("old1", [f"harbour{i}" for i in range(12)], 0, "ANN LEE"),
           _report("old2", [f"harbour{i}" for i in range(9)] + ["x1", "x2", "x3"], 1, "ANN LEE")]
    fillers = [_report(f"f{i}", rng.sample([f"v{j}z" for j in range(3000)], 12), 30, f"F{i} G") for i in range(63)]
    new = _report("new1", [f"tunnel{i}" for i in range(12)], 31, "BO RAY")
    for article in [*old, *fillers, new]:
        tracker.assign(article)
        articles[article.id] = article
    assert tracker.story_of("old1") not in {s.id for s in tracker._stories.values()}
    assert "old1" not in tracker._copies and "old1" in tracker._copies._original  # forgotten; still linked
    return tracker, articles


@pytest.mark.parametrize("correction", ["merge into the active one", "merge the active one into it", "move"])
def test_an_expired_storys_article_an_editor_brings_back_is_copied_again(correction: str) -> None:
    tracker, articles = _expired()
    old, new = tracker.story_of("old1"), tracker.story_of("new1")
    assert old is not None and new is not None and old != new

    def read(ids: object) -> dict[str, Article]:
        return articles

    if correction == "merge into the active one":
        tracker.merge(new, old, read)
    elif correction == "merge the active one into it":  # the expired story goes on with the other's centroids
        tracker.merge(old, new, read)
    else:
        tracker.move("old1", new, read)
    wire = Article(id="wire", title="Harbour", text=articles["old1"].text, published=_on(31.5))
    made = tracker.assign(wire)
    assert (made.status, made.copy_of, made.story_id) == ("copy", "old1", tracker.story_of("new1"))
    if correction != "move":  # old2 is no copy of old1: its fingerprint is back as well
        assert "old2" in tracker._copies


def test_an_article_an_editor_moves_into_an_expired_story_is_looked_among_no_more() -> None:
    tracker, articles = _expired()
    old = tracker.story_of("old1")
    assert old is not None and "new1" in tracker._copies
    tracker.move("new1", old, lambda ids: articles)
    assert "new1" not in tracker._copies and tracker.story_of("new1") == old
