"""Who "they" is: the group of people a plural pronoun speaker points back to.

"The protesters marched down Broad Street. ... they chanted" takes "the protesters"; "As Johnson and
Weld stumped across New England, ..., they said" takes "Johnson and Weld"; "Several GOP leaders told
POLITICO that ... They recounted" takes "several GOP leaders". The antecedent is looked for outside quotation marks,
in this order: in the pronoun's sentence, the subject of a clause its cue reports or of the clause its
cue stands in, up to two clauses up ("Sanders supporters erupted into cheers as they learned"), then a
noun phrase of an adverbial clause of the cue ("When I met with Mr. VandeHei and Mr. Allen, they ...");
then the first subject of the sentence before ("Former prosecutors said investigators were ... . ...,
they said": the prosecutors). It must agree with "they": a plural noun for people or bodies
("officials", "voters", "police", "unions"), a group the article names ("Democrats"), people joined by
"and", or organisations or countries joined by "and" as a subject ("Russia and Ukraine said"); an
organisation or a body in the singular ("the company") only in the pronoun's own sentence. An earlier
"they" that is the antecedent is resolved in turn. Where none fits, the pronoun stays: a wrong group
is worse than none ("the drawdown of troops in Iraq, which they say ..." is not the troops).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..types import Speaker
from .parsed import Analysis, Sentence, Token

SUBJECTS = frozenset({"nsubj", "nsubjpass"})
CLAUSES = frozenset({"ccomp", "parataxis", "advcl", "conj", "xcomp"})
BESIDE_PEOPLE = frozenset({"NNP", "NNS"})  # tags of a conjunct that joins people as one of them
# people as one body, "they" in the sentences after ("the team ... They also plan to release ...")
COLLECTIVES = frozenset({"team", "family", "couple", "crew", "staff", "band", "lab", "laboratory", "duo", "trio"})
# what modifies a noun phrase's head and is not one itself ("GOP" of "GOP leaders", "the protesters' signs")
NOT_HEADS = frozenset({"compound", "poss", "amod", "nmod", "npadvmod", "conj", "appos"})
# nouns for people, in the plural, that no ending below gives ("police" and "staff" are plural as they stand)
PEOPLE = frozenset({
    "people", "men", "women", "children", "kids", "police", "staff", "staffers", "folks", "officials", "leaders",
    "voters", "aides", "advisers", "advisors", "members", "lawmakers", "legislators", "senators", "delegates",
    "candidates", "experts", "critics", "analysts", "supporters", "opponents", "protesters", "protestors",
    "demonstrators", "activists", "residents", "citizens", "authorities", "investigators", "prosecutors",
    "attorneys", "lawyers", "judges", "justices", "doctors", "nurses", "scientists", "researchers", "officers",
    "soldiers", "troops", "workers", "employees", "executives", "parents", "students", "teachers", "friends",
    "relatives", "families", "neighbors", "neighbours", "witnesses", "victims", "survivors", "immigrants",
    "migrants", "refugees", "volunteers", "organizers", "organisers", "donors", "allies", "rivals", "partners",
    "owners", "players", "fans", "journalists", "reporters", "editors", "authors", "writers", "pollsters",
    "operatives", "consultants", "diplomats", "ministers", "governors", "mayors", "representatives",
    "spokesmen", "spokeswomen", "spokespeople", "agents", "participants", "respondents", "attendees", "veterans",
    "conservatives", "liberals", "progressives", "moderates", "evangelicals", "independents", "millennials",
    "insiders", "observers", "commentators", "rebels", "militants", "insurgents", "fighters", "negotiators",
    "defendants", "plaintiffs", "managers", "directors", "sources", "elders", "clergy", "bishops", "priests",
    "farmers", "shoppers", "customers", "consumers", "users", "viewers", "readers", "listeners", "guests",
    "hosts", "moderators", "panelists", "crowds", "mourners", "chairs", "chairmen", "couple", "pair", "duo",
    # bodies, in the plural
    "groups", "organizations", "organisations", "unions", "campaigns", "parties", "companies", "firms",
    "agencies", "governments", "countries", "nations", "banks", "networks", "committees",
})
# the endings of nouns for people ("activists", "politicians", "volunteers")
PEOPLE_ENDINGS = ("ists", "ians", "eers")
# nouns for an organisation or a body, which speak as "they" in their own sentence
BODIES = frozenset({"company", "campaign", "administration", "government", "committee", "team", "party", "board",
                    "group", "family", "agency", "department", "ministry", "court", "council", "union", "firm",
                    "organization", "organisation", "coalition", "alliance", "network", "panel", "commission"})
# "None of the major candidates", "many of the protesters": the people after "of" are who the subject counts
COUNTS = frozenset({"none", "many", "some", "most", "all", "several", "both", "few", "majority", "half", "each",
                    "dozens", "hundreds", "thousands", "millions", "number"})
PEOPLE_KINDS = frozenset({"PERSON", "GROUP"})
BODY_KINDS = frozenset({"ORG", "GROUP", "PLACE"})
CLIMB = 2  # clauses up from the cue whose subject may be "they"
CHAIN = 3  # earlier "they"s followed back
OPENING = 3  # words before the noun for people that opens a sentence the parser did not read
LEADS = frozenset({"in", "on", "at", "for", "with", "after", "before", "during", "as", "by", "from", "to", "under",
                   "since", "when", "while", "if", "although", "though", "because", "unless", "until", "once"})
NOT_AFTER = frozenset({"of", "'s", "\u2019s", "'", "\u2019"})  # "Voters of ...", "Workers' pay": not the subject
OPENERS = frozenset({"the", "several", "other", "many", "some", "most", "both", "two", "three", "four", "these",
                     "those", "few", "all"})


@dataclass(frozen=True)
class Antecedent:
    """A noun phrase "they" may point back to: its name and its entity if one (None for a description or a
    pronoun); ``pronoun`` is the token of an earlier "they" to follow back instead."""

    name: str
    entity: str | None
    pronoun: int | None = None


# what the pronoun's own sentence gives where a plural subject that is no group it knows stands before it
BLOCKED = Antecedent("", None)


def group_before(analysis: Analysis, sent: Sentence, at: int, quoted: Sequence[tuple[int, int]] = (),
                 depth: int = 0) -> Speaker | None:
    """The group that "they" at token ``at`` of ``sent`` points back to; None where none fits."""
    if depth > CHAIN:
        return None
    found = _in_sentence(analysis, sent, at, quoted) if sent.parsed else None
    if found is BLOCKED:
        return None
    if found is None and sent.index > 0:
        prev = analysis.sentences[sent.index - 1]
        found = _first_subject(analysis, prev, quoted) if prev.parsed else _opening(analysis, prev, quoted)
        sent = prev
    if found is None:
        return None
    if found.pronoun is not None:  # an earlier "they": what it points back to
        return group_before(analysis, sent, found.pronoun, quoted, depth + 1)
    return Speaker(found.name, found.entity)


def _opening(analysis: Analysis, sent: Sentence, quoted: Sequence[tuple[int, int]]) -> Antecedent | None:
    """The group a sentence the parser did not read opens with, as its subject: "Sanders supporters are
    crying ...", "Several Democrats cautioned ...", "Cruz and Rubio, who ..., both locked on Trump"; a
    "They ..." to follow back. Up to OPENING words, each a name, a number or a determiner or adjective
    before a noun for people; then a word in small letters or a comma (not "of", not a possessive)."""
    toks = sent.tokens
    if not toks or any(a <= toks[0].start < b for a, b in quoted):
        return None
    if toks[0].lower == "they" and len(toks) > 1 and toks[1].text.isalpha() and toks[1].text.islower():
        return Antecedent(toks[0].text, None, 0)
    people: list[str] = []
    k = 0
    while k < len(toks) and k <= OPENING:
        m = analysis.mention_at(sent.index, k)
        ent = analysis.entity(m.entity) if m is not None else None
        if m is not None and ent is not None and ent.type == "PERSON":  # "Cruz and Rubio"
            people.append(ent.name)
            k = m.last + 1
            if k < len(toks) and toks[k].lower in {"and", ","} and analysis.mention_at(sent.index, k + 1):
                k += 1
                continue
            break
        if people:
            break
        head = toks[k]
        if k == 0 and head.lower in LEADS:
            return None  # "In Iowa, voters ...": what opens it is no subject
        group = ent is not None and m is not None and ent.type == "GROUP" and toks[m.last].lower.endswith("s")
        if group and m is not None:
            head = toks[m.last]
        after = toks[head.i + 1] if head.i + 1 < len(toks) else None
        while after is not None and _people(after) and after.i <= OPENING:  # "Women journalists"
            head = after
            after = toks[head.i + 1] if head.i + 1 < len(toks) else None
        if (_people(head) or group) and after is not None and after.lower not in NOT_AFTER \
                and (after.text == "," or (after.text.isalpha() and after.text.islower())):
            at = analysis.mention_at(sent.index, head.i)
            ent = analysis.entity(at.entity) if at is not None and at.last == head.i else None
            if at is not None and (ent is None or ent.type != "GROUP"):
                return None  # "Republican" of "Republican operatives" names no one; a person or a place is not they
            words = toks[:head.i + 1]
            name = "".join(t.text + (" " if t.end < words[i + 1].start else "")
                           for i, t in enumerate(words[:-1])) + head.text
            return Antecedent(name, ent.id if ent is not None else None)
        if not (head.text.isalnum() and (head.text[:1].isupper() or head.lower in OPENERS or k > 0)):
            return None
        k += 1
    if len(people) > 1 and k < len(toks) and (toks[k].text == "," or toks[k].text.islower()):
        return Antecedent(", ".join(people[:-1]) + " and " + people[-1], None)
    return None


def _in_sentence(analysis: Analysis, sent: Sentence, at: int, quoted: Sequence[tuple[int, int]]) -> Antecedent | None:
    toks = sent.tokens
    cue = toks[toks[at].head] if toks[at].head != at else toks[at]
    # the subjects of the clauses the cue reports, the nearest first: 'The protesters will march, they said'
    reported = [c for c in reversed(cue.children) if toks[c].dep in CLAUSES and c < at]
    for c in reported:
        found = _subject_of(analysis, sent, toks[c], at, quoted, True)
        subj = next((k for k in toks[c].children if toks[k].dep in SUBJECTS), None)
        if found is not None or (subj is not None and _plural(sent, toks[subj])):
            return found or BLOCKED  # "While these contributions complicate ..., they don't tell": not people
    verb, steps = cue, 0
    while verb.head != verb.i and steps < CLIMB:  # the clause the cue stands in, and the one above it
        verb, steps = toks[verb.head], steps + 1
        subj = next((c for c in verb.children if toks[c].dep in SUBJECTS and c != at), None)
        if subj is not None:
            found = _subject_of(analysis, sent, verb, at, quoted, True) if subj < at else None
            if found is not None or _plural(sent, toks[subj]):
                return found or BLOCKED  # a plural subject not known to be people ("the Firefighters") may be they
            break
    # 'When I met with Mr. VandeHei and Mr. Allen, they were ...': a phrase of an adverbial clause of the cue
    for c in cue.children:
        if toks[c].dep == "advcl" and c < at:
            inside = [k for k in _clause(sent, c) if k < at]
            for k in sorted(inside, reverse=True):
                found = _candidate(analysis, sent, toks[k], quoted, subject=False, own=True)
                if found is not None and found.pronoun is None:
                    return found
    return None


def _subject_of(analysis: Analysis, sent: Sentence, verb: Token, at: int, quoted: Sequence[tuple[int, int]],
                own: bool) -> Antecedent | None:
    toks = sent.tokens
    subj = next((c for c in verb.children if toks[c].dep in SUBJECTS and c != at and c < at), None)
    return _candidate(analysis, sent, toks[subj], quoted, subject=True, own=own) if subj is not None else None


def _first_subject(analysis: Analysis, sent: Sentence, quoted: Sequence[tuple[int, int]]) -> Antecedent | None:
    """The first subject of ``sent`` that agrees with "they", else the first "they" subject to follow back."""
    toks = sent.tokens
    # the source of 'according to sources' first, then the subjects of clauses not inside a noun phrase
    # ('a legal system that Republicans want' is no subject of the sentence)
    heads = [g for t in toks if t.lower == "according" for c in t.children if toks[c].lower == "to"
             for g in toks[c].children if toks[g].dep == "pobj"]
    heads += [t.i for t in toks if t.dep in SUBJECTS and not _in_phrase(sent, t)]
    found = [_candidate(analysis, sent, toks[k], quoted, subject=True, own=False) for k in heads]
    named = [a for a in found if a is not None and a.pronoun is None]
    return named[0] if named else next((a for a in found if a is not None), None)


def _in_phrase(sent: Sentence, tok: Token) -> bool:
    """Whether ``tok`` stands in a clause that modifies a noun (a relative clause)."""
    toks = sent.tokens
    while tok.head != tok.i:
        if tok.dep in {"relcl", "acl"}:
            return True
        tok = toks[tok.head]
    return False


def _plural(sent: Sentence, tok: Token) -> bool:
    """A noun in the plural, or nouns joined by "and"."""
    return tok.tag in {"NNS", "NNPS"} or len(_conjuncts(sent, tok)) > 1


def _clause(sent: Sentence, head: int) -> list[int]:
    """The tokens of the clause headed by ``head``, without the relative clauses inside it."""
    toks = sent.tokens
    out, stack = [], [head]
    while stack:
        k = stack.pop()
        out.append(k)
        stack.extend(c for c in toks[k].children if toks[c].dep not in {"relcl", "acl"})
    return out


def _candidate(analysis: Analysis, sent: Sentence, head: Token, quoted: Sequence[tuple[int, int]], subject: bool,
               own: bool) -> Antecedent | None:
    """The phrase headed by ``head`` as an antecedent of "they", if it agrees with it. ``own``: in the
    pronoun's own sentence, where an organisation in the singular may be "they" too."""
    toks = sent.tokens
    if any(a <= head.start < b for a, b in quoted) or head.dep in NOT_HEADS:
        return None
    if head.lower == "they" and subject:
        return Antecedent(head.text, None, head.i)
    if head.lower in COUNTS:  # "None of the major candidates"
        of = [g for c in head.children if toks[c].dep == "prep" and toks[c].lower == "of"
              for g in toks[c].children if toks[g].dep == "pobj"]
        return _candidate(analysis, sent, toks[of[0]], quoted, subject, own) if of else None
    if not head.tag.startswith("NN"):
        return None
    joined = _conjuncts(sent, head)
    if len(joined) > 1:
        kinds = [_kind(analysis, sent, toks[k]) for k in joined]
        # beside people, a name the model did not type or a plural noun is people too ("Pluznick and her colleagues")
        named = any(k in PEOPLE_KINDS or (k is None and _people(toks[j])) for k, j in zip(kinds, joined, strict=True))
        people = all(k in PEOPLE_KINDS or (k is None and (_people(toks[j]) or (named and toks[j].tag in BESIDE_PEOPLE)))
                     for k, j in zip(kinds, joined, strict=True))
        bodies = subject and all(k in BODY_KINDS for k in kinds)  # "Russia and Ukraine said"
        if not (people or bodies):
            return None
        names = [_name(analysis, sent, toks[k])[0] for k in joined]
        return Antecedent(", ".join(names[:-1]) + " and " + names[-1], None)
    kind = _kind(analysis, sent, head)
    plural = head.tag in {"NNS", "NNPS"} or head.lower in PEOPLE
    fits = (plural and (kind in {"ORG", "GROUP"} or (kind is None and _people(head)))) \
        or (subject and own and (kind == "ORG" or (kind is None and head.tag == "NN" and head.lower in BODIES))) \
        or (subject and kind is None and head.tag == "NN" and head.lower in COLLECTIVES)
    if not fits:
        return None
    name, entity = _name(analysis, sent, head)
    return Antecedent(name, entity)


