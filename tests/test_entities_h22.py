"""A name that closes with a firm's, a paper's or an institution's word is an organisation, whatever the
model called it, and its short form with it; a surname such a word could be stays a person's (#3)."""

from __future__ import annotations

import pytest
from test_understand_support import analysed, entity, entity_types

from newsdesk.understand import Analyzer
from newsdesk.understand.entities_firms import org_headed


def test_a_production_company_named_after_a_person_is_a_firm(analyzer: Analyzer) -> None:
    text = "Dana Whitfield Productions will stage the show again, a spokeswoman said. Tickets went on sale on Monday."
    assert entity_types(analyzer, text)["Dana Whitfield Productions"] == "ORG"


def test_a_paper_named_after_its_town_is_a_firm_and_so_is_its_short_form(analyzer: Analyzer) -> None:
    article = analysed(analyzer, "The report was first published by the Toledo Courant. Editors at the Courant "
                                 "declined to comment.")
    paper = entity(article, "Toledo Courant")
    assert paper.type == "ORG"
    assert [article.text[m.start:m.end] for m in paper.mentions] == ["Toledo Courant", "Courant"]


def test_a_player_whose_surname_is_such_a_word_stays_a_person(analyzer: Analyzer) -> None:
    text = "Ryan Works scored twice for the visitors, and Works said he was happy."
    assert entity_types(analyzer, text)["Ryan Works"] == "PERSON"


def test_the_words_that_close_a_firms_name() -> None:
    assert org_headed("Masten Space Systems") and org_headed("Harry Winston Diamond Corp.")
    assert org_headed("Hong Kong Polytechnic University")
    assert not org_headed("Emily Post")  # a surname too: not among the words
    assert not org_headed("Systems")  # one word: the short form, which joins its full name
    assert not org_headed("Rocket systems")
    assert org_headed("INS Mysore") and not org_headed("INS")


def test_where_a_person_holds_a_post_is_a_firm(analyzer: Analyzer) -> None:
    text = '"It is early," said Jane Doe, an analyst at Piper Jaffray.'
    assert entity_types(analyzer, text)["Piper Jaffray"] == "ORG"
    text = "Chris Early, senior vp partnerships and revenue at Ubisoft, said the firm believes in streaming."
    assert entity_types(analyzer, text)["Ubisoft"] == "ORG"


def test_a_score_line_names_teams_not_a_person_with_a_title(analyzer: Analyzer) -> None:
    article = analysed(analyzer, "Senators 4, Red Wings 3: Anthony Duclair had two goals and an assist, "
                                 "and Ottawa beat Detroit.")
    wings = entity(article, "Red Wings")
    assert (wings.type, wings.titles) == ("ORG", ())


def test_a_medium_people_are_on_or_that_trends_is_no_person(analyzer: Analyzer) -> None:
    text = "The slogan was mocked by people on Twitter, and the phrase was among the top Twitter trends by noon."
    assert entity_types(analyzer, text)["Twitter"] == "ORG"


def test_a_ship_is_no_person_and_its_name_alone_is_the_ship(analyzer: Analyzer) -> None:
    article = analysed(analyzer, "India's INS Kadmatt and a helicopter chased the skiffs. Kadmatt later handed "
                                 "the pirates over.")
    ship = entity(article, "INS Kadmatt")
    assert (ship.type, [m.text for m in ship.mentions]) == ("ORG", ["INS Kadmatt", "Kadmatt"])
    text = "Sailors aboard MV Gibe sent a distress call on Saturday morning, the navy said."
    assert entity_types(analyzer, text)["MV Gibe"] == "ORG"


def test_a_team_written_with_the_before_a_verb_is_no_person(analyzer: Analyzer) -> None:
    text = ("The Jaguars could not make the big play and gave up a late lead. The Jaguars battled the Colts "
            "for almost three quarters.")
    assert entity_types(analyzer, text)["Jaguars"] == "ORG"


def test_a_platform_named_without_other_signs_is_no_person(analyzer: Analyzer) -> None:
    for text in ("Within hours Twitter had turned the slogan into a meme, and Noem said that proved it worked.",
                 "Noem saw the Twitter reaction and doubled down. Hey Twitter, she wrote, thanks for the attention."):
        assert entity_types(analyzer, text)["Twitter"] == "ORG"


@pytest.mark.parametrize(("text", "name"), [
    ("Trump saw the request to investigate Ukrainian energy company Burisma as tantamount to investigating Biden.",
     "Burisma"),
    ("The record label Big Machine denied the claims on Friday, and the singer said she would fight on.",
     "Big Machine"),
])
def test_a_firm_s_noun_names_the_firm_after_it(analyzer: Analyzer, text: str, name: str) -> None:
    assert entity_types(analyzer, text)[name] == "ORG"
