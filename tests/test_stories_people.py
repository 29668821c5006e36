"""The people an article is about (features.central_people) and the conflict penalty they feed
(TrackerParams.conflict): two reports of one kind of event, happening to other people, are two stories."""

from __future__ import annotations

import pytest
from test_stories_support import person_entity

from newsdesk.stories import StoryTracker, TrackerParams
from newsdesk.stories.features import central_people, featurize
from newsdesk.types import Article, Entity, Mention

_ARREST = ("San Diego Chargers {role} {name} was arrested early Saturday on suspicion of drunk driving after "
           "police stopped his car on the highway, the team said. {surname} was released on bail hours later. "
           "The Chargers said they were aware of the arrest and were gathering information. "
           "Coach Norv Turner declined to comment on the drunk driving arrest before practice.")


def _arrest(key: str, name: str, role: str = "receiver", others: tuple[str, ...] = ()) -> Article:
    text = _ARREST.format(role=role, name=name, surname=name.split()[-1])
    people = (person_entity(text, name, 1), *(person_entity(text, o, i + 2) for i, o in enumerate(others)))
    return Article(id=key, title=f"Chargers' {name.split()[-1]} arrested on suspicion of DUI", text=text,
                   entities=people)


def test_the_central_people_are_those_in_the_title_or_lead_and_the_most_mentioned() -> None:
    lead = "Vincent Jackson was arrested on Saturday. " * 3
    later = "x " * 300 + "A spokesman, Ray Scheid, said the team knew. The Highway patrol stopped him on the highway."
    text = lead + later
    entities = (person_entity(text, "Vincent Jackson", 1), person_entity(text, "Ray Scheid", 2),
                Entity(id="e3", name="Highway", type="PERSON",  # a tagger's mistake: the text writes it in lower case
                       mentions=(Mention(text.index("Highway"), text.index("Highway") + 7, "Highway"),)),
                Entity(id="e4", name="San Diego", type="PLACE", mentions=(Mention(0, 1, "V"),)))
    article = Article(id="a", title="Receiver arrested", text=text, entities=entities)
    # Jackson: in the lead, and the most mentioned; Scheid: once, late; Highway: no name
    assert central_people(article) == frozenset({"jackson"})
    assert featurize(article).people == frozenset({"jackson"})
    # named in the title, though late and once: central
    titled = Article(id="b", title="Scheid speaks for the team", text=text, entities=entities)
    assert central_people(titled) == frozenset({"jackson", "scheid"})
    # mentioned as often as the most mentioned person: central wherever it is
    assert central_people(Article(id="c", title=None, text=text, entities=entities), lead_chars=5) == \
        frozenset({"jackson"})
    # a tracker without the conflict penalty reads nobody: the features leave them out
    assert featurize(article, people=False).people == frozenset()
    assert StoryTracker(TrackerParams(conflict=0.0)).featurize(article).people == frozenset()
    assert StoryTracker(TrackerParams(conflict=0.1)).featurize(article).people == frozenset({"jackson"})
    assert StoryTracker().featurize(article).people == frozenset({"jackson"})  # on by default
    # no entities (the understand stage has not run): nobody
    assert central_people(Article(id="d", title=None, text=text)) == frozenset()


def test_two_arrests_of_other_people_are_two_stories_with_the_conflict_penalty() -> None:
    first = _arrest("a1", "Vincent Jackson")
    again = _arrest("a2", "Vincent Jackson", others=("Norv Turner",))
    other = _arrest("b1", "Jamal Williams", role="lineman")
    merged = StoryTracker(TrackerParams(conflict=0.0), novelty=False)
    for article in (first, again, other):
        merged.assign(article)
    assert merged.story_of("b1") == merged.story_of("a1")  # without it: the same words, one story
    apart = StoryTracker(TrackerParams(conflict=1.0), novelty=False)
    made = [apart.assign(article) for article in (first, again, other)]
    assert apart.story_of("a2") == apart.story_of("a1")  # the same player: the same story
    assert made[2].status == "new" and apart.story_of("b1") != apart.story_of("a1")


def test_the_people_marks_weigh_nothing_in_the_scores() -> None:
    """The marks of central people leave every cosine as it was: a report on the same person scores
    with the conflict penalty on exactly as with it off."""
    scores = []
    for conflict in (0.0, 1.0):
        tracker = StoryTracker(TrackerParams(conflict=conflict), novelty=False)
        tracker.assign(_arrest("a1", "Vincent Jackson"))
        scores.append(tracker.assign(_arrest("a2", "Vincent Jackson", others=("Norv Turner",))).score)
    assert scores[0] == pytest.approx(scores[1], abs=1e-12) and scores[0] > 0.5
