"""Towns the model reads as people or bodies, and towns it does not read at all (#3, #4).

The small model calls "Jenin", "Khan Younis" or "Avdiivka" a person in many sentences ("Israeli
forces raided Jenin"), "Kostiantynivka" or "El Fasher" an organisation, and names nothing in others
("Residents of Bakhmut sheltered"). A name the gazetteer knows as a populated place is one unless
the document uses it as a person's: a title or honorific before it, a first name with it, a speech
verb after it ("Austin said"), a relative or lawyer of its own ("Jackson's wife"), an age or a role
in apposition ("Goma, 34, a teacher"); or, for a name the model called a body, as a body's ("Nokia
cut jobs", "Toyota shares"). These helpers read those signs off the tokens; :mod:`.entities` votes
with them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from .parsed import Sentence, Token

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
                      "campaign", "birthday"})
# words that speak or answer: "Austin said", "said Jackson", "Kennedy declined to comment" (a town is spoken
# for, not speaking, at this size)
SPEECH = frozenset({"said", "says", "told", "tells", "added", "adds", "asked", "asks", "wrote", "writes", "tweeted",
                    "recalled", "recalls", "explained", "explains", "insisted", "insists", "argued", "argues",
                    "replied", "replies", "laughed", "smiled", "shrugged", "admitted", "admits", "denied", "denies",
                    "declined", "declines", "vowed", "vows", "pledged", "pledges", "warned", "warns", "urged",
                    "urges", "announced", "announces", "confirmed", "confirms", "stated", "states"})
# after a name: a person's household or term, not a town's ("the Kennedy family", "the Obama administration")
HOUSEHOLD = frozenset({"family", "administration", "presidency", "era", "household", "estate", "dynasty", "clan"})
# a person in apposition: "Goma, a 34-year-old teacher," "Jackson, the club's captain,"
DETERMINERS = frozenset({"a", "an", "the", "his", "her", "their", "our", "my"})
# words before a name that say place ("in Jenin", "the port of Mariupol") or after it ("Jenin residents")
# not "at" ("a win at Reading": the club) nor "according to"
LOCATIVE = frozenset({"in", "near", "around", "outside", "across", "towards", "toward", "into", "from", "via",
                      "inside", "to", "through", "throughout"})
OF_PLACE = frozenset({"city", "town", "village", "port", "suburbs", "outskirts", "streets", "residents", "people",
                      "centre", "center", "north", "south", "east", "west", "northeast", "northwest", "southeast",
                      "southwest", "mayor", "governor", "siege", "fall", "ruins"})
AFTER_PLACE = frozenset({"residents", "region", "province", "district", "governorate", "oblast", "outskirts",
                         "suburbs", "airport"})
PLACE_KINDS = frozenset({"country", "world city", "city", "town"})
# before a name: what takes a body, not a town ("the Orange group", "jobs at Toyota", "its Nokia unit")
BODY_BEFORE = frozenset({"the", "a", "an", "its", "their", "his", "her", "at", "for", "with", "joined", "by"})
# after a town's possessive: what a town has ("Derna's residents", "Tyre's port")
TOWN_HOLDS = frozenset({"residents", "people", "streets", "mayor", "governor", "outskirts", "suburbs", "centre",
                        "center", "port", "hospital", "hospitals", "population", "old", "main", "southern",
                        "northern", "eastern", "western", "neighbourhoods", "neighborhoods", "districts", "airport"})
# capitalised words a town shares that mean something else in running text ("trust in God", "in Police custody")
NOT_PLACES = frozenset({"God", "Allah", "Police", "Heaven", "Paradise", "Independence", "Liberty", "Union", "Republic",
                        "Opportunity", "Mission", "Victory", "Providence"})
Kinds = Callable[[str], str | None]


def person_signs(sent: Sentence, first: int, last: int, starts_inside: bool = False) -> bool:
    """Whether the words around tokens ``first``..``last`` of ``sent`` use that name as a person's."""
    toks = sent.tokens
    before = toks[first - 1] if first > 0 else None
    if starts_inside or (before is not None and before.text.rstrip(".").lower() in PERSON_TITLES
                         and before.text[:1].isupper()):
        return True  # "Mr Jackson", "Princess Charlotte" (not "in the city of ... mayor")
    if before is not None and before.lower == "under":
        return True  # "the rules drafted under Clinton": a leader's term
    after = [t.text.replace("\u2019", "'") for t in toks[last + 1:last + 9]]
    low = [a.lower() for a in after]
    if low[:1] and low[0] in SPEECH:
        return True  # "Austin said"
    if low[:1] and low[0] in HOUSEHOLD:
        return True  # "the Kennedy family", "the Clinton administration"
    if before is not None and before.lower in SPEECH and (not after or not after[0][:1].isalnum()):
        return True  # '..., said Jackson.'
    if after[:1] in (["'s"], ["'"]) and len(low) > 1 and low[1] in PERSONAL:
        return True  # "Jackson's wife"
    if after[:1] == [","] and len(after) > 2:
        if after[1].isdigit() and after[2] == ",":
            return True  # "Goma, 34,"
        if low[1] in DETERMINERS:
            return any(w in _ROLES for w in low[2:6] if w.isalpha())  # "Goma, a 34-year-old teacher"
    return False


