"""A cue's content stops before the speaker's own second act joined inside it (#3):
'announced that he was undergoing therapy and vowed to focus on ...' holds two attributions."""

from __future__ import annotations

from test_understand_support import parsed, said

from newsdesk.understand import Analyzer
from newsdesk.understand.content import second_act

CUES = {"announced", "vowed", "said", "slept", "insists", "championed"}

# Weiner announced that he was undergoing therapy and vowed to focus
VOWED = parsed([("Weiner", "NNP", "nsubj", 1), ("announced", "VBD", "ROOT", 1), ("that", "IN", "mark", 5),
                ("he", "PRP", "nsubj", 5), ("was", "VBD", "aux", 5), ("undergoing", "VBG", "ccomp", 1),
                ("therapy", "NN", "dobj", 5), ("and", "CC", "cc", 5), ("vowed", "VBD", "conj", 5),
                ("to", "TO", "aux", 10), ("focus", "VB", "xcomp", 8)])
# Weiner said he went home and slept
SLEPT = parsed([("Weiner", "NNP", "nsubj", 1), ("said", "VBD", "ROOT", 1), ("he", "PRP", "nsubj", 3),
                ("went", "VBD", "ccomp", 1), ("home", "RB", "advmod", 3), ("and", "CC", "cc", 3),
                ("slept", "VBD", "conj", 3)])
# Weiner announced that he was undergoing therapy and she vowed to focus
SHE_VOWED = parsed([("Weiner", "NNP", "nsubj", 1), ("announced", "VBD", "ROOT", 1), ("that", "IN", "mark", 5),
                    ("he", "PRP", "nsubj", 5), ("was", "VBD", "aux", 5), ("undergoing", "VBG", "ccomp", 1),
                    ("therapy", "NN", "dobj", 5), ("and", "CC", "cc", 5), ("she", "PRP", "nsubj", 9),
                    ("vowed", "VBD", "conj", 5), ("to", "TO", "aux", 11), ("focus", "VB", "xcomp", 9)])

# Ryan insists the GOP must change and has championed cuts
CHAMPIONED = parsed([("Ryan", "NNP", "nsubj", 1), ("insists", "VBZ", "ROOT", 1), ("the", "DT", "det", 3),
                     ("GOP", "NNP", "nsubj", 5), ("must", "MD", "aux", 5), ("change", "VB", "ccomp", 1),
                     ("and", "CC", "cc", 5), ("has", "VBZ", "aux", 8), ("championed", "VBN", "conj", 5),
                     ("cuts", "NNS", "dobj", 8)])


def is_cue(word: str) -> bool:
    return word.lower() in CUES


def test_a_subjectless_cue_verb_in_the_cues_form_ends_the_content() -> None:
    content = list(range(2, 11))
    assert second_act(VOWED, VOWED.tokens[1], content, is_cue) == (8, 7)  # "vowed", cut before "and"


def test_an_auxiliary_gives_the_second_act_its_form() -> None:
    assert second_act(CHAMPIONED, CHAMPIONED.tokens[1], list(range(2, 10)), is_cue) == (8, 6)


def test_a_verb_in_its_heads_form_or_with_its_own_subject_stays() -> None:
    assert second_act(SLEPT, SLEPT.tokens[1], list(range(2, 7)), is_cue) is None
    assert second_act(SHE_VOWED, SHE_VOWED.tokens[1], list(range(2, 12)), is_cue) is None
    assert second_act(VOWED, VOWED.tokens[1], list(range(2, 11)), lambda word: False) is None


def test_the_second_act_is_an_attribution_of_the_same_speaker(analyzer: Analyzer) -> None:
    found = said(analyzer, "Anthony Weiner announced that he was undergoing therapy and vowed to focus on being a "
                           "better father.")
    assert ("Anthony Weiner", "that he was undergoing therapy", "announce") in found
    found = said(analyzer, "Vladimir Putin forecast that the slumping economy would soon rebound and praised efforts "
                           "by John Kerry.")
    assert found[0] == ("Vladimir Putin", "that the slumping economy would soon rebound", "forecast")
    assert ("Vladimir Putin", "efforts by John Kerry", "praise") in found
    found = said(analyzer, "Paul Ryan insists the GOP must be a party of ideas, and has championed an agenda of cuts.")
    assert found == [("Paul Ryan", "the GOP must be a party of ideas", "insist"),
                     ("Paul Ryan", "an agenda of cuts", "champion")]
