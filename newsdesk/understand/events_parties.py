"""Who did it, to whom: actor and target of a coded trigger, from the dependency parse, and their
names, resolved to the article's entities and normalised to a country where a state acts
("Russian forces" -> Russia, "the ministry of defense" in Moscow -> Russia).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsdesk.types import Entity, Party
from newsdesk.understand import events_lexicon as lex
from newsdesk.understand.events_words import lemma, pos
from newsdesk.understand.places import Gazetteer

_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her", "them", "him", "i", "our"})
_RELATIVE = frozenset({"that", "which", "who", "whom", "whose"})
_PARTY_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_NOT_PARTY_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"})
_OBJECT_CONTROL = frozenset({"urge", "ask", "order", "pressure", "press", "call", "force", "persuade", "tell",
                             "invite", "encourage", "allow", "help", "demand"})
# Prepositions that introduce a target, by event type (first match wins).
_TARGET_PREPS: dict[str, tuple[str, ...]] = {
    "CONSULT": ("with", "between", "to"), "AGREE": ("with", "to", "for"), "AID": ("to", "for"),
    "ASSAULT": ("on", "against", "at", "to", "in", "into"), "ACCUSE": ("against", "of", "to", "over"),
    "REQUEST": ("from", "on", "of", "to", "for"), "REJECT": ("from", "by", "of", "to"),
    "SANCTION": ("on", "against", "with", "to", "from", "of", "in"), "PROTEST": ("against", "from", "over", "to"),
    "THREATEN": ("against", "to", "on", "with", "of"), "COERCE": ("on", "against", "to", "in", "from"),
    "MOBILIZE": ("to", "in", "into", "against", "near"),
}
_DEFAULT_PREPS = ("with", "to", "against", "on", "from", "of", "for")
_NON_STATE = frozenset({"rebel", "opposition", "militant", "guerrilla", "insurgent", "separatist", "ethnic",
                        "exile", "extremist", "dissident", "union", "party", "student", "worker", "refugee"})
_VAGUE = frozenset({"country", "nation", "state", "side", "area", "region", "part", "people"})
_INNER_PREPS = frozenset({"of", "to", "with", "for", "on", "against", "from", "by", "in", "between", "into"})
_TITLE_WORDS = frozenset({"president", "minister", "secretary", "leader", "chief", "emir", "king", "premier",
                          "chancellor", "spokesman", "spokeswoman", "general", "commander", "ambassador",
                          "envoy", "negotiator", "official", "head", "judge", "archbishop", "coordinator"})


@dataclass(frozen=True)
class PartyRef:
    """A resolved party: what to show, the entity it is, and the country it stands for."""

    party: Party
    country: str | None
    start: int
    end: int


def _lemma(tok: Token) -> str:
    return lemma(tok)


def is_party(tok: Token) -> bool:
    """Whether a noun phrase head can be an actor or target (a name, a state, a group of people)."""
    if tok.ent_type_ in _NOT_PARTY_ENTS:
        return False
    if pos(tok) in ("PROPN",) or tok.ent_type_ in _PARTY_ENTS:
        return True
    if pos(tok) == "PRON":
        return _lemma(tok) in _PRONOUNS or tok.lower_ in _PRONOUNS
    if _lemma(tok) in _VAGUE and not any(c.dep_ in ("amod", "compound", "poss") for c in tok.children):
        return False
    return _lemma(tok) in lex.PARTY_NOUNS


def _unwrap(tok: Token) -> Token:
    """'a group of diplomats' -> diplomats; 'who'/'that' -> the noun it refers to."""
    seen = 0
    while _lemma(tok) in lex.GROUP_HEADS and tok.ent_type_ not in ("ORG", "PERSON") and seen < 3:
        inner = [g for p in tok.children if p.dep_ == "prep" and _lemma(p) == "of"
                 for g in p.children if g.dep_ == "pobj"]
        if not inner:
            break
        tok, seen = inner[0], seen + 1
    if tok.lower_ in _RELATIVE and tok.head.dep_ in ("relcl", "acl"):
        return tok.head.head
    return tok


def _resolve_pronoun(tok: Token, avoid: set[int] | None = None) -> Token:
    """An antecedent for a pronoun: the subject of a verb above it, else the last party before it
    (skipping ``avoid``: 'Chirac reminded Iraq that *it* must' is Iraq, not Chirac)."""
    if tok.lower_ not in _PRONOUNS:
        return tok
    avoid = avoid or set()
    verb = tok.head
    while verb.head.i != verb.i:
        verb = verb.head
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i), None)
        if subj is not None and subj.lower_ not in _PRONOUNS and subj.lower_ not in _RELATIVE:
            if _unwrap(subj).i not in avoid:
                return _unwrap(subj)
            break
    doc = tok.doc
    start = max(tok.sent.start - 60, 0)
    for i in range(tok.i - 1, start - 1, -1):
        cand = doc[i]
        if cand.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj") and _named(cand) and cand.lower_ not in _PRONOUNS \
                and cand.i not in avoid and cand.ent_type_ not in _NOT_PARTY_ENTS:
            return _unwrap(cand)
    return tok


def _child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _passive(verb: Token) -> bool:
    """A passive verb, or a past participle modifying a noun ('the principles *discussed*')."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN")


