"""An analyst's reading of `analyze` output on articles of many kinds: who is who, who said what,
who did what where. Each test is a case a reader found wrong."""

from __future__ import annotations

import pytest
from test_understand_support import analysed, entity

from newsdesk.types import Article, paragraph_spans
from newsdesk.understand import Analyzer
from newsdesk.understand.marks import quoted_spans


def test_an_acronym_with_a_plus_is_an_organisation_that_speaks(analyzer: Analyzer) -> None:
    text = ("OPEC+ agreed on Thursday to stick to a modest increase in oil output for May.\n\n"
            "The group will raise its output target by 432,000 barrels a day, it said after a brief meeting.")
    article = analysed(analyzer, text)
    opec = entity(article, "OPEC+")
    assert opec.type == "ORG"
    assert [q.speaker.entity for q in article.quotes if q.speaker] == [opec.id, opec.id]
    assert any(e.actor and e.actor.entity == opec.id for e in article.events)


def test_lgbtq_plus_is_a_group_not_an_organisation(analyzer: Analyzer) -> None:
    article = analysed(analyzer, "Activists said LGBTQ+ people in the city faced new restrictions.")
    assert all(e.type != "ORG" for e in article.entities if e.name.startswith("LGBT"))


def place_of(article: Article, name: str) -> str | None:
    place = entity(article, name).place
    return place.country if place is not None else None


@pytest.mark.parametrize("text", [
    "ATLANTA (AP) - Georgia Gov. Brian Kemp signed a bill on Tuesday at the Capitol in Atlanta, Georgia.",
    "Georgia Gov. Brian Kemp signed the budget on Monday, his office said.",
    "Voters in Georgia return to the polls on Tuesday. Sen. Raphael Warnock spoke to supporters in Savannah.",
    "Storms hit Tennessee, Georgia and Alabama on Friday, forecasters said.",
])
def test_georgia_in_an_american_story_is_the_state(analyzer: Analyzer, text: str) -> None:
    assert place_of(analysed(analyzer, text), "Georgia") == "US"


@pytest.mark.parametrize("text", [
    "Protesters rallied in Tbilisi, Georgia, on Sunday against a new law.",
    "Russia fought a war with Georgia in 2008, the United States said on Monday.",
    "Russia invaded Georgia in 2008. Georgian officials said Tbilisi wanted closer ties with the United States.",
])
def test_georgia_the_country_stays_the_country(analyzer: Analyzer, text: str) -> None:
    assert place_of(analysed(analyzer, text), "Georgia") == "GE"


def test_a_city_qualified_by_its_region_or_country_is_pinned_there(analyzer: Analyzer) -> None:
    text = ("Hundreds of people marched in Beirut on Saturday. In Perth, Scotland, a small crowd rallied "
            "outside the council offices. Protests were also reported in Victoria, British Columbia, and in "
            "London, Ontario. In Lebanon, Tennessee, a school was damaged by the storm.")
    article = analysed(analyzer, text)
    assert place_of(article, "Perth") == "GB"
    assert place_of(article, "Victoria") == "CA"
    assert place_of(article, "London") == "CA"
    assert place_of(article, "Lebanon") == "US"
    assert place_of(article, "Beirut") == "LB"
    rally = [e for e in article.events if e.trigger == "rallied"]
    assert rally and rally[0].location is not None and rally[0].location.country == "GB"


def test_a_qualified_town_the_gazetteer_lacks_gets_no_namesakes_pin(analyzer: Analyzer) -> None:
    # Paris, Tennessee has 10,000 people: below the gazetteer's cities; France would be another continent
    article = analysed(analyzer, "Storms flattened homes in Paris, Tennessee, on Friday, officials said.")
    assert place_of(article, "Paris") is None


def speakers(article: Article) -> list[str | None]:
    return [q.speaker.name if q.speaker else None for q in article.quotes]


def test_a_dateline_is_not_the_speaker(analyzer: Analyzer) -> None:
    text = ("ATLANTA (AP) \u2014 Georgia Gov. Brian Kemp signed a bill on Tuesday that expands the state's "
            "voting restrictions, drawing protests from Democrats.")
    assert speakers(analysed(analyzer, text)) == ["Brian Kemp"]


def test_a_dateline_with_a_colon_is_no_transcript_label(analyzer: Analyzer) -> None:
    text = ("NEW DELHI: Prime Minister Narendra Modi on Sunday inaugurated a new terminal at the Chennai "
            "airport and flagged off a new train between Chennai and Coimbatore.")
    article = analysed(analyzer, text)
    assert [q for q in article.quotes if q.speaker and q.speaker.name == "NEW DELHI"] == []


