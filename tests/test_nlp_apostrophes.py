"""The parse reads curly apostrophes as the straight ones the model learnt from (#3, #4): "haven’t"
is tagged as "haven't" is, while every token keeps the article's own text and offsets."""

from __future__ import annotations

from newsdesk.types import Article, paragraph_spans
from newsdesk.understand.nlp import Parser, load_model


def _tokens(text: str) -> list[tuple[str, str, str, int, int]]:
    parser = Parser(load_model(), lambda words: True)
    article = Article(id="t", title=None, text=text, paragraphs=paragraph_spans(text))
    (parsed,) = parser.parse([article])
    return [(t.text, t.tag, t.dep, t.start, t.end) for s in parsed.sentences for t in s.tokens]


def test_a_curly_apostrophe_parses_as_a_straight_one() -> None:
    curly = _tokens("They haven\u2019t agreed to Russia\u2019s terms yet.")
    straight = _tokens("They haven't agreed to Russia's terms yet.")
    assert [(tag, dep) for _, tag, dep, _, _ in curly] == [(tag, dep) for _, tag, dep, _, _ in straight]
    assert curly[2][:3] == ("n\u2019t", "RB", "neg")
    text = "They haven\u2019t agreed to Russia\u2019s terms yet."
    assert all(text[start:end] == word for word, _, _, start, end in curly)
