"""A body listed with a country is no place ("Russia and NATO", "Israel and Hezbollah"), nor is a
name the gazetteer holds only as another town's variant spelling ("Hamas" for Hamm) (#3)."""

from __future__ import annotations

import pytest
from test_understand_support import analysed

from newsdesk.understand import Analyzer
from newsdesk.understand.places import load_gazetteer


def typed(analyzer: Analyzer, text: str) -> dict[str, str]:
    return {e.name: e.type for e in analysed(analyzer, text).entities}


@pytest.mark.parametrize(("text", "name"), [
    ("Russia and NATO held talks in Geneva on Monday.", "NATO"),
    ("Israel and Hezbollah exchanged fire across the border on Sunday, the army said.", "Hezbollah"),
    ("Israel and Hamas agreed on Thursday to a four-day truce, Qatar's foreign ministry said.", "Hamas"),
])
def test_a_body_listed_with_a_country_is_no_place(analyzer: Analyzer, text: str, name: str) -> None:
    assert typed(analyzer, text)[name] == "ORG"


def test_a_variant_spelling_is_no_more_than_a_town() -> None:
    gazetteer = load_gazetteer()
    assert gazetteer.kind_of("Hamas") == "town"
    assert gazetteer.kind_of("Mariupol") == "city"


def test_a_county_the_model_called_a_person_listed_with_a_place_is_a_place(analyzer: Analyzer) -> None:
    text = ("Clinton fell short in eight counties against Bernie Sanders, including suburban Denver's Arapahoe "
            "and Jefferson counties.")
    assert typed(analyzer, text)["Jefferson"] == "PLACE"
