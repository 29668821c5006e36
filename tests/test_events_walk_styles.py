"""A walkthrough of news styles the crisis walk did not cover (#4): public health, elections, markets
and labour, disasters, courts, diplomacy, and the phrasing of African, South Asian and Latin American
outlets; each test a case the coder read differently from a reader of PLOVER."""

from __future__ import annotations

import pytest
import test_events_crisis
from test_events_crisis import Code, name

from newsdesk.types import Event

code = test_events_crisis.code  # the spaCy coder fixture, shared


def coded(events: tuple[Event, ...]) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(e.type, e.mode, name(e.actor), name(e.target)) for e in events]


def of_type(events: tuple[Event, ...], typ: str) -> list[Event]:
    return [e for e in events if e.type == typ]


@pytest.mark.parametrize(("text", "target"), [
    ("The opposition leader Kizza Besigye was convicted of treason and jailed for ten years.", "Kizza Besigye"),
    ("Two reporters were detained and deported on Monday.", "reporters"),
])
def test_a_bare_second_verb_of_a_passive_is_passive(code: Code, text: str, target: str) -> None:
    # "X was convicted and jailed": X is jailed, not the jailer
    coerce = of_type(code(text), "COERCE")
    assert [(name(e.actor), name(e.target)) for e in coerce] == [(None, target)]


def test_a_second_verb_of_ones_own_stays_active(code: Code) -> None:
    retreat = of_type(code("The minister was criticised and resigned."), "RETREAT")
    assert [name(e.actor) for e in retreat] == ["minister"]


def test_a_title_in_apposition_to_a_person_names_the_person(code: Code) -> None:
    # "South Africa's former president Jacob Zuma": Zuma, not the South African state
    events = code("South Africa's former president Jacob Zuma was arrested in Durban.")
    assert [name(e.target) for e in of_type(events, "COERCE")] == ["Jacob Zuma"]


@pytest.mark.parametrize("text", [
    "Algeria recalled its ambassador to Madrid over Spain's shift on Western Sahara.",
    "Morocco expelled two diplomats over a dispute about fishing rights in Mauritania.",
])
def test_a_place_in_what_an_act_is_about_is_not_where_it_happened(code: Code, text: str) -> None:
    assert [e.location for e in of_type(code(text), "SANCTION")] == [None]


def test_a_place_right_after_over_is_still_where(code: Code) -> None:
    events = code("A military drone was shot down over Donetsk.")
    assert [e.location.name for e in events if e.location is not None] == ["Donetsk"]


@pytest.mark.parametrize(("text", "target"), [
    ("Ghana's foreign minister met his Nigerian counterpart in Accra.", "Nigeria"),
    ("Kenya's president held talks with his Tanzanian counterpart in Arusha.", "Tanzania"),
])
def test_a_counterpart_is_the_other_party(code: Code, text: str, target: str) -> None:
    assert [name(e.target) for e in of_type(code(text), "CONSULT")] == [target]


@pytest.mark.parametrize("text", [
    "Chile's president declared a state of catastrophe in Valparaiso.",
    "The Philippine government declared a state of calamity in Manila.",
    "South Africa declared a national state of disaster over the floods in Durban.",
    "Ecuador's president declared a state of exception in Guayaquil.",
])
def test_a_declared_state_of_exception_is_coercion(code: Code, text: str) -> None:
    assert "COERCE" in [e.type for e in code(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Colombia extradited the cartel boss to the United States.", ("COERCE", "deport")),
    ("Mexico completed the extradition of the businessman to Spain.", ("COERCE", "deport")),
    ("The Bolivian government nationalised the country's largest electricity company.", ("COERCE", "seize")),
    ("Venezuela expropriated the farms of three landowners.", ("COERCE", "seize")),
    ("The Election Commission barred the party leader from campaigning for 72 hours.", ("COERCE", "restrict")),
])
def test_court_and_state_acts_of_coercion(code: Code, text: str, expected: tuple[str, str]) -> None:
    assert expected in [(e.type, e.mode) for e in code(text)]


@pytest.mark.parametrize("text", [
    "Locals staged a dharna outside the district office in Patna.",
    "Opposition parties called a nationwide hartal on Sunday.",
    "A bandh called by traders shut shops in Kolkata on Monday.",
    "Unions in Johannesburg organised a stayaway against the fuel price rise.",
    "Nurses in Nairobi downed tools on Monday over unpaid salaries.",
    "Residents of Buenos Aires held a cacerolazo against the austerity plan.",
])
def test_protest_in_the_outlets_own_words(code: Code, text: str) -> None:
    assert "PROTEST" in [e.type for e in code(text)]


