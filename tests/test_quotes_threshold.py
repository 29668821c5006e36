"""Indirect attributions the cue classifier scores just under its threshold, and the content of 'X,
according to Y, Z' (#3)."""

from __future__ import annotations

import pytest
from test_understand_support import analysed, text_article

from newsdesk.understand import Analysis, Analyzer
from newsdesk.understand.quotes import UNMARKED_SHARE, find_quotes


def analysis_of(analyzer: Analyzer, text: str) -> Analysis:
    return analyzer.analyze([text_article(text)])[0]


def test_a_frame_with_no_quotation_mark_is_kept_a_little_under_the_threshold(analyzer: Analyzer) -> None:
    analysis = analysis_of(analyzer, "The chief executive hopes that the merger will close by June.")
    frames = analyzer.frames(analysis)
    score = max(f.probability for f in frames)
    # the real score of the frame, with thresholds set around it: kept above the unmarked share of one
    # threshold, gone below it
    just_under = find_quotes(analysis, frames, analyzer.lexicon, score / ((1 + UNMARKED_SHARE) / 2))
    assert [q.text for q in just_under] == ["that the merger will close by June"]
    far_under = find_quotes(analysis, frames, analyzer.lexicon, score / (UNMARKED_SHARE * 0.9))
    assert [q.text for q in far_under] == []


@pytest.mark.parametrize(("text", "content"), [
    ("Prices rose 3 percent in June, according to the statistics office, the fastest pace in a year.",
     "Prices rose 3 percent in June"),
    ("Most of the cases were mild, according to health officials, but two patients remain in hospital.",
     "Most of the cases were mild"),
])
def test_according_to_takes_one_side_of_its_phrase(analyzer: Analyzer, text: str, content: str) -> None:
    article = analysed(analyzer, text)
    found = [q for q in article.quotes if q.cue == "according to"]
    assert [q.text for q in found] == [content]
    assert text[found[0].start:found[0].end] == content


def test_the_classifier_reads_the_cue_s_auxiliaries_object_word_and_content_share(analyzer: Analyzer) -> None:
    analysis = analysis_of(analyzer, "The governor has unveiled plans for a new bridge.")
    frame = next(f for f in analyzer.frames(analysis) if f.lemma == "unveil")
    feats = dict(frame.features)
    assert feats["aux=has"] == 1.0
    assert feats["dobjw=plans"] == 1.0 and feats["lemma=unveil|dobj=plans"] == 1.0
    # the sentence 10 tokens long (of 60), its content ("plans for a new bridge") 5 of them
    assert feats["sent_len"] == 10 / 60 and feats["content_share"] == 5 / 10
    # the shipped classifier weighs them (learned from PolNeAR train)
    weights = analyzer.lexicon.classifier.weights if analyzer.lexicon.classifier else {}
    assert "aux=has" in weights and "dobjw=plans" in weights