def subject_of(verb: Token) -> Token | None:
    """The acting party of a verb: its subject or passive agent, climbing through control verbs."""
    if _passive(verb):
        agent = _child(verb, "agent")
        pobj = _child(agent, "pobj") if agent is not None else None
        return _resolve_pronoun(_unwrap(pobj)) if pobj is not None else None
    subj = _child(verb, "nsubj")
    if subj is not None and _lemma(subj) in lex.NOUNS and pos(subj) == "NOUN":
        return _from_noun_modifiers(subj)  # "the attack on X killed ...": the attack's own actor
    if subj is not None and pos(subj) != "NUM":
        return _resolve_pronoun(_unwrap(subj))
    head = verb.head
    if verb.dep_ in ("xcomp",) and _lemma(head) in _OBJECT_CONTROL:
        obj = _child(head, "dobj")
        if obj is not None:
            return _unwrap(obj)
    if verb.dep_ in ("relcl", "acl") and is_party(_unwrap(head)):
        return _unwrap(head)
    if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acomp", "prep", "pobj") and head.i != verb.i:
        return subject_of(head)
    return None


def _from_noun_modifiers(noun: Token) -> Token | None:
    for c in noun.children:
        if c.dep_ == "poss" and c.ent_type_ not in _NOT_PARTY_ENTS:
            return _resolve_pronoun(c)
    for c in noun.children:
        if c.dep_ == "prep" and _lemma(c) == "by":
            pobj = _child(c, "pobj")
            if pobj is not None:
                return _unwrap(pobj)
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i and (
                c.ent_type_ in ("NORP", "GPE", "ORG") or pos(c) == "PROPN"):
            return c
    return None


def clause_verb(tok: Token) -> Token:
    """The verb a noun trigger hangs from ('held *talks*' -> held); a verb is its own."""
    if pos(tok) in ("VERB", "AUX", "ADJ"):
        return tok
    if tok.dep_ in ("dobj", "attr", "nsubjpass", "oprd") and pos(tok.head) in ("VERB", "AUX"):
        return tok.head
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and pos(tok.head.head) in ("VERB", "AUX"):
        return tok.head.head
    return tok


def actor_token(trigger: Token, noun: bool) -> Token | None:
    """The actor of a trigger (a noun phrase head), or None."""
    if trigger.dep_ == "aux":  # an obligation: who said it must be done
        head = trigger.head.head
        while pos(head) not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        return subject_of(head) if head.i != trigger.head.i else None
    if noun:
        found = _from_noun_modifiers(trigger)
        if found is not None:
            return found
        verb = clause_verb(trigger)
        if verb.i == trigger.i or trigger.dep_ in ("nsubj",):
            return None
        return subject_of(verb)
    return subject_of(trigger)


def _named(tok: Token) -> bool:
    """A name, or a common noun with a name in it ('Serbian forces')."""
    return pos(tok) == "PROPN" or tok.ent_type_ in _PARTY_ENTS or any(
        c.dep_ in ("amod", "compound", "poss") and (pos(c) == "PROPN" or c.ent_type_ in _PARTY_ENTS)
        for c in tok.children)