@pytest.mark.parametrize("text", [
    "Opposition parties called a general strike on Monday.",
    "The union called on Sunday for a pay rise.",
])
def test_a_call_with_its_own_object_or_day_is_no_call_on_anyone(code: Code, text: str) -> None:
    requests = of_type(code(text), "REQUEST")
    assert all(e.trigger != "called on" for e in requests)


@pytest.mark.parametrize("text", [
    "The Pakistani government suspended its polio campaign in Lahore.",
    "Authorities halted the rescue operation in Antakya because of bad weather.",
])
def test_a_drive_of_another_kind_is_no_military_one(code: Code, text: str) -> None:
    assert "RETREAT" not in [e.type for e in code(text)]


def test_a_bombing_campaign_stopped_is_still_a_retreat(code: Code) -> None:
    assert "RETREAT" in [e.type for e in code("Israel suspended its bombing campaign in Gaza.")]


@pytest.mark.parametrize(("text", "target"), [
    ("Unknown gunmen have abducted a Catholic priest in Kaduna.", "Catholic priest in Kaduna"),
    ("Gunmen killed two vaccinators in Peshawar.", "vaccinators in Peshawar"),
])
def test_clergy_and_health_workers_are_targets(code: Code, text: str, target: str) -> None:
    assert [name(e.target) for e in of_type(code(text), "ASSAULT")] == [target]


def test_a_team_is_from_whom_it_came(code: Code) -> None:
    aid = of_type(code("Rescue teams from Turkey pulled 12 survivors from the rubble."), "AID")
    assert [name(e.actor) for e in aid] == ["Turkey"]


@pytest.mark.parametrize(("text", "target"), [
    ("Supporters of the defeated candidate clashed with police in Kinshasa on Tuesday.", "police"),
    ("Herders fought with farmers in Plateau State.", "farmers in Plateau State"),
])
def test_who_a_crowd_clashes_with_is_the_target(code: Code, text: str, target: str) -> None:
    assert [name(e.target) for e in of_type(code(text), "ASSAULT")] == [target]


@pytest.mark.parametrize("text", [
    "Teachers in Lima threatened to strike if the government does not raise their salaries.",
    "Nurses vowed to strike next week.",
])
def test_workers_threatening_to_strike_threaten_no_violence(code: Code, text: str) -> None:
    events = code(text)
    assert "ASSAULT" not in [e.type for e in events]
    assert all(e.mode != "violence" for e in events)


def test_gunned_down_is_a_shooting(code: Code) -> None:
    events = code("The Maoists gunned down a village headman in Bijapur district on Sunday night.")
    assert [(e.type, e.mode, name(e.actor)) for e in events] == [("ASSAULT", "firearms", "Maoists")]


@pytest.mark.parametrize(("text", "target"), [
    ("Japan sent a team of 70 rescuers to Morocco after the earthquake.", "Morocco"),
    ("Algeria dispatched doctors and paramedics to Libya.", "Libya"),
])
def test_rescuers_sent_are_aid_to_where_they_go(code: Code, text: str, target: str) -> None:
    assert [name(e.target) for e in of_type(code(text), "AID")] == [target]


def test_a_police_picket_is_a_post_not_a_protest(code: Code) -> None:
    events = code("Militants lobbed a grenade at a police picket in Srinagar, injuring two policemen.")
    assert "PROTEST" not in [e.type for e in events]


@pytest.mark.parametrize(("text", "actor"), [
    ("The president is expected to pardon the jailed activists before Christmas.", "president"),
    ("The opposition is set to boycott the runoff in Harare.", "opposition"),
])
def test_who_is_expected_to_act_is_the_actor(code: Code, text: str, actor: str) -> None:
    events = code(text)
    assert [(name(e.actor), e.modality) for e in events] == [(actor, "intended")]


@pytest.mark.parametrize("text", [
    "Protesters had planned to march on parliament, but police blocked the roads.",
    "Soldiers blocked the main highway into Bamako on Sunday.",
])
def test_roads_blocked_by_the_state_are_closed_not_protested(code: Code, text: str) -> None:
    blocked = [e for e in code(text) if e.trigger == "blocked"]
    assert [(e.type, e.mode) for e in blocked] == [("COERCE", "restrict")]


def test_roads_blocked_by_farmers_are_still_a_protest(code: Code) -> None:
    assert [e.type for e in code("Farmers blocked the highway to Delhi.")] == ["PROTEST"]


@pytest.mark.parametrize(("text", "place"), [
    ("Miscreants torched a bus in Dhaka's Gabtoli area on Wednesday evening.", "Dhaka"),
    ("Gunmen killed 12 villagers in Nigeria's Benue State.", "Benue"),  # a region the gazetteer knows (admin1.tsv)
    ("Gunmen killed 12 villagers in Mali's Mopti region.", "Mopti"),  # the nearer name, where it is known
])
def test_the_owner_of_an_unknown_area_places_the_event(code: Code, text: str, place: str) -> None:
    assert [e.location.name for e in code(text) if e.location is not None] == [place]


