"""A "they" speaker is the group it points back to, where one agrees with it; else it stays "they" (#3)."""

from __future__ import annotations

from test_understand_support import speaker_by_quote

from newsdesk.understand import Analyzer


def test_they_is_the_subject_of_the_sentence_before(analyzer: Analyzer) -> None:
    text = ("Former prosecutors said investigators were probably feeling the pressure of time because of the "
            "election.\n\n"
            "Take action before the election, they said, and you risk being seen as trying to influence it.")
    found = speaker_by_quote(analyzer, text)
    assert "Former prosecutors" in found.values()
    assert "they" not in found.values()


def test_they_is_the_subject_of_the_clause_it_reports(analyzer: Analyzer) -> None:
    text = ("The striking nurses will return to work on Monday if the hospital signs the deal, they said in a "
            "statement.")
    assert list(speaker_by_quote(analyzer, text).values()) == ["The striking nurses"]


def test_they_is_people_joined_by_and(analyzer: Analyzer) -> None:
    text = ("Gary Johnson and William Weld told reporters in Concord that the campaign had raised $2 million.\n\n"
            "They said voters now recognised them at every stop.")
    assert list(speaker_by_quote(analyzer, text).values())[-1] == "Gary Johnson and William Weld"


def test_they_is_a_person_and_the_people_joined_to_them(analyzer: Analyzer) -> None:
    text = ("Jennifer Pluznick, a physiologist at Johns Hopkins, found the receptor in 2009.\n\n"
            "Meanwhile, Pluznick and her colleagues had continued to study the role of the Olfr78 receptor in the "
            "kidneys. They demonstrated in 2013 that it responded to molecules secreted by intestinal microorganisms.")
    assert list(speaker_by_quote(analyzer, text).values())[-1] == "Jennifer Pluznick and her colleagues"


def test_they_is_a_team_named_in_the_sentence_before(analyzer: Analyzer) -> None:
    text = ("The research team said on Monday that the drug had worked in mice.\n\n"
            "They said trials in people would begin next year.")
    assert list(speaker_by_quote(analyzer, text).values())[-1] == "The research team"


def test_an_earlier_they_is_followed_back(analyzer: Analyzer) -> None:
    text = ("As the two senators toured New England, they were recognised by voters at every stop, they said.")
    assert list(speaker_by_quote(analyzer, text).values()) == ["the two senators"]


def test_they_stays_where_no_group_fits(analyzer: Analyzer) -> None:
    # the troops are what was drawn down, not who speaks: nothing before "they" can say it
    text = ("Clinton misjudged the Syrian president, the campaign's critics argue.\n\n"
            "The White House ordered a drawdown of troops in Iraq, which they say left a vacuum for terrorists.")
    found = speaker_by_quote(analyzer, text)
    assert "troops" not in " ".join(found.values())


def test_they_is_countries_joined_by_and(analyzer: Analyzer) -> None:
    text = "Russia and Ukraine agreed on Tuesday to reopen the Black Sea ports, they said in a joint statement."
    assert list(speaker_by_quote(analyzer, text).values()) == ["Russia and Ukraine"]


def test_who_with_no_one_named_before_is_the_noun_it_hangs_on(analyzer: Analyzer) -> None:
    text = "A retired teacher who said the county had lost her ballot was given a new one on Friday."
    found = speaker_by_quote(analyzer, text)
    assert "A retired teacher" in found.values()
    assert "who" not in found.values()


def test_a_senator_by_state_is_the_one_written_with_that_state(analyzer: Analyzer) -> None:
    text = ("Florida Sen. Marco Rubio and Texas Sen. Ted Cruz spoke in Des Moines on Monday.\n\n"
            "The Florida senator said he would win the state's primary.")
    assert list(speaker_by_quote(analyzer, text).values())[-1] == "Marco Rubio"


def test_a_title_abbreviated_names_who_the_role_is(analyzer: Analyzer) -> None:
    text = ("Gov. Chris Christie introduced Donald Trump at a rally in Ohio on Tuesday.\n\n"
            "The governor said the party had to unite behind its nominee.")
    assert list(speaker_by_quote(analyzer, text).values())[-1] == "Chris Christie"


def test_an_indefinite_description_is_no_one_named_before(analyzer: Analyzer) -> None:
    text = ("Senator John McCain opposed the measure on Wednesday.\n\n"
            "A Democratic senator said Republicans had agreed to hold votes on two gun measures.")
    assert list(speaker_by_quote(analyzer, text).values())[-1] == "A Democratic senator"


def test_who_is_the_someone_its_clause_hangs_on_not_the_person_named_last(analyzer: Analyzer) -> None:
    text = ("Donald Trump's company still owes money to a contractor who said he was never paid for his work on a "
            "clubhouse.")
    found = speaker_by_quote(analyzer, text)
    assert "a contractor" in found.values()
    assert "Donald Trump" not in found.values()


def test_people_who_said_are_those_people(analyzer: Analyzer) -> None:
    text = "President Obama met on Sunday with critics who say he should call terrorists radical Islamists."
    found = speaker_by_quote(analyzer, text)
    assert "critics" in found.values()
    assert "Obama" not in " ".join(v or "" for v in found.values())


def test_who_after_a_name_in_apposition_is_that_person(analyzer: Analyzer) -> None:
    text = ("The Republican party is not ready to unite, said Tom Rath, a veteran New Hampshire party leader who "
            "said on Monday that he would be a delegate to the convention.")
    found = speaker_by_quote(analyzer, text)
    assert set(found.values()) == {"Tom Rath"}

