"""A speaker written as a description ('the 38-year-old told reporters', 'the central bank said') is the
person or organisation of the article it describes (#3)."""

from __future__ import annotations

from test_understand_support import speakers

from newsdesk.understand import Analyzer


def test_a_quote_the_38_year_old_told_reporters_is_found_and_is_the_players(analyzer: Analyzer) -> None:
    text = ("Lena Marsh won her third title in Madrid on Saturday.\n\n"
            "\"I have never felt this strong on clay,\" the 38-year-old told reporters.")
    assert ("Lena Marsh", "I have never felt this strong on clay") in speakers(analyzer, text)


def test_an_age_given_with_a_name_picks_that_person(analyzer: Analyzer) -> None:
    text = ("Maria Lopez, 38, beat Anna Schmidt, 22, in the final on Saturday.\n\n"
            "The 22-year-old said that she would be back next year.")
    assert ("Anna Schmidt", "that she would be back next year") in speakers(analyzer, text)


def test_the_central_bank_is_the_bank_the_article_is_about(analyzer: Analyzer) -> None:
    text = "The Federal Reserve held interest rates steady on Wednesday. The central bank said inflation remained high."
    assert ("Federal Reserve", "inflation remained high") in speakers(analyzer, text)


def test_the_newspaper_is_a_paper_named_before(analyzer: Analyzer) -> None:
    text = ("The Angels offered Mark Teixeira an eight-year deal, the Los Angeles Times reported. "
            "The Angels did not reveal the amount, but the newspaper said the deal is worth at least $160 million.")
    assert ("Los Angeles Times", "the deal is worth at least $160 million") in speakers(analyzer, text)


def test_the_newspaper_is_no_team(analyzer: Analyzer) -> None:
    text = ("The Angels offered Mark Teixeira an eight-year deal. "
            "The Angels did not reveal the amount, but the newspaper said the deal is worth at least $160 million.")
    assert ("the newspaper", "the deal is worth at least $160 million") in speakers(analyzer, text)


def test_a_things_owner_is_no_firm_named_before(analyzer: Analyzer) -> None:
    text = ("The suspects will be handed over to the authorities, India said. "
            "The ship's owner said the sunken vessel was a Thai trawler.")
    assert ("The ship's owner", "the sunken vessel was a Thai trawler") in speakers(analyzer, text)
    text = "Apple sued Foxconn on Monday. The iPhone maker said it would appeal the ruling."
    assert ("Apple", "it would appeal the ruling") in speakers(analyzer, text)
