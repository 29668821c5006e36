"""Towns the model reads as people or bodies, and towns it does not read at all (#3, #4).

The small model calls "Jenin", "Khan Younis" or "Avdiivka" a person in many sentences ("Israeli
forces raided Jenin"), "Kostiantynivka" or "El Fasher" an organisation, and names nothing in others
("Residents of Bakhmut sheltered"). A name the gazetteer knows as a populated place is one unless
the document uses it as a person's: a title or honorific before it, a first name with it, a speech
verb after it ("Austin said"), a relative or lawyer of its own ("Jackson's wife"), an age or a role
in apposition ("Goma, 34, a teacher"); or, for a name the model called a body, as a body's ("Nokia
cut jobs", "Toyota shares"; not "Mariupol fell to Russian forces"). A firm named after a town is one
whatever the model says where the words around it are a firm's ("the deal with Santander", "shares of
Nokia"); a player is a person ("Jackson scored twice"); a town opening its sentence is a place where
what follows says so ("Idlib remains under rebel control", "Rafah, on the Egyptian border,"). These
helpers read those signs off the tokens; :mod:`.entities` votes with them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from .entities_taken import arrested, captor
from .given_names import given_name
from .parsed import Name, Sentence, Token

# before a name: only a person takes these ("Princess Charlotte", "Coach Austin", "Mr Jackson")
PERSON_TITLES = frozenset({"mr", "mrs", "ms", "mx", "miss", "dr", "sen", "rep", "gov", "gen", "prof", "sir", "dame",
                           "lord", "lady", "prince", "princess", "king", "queen", "president", "senator", "minister",
                           "secretary", "governor", "mayor", "judge", "justice", "chairman", "coach", "pope",
                           "sheikh", "emir", "saint", "st", "rev", "father", "sister", "brother", "uncle", "aunt",
                           "captain", "capt", "colonel", "col", "sgt", "sergeant", "lt", "lieutenant", "officer"})
# after a name's possessive: what a person has and a town has not ("Jackson's wife", "Goma's lawyer")
PERSONAL = frozenset({"son", "daughter", "wife", "husband", "widow", "brother", "sister", "mother", "father",
                      "parents", "children", "family", "lawyer", "lawyers", "attorney", "attorneys", "spokesman",
                      "spokeswoman", "spokesperson", "aide", "aides", "agent", "friend", "friends", "girlfriend",
                      "boyfriend", "partner", "fiance", "fiancee", "funeral", "death", "arrest", "trial", "career",
                      "campaign", "birthday", "goal", "goals", "header", "touchdown", "touchdowns", "hat-trick"})
# words that speak or answer: "Austin said", "said Jackson", "Kennedy declined to comment" (a town is spoken
# for, not speaking, at this size)
SPEECH = frozenset({"said", "says", "told", "tells", "added", "adds", "asked", "asks", "wrote", "writes", "tweeted",
                    "recalled", "recalls", "explained", "explains", "insisted", "insists", "argued", "argues",
                    "replied", "replies", "laughed", "smiled", "shrugged", "admitted", "admits", "denied", "denies",
                    "declined", "declines", "vowed", "vows", "pledged", "pledges", "warned", "warns", "urged",
                    "urges", "announced", "announces", "confirmed", "confirms", "stated", "states"})
# a player's verbs: "Jackson scored twice" (a town scores nothing; a club the model calls a body stays one)
SCORES = frozenset({"scored", "scores", "netted", "nets", "dribbled", "homered", "pitched", "batted", "dunked",
                    "rebounded", "assisted", "fumbled", "intercepted", "tackled", "equalised", "equalized"})
# after a name: a person's household or term, not a town's ("the Kennedy family", "the Obama administration")
HOUSEHOLD = frozenset({"family", "administration", "presidency", "era", "household", "estate", "dynasty", "clan"})
# what closes a possessive name ("Trump's", "the Courant's"); entities_mentions and entities_firms read it here,
# where neither closes an import cycle
POSSESSIVE = ("'s", "’s", "'", "’")
# a person in apposition: "Goma, a 34-year-old teacher," "Jackson, the club's captain,"
DETERMINERS = frozenset({"a", "an", "the", "his", "her", "their", "our", "my"})
# words before a name that say place ("in Jenin", "the port of Mariupol") or after it ("Jenin residents")
# not "at" ("a win at Reading": the club) nor "according to"
LOCATIVE = frozenset({"in", "near", "around", "outside", "across", "towards", "toward", "into", "from", "via",
                      "inside", "to", "through", "throughout"})
OF_PLACE = frozenset({"city", "town", "village", "hometown", "port", "suburbs", "outskirts", "streets", "residents",
                      "people", "centre", "center", "north", "south", "east", "west", "northeast", "northwest",
                      "southeast", "southwest", "mayor", "governor", "siege", "fall", "ruins"})
# between a preposition of place and a town: "in nearby Woodburn", "to neighbouring Toretsk"
NEARBY = frozenset({"nearby", "neighbouring", "neighboring", "adjacent", "adjoining", "besieged", "embattled",
                    "occupied", "downtown"})
AFTER_PLACE = frozenset({"residents", "region", "province", "district", "governorate", "oblast", "outskirts",
                         "suburbs", "airport", "police"})
# before "for" and a town: a journey's ("families fled Khan Younis for Rafah", "left for Rafah")
BOUND = frozenset({"fled", "fleeing", "left", "leaving", "headed", "heading", "bound", "departed", "set", "evacuated"})
PLACE_KINDS = frozenset({"country", "world city", "city", "town"})
# an article about people who fled or starve, whose camps are places ("the Zamzam camp")
DISPLACED = frozenset({"displaced", "displacement", "refugee", "refugees", "idps", "famine", "starvation",
                       "malnutrition", "malnourished", "shelled", "shelling", "bombarded", "uprooted"})
# what a town's subject verb says befalls it, with the word after the verb that must follow ("Mariupol fell to
# Russian forces", "Idlib remains under rebel control", not "Nokia fell 3%"); None: any word
FATES: dict[str, frozenset[str] | None] = {
    **dict.fromkeys(("fell", "falls", "fall"), frozenset({"to", "into", "under"})),
    **dict.fromkeys(("remains", "remained", "remain"), frozenset({"under", "besieged", "encircled", "surrounded",
                                                                  "occupied", "cut"})),
    **dict.fromkeys(("lies", "borders", "straddles"), None)}
# what a town suffers in the passive, as the subject ("Bakhmut was shelled again", not "Smith was hit by a car")
STRUCK = frozenset({"shelled", "bombed", "bombarded", "pounded", "encircled", "besieged", "recaptured", "retaken",
                    "liberated", "flattened", "razed", "levelled", "leveled", "flooded", "overrun", "annexed",
                    "blockaded", "crowded", "overcrowded"})
PASSIVE = frozenset({"was", "were", "is", "are", "been", "being"})
# a besieged town's shortage ("Kadugli is running out of food"), not a firm's or a team's ("out of cash", "of time")
RUNS_OUT = frozenset({"run", "runs", "ran", "running"})
SUPPLIES = frozenset({"food", "water", "fuel", "medicine", "medicines", "flour", "bread", "supplies", "electricity",
                      "drinking", "medical"})
FOUGHT_OVER = frozenset({("battle", "for"), ("withdrew", "from"), ("retreated", "from"), ("withdrawal", "from"),
                         ("offensive", "on"), ("siege", "of")})
# what troops do to a town, the name its object ("shelled Chasiv Yar", "retook Kidal"): to no person or firm
# ("captured" and "seized" take people and assets too)
ASSAILED = frozenset({"shelled", "shelling", "bombed", "bombarded", "bombarding", "pounded", "pounding", "encircled",
                      "encircling", "besieged", "besieging", "recaptured", "recapturing", "retook", "retaking",
                      "overran", "overrunning", "annexed", "razed", "flattened", "blockaded", "liberated"})
# before a town the gazetteer knows and the model left unnamed: what reaches it or strikes it ("drones struck Odesa",
# "families fled Rafah")
HIT = frozenset({"reached", "reaching", "struck", "striking", "hit", "hitting", "targeted", "targeting", "attacked",
                 "fled", "fleeing", "evacuated", "raided", "stormed", "entered", "captured", "seized"})
# before "on" and a town: an attack ("Israeli strikes on Rafah", "the offensive on Khan Younis")
ATTACKS = frozenset({"strike", "strikes", "airstrike", "airstrikes", "attack", "attacks", "raid", "raids", "assault",
                     "offensive", "bombardment", "advance", "shelling", "bombing", "bombings", "march"})
# what troops do to a town and to a person alike ("captured Chasiv Yar", "captured two soldiers"): a town's only
# where the article puts something in or near the name too (see :func:`taken_towns`)
TAKEN = frozenset({"captured", "capturing", "seized", "seizing"})
WITHIN = frozenset({"in", "near", "outside", "around", "inside", "into"})
# what a town is under ("Kupiansk was under heavy shelling"), not a firm or a politician ("under pressure")
ASSAULTS = frozenset({"shelling", "bombardment", "siege", "occupation", "blockade", "bombing", "bombings"})
UNDER_FIRE = ASSAULTS | {"fire", "attack", "attacks", "assault", "bombardment"}
INTENSE = frozenset({"heavy", "intense", "constant", "renewed", "relentless", "sustained", "artillery", "russian",
                     "drone", "missile", "rocket"})
# "the deal with Santander", "a merger with Nokia": what is agreed with a firm (not "talks", a town's council's too)
DEALS = frozenset({"deal", "deals", "merger", "partnership", "contract", "contracts", "tie-up", "venture", "stake"})
# after a firm's name or its possessive: what it has ("Toyota shares", "Santander's profit")
FIRM_HOLDS = frozenset({"shares", "stock", "shareholders", "investors", "customers", "profit", "profits",
                        "earnings", "revenue", "revenues", "ceo", "takeover", "brand", "bank"})
# "Santander raised its profit forecast": what a firm has that its subject's "its" names (not "Mariupol lost its
# theatre")
FIRM_OWN = frozenset({"shares", "profit", "profits", "forecast", "forecasts", "earnings", "revenue", "outlook",
                      "guidance", "dividend", "customers", "workforce", "employees", "staff", "stores", "branches",
                      "plants", "factories", "products", "stake", "sales", "results", "shareholders"})
# a firm's noun in apposition: "Philips, the Dutch electronics group," "Santander, the Spanish lender,"
FIRM_KINDS = frozenset({"bank", "lender", "carmaker", "automaker", "company", "firm", "group", "insurer", "retailer",
                        "conglomerate", "manufacturer", "maker", "giant", "operator", "brand", "corporation"})
# words after a name in a sentence the parser left that modify no noun ("through Derna in eastern Libya")
FUNCTION_WORDS = LOCATIVE | {"and", "or", "on", "at", "after", "before", "since", "until", "as", "for", "with",
                              "by", "of", "is", "was", "were", "has", "had", "when", "where", "while", "which"}
# tags of words no town's name is ("However", "The", "Many", "They")
CLOSED_TAGS = frozenset({"DT", "PDT", "PRP", "PRP$", "IN", "CC", "WDT", "WP", "WRB", "MD", "EX", "JJ", "JJS", "JJR",
                         "CD", "TO", "UH"})
# "Rafah, on the Egyptian border,": where a town lies, said in apposition after it
WHERE = frozenset({"on", "near", "along", "by", "off", "in", "at", "close", "just", "some", "about", "north", "south",
                   "east", "west", "northeast", "northwest", "southeast", "southwest"})
GEOGRAPHY = frozenset({"border", "coast", "river", "sea", "frontier", "shore", "shores", "bank", "banks", "edge",
                       "outskirts", "gulf", "delta", "km", "kilometres", "kilometers", "miles", "mountains", "valley",
                       "lake", "strip", "peninsula", "plain", "front", "frontline"})
# before a team: "Drake defeated Bradley" (an army takes a town, it does not beat it)
BEATEN = frozenset({"defeated", "beat", "beats", "edged", "routed", "trounced", "outscored", "thrashed", "upset",
                    "eliminated", "whipped", "downed"})
# before "of" a firm's name: what only a firm has ("shares of Nokia", "a stake in"... see FIRM_WITH)
HOLDINGS = frozenset({"shares", "stake", "stock", "shareholders", "investors", "customers", "clients", "takeover",
                      "acquisition", "subsidiary", "profits", "profit", "earnings", "revenue", "ceo", "bid"})
# before a name: what takes a body, not a town ("the Orange group", "jobs at Toyota", "its Nokia unit")
BODY_BEFORE = frozenset({"the", "a", "an", "its", "their", "his", "her", "at", "for", "with", "joined", "by"})
# after a town's possessive: what a town has ("Derna's residents", "Tyre's port")
TOWN_HOLDS = frozenset({"residents", "people", "streets", "mayor", "governor", "outskirts", "suburbs", "centre",
                        "center", "port", "hospital", "hospitals", "population", "old", "main", "southern",
                        "northern", "eastern", "western", "neighbourhoods", "neighborhoods", "districts", "airport"})
# capitalised words a town shares that mean something else in running text ("trust in God", "in Police custody")
NOT_PLACES = frozenset({"God", "Allah", "Police", "Heaven", "Paradise", "Independence", "Liberty", "Union", "Republic",
                        "Opportunity", "Mission", "Victory", "Providence"})
# languages the gazetteer knows as towns too ("translated from Dari"), and their kin
LANGUAGES = frozenset({"Hindi", "Dari", "Igbo", "Guarani", "Berber", "Pashto", "Farsi", "Urdu", "Tamil", "Malay",
                       "Creole", "Latin", "Hebrew", "Arabic", "English", "Swahili", "Hausa", "Yoruba", "Amharic"})
# a storm's word the model draws alone as a place ("Typhoon" of "Typhoon Haiyan"; not "in Hurricane, Utah")
STORMS = frozenset({"Typhoon", "Hurricane", "Cyclone", "Storm"})
# after a coded name the model calls a place, an armed group's fighters ("M23 rebels"): the group, no place
ARMED = frozenset({"rebels", "rebel", "militia", "militias", "militiamen", "fighters", "insurgents", "militants"})
# after a town's possessive, what only a place has ("Sittwe's outskirts"; not "Trump's people", "Adams's campaign")
TOWN_ONLY = frozenset({"outskirts", "suburbs", "streets", "neighbourhoods", "neighborhoods", "districts", "port",
                       "airport", "residents", "mayor", "governor"})
Kinds = Callable[[str], str | None]


def country_as_person(toks: Sequence[Token], first: int, last: int) -> bool:
    """Whether a country's name is a person's here: an age or a role in apposition ("Chad, 34, a mechanic"),
    a relative or lawyer of its own ("Jordan's wife"), or a speech or player's verb followed by "he", "his",
    "she" or "her" before any other name ("Jordan said after the game that his knee felt fine"; not "Jordan
    said its border stays shut", nor "Jordan said King Abdullah would attend his ...")."""
    after = [t.text.replace("\u2019", "'") for t in toks[last + 1:last + 12]]
    low = [a.lower() for a in after]
    if low[:1] == [","] and len(low) > 3 and (
            (after[1].isdigit() and after[2] == ",") or (low[1] in DETERMINERS and any(w in _ROLES for w in low[2:6]))):
        return True
    if after[:1] in (["'s"], ["'"]) and len(low) > 1 and low[1] in PERSONAL:
        return True
    if not (low[:1] and (low[0] in SPEECH or low[0] in SCORES)):
        return False
    for word in after[1:]:
        if word[:1].isupper():
            return False
        if word.lower() in ("he", "his", "she", "her", "him"):
            return True
    return False


def camp_near(toks: Sequence[Token], first: int, last: int) -> bool:
    """Whether a bare name is a camp's by a named place ("shelled Zamzam camp near El Fasher"); not a candidate's
    camp ("the Harris camp near the stage", "Harris camp in Pennsylvania": a campaign's)."""
    after = toks[last + 1:last + 4]
    return len(after) == 3 and after[0].lower == "camp" and after[1].lower in ("near", "outside") \
        and after[2].text[:1].isupper() and not (first > 0 and toks[first - 1].lower == "the")


def camp_of_displaced(sents: Sequence[Sentence], s: int, last: int) -> bool:
    """Whether the name ending at token ``last`` of sentence ``s`` names a camp ("the Zamzam camp") of an article
    about the displaced (see DISPLACED: "displaced", "refugees", "famine", "shelled"), or one of residents in its
    own sentence ("Zamzam camp residents"): a place, not a candidate's camp ("the Harris camp", a campaign's)."""
    toks = sents[s].tokens
    if last + 1 >= len(toks) or toks[last + 1].lower not in ("camp", "camps"):
        return False
    if any(t.lower in ("residents", "resident") for t in toks):
        return True
    return any(t.lower in DISPLACED for sent in sents for t in sent.tokens)


def assailed(toks: Sequence[Token], first: int, person: bool = False) -> bool:
    """Whether the name opening at token ``first`` is the object of what troops do to a town (see ASSAILED);
    of a name the model took for a ``person``'s, of a fight for it too ("withdrew from Chasiv Yar", not a firm's
    "withdrew from NATO")."""
    before = tuple(t.lower for t in toks[max(0, first - 2):first])
    return (before[-1:] != () and before[-1] in ASSAILED) or (person and before in FOUGHT_OVER)


def under_fire(toks: Sequence[Token], last: int) -> bool:
    """Whether the name ending at token ``last`` is or comes under fire or attack ("Kupiansk came under heavy
    fire"): a town's fate, and a firm's or a politician's in a figure of speech, so only for a known town."""
    words = [t.lower for t in toks[last + 1:last + 7]]
    k = 0
    while k < 2 and k < len(words) and words[k] in PASSIVE | {"has", "have", "had", "came", "come", "comes", "coming"}:
        k += 1
    if not k or words[k:k + 1] != ["under"]:
        return False
    rest = words[k + 1:k + 3]
    return bool(rest) and (rest[0] in UNDER_FIRE or (rest[0] in INTENSE and rest[1:2] != [] and rest[1] in UNDER_FIRE))


def storm_word(toks: Sequence[Token], first: int, last: int) -> bool:
    """Whether tokens ``first``..``last`` are a storm's word before its capitalised name ("Typhoon Haiyan")."""
    nxt = toks[last + 1].text if last + 1 < len(toks) else ""
    return first == last and toks[first].text in STORMS and nxt[:1].isupper()


def armed_group(surface: str, toks: Sequence[Token], last: int, person: bool = False) -> bool:
    """Whether a name holding a digit is an armed group's, its fighters after it ("M23 rebels"); or one the model
    took for a ``person``'s ("Boko Haram fighters", "Viv Ansanm gangs": no one man's fighters are named so)."""
    nxt = toks[last + 1].lower if last + 1 < len(toks) else ""
    return (person or any(ch.isdigit() for ch in surface)) and nxt in ARMED | {"gangs", "gang", "jihadists"}


def town_owns(toks: Sequence[Token], last: int) -> bool:
    """Whether the name ending at token ``last`` owns what only a place has ("Sittwe's outskirts")."""
    after = [t.text.replace("\u2019", "'") for t in toks[last + 1:last + 3]]
    return len(after) == 2 and after[0] in ("'s", "'") and after[1].lower() in TOWN_ONLY


def speaks_as_person(toks: Sequence[Token], last: int) -> bool:
    """Whether a speech verb and "he" or "she" follow the name ("Paris Hilton said she was thrilled")."""
    after = [t.lower for t in toks[last + 1:last + 3]]
    return len(after) == 2 and after[0] in SPEECH and after[1] in ("he", "she")


def role_predicate(toks: Sequence[Token], last: int) -> bool:
    """Whether the name ending at token ``last`` is said to be someone with a person's role ("Lincoln was the 16th
    president of the United States", "Sall is a former minister"); not a firm's ("Apple is the market leader")."""
    words = [t.lower for t in toks[last + 1:last + 8]]
    if len(words) < 3 or words[0] not in ("is", "was") or words[1] not in DETERMINERS:
        return False
    for k in range(2, min(len(words), 6)):
        nxt = words[k + 1] if k + 1 < len(words) else "."
        if words[k] in _ROLES - FIRM_ROLES | HELD_OFFICE and nxt in ROLE_ENDS:
            return True
        if not words[k].isalnum():
            return False
    return False


def person_signs(sent: Sentence, first: int, last: int, starts_inside: bool = False) -> bool:
    """Whether the words around tokens ``first``..``last`` of ``sent`` use that name as a person's."""
    toks = sent.tokens
    before = toks[first - 1] if first > 0 else None
    if starts_inside or (before is not None and before.text.rstrip(".").lower() in PERSON_TITLES
                         and before.text[:1].isupper()):
        return True  # "Mr Jackson", "Princess Charlotte" (not "in the city of ... mayor")
    if before is not None and before.lower == "under":
        return True  # "the rules drafted under Clinton": a leader's term
    if arrested(toks, first, last) or role_predicate(toks, last):
        return True  # "Police arrested Jackson", "Jackson was arrested", "Lincoln was the 16th president": no town is
    after = [t.text.replace("\u2019", "'") for t in toks[last + 1:last + 9]]
    low = [a.lower() for a in after]
    if low[:1] and (low[0] in SPEECH or low[0] in SCORES) and not _governed(toks, first):
        return True  # "Austin said", "Jackson scored twice" (not "Residents of Beit Lahia said")
    if low[:1] and low[0] in HOUSEHOLD:
        return True  # "the Kennedy family", "the Clinton administration"
    if before is not None and before.lower in SPEECH and (not after or not after[0][:1].isalnum()) \
            and not lies_at(toks, last):
        return True  # '..., said Jackson.' (not 'said Rafah, on the Egyptian border, was crowded')
    if after[:1] in (["'s"], ["'"]) and len(low) > 1 and low[1] in PERSONAL:
        return True  # "Jackson's wife"
    if after[:1] == [","] and len(after) > 2:
        if "," in low[1:] and any(w in ("his", "her", "he", "she") for w in low[1:low.index(",", 1)]):
            return True  # "Jackson, in his first season," (not "... of Burnsville, was walking with her husband")
        if after[1].isdigit() and after[2] == ",":
            return True  # "Goma, 34,"
        if low[1] in DETERMINERS:  # "Goma, a 34-year-old teacher", "Jackson, a 34-year-old suspect,"
            return any(w in _ROLES for w in [w for w in low[2:] if w.isalpha() and w not in ("year", "old")][:4])
    return False


def _governed(toks: Sequence[Token], first: int) -> bool:
    """Whether the name opening at token ``first`` is a preposition's object that says place ("Doctors in Khan
    Younis said", "Residents of Beit Lahia said"): a verb after it has another subject."""
    before = toks[first - 1].lower if first > 0 else ""
    if before in LOCATIVE - {"to"} or before == "at":
        return True
    return before == "of" and first > 1 and toks[first - 2].lower in OF_PLACE


def _words_of(name: str) -> list[str]:
    return name.lower().split()


# people's roles in apposition (a settlement noun there says place: "Goma, the provincial capital")
_ROLES = frozenset({"teacher", "student", "mother", "father", "driver", "farmer", "nurse", "doctor", "lawyer",
                    "engineer", "worker", "soldier", "resident", "spokesman", "spokeswoman", "official", "minister",
                    "analyst", "director", "leader", "commander", "journalist", "activist", "player", "striker",
                    "captain", "coach", "manager", "singer", "actor", "actress", "author", "writer", "owner",
                    "founder", "president", "chairman", "chief", "executive", "widow", "son", "daughter", "wife",
                    "husband", "survivor", "victim", "fighter", "officer", "medic", "surgeon", "shopkeeper",
                    "grandmother", "grandfather", "boy", "girl", "man", "woman", "mp", "senator", "councillor",
                    "suspect", "defendant", "gunman", "shooter", "fugitive", "inmate", "prisoner", "robber"})


# roles a firm or a club holds as well ("the market leader", "the owner of", "the biggest player")
FIRM_ROLES = frozenset({"leader", "owner", "player", "chief", "executive", "founder", "manager"})
HELD_OFFICE = frozenset({"governor", "mayor", "king", "queen", "prince", "emperor", "chancellor", "premier", "general",
                         "ambassador", "envoy", "judge", "prosecutor", "lawmaker", "politician", "dictator"})
# what may follow a role closing its noun phrase: "the 16th president of ...", "a former minister."
ROLE_ENDS = frozenset({"of", "in", "at", "for", "from", "who", "and", "to", "under", "since", "until", ".", ",", ";"})


def used_as_person(key: str, mentions: Iterable[tuple[Sentence, int, int, bool]], people: Iterable[str]) -> bool:
    """Whether a document uses a name (``key``, lower case) as a person's anywhere: at one of its
    ``mentions`` (sentence, first and last token, whether a title opens the mention itself) or as a
    word of a person's longer name (``people``, lower-case keys)."""
    words = _words_of(key)
    for other in people:
        longer = other.split()
        if len(longer) > len(words) and any(longer[k:k + len(words)] == words for k in range(len(longer))):
            return True  # "Jackson" of "Nicolas Jackson", "Khan" of "Sadiq Khan"
    return any(person_signs(s, first, last, inside) for s, first, last, inside in mentions)


def used_as_body(mentions: Iterable[tuple[Sentence, int, int, bool]]) -> bool:
    """Whether a name is a body's at one of its ``mentions`` (see :func:`used_as_person`): it acts or
    speaks ("Nokia cut jobs", "Toyota said"), takes a determiner ("the Orange group"), modifies a
    noun ("Toyota shares", "Brent crude"), owns what a town does not ("Nokia's profit", not "Derna's
    residents"), or employs ("jobs at Toyota"). In a sentence the parser left, any lower-case word
    after it counts as a noun it modifies."""
    return any(_body_at(sent.tokens, first, last) for sent, first, last, _ in mentions)


def _body_at(toks: Sequence[Token], first: int, last: int) -> bool:
    before = toks[first - 1].lower if first > 0 else ""
    fate = befalls(toks, last)
    if before in BODY_BEFORE or before in BEATEN or (toks[last].dep == "nsubj" and not fate):
        return True  # "Nokia cut jobs": a body acts, a town is acted on ("Derna was devastated", "Mariupol fell")
    if before == "of" and first > 1 and toks[first - 2].lower in HOLDINGS:
        return True  # "shares of Nokia"
    if last + 1 >= len(toks):
        return False
    nxt = toks[last + 1]
    word = nxt.text.replace("\u2019", "'")
    if nxt.lower in SPEECH:
        return not _governed(toks, first)
    if word in ("'s", "'"):
        after = toks[last + 2].lower if last + 2 < len(toks) else ""
        return after not in TOWN_HOLDS
    if nxt.tag:
        return nxt.tag in ("NN", "NNS") or nxt.dep == "compound"  # "Toyota shares", not "Derna was"
    return nxt.text.isalpha() and nxt.text.islower() and nxt.lower not in FUNCTION_WORDS and not fate


def befalls(toks: Sequence[Token], i: int) -> bool:
    """Whether token ``i`` is the subject of a verb that tells what befalls a town ("Mariupol fell to Russian
    forces", "Idlib remains under rebel control"); the verb is its parse head, else the next word."""
    verb = toks[i].head if toks[i].dep else i + 1
    if verb <= i or verb + 1 >= len(toks):
        return False
    if _struck(toks, i, verb):
        return True
    if toks[verb].lower in RUNS_OUT and [t.lower for t in toks[verb + 1:verb + 3]] == ["out", "of"]:
        return any(t.lower in SUPPLIES for t in toks[verb + 3:verb + 5])
    follow = FATES.get(toks[verb].lower, frozenset())
    then = toks[verb + 2].text[:1] if verb + 2 < len(toks) else ""
    if follow is None:
        return True
    return toks[verb + 1].lower in follow and not (then.isdigit() or then in ("$", "£", "€", "¥"))  # "fell to $3"


def struck(toks: Sequence[Token], i: int) -> bool:
    """Whether token ``i`` is the subject of what only a place suffers (see :func:`_struck`), whatever the
    gazetteer knows of it ("Menaka was encircled")."""
    verb = toks[i].head if toks[i].dep else i + 1
    return i < verb < len(toks) and _struck(toks, i, verb)


def _struck(toks: Sequence[Token], i: int, verb: int) -> bool:
    """Whether token ``i`` is the subject of a passive that only a place suffers ("Bakhmut was shelled",
    "Toretsk has been encircled"), or of a "be" under an assault ("Kupiansk was under heavy shelling")."""
    words = [t.lower for t in toks[i + 1:i + 7]]
    if toks[verb].lower in STRUCK and toks[i].dep == "nsubjpass":
        return True
    aux = 0  # "was", "has been", "had been" before the participle, in a sentence the parser left
    while aux < 2 and aux < len(words) and words[aux] in PASSIVE | {"has", "have", "had"}:
        aux += 1
    if aux and words[aux - 1] in PASSIVE and aux < len(words) and words[aux] in STRUCK:
        return True
    if words[:1] and words[0] in PASSIVE and words[1:2] == ["under"]:
        return any(w in ASSAULTS for w in words[2:5])
    return False


def placed_at(mentions: Iterable[tuple[Sentence, int, int, bool]], spots: set[tuple[int, int]]) -> bool:
    """Whether the words before a name say place at one of its ``mentions`` ("through Derna", not "according
    to"), or it is listed with a place, a token of which ``spots`` holds as (sentence, token) ("Tyre and
    Nabatieh")."""
    for sent, first, last, _ in mentions:
        toks = sent.tokens
        before = toks[first - 1].lower if first > 0 else ""
        if before in LOCATIVE and not (before == "to" and first > 1 and toks[first - 2].lower == "according"):
            return True
        if before in NEARBY and first > 1 and toks[first - 2].lower in LOCATIVE:
            return True  # "in nearby Woodburn"
        after = toks[last + 1].lower if last + 1 < len(toks) else ""
        if (before in ("and", ",") and (sent.index, first - 2) in spots) or (
                after in ("and", ",") and (sent.index, last + 2) in spots):
            return True
    return False


def used_as_firm(mentions: Iterable[tuple[Sentence, int, int, bool]]) -> bool:
    """Whether a name a town shares is a firm's at one of its ``mentions`` (see :func:`used_as_person`),
    whatever the model called it: see :func:`firm_at`."""
    return any(firm_at(sent.tokens, first, last) for sent, first, last, _ in mentions)


def firm_at(toks: Sequence[Token], first: int, last: int) -> bool:
    """Words only a firm takes around tokens ``first``..``last``: a deal or a stake with it ("the deal with
    Santander", "a stake in Nokia"), what it holds ("shares of Nokia", "Toyota shares", "Santander's
    profit"), a firm's noun in apposition ("Philips, the Dutch electronics group,"), or "its" after it
    as the subject ("Santander raised its forecast"). A town has none of these."""
    before = [t.lower for t in toks[max(0, first - 3):first]]
    if before[-1:] == ["with"] and any(w in DEALS for w in before[:-1]):
        return True
    if before[-1:] in (["of"], ["in"]) and before[-2:-1] and before[-2] in HOLDINGS:
        return True
    after = [t.text.replace("\u2019", "'") for t in toks[last + 1:last + 8]]  # in the case written: not "Bank"
    if after[:1] and after[0] in ("'s", "'"):
        after = after[1:]
    if after[:1] and after[0] in FIRM_HOLDS:
        return True
    if after[:2] in ([",", "the"], [",", "a"], [",", "an"]):
        close = next((k for k in range(2, len(after)) if after[k] in (",", ".")), 0)
        if close and after[close - 1] in FIRM_KINDS:
            return True
    if toks[last].dep in ("nsubj", ""):
        clause = []
        for w in after:
            if w in (",", ".", ";", "and", "but"):
                break
            clause.append(w)
        return any(w == "its" and any(o in FIRM_OWN for o in clause[k + 1:k + 3])
                   for k, w in enumerate(clause[:5]))
    return False


def locative_names(sents: Sequence[Sentence], taken: set[tuple[int, int]], kinds: Kinds,
                   ) -> list[tuple[int, int, int]]:
    """Towns the model left unnamed where the words around say place: "Residents of Rafah fled",
    "troops pushed into Khan Younis", "Jenin residents said". Each as (sentence, first, last)."""
    out = []
    for sent in sents:
        toks = sent.tokens
        k = 0
        while k < len(toks):
            proper = _proper(toks[k], k)
            # a sentence's first word the tagger mistook ("Bakhmut fell to ...": an adverb to it) may still open
            # a town's name where what follows says so (see _opener)
            if not (proper or (k == 0 and _proper(toks[k], 1) and toks[k].tag not in CLOSED_TAGS)) \
                    or (sent.index, k) in taken:
                k += 1
                continue
            end = k
            while end + 1 < len(toks) and end - k < 3 and _proper(toks[end + 1], end + 1) \
                    and (sent.index, end + 1) not in taken:
                end += 1
            if _titles_next(toks, end):
                k = end + 1  # "seized Dr Ahmed Bello": a title before a name the model drew without it, no town
                continue
            # "Rafah residents said": a sentence's first word, what follows says place
            if (((proper or k == 0) and _placed(toks, k, end)) or (k == 0 and _opener(toks, end))) \
                    and _known(toks, k, end, kinds):
                out.append((sent.index, k, end))
            elif proper and captor(toks, k, end) == "troops" and _unknown(toks, k, end, kinds) \
                    and not (k < end and given_name(toks[k].text)):
                out.append((sent.index, k, end))  # "The Arakan Army captured Paletwa": whatever the gazetteer knows
            k = end + 1
    return out


def _titles_next(toks: Sequence[Token], end: int) -> bool:
    """Whether token ``end`` is a person's title ("Dr", "Gen.") before a capitalised word, a name's first."""
    return toks[end].text.rstrip(".").lower() in PERSON_TITLES and end + 1 < len(toks) \
        and toks[end + 1].text[:1].isupper()


def _proper(tok: Token, i: int) -> bool:
    """A capitalised word that could be a name: not opening its sentence unless the tagger calls it one."""
    word = tok.text
    if not (word[:1].isupper() and word.replace("-", "").isalpha() and not word.isupper()):
        return False
    return i > 0 or tok.tag in ("NNP", "NNPS")


def _placed(toks: Sequence[Token], first: int, last: int) -> bool:
    before = toks[first - 1] if first > 0 else None
    if before is not None and before.text[:1].isupper():
        return False  # part of a longer name the model named otherwise ("Rafah" in "the Rafah Crossing Authority")
    if before is not None and before.lower in ("and", ","):
        first = _listed_from(toks, first)  # "shelled Kostiantynivka and Toretsk": the list's words say it of all
        before = toks[first - 1] if first > 0 else None
    after = toks[last + 1].lower if last + 1 < len(toks) else ""
    nxt = toks[last + 2].lower if last + 2 < len(toks) else ""
    if before is not None and before.lower in LOCATIVE:
        return not (before.lower == "to" and first > 1 and toks[first - 2].lower == "according")
    if before is not None and before.lower in NEARBY and first > 1 and toks[first - 2].lower in LOCATIVE:
        return True  # "in nearby Woodburn", "in neighbouring Toretsk"
    if before is not None and before.lower in ASSAILED | HIT:
        return True  # "shelled Donetsk", "aid reached Kadugli", "drones struck Odesa": of a town the gazetteer knows
    if before is not None and before.lower == "on" and first > 1 and toks[first - 2].lower in ATTACKS:
        return True  # "Israeli strikes on Rafah"
    if before is not None and before.lower == "for" and any(t.lower in BOUND for t in toks[max(0, first - 5):first]):
        return True  # "fled Khan Younis for Rafah"
    if before is not None and before.lower == "of" and first > 1 and toks[first - 2].lower in OF_PLACE:
        return True
    return after in AFTER_PLACE and nxt not in ("of", "for")  # "Jenin residents", not "Reading residents of"


def _listed_from(toks: Sequence[Token], first: int) -> int:
    """Where a list of names that ends with the one at token ``first`` opens ("Kostiantynivka and Toretsk"):
    back over capitalised words, commas and "and" (``first`` where a lower-case word stands between)."""
    k = first - 1
    while k >= 0 and first - k <= 8 and (toks[k].lower in ("and", ",") or _proper(toks[k], k)):
        k -= 1
    if k + 1 == first or toks[k + 1].lower in ("and", ","):
        return first
    return k + 1


def _opener(toks: Sequence[Token], last: int) -> bool:
    """A name opening its sentence that what follows says is a place: what befalls a town ("Idlib remains
    under rebel control"), or where it lies in apposition ("Rafah, on the Egyptian border, ...")."""
    return befalls(toks, last) or lies_at(toks, last)


def lies_at(toks: Sequence[Token], last: int) -> bool:
    """Whether an apposition after token ``last`` says where a town lies ("Rafah, on the Egyptian border,",
    "Taiz, near the Red Sea coast,"), not a person's whereabouts ("Jackson, in his first season,")."""
    after = [t.lower for t in toks[last + 1:last + 10]]
    if after[:1] != [","] or len(after) < 3 or after[1] not in WHERE:
        return False
    upto = after.index(",", 1) if "," in after[1:] else len(after)
    return any(w in GEOGRAPHY for w in after[2:upto])


def _unknown(toks: Sequence[Token], first: int, last: int, kinds: Kinds) -> bool:
    """Whether the name at tokens ``first``..``last`` may be a town's: the gazetteer knows it as one, or not at all."""
    name = " ".join(t.text for t in toks[first:last + 1])
    return name not in NOT_PLACES and kinds(name) in PLACE_KINDS | {None}


def _known(toks: Sequence[Token], first: int, last: int, kinds: Kinds) -> bool:
    name = " ".join(t.text for t in toks[first:last + 1])
    if name in NOT_PLACES:
        return False
    return kinds(name) in PLACE_KINDS


def town_as_language(name: Name, sents: Sequence[Sentence], kinds: Kinds) -> bool:
    """Whether the model calls a town it knows a language ("shelled Toretsk", "in Naypyitaw"): a one-word name
    the gazetteer knows, no language's ("in Dari", a town too, is Dari)."""
    toks = sents[name.sentence].tokens
    word = toks[name.first].text
    return name.label == "LANGUAGE" and name.first == name.last and word not in LANGUAGES \
        and kinds(word) in PLACE_KINDS - {"country"}


def taken_towns(mentions: Iterable[tuple[str, Sentence, int, int]], towns: Iterable[str]) -> set[str]:
    """Names, of ``mentions`` as (name, sentence, first, last), that troops capture or seize ("captured Chasiv
    Yar") and that the article puts things in or near elsewhere ("fighting near Chasiv Yar"), or that the
    gazetteer knows as ``towns``: a captured person is seldom a spot ("near Smith's house" is not)."""
    taken: set[str] = set()
    located = set(towns)
    for name, sent, first, last in mentions:
        toks = sent.tokens
        before = toks[first - 1].lower if first > 0 else ""
        after = toks[last + 1].text.replace("\u2019", "'") if last + 1 < len(toks) else ""
        if before in TAKEN:
            taken.add(name)
        elif before in WITHIN and after not in ("'s", "'"):
            located.add(name)
    return taken & located


# nouns of people a town or a body never is, which a headline's or a sentence opening's capitals make the model read
# as a name ("Villagers said Gunmen arrived", "The Gunmen fled"); not team names ("the Raiders", "the Rebels")
PEOPLE_NOUNS = frozenset({
    "gunmen", "gunman", "militants", "militant", "bandits", "insurgents", "jihadists", "attackers", "assailants",
    "kidnappers", "abductors", "protesters", "protestors", "demonstrators", "rioters", "looters", "villagers",
    "residents", "witnesses", "officials", "soldiers", "troops", "policemen", "tribesmen", "militiamen", "herdsmen",
    "herders", "fishermen", "civilians", "survivors", "refugees", "migrants", "terrorists", "extremists", "gangsters",
    "paramilitaries", "mercenaries", "hostages", "captives", "mourners", "worshippers", "pupils", "schoolchildren",
    "doctors", "nurses", "clinicians", "physicians", "medics", "paramedics", "teachers", "students", "workers",
    "employees", "voters", "patients", "parents", "shoppers", "commuters", "passengers", "motorists", "analysts",
    "economists", "scientists", "researchers", "investors", "traders", "experts", "lawmakers", "volunteers",
})
# nouns a town's name modifies and stays a place's ("in Kharkiv region", "in Jenin camp", "in Kyiv hospitals")
TOWN_HEADS = AFTER_PLACE | OF_PLACE | GEOGRAPHY | {"camp", "camps", "area", "areas", "hospital", "hospitals",
                                                    "neighbourhood", "neighborhood", "county", "state", "city"}


def people_noun(word: str) -> bool:
    """Whether a one-word name is a common noun of people written with a capital ("Gunmen", "Militants")."""
    return word[:1].isupper() and not word.isupper() and word.lower() in PEOPLE_NOUNS


def modifies_noun(toks: Sequence[Token], last: int) -> bool:
    """Whether the name ending at token ``last`` modifies a common noun after it, by the parse ("Gunmen in Toyota
    pickups": the pickups are in the phrase, Toyota only their make), so that a preposition before the name says
    nothing of the name; not a town's own nouns ("in Kharkiv region", "in Kyiv hospitals"). A sentence the parser
    left cannot tell "in Toyota pickups" from "officials in Kyiv say": no."""
    if last + 1 >= len(toks):
        return False
    nxt = toks[last + 1]
    return toks[last].dep == "compound" and nxt.tag in ("NN", "NNS") and nxt.lower not in TOWN_HEADS


# a place's or a building's noun closing a name that opens with a given name ("Elizabeth Street", "Martin Place")
FEATURES = frozenset({"street", "avenue", "road", "square", "park", "bay", "place", "lane", "bridge", "heights", "hill",
                      "hills", "falls", "springs", "town", "city", "island", "islands", "lake", "river", "beach",
                      "point", "hall", "airport", "station", "stadium", "arena", "center", "centre", "county",
                      "district", "valley", "gate", "tower", "college", "university", "school", "hospital", "house",
                      "palace", "museum", "church", "mosque", "cathedral", "highway", "boulevard"})


def given_person(name: str) -> bool:
    """Whether a name of two or three words opens with a common given name and closes with no place's or building's
    noun ("Mariam Diallo", "Oleksandr Kovalenko"; not "Elizabeth Street", "Martin Place")."""
    words = name.split()
    return 2 <= len(words) <= 3 and given_name(words[0]) and words[-1].lower() not in FEATURES \
        and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words)


