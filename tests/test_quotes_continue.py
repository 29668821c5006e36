"""A quote split around a long cue clause: its second part goes on with its first, and a frame of the cue clause
between them stands on its own (newsdesk/understand/quotes.py)."""

from __future__ import annotations

from test_understand_support import said

from newsdesk.understand import Analyzer


def test_a_quote_after_a_full_stop_goes_on_with_the_quote_before_it(analyzer: Analyzer) -> None:
    # the parse leaves the second part's opening marks in the cue clause's sentence ('... on Monday. ''There')
    text = ("''The governor will not find it easy to win this state,'' said Maria Lopez of Denver, who endorsed "
            "Mr. Hale on Monday. ''There is no doubt that right now his rival is the favorite.''")
    found = said(analyzer, text)
    assert ("Maria Lopez", "The governor will not find it easy to win this state. There is no doubt that right now "
            "his rival is the favorite.", "say") in found
    assert not any("Hale" in words and "favorite" in words for _, words, _ in found)


def test_a_frame_in_the_cue_clause_between_a_quotes_parts_stands_beside_it(analyzer: Analyzer) -> None:
    text = ('"Nobody expected a turnout like this in a cold January," said Tom Reyes, a county chairman who '
            'endorsed Ms. Park last week. "We ran out of ballots twice before noon."')
    found = said(analyzer, text)
    assert ("Tom Reyes", "Nobody expected a turnout like this in a cold January. We ran out of ballots twice before "
            "noon.", "say") in found
    assert ("Tom Reyes", "Ms. Park", "endorse") in found


def test_a_frame_inside_the_quoted_words_is_still_no_quote_of_its_own(analyzer: Analyzer) -> None:
    text = ('"I think she endorsed the mayor far too early," said Tom Reyes, a county chairman. "We will see in '
            'March whether it pays off."')
    assert [cue for _, _, cue in said(analyzer, text)] == ["say"]
