"""A fourth walk through places and people in the news: who takes a name says what it is (troops a town,
police a person), a town named after a preposition is not the speaker of the verb after it, and names the
model reads as languages or runs into a person's (#3, #4)."""

from __future__ import annotations

import pytest
from test_understand_support import analysed

from newsdesk.understand import Analyzer


def pins(analyzer: Analyzer, text: str) -> dict[str, tuple[str, str | None]]:
    """Each entity of ``text`` analysed: its type and its pin's country."""
    return {e.name: (e.type, e.place.country if e.place else None) for e in analysed(analyzer, text).entities}


@pytest.mark.parametrize(("text", "name"), [
    ("Russian forces captured Chasiv Yar.", "Chasiv Yar"),  # a person to the model, unknown to the gazetteer
    ("Russian forces seized Chasiv Yar on Thursday, the Defence Ministry said.", "Chasiv Yar"),
    ("Russian troops entered Chasiv Yar after months of fighting.", "Chasiv Yar"),
    ("Chasiv Yar was captured by Russian forces in July.", "Chasiv Yar"),
    ("Wagner fighters captured Soledar in January.", "Soledar"),  # a body to the model
    ("The Arakan Army captured Paletwa in January.", "Paletwa"),  # named nothing
    ("Jihadists linked to al-Qaeda attacked Barsalogho, killing hundreds of civilians.", "Barsalogho"),
    ("Russian forces captured Chasiv Yar. Ukraine's SBU arrested a suspected spy in Kyiv and charged him with "
     "treason.", "Chasiv Yar"),  # a crime elsewhere in the article: troops still take a town
])
def test_a_name_troops_take_is_a_place(analyzer: Analyzer, text: str, name: str) -> None:
    assert pins(analyzer, text).get(name, ("none", None))[0] == "PLACE"


@pytest.mark.parametrize(("text", "name"), [
    ("Police captured Jackson after a three-day manhunt.", "Jackson"),  # Jackson, Mississippi, to the gazetteer
    ("Police captured Jackson, a 34-year-old suspect, on Friday.", "Jackson"),
    ("Police arrested Jackson on Friday. The suspect was charged with murder.", "Jackson"),
    ("Sheriff's deputies arrested Tyler on Monday in connection with the robbery.", "Tyler"),
    ("Authorities captured Jackson on Friday. The suspect faces murder charges.", "Jackson"),
    ("Rebels took Jean Bosco hostage in Goma.", "Jean Bosco"),
    ("Police in Tyler said Jackson was arrested on Friday.", "Jackson"),
    # troops seize people too: where the article names the person again by the surname, or with an age
    ("Mutinous soldiers seized Mohamed Bazoum at the presidential palace. Bazoum has not been seen since.",
     "Mohamed Bazoum"),
    ("Hamas militants seized Noa Argamani at the Nova festival. Argamani, 26, was rescued in June.", "Noa Argamani"),
])
def test_a_name_police_take_or_arrest_is_a_person(analyzer: Analyzer, text: str, name: str) -> None:
    assert pins(analyzer, text)[name][0] == "PERSON"


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Police in Jackson arrested two men on Friday.", "Jackson", "US"),
    ("A tornado hit Tyler, Texas, destroying several homes.", "Tyler", "US"),
    ("Russian forces shelled Toretsk overnight.", "Toretsk", "UA"),  # a language to the model
    ("Russian forces shelled Kostiantynivka and Toretsk.", "Toretsk", "UA"),  # named nothing after "and"
    ("Aung San Suu Kyi remains in detention in Naypyitaw.", "Naypyitaw", "MM"),  # a language to the model
    ("Russian drones struck Odesa overnight, Governor Oleh Kiper said.", "Odesa", "UA"),
    ("Israel struck Rafah again on Sunday.", "Rafah", "PS"),
    ("Doctors at Nasser Hospital in Khan Younis said they had run out of anaesthetics.", "Khan Younis", "PS"),
    ("Residents of Beit Lahia said the strikes continued through the night.", "Beit Lahia", "PS"),
    ("Families fled Beit Hanoun overnight.", "Beit Hanoun", "PS"),
    ("Rafah residents said they had nowhere left to go.", "Rafah", "PS"),  # named nothing, opening its sentence
    ("Rafah was crowded with displaced families.", "Rafah", "PS"),
    ("Families fled Khan Younis for Rafah last week.", "Rafah", "PS"),
    ("Hundreds of thousands fled El Geneina after RSF attacks, the UN said.", "El Geneina", "SD"),  # a body to it
    ("Memphis police said Tyre Nichols died three days after the beating.", "Memphis", "US"),
    ("Lincoln police are investigating a robbery on O Street.", "Lincoln", "US"),  # a body to the model
    ("Floods swamped Lincoln, the UK Environment Agency said.", "Lincoln", "GB"),  # a body's country is the story's
    ("Flooding closed roads in Lincoln, the British Environment Agency said.", "Lincoln", "GB"),
])
def test_a_town_is_a_pinned_place(analyzer: Analyzer, text: str, name: str, country: str) -> None:
    assert pins(analyzer, text).get(name) == ("PLACE", country)