def _conjuncts(sent: Sentence, head: Token) -> list[int]:
    """``head`` and the heads joined to it by "and" (not "or": "Clinton or Sanders" are not "they")."""
    toks = sent.tokens
    out = [head.i]
    stack = [c for c in head.children if toks[c].dep == "conj"]
    ands = any(toks[c].dep == "cc" and toks[c].lower in {"and", "&"} for c in head.children)
    while stack:
        k = stack.pop()
        out.append(k)
        ands = ands or any(toks[c].dep == "cc" and toks[c].lower in {"and", "&"} for c in toks[k].children)
        stack.extend(c for c in toks[k].children if toks[c].dep == "conj")
    return sorted(out) if ands and len(out) > 1 else [head.i]


def _kind(analysis: Analysis, sent: Sentence, tok: Token) -> str | None:
    m = analysis.mention_at(sent.index, tok.i)
    return analysis.entity(m.entity).type if m is not None else None


def _people(tok: Token) -> bool:
    return people_noun(tok.lower)


def people_noun(word: str) -> bool:
    """A noun for people in the plural ("officials", "activists"), lower-cased."""
    return word in PEOPLE or (word.endswith(PEOPLE_ENDINGS) and len(word) > 6)


def _name(analysis: Analysis, sent: Sentence, head: Token) -> tuple[str, str | None]:
    """What a phrase's head is called: its entity's name, else its words up to the head ("several GOP
    leaders" of "several GOP leaders on the ground")."""
    m = analysis.mention_at(sent.index, head.i)
    if m is not None:
        ent = analysis.entity(m.entity)
        return ent.name, ent.id
    toks = sent.tokens
    lo = head.i
    stack = [c for c in head.children if c < head.i and toks[c].dep not in {"punct", "cc", "conj", "prep"}]
    while stack:
        k = stack.pop()
        lo = min(lo, k)
        stack.extend(c for c in toks[k].children if c < head.i)
    words = toks[lo:head.i + 1]
    text = "".join(t.text + (" " if t.end < words[i + 1].start else "")
                   for i, t in enumerate(words[:-1])) + head.text
    return text, None