def test_a_live_blog_clock_is_no_organisation_and_no_speaker(analyzer: Analyzer) -> None:
    text = ("10:42 GMT \u2013 Zelenskyy says Ukraine needs more air defence\n\n"
            "Ukrainian President Volodymyr Zelenskyy has said his country urgently needs more air defence "
            "systems after overnight attacks on energy infrastructure.")
    article = analysed(analyzer, text)
    assert "GMT" not in [e.name for e in article.entities]
    assert speakers(article) == ["Volodymyr Zelenskyy", "Volodymyr Zelenskyy"]


def test_a_name_the_model_missed_speaks_not_the_club_before_it(analyzer: Analyzer) -> None:
    text = ('Arsenal boss Mikel Arteta said his side had been "second best in every department" '
            "at the Etihad Stadium.")
    assert speakers(analysed(analyzer, text)) == ["Mikel Arteta"]


@pytest.mark.parametrize("text", [
    "Erling Haaland scored twice as Manchester City beat Arsenal 4-1 at the Etihad Stadium on Wednesday.",
    "Tuukka Rask made 25 saves as the Bruins beat the Devils for their fourth straight victory.",
    "Rublev rallied to beat Roberto Bautista-Agut in the first match on Monday.",
])
def test_a_match_won_is_no_assault_or_protest(analyzer: Analyzer, text: str) -> None:
    article = analysed(analyzer, text)
    assert [e.type for e in article.events if e.type in ("ASSAULT", "PROTEST")] == []


def test_a_beating_is_still_an_assault(analyzer: Analyzer) -> None:
    article = analysed(analyzer, "Police beat protesters with batons outside the parliament on Sunday.")
    assert [e.type for e in article.events] == ["ASSAULT"]


def test_a_contests_clause_holds_no_other_event(analyzer: Analyzer) -> None:
    text = "Connor Clifton added a goal as the Bruins beat the Devils for the eighth time in nine meetings."
    assert analysed(analyzer, text).events == ()


def test_a_courtesy_is_no_title(analyzer: Analyzer) -> None:
    text = ("Prime Minister Anthony Albanese announced a $2 billion package on Monday. "
            '"No Australian will be left behind," Mr Albanese told reporters.')
    assert entity(analysed(analyzer, text), "Anthony Albanese").titles == ("Prime Minister",)


def test_a_portfolio_before_a_minister_is_no_organisation(analyzer: Analyzer) -> None:
    text = ("The Home Secretary, Suella Braverman, is expected to set out new sentencing powers. "
            "Education Minister Dinesh Gunawardena said 26 ministers had resigned.")
    article = analysed(analyzer, text)
    names = [e.name for e in article.entities]
    assert "Home" not in names and "Education" not in names
    assert "Home" not in speakers(article)


def test_a_planet_is_no_town(analyzer: Analyzer) -> None:
    text = ("NASA said the Hubble Space Telescope saw plumes of water vapour above Europa, a moon of Jupiter. "
            "Scientists at the Goddard Space Flight Center in Greenbelt, Maryland, led the study.")
    assert place_of(analysed(analyzer, text), "Jupiter") is None


def test_a_name_shared_abroad_by_towns_of_a_size_gets_no_pin(analyzer: Analyzer) -> None:
    # Santa Cruz: the Philippines 127,000, California 64,000, none in Germany, the country named
    text = ("Researchers in Berlin, Germany, and in Santa Cruz said on Thursday that the planet's "
            "atmosphere holds carbon dioxide.")
    assert place_of(analysed(analyzer, text), "Santa Cruz") is None


def test_a_name_no_gazetteer_knows_that_reports_is_no_place(analyzer: Analyzer) -> None:
    text = ("The company's office had no comment. This comes less than a week after Bloomberg reported "
            "WeWork is the subject of an inquiry.")
    article = analysed(analyzer, text)
    assert entity(article, "Bloomberg").type == "ORG"


def test_it_said_is_the_subject_of_what_it_reports_not_a_country_named_in_between(analyzer: Analyzer) -> None:
    text = ("The group, which includes Saudi Arabia and Russia, will raise its output target by 432,000 "
            "barrels a day, it said after a brief video meeting.")
    meetings = [e for e in analysed(analyzer, text).events if e.type == "CONSULT"]
    assert meetings and all(e.actor is None or e.actor.name != "Saudi Arabia" for e in meetings)
    assert all(e.target is None or "target" not in e.target.name for e in meetings)


