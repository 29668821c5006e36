"""An NGO analyst's reading of `analyze` on crisis news (military briefings, sieges, refugee
movements, situation reports): who is a place, who speaks. Each test is a case a reader found wrong."""

from __future__ import annotations

import pytest
from test_understand_support import analysed, entity

from newsdesk.types import Article
from newsdesk.understand import Analyzer


def kind(article: Article, name: str) -> str:
    return entity(article, name).type


@pytest.mark.parametrize(("text", "name"), [
    ("An Israeli airstrike on a building in the southern Lebanese village of Aitaroun killed five people.",
     "Aitaroun"),
    ("Gunmen abducted 287 pupils from a school in the town of Kuriga on Thursday.", "Kuriga"),
    ("Shells fell about 25 km west of Goma, the provincial capital, on Monday.", "Goma"),
    ("- Partners distributed food to 45,000 people in camps west of Goma.\n\nClashes resumed on 29 April in the "
     "hills north of Sake, about 25 km west of Goma, the provincial capital.\n\nThe World Health Organization "
     "sent cholera kits to Goma on 4 May.", "Goma"),
    ("More than 400,000 people have fled the Zamzam displacement camp, the agency said.", "Zamzam"),
    ("The convoy crossed from Chad at the Adre border crossing on Saturday.", "Adre"),
    ("The attackers also burned several homes and shops in the town in Ituri province.", "Ituri"),
])
def test_a_name_the_words_around_make_a_place(eventless_analyzer: Analyzer, text: str, name: str) -> None:
    assert kind(analysed(eventless_analyzer, text), name) == "PLACE"


def test_a_clerk_of_the_town_stays_a_person(eventless_analyzer: Analyzer) -> None:
    article = analysed(eventless_analyzer, "John Smith, the town clerk, said the vote was fair.")
    assert kind(article, "John Smith") == "PERSON"


@pytest.mark.parametrize(("text", "name"), [
    ("Mary Jones, the town's mayor, said the bridge would reopen. Jones said repairs would take a month.",
     "Mary Jones"),
    ("Paul Walker, the region's governor, said schools would close. Walker said the storm was the worst.",
     "Paul Walker"),
    ("Lee Harris crossing the finish line was the moment of the race. Harris said he was exhausted.", "Lee Harris"),
    ("Harris campaigned in the suburbs on Monday. The district is Harris territory now, organisers said.", "Harris"),
    ("The Kennedy district office said the congressman would return on Friday. Kennedy declined to comment.",
     "Kennedy"),
])
def test_a_person_beside_a_place_word_stays_a_person(eventless_analyzer: Analyzer, text: str, name: str) -> None:
    # "the town's mayor" names whom she serves, "crossing the line" what he does, "Harris territory" his
    # voters, "the Kennedy district office" his: none makes a place
    assert kind(analysed(eventless_analyzer, text), name) == "PERSON"


@pytest.mark.parametrize(("text", "speaker"), [
    ("Representatives of the army and the rebels met in Jeddah on Monday for talks, the Saudi Foreign Ministry "
     "said.", "Saudi Foreign Ministry"),
    ("Belarus freed 52 prisoners on Thursday, Lithuanian officials said.", "Lithuanian officials"),
])
def test_a_nationality_before_the_source_is_not_who_speaks(eventless_analyzer: Analyzer, text: str,
                                                             speaker: str) -> None:
    [quote] = analysed(eventless_analyzer, text).quotes
    assert quote.speaker is not None and quote.speaker.name == speaker


@pytest.mark.parametrize(("text", "speaker"), [
    ("Two soldiers were killed in a helicopter crash, the US military said in a statement.", "the US military"),
    ("US officials said American forces had launched a rescue mission.", "US officials"),
    ("Texas officials said the storm had killed four people.", "Texas officials"),
    ("Pentagon officials said the strike killed three militants.", "Pentagon officials"),
    ("Biden administration officials said the plan would cost $2 trillion.", "Biden administration officials"),
])
def test_a_name_before_the_source_says_whose_they_are_not_who_speaks(eventless_analyzer: Analyzer, text: str,
                                                                     speaker: str) -> None:
    # quoted as "US" or "Biden", the officials' words would be the country's or the president's own
    [quote] = analysed(eventless_analyzer, text).quotes
    assert quote.speaker is not None and (quote.speaker.name, quote.speaker.entity) == (speaker, None)


@pytest.mark.parametrize(("text", "speaker"), [
    ("The Pentagon said the strike killed three militants.", "Pentagon"),
    ("The US said the hostages had suffered from their ordeal.", "US"),
    ("Florida Gov. Ron DeSantis said the state would sue.", "Ron DeSantis"),
])
def test_a_name_that_heads_the_source_speaks(eventless_analyzer: Analyzer, text: str, speaker: str) -> None:
    article = analysed(eventless_analyzer, text)
    [quote] = article.quotes
    assert quote.speaker is not None and quote.speaker.name == speaker
    assert quote.speaker.entity == entity(article, speaker).id


def test_it_points_back_to_the_body_described_before(eventless_analyzer: Analyzer) -> None:
    text = ("Two soldiers were killed in a helicopter crash in Afghanistan, the US military said in a statement. "
            "It did not reveal the crash location and said it was withholding the names of those killed.")
    speakers = {q.text: q.speaker.name if q.speaker else None for q in analysed(eventless_analyzer, text).quotes}
    assert speakers["the crash location"] == "the US military"


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("Key Security Council powers distanced themselves from the US position.\n\nRussia's foreign ministry said it "
     "viewed Washington's move as \"another measure contradicting\" the legal footing for a peace deal and said it "
     "would likely further heighten tensions on the ground.", "it would likely further heighten tensions on the ground",
     "Russia's foreign ministry"),
    ("The Arab League met on Sunday.\n\nSo far, Cleveland has raised $57 million of the $64 million it pledged to "
     "help pay for hosting the event.", "to help pay for hosting the event", "Cleveland"),
])
def test_it_is_the_body_its_own_sentence_has_as_subject(eventless_analyzer: Analyzer, text: str, content: str,
                                                        speaker: str) -> None:
    """Not an organisation of the sentence before."""
    speakers = {q.text: q.speaker.name if q.speaker else None for q in analysed(eventless_analyzer, text).quotes}
    assert speakers[content] == speaker


def test_its_decision_is_the_decision_of_who_it_points_back_to(eventless_analyzer: Analyzer) -> None:
    text = ("The United States faced stiff international and Palestinian criticism on Tuesday over its decision to no "
            "longer consider Israeli settlements illegal.")
    speakers = {q.text: q.speaker.name if q.speaker else None for q in analysed(eventless_analyzer, text).quotes}
    assert speakers["to no longer consider Israeli settlements illegal"] == "United States"


def test_a_name_ends_before_its_bracketed_acronym(eventless_analyzer: Analyzer) -> None:
    text = "The African Union and the Intergovernmental Authority on Development (IGAD) joined the talks as observers."
    assert kind(analysed(eventless_analyzer, text), "Intergovernmental Authority on Development") == "ORG"


def test_one_declared_the_winner_is_not_quoted(eventless_analyzer: Analyzer) -> None:
    text = "Army officers seized power on Wednesday, hours after he was declared the winner of a disputed election."
    assert analysed(eventless_analyzer, text).quotes == ()
