"""Content boundaries after the learned content model (newsdesk/understand/bounds.py)."""

from __future__ import annotations

import pytest
from test_understand_support import parsed

from newsdesk.types import Article, Quote, paragraph_spans
from newsdesk.understand.bounds import bounded
from newsdesk.understand.lexicon import Lexicon
from newsdesk.understand.parsed import Analysis, Name
from newsdesk.understand.quotes import find_quotes


def quote(text: str, kind: str = "indirect") -> Quote:
    return Quote(text=text, start=0, end=len(text), kind=kind)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load()


ZIKA = parsed([("Kasich", "NNP", "nsubj", 3), ("does", "VBZ", "aux", 3), ("n't", "RB", "neg", 3),
               ("pretend", "VB", "ROOT", 3), ("that", "IN", "mark", 8), ("the", "DT", "det", 6),
               ("virus", "NN", "nsubj", 8), ("will", "MD", "aux", 8), ("spread", "VB", "ccomp", 3),
               (",", ",", "punct", 6), ("which", "WDT", "nsubj", 11), ("worries", "VBZ", "relcl", 6),
               ("doctors", "NNS", "dobj", 11), (".", ".", "punct", 3)])


def test_find_quotes_leaves_a_relative_clause_after_the_content_out(lexicon: Lexicon) -> None:
    text = " ".join(t.text for t in ZIKA.tokens)
    article = Article(id="a", title=None, text=text, paragraphs=paragraph_spans(text))
    analysis = Analysis(article, (ZIKA,), (Name(0, 6, "Kasich", "PERSON", 0, 0, 0),), (), ())
    [found] = find_quotes(analysis, [], lexicon, lexicon.classifier.threshold if lexicon.classifier else 0.5)
    assert found.text == "that the virus will spread"
    assert text[found.start:found.end] == "that the virus will spread"


@pytest.mark.parametrize("text, kept", [
    ("he would quarantine people over fears of the virus, which is spread by mosquitoes",
     "he would quarantine people over fears of the virus"),
    ("the plan was dead, noting that Congress had moved on", "the plan was dead"),
    ("taxes would rise, which, he said, was fair, citing the deficit", "taxes would rise, which, he said, was fair"),
    ("she would back Mr. Sanders, who trailed by 20 points", "she would back Mr. Sanders"),
    ("the firm hired Katrina Pierson, according to Politico", "the firm hired Katrina Pierson"),
])
def test_an_indirect_content_stops_before_the_writers_words(text: str, kept: str) -> None:
    assert bounded(text, quote(text)).text == kept


@pytest.mark.parametrize("text, kind", [
    ("Clinton, who trailed by 20 points, would still win", "indirect"),  # the clause sits inside the claim
    ("the deal was 'a disaster, which nobody wanted'", "mixed"),  # a mixed quote's ends are its marks'
    ("the fund, however, would run dry", "indirect"),
    ("the program, which began in 1990, has grown", "indirect"),  # the clause sits inside the claim
    ("the talks would go on in Geneva, where the envoys met", "indirect"),
    ("the plan was dead, saying that Congress had moved on", "indirect"),
])
def test_other_contents_stay_whole(text: str, kind: str) -> None:
    assert bounded(text, quote(text, kind)) == quote(text, kind)
