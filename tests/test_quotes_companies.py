"""A company that speaks under a description ('the iPhone maker said', 'the automaker said') is the
company the article names, not what it makes (#3)."""

from __future__ import annotations

import pytest
from test_understand_support import speakers

from newsdesk.understand import Analyzer


def test_the_iphone_maker_is_apple_not_the_iphone(analyzer: Analyzer) -> None:
    text = ("Apple said on Tuesday it would move some iPhone production out of China by next year.\n\n"
            "The iPhone maker said the shift would take several years to complete.")
    found = speakers(analyzer, text)
    assert ("Apple", "the shift would take several years to complete") in found


def test_a_description_with_no_company_named_stays_as_written(analyzer: Analyzer) -> None:
    text = "The iPhone maker said on Monday it would open three new stores in India."
    found = speakers(analyzer, text)
    assert [spk for spk, _ in found] == ["The iPhone maker"]


def test_the_automaker_is_the_company_its_sentence_names(analyzer: Analyzer) -> None:
    text = ("Toyota Motor Corp. will spend $5 billion on new battery plants in North Carolina, the automaker "
            "said on Wednesday.\n\nThe Japanese automaker said the plants would employ 2,000 people.")
    found = speakers(analyzer, text)
    assert [spk for spk, t in found if "plants" in t] == ["Toyota Motor Corp.", "Toyota Motor Corp."]


def test_the_software_giant_is_the_company_that_spoke_before(analyzer: Analyzer) -> None:
    text = ("Microsoft announced on Tuesday that it would cut 10,000 jobs. The software giant said the cuts "
            "would be completed by March.")
    found = speakers(analyzer, text)
    assert ("Microsoft", "the cuts would be completed by March") in found


def test_a_byline_is_no_quote(analyzer: Analyzer) -> None:
    text = ("Posted by Mike Chen | Updated 3:42 p.m. ET\n\n"
            "Ford said Tuesday it would recall 240,000 Explorer SUVs because of a faulty rear axle.")
    found = speakers(analyzer, text)
    assert [spk for spk, _ in found] == ["Ford"]


@pytest.mark.parametrize("text", [
    "Writing for the majority, Justice Elena Kagan said the law interfered with the platforms' judgments.",
    "One Reddit user, who posts as u/quietnurse, wrote that the hospital had cut night staff by a third.",
])
def test_the_role_one_writes_in_is_no_quote(analyzer: Analyzer, text: str) -> None:
    found = speakers(analyzer, text)
    assert found and not any(t.split()[0] in {"for", "as"} for _, t in found)