def test_a_language_the_gazetteer_knows_as_a_town_is_no_place(analyzer: Analyzer) -> None:
    found = pins(analyzer, "The statement was read out in Dari and Pashto.")
    assert found.get("Dari", ("GROUP", None))[0] != "PLACE"


def test_a_town_and_a_person_the_model_runs_together_are_two(analyzer: Analyzer) -> None:
    found = pins(analyzer, "The mayor of Kharkiv, Ihor Terekhov, said power had been restored.")
    assert found["Kharkiv"] == ("PLACE", "UA") and found["Ihor Terekhov"][0] == "PERSON"


def test_an_arrested_person_the_model_calls_a_body_is_a_person(analyzer: Analyzer) -> None:
    assert pins(analyzer, "Mexican authorities arrested Ovidio Guzman in Culiacan.")["Ovidio Guzman"][0] == "PERSON"


@pytest.mark.parametrize(("text", "name"), [
    ("Boko Haram fighters attacked Maiduguri on Sunday.", "Boko Haram"),  # a person to the model
    ("Viv Ansanm gangs attacked Kenscoff, residents said.", "Viv Ansanm"),
])
def test_a_name_with_fighters_after_it_is_a_body(analyzer: Analyzer, text: str, name: str) -> None:
    assert pins(analyzer, text)[name][0] == "ORG"


@pytest.mark.parametrize(("text", "name"), [
    ("In Rafah, residents said tanks had advanced into the Shaboura neighbourhood.", "Shaboura"),  # a body to it
    ("Thousands returned to northern Gaza through the Netzarim corridor on Monday.", "Netzarim"),
])
def test_a_name_before_a_neighbourhood_or_corridor_is_a_place(analyzer: Analyzer, text: str, name: str) -> None:
    assert pins(analyzer, text)[name][0] == "PLACE"


def test_a_dateline_stays_the_city_where_a_person_shares_its_name(analyzer: Analyzer) -> None:
    text = ("JACKSON, Miss. (AP) \u2014 Police captured Jackson after a three-day manhunt, officials said.\n\n"
            "Marcus Jackson, 29, was wanted in the killing of a store clerk.")
    article = analysed(analyzer, text)
    found = {e.name: e for e in article.entities}
    assert found["JACKSON"].type == "PLACE" and found["JACKSON"].place is not None
    assert found["JACKSON"].place.country == "US"
    assert found["Marcus Jackson"].type == "PERSON" and len(found["Marcus Jackson"].mentions) == 2


@pytest.mark.parametrize(("text", "name"), [
    ("Israeli forces attacked Hezbollah positions in Tyre.", "Hezbollah"),  # what troops take is the positions
    ("Russian forces struck Zelensky's hometown of Kryvyi Rih.", "Zelensky"),
    ("Troops captured Maduro's nephew in Caracas.", "Maduro"),
])
def test_a_name_owning_or_modifying_what_troops_take_is_no_place(analyzer: Analyzer, text: str, name: str) -> None:
    assert pins(analyzer, text)[name][0] != "PLACE"


def test_a_hometown_of_a_town_is_a_place(analyzer: Analyzer) -> None:
    assert pins(analyzer, "Russian forces struck Zelensky's hometown of Kryvyi Rih.")["Kryvyi Rih"] == ("PLACE", "UA")
