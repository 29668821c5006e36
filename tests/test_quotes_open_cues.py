"""Frames whose cue the lexicon lacks (newsdesk/understand/cues_open.py), on hand-parsed sentences."""

from __future__ import annotations

import pytest
from test_understand_support import parsed

from newsdesk.types import Article, paragraph_spans
from newsdesk.understand.cues_open import open_frames
from newsdesk.understand.lexicon import Lexicon
from newsdesk.understand.parsed import Analysis, Name
from newsdesk.understand.quotes import find_quotes


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load()


PRETEND = parsed([("Kasich", "NNP", "nsubj", 3), ("does", "VBZ", "aux", 3), ("n't", "RB", "neg", 3),
                  ("pretend", "VB", "ROOT", 3), ("that", "IN", "mark", 8), ("his", "PRP$", "poss", 6),
                  ("campaign", "NN", "nsubj", 8), ("will", "MD", "aux", 8), ("continue", "VB", "ccomp", 3),
                  (".", ".", "punct", 3)])
CLEAR = parsed([("It", "PRP", "nsubj", 1), ("is", "VBZ", "ROOT", 1), ("clear", "JJ", "acomp", 1),
                ("that", "IN", "mark", 6), ("the", "DT", "det", 5), ("plan", "NN", "nsubj", 6),
                ("failed", "VBD", "ccomp", 1), (".", ".", "punct", 1)])
def test_an_unknown_verbs_that_clause_is_what_its_named_subject_holds(lexicon: Lexicon) -> None:
    assert lexicon.lemma("pretend") is None  # the point: a verb PolNeAR train hardly shows as a cue
    [frame] = open_frames(PRETEND, lexicon, named=frozenset({0}))
    assert frame.lemma == "pretend" and frame.source == 0
    assert [PRETEND.tokens[i].text for i in frame.content] == ["that", "his", "campaign", "will", "continue"]


def test_a_that_clause_of_something_that_is_no_one_is_not_a_frame(lexicon: Lexicon) -> None:
    assert open_frames(PRETEND, lexicon) == []  # 'Kasich' not a name the model found: whose words, unknown
    assert open_frames(CLEAR, lexicon, named=frozenset({0})) == []  # 'It is clear that ...'


def test_find_quotes_keeps_an_unknown_verbs_clause_with_its_speaker(lexicon: Lexicon) -> None:
    text = " ".join(t.text for t in PRETEND.tokens)
    article = Article(id="a", title=None, text=text, paragraphs=paragraph_spans(text))
    analysis = Analysis(article, (PRETEND,), (Name(0, 6, "Kasich", "PERSON", 0, 0, 0),), (), ())
    [quote] = find_quotes(analysis, [], lexicon, lexicon.classifier.threshold if lexicon.classifier else 0.5)
    assert (quote.text, quote.kind, quote.cue) == ("that his campaign will continue", "indirect", "pretend")
    assert quote.speaker is not None and quote.speaker.name == "Kasich"


def test_a_that_clause_opens_the_parse_gate_whatever_verb_takes_it(lexicon: Lexicon) -> None:
    words = ["kasich", "does", "n't", "pretend", "that", "his", "campaign", "will", "survive", "."]
    assert lexicon.opens_gate(words)
    assert not lexicon.opens_gate([w for w in words if w != "that"])  # no cue word, no mark: not parsed
