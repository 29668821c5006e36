"""Interviews read by an analyst: each answer is a quote of the interviewee, a question is none, and a
transcript's label in capitals is the person of that name (#3)."""

from __future__ import annotations

import pytest
from test_understand_support import analysed, entity, speakers_in

from newsdesk.understand import Analyzer

QA = ("Maria Lopez has run the city's food bank for twelve years. She spoke with the Herald about rising "
      "demand this winter.\n\n"
      "Q: How many families are you serving now?\n\n"
      "A: About 4,000 a week, which is nearly double what we saw two years ago.\n\n"
      "Q: What is driving that?\n\n"
      "A: Rent, mostly. People who used to donate are now standing in line with everyone else.\n\n"
      "The food bank is open on weekdays.")


def test_each_answer_of_a_q_and_a_is_the_interviewees_and_no_question_is_a_quote(analyzer: Analyzer) -> None:
    article = analysed(analyzer, QA)
    lopez = entity(article, "Maria Lopez")
    answers = [q for q in article.quotes if q.text.startswith(("About 4,000", "Rent, mostly"))]
    assert [q.text for q in answers] == [
        "About 4,000 a week, which is nearly double what we saw two years ago.",
        "Rent, mostly. People who used to donate are now standing in line with everyone else."]
    assert all(q.speaker is not None and q.speaker.entity == lopez.id for q in answers)
    assert all(QA[q.start:q.end] == q.text for q in answers)
    assert not any("?" in q.text for q in article.quotes)


def test_an_explainers_q_and_a_is_the_writers_voice(analyzer: Analyzer) -> None:
    text = ("President Joe Biden signed the bill on Friday. Here is what it does.\n\n"
            "Q: When do the new rules start?\n\n"
            "A: Most of them take effect in January, though some wait until the summer.\n\n"
            "Q: Who pays for it?\n\n"
            "A: The bill raises the money through a new tax on large companies.")
    article = analysed(analyzer, text)
    assert not any(q.speaker and q.speaker.name == "Joe Biden" and q.text.startswith(("Most", "The bill"))
                   for q in article.quotes)


TRANSCRIPT = ("Senator Tom Reyes sat down with Channel 5 anchor Dana Whitfield on Sunday to discuss the budget "
              "deal.\n\n"
              "WHITFIELD: Senator, your party voted against this bill last month. What changed?\n\n"
              "REYES: We got the child care money we asked for. That was the sticking point from day one.\n\n"
              "WHITFIELD: Is that enough for the families you represent?\n\n"
              "REYES: It is a start, and we will be back next year for the rest of it.")


def test_a_transcripts_labels_in_capitals_are_the_people_named_before(analyzer: Analyzer) -> None:
    article = analysed(analyzer, TRANSCRIPT)
    assert [e.name for e in article.entities if e.type == "PLACE"] == []
    reyes = entity(article, "Tom Reyes")
    assert len(reyes.mentions) == 3
    lines = [(spk, text[:12]) for spk, text in speakers_in(article) if spk in {"Tom Reyes", "Dana Whitfield"}]
    assert ("Dana Whitfield", "Senator, you") in lines
    assert ("Tom Reyes", "We got the c") in lines
    assert ("Tom Reyes", "It is a star") in lines


def test_questions_standing_alone_in_an_interview_are_answered_by_the_interviewee(analyzer: Analyzer) -> None:
    text = ("In an interview with The Times, Dr. Anil Mehta, the hospital's chief of surgery, described the "
            "night of the fire.\n\n"
            "**How did the staff respond?**\n\n"
            "We moved 40 patients in under an hour. Nobody panicked, and I have never been prouder of a team.\n\n"
            "**What happens now?**\n\n"
            "We rebuild. The community has already raised more than $2 million.")
    article = analysed(analyzer, text)
    assert ("Anil Mehta", "We rebuild. The community has already raised more than $2 million.") in speakers_in(article)
    assert any(spk == "Anil Mehta" and t.startswith("We moved 40 patients") for spk, t in speakers_in(article))
    assert not any("?" in t for _, t in speakers_in(article))


