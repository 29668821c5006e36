"""A third walk through places in the news: a region over several first-level ones (Darfur), a town taken
that the model calls a person, a region named with its kind ("Kherson region") (#3, #4)."""

from __future__ import annotations

import pytest
from test_understand_support import analysed

from newsdesk.understand import Analyzer
from newsdesk.understand.places import load_gazetteer


def pins(analyzer: Analyzer, text: str) -> dict[str, tuple[str, str | None]]:
    """Each entity of ``text`` analysed: its type and its pin's country."""
    return {e.name: (e.type, e.place.country if e.place else None) for e in analysed(analyzer, text).entities}


def test_a_region_over_several_states_is_pinned_in_their_middle(analyzer: Analyzer) -> None:
    found = pins(analyzer, "The war in Darfur has displaced millions, the UN said.")
    assert found["Darfur"] == ("PLACE", "SD")
    darfur = load_gazetteer().lookup("Darfur")
    assert darfur is not None and 11 < darfur.place.lat < 16 and 22 < darfur.place.lon < 27  # not Khartoum's


def test_a_town_running_out_of_food_is_a_pinned_place(analyzer: Analyzer) -> None:
    assert pins(analyzer, "Kadugli is running out of food, aid workers said.").get("Kadugli") == ("PLACE", "SD")
    assert pins(analyzer, "Kadugli ran out of fuel last week.").get("Kadugli") == ("PLACE", "SD")


def test_a_captured_name_the_article_puts_things_near_is_a_place(analyzer: Analyzer) -> None:
    text = "Russian troops captured Chasiv Yar in July. Fighting continued near Chasiv Yar for weeks."
    assert pins(analyzer, text)["Chasiv Yar"][0] == "PLACE"  # a person to the model at both


def test_a_captured_person_stays_a_person(analyzer: Analyzer) -> None:
    text = "Rebels captured Jean Bosco in Goma. Jean Bosco was freed in May, near Jean Bosco's home."
    assert pins(analyzer, text)["Jean Bosco"][0] == "PERSON"


@pytest.mark.parametrize(("text", "name"), [
    ("Russian forces shelled the Kherson region overnight.", "Kherson region"),  # a person to the model
    ("Fighting raged in Donetsk Oblast, officials said.", "Donetsk Oblast"),  # a body to the model
    ("Drones hit the Kharkiv province on Monday.", "Kharkiv province"),
])
def test_a_city_s_name_with_a_region_s_noun_is_the_region(analyzer: Analyzer, text: str, name: str) -> None:
    found = {e.name: e for e in analysed(analyzer, text).entities}
    assert found[name].type == "PLACE" and found[name].place is not None and found[name].place.country == "UA"
    city = load_gazetteer().geocode(name.split()[0])
    assert city is not None and found[name].place != city  # the oblast's middle, not the city's pin


def test_the_city_beside_its_region_is_the_city(analyzer: Analyzer) -> None:
    text = "Russian forces shelled the Kherson region overnight. In Kherson, two people died."
    found = pins(analyzer, text)
    assert found["Kherson region"] == ("PLACE", "UA") and found["Kherson"] == ("PLACE", "UA")  # no vote for a person


def test_a_nationality_does_not_pull_a_town_to_a_city_that_once_bore_its_name(analyzer: Analyzer) -> None:
    """Engels (Russia) was Pokrovsk until 1931: 'Russian troops' says who acts, not that Engels is meant."""
    assert pins(analyzer, "Russian troops captured Pokrovsk.")["Pokrovsk"] == ("PLACE", "UA")
    assert pins(analyzer, "Engels, the Russian city, hosts a bomber base.").get("Engels", ("PLACE", "RU"))[1] == "RU"
