"""Reporting verbs the training articles are too few to learn ("retorted", "implored", "confessed"; British
"criticised") join the learned cue lexicon (scripts/reporting_verbs.py, #3)."""

from __future__ import annotations

import sys
from pathlib import Path

from test_understand_support import quotes_of

from newsdesk.understand import Analyzer, Lexicon

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from reporting_verbs import ADDED, GENERAL, with_reporting


def test_an_added_verb_gets_the_median_prior_of_the_learned_ones() -> None:
    forms = {"said": "say", "warned": "warn", "argued": "argue"}
    prior = {"say": 0.9, "warn": 0.7, "argue": 0.5, "eat": 0.2}
    with_reporting(forms, prior, {}, 0.12)
    assert prior["retort"] == 0.7 and forms["retorted"] == "retort" and forms["retorts"] == "retort"
    assert prior["eat"] == 0.2 and "eat" not in GENERAL  # what is not a reporting verb is left as learned


def test_train_says_what_is_no_cue() -> None:
    forms: dict[str, str] = {"said": "say"}
    prior = {"say": 0.9, "criticize": 0.6}
    with_reporting(forms, prior, {"mutter": 1 / 40}, 0.12)  # muttered 38 times, never a cue
    assert "mutter" not in prior and "muttered" not in forms
    assert forms["criticised"] == "criticize" and forms["criticising"] == "criticize"


def test_a_learned_verb_keeps_its_own_prior_and_gets_its_other_forms() -> None:
    forms = {"said": "say", "confessed": "confess"}
    prior = {"say": 0.9, "confess": 0.31}
    with_reporting(forms, prior, {}, 0.12)
    assert prior["confess"] == 0.31 and forms["confesses"] == "confess"


def test_the_shipped_lexicon_knows_them() -> None:
    lexicon = Lexicon.load()
    assert {lexicon.lemma(w) for w in ("retorted", "implored", "confesses", "whispering")} == {
        "retort", "implore", "confess", "whisper"}
    assert lexicon.lemma("criticised") == "criticize"
    assert {"retorted", "implored"} <= lexicon.gate
    assert all(lexicon.lemma(lemma) == lemma for lemma in ADDED)


def test_their_quotes_are_found(analyzer: Analyzer) -> None:
    (quote,) = quotes_of(analyzer, '"Not a chance," she retorted.')
    assert (quote.text, quote.cue, quote.speaker.name if quote.speaker else None) == ("Not a chance", "retort", "she")
    (quote,) = quotes_of(analyzer, "The mayor implored the council to reopen the shelter before winter.")
    assert quote.cue == "implore" and quote.text == "the council to reopen the shelter before winter"
