"""Words that make a name a firm's, or a platform's, whatever the model called it (#3).

The small model reads "Johnson Controls" as a man and "Hamilton Beach" as a town; the text says otherwise
where it refers back to the name with "it" or "its" ("Johnson Controls said it would cut 500 jobs",
"Patriot could liquidate its properties"), where the name holds what only a firm holds ("shares of Hamilton
Beach", "Hamilton Beach's chief executive"), or where people speak on it as on a medium ("said on Twitter",
"Twitter users"). ``entities.py`` weighs these with its other votes, for names the gazetteer does not know.
"""

from __future__ import annotations

from collections.abc import Sequence

from .entities_places import POSSESSIVE, SPEECH
from .parsed import Token

# what only a firm has after its possessive ("Hamilton Beach's chief executive"); not "shares" or "stake",
# which a person holds too ("Musk's shares")
FIRM_HAS = frozenset({"ceo", "cfo", "shareholders", "stockholders", "subsidiary", "subsidiaries", "headquarters",
                      "revenue", "revenues", "earnings", "profits", "products", "brands", "workforce", "factories",
                      "plants", "stores", "franchisees"})
FIRM_HAS_TWO = frozenset({("chief", "executive"), ("chief", "financial"), ("chief", "operating"),
                          ("share", "price"), ("stock", "price"), ("market", "value")})
# before "of" or "in" a firm's name: what only a firm has ("shares of Hamilton Beach", "a stake in Spotify")
HELD = frozenset({"shares", "stock", "stake", "shareholders", "stockholders", "subsidiary", "acquisition"})
# what is posted on a medium or made in it: "said on Twitter", "wrote on Instagram", "took to Twitter"
POSTED = SPEECH | frozenset({"posted", "posting", "posts", "tweeted", "tweeting", "writing", "saying", "shared",
                             "announcing", "wrote"})
# a platform's or a product's nouns after its name ("Twitter users", "the Twitter account", "the Chrome browser")
PLATFORM_NOUNS = frozenset({"user", "users", "account", "accounts", "feed", "feeds", "app", "apps", "browser",
                            "browsers", "subscribers", "subscriber", "handle", "platform", "post", "posts", "trends",
                            "trending", "followers", "thread", "threads", "profile", "timeline"})
# the media people post on by name: never a person or a town, whatever the words around them
PLATFORMS = frozenset({"twitter", "facebook", "instagram", "youtube", "tiktok", "reddit", "whatsapp", "telegram",
                       "linkedin", "snapchat", "weibo", "wechat", "threads", "bluesky", "mastodon", "truth social"})
# who is "on" a medium: "people on Twitter", "users on Instagram" (not "across": "farming across Cook Inlet")
AUDIENCE = frozenset({"people", "users", "many", "others", "someone", "somebody", "everyone", "viral", "popular"})
# after "said ... it": a firm's acts ("said it would cut", "said it expects"), not a person's comment on a thing
# ("said it was too soon", "said it will be a month"): the verb after the modal or "is" may be no copula
COPULAS = frozenset({"be", "been", "being", "not", "going", "too", "very", "so", "a", "an", "the", "only", "just",
                     "also", "still", "never", "always", "time", "clear", "important", "possible", "hard",
                     "difficult", "unclear"})
AUXES = frozenset({"would", "will", "could", "can", "may", "might", "should", "had", "has"})
PROGRESSIVE = frozenset({"is", "was"})  # "said it is cooperating", not "said it was stolen" (a thing, a person's word)
# nouns for a firm that name the one after them ("energy company Burisma", "tech giant Apple")
FIRM_NOUNS = frozenset({"company", "companies", "firm", "firms", "chain", "chains", "startup", "start-up",
                        "conglomerate", "retailer", "carrier", "publisher", "automaker", "carmaker", "brand", "label",
                        "studio", "broadcaster", "lender", "insurer", "manufacturer", "app", "platform", "outlet",
                        "giant", "subsidiary", "airline", "bank", "supermarket"})