def listed_with(toks: Sequence[Token], s: int, first: int, last: int, spots: set[tuple[int, int]],
                pair: bool = False) -> bool:
    """Whether the name at tokens ``first``..``last`` of sentence ``s`` is listed ("and", "or", a comma) next to a
    name one of whose ends ``spots`` holds as (sentence, token) ("Ivana Jelić and Pavle Petrović"); with ``pair``,
    as one of two joined by "and", no longer list ("the Sacramento Bee, Miami Herald and Kansas City Star")."""
    joins = ("and",) if pair else ("and", "or", ",")
    before = toks[first - 1].lower if first > 0 else ""
    after = toks[last + 1].lower if last + 1 < len(toks) else ""
    if before in joins and (s, first - 2) in spots:
        return not pair or not _listed_before(toks, first - 2)
    if after in joins and (s, last + 2) in spots:
        return not pair or not _listed_before(toks, first - 1)  # "the Bee, Kansas City Star and Miami Herald"
    return False


def _listed_before(toks: Sequence[Token], end: int) -> bool:
    """Whether a comma stands before the capitalised words ending at token ``end`` (a list goes on before them)."""
    k = end
    while k >= 0 and toks[k].text[:1].isupper():
        k -= 1
    return k >= 0 and toks[k].text == ","


