"""An indirect quote that runs into another quote's marks stops before it; a frame kept under the cue
threshold needs a content of a few words; a content the parse ran across its own cue keeps what stands
after it (#3)."""

from __future__ import annotations

import pytest
from test_understand_support import quotes_of, text_article

from newsdesk.types import Quote
from newsdesk.understand import Analyzer
from newsdesk.understand.quotes import MIN_PLAIN_WORDS, UNMARKED_SHARE, _before_inner, find_quotes


def test_an_indirect_quote_stops_before_the_quote_it_runs_into(analyzer: Analyzer) -> None:
    text = ('The mayor says she will present the budget to the council on Monday, calling it "the leanest plan '
            'in a decade."')
    quotes = quotes_of(analyzer, text)
    said = [q for q in quotes if q.cue == "say"]
    assert [(q.kind, q.text) for q in said] == [("indirect", "she will present the budget to the council on Monday")]
    assert text[said[0].start:said[0].end] == said[0].text
    assert said[0].speaker is not None and said[0].speaker.name == "The mayor"
    # the quote it ran into stands beside it, whole
    assert [q.kind for q in quotes if "leanest" in q.text] == ["mixed"]


def test_where_an_indirect_quote_stops_before_the_quote_inside_it() -> None:
    text = 'He said the vote was fair, calling it "a clean and open count of every single ballot cast here."'
    start = text.index("the vote")

    def outer(end: int) -> Quote:
        return Quote(text=text[start:end], start=start, end=end, kind="indirect", cue="say")

    inner = text.index("it ")
    # the cue clause before the inner quote (', calling') goes with it
    assert _before_inner(text, outer(text.index(" of every")), inner) == text.index(", calling")
    # an outer content that is mostly the inner quote gives way to it
    assert _before_inner(text, outer(len(text)), inner) is None
    assert _before_inner(text, outer(len(text)), start) is None


def test_a_short_content_is_not_kept_under_the_threshold(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze([text_article("The mayor later praised the volunteers.")])[0]
    frames = analyzer.frames(analysis)
    score = max(f.probability for f in frames if f.lemma == "praise")
    at = find_quotes(analysis, frames, analyzer.lexicon, score * 0.99)
    assert [q.text for q in at] == ["the volunteers"]
    # between the unmarked share of the threshold and the threshold: two words are too few
    assert MIN_PLAIN_WORDS > 2
    under = find_quotes(analysis, frames, analyzer.lexicon, score / ((1 + UNMARKED_SHARE) / 2))
    assert [q.text for q in under] == []


@pytest.mark.parametrize(("text", "content", "kind"), [
    ("The reform, which critics described as reckless and costly, passed easily.", "as reckless and costly",
     "indirect"),
    ("The company is selling what analysts described as its most profitable division.",
     "as its most profitable division", "indirect"),
    ('Protesters gathered outside what organizers called "the people\'s embassy."', '"the people\'s embassy."',
     "mixed"),
])
def test_a_content_run_across_its_cue_keeps_what_stands_after_it(analyzer: Analyzer, text: str, content: str,
                                                                  kind: str) -> None:
    [quote] = quotes_of(analyzer, text)
    assert (text[quote.start:quote.end], quote.kind) == (content, kind)


def test_a_parenthetical_cue_keeps_the_clause_around_it(analyzer: Analyzer) -> None:
    text = "The plan, the governor said, is too expensive for the state."
    [quote] = quotes_of(analyzer, text)
    assert text[quote.start:quote.end] == "The plan, the governor said, is too expensive for the state"
