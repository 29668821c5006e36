"""Towns the model reads as people (or bodies), or not at all, are places with their pins where nothing in the
article uses the name as a person's; events there are placed there too (#3, #4)."""

from __future__ import annotations

import pytest
import test_understand_support as support

from newsdesk.types import Article
from newsdesk.understand import Analyzer


def analysed(analyzer: Analyzer, text: str) -> Article:
    """``text`` analysed as published on 2024-05-01."""
    return support.analysed(analyzer, text, published="2024-05-01")


def entity(article: Article, name: str) -> tuple[str, str | None]:
    """The type of the entity of that name, and its pin's country."""
    [found] = [e for e in article.entities if e.name == name]
    return found.type, found.place.country if found.place is not None else None


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Israeli forces raided Jenin overnight, killing three Palestinians, the health ministry said.", "Jenin", "PS"),
    ("Airstrikes hit Khan Younis on Tuesday as families fled south.", "Khan Younis", "PS"),
    ("Troops pushed into Khan Younis after weeks of bombardment.", "Khan Younis", "PS"),
    ("Goma has been cut off by the rebels, aid groups said.", "Goma", "CD"),
    ("Russian troops captured Avdiivka in February.", "Avdiivka", "UA"),
    ("Avdiivka was encircled by Russian forces.", "Avdiivka", "UA"),
    ("Thousands of people streamed out of Khan Younis toward the coast.", "Khan Younis", "PS"),
    ("The siege of Mariupol lasted almost three months.", "Mariupol", "UA"),  # an organisation to the model
])
def test_a_town_the_model_calls_a_person_is_a_pinned_place(analyzer: Analyzer, text: str, name: str,
                                                            country: str) -> None:
    assert entity(analysed(analyzer, text), name) == ("PLACE", country)


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Russian forces pounded Pokrovsk and Kostiantynivka overnight, Ukraine's military said.", "Kostiantynivka",
     "UA"),
    ("Paramilitary fighters stormed El Fasher, the last army stronghold in Darfur.", "El Fasher", "SD"),
    ("Israeli jets struck Tyre and Nabatieh in southern Lebanon.", "Tyre", "LB"),
])
def test_a_town_the_model_calls_a_body_is_a_pinned_place(analyzer: Analyzer, text: str, name: str,
                                                         country: str) -> None:
    assert entity(analysed(analyzer, text), name) == ("PLACE", country)


@pytest.mark.parametrize(("text", "name"), [
    ("Nokia cut 14,000 jobs in Finland, the company said.", "Nokia"),  # a Finnish town too: a body acts
    ("Toyota shares fell 3% in Tokyo on Monday.", "Toyota"),  # a Japanese city: a body's shares
    ("Fighters loyal to Hamas clashed with Fatah in Gaza.", "Hamas"),  # Hamm's name in some tongue, in Germany
])
def test_a_body_a_town_shares_its_name_with_stays_a_body(analyzer: Analyzer, text: str, name: str) -> None:
    assert entity(analysed(analyzer, text), name)[0] == "ORG"


@pytest.mark.parametrize(("text", "name"), [
    ("Austin said the department would review the decision, adding that troops would stay.", "Austin"),
    ('"We will not leave," said Goma, a 34-year-old teacher who fled the fighting.', "Goma"),
    ("Madison's lawyer said she would appeal the ruling.", "Madison"),
    ("Jackson scored twice as Chelsea won. Nicolas Jackson said the team deserved it.", "Nicolas Jackson"),
    ("The reforms began under Clinton in the 1990s, US officials recalled.", "Clinton"),
    ("The Kennedy family gathered in Boston on Sunday.", "Kennedy"),
    ("The rule was first drafted under Obama, American officials said.", "Obama"),  # a Japanese town, too
    ("Obama signed the bill in Washington on Tuesday.", "Obama"),  # the Japanese town is no American story's
])
def test_a_town_used_as_a_person_stays_a_person(analyzer: Analyzer, text: str, name: str) -> None:
    assert entity(analysed(analyzer, text), name)[0] == "PERSON"


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Residents of Jenin said the army bulldozed roads.", "Jenin", "PS"),
    ("Residents of Bakhmut sheltered in basements.", "Bakhmut", "UA"),
    ("Drones struck targets across Kharkiv overnight.", "Kharkiv", "UA"),
])
def test_a_town_the_model_leaves_unnamed_where_the_words_say_place(analyzer: Analyzer, text: str, name: str,
                                                                   country: str) -> None:
    assert entity(analysed(analyzer, text), name) == ("PLACE", country)


@pytest.mark.parametrize(("text", "country"), [
    ("Israeli troops fought Hamas gunmen in Rafah, the army said.", "PS"),
    ("Shelling in Avdiivka killed two civilians, Russian officials said.", "UA"),
    ("Israeli forces raided Jenin overnight. Three people were killed in Jenin, the Israeli army said.", "PS"),
])
def test_an_event_in_a_town_across_the_named_border_is_placed_there(analyzer: Analyzer, text: str,
                                                                    country: str) -> None:
    article = analysed(analyzer, text)
    located = [ev.location for ev in article.events if ev.location is not None]
    assert located and all(loc.country == country for loc in located)


@pytest.mark.parametrize("text", [
    "The families put their trust in God as the convoy moved south.",
    "The offensive began in March and the city fell in May.",  # March: a town in England
])
def test_a_word_a_town_shares_is_no_place_without_the_words_saying_so(analyzer: Analyzer, text: str) -> None:
    assert not any(e.type == "PLACE" for e in analysed(analyzer, text).entities)
