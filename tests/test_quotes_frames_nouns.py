"""Nouns of saying or wanting the lexicon's cue nouns miss (#3): PolNeAR annotates 'his attacks on *X*',
'Trump's decision *to skip the debate*' and 'Sanders's contention *that he can still win*' as attributions of
the noun's possessor; a noun whose clause states a fact ('the fact that ...'), or one that no one's is, is none."""

from __future__ import annotations

import pytest
from test_understand_support import said

from newsdesk.understand import Analyzer


@pytest.mark.parametrize(("text", "speaker", "content"), [
    ("Senator Maria Lopez stepped up her attacks on the governor's budget this week.", "Maria Lopez",
     "the governor's budget"),
    ("Mayor Ruth Adler's criticism of the stadium plan angered the team's owners.", "Ruth Adler",
     "the stadium plan"),
    ("Senator John Smith's decision to skip the debate in Des Moines cost him votes.", "John Smith",
     "to skip the debate in Des Moines"),
    ("Governor Jane Ortiz's contention that the budget would be balanced by June rests on a tax rise.", "Jane Ortiz",
     "that the budget would be balanced by June"),
])
def test_a_noun_of_saying_or_wanting_holds_its_possessor_s_words(analyzer: Analyzer, text: str, speaker: str,
                                                                   content: str) -> None:
    assert (speaker, content) in [(spk, c) for spk, c, _ in said(analyzer, text)]


@pytest.mark.parametrize("text", [
    "The fact that the bridge was closed surprised nobody in Springfield.",
    "A decision to close the plant was announced on Friday.",
    "Attacks on the pipeline continued through the night.",
])
def test_a_fact_or_no_one_s_noun_is_no_attribution(analyzer: Analyzer, text: str) -> None:
    assert said(analyzer, text) == []


@pytest.mark.parametrize("text", [
    "Two soldiers were killed in a crash in Afghanistan, the US military said in a statement on Wednesday.",
    "The company's comments on Jan. 5 drew a rebuke from the regulator, officials said.",
])
def test_a_statement_on_a_day_is_about_no_day(analyzer: Analyzer, text: str) -> None:
    # "on Wednesday" says when the statement came, not what it was about
    assert not [c for _, c, _ in said(analyzer, text) if c in {"Wednesday", "Jan. 5"}]