def test_a_dateline_is_no_party_to_an_event(analyzer: Analyzer) -> None:
    text = ("HANOI, Vietnam (AP) \u2014 U.S. Defense Secretary Mark Esper on Wednesday accused China of using "
            "coercion against smaller nations. He urged Vietnam to push back.\n\n"
            "LONDON (AP) \u2014 Britain's Conservative Party was accused Wednesday of trying to deceive voters.")
    events = analysed(analyzer, text).events
    parties = [p.name for e in events for p in (e.actor, e.target) if p is not None]
    assert "HANOI" not in parties and "London" not in parties and "LONDON" not in parties
    assert any(e.type == "ACCUSE" and e.actor is not None and e.actor.name == "Mark Esper" for e in events)


def test_the_white_house_is_not_casablanca(analyzer: Analyzer) -> None:
    # GeoNames lists "White House" among Casablanca's alternate names (what "Casablanca" means)
    text = ("Italian Prime Minister Giorgia Meloni met President Joe Biden at the White House on Thursday. "
            "Earlier she had visited London and Washington.")
    article = analysed(analyzer, text)
    assert place_of(article, "White House") != "MA"
    assert all(e.location is None or e.location.country != "MA" for e in article.events)



@pytest.mark.parametrize("text", [
    'WASHINGTON (AP) — "This is not a normal court," President Joe Biden told reporters at the White House.',
    "President Joe Biden spoke at the White House on Monday.",
])
def test_the_white_house_tells_no_country_and_is_never_casablanca(analyzer: Analyzer, text: str) -> None:
    assert place_of(analysed(analyzer, text), "White House") != "MA"


def test_a_dateline_in_capitals_is_a_place_and_no_part_of_a_quote_or_party(analyzer: Analyzer) -> None:
    text = ("BRUSSELS (Reuters) - European Union foreign ministers agreed on Monday to impose sanctions on "
            "Iranian officials over the crackdown on protests, the bloc's foreign policy chief Josep Borrell said.\n\n"
            "KARACHI: Pakistan's cricket board on Tuesday sacked its chief selector, a spokesman said.")
    article = analysed(analyzer, text)
    assert entity(article, "KARACHI").type == "PLACE" and place_of(article, "KARACHI") == "PK"
    assert entity(article, "BRUSSELS").type == "PLACE"
    assert not any("BRUSSELS" in q.text or "KARACHI" in q.text for q in article.quotes)
    assert not any("BRUSSELS" in p.name for e in article.events for p in (e.actor, e.target) if p is not None)


def test_he_is_the_person_named_before_not_a_programme(analyzer: Analyzer) -> None:
    text = ('"We\'ve got to be prepared," Anthony Fauci told CNN\'s State of the Union on Sunday. '
            "He urged Americans to get updated boosters.")
    requests = [e for e in analysed(analyzer, text).events if e.type == "REQUEST"]
    assert requests and requests[0].actor is not None and requests[0].actor.name == "Anthony Fauci"


def test_said_in_a_statement_that_has_the_speaker(analyzer: Analyzer) -> None:
    text = ("Chelsea Clinton said in a statement that the foundation would donate $1 million to flood "
            "victims in Pakistan.")
    assert speakers(analysed(analyzer, text)) == ["Chelsea Clinton"]


def test_a_body_before_a_role_is_not_the_speaker(analyzer: Analyzer) -> None:
    text = ("Speaking to the BBC, Sir Keir Starmer said Labour would rebuild Britain if it won the election.\n\n"
            "The Labour leader dismissed suggestions that his party had no plan for the economy.\n\n"
            "Interior minister Kithure Kindiki said the protests were illegal.")
    article = analysed(analyzer, text)
    assert "Interior" not in [e.name for e in article.entities]
    dismissal = [q for q in article.quotes if q.cue == "dismiss"]
    assert dismissal and dismissal[0].speaker is not None and dismissal[0].speaker.name != "Labour"


def test_indian_states_and_cities_are_places(analyzer: Analyzer) -> None:
    text = ("Prime Minister Narendra Modi on Sunday inaugurated a new terminal at the Chennai airport and "
            "flagged off a train between Chennai and Coimbatore.\n\n"
            'Tamil Nadu Chief Minister M K Stalin urged the Centre to release pending dues. "Tamil Nadu '
            'contributes far more than it receives," Stalin said.')
    article = analysed(analyzer, text)
    for name in ("Chennai", "Coimbatore", "Tamil Nadu"):
        assert entity(article, name).type == "PLACE" and place_of(article, name) == "IN"


