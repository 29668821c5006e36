"""What the words around a town's name say of it, round 2 (#3, #4): a town opening its sentence with
nothing before it, one that falls or lies somewhere, one spelt far from the gazetteer's own name in a
story of its country; and the firms and players that share a town's name."""

from __future__ import annotations

import pytest
import test_understand_support as support
from test_entities_towns import analysed

from newsdesk.types import Article
from newsdesk.understand import Analyzer


def entity(article: Article, name: str) -> tuple[str, str | None]:
    """The type of the entity of that name, and its pin's country."""
    found = support.entity(article, name)
    return found.type, found.place.country if found.place is not None else None


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Taiz, near the Red Sea coast, has been besieged for years.", "Taiz", "YE"),  # the model names nothing
    ("Sumy lies some 30 km from the Russian border.", "Sumy", "UA"),  # a body to the model, which "lies"
    ("Bakhmut fell to Wagner fighters after months of fighting.", "Bakhmut", "UA"),  # an adverb to the tagger
    ("Avdiivka remained under Russian fire all week.", "Avdiivka", "UA"),
    ("Idlib, near the Turkish border, was hit by airstrikes.", "Idlib", "SY"),
    ("Gaza residents said Rafah, on the Egyptian border, was crowded.", "Rafah", "PS"),  # no '..., said Jackson'
])
def test_a_town_is_a_place_where_the_words_after_it_say_so(analyzer: Analyzer, text: str,
                                                             name: str, country: str) -> None:
    assert entity(analysed(analyzer, text), name) == ("PLACE", country)


@pytest.mark.parametrize(("text", "name"), [
    ("After a long siege, Mariupol fell to Russian troops.", "Mariupol"),
    ("Lysychansk fell to Russian forces a week later, Ukraine said.", "Lysychansk"),
])
def test_a_town_that_falls_to_an_army_is_a_place_not_a_body_that_acts(analyzer: Analyzer, text: str,
                                                                       name: str) -> None:
    assert entity(analysed(analyzer, text), name) == ("PLACE", "UA")


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Lebanese officials said Tyre and Nabatieh were struck overnight.", "Nabatieh", "LB"),
    ("Rescue teams searched through Derna in eastern Libya on Wednesday.", "Derna", "LY"),
])
def test_a_town_spelt_far_from_the_gazetteers_name_is_a_place_in_a_story_of_its_country(
        analyzer: Analyzer, text: str, name: str, country: str) -> None:
    assert entity(analysed(analyzer, text), name) == ("PLACE", country)


@pytest.mark.parametrize(("text", "name"), [
    ("Investors cheered the merger with Santander on Tuesday.", "Santander"),  # the model: a person
    ("The lender agreed a partnership with Santander in Brazil.", "Santander"),
    ("Shareholders of Santander approved the plan in Madrid.", "Santander"),
    ("Shares of Toyota rose 2% in Tokyo.", "Toyota"),
    ("Nokia fell 3% in Helsinki on Monday.", "Nokia"),  # a firm's shares fall, not to an army
    ("Nokia fell to $4 in Helsinki on Monday.", "Nokia"),
    ("Drake, which defeated Bradley in the play-in round, fell to 15-17.", "Bradley"),  # a team, in Illinois
])
def test_a_firm_or_a_team_named_after_a_town_is_an_organisation(analyzer: Analyzer, text: str, name: str) -> None:
    assert entity(analysed(analyzer, text), name)[0] == "ORG"


@pytest.mark.parametrize(("text", "name"), [
    ("Jackson scored twice as Baltimore beat Cleveland.", "Jackson"),
    ("Madison netted a late winner for Boston.", "Madison"),
    ("Jackson, in his second season with Baltimore, led the league in rushing.", "Jackson"),
])
def test_a_player_with_a_towns_name_in_an_american_story_is_a_person(analyzer: Analyzer, text: str,
                                                                    name: str) -> None:
    assert entity(analysed(analyzer, text), name)[0] == "PERSON"


def test_a_home_town_in_apposition_stays_a_place(analyzer: Analyzer) -> None:
    text = "Police said LuAnn Marie Johnson, of Burnsville, was walking with her husband when she was hit."
    assert entity(analysed(analyzer, text), "Burnsville") == ("PLACE", "US")


@pytest.mark.parametrize("text", [
    "Many fell to the ground as the crowd surged.",
    "Supporters rallied in support of Hamas in Berlin.",  # Hamm's name in a far spelling, in Germany
])
def test_no_place_without_a_towns_name_and_the_words_for_it(analyzer: Analyzer, text: str) -> None:
    assert not any(e.type == "PLACE" and e.name in ("Many", "Hamas") for e in analysed(analyzer, text).entities)
