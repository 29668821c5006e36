"""A described speaker with a nation ("the Russian negotiator") is one whose titles name that nation, not
the nearest holder of the role (#3)."""

from __future__ import annotations

from test_understand_support import speaker_by_quote

from newsdesk.understand import Analyzer

TALKS = ("Vladimir Medinsky, Russia's lead negotiator, met the delegation in Istanbul. David Arakhamia, one of the "
         "Ukrainian negotiators, said the talks were hard.\n\n")


def test_the_russian_negotiator_is_the_one_titled_with_russia(analyzer: Analyzer) -> None:
    found = speaker_by_quote(analyzer, TALKS + '"We are closer than before," the Russian negotiator said.')
    assert found["We are closer than before"] == "Vladimir Medinsky"


def test_the_ukrainian_negotiator_stays_the_ukrainian(analyzer: Analyzer) -> None:
    found = speaker_by_quote(analyzer, TALKS + '"Nothing is agreed," the Ukrainian negotiator said.')
    assert found["Nothing is agreed"] == "David Arakhamia"


def test_a_nation_no_title_names_falls_back_to_the_nearest(analyzer: Analyzer) -> None:
    # "French" shares too little with "France" to be read; the nearest negotiator still speaks
    text = ("Anne Morel, the lead negotiator, met her counterparts in Paris.\n\n"
            '"We will sign," the French negotiator said.')
    assert list(speaker_by_quote(analyzer, text).values()) == ["Anne Morel"]
