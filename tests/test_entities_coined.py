"""A one-word name the model calls a person's is not one where it is written as no person's name is (a
coinage: "SpaceX", "WiFi", "Disney+") or where the article writes the same word in small letters ("Meth,
we're on it" in a story of meth); a given name, a surname's prefix or a name vouched for stays a person (#3)."""

from __future__ import annotations

import pytest
from test_understand_support import entity_types

from newsdesk.understand import Analyzer
from newsdesk.understand.entities_names import coined


@pytest.mark.parametrize(("word", "expected"), [
    ("SpaceX", True), ("WiFi", True), ("AppleSkin", True), ("Disney+", True), ("F1", True),
    ("McDonald", False), ("DeSantis", False), ("LeBron", False), ("MacKenzie", False), ("O'Neill", False),
    ("Smith-Jones", False), ("Zelensky", False),
])
def test_what_is_coined(word: str, expected: bool) -> None:
    assert coined(word) is expected


@pytest.mark.parametrize(("text", "name", "kind"), [
    ("Rather than leather, there\u2019s AppleSkin, a faux-leather made in part from residual matter from apples. "
     "The automaker has done away with plastic inserts in favor of more AppleSkin.", "AppleSkin", "ORG"),
    ("The exception would be if you run lots of NAS, but then you shouldn't use that over WiFi anyways.", "WiFi",
     "ORG"),
    ("South Dakota Gov. Kristi Noem (R) is defending the state\u2019s launch of an anti-drug campaign with the slogan "
     "\u201cMeth, we\u2019re on it.\u201d\n\nThe tagline drew a mix of criticism and ridicule. The campaign aims to "
     "address the state\u2019s meth crisis.\n\n\u201cMeth is IN SD. Twitter can make a joke of it,\u201d Noem wrote.",
     "Meth", "OTHER"),
    ("As early retiree Steve Adcock wrote on his blog Think, Save, Retire, \"Sacrifice is necessary to retire early, "
     "but it's not all bad.\"", "Retire", "OTHER"),
])
def test_a_one_word_name_no_person_is_called_by(analyzer: Analyzer, text: str, name: str, kind: str) -> None:
    types = entity_types(analyzer, text)
    assert types[name] == kind
    assert types.get("Kristi Noem", "PERSON") == "PERSON" and types.get("Steve Adcock", "PERSON") == "PERSON"


@pytest.mark.parametrize(("text", "name"), [
    ("Neymar scored twice in the first half, and Neymar said afterwards that he was happy.", "Neymar"),
    ("McDonald took his place at a keyboard at the front of the stage, and McDonald said he loved the crowd.",
     "McDonald"),
])
def test_a_one_word_person_stays_one(analyzer: Analyzer, text: str, name: str) -> None:
    assert entity_types(analyzer, text)[name] == "PERSON"
