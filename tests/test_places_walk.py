"""An analyst's walk through places in the news: towns the model calls a product or names nothing, where the
words say what befalls a town; twin towns astride a border; a town abroad that only a variant spelling reaches
(#3, #4)."""

from __future__ import annotations

import pytest
from test_understand_support import analysed, entity_types

from newsdesk.understand import Analyzer
from newsdesk.understand.places import Gazetteer, load_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def places(analyzer: Analyzer, text: str) -> dict[str, str | None]:
    """Each PLACE entity of ``text`` analysed, with its pin's country."""
    article = analysed(analyzer, text)
    return {e.name: e.place.country if e.place else None for e in article.entities if e.type == "PLACE"}


@pytest.mark.parametrize(("text", "name"), [
    ("Kramatorsk fell to Russian forces in May.", "Kramatorsk"),  # a product to the model
    ("Russian forces shelled Kramatorsk on Monday, killing four.", "Kramatorsk"),
    ("Troops pushed into Kramatorsk after weeks of fighting.", "Kramatorsk"),
    ("Bakhmut was shelled again, Ukrainian officials said.", "Bakhmut"),  # named nothing, an adverb to the tagger
    ("Kupiansk was under heavy shelling, the governor said.", "Kupiansk"),  # an organisation to the model
])
def test_a_town_the_words_say_is_struck_is_a_pinned_place(analyzer: Analyzer, text: str, name: str) -> None:
    assert places(analyzer, text).get(name) == "UA"


@pytest.mark.parametrize("text", [
    "Corona beer sales rose 5% in Mexico last year.",  # a beer a Californian city shares its name with
    "Nokia cut 14,000 jobs in Finland, the company said.",
])
def test_a_product_or_firm_named_like_a_town_is_no_place(analyzer: Analyzer, text: str) -> None:
    found = places(analyzer, text)
    assert "Corona" not in found and "Nokia" not in found


def test_a_nationality_alone_does_not_pin_a_twin_border_town_on_its_side(analyzer: Analyzer) -> None:
    # "Egyptian" says who speaks; Rafah in Gaza (126,000) is meant, not the Egyptian town 2 km away
    text = "Egyptian officials said aid trucks waited at the crossing as fighting continued in Rafah."
    assert places(analyzer, text)["Rafah"] == "PS"


def test_the_country_named_as_such_keeps_its_twin_town(gaz: Gazetteer) -> None:
    found = gaz.lookup("Rafah", gaz.countries_in(["Egypt"]))
    assert found is not None and found.place.country == "EG"
    assert gaz.countries_in(["Egyptian"]).soft == {"EG"} and not gaz.countries_in(["Egypt", "Egyptian"]).soft


def test_a_town_abroad_only_a_variant_spelling_reaches_is_not_pinned(gaz: Gazetteer) -> None:
    # "Mamuju" (Sulawesi, under the gazetteer's size) is an alternate name of Mamoudzou in Mayotte
    assert gaz.lookup("Mamuju", gaz.countries_in(["Indonesia"])) is None
    found = gaz.lookup("Kharkov", gaz.countries_in(["Russia"]))  # next door: still found
    assert found is not None and found.place.country == "UA"


def test_a_town_whose_outskirts_are_seized_is_a_place(analyzer: Analyzer) -> None:
    text = "The Arakan Army seized Sittwe's outskirts, and fighting flared near Myawaddy on the Thai border."
    assert places(analyzer, text).get("Sittwe") == "MM"  # a person to the model, far from Thailand


def test_a_town_in_apposition_is_a_place_the_gazetteer_need_not_know(analyzer: Analyzer) -> None:
    text = "Gangs attacked Mirebalais, a town north of Port-au-Prince, freeing hundreds of prisoners."
    assert "Mirebalais" in places(analyzer, text)  # a product to the model, too small for the gazetteer
    person = "Jane Smith, a town councillor, said the road would reopen."
    assert "Jane Smith" not in places(analyzer, person)


def test_a_storm_word_an_armed_group_and_a_speaking_she_are_no_places_nor_bodies(analyzer: Analyzer) -> None:
    assert "Typhoon" not in entity_types(analyzer, "Typhoon Haiyan devastated Tacloban in the Philippines.")
    assert entity_types(analyzer, "The storm hit Hurricane, Utah, on Sunday.").get("Hurricane") == "PLACE"
    assert entity_types(analyzer, "Thousands fled Goma as M23 rebels advanced.").get("M23") == "ORG"
    assert entity_types(analyzer, "Paris Hilton said she was thrilled.").get("Paris Hilton") == "PERSON"


