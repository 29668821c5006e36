"""A pronoun speaker goes to a person the article writes with that gender, where it says, and "he" or "she"
to the main subject of the sentence before rather than the person named last in it (#3)."""

from __future__ import annotations

from test_understand_support import speaker_by_quote

from newsdesk.understand import Analyzer


def test_she_skips_a_man_named_since(analyzer: Analyzer) -> None:
    text = ("Senator Bernie Sanders spoke first at the rally on Monday.\n\n"
            "Then Representative Alexandria Ocasio-Cortez took the stage. "
            "Sanders thanked the crowd and waved to his supporters.\n\n"
            '"We will win this fight," she said.')
    assert speaker_by_quote(analyzer, text)["We will win this fight"] == "Alexandria Ocasio-Cortez"


def test_a_courtesy_title_says_who_he_is(analyzer: Analyzer) -> None:
    text = ("Mr Albanese met the premier of Victoria, Jacinta Allan, in Melbourne on Friday.\n\n"
            "Ms Allan said the state would pay its share of the rail line.\n\n"
            '"This is a good day for the suburbs," he said.')
    assert speaker_by_quote(analyzer, text)["This is a good day for the suburbs"] == "Albanese"


def test_a_gendered_role_says_who_she_is(analyzer: Analyzer) -> None:
    text = ("Committee chairwoman Maxine Waters questioned JPMorgan chairman Jamie Dimon for three hours "
            "on Wednesday.\n\n"
            "Dimon defended the bank's lending record.\n\n"
            '"The answers were not good enough," she said.\n\n'
            '"We have nothing to hide," he said.')
    found = speaker_by_quote(analyzer, text)
    assert found["The answers were not good enough"] == "Maxine Waters"
    assert found["We have nothing to hide"] == "Jamie Dimon"


def test_without_evidence_the_nearest_person_speaks(analyzer: Analyzer) -> None:
    text = ("Jordan Reyes met Casey Morgan in Denver on Tuesday.\n\n"
            "Morgan signed the lease for the new office.\n\n"
            '"It took a year to get here," she said.')
    assert speaker_by_quote(analyzer, text)["It took a year to get here"] == "Casey Morgan"


def test_her_in_his_own_apposition_is_someone_elses(analyzer: Analyzer) -> None:
    text = ("Jane Porter, the chief executive of Hewlett-Packard, said on Monday that she wanted to buy a rival.\n\n"
            "Michael Capellas, her counterpart at Compaq, called with an offer on Tuesday.\n\n"
            '"The brand would survive," he said.')
    assert speaker_by_quote(analyzer, text)["The brand would survive"] == "Michael Capellas"


def test_he_is_who_the_sentence_before_is_about(analyzer: Analyzer) -> None:
    """Not the person named last in it."""
    text = ("Tim Morrison, a former National Security Council official, testified on Tuesday.\n\n"
            "Morrison testified that he didn't always follow through on suggestions from Gordon Sondland. He said "
            "he had been told to stay away from the matter.")
    assert speaker_by_quote(analyzer, text)["he had been told to stay away from the matter"] == "Tim Morrison"


def test_she_is_the_woman_named_last_where_the_subject_before_is_not_known_to_be_one(analyzer: Analyzer) -> None:
    text = ("Hillary Clinton met House Democrats with her staff on Wednesday.\n\n"
            "Rep. Steve Israel (D-N.Y.) said Clinton called on members to be \u201cclosely coordinated.\u201d "
            "She added that the party had to win back the House.")
    assert speaker_by_quote(analyzer, text)["that the party had to win back the House"] == "Hillary Clinton"


def test_he_is_who_the_paragraph_before_ends_about(analyzer: Analyzer) -> None:
    text = ("Republicans don't seem to take the senator's argument seriously.\n\n"
            "Ohio Gov. John Kasich, a Republican presidential contender, predicted at the most recent debate that "
            "Republicans will take every state if Bernie Sanders wins the nomination.\n\n"
            "\"That's not even an issue,\" he said to applause.")
    assert speaker_by_quote(analyzer, text)["That's not even an issue"] == "John Kasich"
