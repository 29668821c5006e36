"""A pronoun speaker goes to a person the article writes with that gender, where it says (#3)."""

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
