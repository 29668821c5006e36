"""Who is not the speaker, and what no one said (#3): the subject of a passive of hearsay or accusation
("Trump is expected to ...", "A man has been charged with ..."), of "seems" or "appears" ("Ms. Yellen seems
to be ..."), a dummy "it" ("It is feared that ...", "It
seems that ..."); a page's time stamp under a label ("PUBLISHED: WEDNESDAY, MARCH 13, 2013") is no one's words,
nor is the thing a cue of things takes as its object ("passed for 364 yards", "fired coach Maurice Cheeks")."""

from __future__ import annotations

from test_understand_support import quotes_of

from newsdesk.understand import Analyzer
from newsdesk.understand.adjacent import is_stamp


def _one(analyzer: Analyzer, text: str) -> tuple[str, str | None]:
    (quote,) = quotes_of(analyzer, text)
    return quote.text, quote.speaker.name if quote.speaker else None


def test_the_subject_of_a_passive_of_hearsay_is_what_is_said(analyzer: Analyzer) -> None:
    text = "The central bank, which has held rates near zero since 2008, is expected to act at its next meeting."
    assert _one(analyzer, text) == (text[:-1], None)
    assert _one(analyzer, "No one is believed to have been injured in the fire.") == (
        "No one is believed to have been injured in the fire", None)


def test_a_passive_of_hearsay_keeps_the_agent_as_speaker(analyzer: Analyzer) -> None:
    quote, speaker = _one(analyzer, "Trump is expected by most analysts to win the primary in New York.")
    assert quote.startswith("Trump") and quote.endswith("to win the primary in New York")
    assert speaker == "most analysts"


def test_what_seems_so_is_said_of_the_subject_by_no_one(analyzer: Analyzer) -> None:
    text = "So far, during her first two years at the helm, Ms. Yellen seems to be steering the ship carefully."
    assert _one(analyzer, text) == ("Ms. Yellen seems to be steering the ship carefully", None)
    text = "The new Canadian government appears ready to come on board with a national carbon price."
    assert _one(analyzer, text) == (text[:-1], None)


def test_who_seems_to_say_something_still_says_it(analyzer: Analyzer) -> None:
    assert _one(analyzer, "The governor seemed to indicate that he would sign the bill.") == (
        "to indicate that he would sign the bill", "The governor")


def test_the_accused_is_no_speaker(analyzer: Analyzer) -> None:
    assert _one(analyzer, "A man has been charged with first-degree murder after a shooting in Vancouver.") == (
        "A man has been charged with first-degree murder", None)


def test_an_active_cue_keeps_its_subject(analyzer: Analyzer) -> None:
    assert _one(analyzer, "The prosecutor expects to win the case against the former mayor.")[1] == "The prosecutor"
    assert _one(analyzer, "Smith was quoted as saying the deal was dead.") == ("the deal was dead", "Smith")


def test_a_dummy_it_names_no_one(analyzer: Analyzer) -> None:
    quotes = quotes_of(analyzer, "Microsoft fixed the browser on Tuesday. It is feared that the flaw is already "
                                 "being exploited by criminals.")
    feared = [q for q in quotes if "exploited" in q.text]
    assert feared and feared[0].speaker is None
    assert _one(analyzer, "It seems that Olsen has every reason to reduce her sentence.")[1] is None


def test_an_it_that_stands_for_a_body_still_speaks(analyzer: Analyzer) -> None:
    quotes = quotes_of(analyzer, "Microsoft released an update on Tuesday. It said that the flaw was serious.")
    said = [q for q in quotes if q.text == "that the flaw was serious"]
    assert said and said[0].speaker is not None and said[0].speaker.name == "Microsoft"


def test_a_time_stamp_is_no_ones_words(analyzer: Analyzer) -> None:
    text = ("Police shoot teen in Brooklyn\n\nPUBLISHED: WEDNESDAY, MARCH 13, 2013, 12:38 AM\n\n"
            "UPDATED: WEDNESDAY, MARCH 13, 2013, 2:30 AM\n\nThe mayor said the city would investigate.")
    assert [q.text for q in quotes_of(analyzer, text)] == ["the city would investigate"]


def test_what_a_stamp_is() -> None:
    assert is_stamp("WEDNESDAY, MARCH 13, 2013, 12: 38 AM")
    assert is_stamp("05/02/07, 9:00 PM PDT")
    assert is_stamp("Oct 26, 2011 8:57 a.m. CDT")
    assert not is_stamp("Trump will win the vote on Monday")
    assert not is_stamp("May the best man win")
    assert not is_stamp("At least 5 dead")
    assert not is_stamp("the decision of the market on Monday 5")


def test_a_thing_done_is_no_ones_words(analyzer: Analyzer) -> None:
    assert quotes_of(analyzer, "Peyton Manning passed for 364 yards and three touchdowns on Sunday.") == ()
    assert quotes_of(analyzer, "The Sixers fired coach Maurice Cheeks on Saturday.") == ()
    text = "The company released a statement saying the flaw was serious."
    assert [q.text for q in quotes_of(analyzer, text)] == ["the flaw was serious"]


def test_a_thing_cue_with_a_clause_stays(analyzer: Analyzer) -> None:
    text = "Smith wrote that the deal would collapse before the election."
    assert _one(analyzer, text) == ("that the deal would collapse before the election", "Smith")


def test_who_a_passive_was_done_to_is_no_speaker(analyzer: Analyzer) -> None:
    assert _one(analyzer, "Peacekeepers have been blamed for introducing cholera to Haiti.")[1] is None
    assert _one(analyzer, "LaCalamita was fired last week and was expected to be charged on Tuesday.")[1] is None
    assert _one(analyzer, "Garland was nominated by Obama to replace Scalia on the court.")[1] == "Obama"


def test_a_passive_of_a_stance_keeps_its_holder(analyzer: Analyzer) -> None:
    assert _one(analyzer, "Smith was quoted as saying the deal was dead.")[1] == "Smith"
    quotes = quotes_of(analyzer, "Trump has railed against the tax code, but he's sought to protect breaks "
                                 "important to real estate.")
    assert [q.speaker is not None for q in quotes if q.cue == "seek"] == [True]  # "he's": he has sought


def test_whom_it_seems_to_holds_it(analyzer: Analyzer) -> None:
    assert _one(analyzer, "It seemed to Smith that the vote had been rigged.") == (
        "that the vote had been rigged", "Smith")
    text = "Microsoft fixed the browser on Tuesday. Now, it seems, a battle is going on between the two firms."
    assert all(q.speaker is None or q.speaker.name != "Microsoft" for q in quotes_of(analyzer, text))


def test_a_quoted_title_is_what_was_written(analyzer: Analyzer) -> None:
    quotes = quotes_of(analyzer, "\u201cAmerican Skin (41 Shots)\u201d was written by Springsteen after the 1999 "
                                 "shooting.")
    assert [(q.text, q.speaker.name if q.speaker else None) for q in quotes] == [
        ("American Skin (41 Shots)", "Springsteen")]
