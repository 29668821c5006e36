"""A name after a courtesy title is a person, whatever type the model gave it (#3)."""

from __future__ import annotations

from test_understand_support import typed_mentions

from newsdesk.understand import Analyzer


def people(analyzer: Analyzer, text: str) -> dict[str, list[str]]:
    return typed_mentions(analyzer, text, "PERSON")


def test_mr_and_ms_make_a_person_and_join_the_full_name(analyzer: Analyzer) -> None:
    text = ("Mr Albanese met the premier of Victoria, Jacinta Allan, in Melbourne on Friday.\n\n"
            "Ms Allan said the state would pay its share of the rail line.")
    found = people(analyzer, text)
    assert found["Albanese"] == ["Albanese"]
    assert found["Jacinta Allan"] == ["Jacinta Allan", "Allan"]
