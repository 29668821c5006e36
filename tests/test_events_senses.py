"""Words of violence that mean something else where they stand (#4, #6): a man fired from his job, a
driver who struck a woman, attacks on rights, a scandal that toppled a president, a fire that demolished a
dairy, a possible sentence, and play in stories of sport. Each case has its look-alike that stays an event."""

from __future__ import annotations

import pytest
from test_understand_support import analysed

from newsdesk.types import Article, paragraph_spans
from newsdesk.understand import Analyzer


def events(analyzer: Analyzer, text: str) -> list[tuple[str, str]]:
    return [(e.type, e.trigger) for e in analysed(analyzer, text).events]


def types(analyzer: Analyzer, text: str) -> set[str]:
    return {t for t, _ in events(analyzer, text)}


@pytest.mark.parametrize("text", [
    "A man who was fired last week from his job at an accounting firm in suburban Detroit walked into his "
    "former office.",
    "The man was fired last week from his job.",
    "The network fired its chief editor on Friday after the broadcast.",
    "Mitchell became the third coach fired this season.",
    "He was the second manager fired by the club in a month.",
    "She was fired as finance director of the club in March.",
    "O'Brien, fired on June 8, is seeking $6 million in a breach-of-contract suit.",
])
def test_a_person_fired_is_dismissed(analyzer: Analyzer, text: str) -> None:
    assert not [e for e in events(analyzer, text) if e[1].lower().startswith("fire")]


@pytest.mark.parametrize("text", [
    "Shots were fired at the police station overnight.",
    "Gunmen fired on a bus in Quetta on Sunday.",
    "The protesters were fired upon by soldiers.",
    "Three mortar shells were fired at the base.",
])
def test_shots_fired_are_still_shots(analyzer: Analyzer, text: str) -> None:
    assert ("ASSAULT", "fired") in events(analyzer, text)


@pytest.mark.parametrize("text", [
    "A Michigan man shot to death one person and injured two others Monday at the suburban Detroit accounting "
    "firm.",
    "A man suspected of shooting three people, killing one, at an accounting firm in Troy was arrested after a "
    "chase.",
    "A gunman opened fire at a web site design company in Vancouver, killing one employee.",
])
def test_a_place_named_for_accounts_or_sites_makes_no_cyber_attack(analyzer: Analyzer, text: str) -> None:
    coded = analysed(analyzer, text).events
    assert [e for e in coded if e.type == "ASSAULT"]
    assert not [e for e in coded if e.mode == "cyber" or (e.type == "COERCE" and e.trigger != "arrested")]


def test_hackers_on_servers_are_still_cyber(analyzer: Analyzer) -> None:
    coded = analysed(analyzer, "Russian hackers attacked the ministry's servers on Monday.").events
    assert [(e.type, e.mode) for e in coded] == [("COERCE", "cyber")]


def test_a_headline_with_its_story_keeps_the_shooting_an_assault(analyzer: Analyzer) -> None:
    title = "Shooting at Accounting Firm Leaves Woman Dead and 2 Hurt"
    text = (f"{title}\n\nA man walked into his former office with a shotgun on Monday and shot three people, "
            "killing one, the authorities said.")
    article = analyzer(Article(id="t", title=title, text=text, paragraphs=paragraph_spans(text)))
    assert {e.type for e in article.events} == {"ASSAULT"}


def test_a_driver_who_struck_a_woman_is_no_walkout(analyzer: Analyzer) -> None:
    text = "A 59-year-old mother of two died when a drunken driver struck her with his car and then drove off."
    assert "PROTEST" not in types(analyzer, text)
    assert "PROTEST" not in types(analyzer, "A bus driver struck a cyclist on Main Street on Tuesday.")


def test_workers_who_strike_still_walk_out(analyzer: Analyzer) -> None:
    assert ("PROTEST", "struck") in events(analyzer, "Bus drivers struck on Monday over pay.")
    assert ("PROTEST", "struck") in events(analyzer, "Workers struck the Ford plant for three weeks.")