PLANS = frozenset({"plans", "planned", "expects", "expected", "intends", "intended"})
# the last word of a firm's, a paper's or an institution's name ("Masten Space Systems", "Dick Clark Productions",
# "the Hartford Courant", "Hong Kong Polytechnic University"): a word no one has as a surname. Not "Post",
# "Press", "Bank", "Times" or "Capital", which some have ("Emily Post")
ORG_HEADS = frozenset({
    "aerospace", "airlines", "airways", "associates", "bancorp", "brewery", "co", "company", "corp", "corporation",
    "entertainment", "enterprises", "foods", "holdings", "inc", "industries", "insurance", "investments", "labs",
    "laboratories", "llc", "llp", "ltd", "motors", "networks", "partners", "pharmaceuticals", "pictures",
    "productions", "publishing", "records", "securities", "software", "solutions", "studio", "studios", "systems",
    "technologies", "ventures", "works", "design", "tribune", "courant", "herald", "gazette", "chronicle",
    "telegraph", "journal", "inquirer", "examiner", "magazine", "university", "institute", "foundation",
    "association", "council", "committee", "commission", "agency", "department", "ministry", "hospital", "museum",
    "academy", "federation"})

# a navy's or a registry's prefix before a ship's name ("INS Mysore", "USS Cole", "MV Sirius Star"): a vessel,
# no person; an organisation is the nearest of our types (its crew acts, the ship is "it")
SHIP_PREFIXES = frozenset({"USS", "USNS", "HMS", "HMAS", "HMCS", "HMNZS", "INS", "MV", "RV", "ROKS", "FGS", "HNLMS"})


def org_headed(name: str) -> bool:
    """Whether a name of two words or more closes with a firm's, a paper's or an institution's word (ORG_HEADS),
    or is a ship's (SHIP_PREFIXES)."""
    words = name.split()
    return len(words) > 1 and ((words[-1][:1].isupper() and words[-1].lower().rstrip(".") in ORG_HEADS)
                               or (words[0] in SHIP_PREFIXES and words[1][:1].isupper()))


# a person's post at a firm: "an analyst at Piper Jaffray", "senior vp partnerships and revenue at Ubisoft"
POSTS = frozenset({"president", "ceo", "cfo", "coo", "cto", "chairman", "chairwoman", "founder", "co-founder",
                   "cofounder", "officer", "executive", "director", "vp", "analyst", "analysts", "economist",
                   "economists", "strategist", "spokesman", "spokeswoman", "spokesperson", "engineer", "engineers",
                   "researcher", "researchers", "scientist", "scientists", "professor", "manager", "partner",
                   "editor", "reporter", "correspondent", "columnist", "employee", "employees", "revenue",
                   "partnerships", "marketing", "operations", "communications"})
# posts held "of" a firm, not of a person ("chief operating officer of SpaceX", not "a lawyer of Mr. Trump")
FIRM_POSTS = frozenset({"ceo", "cfo", "coo", "cto", "chairman", "chairwoman", "founder", "co-founder", "cofounder",
                        "officer", "executive", "vp", "shareholder", "shareholders"})


def employer(toks: Sequence[Token], first: int, last: int) -> bool:
    """Whether the name is where a person holds a post: "(an analyst) at X", "(chief operating officer) of X"
    (a firm, or a place: no person), the name not a person's own ("at Trump's rally")."""
    if first < 2 or (last + 1 < len(toks) and toks[last + 1].lower in POSSESSIVE):
        return False
    prep, post = toks[first - 1].lower, toks[first - 2].lower
    return (prep == "at" and post in POSTS) or (prep == "of" and post in FIRM_POSTS)


# tags of what may stand between a subject and its "its": verbs' adverbs, particles and prepositions, no noun
BETWEEN = frozenset({"RB", "RP", "TO", "IN"})
# between the speech verb and "it": "said on Tuesday that it", "said in a statement it", "said last week it"
ADJUNCT_OPENERS = frozenset({"on", "in", "last", "this", "late", "earlier", "that", "today", "yesterday",
                             "tuesday", "monday", "wednesday", "thursday", "friday", "saturday", "sunday"})


