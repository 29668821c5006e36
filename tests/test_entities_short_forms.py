"""'The Post' after 'the Denver Post' is that paper, not an organisation of its own (#3)."""

from __future__ import annotations

from test_understand_support import typed_mentions

from newsdesk.understand import Analyzer


def orgs(analyzer: Analyzer, text: str) -> dict[str, list[str]]:
    return typed_mentions(analyzer, text, "ORG")


def test_the_short_form_is_the_organisation_named_in_full(analyzer: Analyzer) -> None:
    text = ("John Whitaker, a reporter for the Denver Post, died on Tuesday.\n\n"
            "Whitaker joined the Post in 1971. The Federal Reserve raised rates. The Fed said inflation was high. "
            "The Wall Street Journal reported the news first. The Journal said the deal was done.")
    found = orgs(analyzer, text)
    assert found["Denver Post"] == ["Denver Post", "Post"]
    assert found["Federal Reserve"] == ["Federal Reserve", "Fed"]
    assert found["Wall Street Journal"] == ["Wall Street Journal", "Journal"]
    assert "Post" not in found and "Journal" not in found


def test_two_papers_of_that_name_leave_it_apart(analyzer: Analyzer) -> None:
    text = ("The Denver Post and the Washington Post both ran the story on Sunday.\n\n"
            "The Post said its reporters had spent a year on it.")
    found = orgs(analyzer, text)
    assert found["Denver Post"] == ["Denver Post"]
    assert found["Washington Post"] == ["Washington Post"]


def test_the_house_is_not_the_white_house(analyzer: Analyzer) -> None:
    text = ("The White House said on Monday that the bill would be signed.\n\n"
            "The House passed the bill by 220 votes to 212.")
    found = orgs(analyzer, text)
    assert "House" not in found.get("White House", [])