def test_struck_up_a_conversation_is_no_blow(analyzer: Analyzer) -> None:
    assert events(analyzer, "Back in 1970, Woodward struck up a conversation with Felt in a hallway.") == []


def test_a_strike_on_an_industry_in_a_labour_story_is_a_walkout(analyzer: Analyzer) -> None:
    text = ("Talks between the studios and the actors' union collapsed on Monday. The financial impact of a "
            "possible strike on Hollywood remains unclear, and pickets could go up within weeks.")
    assert "ASSAULT" not in types(analyzer, text)
    assert "ASSAULT" in types(analyzer, "Israeli strikes on Gaza killed 20 people on Tuesday.")


@pytest.mark.parametrize("text", [
    "He could be sentenced to life in prison if convicted.",
    "If found guilty, she could be jailed for up to five years.",
])
def test_a_possible_penalty_is_no_threat(analyzer: Analyzer, text: str) -> None:
    assert "THREATEN" not in types(analyzer, text)


def test_a_threat_to_arrest_is_still_one(analyzer: Analyzer) -> None:
    assert "THREATEN" in types(analyzer, "The army threatened to arrest anyone who breaks the curfew.")


def test_barring_as_except_is_no_ban(analyzer: Analyzer) -> None:
    assert events(analyzer, "He's expected to stay safe barring a basketball apocalypse.") == []
    assert "COERCE" not in types(analyzer, "Barring a last-minute deal, the union will strike on Monday.")


def test_capturing_a_fan_base_is_no_capture(analyzer: Analyzer) -> None:
    assert events(analyzer, "The film failed to capture the fan base of the book.") == []
    assert events(analyzer, "The party hopes to capture a wider voter base in the north.") == []
    assert ("ASSAULT", "captured") in events(analyzer, "Rebels captured an army base near Kidal.")


@pytest.mark.parametrize("text", [
    "Other union leaders have called the cuts 'savage attacks on workers' rights'.",
    "The new media law is an assault on press freedom, the opposition said.",
    "It could have detailed the collective efforts sometimes attacked by the governor.",
])
def test_attacks_on_rights_and_plans_are_words(analyzer: Analyzer, text: str) -> None:
    assert "ASSAULT" not in types(analyzer, text)


def test_an_attack_on_a_newspaper_office_is_still_one(analyzer: Analyzer) -> None:
    assert "ASSAULT" in types(analyzer, "Gunmen attacked the offices of the newspaper in Karachi.")


def test_a_scandal_that_toppled_a_president_is_no_coup(analyzer: Analyzer) -> None:
    assert events(analyzer, "Felt tipped off reporters to the Watergate scandal that toppled a president.") == []
    assert ("COERCE", "toppled") in events(analyzer, "The army toppled the president on Tuesday.")


@pytest.mark.parametrize("text", [
    "The fire demolished the antique structure in Palmer.",
    "Flames destroyed the church before firefighters arrived.",
    "A fire on Tuesday destroyed the historic dairy warehouse.",
])
def test_a_blaze_is_no_one_s_act(analyzer: Analyzer, text: str) -> None:
    assert "COERCE" not in types(analyzer, text)


def test_gunfire_owned_by_someone_still_acts(analyzer: Analyzer) -> None:
    assert "COERCE" in types(analyzer, "Artillery fire destroyed three houses in the village.")


BOXING = ("Klitschko retained his heavyweight title on Saturday, stopping Thompson in the sixth round. The "
          "referee waved off the bout after a second knockdown. Nobody has ever dominated him this way, and really "
          "neutralized him from the start of the fight. Bowe is most remembered for his three fights with Evander "
          "Holyfield. When he beat and stabbed his wife in 1998, Bowe was arrested.")


def test_a_bout_is_no_assault(analyzer: Analyzer) -> None:
    coded = events(analyzer, BOXING)
    assert not [e for e in coded if e[1] in ("neutralized", "fights", "fight", "bout")]
    assert ("COERCE", "arrested") in coded  # a crime told in a story of sport stays one