@pytest.mark.parametrize(("text", "target"), [
    ("The World Food Programme delivered food aid to displaced families in Mekelle.", "displaced families in Mekelle"),
    ("Gunmen killed a family of five in Kaduna.", "family"),
])
def test_families_are_targets_named_whole(code: Code, text: str, target: str) -> None:
    assert [name(e.target) for e in code(text)] == [target]


@pytest.mark.parametrize("text", [
    "Police arrested the opposition leader in Harare on Tuesday, 13 January.",
    "Police arrested the opposition leader in Harare on Tuesday January 13th.",
])
def test_a_weekday_before_its_date_is_that_date(code: Code, text: str) -> None:
    # published Tuesday 20 January 2026: the date named, not the day of publication
    assert [e.date for e in code(text)] == ["2026-01-13"]


@pytest.mark.parametrize("text", [
    "The army rubbished claims that soldiers had looted shops in Goma.",
    "The government denied reports that police had arrested the journalist.",
])
def test_an_act_in_a_denied_claim_is_negated(code: Code, text: str) -> None:
    assert [e.modality for e in of_type(code(text), "COERCE")] == ["negated"]


def test_who_a_denied_report_says_acted_is_still_the_actor(code: Code) -> None:
    events = code("The government denied reports that police had arrested the journalist.")
    assert [(name(e.actor), name(e.target)) for e in events] == [("police", "journalist")]


def test_sanctions_on_a_country_are_not_placed_there(code: Code) -> None:
    events = code("The ECOWAS bloc lifted sanctions on Niger on Saturday.")
    assert [(e.type, name(e.target), e.location) for e in events] == [("CONCEDE", "Niger", None)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Peru's Congress impeached President Pedro Castillo.", ("ACCUSE", "Pedro Castillo")),
    ("Kenyan police teargassed protesters in Nairobi.", ("COERCE", "protesters")),
    ("Nigerian troops rescued 30 kidnapped schoolchildren in Kaduna.", ("AID", "kidnapped schoolchildren")),
])
def test_impeachments_teargas_and_rescued_pupils(code: Code, text: str, expected: tuple[str, str]) -> None:
    assert [(e.type, name(e.target)) for e in code(text)] == [expected]


def test_an_exchange_of_fire_in_a_place_is_between_the_two_sides(code: Code) -> None:
    events = code("The Colombian army and ELN guerrillas exchanged fire in Arauca on Monday.")
    assert [(name(e.actor), name(e.target), getattr(e.location, "name", None)) for e in events] == [
        ("Colombia", "ELN guerrillas", "Arauca")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Members of the Tren de Aragua gang were captured by police in Bogota.", ("COERCE", "arrest")),
    ("Rebels captured the town of Goma on Sunday.", ("ASSAULT", None)),
    ("Police rounded up 50 protesters in Karachi.", ("COERCE", "arrest")),
    ("The suspect was remanded in custody.", ("COERCE", "arrest")),
    ("Militants lobbed a grenade at a police post in Srinagar.", ("ASSAULT", None)),
    ("Security forces neutralized three militants in Kupwara.", ("ASSAULT", None)),
])
def test_the_courts_and_security_pages_words(code: Code, text: str, expected: tuple[str, str | None]) -> None:
    assert [(e.type, e.mode) for e in code(text)] == [expected]


def test_a_governor_sentenced_is_the_target(code: Code) -> None:
    events = code("A court in Abuja sentenced the former governor to ten years in prison.")
    assert [name(e.target) for e in events] == ["former governor"]


def test_people_described_as_once_convicted_are_no_new_event(code: Code) -> None:
    # "pardoned people convicted of ...": the convictions are their past, the pardon the news
    events = code("The president pardoned 15 soldiers convicted of human rights abuses on Thursday.")
    assert [e.type for e in events] == ["CONCEDE"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Senegal's president postponed the election, sparking protests in Dakar.", ("PROTEST", None, "asserted")),
    ("The fuel price rise sparked a nationwide strike.", ("PROTEST", None, "asserted")),
    ("Police arrested the leaders, prompting clashes in Lahore.", ("ASSAULT", None, "asserted")),
])
def test_what_an_act_sparks_happened_by_others(code: Code, text: str, expected: tuple[str, None, str]) -> None:
    # the protests broke out; who sparked them did not protest
    assert expected in [(e.type, name(e.actor), e.modality) for e in code(text)]


def test_what_could_spark_protests_is_no_protest_yet(code: Code) -> None:
    events = code("Officials fear the decision could spark protests in Lagos.")
    assert [e.modality for e in of_type(events, "PROTEST")] in ([], ["hypothetical"])
