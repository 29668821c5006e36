"""Who takes a name decides what it is: troops take towns, police take people (#3, #4).

"Russian forces captured Chasiv Yar" and "Police captured Jackson" read alike to the small model, and to a
gazetteer that knows Jackson the city and not Chasiv Yar the town. What tells them apart is the captor: the
subject of the verb ("Russian forces", "Wagner fighters", "the Arakan Army" take a town; "police", "sheriff's
deputies" a person), or with no such subject, the article ("The suspect was charged": a person). An arrest,
a charge or a sentence takes a person whoever does it ("Police arrested Jackson"). These helpers read those
signs off the tokens; :mod:`.entities` and :mod:`.entities_places` vote with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from .parsed import Sentence, Token

# what troops do to a town and what police do to a person alike: the captor tells which
SEIZING = frozenset({"captured", "capturing", "captures", "capture", "seized", "seizing", "seizes", "seize"})
# what troops do to a town, not to a person ("entered Chasiv Yar", "stormed Barsalogho"); with a troop captor
TROOP_VERBS = SEIZING | frozenset({"entered", "entering", "enter", "stormed", "storming", "overran", "overrunning",
                                   "attacked", "attacking", "raided", "raiding", "retook", "recaptured", "took",
                                   "shelled", "shelling", "bombed", "bombing", "struck", "striking", "besieged",
                                   "encircled", "liberated", "liberating", "blockaded", "pounded"})
# the subject of a town's capture: armed men (not "gunmen", who shoot people as often)
TROOPS = frozenset({"forces", "troops", "army", "soldiers", "rebels", "rebel", "fighters", "militants", "jihadists",
                    "militia", "militias", "militiamen", "insurgents", "paramilitaries", "paramilitary", "junta",
                    "military", "marines", "units", "brigade", "brigades", "battalion", "battalions", "regiment",
                    "gangs", "gang", "guerrillas", "separatists", "mercenaries", "tanks", "commandos"})
# the subject of a person's capture
POLICE = frozenset({"police", "policemen", "officers", "detectives", "deputies", "agents", "marshals", "sheriff",
                    "fbi", "authorities", "investigators", "troopers", "cops", "constables", "interpol"})
# what only a person undergoes, whoever does it ("Police arrested Jackson", "a jury convicted Tyler")
ARRESTS = frozenset({"arrested", "arresting", "arrest", "arrests", "detained", "detaining", "handcuffed",
                     "apprehended", "nabbed", "jailed", "indicted", "convicted", "acquitted", "sentenced", "charged",
                     "extradited", "interrogated", "deported", "arraigned", "booked", "imprisoned"})
# words of an article about a crime: "Authorities captured Jackson ... The suspect was charged"
LAW_WORDS = frozenset({"suspect", "suspects", "suspected", "arrested", "arrest", "manhunt", "custody", "charged",
                       "charges", "indicted", "fugitive", "jail", "prison", "sheriff", "warrant", "murder",
                       "robbery", "homicide", "detectives", "arraigned", "bail", "inmate", "escaped"})
# what ends the subject's clause, looking back from the verb
CLAUSE_END = frozenset({",", ";", ":", ".", "that", "which", "who", "when", "after", "before", "as", "while",
                        "where", "said", "says", "and", "but", "\u2014", "\u2013", "--"})
PASSIVE = frozenset({"was", "were", "is", "are", "been", "has", "had", "have", "being"})
# what may follow a town taken, in a sentence the parser left: "captured Chasiv Yar after ...", "shelled Toretsk
# overnight"
OBJECT_AFTER = frozenset({"in", "on", "at", "after", "before", "since", "during", "from", "with", "near", "and", "or",
                          "but", "as", "by", "for", "to", "into", "overnight", "again", "yesterday", "today", "last",
                          "this", "early", "late", "earlier", "later", "when", "while", "where", "which", "killing",
                          "forcing", "leaving", "despite", "amid", "without", "within", "under", "through"})
# after a name taken: a person's lot ("took Smith hostage")
HELD = frozenset({"hostage", "hostages", "prisoner", "prisoners", "captive", "captives"})
# where troops seize a person, not a town: "seized Mariam Diallo at a checkpoint", "from the presidential palace"
SPOTS = frozenset({"checkpoint", "checkpoints", "roadblock", "roadblocks", "home", "house", "residence", "palace",
                   "office", "offices", "hotel", "hospital", "mosque", "church", "bedside", "car", "vehicle",
                   "farm", "shop", "workplace", "apartment", "flat", "compound"})
SPOT_PREPS = frozenset({"at", "from", "outside", "in", "inside", "near"})
# his or hers in the clause after the name: "seized Amadou Kone from his home", "along with her husband"
PRONOUNS = frozenset({"his", "her", "him", "he", "she", "hers", "himself", "herself"})
Captor = Literal["troops", "police"]


def captor(toks: Sequence[Token], first: int, last: int) -> Captor | None:
    """Who takes the name at tokens ``first``..``last``: the subject of the verb just before it, read back to its
    clause's start ("Russian forces captured", "Police captured", "The Arakan Army captured"), else the "by" of a
    passive after it ("Chasiv Yar was captured by Russian forces"); not one taken hostage ("took Smith hostage")."""
    nxt = toks[last + 1] if last + 1 < len(toks) else None
    if nxt is not None and nxt.lower in HELD:
        return None
    if first > 0 and toks[first - 1].lower in TROOP_VERBS:
        if (nxt is not None and _modifies(nxt)) or held_person(toks, last):
            return None
        return _who(toks[max(0, first - 8):first - 1][::-1])
    verb = _passive(toks, last)
    if verb is not None and verb + 1 < len(toks) and toks[verb + 1].lower == "by":
        return _who(toks[verb + 2:verb + 8])
    return None


def _modifies(nxt: Token) -> bool:
    """Whether the word after a name makes the name a modifier or an owner, not what is taken ("attacked
    Hezbollah positions", "struck Zelensky's hometown"): a possessive, or a common noun (by its tag, or
    in a sentence the parser left, any lower-case word but a few that open what follows a clause's object)."""
    if nxt.text.replace("\u2019", "'") in ("'s", "'"):
        return True
    if nxt.tag:
        return nxt.tag in ("NN", "NNS")
    return nxt.text.isalpha() and nxt.text.islower() and nxt.lower not in OBJECT_AFTER


def held_person(toks: Sequence[Token], last: int) -> bool:
    """Whether the words after a name taken (up to the end of the clause) tell a person from a town: his or her
    ("seized Amadou Kone from his home", "along with her husband"), or a spot where people are stopped or found
    ("seized Mariam Diallo at a checkpoint", "from the presidential palace"; not "captured Chasiv Yar in July")."""
    words = [t.lower for t in toks[last + 1:last + 10]]
    for k, word in enumerate(words):
        if word in CLAUSE_END - {"and", "as", "while", "when"}:
            return False
        if word in PRONOUNS:
            return True
        phrase = words[k + 1:k + 4]  # "at a checkpoint", "from the presidential palace"
        phrase = phrase[:next((j for j, w in enumerate(phrase) if not w.isalpha()), len(phrase))]
        if word in SPOT_PREPS and any(w in SPOTS for w in phrase):
            return True
    return False


def _who(words: Sequence[Token]) -> Captor | None:
    """The captor among ``words``, read up to the end of their clause."""
    for tok in words[:6]:
        if tok.lower in CLAUSE_END:
            return None
        if tok.lower in POLICE:
            return "police"
        if tok.lower in TROOPS:
            return "troops"
    return None


def _passive(toks: Sequence[Token], last: int) -> int | None:
    """The verb of a passive after the name ending at token ``last`` ("was captured", "has been seized"), if any."""
    k = last + 1
    while k < len(toks) and k - last <= 2 and toks[k].lower in PASSIVE:
        k += 1
    return k if k > last + 1 and k < len(toks) and toks[k].lower in TROOP_VERBS else None


def arrested(toks: Sequence[Token], first: int, last: int | None = None) -> bool:
    """Whether the name at tokens ``first``..``last`` undergoes what only a person does, as the object ("Police
    arrested Jackson", "deputies detained Tyler"; not "arrested in Jackson", a preposition between) or, given
    ``last``, as the passive's subject ("Jackson was arrested on Friday")."""
    if first > 0 and toks[first - 1].lower in ARRESTS:
        return True
    if last is None:
        return False
    k = last + 1
    while k < len(toks) and k - last <= 2 and toks[k].lower in PASSIVE:
        k += 1
    return last + 1 < k < len(toks) and toks[k].lower in ARRESTS


def crime_story(sents: Sequence[Sentence]) -> bool:
    """Whether the article tells of a crime, an arrest or a trial (see LAW_WORDS), two of its words at least:
    then a name captured or seized by no troops is a person's ("Authorities captured Jackson")."""
    return len({t.lower for s in sents for t in s.tokens if t.lower in LAW_WORDS}) >= 2


def person_taken(toks: Sequence[Token], first: int, last: int, crime: bool) -> bool:
    """Whether the name at tokens ``first``..``last`` is taken as a person: arrested, or captured by police, or
    captured by no troops in a ``crime`` story."""
    if arrested(toks, first, last):
        return True
    who = captor(toks, first, last)
    if who is not None:
        return who == "police"
    verb = _passive(toks, last)
    seized = (first > 0 and toks[first - 1].lower in SEIZING) or (verb is not None and toks[verb].lower in SEIZING)
    if seized and first > 0 and toks[first - 1].lower in SEIZING and held_person(toks, last):
        return True  # "Troops seized Mariam Diallo at a checkpoint": whoever seizes, a person is held
    return crime and seized