def test_a_ball_game_is_no_shooting(analyzer: Analyzer) -> None:
    text = ("The Jays shot 46 percent from the field and rallied in the second half to beat Drake 65-52 in the "
            "tournament final. Coach Greg McDermott praised the points from the bench. Their center was shot in "
            "the leg in September and missed the preseason.")
    coded = events(analyzer, text)
    assert [t for t, w in coded if w in ("shot", "rallied")] == ["ASSAULT"]  # the shot at the center only


@pytest.mark.parametrize(("text", "kept"), [
    ("Two years ago, a college student committed a shooting at a Louisiana campus.", [("ASSAULT", "shooting")]),
    ("The suspect committed suicide in his cell on Tuesday night.", []),
    ("The murder was committed in front of two young girls, the prosecutor said.", [("ASSAULT", "murder")]),
])
def test_a_crime_committed_is_done_no_pledge(analyzer: Analyzer, text: str, kept: list[tuple[str, str]]) -> None:
    assert events(analyzer, text) == kept


def test_committed_to_is_still_a_pledge(analyzer: Analyzer) -> None:
    assert ("AGREE", "committed") in events(analyzer, "The government committed to withdraw its troops by May.")


@pytest.mark.parametrize("text", [
    "Despite his arrest on suspicion of drunken driving, the receiver will play on Sunday.",
    "The former mayor will be sentenced on March 3.",
    "Prosecutors believe Gomes intended to kill a second person that night.",
    "Police said the gunman had wanted to kill his former boss.",
])
def test_what_happened_or_is_scheduled_or_was_meant_is_no_threat(analyzer: Analyzer, text: str) -> None:
    assert "THREATEN" not in types(analyzer, text)


def test_an_announced_attack_is_still_a_threat(analyzer: Analyzer) -> None:
    assert "THREATEN" in types(analyzer, "The rebels intend to attack the capital next week.")


def test_harm_no_one_did_in_a_quake_story_is_nature_s(analyzer: Analyzer) -> None:
    text = ("A magnitude 5.9 earthquake struck Qeshm island on Sunday, the third tremor this year. Dozens of houses "
            "were destroyed in the village of Gavarzin and five people were injured.")
    assert events(analyzer, text) == []


def test_an_attack_in_a_quake_story_is_still_one(analyzer: Analyzer) -> None:
    text = ("Rebels attacked an army convoy carrying aid to earthquake victims near Aleppo on Monday. The quake had "
            "flattened whole towns.")
    assert ("ASSAULT", "attacked") in events(analyzer, text)


def test_attacks_in_a_story_of_computers_are_cyber(analyzer: Analyzer) -> None:
    text = ("Hackers have exploited a vulnerability in the browser to plant malware on millions of computers. "
            "Microsoft said the attacks were spreading fast and urged users to install the patch.")
    coded = analysed(analyzer, text).events
    assert [(e.type, e.mode) for e in coded if e.trigger == "attacks"] == [("COERCE", "cyber")]


@pytest.mark.parametrize("text", [
    "Providentially, nobody was injured, but the fire did an estimated $1 million in damage to the church.",
    "No one is believed to be injured at this time, a police spokesman said.",
    "No-one was injured in the blaze at the warehouse.",
])
def test_no_one_hurt_is_no_assault_done(analyzer: Analyzer, text: str) -> None:
    coded = analysed(analyzer, text).events
    assert not [e for e in coded if e.modality == "asserted" and e.type in ("ASSAULT", "AID")]


@pytest.mark.parametrize("text", [
    "The pin-up icon died of complications from a heart attack suffered three weeks ago.",
    "Beginning in the 1970s, she battled mental illness and spent years in hospital.",
    "The linebacker fought back tears after visiting his paralysed teammate.",
    "The flaw lets attackers execute code on their victims' computers.",
    "He spoke out last year to assail Magruder's assertions about the break-in.",
])
def test_fights_with_illness_and_code_executed_are_no_assault(analyzer: Analyzer, text: str) -> None:
    assert "ASSAULT" not in types(analyzer, text)


@pytest.mark.parametrize(("text", "trigger"), [
    ("Government forces battled rebels in the north on Sunday.", "battled"),
    ("The army executed three prisoners on Monday.", "executed"),
])
def test_fights_with_people_are_still_assaults(analyzer: Analyzer, text: str, trigger: str) -> None:
    assert ("ASSAULT", trigger) in events(analyzer, text)


