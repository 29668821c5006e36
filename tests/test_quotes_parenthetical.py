"""An indirect quote split by its cue clause ('The family's fortune, the experts said, flowed ...') has the
cue clause out of its words, and its span still covers it as written (#3)."""

from __future__ import annotations

from test_understand_support import analysed

from newsdesk.understand import Analyzer


def test_the_cue_clause_is_out_of_the_words(analyzer: Analyzer) -> None:
    text = "The family's fortune, the experts said, flowed largely from a vast network of rackets."
    (quote,) = analysed(analyzer, text).quotes
    assert quote.text == "The family's fortune flowed largely from a vast network of rackets"
    assert text[quote.start:quote.end] == "The family's fortune, the experts said, flowed largely from a vast " \
                                          "network of rackets"
    assert quote.speaker is not None and quote.speaker.name == "the experts"


def test_a_quote_without_a_cue_inside_keeps_its_words(analyzer: Analyzer) -> None:
    text = "Police said the woman was bleeding, and officers arrived minutes later."
    (quote,) = analysed(analyzer, text).quotes
    assert quote.text == text[quote.start:quote.end]


def test_a_cut_end_keeps_the_cue_clause_out(analyzer: Analyzer) -> None:
    text = ("The family's fortune, the experts said, flowed largely from a vast network of rackets, which the "
            "FBI had watched for years.")
    (quote,) = analysed(analyzer, text).quotes
    assert quote.text == "The family's fortune flowed largely from a vast network of rackets"
    assert text[quote.end - 7:quote.end] == "rackets"


def test_after_an_opener_the_comma_stays(analyzer: Analyzer) -> None:
    (quote,) = analysed(analyzer, "In fact, Howard said, the jurors were split on the death penalty.").quotes
    assert quote.text == "In fact, the jurors were split on the death penalty"
