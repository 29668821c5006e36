"""An analyst's second reading of `analyze` output, on styles the first did not cover: British press,
wire copy, court reports, earnings calls, live blogs, translated and elided quotes. Each test is a case
a reader found wrong."""

from __future__ import annotations

import pytest
from test_understand_support import analysed, entity

from newsdesk.types import Article
from newsdesk.understand import Analyzer


def quotes(article: Article) -> list[tuple[str, str | None, str]]:
    return [(q.kind, q.speaker.name if q.speaker else None, q.text) for q in article.quotes]


def test_british_single_quotation_marks_are_quotes(analyzer: Analyzer) -> None:
    text = ("Speaking in Downing Street, Sir Keir Starmer said: 'We were elected to change this country.'\n\n"
            "Mr Starmer added that he was 'confident' the bill would pass.\n\n"
            "'The Prime Minister has lost control of his own party,' said Ms Badenoch, the Conservative leader.\n\n"
            "The shadow chancellor said the patients' groups were 'right to be angry'.")
    article = analysed(analyzer, text)
    assert article.text == text
    found = quotes(article)
    assert ("direct", "Keir Starmer", "We were elected to change this country.") in found
    assert ("mixed", "Keir Starmer", "that he was 'confident' the bill would pass") in found
    assert ("direct", "Badenoch", "The Prime Minister has lost control of his own party") in found
    assert any(kind == "mixed" and said.endswith("groups were 'right to be angry'") for kind, _, said in found)


def test_curly_single_marks_come_back_as_written(analyzer: Analyzer) -> None:
    text = "\u2018We don\u2019t know yet,\u2019 a Downing Street spokesman said of the patients\u2019 records."
    article = analysed(analyzer, text)
    assert article.text == text
    assert [(q.kind, q.text) for q in article.quotes] == [("direct", "We don\u2019t know yet")]


def test_single_marks_in_an_article_that_quotes_with_double_ones_stay_apostrophes(analyzer: Analyzer) -> None:
    text = ("\"We will appeal,\" the company said.\n\n"
            "Critics called it 'a rotten deal' but the board said the 'new era' had begun.")
    found = quotes(analysed(analyzer, text))
    assert all("rotten" not in said or kind != "direct" for kind, _, said in found)


@pytest.mark.parametrize("text", [
    "Nvidia reported record revenue on Wednesday, beating Wall Street expectations as sales of its chips surged.",
    "The retailer beat analysts' estimates for the third quarter in a row, the company said.",
    "Demand for its artificial intelligence chips continued to surge, the company said on Wednesday.",
])
def test_earnings_beats_and_demand_are_no_events(analyzer: Analyzer, text: str) -> None:
    assert [(e.type, e.trigger) for e in analysed(analyzer, text).events] == []


def test_a_beating_and_a_demand_still_are(analyzer: Analyzer) -> None:
    article = analysed(analyzer, "Police beat protesters in the capital on Monday. The opposition demanded an "
                                "inquiry into the violence.")
    assert {e.type for e in article.events} >= {"ASSAULT", "REQUEST"}


def test_a_report_whose_verb_the_parse_read_as_a_clause_still_has_its_speaker(analyzer: Analyzer) -> None:
    text = ("Israeli airstrikes killed at least 20 people in the Gaza Strip overnight, health officials said "
            "on Thursday.")
    assert quotes(analysed(analyzer, text)) == [
        ("indirect", "health officials", "Israeli airstrikes killed at least 20 people in the Gaza Strip overnight")]


@pytest.mark.parametrize("dateline", ["KHARKIV, Ukraine \u2014 ", "GAZA CITY (AP) \u2014 ", "LVIV (Reuters) - "])
def test_a_wire_dateline_leaves_the_first_sentence_its_report(analyzer: Analyzer, dateline: str) -> None:
    text = (f"{dateline}A Russian glide bomb hit a residential building on Friday, killing four people and "
            "wounding 30, Ukrainian officials said.")
    found = quotes(analysed(analyzer, text))
    assert [(kind, who) for kind, who, _ in found] == [("indirect", "Ukrainian officials")]
    assert found[0][2].startswith("A Russian glide bomb hit a residential building on Friday")


def test_a_name_after_a_quote_that_speaks_is_a_person(analyzer: Analyzer) -> None:
    text = ("Tesla shares fell 9% after the carmaker missed profit forecasts.\n\n"
            "\"We're between two major growth waves,\" Elon Musk told analysts.")
    article = analysed(analyzer, text)
    musk = entity(article, "Elon Musk")
    assert musk.type == "PERSON"
    assert [q.speaker.entity for q in article.quotes if q.speaker] == [musk.id]