@pytest.mark.parametrize(("text", "name"), [
    ("Jordan scored 30 points as the Bulls beat the Knicks. Jordan said after the game that his knee felt fine.",
     "Jordan"),
    ("Chad, 34, a mechanic from Ohio, said he lost his job when the plant closed.", "Chad"),
])
def test_a_country_s_name_used_as_a_person_s_is_a_person(analyzer: Analyzer, text: str, name: str) -> None:
    assert entity_types(analyzer, text)[name] == "PERSON"


@pytest.mark.parametrize("text", [
    "Jordan said on Monday it would keep its border with Syria closed.",
    "Jordan said King Abdullah would attend his father's memorial.",
    "Refugees from Sudan poured into eastern Chad, where camps are overflowing, the UNHCR said.",
])
def test_a_country_speaking_for_itself_stays_a_place(analyzer: Analyzer, text: str) -> None:
    assert places(analyzer, text).get("Jordan", places(analyzer, text).get("Chad")) in ("JO", "TD")


def test_a_town_the_gazetteer_does_not_know_is_a_place_where_it_is_encircled(analyzer: Analyzer) -> None:
    text = "Hundreds of people fled Kidal after drone strikes, and Menaka was encircled, Tuareg rebels said."
    assert "Menaka" in places(analyzer, text)  # a person to the model


@pytest.mark.parametrize(("name", "country"), [
    ("Deir al-Balah", "PS"), ("Hodeidah", "YE"), ("Khartoum Bahri", "SD"),  # news spellings GeoNames lacks
])
def test_news_spellings_of_towns_in_the_news(gaz: Gazetteer, name: str, country: str) -> None:
    found = gaz.lookup(name)
    assert found is not None and found.place.country == country


def test_a_country_s_name_before_a_man_s_name_is_his_first_name(analyzer: Analyzer) -> None:
    found = entity_types(analyzer, "Israel Adesanya lost his title in Perth. Adesanya said he would return.")
    assert found.get("Israel Adesanya") == "PERSON" and "Israel" not in found and "Adesanya" not in found
    assert places(analyzer, "Sanctions on Iran Khamenei called illegal were extended.").get("Iran") == "IR"


def test_a_score_run_into_a_country_s_name_is_cut_off(analyzer: Analyzer) -> None:
    assert places(analyzer, "Brazil beat Argentina 2-1 in Rio de Janeiro.").get("Argentina") == "AR"


def test_a_town_s_mayor_makes_it_a_place(analyzer: Analyzer) -> None:
    assert places(analyzer, "Derna's mayor said 10,000 people were missing after the floods.").get("Derna") == "LY"


def test_a_twin_border_town_next_to_another_named_country_is_the_bigger(gaz: Gazetteer) -> None:
    # "Egypt warned Israel against an offensive in Rafah": Egypt named as such, but Israel too, next to Gaza's Rafah
    found = gaz.lookup("Rafah", gaz.countries_in(["Egypt", "Israel"]))
    assert found is not None and found.place.country == "PS"
    nogales = gaz.lookup("Nogales", gaz.countries_in(["United States", "Canada"]))  # no Mexico named: Arizona's
    assert nogales is not None and nogales.place.country == "US"


def test_a_nationality_before_a_body_stays_a_nationality(analyzer: Analyzer) -> None:
    # "Saudi" is a country's short name too; before "Foreign Ministry" it is no place
    text = "The rebels met in Jeddah on Monday for talks, the Saudi Foreign Ministry said."
    assert "Saudi" not in places(analyzer, text)


@pytest.mark.parametrize(("text", "name", "kind"), [
    ("The RSF shelled Zamzam camp near El Fasher, Sudanese officials said.", "Zamzam", "PLACE"),  # a person to it
    ("Aides in the Harris camp near Philadelphia said she was confident.", "Harris", "PERSON"),  # her campaign
])
def test_a_bare_camp_by_a_named_place_is_a_place(analyzer: Analyzer, text: str, name: str, kind: str) -> None:
    assert entity_types(analyzer, text)[name] == kind
