"""A speaker the model did not name keeps the whole of a double-barrelled name (#3)."""

from __future__ import annotations

import pytest

from newsdesk.types import Article, paragraph_spans
from newsdesk.understand import Analyzer


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def test_a_hyphenated_surname_is_one_name(analyzer: Analyzer) -> None:
    text = "Rain Newton-Smith, the chief executive of the CBI, said firms would cut hiring."
    article = analyzer(Article(id="t", title=None, text=text, paragraphs=paragraph_spans(text)))
    found = {q.text: q.speaker.name if q.speaker else None for q in article.quotes}
    assert found["firms would cut hiring"] == "Rain Newton-Smith"