@pytest.mark.parametrize("text", [
    "Crews from Devon and Somerset Fire and Rescue have tackled a blaze at a supermarket.",
    "While some, including Nixon and his aides, speculated that Felt was the source, he denied it for decades.",
    "Police said the name of the suspect would be released after he is formally charged.",
])
def test_names_aides_and_names_released_are_no_events(analyzer: Analyzer, text: str) -> None:
    assert not [e for e in events(analyzer, text) if e[0] in ("AID", "RETREAT", "CONCEDE")]


def test_hostages_released_are_still_released(analyzer: Analyzer) -> None:
    assert ("RETREAT", "released") in events(analyzer, "The rebels released the hostages on Monday.")


def test_sites_compromised_are_hacked(analyzer: Analyzer) -> None:
    coded = analysed(analyzer, "Hackers need only lure victims to legitimate websites that have been compromised.")
    assert [(e.type, e.mode) for e in coded.events] == [("COERCE", "cyber")]


@pytest.mark.parametrize("text", [
    "Foley pleaded guilty to misdemeanor drunken driving and was placed on five years' probation.",
    "A not guilty plea was entered on his behalf during Wednesday's hearing.",
    "No application for bail was made and no plea was entered.",
    "Ellen DeGeneres will host the Oscars for the second time next year.",
    "He won an Emmy for his first go at hosting that award show.",
])
def test_pleas_in_court_and_shows_hosted_are_no_events(analyzer: Analyzer, text: str) -> None:
    assert not [e for e in events(analyzer, text) if e[0] in ("REQUEST", "REJECT", "CONSULT", "AGREE")]


def test_a_plea_to_kidnappers_is_still_a_request(analyzer: Analyzer) -> None:
    assert "REQUEST" in types(analyzer, "The mother pleaded with the kidnappers to release her son.")


@pytest.mark.parametrize("text", [
    "Ortiz had arrived for work early and was so eager to begin his day that he set out alone.",
    "The allegations were looked into by OSHA and were determined to be unfounded.",
])
def test_willing_to_do_no_event_is_no_agreement(analyzer: Analyzer, text: str) -> None:
    assert "AGREE" not in types(analyzer, text)


def test_willing_to_talk_is_still_an_agreement(analyzer: Analyzer) -> None:
    assert ("AGREE", "willing") in events(analyzer, "Iran said it was willing to resume talks.")


def test_teams_that_meet_in_a_story_of_sport_hold_no_talks(analyzer: Analyzer) -> None:
    text = ("The Chargers are due to meet the Pittsburgh Steelers in a playoff match on Sunday. The coach said the "
            "league had scored the points fairly, and Klitschko will defend his title in the preseason.")
    assert not [e for e in events(analyzer, text) if e[1] in ("meet", "defend")]


def parties(analyzer: Analyzer, text: str) -> list[tuple[str, str | None, str | None]]:
    return [(e.trigger, e.actor.name if e.actor else None, e.target.name if e.target else None)
            for e in analysed(analyzer, text).events]


@pytest.mark.parametrize(("text", "coded"), [
    ("Despite his arrest on suspicion of drunken driving, Jackson will play on Sunday.", ("arrest", None, "Jackson")),
    ("Prosecutors said Orozco had boasted of the deputy's killing.", ("killing", None, "deputy")),
])
def test_the_owner_of_an_arrest_or_a_killing_suffers_it(analyzer: Analyzer, text: str,
                                                         coded: tuple[str, str | None, str | None]) -> None:
    assert coded in parties(analyzer, text)


def test_a_state_s_killing_of_civilians_is_still_its_act(analyzer: Analyzer) -> None:
    assert ("killing", "Russia", "civilians") in parties(analyzer, "Russia's killing of civilians in Bucha shocked "
                                                                   "the world.")


