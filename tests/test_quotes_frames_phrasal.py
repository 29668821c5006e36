"""Phrasal cues (#3): PolNeAR annotates 'made it clear *that ...*', an opening 'In a CNN poll, *...*', 'To Frank,
*...*' and 'is reportedly *...*' as attributions, though no single cue word of the lexicon says so."""

from __future__ import annotations

import pytest
from test_understand_support import said

from newsdesk.understand import Analyzer


@pytest.mark.parametrize(("text", "speaker", "content"), [
    ("The senator made it clear that she would not back the budget.", "senator",
     "that she would not back the budget"),
    ("In a CNN poll released Monday, Clinton held a 24-point lead over Trump among black voters.", "CNN",
     "Clinton held a 24-point lead over Trump among black voters"),
    ("To Frank, the vote in Ohio was a turning point for the party.", "Frank",
     "the vote in Ohio was a turning point for the party"),
])
def test_a_phrasal_cue_gives_its_source_s_words(analyzer: Analyzer, text: str, speaker: str, content: str) -> None:
    found = [(spk, c) for spk, c, _ in said(analyzer, text)]
    assert any(c == content and spk is not None and speaker in spk for spk, c in found), found


def test_a_hearsay_adverb_marks_its_clause_as_reported(analyzer: Analyzer) -> None:
    text = "The Club for Growth is reportedly spending $1.5 million on advertisements that attack the governor."
    assert (None, "The Club for Growth is reportedly spending $1.5 million on advertisements that attack the governor",
            "reportedly") in said(analyzer, text)


@pytest.mark.parametrize("text", [
    "It was made clear last week that the bridge would stay closed.",
    "In a statement, the mayor thanked the volunteers for their work.",
    "In Nevada, the senator spent the weekend visiting schools.",
    "The man who allegedly robbed the bank was arrested in Ohio on Friday.",
])
def test_no_phrasal_attribution_without_its_shape(analyzer: Analyzer, text: str) -> None:
    assert not [c for _, _, c in said(analyzer, text) if c in {"clear", "in", "to", "allegedly"}]
