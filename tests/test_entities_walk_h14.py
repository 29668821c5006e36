"""Who is who, leftovers (#3): a name the model cut short after a title ("the mayor of Jackson, Chokwe Antar
Lumumba"), a person said to hold an office ("Lincoln was the 16th president"), a leader whom forces are loyal
to, a camp of the displaced, and a person troops seize (not a town they capture)."""

from __future__ import annotations

import pytest
from test_understand_support import analysed

from newsdesk.understand import Analyzer


def typed(analyzer: Analyzer, text: str) -> dict[str, str]:
    return {e.name: e.type for e in analysed(analyzer, text).entities}


@pytest.mark.parametrize(("text", "person", "title", "place"), [
    ("The mayor of Jackson, Chokwe Antar Lumumba, said the city would distribute bottled water.",
     "Chokwe Antar Lumumba", "mayor of Jackson", "Jackson"),
    ('"We need help," the mayor of Jackson, Chokwe Antar Lumumba, said on Tuesday as the water crisis continued.',
     "Chokwe Antar Lumumba", "mayor of Jackson", "Jackson"),
    ("The mayor of Kharkiv, Ihor Terekhov, said the city was shelled overnight.",
     "Ihor Terekhov", "mayor of Kharkiv", "Kharkiv"),  # named whole by the model: the title was lost
])
def test_a_name_cut_short_after_a_title_is_the_persons_whole_name(analyzer: Analyzer, text: str, person: str,
                                                                  title: str, place: str) -> None:
    article = analysed(analyzer, text)
    found = {e.name: e for e in article.entities}
    assert found[person].type == "PERSON"
    assert title in found[person].titles
    assert found[place].type == "PLACE"


def test_a_name_said_to_hold_an_office_is_a_person(analyzer: Analyzer) -> None:
    assert typed(analyzer, "Lincoln was the 16th president of the United States.")["Lincoln"] == "PERSON"
    found = typed(analyzer, "Apple is the market leader in smartphones. Lincoln is the capital of Nebraska.")
    assert found["Apple"] == "ORG"
    assert found["Lincoln"] == "PLACE"


@pytest.mark.parametrize("text", [
    "Fighting between the army and forces loyal to Hemedti has displaced millions.",
    "The RSF, led by Hemedti, is accused of genocide. Forces loyal to Hemedti seized El Fasher.",
])
def test_one_whom_forces_are_loyal_to_is_a_person(analyzer: Analyzer, text: str) -> None:
    assert typed(analyzer, text)["Hemedti"] == "PERSON"


def test_forces_loyal_to_a_capital_are_loyal_to_a_place(analyzer: Analyzer) -> None:
    assert typed(analyzer, "Forces loyal to Moscow shelled the town.")["Moscow"] == "PLACE"


@pytest.mark.parametrize("text", [
    "Famine has been declared in the Zamzam camp, where hundreds of thousands of displaced people live.",
    "The RSF shelled the Zamzam camp on Monday, residents said.",
    "Aid groups said conditions in the Zamzam camp were dire. Refugees have arrived from El Fasher.",
])
def test_a_camp_of_the_displaced_is_a_place(analyzer: Analyzer, text: str) -> None:
    assert typed(analyzer, text)["Zamzam"] == "PLACE"


@pytest.mark.parametrize("text", [
    "Aides in the Harris camp said the debate had gone well.",
    "The Harris camp said the vice president would campaign in Pennsylvania. Residents there are split.",
])
def test_a_candidates_camp_is_the_candidates(analyzer: Analyzer, text: str) -> None:
    assert typed(analyzer, text)["Harris"] == "PERSON"


@pytest.mark.parametrize(("text", "name"), [
    ("Troops seized Mariam Diallo at a checkpoint.", "Mariam Diallo"),
    ("Troops seized Mariam Diallo at a checkpoint near the border.", "Mariam Diallo"),
    ("Soldiers seized Amadou Kone from his home on Tuesday.", "Amadou Kone"),
    ("Mutinous soldiers seized Mohamed Bazoum at the presidential palace.", "Mohamed Bazoum"),
])
def test_a_person_troops_seize_is_a_person(analyzer: Analyzer, text: str, name: str) -> None:
    assert typed(analyzer, text)[name] == "PERSON"


