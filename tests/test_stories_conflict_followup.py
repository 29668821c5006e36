"""The people conflict (TrackerParams.conflict) tells a story's follow-up from another event of its kind: a
follow-up that quotes a new spokesman, or names the story's people only in passing, joins the story; a
report of the same kind of event about other people starts its own."""

from __future__ import annotations

import re

from test_stories_support import person_entity

from newsdesk.stories import StoryTracker, TrackerParams
from newsdesk.stories.features import featurize
from newsdesk.types import Article, Quote, Speaker

_ARREST = ("San Diego Chargers receiver {name} was arrested early Saturday on suspicion of drunk driving after "
           "police stopped his car on the highway, the team said. {surname} was released on bail hours later. "
           "The Chargers said they were aware of the arrest and were gathering information about it.")
# another player's arrest, a week later: the same kind of event, reported in much the same words
_OTHER = ("San Diego Chargers lineman {name} was arrested on Friday night on suspicion of drunk driving when police "
          "stopped his car near the stadium, the team said on Saturday. {surname} was released on bail. "
          "The Chargers said they were gathering information about the arrest of the lineman.")
# the coach (not quoted) is whom this one is about; the arrested receiver is named once, late
_BENCHED = ("San Diego Chargers coach Norv Turner said on Monday the team would bench a receiver for the next "
            "game after a drunk driving arrest on the highway early Saturday. Turner met the players on Monday. "
            "Turner said the team was gathering information about the arrest, and police said the receiver "
            "was released on bail. The team plays the Denver Broncos at home on Sunday and Turner said the "
            "offence would change little. Police had stopped the car of Vincent Jackson near the stadium.")
# a spokesman the story never named is the only person in it, and he is quoted
_SPOKESMAN = ("The Chargers said on Sunday that the receiver arrested early Saturday on suspicion of drunk driving "
              "would stay with the team. \"We are gathering information about the arrest,\" Bill Johnston said. "
              "Police stopped his car on the highway and he was released on bail hours later.")


def _article(key: str, title: str, text: str, people: tuple[str, ...], quoted: tuple[str, ...] = ()) -> Article:
    entities = tuple(person_entity(text, name, n) for n, name in enumerate(people, 1))
    quotes = []
    for name in quoted:
        said = re.search(r"\"([^\"]+),\" " + re.escape(name), text)
        assert said is not None
        speaker = Speaker(name, f"e{people.index(name) + 1}")
        quotes.append(Quote(said.group(1), said.start(1), said.end(1), "direct", speaker))
    return Article(id=key, title=title, text=text, entities=entities, quotes=tuple(quotes))


def _arrest(key: str, name: str, text: str = _ARREST) -> Article:
    text = text.format(name=name, surname=name.split()[-1])
    return _article(key, f"Chargers' {name.split()[-1]} arrested on suspicion of DUI", text, (name,))


def _stream(params: TrackerParams, *later: Article) -> StoryTracker:
    tracker = StoryTracker(params, novelty=False)
    for article in (_arrest("a1", "Vincent Jackson"), *later):
        tracker.assign(article)
    return tracker


def test_the_conflict_is_on_by_default() -> None:
    assert TrackerParams().conflict > 0


def test_a_follow_up_quoting_a_new_spokesman_joins_its_story() -> None:
    follow = _article("f1", "Chargers: arrested receiver stays with the team", _SPOKESMAN, ("Bill Johnston",),
                      quoted=("Bill Johnston",))
    feats = featurize(follow)
    assert feats.people == frozenset({"johnston"}) and feats.named == frozenset()  # only quoted: no conflict
    for conflict in (TrackerParams().conflict, 1.0):
        tracker = _stream(TrackerParams(conflict=conflict), follow)
        assert tracker.story_of("f1") == tracker.story_of("a1")


def test_a_follow_up_about_someone_else_that_names_the_storys_people_joins_it() -> None:
    """The coach's decision is about the arrested receiver, who is named once, late: not among the
    follow-up's central people, yet named, so no conflict (it was one, before the article's every named
    person counted)."""
    follow = _article("f2", "Chargers to bench receiver after DUI arrest", _BENCHED, ("Norv Turner", "Vincent Jackson"))
    feats = featurize(follow)
    assert feats.people == frozenset({"turner"}) and feats.named == frozenset({"turner", "jackson"})
    for conflict in (TrackerParams().conflict, 1.0):
        tracker = _stream(TrackerParams(conflict=conflict), follow)
        assert tracker.story_of("f2") == tracker.story_of("a1")


def test_the_same_kind_of_event_about_other_people_is_another_story() -> None:
    other = _arrest("b1", "Jamal Williams", _OTHER)
    assert featurize(other).named == frozenset({"william"})  # (surnames folded as words are)
    merged = _stream(TrackerParams(conflict=0.0), other)
    assert merged.story_of("b1") == merged.story_of("a1")  # without the conflict: the same words, one story
    apart = _stream(TrackerParams(conflict=1.0), other)
    assert apart.story_of("b1") != apart.story_of("a1")