@pytest.mark.parametrize(("text", "name", "title"), [
    ("Ukraine's human rights ombudsman, Dmytro Lubinets, said the released soldiers included defenders of "
     "Mariupol.", "Dmytro Lubinets", "Ukraine's human rights ombudsman"),
    ("Lagos state governor Babajide Sanwo-Olu has ordered the demolition of buildings on drainage channels.",
     "Babajide Sanwo-Olu", "Lagos state governor"),
])
def test_a_person_the_model_called_an_organisation_is_a_person_by_a_role(
        analyzer: Analyzer, text: str, name: str, title: str) -> None:
    person = entity(analysed(analyzer, text), name)
    assert (person.type, person.titles) == ("PERSON", (title,))


@pytest.mark.parametrize("clock", ["12.52pm: ", "09:14 GMT - ", "7:05 a.m. \u2014 "])
def test_a_live_blog_clock_is_no_part_of_what_was_said(analyzer: Analyzer, clock: str) -> None:
    text = f"{clock}The King has accepted the Prime Minister's resignation, the palace said."
    assert quotes(analysed(analyzer, text)) == [
        ("indirect", "the palace", "The King has accepted the Prime Minister's resignation")]


def test_an_event_party_is_its_noun_phrase_not_the_charge_or_the_quote_after_it(analyzer: Analyzer) -> None:
    text = ("The Israeli military said it had targeted Hamas militants and accused the group of hiding among "
            "civilians.\n\nRussia's defence ministry said it had struck \"military targets\" in the Odesa region.")
    targets = {e.trigger: e.target.name for e in analysed(analyzer, text).events if e.target is not None}
    assert targets.get("accused") in {"group", "Hamas"}
    assert targets.get("struck") == "military targets"


@pytest.mark.parametrize(("text", "speaker", "said"), [
    ('"We will never surrender," Zelensky said in Ukrainian, according to a translation by the BBC.',
     "Zelensky", "We will never surrender"),
    ('"The siege must end now," the minister said, according to a translation provided by his office.',
     "the minister", "The siege must end now"),
])
def test_a_translation_is_not_who_spoke(analyzer: Analyzer, text: str, speaker: str, said: str) -> None:
    assert quotes(analysed(analyzer, text)) == [("direct", speaker, said)]


@pytest.mark.parametrize(("text", "speaker"), [
    ('Outside court, one of the victims, 78-year-old Margaret Lowe, said: "Justice has been done."', "Margaret Lowe"),
    ("Outside the courthouse, a friend of the family, Tom Reed, told reporters the verdict was fair.", "Tom Reed"),
])
def test_the_scene_of_a_statement_is_not_who_made_it(analyzer: Analyzer, text: str, speaker: str) -> None:
    article = analysed(analyzer, text)
    assert [q.speaker.name for q in article.quotes if q.speaker] == [speaker]


def test_a_name_the_model_took_for_an_unknown_place_is_a_person_by_a_role(analyzer: Analyzer) -> None:
    text = ('"We will not let them take away our future," said Nino, a 22-year-old student who declined to give '
            "her surname.\n\nProtesters gathered in Lekki, a district of Lagos, on Sunday.")
    article = analysed(analyzer, text)
    nino = entity(article, "Nino")
    assert nino.type == "PERSON"
    assert {q.speaker.entity for q in article.quotes if q.speaker} == {nino.id}
    assert entity(article, "Lekki").type == "PLACE"


def test_a_first_name_alone_is_the_one_person_named_with_it(analyzer: Analyzer) -> None:
    text = ("Ethiopian Prime Minister Abiy Ahmed said on Tuesday that his country had no intention of going to war "
            "with Eritrea.\n\nSpeaking to parliament in Addis Ababa, Abiy said Ethiopia wanted access to the Red Sea "
            "\"through peaceful means\".")
    article = analysed(analyzer, text)
    abiy = entity(article, "Abiy Ahmed")
    assert [q.speaker.entity for q in article.quotes if q.speaker] == [abiy.id, abiy.id]



@pytest.mark.parametrize(("line", "parts"), [
    ("A FIRE - BOMB attack on a bank in Athens left three people dead.", 1),  # capitals, no dateline
    ("AN ARMED MAN - police said - held up the bank.", 1),
    ("THE HAGUE (Reuters) - The court ruled on Monday.", 2),
    ("KHARKIV, Ukraine — Russian shelling hit the city overnight.", 2),
])
def test_a_sentence_opening_in_capitals_is_no_dateline(line: str, parts: int) -> None:
    from newsdesk.types import Span
    from newsdesk.understand.nlp import _lines

    assert len(_lines(line, Span(0, len(line)))) == parts