@pytest.mark.parametrize(("text", "name"), [
    ("Russian forces captured Chasiv Yar in July after months of fighting.", "Chasiv Yar"),
    ("Russian troops seized Chasiv Yar and its outskirts.", "Chasiv Yar"),
])
def test_a_town_troops_capture_stays_a_place(analyzer: Analyzer, text: str, name: str) -> None:
    assert typed(analyzer, text)[name] == "PLACE"


@pytest.mark.parametrize(("text", "person", "title"), [
    # sentences the parser skips (no quote, no event): the title before a name set off by commas
    ("Haiti's interim prime minister, Garry Conille, was sacked by the transitional council.", "Garry Conille",
     "Haiti's interim prime minister"),
    ("Senegal's new president, Bassirou Diomaye Faye, was sworn in on Tuesday.", "Bassirou Diomaye Faye",
     "Senegal's new president"),
    # a role's words back to its owner, not the role word alone
    ("Venezuela's opposition leader Maria Corina Machado went into hiding.", "Maria Corina Machado",
     "Venezuela's opposition leader"),
    # a parse that makes the role and the name two subjects
    ("Sudan's army chief Abdel Fattah al-Burhan vowed to fight on.", "Abdel Fattah al-Burhan", "Sudan's army chief"),
    ("Myanmar's junta chief Min Aung Hlaing visited Beijing.", "Min Aung Hlaing", "Myanmar's junta chief"),
    # a word of the name the model left out
    ("Chad's President Mahamat Idriss Deby won the election.", "Mahamat Idriss Deby", "Chad's President"),
])
def test_a_leaders_title_and_whole_name(analyzer: Analyzer, text: str, person: str, title: str) -> None:
    found = {e.name: e for e in analysed(analyzer, text).entities}
    assert person in found, sorted(found)
    assert found[person].type == "PERSON"
    assert title in found[person].titles


@pytest.mark.parametrize(("text", "person", "titles"), [
    ("Police said Garry Conille, who lives nearby, was not hurt.", "Garry Conille", ()),
    ("Fighters attacked the town, Maria Diallo said.", "Maria Diallo", ()),
])
def test_no_title_where_none_is_written(analyzer: Analyzer, text: str, person: str, titles: tuple[str, ...]) -> None:
    found = {e.name: e for e in analysed(analyzer, text).entities}
    assert found[person].titles == titles


@pytest.mark.parametrize(("text", "person", "title"), [
    ("Ihor Zhovkva, the deputy head of the presidential office, spoke to reporters.", "Ihor Zhovkva",
     "deputy head of the presidential office"),
    ("Mariam Diallo, a town councillor, spoke to reporters.", "Mariam Diallo", "town councillor"),
])
def test_a_title_in_apposition_after_a_name_in_a_sentence_left_unparsed(analyzer: Analyzer, text: str, person: str,
                                                                         title: str) -> None:
    found = {e.name: e for e in analysed(analyzer, text).entities}
    assert title in found[person].titles


def test_a_place_in_apposition_gets_no_title(analyzer: Analyzer) -> None:
    found = {e.name: e for e in analysed(analyzer, "Goma, a town north of Kigali, was calm.").entities}
    assert found["Goma"].type == "PLACE"
    assert found["Goma"].titles == ()


@pytest.mark.parametrize("text", [
    "The RSF commander, Mohamed Hamdan Dagalo, known as Hemedti, rejected the talks.",
    "The RSF is led by Mohamed Hamdan Dagalo, nicknamed Hemedti, who rejected the talks.",
])
def test_a_persons_byname_is_a_person(analyzer: Analyzer, text: str) -> None:
    [found] = [e for e in analysed(analyzer, text).entities if any(m.text == "Hemedti" for m in e.mentions)]
    assert found.type == "PERSON"
