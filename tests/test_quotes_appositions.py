"""An indirect content stops before a closing apposition, the writer's gloss (frames.py)."""

from __future__ import annotations

import pytest
from test_understand_support import parsed

from newsdesk.understand.frames import find_frames
from newsdesk.understand.lexicon import Lexicon
from newsdesk.understand.parsed import Sentence


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load()


def content(sent: Sentence, lexicon: Lexicon, cue: str) -> str:
    [frame] = [f for f in find_frames(sent, lexicon) if sent.tokens[f.cue].text == cue]
    return " ".join(sent.tokens[i].text for i in frame.content)


def proposal(gloss: list[tuple[str, str, str, int]]) -> Sentence:
    """'Clinton criticized his proposal to ban Muslims <break> <gloss> .' with the gloss an apposition on 'proposal'."""
    return parsed([("Clinton", "NNP", "nsubj", 1), ("criticized", "VBD", "ROOT", 1), ("his", "PRP$", "poss", 3),
                   ("proposal", "NN", "dobj", 1), ("to", "TO", "aux", 5), ("ban", "VB", "acl", 3),
                   ("Muslims", "NNPS", "dobj", 5), *gloss, (".", ".", "punct", 1)])


@pytest.mark.parametrize("gloss", [
    [(",", ",", "punct", 3), ("a", "DT", "det", 9), ("plan", "NN", "appos", 3), ("he", "PRP", "nsubj", 11),
     ("modified", "VBD", "relcl", 9)],
    [("—", ":", "punct", 3), ("the", "DT", "det", 10), ("harshest", "JJS", "amod", 10), ("plan", "NN", "appos", 3),
     ("yet", "RB", "advmod", 10)],
])
def test_a_closing_apposition_is_left_out(lexicon: Lexicon, gloss: list[tuple[str, str, str, int]]) -> None:
    assert content(proposal(gloss), lexicon, "criticized") == "his proposal to ban Muslims"


def test_a_name_in_apposition_stays(lexicon: Lexicon) -> None:
    sent = parsed([("Clinton", "NNP", "nsubj", 1), ("praised", "VBD", "ROOT", 1), ("the", "DT", "det", 3),
                   ("mayor", "NN", "dobj", 1), (",", ",", "punct", 3), ("Carlos", "NNP", "compound", 6),
                   ("Gimenez", "NNP", "appos", 3), (".", ".", "punct", 1)])
    assert content(sent, lexicon, "praised") == "the mayor , Carlos Gimenez"


def test_an_apposition_inside_the_claim_stays(lexicon: Lexicon) -> None:
    sent = parsed([("Clinton", "NNP", "nsubj", 1), ("said", "VBD", "ROOT", 1), ("Trump", "NNP", "nsubj", 8),
                   (",", ",", "punct", 2), ("a", "DT", "det", 5), ("businessman", "NN", "appos", 2),
                   (",", ",", "punct", 2), ("would", "MD", "aux", 8), ("lose", "VB", "ccomp", 1),
                   (".", ".", "punct", 1)])
    assert content(sent, lexicon, "said") == "Trump , a businessman , would lose"


def test_a_quoted_apposition_stays(lexicon: Lexicon) -> None:
    sent = proposal([(",", ",", "punct", 3), ('"', "``", "punct", 10), ("a", "DT", "det", 10),
                     ("disgrace", "NN", "appos", 3), ('"', "''", "punct", 10)])
    assert content(sent, lexicon, "criticized") == 'his proposal to ban Muslims , " a disgrace "'


def billed(agent: bool) -> Sentence:
    """'The operation was billed as humanitarian [by officials] .'"""
    words = [("The", "DT", "det", 1), ("operation", "NN", "nsubjpass", 3), ("was", "VBD", "auxpass", 3),
             ("billed", "VBN", "ROOT", 3), ("as", "IN", "prep", 3), ("humanitarian", "JJ", "pobj", 4)]
    if agent:
        words += [("by", "IN", "agent", 3), ("officials", "NNS", "pobj", 6)]
    return parsed([*words, (".", ".", "punct", 3)])


@pytest.mark.parametrize("agent", [False, True])
def test_a_passive_cues_as_phrase_keeps_its_subject_in_the_content(lexicon: Lexicon, agent: bool) -> None:
    sent = billed(agent)
    [frame] = [f for f in find_frames(sent, lexicon) if sent.tokens[f.cue].text == "billed"]
    assert [sent.tokens[i].text for i in frame.content] == ["The", "operation", "as", "humanitarian"]
    # who was billed is not who speaks: the "by" phrase is, or no one
    assert (sent.tokens[frame.source].text if frame.source is not None else None) == ("officials" if agent else None)
