"""A speaker the model did not name keeps the whole of a double-barrelled name (#3)."""

from __future__ import annotations

from test_understand_support import speaker_by_quote

from newsdesk.understand import Analyzer


def test_a_hyphenated_surname_is_one_name(analyzer: Analyzer) -> None:
    text = "Rain Newton-Smith, the chief executive of the CBI, said firms would cut hiring."
    found = speaker_by_quote(analyzer, text)
    assert found["firms would cut hiring"] == "Rain Newton-Smith"
