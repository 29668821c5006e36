"""People and common nouns the rules read as places (#3): a person seized by troops, a firm's name modifying a
noun after "in", a common noun of people written with a capital, a title before a name."""

from __future__ import annotations

import pytest
import test_understand_support as support

from newsdesk.understand import Analyzer


def types(analyzer: Analyzer, text: str) -> dict[str, str]:
    return support.entity_types(analyzer, text, published="2024-05-01")


def test_a_person_seized_by_troops_stays_a_person_by_the_given_name(analyzer: Analyzer) -> None:
    assert types(analyzer, "Troops seized Mariam Diallo.") == {"Mariam Diallo": "PERSON"}
    assert types(analyzer, "Troops seized Amina Yusuf at dawn.") == {"Amina Yusuf": "PERSON"}


def test_a_town_seized_by_troops_is_still_a_place(analyzer: Analyzer) -> None:
    assert types(analyzer, "Russian forces captured Chasiv Yar on Tuesday.")["Chasiv Yar"] == "PLACE"


@pytest.mark.parametrize("text", [
    "Gunmen in Toyota pickups attacked the village of Kuriga on Sunday.",
    "Witnesses said Gunmen in Toyota pickups stormed the market in Maiduguri.",
])
def test_a_name_modifying_a_noun_after_in_is_no_place(analyzer: Analyzer, text: str) -> None:
    assert types(analyzer, text).get("Toyota") != "PLACE"


def test_a_town_named_after_in_is_still_a_place(analyzer: Analyzer) -> None:
    assert types(analyzer, "Gunmen attacked a market in Toyota on Sunday.").get("Toyota") == "PLACE"


@pytest.mark.parametrize("text", [
    "KADUNA, Nigeria — Gunmen abducted 30 pupils from a school in Kuriga on Thursday.",
    "Villagers said Gunmen arrived on motorbikes and opened fire.",
    "In the north, Gunmen attacked a convoy near Gao.",
    "The Gunmen fled into the forest near Zamfara.",
])
def test_a_capitalised_common_noun_of_people_is_no_entity(analyzer: Analyzer, text: str) -> None:
    assert "Gunmen" not in types(analyzer, text)


def test_a_title_before_a_name_is_no_town(analyzer: Analyzer) -> None:
    found = types(analyzer, "Soldiers seized Dr Ahmed Bello at his home in Kano.")
    assert "Dr" not in found and found["Ahmed Bello"] == "PERSON"


def test_a_person_the_model_calls_a_body_or_a_place_is_one_by_the_given_name_when_seized(analyzer: Analyzer) -> None:
    assert types(analyzer, "Soldiers captured Oleksandr Kovalenko on Tuesday.")["Oleksandr Kovalenko"] == "PERSON"


def test_a_name_listed_with_a_person_is_a_person(analyzer: Analyzer) -> None:
    found = types(analyzer, "Light artists Ivana Jelić and Pavle Petrović (Serbia) found inspiration in Belgrade.")
    assert found["Pavle Petrović"] == "PERSON" and found["Serbia"] == "PLACE"


def test_surnames_listed_together_stay_the_people_named_before(analyzer: Analyzer) -> None:
    text = "The founders Anna Eitan and Gaston Zahr are the artistic directors. Eitan and Zahr cherish this memory."
    found = support.analysed(analyzer, text, published="2024-05-01").entities
    assert [(e.name, e.type, len(e.mentions)) for e in found] == [("Anna Eitan", "PERSON", 2),
                                                                  ("Gaston Zahr", "PERSON", 2)]


def test_a_name_ends_before_the_and_of_a_list(analyzer: Analyzer) -> None:
    found = types(analyzer, "Brandon Montour scored for the Sabres and Linus Ullmark stopped 22 shots.")
    assert "Sabres" in found and "Sabres and" not in found


