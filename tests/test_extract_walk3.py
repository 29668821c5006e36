"""Text dumps after the second walkthrough's leftovers (issue #2): a related-links box inside a short
article, and a standfirst the lead restates."""

from __future__ import annotations

from newsdesk.extract import extract
from newsdesk.types import Article, Fetched

CHROME = ["Home", "News", "World", "Sport", "Video", "Search"]
FOOTER = ["About", "Contact", "Cookie Preferences", "© 2026 Example Media"]


def dump(lines: list[str]) -> Article:
    return extract(Fetched(input="walk3", content="\n".join(lines)), format="text")


def test_the_paragraph_after_a_recommended_box_inside_the_article_stays() -> None:
    article = dump([*CHROME,
        "Harbour town votes to keep its ferry service",
        "By Ana Ruiz",
        "Published On 3 Dec 2026",
        "Residents of the harbour town voted on Sunday to keep paying for the ferry that links them to the coast.",
        "The council had proposed ending the service next spring to close a gap in its budget for schools.",
        "Recommended Stories",
        "list of 3 items",
        "list 1 of 3",
        "Ferry fares rise again",
        "list 2 of 3",
        "Coastal towns lose their buses",
        "end of list",
        "The mayor said the result would be respected and the budget would be drawn up again in January.",
        "Source: Example News",
    *FOOTER])
    assert article.text.endswith("the budget would be drawn up again in January.")
    assert "Ferry fares" not in article.text and "list 1 of 3" not in article.text


def test_a_standfirst_the_lead_restates_is_said_once() -> None:
    article = dump([*CHROME,
        "Watch: Volunteers clear a beach of plastic",
        "Duration: 2:05",
        "Hundreds of volunteers cleared a mile of beach of plastic waste near Brighton.",
        "Published 3 hours ago",
        "Hundreds of volunteers cleared a mile of beach of plastic waste near Brighton on Saturday morning.",
        "They filled more than four hundred bags, most of them with bottles and food wrappers from the summer.",
        "Up next",
        "More videos",
    *FOOTER])
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("Hundreds of volunteers") and paragraphs[0].endswith("on Saturday morning.")
    assert sum(p.startswith("Hundreds of volunteers") for p in paragraphs) == 1