def firm_signs(toks: Sequence[Token], first: int, last: int) -> bool:
    """Whether the words around tokens ``first``..``last`` use the name as a firm's: held as only a firm is
    ("shares of X", "X's chief executive") or referred back to with "its" or "it" ("X and its", "X said it
    would cut")."""
    before = [t.lower.replace("\u2019", "'") for t in toks[max(0, first - 2):first]]
    after = [t.text.replace("\u2019", "'") for t in toks[last + 1:last + 9]]
    low = [w.lower() for w in after]
    owns = low[:1] in (["'s"], ["'"])
    if before[-1:] in (["of"], ["in"]) and before[-2:-1] and before[-2] in HELD and not owns:
        return True  # "shares of X" (not "a stake in Kylie Jenner's company")
    if owns and len(low) > 1 and (low[1] in FIRM_HAS or tuple(low[1:3]) in FIRM_HAS_TWO):
        return True
    if low[:2] == ["and", "its"] and not (before[-1:] and before[-1] in ("the", "a", "an", "'s")):
        return True  # "Patriot and its lenders" (not "The Dragon Waiting and its aftermath", "India's INS Mysore")
    if _firm_noun_named(toks, first, last):
        return True
    return (bool(low[:1]) and low[0] in SPEECH and _it_acts(toks, last + 2)) or _subject_its(toks, last)


def _firm_noun_named(toks: Sequence[Token], first: int, last: int) -> bool:
    """Whether a firm's noun stands right before the name, joined to it by the parse as its compound or
    apposition ("energy company Burisma", "newspaper chains Gannett and ...", "record label Big Machine"; not
    "the company Trump founded", whose name is the subject of a clause): only in a parsed sentence."""
    if first == 0 or toks[first - 1].lower not in FIRM_NOUNS:
        return False
    noun = toks[first - 1]
    return (noun.head in range(first, last + 1) and noun.dep in {"compound", "nmod"}) \
        or (toks[last].head == noun.i and toks[last].dep in {"appos", "compound"})


def _subject_its(toks: Sequence[Token], last: int) -> bool:
    """Whether the name ending at token ``last`` is the subject of verbs that reach "its" with no noun between
    ("Patriot could threaten to liquidate its properties", "Ascom uses its portfolio"): only in a parsed sentence,
    whose tags tell a verb from a noun."""
    k = last + 1
    if k >= len(toks) or not (toks[k].is_verb and toks[k].dep != "compound"):
        return False
    while k < len(toks) and k <= last + 6:
        if toks[k].lower == "its":
            return True
        if toks[k].tag not in BETWEEN and not toks[k].is_verb:
            return False
        k += 1
    return False


def _it_acts(toks: Sequence[Token], k: int) -> bool:
    """Whether, from token ``k`` on (after a speech verb), "it" opens the content and does what a firm does:
    "(on Tuesday) (that) it would sell its unit", "it expects sales to rise"; not "it was too soon", "it would
    take years"."""
    words = [t.lower for t in toks[k:k + 8]]
    at = 0
    while at < len(words) and at < 5 and words[at] != "it":
        if at == 0 and words[at] not in ADJUNCT_OPENERS:
            return False
        if words[at] in (",", ".", ";", ":") or not words[at].isalpha():
            return False
        at += 1
    if at >= len(words) or words[at] != "it" or at + 2 >= len(words):
        return False
    verb, nxt = toks[k + at + 1], toks[k + at + 2]
    if verb.lower in PLANS:
        return True
    if verb.lower in PROGRESSIVE:
        acts = nxt.lower not in COPULAS and (nxt.tag == "VBG" or (not nxt.tag and nxt.lower.endswith("ing")))
    else:
        acts = verb.lower in AUXES and nxt.lower not in COPULAS \
            and (nxt.tag[:2] == "VB" or (not nxt.tag and nxt.text.isalpha()))
    # and "its" after, as a firm's own: "said it would cut 500 jobs at its plant" (a person's "it" is a thing's
    # or a situation's: "said it would take years")
    rest = [t.lower for t in toks[k + at + 3:k + at + 12]]
    return acts and "its" in (rest[:rest.index(",")] if "," in rest else rest)


def platform_signs(toks: Sequence[Token], first: int, last: int) -> bool:
    """Whether the name is a medium people post on, or a platform with users ("said on Twitter", "took to
    Instagram", "Twitter users", "the Twitter account"): no person's."""
    before = [t.lower for t in toks[max(0, first - 2):first]]
    if len(before) == 2 and before[1] == "on" and (before[0] in POSTED or before[0] in AUDIENCE):
        return True
    if before == ["took", "to"]:
        return True
    return last + 1 < len(toks) and toks[last + 1].lower in PLATFORM_NOUNS