def _words_of(name: str) -> list[str]:
    return name.lower().split()


# people's roles in apposition (a settlement noun there says place: "Goma, the provincial capital")
_ROLES = frozenset({"teacher", "student", "mother", "father", "driver", "farmer", "nurse", "doctor", "lawyer",
                    "engineer", "worker", "soldier", "resident", "spokesman", "spokeswoman", "official", "minister",
                    "analyst", "director", "leader", "commander", "journalist", "activist", "player", "striker",
                    "captain", "coach", "manager", "singer", "actor", "actress", "author", "writer", "owner",
                    "founder", "president", "chairman", "chief", "executive", "widow", "son", "daughter", "wife",
                    "husband", "survivor", "victim", "fighter", "officer", "medic", "surgeon", "shopkeeper",
                    "grandmother", "grandfather", "boy", "girl", "man", "woman", "mp", "senator", "councillor"})


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
    if before in BODY_BEFORE or toks[last].dep == "nsubj":
        return True  # "Nokia cut 14,000 jobs": a body acts, a town is acted on ("Derna was devastated")
    if last + 1 >= len(toks):
        return False
    nxt = toks[last + 1]
    word = nxt.text.replace("\u2019", "'")
    if nxt.lower in SPEECH:
        return True
    if word in ("'s", "'"):
        after = toks[last + 2].lower if last + 2 < len(toks) else ""
        return after not in TOWN_HOLDS
    if nxt.tag:
        return nxt.tag in ("NN", "NNS") or nxt.dep == "compound"  # "Toyota shares", not "Derna was"
    return nxt.text.isalpha() and nxt.text.islower() and nxt.lower not in ("and", "or")


def locative_names(sents: Sequence[Sentence], taken: set[tuple[int, int]], kinds: Kinds,
                   ) -> list[tuple[int, int, int]]:
    """Towns the model left unnamed where the words around say place: "Residents of Rafah fled",
    "troops pushed into Khan Younis", "Jenin residents said". Each as (sentence, first, last)."""
    out = []
    for sent in sents:
        toks = sent.tokens
        k = 0
        while k < len(toks):
            if not _proper(toks[k], k) or (sent.index, k) in taken:
                k += 1
                continue
            end = k
            while end + 1 < len(toks) and end - k < 3 and _proper(toks[end + 1], end + 1) \
                    and (sent.index, end + 1) not in taken:
                end += 1
            if _placed(toks, k, end) and _known(toks, k, end, kinds):
                out.append((sent.index, k, end))
            k = end + 1
    return out


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
    after = toks[last + 1].lower if last + 1 < len(toks) else ""
    nxt = toks[last + 2].lower if last + 2 < len(toks) else ""
    if before is not None and before.lower in LOCATIVE:
        return not (before.lower == "to" and first > 1 and toks[first - 2].lower == "according")
    if before is not None and before.lower == "of" and first > 1 and toks[first - 2].lower in OF_PLACE:
        return True
    return after in AFTER_PLACE and nxt not in ("of", "for")  # "Jenin residents", not "Reading residents of"


def _known(toks: Sequence[Token], first: int, last: int, kinds: Kinds) -> bool:
    name = " ".join(t.text for t in toks[first:last + 1])
    if name in NOT_PLACES:
        return False
    return kinds(name) in PLACE_KINDS
