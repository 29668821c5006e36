"""Mentions grouped into entities: a later "Medinsky" joins the earlier "Vladimir Medinsky", "SEC" the
Securities and Exchange Commission, "the Post" the Denver Post; each group gets its canonical name.

Split out of ``entities.py``, which finds and types the mentions (:class:`Cand`) this groups.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from ..types import EntityType
from .entities_firms import SHIP_PREFIXES
from .parsed import Sentence

MINOR_WORDS = frozenset({"of", "and", "the", "for", "&", "on", "de", "du", "des", "la", "le"})
# words that name a body of their own with "the": "the House" is no short form of "the White House"
NAMED_ALONE = frozenset({"house"})
# who a person is introduced as, to someone named beside them ("his daughter, Sarah Whitaker"): kept apart
KIN = frozenset({"son", "daughter", "wife", "husband", "widow", "widower", "brother", "sister", "mother", "father",
                 "nephew", "niece", "grandson", "granddaughter", "cousin", "stepson", "stepdaughter", "uncle", "aunt"})
# a generation's suffix after a person's name: "Patrick Carlineo Jr." is Patrick Carlineo
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# what the bearer of each suffix is to the one of the plain name in a family of two generations
GENERATION_KIN = {"jr": "son", "ii": "son", "iii": "son", "iv": "son", "sr": "father"}
# a clipped first word is short ("the Fed", "the Met"); a longer one opening another is a name of its own
# ("the Chrome browser" after "Chromecast Ultra")
CLIPPED = 4
_Key = tuple[EntityType, str]  # a group of mentions: their type and their name's key


@dataclass(frozen=True)
class Cand:
    start: int
    end: int
    text: str
    type: EntityType
    sentence: int
    first: int
    last: int
    vote: float = 1.0  # the model's own mentions vote on the type; names found again do not

    @cached_property  # read ~190,000 times on the 91 dev pages; kept in the instance's __dict__, so no field
    def key(self) -> str:
        return " ".join(self.text.split()).lower()


def cluster(cands: list[Cand], kin: frozenset[str] | set[str] = frozenset(),
             definite: frozenset[str] | set[str] = frozenset(),
             aliases: dict[str, str] | None = None, apart: set[frozenset[str]] | None = None,
             ) -> list[tuple[str, list[Cand]]]:
    """Group mentions into entities; each gets its canonical name. A surname alone is not a relative
    introduced as one ('his daughter, Sarah Whitaker') where another person of that name stands: an
    obituary's 'Whitaker joined the Post' is its subject, John Whitaker. ``aliases`` maps a person's nickname
    to the name it is given beside ("Dagalo, known as Hemedti"), which it joins; ``apart`` holds pairs of
    names that stay two people (a father and a son of one name: :func:`generations`)."""
    groups: dict[tuple[EntityType, str], list[Cand]] = defaultdict(list)
    for c in cands:
        groups[(c.type, _group_key(c))].append(c)
    keys = sorted(groups, key=lambda k: (-len(k[1].split()), k[1]))
    parent: dict[tuple[EntityType, str], tuple[EntityType, str]] = {}
    for key in keys:
        etype, words = key[0], key[1].split()
        longer = [k for k in keys if k[0] == etype and k != key and k not in parent
                  and len(k[1].split()) > len(words) and _contains(k[1].split(), words, etype)
                  and frozenset((k[1], key[1])) not in (apart or ())]
        if etype == "PERSON" and any(k[1] not in kin for k in longer):
            longer = [k for k in longer if k[1] not in kin]
        if longer:
            first_here = min(c.start for c in groups[key])
            # the full name mentioned last before this one, else the first after it
            before = [k for k in longer if min(c.start for c in groups[k]) <= first_here]
            pick = max(before, key=lambda k: min(c.start for c in groups[k])) if before else \
                min(longer, key=lambda k: min(c.start for c in groups[k]))
            parent[key] = pick
    for nick, full in (aliases or {}).items():
        if ("PERSON", nick) in groups and ("PERSON", full) in groups and ("PERSON", nick) not in parent:
            parent[("PERSON", nick)] = ("PERSON", full)
    parent.update({k: v for k, v in _acronyms(groups).items() if k not in parent})
    parent.update({k: v for k, v in _short_forms(groups, definite).items() if k not in parent})
    parent.update({k: v for k, v in _variants(groups, parent, kin).items() if k not in parent})
    members: dict[tuple[EntityType, str], list[Cand]] = defaultdict(list)
    for key, cs in groups.items():
        root = key
        while root in parent:
            root = parent[root]
        members[root].extend(cs)
    return [(_canonical(cs), cs) for cs in members.values()]


def _acronyms(groups: dict[_Key, list[Cand]]) -> dict[_Key, _Key]:
    """'SEC' after 'the Securities and Exchange Commission', 'EU' and 'European Union': an organisation's
    acronym in capitals is the one organisation of the article whose words' initials it spells."""
    fulls: dict[str, list[_Key]] = defaultdict(list)
    for key in groups:
        words = [w for w in key[1].split() if w not in MINOR_WORDS]
        if key[0] == "ORG" and len(words) > 1:
            fulls["".join(w[0] for w in words)].append(key)
    return {key: fulls[key[1]][0] for key, cs in groups.items()
            if key[0] == "ORG" and " " not in key[1] and cs[0].text.isupper() and len(fulls.get(key[1], ())) == 1}