# roles of players, performers and presenters, no firm's (not "producer", "designer", "broadcaster"): a title ending
# in one makes a person of a name the model called a body ("Pittsburgh quarterback Mason Rudolph", "Fox News host
# Jeanine Pirro"); kept apart from the roles a speaker's noun is read by
STAGE_ROLES = frozenset({"quarterback", "goalkeeper", "striker", "midfielder", "defender", "winger", "pitcher",
                         "diver", "swimmer", "sprinter", "runner", "cyclist", "boxer", "wrestler", "golfer", "skier",
                         "jockey", "batsman", "bowler", "rookie", "goaltender", "forward", "linebacker", "host",
                         "anchor", "presenter", "comedian", "rapper", "musician", "guitarist", "drummer", "filmmaker",
                         "photographer", "artist", "chef", "columnist", "reporter", "commentator", "novelist", "poet",
                         "playwright"})


# a club's word after a town's name ("Leeds United", "Blackburn Rovers")
CLUB_WORDS = frozenset({"United", "FC", "F.C.", "AFC", "CF", "Athletic", "Rovers", "Wanderers", "Albion",
                        "Hotspur", "Argyle"})


def club(name: str, kind: str | None, places: Kinds) -> bool:
    """A sports club's name: a town's and a club word ("Leeds United", "Blackburn Rovers", "Real
    Madrid CF"), or a city's and "City" where the gazetteer knows no city of the whole name
    ("Manchester City", not "Kansas City")."""
    words = name.split()
    if len(words) < 2:
        return False
    if words[-1] in CLUB_WORDS or words[0] in {"FC", "AFC", "AC", "SC"}:
        return True
    return words[-1] == "City" and kind is None and places(" ".join(words[:-1])) is not None


def team_score(toks: Sequence[Token], last: int) -> bool:
    """Whether a capitalised plural ending at token ``last`` opens a recap's score line ("Jets 2, Predators 1:",
    "Canadiens 2:"): a team's, no person's or people's."""
    word = toks[last].text
    after = [t.text for t in toks[last + 1:last + 3]]
    return word[:1].isupper() and word.endswith("s") and not word.endswith("ss") and len(after) == 2 \
        and after[0].isdigit() and len(after[0]) <= 3 and after[1] in (",", ":", ";")
