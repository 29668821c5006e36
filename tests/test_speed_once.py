"""Work the understand stage does once, not once per rule or round (issue #3): the results stay the same."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsdesk.types import Article, paragraph_spans
from newsdesk.understand import Analyzer, entities
from newsdesk.understand.parsed import Token


def test_a_tokens_lower_case_is_made_with_it() -> None:
    tok = Token(0, 0, 6, "Police", "NNP")
    assert "lower" in Token.__dataclass_fields__ and tok.lower == "police"
    assert replace(tok, text="ARRESTED").lower == "arrested"  # made again for the new text
    assert tok == Token(0, 0, 6, "Police", "NNP") and "lower" not in repr(tok)


def test_the_crime_story_test_reads_an_article_once(analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    crime_story = entities.crime_story
    monkeypatch.setattr(entities, "crime_story", lambda sents: (calls.append(1), crime_story(sents))[1])
    text = "Police arrested Jackson on Friday. Jackson was charged with theft, the court said."
    [analysis] = analyzer.analyze([Article(id="t", title=None, text=text, paragraphs=paragraph_spans(text))])
    assert calls == [1]  # the type vote runs two rounds over the same sentences
    assert any(e.name == "Jackson" and e.type == "PERSON" for e in analysis.entities)
