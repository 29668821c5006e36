"""A father and a son of one name are two people; a person the model called a firm is a person where only people
do what the text says ("scored twice", "43,"); a surname the vote's people own is found again (#3)."""

from __future__ import annotations

from test_understand_support import entity_types, typed_mentions

from newsdesk.understand import Analyzer


def people(analyzer: Analyzer, text: str) -> dict[str, list[str]]:
    return typed_mentions(analyzer, text, "PERSON")


def test_his_father_beside_a_junior_is_another_man(analyzer: Analyzer) -> None:
    text = ("Patrick Smith Jr. was arrested on Tuesday in Dayton, police said. His father, Patrick Smith, said his "
            "son was innocent.")
    found = people(analyzer, text)
    assert found["Patrick Smith Jr."] == ["Patrick Smith Jr."]
    assert found["Patrick Smith"] == ["Patrick Smith"]


def test_a_junior_called_his_son_after_the_plain_name_is_another_man(analyzer: Analyzer) -> None:
    text = ("Patrick Smith, 70, died on Monday at his home in Dayton. He is survived by his son, Patrick Smith Jr., "
            "and two grandchildren.\n\n"
            "Smith worked at the plant for 40 years.")
    found = people(analyzer, text)
    assert found["Patrick Smith"] == ["Patrick Smith", "Smith"]  # the obituary's surname is its subject
    assert found["Patrick Smith Jr."] == ["Patrick Smith Jr."]


def test_a_junior_named_and_his_father_in_one_sentence(analyzer: Analyzer) -> None:
    text = ("Patrick Smith and his son, Patrick Smith Jr., ran the farm for decades. Patrick Smith Jr. took over "
            "in 2010.")
    found = people(analyzer, text)
    assert found["Patrick Smith"] == ["Patrick Smith"]
    assert found["Patrick Smith Jr."] == ["Patrick Smith Jr.", "Patrick Smith Jr."]


def test_a_junior_later_named_without_the_suffix_is_one_man(analyzer: Analyzer) -> None:
    text = ("Patrick Carlineo Jr. was charged with threatening to kill Rep. Ilhan Omar. Patrick Carlineo pleaded "
            "guilty on Monday. Carlineo said he was sorry.")
    found = people(analyzer, text)
    assert found["Patrick Carlineo Jr."] == ["Patrick Carlineo Jr.", "Patrick Carlineo", "Carlineo"]
    # "her son" may be the junior himself: no father is named, so one man
    text = "Her son, Patrick Smith Jr., 24, died in the crash. Patrick Smith was a student at Ohio State."
    assert people(analyzer, text)["Patrick Smith Jr."] == ["Patrick Smith Jr.", "Patrick Smith"]


def test_a_scorer_the_model_called_a_firm_is_a_person(analyzer: Analyzer) -> None:
    text = "Paul Dufresne scored twice, and Tuukka Rask made 25 saves."
    assert entity_types(analyzer, text)["Paul Dufresne"] == "PERSON"


def test_a_name_with_an_age_the_model_called_a_firm_is_a_person(analyzer: Analyzer) -> None:
    text = "Protests broke out in Charlotte after Paul Dufresne, 43, was killed by police."
    assert entity_types(analyzer, text)["Paul Dufresne"] == "PERSON"


def test_firms_named_like_people_stay_firms(analyzer: Analyzer) -> None:
    text = ("Morgan Stanley scored a win in court on Tuesday. Walter Energy said it would close the mine, and "
            "Morgan Stanley defeated the shareholder proposal.")
    found = entity_types(analyzer, text)
    assert found["Morgan Stanley"] == "ORG"
    assert found["Walter Energy"] == "ORG"


def test_a_given_name_alone_of_a_person_the_vote_made(analyzer: Analyzer) -> None:
    # the model calls "Hugh Lavoie" a place here; the vote makes him a person, whose "Hugh" is then his too
    head = ("The Academy of Motion Picture Arts and Sciences announced Friday that Hugh Lavoie will be the host of "
            "the 81st annual Academy Awards.\n\n")
    found = people(analyzer, head + '"Hugh seemed to be the perfect person," the producer said.')
    assert found["Hugh Lavoie"] == ["Hugh Lavoie", "Hugh"]
    found = people(analyzer, head + '"Lavoie seemed to be the perfect person," the producer said.')
    assert found["Hugh Lavoie"] == ["Hugh Lavoie", "Lavoie"]
