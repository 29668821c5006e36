"""Whether the article itself writes a person as a man or a woman, for "he said" and "she said".

No list of first names (none we could ship under Apache-2.0, and a name says little anyway): only
what the text says of the person. A courtesy title before a mention ("Mr Sanders", "Ms Warren"), a
gendered role among their titles ("chairwoman", "actress", "his wife"), and a possessive or
reflexive pronoun in a sentence where they are the one person named before it ("Sanders thanked
his supporters", "Warren, who ... herself"). Evidence both ways, or none, says nothing.
"""

from __future__ import annotations

from ..types import Entity
from .parsed import Analysis

MALE, FEMALE = "male", "female"
COURTESY = {"mr": MALE, "mrs": FEMALE, "ms": FEMALE, "miss": FEMALE, "sir": MALE, "dame": FEMALE,
            "lord": MALE, "lady": FEMALE}
ROLE_WORDS = {
    **{w: MALE for w in ("chairman", "spokesman", "congressman", "businessman", "councilman", "actor", "king",
                         "prince", "husband", "father", "son", "brother", "widower", "nephew", "uncle",
                         "grandfather", "grandson", "stepson", "duke", "emperor", "boyfriend", "monk", "priest",
                         "sportsman", "anchorman", "policeman", "fireman", "alderman", "assemblyman",
                         "headmaster", "waiter", "steward", "schoolboy", "man", "boy")},
    **{w: FEMALE for w in ("chairwoman", "spokeswoman", "congresswoman", "businesswoman", "councilwoman",
                           "actress", "queen", "princess", "wife", "mother", "daughter", "sister", "widow",
                           "niece", "aunt", "grandmother", "granddaughter", "stepdaughter", "duchess",
                           "empress", "girlfriend", "nun", "sportswoman", "anchorwoman", "policewoman",
                           "alderwoman", "assemblywoman", "headmistress", "waitress",
                           "stewardess", "schoolgirl", "woman", "girl", "mum", "mom", "grandma")},
}
# a possessive or reflexive pronoun pointing back to the one person its sentence named before it
POINTERS = {"his": MALE, "himself": MALE, "her": FEMALE, "herself": FEMALE}
PRONOUN_GENDER = {"he": MALE, "him": MALE, "his": MALE, "she": FEMALE, "her": FEMALE}
QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d", "``", "''"})


def pronoun_gender(word: str) -> str | None:
    """The gender a personal pronoun gives its referent ("she": female), None for others."""
    return PRONOUN_GENDER.get(word.lower())


def gender_of(analysis: Analysis, entity: Entity) -> str | None:
    """MALE or FEMALE where the article says so of a PERSON and never the other way; else None."""
    if entity.type != "PERSON":
        return None
    seen: set[str] = set()
    for title in entity.titles:
        seen.update(ROLE_WORDS[w] for w in title.lower().replace(",", " ").split() if w in ROLE_WORDS)
    for m in analysis.mentions:
        if m.entity != entity.id:
            continue
        toks = analysis.sentences[m.sentence].tokens
        words = [toks[i].lower.rstrip(".") for i in range(m.first, m.last + 1)]
        before = toks[m.first - 1].lower.rstrip(".") if m.first > 0 else ""
        for w in (before, words[0]):
            if w in COURTESY:
                seen.add(COURTESY[w])
        seen.update(_pointers(analysis, m.sentence, m.last, entity.id))
    return next(iter(seen)) if len(seen) == 1 else None


def _pointers(analysis: Analysis, sentence: int, last: int, eid: str) -> set[str]:
    """Genders of the possessive and reflexive pronouns after token ``last`` of ``sentence`` whose
    only person named before them is ``eid`` (and which stand outside quoted words)."""
    toks = analysis.sentences[sentence].tokens
    people = [m for m in analysis.mentions_in(sentence) if analysis.entity(m.entity).type == "PERSON"]
    out: set[str] = set()
    for t in toks[last + 1:]:
        if t.text in QUOTE_MARKS:
            break  # what is quoted speaks of others
        if t.lower not in POINTERS or (t.lower == "her" and t.tag != "PRP$"):
            continue  # "thanked her": someone else
        if t.dep == "poss" and toks[t.head].dep == "appos":
            continue  # "Michael Capellas, her counterpart at Compaq": what he is to someone else
        before = {m.entity for m in people if m.last < t.i}
        if before == {eid}:
            out.add(POINTERS[t.lower])
    return out