@pytest.mark.parametrize(("text", "name"), [
    ("Patrick Carlineo Jr., 55, could face ten years. The sentencing of Patrick W. Carlineo was set for May.",
     "Patrick Carlineo Jr."),
    ("John M. Ford wrote it. John Milo Ford was born in 1957.", "John M. Ford"),
])
def test_one_person_written_with_and_without_a_middle_initial_or_suffix_is_one(analyzer: Analyzer, text: str,
                                                                                  name: str) -> None:
    people = [e for e in support.analysed(analyzer, text, published="2024-05-01").entities if e.type == "PERSON"]
    assert [(e.name, len(e.mentions)) for e in people] == [(name, 2)]


def test_two_people_with_different_middle_initials_stay_apart(analyzer: Analyzer) -> None:
    text = "John A. Ford met John B. Ford in Chicago on Monday."
    people = {e.name for e in support.analysed(analyzer, text, published="2024-05-01").entities if e.type == "PERSON"}
    assert people == {"John A. Ford", "John B. Ford"}


def test_a_lower_case_verb_the_model_ran_into_a_name_is_dropped(analyzer: Analyzer) -> None:
    assert "Taylor" in types(analyzer, "Dempsey picked up the phone and rang Taylor. Taylor said he was fine.")


@pytest.mark.parametrize(("text", "name"), [
    ("He was suspended for shoving Pittsburgh quarterback Mason Rudolph to the ground.", "Mason Rudolph"),
    ("The arrest was linked to Fox News host Jeanine Pirro's comments on the case.", "Jeanine Pirro"),
])
def test_a_player_or_presenter_the_model_calls_a_body_is_a_person_by_the_role(analyzer: Analyzer, text: str,
                                                                                name: str) -> None:
    assert types(analyzer, text)[name] == "PERSON"


def test_a_firm_described_as_a_producer_stays_a_firm(analyzer: Analyzer) -> None:
    text = "Ascom announced a solution with Dräger, a global producer of medical and safety technology."
    assert types(analyzer, text).get("Dräger") != "PERSON"


@pytest.mark.parametrize("text", [
    "The song was praised by Len Goodman and Bruno Tonioli, the show's judges, on Monday.",
    "Kevin King and Timothy Weeks, professors at the American University of Kabul, were freed.",
])
def test_a_plural_title_is_no_one_persons(analyzer: Analyzer, text: str) -> None:
    found = support.analysed(analyzer, text, published="2024-05-01").entities
    assert all(not e.titles for e in found if e.type == "PERSON")


def test_one_of_a_plural_is_a_title(analyzer: Analyzer) -> None:
    article = support.analysed(analyzer, "Ihor Zhovkva, one of the Ukrainian negotiators, spoke on Monday.")
    assert support.entity(article, "Ihor Zhovkva").titles == ("one of the Ukrainian negotiators",)


def test_a_town_after_in_and_nearby_is_a_place(analyzer: Analyzer) -> None:
    assert types(analyzer, "Shelling continued in neighbouring Toretsk overnight.").get("Toretsk") == "PLACE"


def test_a_given_name_the_model_calls_a_body_is_the_person_its_surname_alone_names(analyzer: Analyzer) -> None:
    text = ("Ogunjobi received a suspension for shoving Pittsburgh's Mason Rudolph to the ground. "
            "Rudolph returned to practice on Friday.")
    found = support.analysed(analyzer, text, published="2024-05-01").entities
    assert [(e.name, len(e.mentions)) for e in found if e.type == "PERSON" and "Rudolph" in e.name] == \
        [("Mason Rudolph", 2)]


def test_a_capitalised_plural_of_a_trade_opening_a_sentence_is_no_group(analyzer: Analyzer) -> None:
    text = "The system works at the patient bedside. Clinicians gain visibility on patient status."
    assert "Clinicians" not in types(analyzer, text)


def test_a_plural_opening_a_score_line_is_a_team(analyzer: Analyzer) -> None:
    text = ("Blue Jackets 5, Canadiens 2: Pierre-Luc Dubois had two goals. Artturi Lehkonen and Joel Armia had the "
            "goals for the Canadiens.")
    assert types(analyzer, text)["Canadiens"] == "ORG"
