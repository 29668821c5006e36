"""Who is who: named-entity spans grouped into entities with canonical names and titles.

A later "Medinsky" belongs to the earlier "Vladimir Medinsky" (the longest full name is the
canonical one); the model's label is voted over all mentions of a name, so one mislabelled
"Kyiv" does not make an organisation; a name found once is found everywhere in the text; titles
come from appositions ("David Arahamia, one of the Ukrainian negotiators") and pre-modifiers
("Russia's lead negotiator Vladimir Medinsky") where the sentence was parsed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Protocol

from ..types import Entity, EntityType, Mention
from .entities_aliases import aliases
from .entities_cluster import Cand as _Cand
from .entities_cluster import cluster as _cluster
from .entities_cluster import generations, kin
from .entities_firms import PLATFORMS, employer, firm_signs, org_headed, platform_signs
from .entities_mentions import CALENDAR, SPEAKS
from .entities_mentions import CONCEPTS as CONCEPTS  # re-exported: events_parties reads them here
from .entities_mentions import TIME_ZONES as TIME_ZONES
from .entities_mentions import TITLED as TITLED  # and speakers this
from .entities_mentions import acronyms_plus as _acronyms_plus
from .entities_mentions import capitalised as _capitalised
from .entities_mentions import clean as _clean
from .entities_mentions import person_like as _person_like
from .entities_mentions import propagate as _propagate
from .entities_names import coined, run_on
from .entities_places import (
    FEATURES,
    POSSESSIVE,
    STAGE_ROLES,
    assailed,
    camp_near,
    camp_of_displaced,
    club,
    country_as_person,
    firm_at,
    given_person,
    listed_with,
    locative_names,
    modifies_noun,
    person_signs,
    placed_at,
    role_predicate,
    speaks_as_person,
    struck,
    taken_towns,
    team_score,
    town_as_language,
    town_owns,
    under_fire,
    used_as_body,
    used_as_firm,
    used_as_person,
)
from .entities_taken import SEIZING, captor, crime_story, person_taken
from .given_names import given_name
from .parsed import EntityMention, Name, Parsed, Sentence, Token
from .titles import mention_titles

PLACE_PREPS = frozenset({"near", "around", "outside", "across", "towards", "toward", "into"})
# before a city the gazetteer knows, these say place too ("in Colombo", "the port of Mariupol")
LOCATIVE = PLACE_PREPS | {"in", "at", "from", "to", "via", "between"}
PLACE_NOUNS = frozenset({"city", "port", "town", "hometown", "village", "suburb", "suburbs", "outskirts", "region",
                         "province", "capital", "district", "centre", "center", "streets", "mayor", "governor", "siege",
                         "residents"})
# a settlement or an area: "the village of X", "X, the provincial capital" say place of any name
SETTLEMENTS = frozenset({"city", "town", "village", "port", "capital", "province", "region", "district", "suburb",
                         "hamlet", "settlement", "governorate", "county", "municipality", "island", "state"})
COMPASS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                     "north-east", "north-west", "south-east", "south-west"})
# who live in a town, not in a firm or a person ("villagers in Meppadi", "homes in Mundakkai")
DWELLERS = frozenset({"villagers", "residents", "survivors", "locals", "homes", "houses", "villages", "families"})
# after any name ("Ituri province", "the Medyka crossing", "the Zamzam displacement camp"); not "territory",
# a person's as often ("deep in Trump territory")
# after a city's name, the region named for it ("the Kherson region", "Donetsk Oblast")
REGION_NOUNS = frozenset({"region", "oblast", "province", "governorate"})
REGION_AFTER = frozenset({"province", "governorate", "district", "oblast", "crossing", "municipality", "corridor",
                          "neighbourhood", "neighborhood"})
CAMP_KINDS = frozenset({"refugee", "displacement", "border", "idp"})
CAMPS = frozenset({"camp", "camps", "site", "crossing", "point"})
# after a city the gazetteer knows, these say place too ("the Chennai airport", "Kharkiv region")
PLACE_AFTER = PLACE_NOUNS - {"capital", "centre", "center"} | {"airport", "residents", "police"}
# nouns of people's roles: an organisation-typed name with one of these as its title is a person
ROLES = frozenset({
    "analyst", "economist", "strategist", "director", "executive", "chief", "minister", "secretary", "spokesman",
    "spokeswoman", "spokesperson", "official", "president", "chairman", "chairwoman", "chair", "governor",
    "mayor", "lawyer", "attorney", "professor", "researcher", "scientist", "engineer", "teacher", "driver",
    "consultant", "founder", "ceo", "leader", "senator", "ambassador", "commissioner", "deputy", "adviser",
    "advisor", "manager", "journalist", "editor", "correspondent", "officer", "judge", "doctor", "student",
    "resident", "owner", "actor", "actress", "singer", "writer", "author", "coach", "player", "envoy",
    "negotiator", "lawmaker", "politician", "activist", "mother", "father", "wife", "husband", "son", "daughter",
    "ombudsman", "prosecutor", "commander", "general", "chancellor", "premier", "boss", "head", "candidate",
    "farmer", "nurse", "worker", "mp", "councillor", "councilor", "colonel", "captain", "king", "queen", "prince",
    "bishop", "priest", "imam", "rabbi", "cleric", "mediator", "expert", "historian", "physician", "surgeon",
    "soldier", "pilot", "investor", "banker", "trader", "witness", "victim", "survivor", "defendant",
})
ANY_ROLE = ROLES | STAGE_ROLES  # a player's or presenter's role too ("quarterback", "host")
GAZETTEER_VOTE = 1.2  # per mention: more than one mislabelled mention of the model, less than two
DATELINE_VOTE = 2.5  # a dateline says place louder than two mislabelled mentions
# what a name the model called an organisation must be to the gazetteer to be a place when listed with one
CONJ_KINDS = frozenset({"country", "world city", "city", "region"})
CITY_KINDS = frozenset({"world city", "city", "town"})
DATELINE_KINDS = frozenset({"country", "world city", "city", "town"})
DATELINE_MARKS = frozenset({",", "(", "—", "–", "-", "--", ":"})
PlaceKinds = Callable[[str], str | None]  # a name -> "country", "nationality", "world city", "city", "town" or None


class Local(Protocol):
    """Names, and the article's place and group names -> those the gazetteer pins in or next to the latter's
    countries (only inside them with ``inside``), each with how near its spelling is to the town's own name
    (1.0: the same): :meth:`~newsdesk.understand.places.Gazetteer.local`."""

    def __call__(self, names: Sequence[str], context: Sequence[str], inside: bool = False) -> Mapping[str, float]: ...


# how near: a variant spelling of a town's name ("Jenin", Janīn's, 0.8) makes a person the model named a place,
# a body only a nearer one ("Kostiantynivka" 0.93, not "Hamas", Hamm's 0.67); either a farther one inside a
# country the article names where the words say place ("through Derna", Darnah's 0.73, in a Libyan story; "Tyre and
# Nabatieh" 0.64 in a Lebanese one; not "Hamas" in a Gaza story, nor "support for Hamas" in a German one)
SPELLED_PERSON = 0.7
SPELLED_ORG = 0.85
SPELLED_INSIDE = 0.6
# before a country's name, words that make it the country, not a person's first name ("sanctions on Iran Khamenei")
COUNTRY_BEFORE = frozenset({"of", "for", "with", "and", "or", "against", "on", "over", "by", "under", "about", "onto"})
HEAD_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "ROOT"})
# words no name modifies as a noun's modifier would ("the Jaguars could", "the Saints have"): a verb's helpers,
# prepositions, relative words (not "and": "the Trump and Obama administrations")
CLOSED_WORDS = frozenset({"is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can", "should",
                          "may", "might", "must", "did", "do", "does", "but", "to", "in", "on", "at", "of", "for",
                          "with", "by", "from", "who", "which", "that", "also", "still", "never"})
COURTESY = frozenset({"Mr", "Mrs", "Ms", "Mx", "Miss"})


# before a name no gazetteer knows, words of a following: people are followed, not towns ("forces loyal to Hemedti")
FOLLOWED = frozenset({("loyal", "to"), ("allegiance", "to"), ("allied", "to"), ("allied", "with"), ("loyalty", "to"),
                      ("loyalists", "of"), ("supporters", "of"), ("followers", "of"), ("allies", "of")})
# what only a person does, said just after a name; not "said", "beat", "netted", "pitched", "threw", "resigned",
# which firms do too ("Morgan Stanley beat estimates", "threw its weight behind", "resigned as auditor")
PERSON_VERBS = frozenset({"scored", "scores", "scoring", "homered", "dunked", "equalised", "equalized", "defeated",
                          "defeating", "died", "testified", "starred"})
# what a firm scores or defeats: "Morgan Stanley scored a win in court", "defeated the shareholder proposal"
FIRMS_WINS = frozenset({"win", "wins", "victory", "victories", "deal", "deals", "contract", "contracts", "coup",
                        "boost", "upgrade", "rating", "ratings", "approval", "order", "orders", "lawsuit", "suit",
                        "claim", "claims", "bid", "proposal", "motion", "challenge", "takeover"})
# a player's line: "Brad Marchand added three assists", "had 22 points and 10 rebounds" (a count, then a statistic)
STAT_VERBS = frozenset({"added", "adds", "had", "has", "recorded", "records", "tallied", "collected", "notched",
                        "contributed", "grabbed"})
STATS = frozenset({"assist", "assists", "point", "points", "goal", "goals", "rebound", "rebounds", "touchdown",
                   "touchdowns", "yards", "saves", "tackles", "sacks", "wickets", "steals", "blocks", "strikeouts",
                   "birdies", "aces", "interceptions", "hits", "runs", "rbis", "homers", "carries", "receptions"})
COUNTS = frozenset({"a", "an", "another", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                    "ten", "eleven", "twelve"})
# what a firm is called after its product or trade: "the iPhone maker", "the Dior owner", "the Instagram parent"
FIRM_NOUNS = frozenset({"maker", "makers", "carmaker", "automaker", "chipmaker", "owner", "parent", "operator",
                        "producer", "manufacturer", "developer", "retailer", "giant", "supplier", "distributor"})


def resolve_entities(parsed: Parsed, places: PlaceKinds | None = None, local: Local | None = None,
                     ) -> tuple[tuple[Entity, ...], tuple[EntityMention, ...]]:
    """The article's entities (ids in order of first mention) and every mention's place.

    ``places`` (the gazetteer's :meth:`~newsdesk.understand.places.Gazetteer.kind_of`) votes on the
    type too: the small model calls "Kyiv" a person and "Colombo" an organisation, where a
    gazetteer knows better; with ``local`` (:meth:`~newsdesk.understand.places.Gazetteer.local`), so
    does a town it called a person where the article never uses the name as a person's ("raided Jenin")."""
    sents = parsed.sentences
    cands = [c for c in (_clean(n, sents, parsed.article.text) for n in parsed.names) if c is not None]
    cands += _acronyms_plus(sents, cands)
    products: set[str] = set()
    if places is not None:
        cands = run_on([part for c in cands for part in _paired_towns(c, sents, places)], sents, parsed.names,
                       parsed.article.text, places)
        found = _product_towns(parsed.names, sents, parsed.article.text, places)
        products = {c.key for c in found} - {c.key for c in cands}
        cands += found
        cands += _unnamed_towns(sents, cands, [n for n in parsed.names if n.label != "PRODUCT"
                                               and not town_as_language(n, sents, places)], places)
    cands = _propagate(cands, sents, parsed.article.text)
    kinds: dict[str, str | None] = {}
    if places is not None:
        cands = [_region_named(c, sents, places) for c in cands]  # before the vote: the city's mentions are apart
        kinds = {c.key: places(c.text) for c in cands}
        kinds.update({c.key: "club" for c in cands if club(c.text, kinds.get(c.key), places)})
    cands = _vote_types(cands, sents, kinds, local)
    cands = _propagate(cands, sents, parsed.article.text, people_only=True)  # the people the vote made
    cands = [c for c in cands if c.key not in products or c.type == "PLACE"]  # a product is no entity of ours
    if places is not None:
        cands = _country_first_names(cands, sents, parsed.article.text, kinds)
    definite = {c.key for c in cands if c.type == "ORG" and c.first > 0
                and sents[c.sentence].tokens[c.first - 1].lower == "the"}
    clusters = _cluster(cands, {c.key for c in cands if c.type == "PERSON" and kin(c, sents)}, definite,
                        aliases(cands, sents), generations(cands, sents))
    clusters = _described(clusters, sents, parsed.article.text)
    clusters.sort(key=lambda cl: min(c.start for c in cl[1]))
    named: dict[int, set[int]] = defaultdict(set)
    for nm in parsed.names:
        named[nm.sentence].update(range(nm.first, nm.last + 1))
    people: dict[int, set[int]] = defaultdict(set)  # a title naming someone else is no title
    for c in cands:
        if c.type == "PERSON":
            people[c.sentence].update(range(c.first, c.last + 1))
    entities: list[Entity] = []
    mentions: list[EntityMention] = []
    for n, (name, members) in enumerate(clusters, 1):
        eid = f"e{n}"
        members.sort(key=lambda c: c.start)
        titles: list[str] = []
        etype = members[0].type
        unknown_place = etype == "PLACE" and places is not None and kinds.get(members[0].key) is None \
            and name.isalpha() and name[:1].isupper() and not name.isupper()
        if etype == "PERSON" or (etype == "ORG" and _person_like(name)) or unknown_place:
            for c in members:
                others = frozenset(people[c.sentence] - set(range(c.first, c.last + 1)))
                for t in mention_titles(sents[c.sentence], c.first, c.last, frozenset(named[c.sentence]), others):
                    if t.lower() not in {x.lower() for x in titles}:
                        titles.append(t)
            # "Helena Marsh, an oil analyst at ...": a person the model called a firm; "said Nino, a
            # 22-year-old student": one it called a place no gazetteer knows
            if etype in ("ORG", "PLACE"):
                etype = "PERSON" if any(_role(t) for t in titles) else etype
                titles = titles if etype == "PERSON" else []
        entities.append(Entity(id=eid, name=name, type=etype, titles=tuple(titles),
                               mentions=tuple(Mention(c.start, c.end, c.text) for c in members)))
        mentions.extend(EntityMention(eid, c.start, c.end, c.sentence, c.first, c.last) for c in members)
    mentions.sort(key=lambda m: m.start)
    return tuple(entities), tuple(mentions)


def _described(clusters: list[tuple[str, list[_Cand]]], sents: Sequence[Sentence], text: str,
               ) -> list[tuple[str, list[_Cand]]]:
    """'The iPhone maker said' after 'Apple reported': a product or trade named with 'the' before it and
    a firm's noun after it describes a firm; with one organisation named before it, that one."""
    out = list(clusters)
    for _, members in clusters:
        described = [_description(c, sents[c.sentence].tokens, text) for c in members]
        if not all(described):
            continue
        first = min(c.start for c in members)
        before = [cl for cl in out if cl[1][0].type == "ORG" and cl[1] is not members
                  and min(c.start for c in cl[1]) < first]
        if len(before) != 1:
            continue  # none named before, or two: which one the text does not say
        out = [cl for cl in out if cl[1] is not members]
        before[0][1].extend(d for d in described if d is not None)
    return out


def _description(c: _Cand, toks: Sequence[Token], text: str) -> _Cand | None:
    """The mention 'iPhone maker' of a name the model drew as 'iPhone' in 'the iPhone maker', else None."""
    if c.type != "ORG" or c.first == 0 or toks[c.first - 1].lower != "the" or c.last + 1 >= len(toks):
        return None
    head = toks[c.last + 1]
    if head.lower not in FIRM_NOUNS:
        return None
    return replace(c, end=head.end, text=text[c.start:head.end], last=head.i)


def _role(title: str) -> bool:
    """Whether a title names a person's role ("an oil analyst at ...", "the agency's executive director")."""
    words = title.lower().replace("'s", " ").replace("\u2019s", " ").split()
    return any(w in ANY_ROLE or (w.endswith("s") and w[:-1] in ROLES) for w in words[:6])


def _country_first_names(cands: list[_Cand], sents: Sequence[Sentence], text: str, kinds: Mapping[str, str | None],
                         ) -> list[_Cand]:
    """A country's name just before a person's one-word name is that person's first name ("Israel Adesanya
    lost his title"), unless a word before it says place ("in Israel Netanyahu ...")."""
    at = {(c.sentence, c.first): c for c in cands if c.type == "PERSON" and c.first == c.last}
    merged: dict[int, _Cand] = {}
    for k, c in enumerate(cands):
        toks = sents[c.sentence].tokens
        nxt = at.get((c.sentence, c.last + 1))
        before = toks[c.first - 1].lower if c.first > 0 else ""
        if c.type == "PLACE" and c.first == c.last and kinds.get(c.key) == "country" and nxt is not None \
                and nxt.start == c.end + 1 and before not in LOCATIVE | COUNTRY_BEFORE \
                and not (c.first > 0 and toks[c.first - 1].tag in ("IN", "TO", "CC")):
            merged[k] = replace(nxt, start=c.start, text=text[c.start:nxt.end], first=c.first)
    drop = {id(at[(cands[k].sentence, cands[k].last + 1)]) for k in merged}
    return [merged.get(k, c) for k, c in enumerate(cands) if id(c) not in drop]


def _paired_towns(c: _Cand, sents: Sequence[Sentence], places: PlaceKinds) -> list[_Cand]:
    """A name of two towns the gazetteer knows joined by "and" ("shelled Kadugli and Dilling"), which the model
    took for one, as the two (not "Marks and Spencer", nor a country's "Bosnia and Herzegovina"); a town and a
    person's name after a comma ("the mayor of Kharkiv, Ihor Terekhov,") as the place and the person."""
    toks = sents[c.sentence].tokens
    ands = [k for k in range(c.first + 1, c.last) if toks[k].lower in ("and", ",")]
    if len(ands) != 1 or places(c.text) is not None:
        return [c]
    k = ands[0]
    parts = [(c.first, k - 1), (k + 1, c.last)]
    names = [c.text[toks[a].start - c.start:toks[b].end - c.start] for a, b in parts]
    types: list[EntityType] = ["PLACE", "PLACE"]
    if toks[k].text == ",":
        if c.type == "PLACE" or places(names[1]) is not None or not _person_like(names[1]):
            return [c]
        types[1] = "PERSON"
    if not all(places(name) in CITY_KINDS for name, kind in zip(names, types, strict=True) if kind == "PLACE"):
        return [c]
    return [replace(c, start=toks[a].start, end=toks[b].end, text=name, type=kind, first=a, last=b)
            for (a, b), name, kind in zip(parts, names, types, strict=True)]


def _product_towns(names: Sequence[Name], sents: Sequence[Sentence], text: str, places: PlaceKinds) -> list[_Cand]:
    """Names the model calls a product that the gazetteer knows as a town ("Kramatorsk fell to Russian
    forces", "shelled Kramatorsk"), as bodies for the vote: a town the article uses as a place wins
    through the gazetteer's votes, as one the model called an organisation does ("Corona beer" does not)."""
    out = []
    for n in names:
        if n.label == "PRODUCT":
            c = _clean(replace(n, label="ORG"), sents, text)
            if c is not None and (places(c.text) in CITY_KINDS or _placed(c, sents[c.sentence].tokens)):
                out.append(c)
    return out


def _unnamed_towns(sents: Sequence[Sentence], cands: Sequence[_Cand], names: Sequence[Name],
                   places: PlaceKinds) -> list[_Cand]:
    """Towns the model named nothing in words that say place ("Residents of Rafah fled"); not a
    month or a day ("in March", a town in England), nor words it named otherwise ("in Ramadan")."""
    taken = {(c.sentence, k) for c in cands for k in range(c.first, c.last + 1)}
    taken |= {(n.sentence, k) for n in names for k in range(n.first, n.last + 1)}
    out = []
    for s, first, last in locative_names(sents, taken, places):
        toks = sents[s].tokens
        if any(t.text in CALENDAR for t in toks[first:last + 1]):
            continue
        start, end = toks[first].start, toks[last].end
        out.append(_Cand(start, end, " ".join(t.text for t in toks[first:last + 1]), "PLACE", s, first, last))
    return out


def _vote_types(cands: list[_Cand], sents: Sequence[Sentence], kinds: dict[str, str | None] | None = None,
                local: Local | None = None, rounds: int = 2) -> list[_Cand]:
    """One type per name: the mentions vote, helped by context (near X, X and <place>) and by
    what the gazetteer knows of the name (``kinds``, ``local``)."""
    crime = crime_story(sents)  # "Police captured Jackson", "The suspect was charged": a person, not the city
    for _ in range(rounds):
        cands = _vote(cands, sents, kinds or {}, local, crime)
    return cands


def _gazetteer_vote(c: _Cand, toks: Sequence[Token], kind: str | None) -> tuple[EntityType, float] | None:
    """A country is a place and a nationality a group, wherever they stand, and so is a world city
    the model took for a person; a city only where the words before it say place ("in Colombo",
    "the port of Mariupol"): a club or a person may share its name."""
    if kind == "club" and c.type != "ORG":
        return "ORG", DATELINE_VOTE  # "Birmingham City", "DC United": a club, not a town or a man
    if kind == "country" and c.type in {"PERSON", "ORG"}:
        return "PLACE", GAZETTEER_VOTE
    if kind == "nationality" and c.type in {"PERSON", "ORG", "PLACE"}:
        return "GROUP", GAZETTEER_VOTE
    if kind in {"city", "world city"} and c.type == "GROUP":
        return "PLACE", GAZETTEER_VOTE  # "over the Belgorod region": no people are called Belgorod
    if kind == "world city" and c.type == "PERSON":
        return "PLACE", GAZETTEER_VOTE  # "Kyiv would not trade away people": a person named Kyiv is rarer
    if c.type == "PERSON" and kind == "region" and c.first > 0 and toks[c.first - 1].lower in LOCATIVE \
            and not (c.first > 1 and toks[c.first - 2].lower == "according"):
        return "PLACE", 1.5  # "deployed to Amhara" (not a firm's "built in Unity")
    if kind in {"city", "world city"} and c.type in {"PERSON", "ORG"} and c.first > 0:
        before = toks[c.first - 1].lower
        if (before in LOCATIVE and not modifies_noun(toks, c.last)) or (
                before == "of" and c.first > 1 and toks[c.first - 2].lower in PLACE_NOUNS):
            return "PLACE", 1.5  # "in Colombo" (not "in Toyota pickups": the pickups are in it)
    if kind in {"city", "world city"} and c.type in {"PERSON", "ORG"} and c.last + 1 < len(toks) \
            and toks[c.last + 1].lower in PLACE_AFTER:
        return "PLACE", 1.5
    return None


def _vote(cands: list[_Cand], sents: Sequence[Sentence], kinds: dict[str, str | None],
          local: Local | None = None, crime: bool = False) -> list[_Cand]:
    # a firm's name the model calls a person's or a town's ("the Chicago Tribune"; not a place's "Kelvin Grove
    # University", where something may happen) is a firm's, and lends its words no person ("the Tribune")
    firms = {c.key for c in cands if org_headed(c.text) and (
        c.type == "PERSON" or (c.type == "PLACE" and c.text.split()[-1].lower() not in FEATURES))}
    people_words = {w for c in cands if c.type == "PERSON" and len(c.key.split()) > 1 and c.key not in firms
                    for w in c.key.split()}
    surnames = {c.key.split()[-1] for c in cands
                if c.type == "PERSON" and " " in c.key and _person_like(c.text) and c.key not in firms}
    firm_heads = {key.split()[-1] for key in firms} - people_words
    places = {(c.sentence, c.first) for c in cands if c.type == "PLACE"} | \
        {(c.sentence, c.last) for c in cands if c.type == "PLACE"}
    orgs = {(c.sentence, k) for c in cands if c.type == "ORG" for k in (c.first, c.last)}
    persons = {(c.sentence, k) for c in cands if c.type == "PERSON" for k in (c.first, c.last)}
    votes: dict[str, dict[EntityType, float]] = defaultdict(lambda: defaultdict(float))
    titled = {c.key for c in cands if " " not in c.key and _courtesy(c, sents[c.sentence].tokens)}
    seized = {c.key for c in cands if person_taken(sents[c.sentence].tokens, c.first, c.last, crime)}
    towns = _towns(cands, sents, kinds, local) - seized if local is not None else set()
    taken = taken_towns([(c.key, sents[c.sentence], c.first, c.last) for c in cands if c.type != "PLACE"],
                        [k for k, kind in kinds.items() if kind in CITY_KINDS]) - seized
    signed_people = {c.key for c in cands if person_signs(sents[c.sentence], c.first, c.last)}
    # "Bazoum" after "seized Mohamed Bazoum", "Argamani, 26,": a surname alone, a person's
    alone = {c.key for c in cands if " " not in c.key and (c.type == "PERSON" or c.key in signed_people)}
    signed_people |= {c.key for c in cands if " " in c.key and c.key.split()[-1] in alone}
    # names an age, a role or a relative in apposition makes a person's ("Sweeney, 26,"), whatever the model says
    signed = {c.key for c in cands if c.type in ("ORG", "PERSON") and " " not in c.key
              and kinds.get(c.key) != "country" and country_as_person(sents[c.sentence].tokens, c.first, c.last)}
    no_person = _no_person(cands, sents, signed_people | seized | surnames | titled)
    for c in cands:
        votes[c.key][c.type] += c.vote
        prior = _gazetteer_vote(c, sents[c.sentence].tokens, kinds.get(c.key)) if c.key in kinds else None
        if prior is not None:
            votes[c.key][prior[0]] += prior[1]
        if c.type != "PLACE" and _dateline(c, sents) and kinds.get(c.key) in DATELINE_KINDS \
                and not (c.key in people_words and _colon_after(c, sents)):  # 'REYES:' in a transcript
            votes[c.key]["PLACE"] += DATELINE_VOTE  # "KARACHI:", "MELBOURNE —": where the story was filed
        if c.type in ("PERSON", "ORG", "GROUP") and c.key in towns:
            votes[c.key]["PLACE"] += GAZETTEER_VOTE  # "Israeli forces raided Jenin": no one is called so here
        if c.type != "ORG" and kinds.get(c.key) in ("city", "town") \
                and firm_at(sents[c.sentence].tokens, c.first, c.last):
            votes[c.key]["ORG"] += DATELINE_VOTE  # "the deal with Santander", "shares of Nokia": a firm a town names
        if c.type in ("PERSON", "ORG") and kinds.get(c.key) in CITY_KINDS \
                and town_owns(sents[c.sentence].tokens, c.last):
            votes[c.key]["PLACE"] += GAZETTEER_VOTE  # "seized Sittwe's outskirts": no person has outskirts
        if c.type in ("PERSON", "ORG") and c.first == c.last and struck(sents[c.sentence].tokens, c.last):
            votes[c.key]["PLACE"] += 1.5  # "Menaka was encircled", "Kupiansk was under heavy shelling"
        if c.type in ("PERSON", "ORG") and kinds.get(c.key) in CITY_KINDS \
                and under_fire(sents[c.sentence].tokens, c.last):
            votes[c.key]["PLACE"] += 1.5  # "Kupiansk came under heavy fire": a town the gazetteer knows (not "Boeing")
        if c.type in ("PERSON", "ORG", "GROUP") and assailed(sents[c.sentence].tokens, c.first, c.type == "PERSON"):
            votes[c.key]["PLACE"] += 1.5  # "Russian forces shelled Chasiv Yar", "troops retook Kidal"
        if c.type in ("PERSON", "ORG", "GROUP") and (c.key in taken or (
                c.key not in signed_people | seized and kinds.get(c.key) not in ("country", "nationality")
                and not (kinds.get(c.key) is None and given_person(c.text))
                and captor(sents[c.sentence].tokens, c.first, c.last) == "troops")):
            votes[c.key]["PLACE"] += 1.5  # "captured Chasiv Yar ... fighting near Chasiv Yar"; "Russian forces seized"
        if c.type == "ORG" and given_person(c.text) and c.key.split()[-1] in alone:
            votes[c.key]["PERSON"] += DATELINE_VOTE  # "quarterback Mason Rudolph ... Rudolph said": the man, no body
        if c.type == "ORG" and kinds.get(c.key) is None and given_person(c.text) \
                and _acts_as_person(sents[c.sentence].tokens, c.last):
            votes[c.key]["PERSON"] += DATELINE_VOTE  # "Paul Dufresne scored twice", "Dufresne, 43,": no firm
        if c.type in ("PLACE", "ORG") and kinds.get(c.key) is None and given_person(c.text) and (
                c.type == "PLACE" or (c.first > 0 and sents[c.sentence].tokens[c.first - 1].lower in SEIZING)):
            votes[c.key]["PERSON"] += 1.5  # "Sheryl Crow", "Soldiers captured Oleksandr Kovalenko": no town, no firm
        if c.type == "PLACE" and c.first < c.last and kinds.get(c.key) is None and _person_like(c.text) \
                and listed_with(toks := sents[c.sentence].tokens, c.sentence, c.first, c.last, persons, pair=True) \
                and not listed_with(toks, c.sentence, c.first, c.last, places):
            votes[c.key]["PERSON"] += 1.5  # "Ivana Jelić and Pavle Petrović": a name listed with people's is one
        if c.type in ("PERSON", "PLACE") and kinds.get(c.key) is None and not given_person(c.text) \
                and not _courtesy(c, toks := sents[c.sentence].tokens):
            if firm_signs(toks, c.first, c.last):
                votes[c.key]["ORG"] += DATELINE_VOTE  # "Johnson Controls said it would", "shares of Hamilton Beach"
            elif platform_signs(toks, c.first, c.last):
                votes[c.key]["ORG"] += 1.5  # "said on Twitter", "Twitter users": a medium, no person or town
        if c.type in ("PERSON", "PLACE") and c.key in PLATFORMS and c.text[:1].isupper():
            votes[c.key]["ORG"] += DATELINE_VOTE  # "Twitter can make a joke of it": a medium, by its name
        if c.type in ("PERSON", "PLACE") and (c.key in firms or c.key in firm_heads):
            votes[c.key]["ORG"] += DATELINE_VOTE  # "Masten Space Systems", "the Toledo Courant", "the Courant"
        if c.type in ("PERSON", "PLACE") and kinds.get(c.key) is None \
                and employer(sents[c.sentence].tokens, c.first, c.last):
            # "an analyst at Piper Jaffray", "chief operating officer of SpaceX": no person, and no town the
            # gazetteer knows (louder than "at" before a town)
            votes[c.key]["ORG"] += DATELINE_VOTE
        if c.type in ("PERSON", "GROUP") and kinds.get(c.key) is None and team_score(sents[c.sentence].tokens, c.last):
            votes[c.key]["ORG"] += DATELINE_VOTE  # "Jets 2, Predators 1:", "Red Wings 3:": a score line names teams
        if c.type != "PERSON" and c.key in seized:
            votes[c.key]["PERSON"] += DATELINE_VOTE  # "Police arrested Jackson": no city is arrested
        if c.type == "ORG" and (c.key in signed or (_person_like(c.text) and c.key.split()[-1] in signed)):
            votes[c.key]["PERSON"] += DATELINE_VOTE  # "Sweeney, 26, said she ...": so "Sydney Sweeney's new film" too
        if kinds.get(c.key) == "country" and country_as_person(sents[c.sentence].tokens, c.first, c.last):
            votes[c.key]["PERSON"] += DATELINE_VOTE  # "Chad, 34, a mechanic", "Jordan said ... his knee"
        if c.type in ("ORG", "PERSON") and c.first == c.last and role_predicate(sents[c.sentence].tokens, c.last):
            votes[c.key]["PERSON"] += DATELINE_VOTE  # "Lincoln was the 16th president": no body is one
        if c.type == "ORG" and _person_like(c.text) and speaks_as_person(sents[c.sentence].tokens, c.last):
            votes[c.key]["PERSON"] += DATELINE_VOTE  # "Paris Hilton said she was thrilled": no hotel is a she
        if c.type != "PLACE" and (_placed(c, sents[c.sentence].tokens) or camp_of_displaced(sents, c.sentence, c.last)):
            votes[c.key]["PLACE"] += 1.5  # "the village of Aitaroun", "the Zamzam displacement camp", "famine in ..."
        if c.first == c.last and c.type == "PLACE" and c.key in kinds and kinds[c.key] is None:
            toks = sents[c.sentence].tokens
            before2 = tuple(t.lower for t in toks[max(0, c.first - 2):c.first])
            k = c.first - (2 if before2 == ("known", "as") else 1 if before2[-1:] == ("nicknamed",) else 0)
            if speaks_as_person(toks, c.last) or before2 in FOLLOWED or (
                    k < c.first and k > 1 and toks[k - 1].text == "," and (c.sentence, k - 2) in persons):
                # "Adesanya said he would return", "loyal to Hemedti", "Mohamed Hamdan Dagalo, known as Hemedti"
                votes[c.key]["PERSON"] += DATELINE_VOTE
            if c.last + 1 < len(toks) and toks[c.last + 1].lower in SPEAKS and not _placed(c, toks):
                votes[c.key]["ORG"] += 1.5  # "Bloomberg reported", "Alibaba said": no town speaks
        if c.first == c.last and c.type == "PLACE" and kinds.get(c.key) in ("town", "city") and c.first > 0:
            toks = sents[c.sentence].tokens
            if toks[c.first - 1].lower == "the" and c.last + 1 < len(toks) \
                    and toks[c.last + 1].lower in SPEAKS | {"declined", "refused", "insisted"}:
                votes[c.key]["ORG"] += 1.5  # "the Elysee declined to comment": a town takes no "the", its palace does
        if c.first == c.last and c.type in {"PERSON", "ORG"}:
            toks = sents[c.sentence].tokens
            before = toks[c.first - 1].lower if c.first > 0 else ""
            if before in PLACE_PREPS:
                votes[c.key]["PLACE"] += 1.5
            near = [(c.sentence, c.first - 2), (c.sentence, c.last + 2)]
            conj = {toks[k].lower for k in (c.first - 1, c.last + 1) if 0 <= k < len(toks)}
            if "and" in conj and any(p in places for p in near) \
                    and (c.type == "PERSON" or kinds.get(c.key) in CONJ_KINDS):
                votes[c.key]["PLACE"] += 1.5  # "Kharkiv and Kyiv", not "Russia and NATO", "Israel and Hezbollah"
            if c.type == "PERSON" and before == "the" and _head_noun(toks, c.last):
                # "on the Bosphorus", "the Steelers": nobody is called with an article before the name
                prep = toks[c.first - 2].lower if c.first > 1 else ""
                cited = prep == "to" and c.first > 2 and toks[c.first - 3].lower == "according"
                votes[c.key]["PLACE" if prep in LOCATIVE | {"on", "over"} and not cited else "ORG"] += 1.5
            if c.type == "PERSON" and conj & {"and", "or", ","} and any(p in orgs for p in near) \
                    and not any(p in persons for p in near):
                votes[c.key]["ORG"] += 1.5  # "Facebook, Twitter and WhatsApp": a name listed with firms is one
        if c.type != "PERSON" and (_courtesy(c, sents[c.sentence].tokens)
                                   or (_person_like(c.text) and c.key.split()[-1] in titled)):
            # "Mr Albanese", "Ms Allan": only people are called so; and "Jacinta Allan" is that Ms Allan
            votes[c.key]["PERSON"] += DATELINE_VOTE
    out: list[_Cand] = []
    for c in cands:
        if _dateline(c, sents) and kinds.get(c.key) in DATELINE_KINDS and not _colon_after(c, sents):
            out.append(replace(c, type="PLACE"))  # "JACKSON, Miss. (AP) — Police captured Jackson": the city filed from
            continue
        if " " not in c.key and c.key in (people_words if c.type != "PERSON" else surnames):
            out.append(replace(c, type="PERSON"))  # and in the next round: "Eitan and Zahr" is no list of towns
            continue
        best = max(votes[c.key].items(), key=lambda kv: kv[1])[0] if votes[c.key] else c.type
        out.append(replace(c, type=no_person.get(c.key, best) if best == "PERSON" else best))
    return out


def _no_person(cands: list[_Cand], sents: Sequence[Sentence], vouched: set[str]) -> dict[str, EntityType]:
    """One-word names the model calls a person's, only a person's, that are not: a coinage ("SpaceX", "WiFi":
    a firm's or a product's) or a word the article also writes in small letters ("Meth, we're on it" in a
    story of meth, "the Moon"). Not a given name, nor one an age, a title, an arrest or a full name vouches for."""
    other = {c.key for c in cands if c.type != "PERSON"}
    alone = [c for c in cands if " " not in c.key and c.key not in vouched and c.key not in other
             and not given_name(c.text)]
    small = {t.text for sent in sents for t in sent.tokens if t.text.isalpha() and t.text.islower()} if alone else set()
    out: dict[str, EntityType] = {}
    for c in alone:
        if coined(c.text):
            out[c.key] = "ORG"
        elif c.text.lower() in small:
            out[c.key] = "OTHER"
    return out


def _towns(cands: Sequence[_Cand], sents: Sequence[Sentence], kinds: dict[str, str | None], local: Local) -> set[str]:
    """Names the gazetteer knows as a city or town that the model called a person or a body somewhere,
    the document never uses as a person's or a body's (see :mod:`.entities_places`), and the
    gazetteer pins in or next to the countries the article's other places stand for."""
    typed: dict[str, set[EntityType]] = defaultdict(set)
    for c in cands:
        if c.type in ("PERSON", "ORG", "GROUP") and kinds.get(c.key) in ("city", "town"):
            typed[c.key].add(c.type)
    if not typed:
        return set()
    others = sorted({c.text for c in cands if c.type in ("PLACE", "GROUP") and c.key not in typed})
    texts = {c.key: c.text for c in cands if c.key in typed}
    pinned = local(sorted(texts.values()), others)
    inside = local(sorted(texts.values()), others, inside=True)
    spots = {(c.sentence, k) for c in cands if c.type == "PLACE" or c.key in typed for k in (c.first, c.last)}
    mentions: dict[str, list[tuple[Sentence, int, int, bool]]] = defaultdict(list)
    for c in cands:
        if c.key in typed:
            sent = sents[c.sentence]
            mentions[c.key].append((sent, c.first, c.last, c.start > sent.tokens[c.first].start))
    named = {key for key in typed
             if pinned.get(texts[key], 0.0) >= (SPELLED_ORG if typed[key] & {"ORG", "GROUP"} else SPELLED_PERSON)
             or (inside.get(texts[key], 0.0) >= SPELLED_INSIDE and placed_at(mentions[key], spots))}
    people = {c.key for c in cands if c.type == "PERSON" and " " in c.key}
    return {key for key in named if not used_as_person(key, mentions[key], people) and not used_as_firm(mentions[key])
            and not ("ORG" in typed[key] and used_as_body(mentions[key]))}


def _acts_as_person(toks: Sequence[Token], last: int) -> bool:
    """Whether a verb only people do follows the name ending at token ``last`` ("scored twice", "defeated her
    rival 6-2, 6-3"), a player's statistics ("added three assists"), or an age in apposition ("Paul Dufresne, 43,
    was killed")."""
    after = [t.text for t in toks[last + 1:last + 6]]
    if after[:1] and after[0].lower() in PERSON_VERBS:
        return not any(w.lower() in FIRMS_WINS for w in after[1:])
    if after[:1] and after[0].lower() in STAT_VERBS and len(after) > 2 and _count(after[1]):
        return any(w.lower() in STATS for w in after[2:4])  # "added three assists", "had 22 points"
    return len(after) >= 3 and after[0] == "," and after[1].isdigit() and len(after[1]) <= 3 and after[2] == ","


def _count(word: str) -> bool:
    """Whether a word counts ("three", "22", "a"): what opens a player's statistic."""
    return word.lower() in COUNTS or (word.isdigit() and len(word) <= 3)


def _placed(c: _Cand, toks: Sequence[Token]) -> bool:
    """Words around a name that make it a place whatever the gazetteer knows: a settlement noun and
    'of' before it ("the southern Lebanese village of Aitaroun", "the town of Kuriga"), a region or
    crossing noun after it ("Ituri province", "the Adre border crossing", "the Zamzam displacement camp"),
    or a settlement noun in apposition ("Goma, the provincial capital,")."""
    before = [t.lower for t in toks[max(0, c.first - 2):c.first]]
    if before[-1:] == ["of"] and len(before) == 2 and before[0] in SETTLEMENTS | COMPASS:
        return True  # ... or a bearing: "25 km west of Goma", "north of Sake"
    if before[-1:] == ["in"] and len(before) == 2 and before[0] in DWELLERS:
        return True  # "villagers in Meppadi": who lives in a firm?
    after = [t.lower for t in toks[c.last + 1:c.last + 5]]
    if after[:1] == ["villages"] or (after[:1] == ["and"] and len(after) > 2 and after[2] == "villages"
                                     and toks[c.last + 2].text[:1].isupper()):
        return True  # "Mundakkai and Chooralmala villages"
    if (after[:1] and after[0] in REGION_AFTER and not _not_a_region(c, toks)) or (
            after[:2] and after[0] in CAMP_KINDS and after[1] in CAMPS) or camp_near(toks, c.first, c.last):
        return True
    start = c.last + 3
    if after[:1] == [","] and after[1:2] != ["'s"] and len(after) > 2 and after[2] in POSSESSIVE \
            and toks[c.last + 2].text[:1].isupper():
        start = c.last + 4  # "Rakhine, Myanmar's western state,"
    elif after[:2] not in ([",", "the"], [",", "a"], [",", "an"]):
        return False
    for k in range(start, min(start + 2, len(toks))):  # "Goma, the provincial capital," (not "the town clerk")
        if toks[k].lower in SETTLEMENTS:
            nxt = toks[k + 1].text if k + 1 < len(toks) else "."
            if nxt.replace("\u2019", "'") in ("'s", "'"):
                return False  # "Mary Jones, the town's mayor,": the town is hers to serve, she is no place
            # "Mirebalais, a town north of Port-au-Prince," (not "Smith, a town councillor,")
            return not nxt[:1].isalnum() or nxt in ("of", "on", "in", "and", "where", "which", "near") \
                or nxt.lower() in COMPASS
        if not (toks[k].text.isalpha() and toks[k].text.islower()):
            return False
    return False


def _region_named(c: _Cand, sents: Sequence[Sentence], places: PlaceKinds) -> _Cand:
    """A city's name with a region's noun after it, or closing it, as the region: "the Kherson region",
    "Donetsk Oblast" (a body to the model) are the oblast, pinned there (see ``Gazetteer.geocode``), not the city."""
    words = c.text.split()
    if len(words) > 1 and words[-1].lower() in REGION_NOUNS and places(" ".join(words[:-1])) in CITY_KINDS:
        return replace(c, type="PLACE")
    toks = sents[c.sentence].tokens
    if c.last + 1 >= len(toks):
        return c
    noun = toks[c.last + 1]
    if noun.lower not in REGION_NOUNS or noun.tag.startswith("VB") or noun.start != c.end + 1 \
            or places(c.text) not in CITY_KINDS:
        return c
    return replace(c, end=noun.end, text=f"{c.text} {noun.text}", type="PLACE", last=c.last + 1)


def _not_a_region(c: _Cand, toks: Sequence[Token]) -> bool:
    """The word after the name is a verb, not a region's noun ("Lee Harris crossing the finish line"), or
    one modifying a noun after it ("the Kennedy district office": the office of a member's district)."""
    nxt = toks[c.last + 1]
    then = toks[c.last + 2].lower if c.last + 2 < len(toks) else ""
    return nxt.tag.startswith("VB") or nxt.dep == "compound" or then in ("the", "a", "an", "his", "her", "its", "their")


def _courtesy(c: _Cand, toks: Sequence[Token]) -> bool:
    """A courtesy title just before the name, or opening it as the model drew it ("Mr Albanese")."""
    at = [k for k in (c.first - 1, c.first) if 0 <= k < len(toks) and toks[k].start < c.start]
    return any(toks[k].text.rstrip(".") in COURTESY for k in at)


def _dateline(c: _Cand, sents: Sequence[Sentence]) -> bool:
    """A name in capitals opening its paragraph, a dateline's mark after it ("KARACHI:", "NEW YORK (Reuters) -")."""
    sent = sents[c.sentence]
    first_of_paragraph = sent.index == 0 or sents[sent.index - 1].paragraph != sent.paragraph
    after = sent.tokens[c.last + 1].text if c.last + 1 < len(sent.tokens) else ""
    return first_of_paragraph and c.first == 0 and after in DATELINE_MARKS and c.text.isupper()


def _colon_after(c: _Cand, sents: Sequence[Sentence]) -> bool:
    toks = sents[c.sentence].tokens
    return c.last + 1 < len(toks) and toks[c.last + 1].text == ":"


def _head_noun(toks: Sequence[Token], i: int) -> bool:
    """Whether token ``i`` heads its phrase ("the Steelers spent"), not modifies a noun after it ("the
    Trump administration"): by the parse, else by no word after it that it could modify."""
    after = toks[i + 1].text if i + 1 < len(toks) else ""
    if toks[i].dep:
        return toks[i].dep in HEAD_DEPS and not _capitalised(after)
    if after in CLOSED_WORDS and toks[i].text.endswith("s"):  # "the Jaguars could": a team's plural, heading it
        return True
    return not (after.isalpha() and (after.islower() or _capitalised(after)))

