"""A plain text file holding only an article (no site chrome) keeps every paragraph: the line
classifier learnt from dumps with chrome around the article and dropped a short file's lead or
last paragraph; a live blog's clock lines are no paragraphs, and a headline or byline at the top
stays out of the body."""

from __future__ import annotations

import pytest

from newsdesk.extract import extract
from newsdesk.types import Fetched

PROTEST = (
    "Thousands of protesters marched through the centre of the capital on Sunday, chanting against the law.\n\n"
    "Demonstrators waved flags and blocked the main avenue outside parliament for several hours.\n\n"
    "Riot police used water cannon and tear gas to disperse the crowd late in the evening, the ministry said.\n\n"
    "Opposition leaders accused the government of ignoring the people and called for new elections.\n")


WIRE = ("NAIROBI (Reuters) - Police fired tear gas at protesters in the capital on Tuesday as thousands took to the "
        "streets to oppose a proposed tax rise.\n\nThe president said in a televised address that the finance bill was "
        "necessary to reduce the country's debt.\n\nThe opposition leader accused the government of ignoring the "
        "people.\n")
MARCH = ("Thousands of protesters marched through the old town on Sunday, chanting \"No to the new law!\"\n\n"
         "Demonstrators waved flags and blocked the main avenue outside parliament.\n\nRiot police used water cannon "
         "and tear gas to disperse the crowd late in the evening, the interior ministry said.\n\n\"We will not let "
         "them take away our future,\" said a 22-year-old student who declined to give her surname.\n")


def paragraphs(content: str) -> tuple[str | None, list[str]]:
    article = extract(Fetched(input="plain.txt", content=content))
    return article.title, [article.text[p.start:p.end] for p in article.paragraphs]


@pytest.mark.parametrize("content", [WIRE, MARCH, PROTEST])
def test_a_plain_article_keeps_its_first_and_last_paragraphs(content: str) -> None:
    title, found = paragraphs(content)
    assert found == [line for line in content.splitlines() if line]
    assert title is None


def test_a_headline_and_byline_above_a_plain_article_stay_out_of_its_body() -> None:
    title, found = paragraphs("Protesters march on parliament\n\nBy Jane Doe\n\n" + PROTEST)
    assert found == [line for line in PROTEST.splitlines() if line]
    assert title == "Protesters march on parliament"


def test_a_live_blogs_clock_lines_are_no_paragraphs() -> None:
    entries = [line for line in PROTEST.splitlines() if line]
    blog = "Live: protests in the capital\n\n" + "".join(f"{9 + k}:{15 * k:02d} GMT\n{entry}\n\n"
                                                         for k, entry in enumerate(entries))
    title, found = paragraphs(blog)
    assert (title, found) == ("Live: protests in the capital", entries)


def test_a_dump_with_chrome_between_its_lines_is_left_to_the_classifier() -> None:
    # a menu line among the prose: not a plain article, so the chrome goes
    _, found = paragraphs("Home | World | Business | Sport | Culture\n\n" + PROTEST +
                              "\nSubscribe\n\nShare this article\n\nMost read\n")
    assert "Home | World | Business | Sport | Culture" not in found and "Subscribe" not in found
    assert "Share this article" not in found
