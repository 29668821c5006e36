"""Attributions the parse gives an unusual shape (#3): 'the 38-year-old told reporters she would appeal'
read as one noun phrase, passives with their source after "by", stances ('a staunch opponent of'),
'according to a statement from X' and 'X was quoted as saying'."""

from __future__ import annotations

import pytest
from test_understand_support import said

from newsdesk.understand import Analyzer


@pytest.mark.parametrize(("text", "content"), [
    ("Maria Lopez, 38, was convicted of fraud on Monday.\n\nThe 38-year-old told reporters she would appeal.",
     "she would appeal"),
    ("Maria Lopez, 38, was convicted of fraud on Monday.\n\nThe 38-year-old told police she had acted alone.",
     "she had acted alone"),
    ("Maria Lopez, 38, was convicted of fraud on Monday.\n\nThe 38-year-old told reporters on Tuesday she would "
     "appeal.", "she would appeal"),
    ("Maria Lopez, 38, was convicted of fraud on Monday.\n\n"
     "The 38-year-old told reporters: \"I will appeal this verdict.\"", "I will appeal this verdict."),
])
def test_an_age_that_told_someone_a_clause_without_that_is_found(analyzer: Analyzer, text: str, content: str) -> None:
    assert ("Maria Lopez", content, "tell") in said(analyzer, text)


def test_a_passive_cue_s_subject_is_what_the_source_after_by_holds_of(analyzer: Analyzer) -> None:
    found = said(analyzer, "The plan has been endorsed by Senator John Smith.")
    assert found == [("John Smith", "The plan", "endorse")]
    found = said(analyzer, "The story was first reported by The Washington Post.")
    assert found == [("Washington Post", "The story", "report")]


def test_who_was_told_by_someone_is_no_content(analyzer: Analyzer) -> None:
    assert all(content != "He" for _, content, _ in said(analyzer, "He was told by officials to leave."))


@pytest.mark.parametrize(("text", "speaker", "content"), [
    ("Senator Lindsey Graham has been critical of the deal.", "Lindsey Graham", "the deal"),
    ("Senator Jane Ortiz, a staunch opponent of the death penalty, spoke first. "
     "Jane Ortiz is a staunch opponent of the death penalty.", "Jane Ortiz", "the death penalty"),
    ("Mayor Ruth Adler remains a vocal supporter of the stadium plan.", "Ruth Adler", "the stadium plan"),
])
def test_a_stance_predicate_s_of_phrase_is_what_its_subject_holds_of(analyzer: Analyzer, text: str, speaker: str,
                                                                     content: str) -> None:
    assert (speaker, content) in [(spk, c) for spk, c, _ in said(analyzer, text)]


def test_supporters_of_something_as_a_group_say_nothing(analyzer: Analyzer) -> None:
    assert said(analyzer, "Supporters of the stadium plan rallied outside city hall on Friday.") == []


@pytest.mark.parametrize(("text", "speaker"), [
    ("According to a statement from the Interior Ministry, the talks will resume on Monday.", "Interior Ministry"),
    ("According to a report by Human Rights Watch, dozens of civilians were killed.", "Human Rights Watch"),
    ("According to a statement released by the White House, the president will travel to Kyiv.", "White House"),
])
def test_according_to_a_document_speaks_for_who_made_it(analyzer: Analyzer, text: str, speaker: str) -> None:
    found = [(spk, cue) for spk, _, cue in said(analyzer, text)]
    assert found == [(speaker, "according to")]


def test_quoted_as_saying_gives_what_was_said(analyzer: Analyzer) -> None:
    found = said(analyzer, "Senator John Smith was quoted as saying the deal was dead.")
    assert [(spk, content) for spk, content, _ in found] == [("John Smith", "the deal was dead")]
    # who quoted someone keeps who was quoted in the content
    found = said(analyzer, "The Times quoted an adviser as saying the deal was dead.")
    assert any(content.startswith("an adviser as saying") for _, content, _ in found)


@pytest.mark.parametrize(("text", "content"), [
    ("Trump complained about his microphone after the debate.", "his microphone"),
    ("Activists called for more school investment.", "more school investment"),
])
def test_what_a_cue_s_preposition_governs_is_the_content(analyzer: Analyzer, text: str, content: str) -> None:
    assert [c for _, c, _ in said(analyzer, text)] == [content]


@pytest.mark.parametrize("text", [
    "Apple AirPods Pro for $235. See it now.",
    "And don't forget to make a backup plan before you start.",
    "Tell us what you think about the new rules.",
    "Remember, this may be the longest of all the stages for you.",
    "Expect the senator to have a new strategy this time around.",
    "Thank you all for your kind reviews?",
])
def test_a_command_to_the_reader_quotes_no_one(analyzer: Analyzer, text: str) -> None:
    assert said(analyzer, text) == []


def test_a_command_inside_a_quote_leaves_the_quote_its_speaker(analyzer: Analyzer) -> None:
    text = '"Remember that we won the last election," Smith said. The senator said the bill would pass.'
    assert [(spk, c) for spk, c, _ in said(analyzer, text)] == [
        ("Smith", "Remember that we won the last election"), ("The senator", "the bill would pass")]


@pytest.mark.parametrize(("text", "named"), [
    ("The writer left behind a poem called \u201cWinter Solstice, Camelot Station\u201d and several drafts.", "a poem"),
    ("The 30-second spot, titled \u201cArrogant,\u201d features a New York Times report from the weekend.",
     "The 30-second spot"),
    ("The island was known as \u201cthe Poorhouse of the Caribbean,\u201d in those years.", "The island"),
])
def test_a_thing_given_a_name_is_not_who_speaks(analyzer: Analyzer, text: str, named: str) -> None:
    speakers = [spk for spk, _, _ in said(analyzer, text)]
    assert named not in speakers
    assert all(spk is None for spk in speakers)


@pytest.mark.parametrize(("text", "speaker"), [
    ("Mehmet Oz has been called a charlatan by fellow physicians for promoting medical cures.", "fellow physicians"),
    ("De Blasio, speaking on WOR710, called Trump a \u201cblowhard,\u201d and left the studio.", "De Blasio"),
    ("Stuart Stevens, who served as Mitt Romney's chief strategist during the 2012 campaign, called Trump's "
     "statements and actions on Sunday \"childish.\"", "Stuart Stevens"),
    ("Ted Cruz, who has experienced a surge in Iowa, named \u201cCriminal Minds,\u201d as his favorite show.",
     "Ted Cruz"),
    ("Donald Trump named Sen. Ted Cruz, R-Texas, when asked to pick a possible running mate.", "Donald Trump"),
    ("It is a major issue, with Hillary Clinton \u2014 who\u2019s called for big tax hikes on the rich \u2014 "
     "lambasting Trump\u2019s plan.", "Hillary Clinton"),
])
def test_who_names_something_speaks(analyzer: Analyzer, text: str, speaker: str) -> None:
    """The small parser hangs some active naming verbs on a noun as if they were participles."""
    assert speaker in [spk for spk, _, _ in said(analyzer, text)]


def test_what_someone_refuses_to_say_is_theirs_not_the_refusal_s(analyzer: Analyzer) -> None:
    text = ("Jeremy Corbyn has been accused of failing to clamp down on anti-Semitism within his party. His refusal "
            "to say which side he would be on in a Brexit referendum has also drawn criticism.")
    found = said(analyzer, text)
    assert ("Jeremy Corbyn", "to say which side he would be on in a Brexit referendum", "refusal") in found
    assert all(spk != "His refusal" for spk, _, _ in found)
