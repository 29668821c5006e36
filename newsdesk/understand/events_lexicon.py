"""The event vocabulary: PLOVER types (``shared/design/ontology.md``) as lemmas of verbs and
nouns, plus the small word classes the rules need (reporting verbs, modals, object classes).

Two sources: the hand tables here, and ``data/event_words.tsv``, derived from the ontology page's
own words through WordNet by ``scripts/events_vocabulary.py`` (it has seen no benchmark sentence,
so it is what carries the coder to vocabulary the benchmark never showed). The hand tables win
where both have a word. Everything here is lemmas, lower-cased.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

_DERIVED_TSV = Path(__file__).resolve().parent / "data" / "event_words.tsv"


def _table(groups: dict[str, str]) -> Mapping[str, str]:
    """{type: "lemma lemma ..."} -> {lemma: type}."""
    return MappingProxyType({w: t for t, words in groups.items() for w in words.split()})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _derived(pos: str) -> dict[str, str]:
    """{lemma: type} of one part of speech ('v', 'n') from the derived vocabulary."""
    out = {}
    for line in _DERIVED_TSV.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            lemma, p, typ, _seed = line.split("\t")
            if p == pos:
                out[lemma] = typ
    return out


# Verbs that are events by themselves (whatever their object).
HAND_VERBS = _table({
    "AGREE": "agree offer promise pledge consent commit accept",
    "CONSULT": "meet negotiate visit host confer consult discuss mediate telephone phone convene",
    "SUPPORT": "praise endorse support back welcome commend applaud hail recognize recognise ratify "
               "defend forgive congratulate thank approve reaffirm",
    "CONCEDE": "concede pardon apologize apologise relent compromise",
    "COOPERATE": "cooperate co-operate collaborate",
    "AID": "aid donate rescue airlift assist fund finance",
    "RETREAT": "withdraw retreat disarm demobilize demobilise resign surrender",
    "REQUEST": "demand urge ask appeal request insist plead petition pressure implore exhort pressure",
    "ACCUSE": "accuse condemn criticize criticise denounce blame allege indict sue investigate probe complain "
              "deplore decry disapprove censure rebuke slam prosecute impeach",
    "REJECT": "reject refuse decline dismiss rebuff veto oppose renege spurn defy violate resist",
    "THREATEN": "threaten warn menace",
    "PROTEST": "demonstrate protest rally march riot picket boycott",
    "SANCTION": "sanction embargo sever",
    "MOBILIZE": "deploy mobilize mobilise mass station reinforce",
    "COERCE": "arrest detain jail imprison seize confiscate ban outlaw censor deport hack deface evict "
              "demolish bulldoze suppress repress torch loot raze sentence extradite bar "
              "nationalise nationalize expropriate teargas tear-gas remand",
    "ASSAULT": "attack bomb shell kill wound injure shoot fire strike invade ambush assassinate murder "
               "massacre execute torture beat abduct kidnap rape storm assault bombard retake occupy neutralize "
               "besiege overrun clash fight behead stab lynch",
})

# Nouns that name an event; they count where something anchors them (see events_rules).
HAND_NOUNS = _table({
    "AGREE": "agreement deal accord pact promise pledge offer commitment",
    "CONSULT": "talk talks meeting negotiation visit summit consultation mediation discussion dialogue",
    "SUPPORT": "endorsement praise recognition",
    "CONCEDE": "concession amnesty pardon apology",
    "COOPERATE": "cooperation co-operation collaboration",
    "AID": "aid assistance donation relief asylum",
    "RETREAT": "withdrawal pullout retreat resignation disarmament demobilization ceasefire cease-fire truce access",
    "REQUEST": "demand appeal request plea petition",
    "ACCUSE": "accusation allegation criticism condemnation complaint indictment investigation inquiry impeachment "
              "probe lawsuit inspection denunciation",
    "REJECT": "rejection refusal veto",
    "THREATEN": "threat ultimatum warning",
    "PROTEST": "demonstration protest rally march riot boycott sit-in walkout strike "
               "dharna bandh hartal gherao stayaway stay-away go-slow cacerolazo",
    "SANCTION": "sanction embargo suspension expulsion",
    "MOBILIZE": "deployment mobilization mobilisation buildup build-up alert exercise drill maneuver manoeuvre",
    "COERCE": "arrest detention crackdown curfew ban censorship deportation seizure confiscation eviction "
              "demolition cyberattack coup putsch extradition nationalisation nationalization expropriation",
    "ASSAULT": "attack airstrike bombing bombardment shelling assault invasion offensive ambush massacre "
               "killing assassination explosion blast fighting clash battle shooting gunfire incursion siege",
})

# Verb + particle or object lemma (the second word is a child of the verb).
PHRASES: Mapping[tuple[str, str], str] = MappingProxyType({
    ("sit", "face"): "CONSULT", ("sit", "down"): "CONSULT", ("hold", "talk"): "CONSULT",
    ("call", "for"): "REQUEST", ("call", "on"): "REQUEST", ("push", "for"): "REQUEST",
    ("press", "for"): "REQUEST", ("call", "off"): "CONCEDE", ("back", "down"): "CONCEDE",
    ("pull", "out"): "RETREAT", ("pull", "back"): "RETREAT", ("step", "down"): "RETREAT",
    ("lay", "down"): "RETREAT", ("rule", "out"): "REJECT", ("turn", "down"): "REJECT",
    ("break", "off"): "SANCTION", ("crack", "down"): "COERCE", ("shut", "down"): "COERCE",
    ("open", "fire"): "ASSAULT", ("beat", "up"): "ASSAULT", ("blow", "up"): "COERCE",
    ("set", "fire"): "COERCE", ("force", "out"): "ASSAULT", ("stop", "work"): "PROTEST",
    ("go", "strike"): "PROTEST", ("down", "tool"): "PROTEST", ("gun", "down"): "ASSAULT", ("round", "up"): "COERCE",
    ("take", "hostage"): "ASSAULT", ("exchange", "fire"): "ASSAULT",
})

# Object classes that decide the type of generic verbs ("suspend aid" vs "suspend the offensive").
MILITARY = _words("offensive attack operation bombing shelling hostility fighting fire activity strike airstrike "
                  "raid campaign assault advance troop force soldier presence army unit weapon arm")
# military only when nothing names another kind ("suspended its polio campaign", "the rescue operation")
DRIVES = _words("campaign operation activity")
WAR_KINDS = MILITARY | _words("air ground naval sea land combat war counterinsurgency counter-insurgency "
                              "counterterrorism counter-terrorism security missile rocket drone artillery")
RESTRICTION = _words("ban curfew restriction sanction embargo blockade measure emergency siege law strike protest "
                     "boycott closure checkpoint control limit rule tariff")
COOPERATION = _words("aid tie relation link talk cooperation mediation trade flight assistance contact support "
                     "negotiation program programme delivery loan investment exchange dialogue")
MATERIAL = _words("aid assistance food medicine medicines arm weapon money grant loan supply goods equipment "
                  "asylum dollar fund shelter vaccine fuel relief ton")
# who is sent to help: rescue and medical teams (aid, PLOVER's rescues), not forces
RESCUERS = _words("rescuer medic doctor paramedic firefighter searcher")
PERSONNEL = _words("troop soldier force fighter hacker militia militiaman police policeman officer recruit "
                   "rebel guerrilla army unit reservist sailor pilot warship ship jet plane tank")
PEOPLE = _words("prisoner hostage captive detainee national citizen people civilian refugee suspect "
                "bomber activist journalist worker observer inspector monitor")
PROJECTILES = _words("missile rocket drone shell mortar grenade bomb projectile")
# what strikes a place when a verb of hitting has it as subject ("Russian missiles hit a block")
STRIKERS = PROJECTILES | _words("airstrike shelling artillery warplane jet aircraft")
BLOW_VERBS = _words("hit pound slam")
CHARGE_VERBS = _words("charge")  # "charged the former president with corruption": an accusation
INFO = _words("information intelligence evidence data expertise technology")
OBSERVERS = _words("observer inspector monitor mission delegation peacekeeper")
TIES = _words("tie relation")
TRADE = _words("import export trade shipment flight investment")
# what a state cuts off from a besieged place (COERCE withhold), not aid it stops giving (SANCTION)
UTILITIES = _words("electricity power water fuel food medicine")
# what hackers attack: an attack on these is a cyber operation (COERCE), no physical harm
CYBER_TARGETS = _words("website site server network computer database email account portal")
# values, institutions of speech and plans an 'attack' or an 'assault' on is words, no blow ("attacks on
# workers' rights", "efforts attacked by Palin")
VALUES = _words("right rights freedom freedoms liberty liberties democracy press speech dignity value values "
                "principle principles constitution reputation credibility character privacy "
                "policy plan proposal idea decision record effort bill reform budget ruling verdict claim remark "
                "assertion statement testimony law")
# what is told about people, not the people ('released the name of the suspect')
WORDS_ABOUT = _words("name names identity details detail photo photos picture pictures image images video footage "
                     "report list statement description")
# what police fire at crowds: repression short of killing (COERCE), not shooting
CROWD_WEAPONS = _words("gas teargas tear-gas cannon pellet spray stun rubber")
INSPECTORS = _words("inspector observer monitor investigator")
# who holds power, overthrown in a coup ("toppled the government", "deposed President X")
RULERS = _words("government regime president leader ruler king queen monarch emir sultan junta dictator "
                "administration cabinet premier")
# civilians who storm a building: a protest turned violent (PLOVER's riot), not an armed assault
PROTESTERS = _words("protester demonstrator rioter crowd mob activist student supporter villager resident "
                    "farmer worker youth")
# what becomes of a truce or a deal that fails ("the ceasefire collapsed", "the collapse of the truce")
FAILED_VERBS = _words("collapse fail falter crumble unravel founder expire lapse disintegrate end")
FAILED_NOUNS = _words("collapse breakdown failure end expiry expiration demise unravelling unraveling")

# the states of exception a government declares ("a state of emergency / catastrophe / calamity / disaster")
EXCEPTIONAL = _words("emergency siege catastrophe calamity disaster exception alarm")

# What stopping something is, by what is stopped: ties cut, an offensive halted, a restriction lifted.
_STOPPING = ((COOPERATION, "SANCTION"), (MILITARY, "RETREAT"), (RESTRICTION, "CONCEDE"))

# Generic verbs: object class -> type (first class that matches the direct object wins).
BY_OBJECT: Mapping[str, tuple[tuple[frozenset[str], str], ...]] = MappingProxyType({
    "suspend": _STOPPING, "halt": _STOPPING,
    "cut": ((COOPERATION, "SANCTION"), (MILITARY, "RETREAT"), (UTILITIES, "COERCE"),
            (MATERIAL | _words("gas oil"), "SANCTION")),
    "end": _STOPPING, "stop": _STOPPING,
    "freeze": ((COOPERATION, "SANCTION"), (MATERIAL | _words("asset account property holding reserve"), "SANCTION")),
    "reduce": ((MILITARY, "RETREAT"), (COOPERATION, "SANCTION"), (RESTRICTION, "CONCEDE")),
    "scale": ((MILITARY, "RETREAT"), (COOPERATION, "SANCTION")),
    "withdraw": ((COOPERATION | _words("ambassador envoy diplomat"), "SANCTION"),),
    "lift": ((RESTRICTION, "CONCEDE"),), "ease": ((RESTRICTION, "CONCEDE"),),
    "relax": ((RESTRICTION, "CONCEDE"),), "cancel": ((RESTRICTION, "CONCEDE"), (COOPERATION, "SANCTION")),
    "remove": ((RESTRICTION, "CONCEDE"),), "rescind": ((RESTRICTION, "CONCEDE"),),
    "repeal": ((RESTRICTION, "CONCEDE"),), "scrap": ((RESTRICTION, "CONCEDE"),),
    "impose": ((_words("sanction embargo tariff blockade penalty"), "SANCTION"), (RESTRICTION, "COERCE")),
    "extend": ((_words("curfew ban restriction") | EXCEPTIONAL, "COERCE"),),
    "tighten": ((_words("sanction embargo blockade"), "SANCTION"), (RESTRICTION, "COERCE")),
    "declare": ((_words("curfew law") | EXCEPTIONAL, "COERCE"), (_words("ceasefire cease-fire truce"), "RETREAT")),
    "send": ((PERSONNEL, "MOBILIZE"), (MATERIAL | RESCUERS, "AID"), (OBSERVERS, "ACCUSE")),
    "dispatch": ((PERSONNEL, "MOBILIZE"), (MATERIAL | RESCUERS, "AID"), (OBSERVERS, "ACCUSE")),
    "provide": ((MATERIAL, "AID"),), "give": ((MATERIAL, "AID"),), "supply": ((MATERIAL, "AID"),),
    "deliver": ((MATERIAL, "AID"),), "grant": ((MATERIAL, "AID"), (_words("access"), "RETREAT")),
    "hand": ((MATERIAL, "AID"), (PEOPLE, "RETREAT")), "release": ((PEOPLE, "RETREAT"), (MATERIAL, "AID")),
    "free": ((PEOPLE, "RETREAT"),),
    "evacuate": ((PEOPLE | _words("wounded wound injured injure sick"), "AID"),
                 (_words("settlement base position territory town area outpost"), "RETREAT")),
    "allow": ((_words("access inspector observer monitor aid"), "RETREAT"),),
    "open": ((_words("border crossing corridor access"), "RETREAT"), (_words("embassy consulate"), "SUPPORT")),
    "establish": ((TIES, "SUPPORT"),), "restore": ((TIES, "SUPPORT"),), "resume": ((TIES, "SUPPORT"),),
    "break": ((TIES, "SANCTION"),),
    "share": ((INFO, "COOPERATE"),), "exchange": ((INFO | PEOPLE, "COOPERATE"),),
    "expel": ((_words("diplomat ambassador envoy inspector monitor observer attache"), "SANCTION"),
              (PEOPLE, "COERCE")),
    "deny": ((_words("entry visa aid access"), "SANCTION"),),
    # only when aimed: "launched 42 drones at Ukraine" (events_rules._aimed), not "launched a rocket"
    "launch": ((PROJECTILES, "ASSAULT"),),
    "prohibit": ((COOPERATION | MATERIAL, "SANCTION"), (RESTRICTION | _words("rally demonstration"), "COERCE")),
    "recall": ((_words("ambassador envoy"), "SANCTION"),),
    # people captured are held (an arrest); a town captured is taken by force
    "capture": ((PEOPLE | _words("member leader commander militant fighter kingpin boss gunman"), "COERCE"),
                (_words("town city village base airport territory position hill district"), "ASSAULT")),
    "lob": ((PROJECTILES, "ASSAULT"),), "hurl": ((PROJECTILES, "ASSAULT"),),
    "train": ((PERSONNEL, "MOBILIZE"),), "strengthen": ((PERSONNEL, "MOBILIZE"),),
    "boost": ((PERSONNEL, "MOBILIZE"),), "bolster": ((PERSONNEL, "MOBILIZE"),),
    "sign": ((_words("agreement treaty accord pact deal memorandum protocol declaration ceasefire truce"),
              "SUPPORT"),),
    "receive": ((OBSERVERS, "RETREAT"),),
    "pay": ((_words("compensation reparation damages"), "RETREAT"),),
    "hold": ((_words("hostage captive shield"), "COERCE"),),
    "block": ((_words("road roadway bridge highway traffic transport street railway entrance port"), "PROTEST"),
              (_words("website site internet"), "COERCE")),
    "burn": ((_words("house home office building car vehicle mosque church shop property"), "COERCE"),),
    "destroy": ((_words("house home office building property village crop"), "COERCE"),),
    "close": ((_words("border crossing airspace port airport road"), "COERCE"),
              (_words("embassy consulate"), "SANCTION")),
    "seal": ((_words("border crossing"), "COERCE"),),
    "fire": ((CROWD_WEAPONS, "COERCE"),),  # "fired tear gas at protesters"; any other fire is a shot (VERBS)
    # aid stopped on its way is a restriction ("prevented aid deliveries into Gaza"); an act stopped
    # is no event of the one who stopped it (events_rules.plot_of)
    "prevent": ((MATERIAL | _words("delivery convoy shipment"), "COERCE"),),
    # power taken by force from who holds it: a coup (COERCE seize, as CAMEO's "occupy territory" is)
    "overthrow": ((RULERS, "COERCE"),), "topple": ((RULERS, "COERCE"),), "depose": ((RULERS, "COERCE"),),
})
# The derived vocabulary's generic verbs (ontology phrases "breaking ties", "cutting aid", "giving
# access" through WordNet): their template's object classes decide; the hand table wins.
_TEMPLATES = {
    "~STOP": _STOPPING,
    "~GIVE": ((MATERIAL, "AID"), (PEOPLE, "RETREAT"), (_words("access"), "RETREAT")),
}
DERIVED_BY_OBJECT: Mapping[str, tuple[tuple[frozenset[str], str], ...]] = MappingProxyType(
    {w: _TEMPLATES[t] for w, t in _derived("v").items() if t in _TEMPLATES and w not in BY_OBJECT})
BY_OBJECT = MappingProxyType({**DERIVED_BY_OBJECT, **BY_OBJECT})
# Their nouns ('a suspension of air links'): the "of" object decides.
NOUN_BY_OBJECT: Mapping[str, tuple[tuple[frozenset[str], str], ...]] = MappingProxyType(
    {w: _TEMPLATES[t] for w, t in _derived("n").items() if t in _TEMPLATES})
# Every generic verb the derivation gives, the hand table's too (what a lexicon built without the
# benchmark would know: bench/events.py's held-out split keeps them).
DERIVED_OBJECT_VERBS = frozenset(w for w, t in _derived("v").items() if t in _TEMPLATES) | frozenset(NOUN_BY_OBJECT)

# Verbs that only report an event ("said it would ..."): never triggers, they pass modality through.
REPORTING = _words("say tell announce declare state report add claim confirm reiterate indicate note stress "
                   "assert affirm disclose reveal quote write explain acknowledge admit")
# Verbs and adjectives that make what they govern intended, hypothetical, or a willingness (AGREE).
INTENT = _words("plan intend aim prepare decide expect seek want try vow resolve schedule set mean decision "
                "intention")
WILLING = _words("willing ready prepared eager determined committed open")
HOPE = _words("hope wish consider mull weigh contemplate")
FUTURE_AUX = _words("will shall 'll wo")
HYPOTHETICAL_AUX = _words("could might may would")
OBLIGATION_AUX = _words("must should")
LIGHT_VERBS = _words("hold launch stage mount carry conduct begin start continue resume step intensify escalate "
                     "speed accelerate finish complete "
                     "make issue lodge file impose reach sign declare announce call order open go take keep "
                     "remain put place stage lead join end complete undertake wage organise organize")

# Cooperative types: negated, they become REJECT; intended, CONSULT/SUPPORT/COOPERATE/AID become AGREE.
COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
FUTURE_AGREE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
FUTURE_THREAT = frozenset({"ASSAULT", "COERCE", "SANCTION"})
RECIPROCAL = frozenset({"AGREE", "CONSULT", "COOPERATE", "SUPPORT", "REJECT"})

# Two-word event nouns (modifier, head) whose head alone is no trigger.
NOUN_PHRASES: Mapping[tuple[str, str], str] = MappingProxyType({
    ("war", "game"): "MOBILIZE", ("martial", "law"): "COERCE", ("air", "raid"): "ASSAULT",
    ("police", "raid"): "COERCE", ("hunger", "strike"): "PROTEST", ("peace", "process"): "CONSULT",
    ("cyber", "attack"): "COERCE", ("ransomware", "attack"): "COERCE", ("hacking", "attack"): "COERCE",
    ("ddos", "attack"): "COERCE", ("cyber", "assault"): "COERCE",
})

# Verbs of causing: what they cause happened ("sparking protests in Dakar"), but not by their subject.
CAUSES = _words("spark trigger prompt provoke ignite fuel cause unleash")

# Modes (ontology sub-types) by trigger lemma.
MODES: Mapping[str, str] = MappingProxyType({
    "visit": "visit", "telephone": "phone", "phone": "phone", "summit": "multilateral",
    "withdraw": "withdraw", "withdrawal": "withdraw", "pullout": "withdraw", "pull": "withdraw",
    "retreat": "withdraw", "release": "release", "free": "release", "disarm": "disarm",
    "disarmament": "disarm", "demobilize": "disarm", "demobilise": "disarm", "demobilization": "disarm",
    "ceasefire": "ceasefire", "cease-fire": "ceasefire", "truce": "ceasefire", "resign": "resign",
    "resignation": "resign", "step": "resign", "allow": "access", "access": "access", "open": "access",
    "boycott": "boycott", "block": "obstruct", "blockade": "obstruct",
    "seize": "seize", "confiscate": "seize", "seizure": "seize", "confiscation": "seize",
    "ban": "restrict", "outlaw": "restrict", "censor": "censor", "censorship": "censor", "curfew": "curfew",
    "arrest": "arrest", "detain": "arrest", "jail": "arrest", "imprison": "arrest", "detention": "arrest",
    "deport": "deport", "deportation": "deport", "evict": "deport", "hack": "cyber", "deface": "cyber",
    "cyberattack": "cyber", "abduct": "abduct", "kidnap": "abduct", "beat": "beat", "torture": "torture",
    "rape": "sexual", "assassinate": "targeted", "assassination": "targeted", "shoot": "firearms",
    "fire": "firearms", "gunfire": "firearms", "shooting": "firearms", "bomb": "explosives",
    "bombing": "explosives", "explosion": "explosives", "blast": "explosives", "airstrike": "aerial",
    "bombard": "aerial", "bombardment": "aerial", "troop": "troops", "deploy": "troops", "hunger": "hunger",
    "air": "aerial", "drone": "drone", "prevent": "withhold", "martial": "martial-law", "suicide": "suicide-attack",
    "mediate": "third-party", "mediation": "third-party", "cyber": "cyber", "ransomware": "cyber",
    "hacking": "cyber", "ddos": "cyber", "hacker": "cyber", "gunman": "firearms", "sniper": "firearms",
    "warplane": "aerial", "police": "police", "policeman": "police", "officer": "police",
    "militia": "militia", "militiaman": "militia", "gun": "firearms",
    "round": "arrest", "remand": "arrest", "capture": "arrest", "soldier": "troops",
    "sentence": "arrest",
    "close": "restrict", "seal": "restrict", "bar": "restrict", "extradite": "deport", "extradition": "deport",
    "nationalise": "seize", "nationalize": "seize", "expropriate": "seize", "nationalisation": "seize",
    "nationalization": "seize", "expropriation": "seize", "coup": "seize", "putsch": "seize", "overthrow": "seize",
    "topple": "seize", "depose": "seize",
})
# The modes each type may take (ontology.md's table): a word's mode counts only for its own type
# ("opened fire" is no opening of access, "set fire" to tyres no shooting).
TYPE_MODES: Mapping[str, frozenset[str]] = MappingProxyType({
    "CONSULT": _words("visit third-party multilateral phone"),
    "RETREAT": _words("withdraw release disarm ceasefire access resign"),
    "CONCEDE": frozenset(),  # the ontology gives it none: an announced release shows as such by its trigger
    "REQUEST": _words("assist change yield meet"), "REJECT": _words("assist change yield meet"),
    "ACCUSE": _words("disapprove investigate allege"),
    "THREATEN": _words("restrict arrest relations expel territory violence"),
    "PROTEST": _words("hunger boycott obstruct"), "MOBILIZE": _words("troops police militia"),
    "COERCE": _words("seize restrict censor curfew martial-law arrest deport withhold misinformation cyber"),
    "ASSAULT": _words("abduct beat torture sexual targeted destroy primitive firearms explosives suicide-attack "
                      "aerial drone"),
})
THREAT_MODES: Mapping[str, str] = MappingProxyType(
    {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "relations", "MOBILIZE": "violence"})

# Acts stopped or plotted (events_rules.plot_of): verbs that stop another's act before it happens
# (what they stop did not take place, and their subject is not who would have done it), verbs that
# bring another's plan to light, and the plans that hold the act.
PREVENT = _words("foil thwart prevent avert disrupt preempt pre-empt")
UNCOVER = _words("uncover discover expose detect bust dismantle")
PLOTS = _words("plot conspiracy scheme")  # kept secret: what they hold was intended, never announced
PLANS = PLOTS | _words("plan attempt bid")

# Nouns a noun trigger names the kind of ('a mediation effort'): anchored and with parties as the trigger.
FRAME_NOUNS = _words("effort mission process campaign operation programme program bid attempt initiative plan team "
                     "agreement deal force")

# Verbs whose object is the actor's own means, never the target ("dispatched inspectors to X").
INSTRUMENT_VERBS = _words("send dispatch deploy train strengthen reinforce boost bolster mass station withdraw pull "
                          "reduce scale mobilize mobilise move")

# Heads of noun phrases that stand for a state ("Russian forces" -> Russia).
STATE_AGENTS = _words("government forces force troop army military official negotiator authority police ruler "
                      "soldier diplomat ministry leader delegation side navy parliament cabinet regime "
                      "administration intelligence embassy warplane jet tank helicopter plane aircraft "
                      "envoy spokesman spokeswoman president minister state country nation security guard artillery "
                      "counterpart "
                "ambassador consul attache "
                      "team")
# Heads that hide the real party in an "of" phrase ("a group of diplomats").
GROUP_HEADS = _words("group member some one thousand hundred ten dozen number majority part all most many "
                     "few delegation team contingent")
# Nouns that can be parties though they are not names.
PARTY_NOUNS = PERSONNEL | PEOPLE | STATE_AGENTS | _words(
    "settler protester demonstrator student villager resident party opposition candidate militant "
    "extremist insurgent separatist terrorist gunman attacker member elder leader group movement union "
    "organization organisation agency court committee council people town village city camp position "
    "base target area region province community faction chief emir king judge archbishop doctor "
    "hacker victim youth child woman man official minister president ally partner neighbour neighbor rival "
    "enemy opponent lawmaker legislator senator negotiator envoy diplomat mediator "
    "tourist migrant passenger oligarch businessman reporter aide "
    # people crime and unrest often strike: clergy, health and farm workers, herders, traders
    "priest cleric imam pastor bishop nun monk rabbi worshipper pilgrim vaccinator nurse teacher farmer "
    "herder herdsman trader governor mayor family household survivor schoolchild schoolchildren schoolgirl schoolboy "
    "pupil")

# The derived vocabulary, less the words the rules treat as a class of their own (reporting, intent,
# light and generic verbs: 'order' holds an event, it is none).
_CLASSED = REPORTING | INTENT | HOPE | WILLING | LIGHT_VERBS | frozenset(BY_OBJECT) | FRAME_NOUNS
DERIVED_VERBS: Mapping[str, str] = MappingProxyType({w: t for w, t in _derived("v").items()
                                                     if w not in _CLASSED and t not in _TEMPLATES})
DERIVED_NOUNS: Mapping[str, str] = MappingProxyType({w: t for w, t in _derived("n").items()
                                                     if w not in _CLASSED and t not in _TEMPLATES})
VERBS: Mapping[str, str] = MappingProxyType({**DERIVED_VERBS, **HAND_VERBS})
NOUNS: Mapping[str, str] = MappingProxyType({**DERIVED_NOUNS, **HAND_NOUNS})
# Every verb lemma some rule knows: a verb outside it is an event only through its object (events_rules).
KNOWN_VERBS = frozenset(VERBS) | frozenset(BY_OBJECT) | frozenset(a for a, _ in PHRASES) | frozenset({"agree"})