def _short_forms(groups: dict[_Key, list[Cand]], definite: frozenset[str] | set[str]) -> dict[_Key, _Key]:
    """'the Post' after 'the Denver Post', 'the Journal' after 'The Wall Street Journal', 'the Fed' after
    'the Federal Reserve': one word written with 'the' that ends the name of one organisation named in
    full before it (or begins its first word) is that organisation; with two such ('the Denver Post',
    'the Washington Post') it stays apart."""
    def first(k: _Key) -> int:
        return min(c.start for c in groups[k])

    out: dict[_Key, _Key] = {}
    for key in groups:
        word = key[1]
        if key[0] != "ORG" or " " in word or word not in definite or len(word) < 3 or word in NAMED_ALONE:
            continue
        fulls = [k for k in groups if k[0] == "ORG" and len(k[1].split()) > 1 and first(k) < first(key)
                 and (k[1].split()[-1] == word or (len(word) <= CLIPPED and k[1].split()[0].startswith(word)
                                                   and k[1].split()[0] != word))]
        if len(fulls) == 1:
            out[key] = fulls[0]
    return out


def _variants(groups: dict[_Key, list[Cand]], parent: dict[_Key, _Key], kin: frozenset[str] | set[str],
              ) -> dict[_Key, _Key]:
    """One person written two ways, neither name holding the other's words: "Patrick W. Carlineo" and "Patrick
    Carlineo Jr." (a middle initial, a generation's suffix), "John M. Ford" and "John Milo Ford" (an initial and
    its name). A name joins the one other person's of the same surname and given name (or initial) whose middle
    names agree; with two such, or a relative's, it stays apart."""
    roots = [k for k in groups if k[0] == "PERSON" and k not in parent and k[1] not in kin]
    parts = {k: _name_parts(k[1]) for k in roots}
    out: dict[_Key, _Key] = {}
    for key in sorted(roots, key=lambda k: min(c.start for c in groups[k])):
        if parts[key] is None or key in out:
            continue
        same = [k for k in roots if k != key and k not in out and _same_person(parts[key], parts[k])]
        if len(same) == 1 and not any(_same_person(parts[same[0]], parts[k]) for k in roots
                                      if k not in (key, same[0]) and k not in out):
            out[same[0]] = key
    return out


def _name_parts(key: str) -> tuple[str, tuple[str, ...], str] | None:
    """A person's name key as (given name, middle names, surname) without a generation's suffix ("jr."), or None
    for a name of fewer than two words left."""
    words = [w for w in key.split() if w.rstrip(".").rstrip(",") not in SUFFIXES]
    if len(words) < 2:
        return None
    return words[0], tuple(words[1:-1]), words[-1]


def _same_person(a: tuple[str, tuple[str, ...], str] | None, b: tuple[str, tuple[str, ...], str] | None) -> bool:
    """Whether two names' parts may be one person's: the same surname and given name, middle names that agree
    where both have them (an initial agrees with a name it opens), and the two not written alike."""
    if a is None or b is None or a == b or a[2] != b[2] or a[0] != b[0]:
        return False
    if len(a[1]) != len(b[1]) and a[1] and b[1]:
        return False
    return all(_initial_of(x, y) for x, y in zip(a[1], b[1], strict=False))


def _initial_of(x: str, y: str) -> bool:
    """Whether two middle names agree: alike, or one an initial ("m.") of the other."""
    x, y = x.rstrip("."), y.rstrip(".")
    return x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))


def _group_key(c: Cand) -> str:
    key = c.key
    if c.type == "GROUP" and key.endswith("s") and len(key) > 4:
        key = key[:-1]
    return key