def test_a_reports_rhetorical_questions_make_no_interview(analyzer: Analyzer) -> None:
    text = ("Mayor Ann Cole answered questions from reporters on Monday about the budget.\n\n"
            "Why did the city spend so much on consultants?\n\n"
            "Cole said the contracts were signed before she took office.\n\n"
            "The council voted 7-2 to approve the plan. Critics called it a giveaway.\n\n"
            "Who will pay for the new stadium?\n\n"
            "The team will cover two thirds of the cost, according to the plan.\n\n"
            "Residents can comment until June 1. A final vote is set for July.\n\n"
            "The mayor's office did not respond to a request for comment.\n\n"
            "The city's budget is $1.2 billion.\n\n"
            "Council member Joe Park plans to vote no.\n\n"
            "The stadium would open in 2027.")
    article = analysed(analyzer, text)
    assert not any(spk == "Ann Cole" and t.startswith(("The team", "Residents", "The council"))
                   for spk, t in speakers_in(article))


def test_the_first_person_quoted_inside_an_answer_is_the_interviewee(analyzer: Analyzer) -> None:
    text = ("Governor Lisa Grant talked with the Ledger about the drought.\n\n"
            "Q: Will you ration water this summer?\n\n"
            "A: I said last week that rationing would be the last resort, and I stand by that.")
    article = analysed(analyzer, text)
    grant = entity(article, "Lisa Grant")
    inner = [q for q in article.quotes if q.text.startswith("rationing") or q.text.startswith("that rationing")]
    assert inner and all(q.speaker is not None and q.speaker.entity == grant.id for q in inner)


def test_a_transcript_line_stands_with_what_it_quotes_and_a_headline_label_is_none(analyzer: Analyzer) -> None:
    text = ("Q&A: Raj Patel on leaving Infosys\n\n"
            "INTERVIEWER: Mr. Patel, why did you leave the company?\n\n"
            "PATEL: I did not agree with the direction the board wanted to take.\n\n"
            "The interview with former Infosys executive Raj Patel was recorded on Monday.")
    found = speakers_in(analysed(analyzer, text))
    assert ("Raj Patel", "I did not agree with the direction the board wanted to take.") in found
    assert not any(spk in {"Q&A", "INTERVIEWER"} for spk, _ in found)


@pytest.mark.parametrize(("host", "guest"), [("ORTIZ", "OKAFOR"), ("Ortiz", "Okafor")])
def test_a_transcripts_questions_on_labelled_lines_make_no_q_and_a_of_the_host(analyzer: Analyzer, host: str,
                                                                               guest: str) -> None:
    text = ("The following is a transcript of an interview between host Maya Ortiz and Councillor Ben Okafor.\n\n"
            f"{host}: Councillor, will the library stay open on Sundays?\n\n"
            f"{guest}: It will, because the reading groups asked us to keep it open.\n\n"
            f"{host}: And who pays for the extra staff?\n\n"
            f"{guest}: The county grant covers it until next spring.")
    article = analysed(analyzer, text)
    okafor = next(e.name for e in article.entities if e.name.endswith("Okafor"))
    answers = [(spk, t) for spk, t in speakers_in(article) if "reading groups" in t or "county grant" in t]
    assert not any(t.startswith(guest) for _, t in speakers_in(article))  # a label is no part of what was said
    assert answers == [(okafor, "It will, because the reading groups asked us to keep it open."),
                       (okafor, "The county grant covers it until next spring.")]


def test_the_host_named_first_with_the_role_before_the_name_does_not_answer(analyzer: Analyzer) -> None:
    text = ("The following is an interview between radio host Maya Ortiz and Councillor Ben Okafor.\n\n"
            "Q: Will the library stay open on Sundays?\n\n"
            "A: It will, because the reading groups asked us to keep it open.\n\n"
            "Q: Who pays for the extra staff?\n\n"
            "A: The county grant covers it until next spring.")
    article = analysed(analyzer, text)
    okafor = next(e.name for e in article.entities if e.name.endswith("Okafor"))
    assert [spk for spk, t in speakers_in(article) if t.startswith(("It will", "The county grant"))] == [okafor, okafor]
