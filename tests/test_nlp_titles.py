"""A title abbreviation the tokenizer would split from its period ("Lt" ".") stays one word, and neither the
sentence splitter nor the parser ends a sentence on it (#3): '... said Troy police Lt. Gerry Scherlinck.'
had the speaker "Troy police Lt"."""

from __future__ import annotations

from test_understand_support import speaker_by_quote

from newsdesk.types import Article, paragraph_spans
from newsdesk.understand import Analyzer
from newsdesk.understand.nlp import Parser, load_model


def _sentences(text: str, gate: bool) -> list[str]:
    parser = Parser(load_model(), lambda words: gate)
    article = Article(id="t", title=None, text=text, paragraphs=paragraph_spans(text))
    (parsed,) = parser.parse([article])
    return [text[s.tokens[0].start:s.tokens[-1].end] for s in parsed.sentences]


def test_a_title_ends_no_sentence() -> None:
    text = "The fire started at 5 a.m. Saturday, said Capt. Mike Jones. He pointed at Sgt. John Smith."
    for gate in (True, False):  # parsed, and split by the sentence splitter alone
        assert _sentences(text, gate) == ["The fire started at 5 a.m. Saturday, said Capt. Mike Jones.",
                                          "He pointed at Sgt. John Smith."]


def test_the_name_after_a_title_speaks(analyzer: Analyzer) -> None:
    found = speaker_by_quote(analyzer, '"There is a suspicion that there was a third official he was seeking," '
                                       "said Troy police Lt. Gerry Scherlinck.")
    assert found == {"There is a suspicion that there was a third official he was seeking": "Gerry Scherlinck"}
    found = speaker_by_quote(analyzer, "Vancouver Police spokesperson Const. Lindsey Houghton said the woman "
                                       "was arrested at the scene.")
    assert found == {"the woman was arrested at the scene": "Lindsey Houghton"}