def test_a_city_the_model_took_for_a_nationality_is_a_place(analyzer: Analyzer) -> None:
    text = ("10:15 GMT \u2013 Russia says it shot down 20 drones over Belgorod\n\n"
            "Russia's defence ministry said its air defence units destroyed 20 Ukrainian drones over the "
            "Belgorod region overnight.\n\nGovernor Vyacheslav Gladkov said two people were injured in the "
            "city of Belgorod.")
    article = analysed(analyzer, text)
    assert entity(article, "Belgorod").type == "PLACE" and place_of(article, "Belgorod") == "RU"


def test_a_title_is_not_someone_else_nor_a_dateline(analyzer: Analyzer) -> None:
    text = ("HANOI, Vietnam (AP) \u2014 U.S. Defense Secretary Mark Esper on Wednesday accused China of using "
            "coercion.\n\nActor Mel Gibson, once-hated Scottish hero William Wallace, returned to the set.\n\n"
            "Martha Fry, Ford\u2019s sister, said he had been ill.")
    article = analysed(analyzer, text)
    assert entity(article, "Mark Esper").titles == ("U.S. Defense Secretary",)
    assert all("William Wallace" not in t for t in entity(article, "Mel Gibson").titles)
    assert entity(article, "Martha Fry").titles == ("Ford\u2019s sister",)


def test_a_nickname_in_marks_is_no_quote(analyzer: Analyzer) -> None:
    text = 'Ramesh "Sunny" Balwani was sentenced on Friday. Dwayne "The Rock" Johnson was not in court.'
    spans = quoted_spans(text, paragraph_spans(text))
    assert spans == []
    assert all(q.kind != "mixed" for q in analysed(analyzer, text).quotes)


def test_a_score_is_no_part_of_a_name_and_a_name_with_digits_no_person(analyzer: Analyzer) -> None:
    text = ("Argentina got past Chile 3-0, with Guido Pella beating Nicolas Jarry 6-4, 6-3 on Tuesday.\n\n"
            "The planet, WASP-39b, is a hot gas giant about the mass of Saturn, astronomers said.")
    article = analysed(analyzer, text)
    people = [e.name for e in article.entities if e.type == "PERSON"]
    assert not any(ch.isdigit() for name in people for ch in name)


def test_a_club_is_an_organisation_not_a_town_or_a_man(analyzer: Analyzer) -> None:
    text = ("Former Manchester United striker Wayne Rooney has been appointed manager of Birmingham City, "
            "the club said. Rooney left his job at DC United this month. Manchester City beat Arsenal 4-1 "
            "in Kansas City.")
    article = analysed(analyzer, text)
    for name in ("Manchester United", "Birmingham City", "DC United", "Manchester City"):
        assert entity(article, name).type == "ORG", name
    assert place_of(article, "Kansas City") == "US"


def test_a_court_striking_down_a_law_is_no_assault(analyzer: Analyzer) -> None:
    text = ("The Supreme Court on Thursday struck down affirmative action in college admissions. "
            "A Russian missile struck the regional administration building in Mykolaiv on Tuesday.")
    events = analysed(analyzer, text).events
    assert [e.trigger for e in events if e.type == "ASSAULT"] == ["struck"]
    assert all(e.actor is None or e.actor.name != "Supreme Court" for e in events)


def test_a_live_blog_clock_is_no_party_to_an_event(analyzer: Analyzer) -> None:
    text = "10:15 GMT \u2013 Russia says it shot down 20 drones over Belgorod"
    events = [e for e in analysed(analyzer, text).events if e.type == "ASSAULT"]
    assert events and events[0].actor is not None and events[0].actor.name == "Russia"


def test_the_alliance_that_speaks_is_the_organisation_that_spoke_before(analyzer: Analyzer) -> None:
    text = ("OPEC+ agreed on Thursday to stick to a modest increase in oil output for May, it said.\n\n"
            "The alliance said market volatility was caused by geopolitical developments.")
    assert speakers(analysed(analyzer, text)) == ["OPEC+", "OPEC+"]


def test_a_name_after_the_is_no_person(analyzer: Analyzer) -> None:
    text = ("The talks will take place at the Dolmabahce palace on the Bosphorus, his office said. "
            "The Steelers spent Monday trying to distance themselves from the fight.")
    article = analysed(analyzer, text)
    assert entity(article, "Bosphorus").type == "PLACE"
    assert entity(article, "Steelers").type == "ORG"
    people = [e.name for e in analysed(analyzer, "Unlike the Trump administration, Joe Biden spoke.").entities
              if e.type == "PERSON"]
    assert "Trump" in people
