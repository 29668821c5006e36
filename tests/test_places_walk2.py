"""A second analyst's walk through places in the news: frontline towns the model calls a person or a people,
a town in a story whose country has a bigger namesake elsewhere, a film star the model calls a firm (#3, #4)."""

from __future__ import annotations

import pytest
from test_understand_support import analysed

from newsdesk.understand import Analyzer
from newsdesk.understand.places import Countries, Gazetteer, load_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def entities(analyzer: Analyzer, text: str) -> dict[str, tuple[str, str | None]]:
    """Each entity of ``text`` analysed: its type and its pin's country."""
    return {e.name: (e.type, e.place.country if e.place else None) for e in analysed(analyzer, text).entities}


@pytest.mark.parametrize("text", [
    "Ukrainian troops withdrew from Chasiv Yar, the military said.",  # a person to the model
    "The battle for Chasiv Yar has raged since April.",
    "Russian forces shelled Chasiv Yar overnight, and residents fled toward Kramatorsk.",
])
def test_a_town_troops_fight_over_is_a_place_the_gazetteer_need_not_know(analyzer: Analyzer, text: str) -> None:
    assert entities(analyzer, text)["Chasiv Yar"][0] == "PLACE"


def test_a_body_left_is_still_a_body(analyzer: Analyzer) -> None:
    assert entities(analyzer, "France withdrew from NATO in 1966, de Gaulle said.").get("NATO", ("ORG",))[0] == "ORG"


@pytest.mark.parametrize("text", [
    "Kidal fell to Malian troops on Tuesday, the army said.",  # a people to the model
    "The army entered Kidal for the first time since 2012.",
])
def test_a_town_the_model_calls_a_people_is_a_pinned_place(analyzer: Analyzer, text: str) -> None:
    assert entities(analyzer, text)["Kidal"] == ("PLACE", "ML")


def test_a_town_troops_shell_is_found_where_the_model_names_nothing(analyzer: Analyzer) -> None:
    assert entities(analyzer, "Russian forces shelled Donetsk overnight.").get("Donetsk") == ("PLACE", "UA")


def test_a_nationality_does_not_pull_a_city_to_a_small_namesake_at_home(gaz: Gazetteer) -> None:
    # "Russian forces ... Donetsk": the Ukrainian city of 900,000, not the Russian town of 50,000
    found = gaz.lookup("Donetsk", gaz.countries_in(["Russian"]))
    assert found is not None and found.place.country == "UA"
    named = gaz.lookup("Donetsk", gaz.countries_in(["Russia"]))  # Russia named as such keeps its own
    assert named is not None and named.place.country == "RU"


def test_namesakes_in_two_named_countries_go_to_the_first_named(gaz: Gazetteer, analyzer: Analyzer) -> None:
    found = gaz.lookup("Lincoln", Countries(["GB", "US"]))  # a British story that names the United States
    assert found is not None and found.place.country == "GB"
    found = gaz.lookup("Lincoln", Countries(["US", "GB"]))
    assert found is not None and found.place.country == "US"
    text = ("Thousands marched in Lincoln against the hospital's closure, British police said. The protest "
            "was the biggest since US President Donald Trump's visit.")
    assert entities(analyzer, text)["Lincoln"] == ("PLACE", "GB")


def test_a_name_with_an_age_in_apposition_is_a_person_s_everywhere(analyzer: Analyzer) -> None:
    text = "Sydney Sweeney's new film topped the box office this weekend. Sweeney, 26, said she was surprised."
    assert entities(analyzer, text)["Sydney Sweeney"][0] == "PERSON"  # an organisation to the model


def test_a_region_a_country_owns_in_apposition_is_a_place(analyzer: Analyzer) -> None:
    text = "The Arakan Army took control of most of Rakhine, Myanmar's western state."
    assert entities(analyzer, text)["Rakhine"][0] == "PLACE"  # a person to the model, unknown to the gazetteer
    person = "Jane Smith, Britain's town planner of the year, said the road would reopen."
    assert entities(analyzer, person)["Jane Smith"][0] == "PERSON"


