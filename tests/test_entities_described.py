"""Bodies named by what they make or where they sit: "the iPhone maker" is the Apple the article
named, "the Kremlin" and "the White House" are organisations, not places (#3)."""

from __future__ import annotations

import pytest
from test_understand_support import typed_mentions

from newsdesk.understand import Analyzer


@pytest.mark.parametrize(("text", "firm", "described"), [
    ("Apple reported record sales on Thursday. The iPhone maker said demand in China had recovered.",
     "Apple", "iPhone maker"),
    ("LVMH bought a stake in the firm. The Dior owner said the deal would close in June.", "LVMH", "Dior owner"),
])
def test_a_firm_named_by_its_product_is_the_firm_named_before(analyzer: Analyzer, text: str, firm: str,
                                                             described: str) -> None:
    orgs = typed_mentions(analyzer, text, "ORG")
    assert orgs[firm] == [firm, described]
    assert len(orgs) == 1  # no firm called "iPhone" or "Dior"


def test_with_two_firms_named_before_the_description_is_left_alone(analyzer: Analyzer) -> None:
    orgs = typed_mentions(analyzer, "Apple and Google were fined. The iPhone maker said it would appeal.", "ORG")
    assert orgs["Apple"] == ["Apple"] and orgs["Google"] == ["Google"]


@pytest.mark.parametrize(("text", "name"), [
    ("Moscow rejected the proposal. The Kremlin called it a provocation.", "Kremlin"),
    ("Putin will not attend the summit, according to the Kremlin.", "Kremlin"),
    ("Washington announced new sanctions. The White House said more would follow.", "White House"),
    ("The Pentagon confirmed the strike on Friday.", "Pentagon"),
])
def test_a_seat_of_power_speaking_is_an_organisation(analyzer: Analyzer, text: str, name: str) -> None:
    assert name in typed_mentions(analyzer, text, "ORG")


def test_a_palace_a_town_shares_its_name_with_is_an_organisation_when_it_speaks(analyzer: Analyzer) -> None:
    # "Elysee" is a Paris district to the gazetteer; with "the" before it and speaking, it is the presidency
    text = "Macron will travel to Kyiv next week. The Elysee declined to comment on the date."
    assert "Elysee" in typed_mentions(analyzer, text, "ORG")
