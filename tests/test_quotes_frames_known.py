"""Frames for cue words the lexicon knows in a shape the verb rules do not read (#3): a cue verb's form as a
noun with a "that" clause ('her claim that ...') or an "about" phrase ('questions about ...')."""

from __future__ import annotations

from test_understand_support import said

from newsdesk.understand import Analyzer


def test_a_cue_noun_s_that_clause_is_its_content_and_its_possessor_its_source(analyzer: Analyzer) -> None:
    found = said(analyzer, "Her claim that the election had been rigged drew sharp criticism from officials.")
    assert found == [("Her", "that the election had been rigged", "claim")]


def test_a_cue_noun_s_about_phrase_is_its_content_without_the_preposition(analyzer: Analyzer) -> None:
    found = said(analyzer, "Reporters raised questions about the senator's health after the debate.")
    assert found == [("Reporters", "the senator's health", "question")]


def test_a_verb_cue_keeps_its_own_content_over_its_object_noun_s(analyzer: Analyzer) -> None:
    found = said(analyzer, "Republicans have asked questions about the deal for weeks.")
    assert [cue for _, _, cue in found] == ["ask"]


def test_what_a_subject_is_confident_or_worried_of_is_its_attribution(analyzer: Analyzer) -> None:
    found = said(analyzer, "Speaking after the vote, the senator was confident that the bill would pass.")
    assert found == [("the senator", "that the bill would pass", "confident")]
    found = said(analyzer, "Officials are worried that the storm will hit the coast.")
    assert found == [("Officials", "that the storm will hit the coast", "worried")]


def test_a_cue_noun_s_clause_after_of_is_its_content(analyzer: Analyzer) -> None:
    found = said(analyzer, "Voters raised the question of whether the senator was fit to serve.")
    assert found == [("Voters", "whether the senator was fit to serve", "question")]