@pytest.mark.parametrize(("name", "country"), [
    ("Tigray", "ET"), ("Sofala", "MZ"), ("Benue", "NG"), ("Khyber Pakhtunkhwa", "PK"), ("Rakhine", "MM"),
    ("South Darfur", "SD"), ("North Kivu", "CD"),  # GeoNames: "Southern Darfur", "Nord Kivu"
    ("Benue state", "NG"), ("Sofala province", "MZ"),
    ("Xinjiang", "CN"), ("Tibet", "CN"),  # GeoNames: "Xinjiang Uygur Zizhiqu", "Tibet Autonomous Region"
])
def test_first_level_regions_worldwide_are_pinned(gaz: Gazetteer, name: str, country: str) -> None:
    found = gaz.lookup(name)
    assert found is not None and found.is_region and found.place.country == country


def test_a_region_s_name_has_no_town_s_say_in_what_a_name_is(gaz: Gazetteer, analyzer: Analyzer) -> None:
    # "Unity" and "Lakes" are states of South Sudan, "Rivers" one of Nigeria: no town's say in the typing
    assert gaz.kind_of("Unity") == gaz.kind_of("Lakes") == gaz.kind_of("Rivers") == "region"
    assert gaz.kind_of("Donetsk") == "city"  # a city of the region's name is the city
    assert entities(analyzer, "Meta said on Tuesday it would cut 5% of its staff.").get("Meta", ("ORG",))[0] == "ORG"


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Fighting spread across Tigray, Ethiopia's northern region.", "Tigray", "ET"),  # not a city "of Ethiopia"
    ("Cyclone Idai struck Sofala province in Mozambique.", "Sofala province", "MZ"),
    ("Gunmen killed 40 people in Benue state, Nigerian police said.", "Benue", "NG"),
])
def test_a_region_in_the_news_is_pinned_in_its_country(analyzer: Analyzer, text: str, name: str, country: str) -> None:
    assert entities(analyzer, text)[name] == ("PLACE", country)


@pytest.mark.parametrize("text", [
    "Kupiansk came under heavy fire overnight, officials said.",  # an organisation to the model
    "Kupiansk has come under heavy fire in recent days.",
])
def test_a_known_town_under_fire_is_a_pinned_place(analyzer: Analyzer, text: str) -> None:
    assert entities(analyzer, text)["Kupiansk"] == ("PLACE", "UA")


def test_a_firm_under_fire_stays_a_firm(analyzer: Analyzer) -> None:
    found = entities(analyzer, "Boeing came under heavy fire from regulators over the door plug.")
    assert found.get("Boeing", ("ORG",))[0] == "ORG"


@pytest.mark.parametrize(("text", "names"), [
    ("Villagers in Meppadi said the river rose at night.", ["Meppadi"]),  # a speaking firm to the model
    ("The landslides wiped out Mundakkai and Chooralmala villages in Wayanad district.", ["Mundakkai", "Chooralmala"]),
])
def test_villages_the_gazetteer_does_not_know_are_places(analyzer: Analyzer, text: str, names: list[str]) -> None:
    found = entities(analyzer, text)
    assert all(found[name][0] == "PLACE" for name in names)


def test_two_towns_the_model_took_for_one_name_are_two_places(analyzer: Analyzer) -> None:
    found = entities(analyzer, "The RSF shelled Kadugli and Dilling, South Kordofan state's two main towns.")
    assert found.get("Kadugli") == ("PLACE", "SD") and found.get("Dilling") == ("PLACE", "SD")
    firm = entities(analyzer, "Shares of Marks and Spencer rose 5% after the retailer raised its forecast.")
    assert all(kind != "PLACE" for kind, _ in firm.values())  # "Spencer" is no town to the gazetteer


def test_a_town_aid_reaches_is_found_where_the_model_names_nothing(analyzer: Analyzer) -> None:
    assert entities(analyzer, "Aid reached Kadugli on Monday, the UN said.").get("Kadugli") == ("PLACE", "SD")


@pytest.mark.parametrize(("text", "name"), [
    ("Troops were deployed to Amhara after clashes with Fano militia, the Ethiopian government said.", "Amhara"),
    ("Floods in Sindh and Balochistan killed hundreds, Pakistani officials said.", "Balochistan"),
])
def test_a_region_the_model_calls_a_person_or_a_body_is_a_place(analyzer: Analyzer, text: str, name: str) -> None:
    assert entities(analyzer, text)[name][0] == "PLACE"


def test_a_region_name_two_countries_share_is_pinned_in_neither(gaz: Gazetteer) -> None:
    # Punjab is a state of India and a province of Pakistan: the article must say which
    found = gaz.lookup("Punjab")
    assert found is None or not found.is_region