def _party_in(tok: Token, exclude: set[int], actor: Token | None = None, depth: int = 0) -> Token | None:
    """``tok`` if it is a party, else a party named inside it ('electricity to X', 'an Indian proposal');
    a name found inside beats a common noun ('a mission of observers from the OSCE' -> OSCE)."""
    tok = _unwrap(tok)
    if tok.i in exclude or tok.ent_type_ in _NOT_PARTY_ENTS:
        return None
    if actor is not None and _owned_by(tok, actor):
        return None
    if is_party(tok) and _lemma(tok) not in lex.NOUNS:
        head = _resolve_pronoun(tok, exclude)
        return head if head.i not in exclude else None
    found: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("poss", "amod", "compound") and (c.ent_type_ in _PARTY_ENTS or pos(c) == "PROPN") \
                and c.i not in exclude:
            found.append(_resolve_pronoun(c, exclude))
    preps = _INNER_PREPS - {"in", "into"} if _lemma(tok) in lex.NOUNS else _INNER_PREPS  # "talks in Istanbul"
    for c in tok.children:
        if c.dep_ == "prep" and _lemma(c) in preps:
            pobj = _child(c, "pobj")
            inner = _party_in(pobj, exclude, actor, depth + 1) if pobj is not None and depth < 2 else None
            if inner is not None:
                found.append(inner)
    found = [f for f in found if f.i not in exclude and f.ent_type_ not in _NOT_PARTY_ENTS]
    return next((f for f in found if _named(f)), found[0] if found else None)


def _owned_by(tok: Token, actor: Token) -> bool:
    """'its troops' where 'its' is the actor: the actor's own, not a target."""
    poss = _child(tok, "poss")
    return poss is not None and poss.lower_ in _PRONOUNS and _resolve_pronoun(poss).i == actor.i


def _heads(trigger: Token, noun: bool) -> list[Token]:
    verb = clause_verb(trigger) if noun else trigger
    heads = [trigger] if verb.i == trigger.i else [trigger, verb]
    return heads + [c for c in verb.children if c.dep_ == "conj" and pos(c) == "VERB"]


def target_token(trigger: Token, noun: bool, typ: str, actor: Token | None) -> Token | None:
    """The target (recipient) of a trigger, or None."""
    exclude = {actor.i} if actor is not None else set()
    exclude.add(trigger.i)
    if trigger.dep_ == "aux":  # an obligation: 'X said *Libya* must ...'
        subj = _child(trigger.head, "nsubj", "nsubjpass")
        return _party_in(subj, exclude) if subj is not None else None
    verb = clause_verb(trigger) if noun else trigger
    heads = _heads(trigger, noun)
    if not noun and _passive(verb):
        subj = _child(verb, "nsubjpass")
        if subj is not None:
            found = _party_in(subj, exclude)
            if found is not None:
                return found
        if verb.dep_ in ("relcl", "acl") and is_party(_unwrap(verb.head)):
            return _unwrap(verb.head)
    for head in heads:
        for dep in ("dative", "dobj"):
            obj = _child(head, dep)
            if obj is None or obj.i == trigger.i or (_lemma(head) in lex.INSTRUMENT_VERBS and dep == "dobj"):
                continue
            found = _party_in(obj, exclude, actor)
            if found is not None:
                return found
    preps = _TARGET_PREPS.get(typ, _DEFAULT_PREPS)
    if noun and typ != "RETREAT":
        preps = ("of", "into", *preps)
    for head in heads:
        by_word = {_lemma(c): c for c in head.children if c.dep_ == "prep"}
        for word in preps:
            pobj = _child(by_word[word], "pobj") if word in by_word else None
            if pobj is not None and pobj.i not in exclude:
                found = _party_in(pobj, exclude, actor)
                if found is not None:
                    return found
    for comp in (c for c in verb.children if c.dep_ in ("ccomp", "xcomp")):
        subj = _child(comp, "nsubj", "nsubjpass")
        if typ == "REQUEST" and subj is not None and subj.i not in exclude and subj.lower_ not in _PRONOUNS:
            return _unwrap(subj)
        if pos(comp) in ("VERB", "AUX"):
            found = target_token(comp, False, typ, actor)
            if found is not None:
                return found
    return None


def coordinated(tok: Token) -> Token | None:
    """The second of two coordinated parties ('Ukrainian and *Russian* negotiators', 'X and *Y*')."""
    conj = _child(tok, "conj")
    if conj is not None and (is_party(conj) or conj.ent_type_ in _PARTY_ENTS):
        return conj
    if tok.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj"):
        for mod in tok.children:
            if mod.dep_ in ("amod", "compound") and mod.ent_type_ in ("NORP", "GPE"):
                inner = _child(mod, "conj")
                if inner is not None:
                    return inner
    return None


