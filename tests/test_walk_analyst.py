"""An analyst's reading of `analyze` output on articles of many kinds: who is who, who said what,
who did what where. Each test is a case a reader found wrong."""

from __future__ import annotations

import pytest

from newsdesk.types import Article, paragraph_spans
from newsdesk.understand import Analyzer


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def analyze(analyzer: Analyzer, text: str) -> Article:
    return analyzer(Article(id="t", title=None, text=text, paragraphs=paragraph_spans(text)))


def entity(article: Article, name: str):  # type: ignore[no-untyped-def]
    found = [e for e in article.entities if e.name == name]
    assert found, f"{name!r} not among {[e.name for e in article.entities]}"
    return found[0]


def test_an_acronym_with_a_plus_is_an_organisation_that_speaks(analyzer: Analyzer) -> None:
    text = ("OPEC+ agreed on Thursday to stick to a modest increase in oil output for May.\n\n"
            "The group will raise its output target by 432,000 barrels a day, it said after a brief meeting.")
    article = analyze(analyzer, text)
    opec = entity(article, "OPEC+")
    assert opec.type == "ORG"
    assert [q.speaker.entity for q in article.quotes if q.speaker] == [opec.id, opec.id]
    assert any(e.actor and e.actor.entity == opec.id for e in article.events)


def test_lgbtq_plus_is_a_group_not_an_organisation(analyzer: Analyzer) -> None:
    article = analyze(analyzer, "Activists said LGBTQ+ people in the city faced new restrictions.")
    assert all(e.type != "ORG" for e in article.entities if e.name.startswith("LGBT"))
