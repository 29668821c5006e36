"""A firm the model called a man or a town is a firm where the text refers back to it with "it" or "its" or holds
it as only a firm is held; a medium people post on is no person; a player's statistics make a person (#3)."""

from __future__ import annotations

from test_understand_support import entity_types

from newsdesk.understand import Analyzer
from newsdesk.understand.entities_cluster import Cand, cluster


def test_a_firm_that_said_it_would_is_no_person(analyzer: Analyzer) -> None:
    text = "Johnson Controls said it would cut 500 jobs at its plant in Milwaukee. The company's shares fell."
    assert entity_types(analyzer, text)["Johnson Controls"] == "ORG"
    text = "Johnson Controls said on Tuesday that it would sell its power unit. Analysts expect the deal to close."
    assert entity_types(analyzer, text)["Johnson Controls"] == "ORG"


def test_a_person_saying_it_would_take_years_stays_a_person(analyzer: Analyzer) -> None:
    assert entity_types(analyzer, "Volodymyr Zelensky said it would cost billions to rebuild Kharkiv.")[
        "Volodymyr Zelensky"] == "PERSON"
    assert entity_types(analyzer, "Xi Jinping said on Tuesday that it could happen again.")["Xi Jinping"] == "PERSON"


def test_a_firm_named_like_a_beach_is_a_firm(analyzer: Analyzer) -> None:
    text = "Hamilton Beach said it expects sales to rise. Shares of Hamilton Beach rose 4 percent in New York."
    assert entity_types(analyzer, text)["Hamilton Beach"] == "ORG"
    text = "Hamilton Beach recalled 40,000 blenders on Friday. Hamilton Beach's chief executive apologised."
    assert entity_types(analyzer, text)["Hamilton Beach"] == "ORG"


def test_a_stake_in_a_persons_company_leaves_her_a_person(analyzer: Analyzer) -> None:
    text = "Kylie Jenner said she was thrilled. Coty bought a stake in Kylie Jenner's cosmetics company."
    assert entity_types(analyzer, text)["Kylie Jenner"] == "PERSON"


def test_a_subject_reaching_its_own_is_a_firm(analyzer: Analyzer) -> None:
    assert entity_types(analyzer, "Matanuska Creamery could threaten to close its doors next month.")[
        "Matanuska Creamery"] == "ORG"


def test_a_player_who_added_assists_is_a_person(analyzer: Analyzer) -> None:
    assert entity_types(analyzer, "Brad Marchand added three assists as Boston beat Toronto 5-2 on Saturday.")[
        "Brad Marchand"] == "PERSON"
    text = "Brad Marchand added two goals and an assist in the win."
    assert entity_types(analyzer, text)["Brad Marchand"] == "PERSON"


def test_a_firm_that_added_subscribers_stays_a_firm(analyzer: Analyzer) -> None:
    assert entity_types(analyzer, "Netflix added 8 million subscribers in the quarter.")["Netflix"] == "ORG"


def test_a_medium_posted_on_is_no_person(analyzer: Analyzer) -> None:
    text = ("Taylor Swift posted on Twitter that the label had blocked her. Twitter users rallied behind her, and "
            "she thanked them.")
    found = entity_types(analyzer, text)
    assert found["Twitter"] == "ORG"
    assert found["Taylor Swift"] == "PERSON"


def test_a_product_with_the_is_no_clip_of_a_longer_name() -> None:
    full, clip = Cand(0, 16, "Chromecast Ultra", "ORG", 0, 0, 1), Cand(40, 46, "Chrome", "ORG", 1, 5, 5)
    assert sorted(name for name, _ in cluster([full, clip], definite={"chrome"})) == ["Chrome", "Chromecast Ultra"]
    full, clip = Cand(0, 16, "Federal Reserve", "ORG", 0, 0, 1), Cand(40, 43, "Fed", "ORG", 1, 5, 5)
    assert [name for name, _ in cluster([full, clip], definite={"fed"})] == ["Federal Reserve"]  # "the Fed" still
