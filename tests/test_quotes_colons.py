"""Colon attributions: a headline's 'Speaker: what they said' (colons.py) and a transcript's speaker labels in
quoted paragraphs (adjacent.labelled_lines)."""

from __future__ import annotations

from test_understand_support import quotes_of

from newsdesk.types import Quote, Speaker
from newsdesk.understand import Analyzer
from newsdesk.understand.colons import headlined


def _opening(quotes: tuple[Quote, ...], words: str) -> Quote | None:
    return next((q for q in quotes if q.text.startswith(words)), None)


def test_a_headlines_source_noun_before_a_colon_is_its_speaker(analyzer: Analyzer) -> None:
    text = ("Poll: Trump and Clinton hold narrow leads in Pennsylvania.\n\n"
            "Three weeks ahead of the primary, Donald Trump and Hillary Clinton lead their rivals in the state.")
    quote = _opening(quotes_of(analyzer, text), "Trump and Clinton hold")
    assert quote is not None and quote.speaker is not None and quote.speaker.name == "Poll"
    assert text[quote.speaker.start:quote.speaker.end] == "Poll"


def test_a_headlines_title_and_name_before_a_colon_is_the_named_person(analyzer: Analyzer) -> None:
    text = ("Former Senator Jane Whitfield: The tax bill will fail in the House.\n\n"
            "Jane Whitfield told reporters on Monday that the bill had no chance of passing.")
    quote = _opening(quotes_of(analyzer, text), "The tax bill will fail")
    assert quote is not None and quote.speaker is not None and quote.speaker.name == "Jane Whitfield"


def test_whom_a_headline_says_it_to_is_not_the_speaker(analyzer: Analyzer) -> None:
    text = ("Whitfield to Senate Democrats: The tax bill will fail in the House.\n\n"
            "Senator Jane Whitfield told Democrats on Monday that the bill had no chance of passing.")
    quote = _opening(quotes_of(analyzer, text), "The tax bill will fail")
    assert quote is not None and quote.speaker is not None and quote.speaker.name == "Jane Whitfield"


def test_a_label_announcing_the_story_is_no_speaker(analyzer: Analyzer) -> None:
    for label in ("The Latest", "Breaking", "Update"):
        text = (f"{label}: Sanders wins the Minnesota caucuses by a wide margin.\n\n"
                "Bernie Sanders won the Minnesota Democratic caucuses on Tuesday night.")
        quote = _opening(quotes_of(analyzer, text), "Sanders wins the Minnesota")
        assert quote is None or quote.speaker is None or quote.speaker.start != 0, label


def test_a_source_noun_label_below_the_headline_is_a_section_head(analyzer: Analyzer) -> None:
    text = ("Clinton leads in Florida.\n\n"
            "Report: the campaign will spend more on television advertising in the state next month.")
    assert _opening(quotes_of(analyzer, text), "the campaign will spend") is None


def test_a_transcripts_labels_in_quoted_paragraphs_are_its_speakers(analyzer: Analyzer) -> None:
    text = ("Pence was asked about the debate on Sunday.\n\n"
            "\"WALLACE: Governor, will Gennifer Flowers be at the debate tomorrow night?\n\n"
            "\"PENCE: She will not be attending the debate, and that is the end of it.\"")
    quotes = quotes_of(analyzer, text)
    wallace = _opening(quotes, "Governor, will Gennifer")
    pence = _opening(quotes, "She will not be attending")
    assert wallace is not None and wallace.speaker is not None and wallace.speaker.name == "WALLACE"
    assert pence is not None and pence.speaker is not None and pence.speaker.name == "PENCE"


def test_a_headlines_labelled_line_takes_the_place_of_quotes_inside_it() -> None:
    text = "Gowdy: Benghazi Investigation Helped Reveal Clinton Email Scandal.\n\nGowdy said the probe helped."
    gowdy = Quote(text[7:65], 7, 65, "indirect", Speaker("Trey Gowdy", "e1", 0, 5), None)
    inner = Quote(text[44:65], 44, 65, "indirect", None, "reveal")
    below = Quote("the probe helped", 79, 95, "indirect", Speaker("Trey Gowdy", "e1", 68, 73), "say")
    assert headlined([inner, below], [gowdy], text) == [below]


def test_a_headlines_labelled_line_stands_in_place_of_a_frame_inside_it(analyzer: Analyzer) -> None:
    text = ("Trey Gowdy: Benghazi Investigation Helped Reveal Clinton Email Scandal\n\n"
            "Rep. Trey Gowdy said on Sunday that his committee had done its job.")
    quotes = quotes_of(analyzer, text)
    line = text.index("\n")
    heads = [q for q in quotes if q.end <= line]
    assert [q.speaker.name if q.speaker else None for q in heads] == ["Trey Gowdy"]
    assert heads[0].text.startswith("Benghazi Investigation")