def phrase_tokens(tok: Token, *, stop: set[int]) -> list[Token]:
    """The words of the noun phrase a party head stands in: modifiers, and 'of'/'in'/'from' phrases."""
    keep = [tok]
    for c in tok.children:
        if c.i in stop:
            continue
        if c.dep_ in ("compound", "amod", "poss", "nmod", "case") and c.i < tok.i:
            keep += list(c.subtree)
        elif c.dep_ == "prep" and c.i > tok.i and _lemma(c) in ("of", "in", "from", "for") and pos(tok) != "PROPN":
            keep += [t for t in c.subtree if t.dep_ not in ("relcl", "acl", "punct")]
        elif c.dep_ == "compound" or (c.dep_ == "flat"):
            keep += list(c.subtree)
    return sorted({t.i: t for t in keep if pos(t) not in ("DET", "PUNCT", "NUM")}.values(), key=lambda t: t.i)


@dataclass(frozen=True)
class PartyContext:
    """What naming a party needs from the article."""

    doc: Doc
    text: str
    entities: Sequence[Entity]
    gazetteer: Gazetteer
    normalise: bool = True


def name_party(tok: Token, ctx: PartyContext, *, stop: set[int], context_country: str | None = None) -> PartyRef:
    """Name a party: a person or organisation entity, a country for a state, else the words."""
    # A bare number or determiner ("two were hurt") has no phrase of its own: name it as written.
    words = (phrase_tokens(tok, stop=stop) if tok.dep_ not in ("amod", "compound") else []) or [tok]
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    text = ctx.text[start:end]
    entity = _entity_at(ctx.entities, tok.idx, tok.idx + len(tok.text))
    country = _country_in(words, ctx.gazetteer)
    if country is None and entity is not None:
        country = _country_in_titles(entity, ctx.gazetteer)
    agent = _state_agent(tok, words)
    if country is None and agent:
        country = context_country
    if not ctx.normalise:
        return PartyRef(Party(text, entity.id if entity else None), country, start, end)
    if entity is not None and entity.type == "PERSON":
        return PartyRef(Party(entity.name, entity.id), country, start, end)
    if agent and country is not None:
        found = ctx.gazetteer.country(country)
        if found is not None:
            ent = _country_entity(ctx.entities, country, ctx.gazetteer)
            return PartyRef(Party(found.name, ent.id if ent else None), country, start, end)
    if entity is not None:
        return PartyRef(Party(entity.name, entity.id), country, start, end)
    return PartyRef(Party(_trim(text), None), country, start, end)


def _state_agent(tok: Token, words: Sequence[Token]) -> bool:
    """Whether a phrase names a state's organ ('Russian forces', 'the ministry of defense', and the
    'Russian' of 'Ukrainian and Russian negotiators'), not a people or a non-state group."""
    if any(_lemma(w) in _NON_STATE for w in words):
        return False
    head = tok
    while head.dep_ in ("amod", "compound", "conj") and head.head.i != head.i:
        head = head.head
    return _lemma(head) in lex.STATE_AGENTS


def _trim(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words) or text


def _entity_at(entities: Sequence[Entity], start: int, end: int) -> Entity | None:
    for e in entities:
        for m in e.mentions:
            if m.start < end and start < m.end:
                return e
    return None


def _country_in(words: Sequence[Token], gaz: Gazetteer) -> str | None:
    i = 0
    while i < len(words):
        tok = words[i]
        if tok.ent_type_ in ("GPE", "NORP", "LOC") or pos(tok) in ("PROPN", "ADJ"):
            j = i
            while j + 1 < len(words) and words[j + 1].ent_iob_ == "I" and words[j + 1].i == words[j].i + 1:
                j += 1
            name = tok.doc[words[i].i:words[j].i + 1].text
            iso = gaz.country_of(name) or gaz.country_of(tok.text)
            if iso is not None:
                return iso
            i = j
        i += 1
    return None


def _country_in_titles(entity: Entity, gaz: Gazetteer) -> str | None:
    for title in entity.titles:
        for word in title.replace("'s", " ").split():
            iso = gaz.country_of(word.strip(",.")) if word[:1].isupper() else None
            if iso is not None:
                return iso
    return None


def _country_entity(entities: Sequence[Entity], iso: str, gaz: Gazetteer) -> Entity | None:
    best = None
    for e in entities:
        if e.type in ("PLACE", "GROUP") and gaz.country_of(e.name) == iso:
            if e.type == "PLACE":
                return e
            best = best or e
    return best