def _contains(longer: list[str], shorter: list[str], etype: EntityType) -> bool:
    if etype == "PERSON":
        return all(w in longer for w in shorter)
    if etype == "ORG":  # "Goldman" in "Goldman Sachs"; a ship's name after its prefix ("Mysore" in "INS Mysore")
        return longer[:len(shorter)] == shorter or (longer[0].upper() in SHIP_PREFIXES and longer[1:] == shorter)
    return False


def _canonical(cs: list[Cand]) -> str:
    # a dateline's "DUBAI, United Arab Emirates —" gives way to the body's "Dubai" (not "NATO" to "Nato")
    if cs[0].type == "PERSON" or cs[0].type == "ORG":
        best = max(cs, key=lambda c: (len(c.text.split()), c.text[:1].isupper(), not _shouted(c.text), -c.start))
        return " ".join(best.text.split())
    counts = Counter(" ".join(c.text.split()) for c in cs)
    first: dict[str, int] = {}
    for c in sorted(cs, key=lambda c: c.start):
        first.setdefault(" ".join(c.text.split()), c.start)
    return max(counts.items(), key=lambda kv: (kv[1], not _shouted(kv[0]), -first[kv[0]]))[0]


def _shouted(name: str) -> bool:
    """In capitals and longer than an acronym usually is."""
    return name.isupper() and len(name.replace(" ", "")) > 4


def kin(c: Cand, sents: Sequence[Sentence]) -> bool:
    """A person introduced as someone's relative: 'his daughter, Sarah Whitaker', 'Sarah Whitaker, his daughter'."""
    return _relation(c, sents) is not None


def _relation(c: Cand, sents: Sequence[Sentence]) -> tuple[str, str] | None:
    """The possessive and the kin word a person is introduced with ("his", "father" of 'his father, Patrick
    Smith'; the possessive "" where none stands: 'son Patrick Smith Jr.'), or None."""
    toks = sents[c.sentence].tokens
    k = c.first - 1
    k -= 1 if k >= 0 and toks[k].text == "," else 0
    if k >= 0 and toks[k].lower in KIN:
        return (toks[k - 1].lower if k > 0 else ""), toks[k].lower
    k = c.last + 1
    if k + 2 < len(toks) and toks[k].text == "," and toks[k + 1].lower in {"his", "her", "their"} \
            and toks[k + 2].lower in KIN:
        return toks[k + 1].lower, toks[k + 2].lower
    return None


def generations(cands: Sequence[Cand], sents: Sequence[Sentence]) -> set[frozenset[str]]:
    """Pairs of name keys that are a father and his son of one name: "Patrick Smith Jr." and "Patrick Smith" where
    the text says so, calling the plain name "his father" beside a Jr. ("his son" beside a Sr.), or the Jr. "his
    son" after the plain name ("Patrick Smith and his son, Patrick Smith Jr."; the Sr. "his father"). Without such
    words the two are one man ("Patrick Carlineo Jr. ... Patrick Carlineo pleaded guilty")."""
    people = [c for c in cands if c.type == "PERSON"]
    suffixed = {c.key: g for c in people if (g := _generation(c.key)) is not None}
    if not suffixed:
        return set()
    first: dict[str, int] = {}
    for c in people:
        first[c.key] = min(first.get(c.key, c.start), c.start)
    out: set[frozenset[str]] = set()
    for c in people:
        rel = _relation(c, sents)
        if rel is None or rel[0] != "his" or rel[1] not in ("father", "son"):
            continue
        if c.key in suffixed:  # the Jr. called his son after the father's plain name
            base, gen = suffixed[c.key]
            if rel[1] == GENERATION_KIN[gen] and first.get(base, c.start) < c.start:
                out.add(frozenset({c.key, base}))
            continue
        for key, (base, gen) in suffixed.items():  # the plain name called the Jr.'s father
            if base == c.key and rel[1] != GENERATION_KIN[gen]:
                out.add(frozenset({key, base}))
    return out


def _generation(key: str) -> tuple[str, str] | None:
    """A name key with a generation's suffix as the name without it and the suffix ("patrick smith jr." ->
    ("patrick smith", "jr")); None for a name without one or of one word left."""
    words = key.split()
    suffix = words[-1].strip(".,") if len(words) > 2 else ""
    if suffix not in SUFFIXES:
        return None
    return " ".join(words[:-1]).rstrip(","), suffix
