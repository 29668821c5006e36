"""An obituary's surname alone is its subject, not the relative it quotes (#3)."""

from __future__ import annotations

from test_understand_support import typed_mentions

from newsdesk.understand import Analyzer


def mentions(analyzer: Analyzer, text: str) -> dict[str, list[str]]:
    return typed_mentions(analyzer, text, "PERSON")


def test_a_surname_alone_is_not_the_relative_introduced_as_one(analyzer: Analyzer) -> None:
    text = ("John Whitaker, a longtime reporter for the Denver Post, died on Tuesday in Boulder, Colorado. "
            "He was 78.\n\n"
            "The cause was complications of Parkinson's disease, said his daughter, Sarah Whitaker.\n\n"
            "Whitaker joined the Post in 1971 and covered the statehouse for two decades.")
    found = mentions(analyzer, text)
    assert found["John Whitaker"] == ["John Whitaker", "Whitaker"]
    assert found["Sarah Whitaker"] == ["Sarah Whitaker"]


def test_a_relative_named_after_the_kin_word_also_gives_way(analyzer: Analyzer) -> None:
    text = ("Margaret Ellison, a nurse who founded a hospice in Bournemouth, died on Friday. She was 91.\n\n"
            "Her death was confirmed by her son, David Ellison.\n\n"
            "Ellison opened the hospice in 1974 after caring for her husband through cancer.")
    found = mentions(analyzer, text)
    assert found["Margaret Ellison"] == ["Margaret Ellison", "Ellison"]


def test_with_only_the_relative_named_the_surname_is_theirs(analyzer: Analyzer) -> None:
    text = ("The family was represented by his daughter, Sarah Whitaker, a lawyer in Denver.\n\n"
            "Whitaker said the family would appeal.")
    found = mentions(analyzer, text)
    assert found["Sarah Whitaker"] == ["Sarah Whitaker", "Whitaker"]


def test_a_name_goes_on_past_its_particle(analyzer: Analyzer) -> None:
    text = ("Manchester United manager Erik ten Hag said on Friday that Marcus Rashford would miss Sunday's game.\n\n"
            '"Marcus is injured and will not be available," Ten Hag told a news conference.')
    found = mentions(analyzer, text)
    assert found["Erik ten Hag"] == ["Erik ten Hag", "Ten Hag"]
    assert "Erik" not in found
