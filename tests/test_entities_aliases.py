"""A person's nickname given beside the full name joins that person ("Mohamed Hamdan Dagalo, known as
Hemedti", "Dagalo (Hemedti)"): the construction says they are one though no word is shared (#3)."""

from __future__ import annotations

import pytest
import test_understand_support as support

from newsdesk.types import Article
from newsdesk.understand import Analyzer


def analysed(analyzer: Analyzer, text: str) -> Article:
    return support.analysed(analyzer, text, published="2024-05-01")


@pytest.mark.parametrize("text", [
    "Mohamed Hamdan Dagalo, known as Hemedti, leads the Rapid Support Forces. Hemedti said the fighting would stop.",
    "Mohamed Hamdan Dagalo, better known as Hemedti, leads the Rapid Support Forces. Hemedti said he would talk.",
    "The RSF is led by Mohamed Hamdan Dagalo, nicknamed Hemedti, who rejected the talks.",
    "Sudan's army chief fought Mohamed Hamdan Dagalo (Hemedti) for months. Hemedti said he would talk.",
])
def test_nickname_joins_the_full_name(analyzer: Analyzer, text: str) -> None:
    article = analysed(analyzer, text)
    [person] = [e for e in article.entities if any(m.text == "Hemedti" for m in e.mentions)]
    assert person.name == "Mohamed Hamdan Dagalo"
    assert person.type == "PERSON"


def test_other_people_stay_apart(analyzer: Analyzer) -> None:
    article = analysed(analyzer, "Mohamed Hamdan Dagalo met Abdel Fattah al-Burhan in Jeddah. Hemedti said little.")
    names = {e.name for e in article.entities if e.type == "PERSON"}
    assert "Abdel Fattah al-Burhan" in names and "Mohamed Hamdan Dagalo" in names