def test_one_man_who_marched_in_is_no_protest(analyzer: Analyzer) -> None:
    text = "One man is dead after being shot by a gunman who marched into a company Christmas party on Friday night."
    assert "PROTEST" not in types(analyzer, text)
    assert "PROTEST" in types(analyzer, "Thousands of people marched through Athens on Friday.")
    assert "PROTEST" in types(analyzer, "He marched with the crowd to the square on Friday.")


@pytest.mark.parametrize("text", [
    "Gray was shot eleven times after police said he pulled out a .357 revolver in East Flatbush.",
    "The general manager has said that resigning Teixeira was his top priority this winter.",
])
def test_a_gun_drawn_and_a_player_signed_again_are_no_retreat(analyzer: Analyzer, text: str) -> None:
    assert "RETREAT" not in types(analyzer, text)


@pytest.mark.parametrize("text", [
    "Russia pulled out its troops from Kherson on Friday.",
    "Nixon resigned the presidency in disgrace in 1974.",
])
def test_troops_pulled_out_and_an_office_resigned_are_still_retreats(analyzer: Analyzer, text: str) -> None:
    assert "RETREAT" in types(analyzer, text)


@pytest.mark.parametrize("text", [
    "Asked by the judge if he understood the charges against him, he said yes.",
    "Asked about the pending appeal, the prosecutor said such cases can never be predicted.",
    "The detective testified that he asked how she felt hours after the shooting.",
])
def test_a_question_asked_is_no_request(analyzer: Analyzer, text: str) -> None:
    assert "REQUEST" not in types(analyzer, text)


@pytest.mark.parametrize("text", [
    "Barack Obama has asked Sanjay Gupta to join his administration.",
    "The police chief asked for the public's help in finding the gunman.",
])
def test_asked_to_and_asked_for_are_still_requests(analyzer: Analyzer, text: str) -> None:
    assert "REQUEST" in types(analyzer, text)


@pytest.mark.parametrize(("text", "typ"), [
    ("A doorman named the shooter, but Costello testified that he was unable to recognize him.", "SUPPORT"),
    ("Kimani started backing up, the witness said.", "SUPPORT"),
    ("In January, a ship's anchor severed the cables outside Alexandria.", "SANCTION"),
])
def test_relations_verbs_on_persons_and_things_are_no_relations(analyzer: Analyzer, text: str, typ: str) -> None:
    assert typ not in types(analyzer, text)


@pytest.mark.parametrize(("text", "typ"), [
    ("Russia recognized the separatist republics of Donetsk and Luhansk.", "SUPPORT"),
    ("Qatar severed ties with Egypt on Monday.", "SANCTION"),
])
def test_states_recognized_and_ties_severed_still_count(analyzer: Analyzer, text: str, typ: str) -> None:
    assert typ in types(analyzer, text)


def test_a_supply_switched_off_is_no_aid(analyzer: Analyzer) -> None:
    assert "AID" not in types(analyzer, "Engineers were called to switch off the electricity supply to the building.")
    assert "AID" in types(analyzer, "Turkey shipped food to Syria on Monday.")


def test_regarded_as_is_no_recognition(analyzer: Analyzer) -> None:
    text = "Klitschko and his brother are generally recognized as the two best heavyweights in the world."
    assert "SUPPORT" not in types(analyzer, text)


@pytest.mark.parametrize(("text", "typ"), [
    ("Users who visit the infected website are redirected to a malicious server.", "CONSULT"),
    ("Microsoft encourages all customers to test and deploy this update as soon as possible.", "MOBILIZE"),
    ("In the end, those factors appealed more to McDermott than money.", "REQUEST"),
])
def test_sites_visited_updates_deployed_and_things_that_appeal_are_no_events(analyzer: Analyzer, text: str,
                                                                             typ: str) -> None:
    assert typ not in types(analyzer, text)


@pytest.mark.parametrize(("text", "typ"), [
    ("Putin visited the site of the blast on Friday.", "CONSULT"),
    ("Russia deployed troops to the border.", "MOBILIZE"),
    ("Ukraine appealed to the UN for help.", "REQUEST"),
])
def test_visits_deployments_and_appeals_by_parties_still_count(analyzer: Analyzer, text: str, typ: str) -> None:
    assert typ in types(analyzer, text)
