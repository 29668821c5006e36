"""Who did it, to whom: the actor and target tokens of a coded trigger, from the dependency parse
(naming them is :mod:`events_names`' job).
"""

from __future__ import annotations

from spacy.tokens import Token

from newsdesk.understand import events_lexicon as lex
from newsdesk.understand.entities import CONCEPTS, TIME_ZONES
from newsdesk.understand.events_words import lemma, pos

_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her", "them", "him", "i", "our"})
_RELATIVE = frozenset({"that", "which", "who", "whom", "whose"})
_PLURAL = frozenset({"they", "them", "their"})
_PERSONAL = frozenset({"he", "she", "him", "her", "his"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC", "NORP"})
_PARTY_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_NOT_PARTY_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"})
# nouns of another party, named by their relation to the possessor ("met his Nigerian counterpart")
_RELATIONAL = frozenset({"counterpart", "rival", "opponent", "neighbour", "neighbor", "ally", "partner", "enemy"})
# types of acts done to someone: their verbs take an object, so a bare one after a passive is passive too
_DONE_TO = frozenset({"COERCE", "ACCUSE", "SANCTION"})
_OBJECT_CONTROL = frozenset({"urge", "ask", "order", "pressure", "press", "call", "force", "persuade", "tell",
                             "invite", "encourage", "allow", "help", "demand"})
# Prepositions that introduce a target, by event type (first match wins).
_TARGET_PREPS: dict[str, tuple[str, ...]] = {
    "CONSULT": ("with", "between", "to"), "AGREE": ("with", "to", "for"), "AID": ("to", "for"),
    "ASSAULT": ("on", "against", "at", "to", "with", "in", "into"),
    "ACCUSE": ("against", "of", "over", "about", "for", "as", "to"),
    "REQUEST": ("from", "on", "of", "to", "for"), "REJECT": ("from", "by", "of", "to"),
    "SANCTION": ("on", "against", "with", "to", "from", "of", "in"), "PROTEST": ("against", "from", "over", "to"),
    "THREATEN": ("against", "to", "on", "with", "of", "for"),
    "COERCE": ("on", "against", "at", "to", "in", "from"),  # "fired tear gas at protesters (in Tbilisi)"
    "MOBILIZE": ("to", "in", "into", "against", "near"),
}
_DEFAULT_PREPS = ("with", "to", "against", "on", "from", "of", "for")
_VAGUE = frozenset({"country", "nation", "state", "side", "area", "region", "part", "people"})
_INNER_PREPS = frozenset({"of", "to", "with", "for", "on", "against", "from", "by", "in", "between", "into",
                          "among"})


def _lemma(tok: Token) -> str:
    return lemma(tok)


def is_party(tok: Token) -> bool:
    """Whether a noun phrase head can be an actor or target (a name, a state, a group of people)."""
    if tok.ent_type_ in _NOT_PARTY_ENTS or tok.text in CONCEPTS:
        return False  # "rules for AI", "discussed AI": a field, not a party
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
        noun = tok.head.head  # "Nimal Perera, a three-wheeler driver who joined the protest": Perera
        return noun.head if noun.dep_ == "appos" and pos(noun.head) == "PROPN" else noun
    return tok


def _resolve_pronoun(tok: Token, avoid: set[int] | None = None) -> Token:
    """An antecedent for a pronoun: the subject of a verb above it, else the last party before it
    (skipping ``avoid``: 'Chirac reminded Iraq that *it* must' is Iraq, not Chirac)."""
    if tok.lower_ not in _PRONOUNS:
        return tok
    avoid = avoid or set()
    verb = tok.head
    modified: set[int] = set()  # "the signals *we* hear": a relative clause's subject is not its noun
    while verb.head.i != verb.i:
        if verb.dep_ == "relcl":
            modified.add(verb.head.i)
        verb = verb.head
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i), None)
        if subj is not None and _dateline(subj):
            subj = _subject(verb, "nsubj", "nsubjpass")  # "10:15 GMT – Russia says it ...": Russia
        if subj is not None and subj.lower_ not in _PRONOUNS and subj.lower_ not in _RELATIVE:
            head = _unwrap(subj)
            if head.i not in avoid and head.i not in modified:
                return head
            break
    if tok.lower_ in ("it", "they") and tok.dep_ == "nsubj":
        # "The group ... will raise its target, it said": the subject of the clause it reports
        for c in tok.head.children:
            if c.dep_ in ("ccomp", "parataxis") and c.i < tok.i:
                subj = _child(c, "nsubj", "nsubjpass")
                if subj is not None and subj.lower_ not in _PRONOUNS | _RELATIVE and subj.i not in avoid \
                        and is_party(_unwrap(subj)):
                    return _unwrap(subj)
    doc = tok.doc
    start = max(tok.sent.start - 60, 0)
    found = [doc[i] for i in range(tok.i - 1, start - 1, -1)
             if doc[i].dep_ in ("nsubj", "nsubjpass", "pobj", "dobj") and _named(doc[i])
             and doc[i].lower_ not in _PRONOUNS and doc[i].i not in avoid and doc[i].ent_type_ not in _NOT_PARTY_ENTS
             and not _dateline(doc[i])]
    if tok.lower_ in ("him", "her", "them") and tok.dep_ in ("dobj", "pobj"):
        # "Altayli was taken to a prosecutor, lawyer Ali Kaya said. Prosecutors accuse *him*": who the
        # report is about, not the source who reported it (one named before the report's words, "Trump said
        # China would pay. Democrats accused *him*", is who the pronoun points back to)
        found = [c for c in found if not _trailing_source(c)] or found
    if tok.lower_ in _PLURAL:  # "welcomed the delegations in Istanbul and urged *them*": the delegations
        found = [c for c in found if c.tag_ in ("NNS", "NNPS") or _child(c, "conj") is not None] or found
    elif tok.lower_ in _PERSONAL:  # "John Kirby told reporters in Washington. *He* said": not Washington
        found = [c for c in found if c.ent_type_ not in _PLACE_ENTS and c.tag_ not in ("NNS", "NNPS")]
        # "Fauci told CNN's State of the Union. *He* urged": a person, where one is named
        found = [c for c in found if c.ent_type_ == "PERSON"] or found
    return _unwrap(found[0]) if found else tok


def _trailing_source(tok: Token) -> bool:
    """The subject of a reporting verb that comes after the words it reports ('..., lawyer Ali Kaya said')."""
    verb = tok.head
    return tok.dep_ == "nsubj" and lemma(verb) in lex.REPORTING and (
        any(c.dep_ in ("ccomp", "parataxis") and c.i < verb.i for c in verb.children)
        or (verb.dep_ in ("ccomp", "parataxis") and verb.head.i < verb.i))


def _child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


_DASHES = frozenset({"—", "–", "-", "--", ":"})


def _dateline(tok: Token) -> bool:
    """A dateline the parser made a subject: a name in capitals opening the sentence, a dash after it
    ("HANOI, Vietnam (AP) — ...", "NEW YORK (Reuters) - ..."), or a live blog's clock ("10:15 GMT – ...")."""
    sent = tok.sent
    if tok.text in TIME_ZONES and tok.i > sent.start and any(ch.isdigit() for ch in tok.doc[tok.i - 1].text):
        return True
    if not (tok.text.isupper() and tok.text.isalpha() and len(tok.text) > 2 and tok.i - sent.start <= 2):
        return False
    return any(t.text in _DASHES for t in tok.doc[tok.i + 1:min(tok.i + 9, sent.end)])


def dateline_end(tok: Token) -> int:
    """The index of the dash that closes its sentence's dateline, if the sentence opens with one
    before ``tok``; else -1."""
    sent = tok.sent
    for opener in tok.doc[sent.start:min(sent.start + 3, tok.i)]:
        if _dateline(opener):
            dash = next((t.i for t in tok.doc[opener.i + 1:tok.i] if t.text in _DASHES), None)
            if dash is not None:
                return dash
    return -1


def _subject(verb: Token, *deps: str) -> Token | None:
    """The verb's subject, past a dateline: the party in apposition after its dash, else the
    verb's other subject ("KYIV, Ukraine (AP) — Russian forces shelled ...")."""
    found = [c for c in verb.children if c.dep_ in deps]
    for c in found:
        if not _dateline(c):
            return c
    for c in found:
        dash = next((t.i for t in c.doc[c.i + 1:c.sent.end] if t.text in _DASHES), None)
        after = [a for a in c.children if a.dep_ == "appos" and dash is not None and a.i > dash]
        if after:
            return after[-1]
    return None


def _passive(verb: Token) -> bool:
    """A passive verb, or a past participle modifying a noun ('the principles *discussed*')."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN" and _child(verb, "nsubj") is None) or _shares_passive(verb)


def _shares_passive(verb: Token) -> bool:
    """A bare second verb of a passive ('X was convicted and *jailed*'): passive too where it is an act
    done to someone (the tagger calls 'jailed' past tense as often as not); 'X was criticised and
    resigned' stays X's act."""
    if verb.dep_ != "conj" or verb.head.i == verb.i or any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "dobj") for c in verb.children):
        return False
    typ = lex.VERBS.get(_lemma(verb))
    return (typ in _DONE_TO or (typ == "ASSAULT" and verb.tag_ == "VBN")) and _passive(verb.head)


def subject_of(verb: Token) -> Token | None:
    """The acting party of a verb: its subject or passive agent, climbing through control verbs."""
    if _passive(verb):
        agent = _child(verb, "agent")
        pobj = _child(agent, "pobj") if agent is not None else None
        return _resolve_pronoun(_unwrap(pobj)) if pobj is not None else None
    subj = _subject(verb, "nsubj")
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
    if verb.dep_ == "conj" and _passive(head) and not _passive(verb):
        shared = _child(head, "nsubjpass")  # "X was indicted ... and will resign": X acts in the second
        # ... but "a decision was made to ... reduce" has no one acting in it
        if shared is not None and is_party(_unwrap(shared)):
            return _resolve_pronoun(_unwrap(shared))
    if verb.dep_ == "xcomp" and _passive(head) and _child(head, "agent") is None:
        raised = _child(head, "nsubjpass")  # "the president is expected to pardon ...": the president acts
        if raised is not None and is_party(_unwrap(raised)):
            return _resolve_pronoun(_unwrap(raised))
    if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acomp", "prep", "pobj") and head.i != verb.i:
        return subject_of(head)
    return None


# acts whose owner is who suffers them ('his arrest', 'the deputy's slaying'), unless an 'of' names that one
_SUFFERED = frozenset({"arrest", "detention", "release", "execution", "killing", "murder", "slaying", "assassination",
                       "kidnapping", "abduction", "extradition", "deportation", "imprisonment", "shooting", "beating",
                       "rape", "stabbing", "death", "conviction", "indictment", "sentencing", "trial", "capture"})


def sufferer(noun: Token) -> Token | None:
    """Who an act named by a noun befell, where the noun's owner is a person: 'his DUI arrest', 'Ortiz's
    killing', 'Horton's fatal shooting' (not 'Russia's killing of civilians', nor 'the army's arrest')."""
    if _lemma(noun) not in _SUFFERED or any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children):
        return None
    owner = _child(noun, "poss")
    if owner is None or owner.ent_type_ in ("GPE", "NORP", "ORG") or _lemma(owner) in lex.STATE_AGENTS:
        return None
    return _resolve_pronoun(owner)


def _from_noun_modifiers(noun: Token) -> Token | None:
    for c in noun.children:
        if c.dep_ == "poss" and c.ent_type_ not in _NOT_PARTY_ENTS:
            return _resolve_pronoun(c)
    for c in noun.children:
        if c.dep_ == "prep" and _lemma(c) == "by":
            pobj = _child(c, "pobj")
            if pobj is not None and is_party(_unwrap(pobj)):  # "talks by video link": a means, not an actor
                return _unwrap(pobj)
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i and (
                c.ent_type_ in ("NORP", "GPE", "ORG") or pos(c) == "PROPN"):
            return c
    return None


def plot_actor(noun: Token) -> Token | None:
    """Who a plan was by: its own modifiers ('an Islamic State plot', 'a plot by militants'), or a 'by'
    phrase the parse hung on the active verb over it ('foiled a plot by militants to ...'); never the
    subject of that verb, who stopped or exposed it."""
    found = _from_noun_modifiers(noun)
    if found is None and noun.dep_ == "dobj" and not _passive(noun.head):
        pobjs = [_child(c, "pobj") for c in noun.head.children if c.dep_ == "prep" and _lemma(c) == "by"]
        found = next((_unwrap(p) for p in pobjs if p is not None and is_party(_unwrap(p))), None)
    return found


def clause_verb(tok: Token) -> Token:
    """The verb a noun trigger hangs from ('held *talks*' -> held); a verb is its own."""
    if pos(tok) in ("VERB", "AUX", "ADJ"):
        return tok
    if tok.dep_ in ("dobj", "attr", "nsubjpass", "oprd") and pos(tok.head) in ("VERB", "AUX"):
        return tok.head
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and pos(tok.head.head) in ("VERB", "AUX"):
        return tok.head.head
    measure = tok.head.head
    if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "of") and measure.dep_ in ("dobj", "nsubjpass") \
            and pos(measure.head) in ("VERB", "AUX") and (measure.ent_type_ in ("MONEY", "QUANTITY") or any(
                c.dep_ == "nummod" for c in measure.children)):
        return measure.head  # "announced 50 million euros in aid", "sent 40 tonnes of food": the verb's
    return tok


def actor_token(trigger: Token, noun: bool) -> Token | None:
    """The actor of a trigger (a noun phrase head), or None."""
    if trigger.dep_ == "aux":  # an obligation: who said it must be done
        head = trigger.head.head
        while pos(head) not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        return subject_of(head) if head.i != trigger.head.i else None
    if noun:
        framed = frame_of(trigger)
        if sufferer(framed) is not None:
            return None  # "despite his arrest, Jackson will play": not Jackson's act
        found = _from_noun_modifiers(framed)
        if found is None and framed.i != trigger.i:  # "rescue teams from Turkey": the frame's own origin
            found = next((p for c in framed.children if c.dep_ == "prep" and c.lower_ == "from"
                          for p in [pobj_of(c)] if p is not None and is_party(_unwrap(p))), None)
        if found is not None:
            return found
        trigger = framed
        if trigger.dep_ == "pobj" and trigger.head.lower_ == "under":
            return None  # "the capital remained under threat": the subject suffers it
        verb = clause_verb(trigger)
        if verb.i == trigger.i or trigger.dep_ in ("nsubj",) or _lemma(verb) in lex.CAUSES:
            return None  # (who sparked the protests did not protest)
        return subject_of(verb)
    return subject_of(trigger)


def _named(tok: Token) -> bool:
    """A name, or a common noun with a name in it ('Serbian forces')."""
    return pos(tok) == "PROPN" or tok.ent_type_ in _PARTY_ENTS or any(
        c.dep_ in ("amod", "compound", "poss") and (pos(c) == "PROPN" or c.ent_type_ in _PARTY_ENTS)
        for c in tok.children)


def _party_in(tok: Token, exclude: set[int], actor: Token | None = None, depth: int = 0) -> Token | None:
    """``tok`` if it is a party, else a party named inside it ('electricity to X', 'an Indian proposal',
    'the government's refusal', an apposition); a name found inside beats a common noun ('a mission
    of observers from the OSCE' -> OSCE). Another mention of the actor is never the target."""
    tok = _unwrap(tok)
    if tok.i in exclude or tok.ent_type_ in _NOT_PARTY_ENTS or tok.text in CONCEPTS or _same_name(tok, actor):
        return None
    if actor is not None and _owned_by(tok, actor):
        return None
    if is_party(tok) and _lemma(tok) not in lex.NOUNS:
        head = _resolve_pronoun(tok, exclude)
        return head if head.i not in exclude and not _same_name(head, actor) else None
    found: list[Token] = []
    for c in tok.children:
        if c.i in exclude or c.dep_ not in ("poss", "amod", "compound"):
            continue
        if c.ent_type_ in _PARTY_ENTS or pos(c) == "PROPN" or (c.dep_ == "poss" and pos(c) != "PRON" and is_party(c)):
            found.append(_resolve_pronoun(c, exclude))
    preps = _INNER_PREPS - {"in", "into"} if _lemma(tok) in lex.NOUNS else _INNER_PREPS  # "talks in Istanbul"
    for c in tok.children:
        inner = None
        if c.dep_ == "prep" and _lemma(c) in preps and depth < 2:
            pobj = pobj_of(c)
            inner = _party_in(pobj, exclude, actor, depth + 1) if pobj is not None else None
        if inner is not None:
            found.append(inner)
    if not found:  # an apposition: "denounced as a crime Serbia's suppression of ..."
        found = [f for c in tok.children if c.dep_ == "appos" and depth < 2 and not _stranded_speaker(c)
                 for f in [_party_in(c, exclude, actor, depth + 1)] if f is not None]
    found = [f for f in found if f.i not in exclude and f.ent_type_ not in _NOT_PARTY_ENTS
             and f.text not in CONCEPTS and not _same_name(f, actor)]
    return next((f for f in found if _named(f)), found[0] if found else None)


def owner_of(thing: Token, actor: Token | None) -> Token | None:
    """Whose a building is: 'the president's residence', 'his home', 'the residence of President X'
    (not 'the residence in Colombo': where it stands is no owner)."""
    exclude = {actor.i} if actor is not None else set()
    for c in thing.children:
        if c.dep_ == "poss" and c.ent_type_ not in _NOT_PARTY_ENTS:
            found = _resolve_pronoun(c, exclude) if pos(c) == "PRON" else c
            if found.i not in exclude and found.lower_ not in _PRONOUNS and is_party(found):
                return found
        if c.dep_ == "prep" and _lemma(c) == "of":
            pobj = pobj_of(c)
            inner = _party_in(pobj, exclude, actor) if pobj is not None else None
            if inner is not None:
                return inner
    return None


def _stranded_speaker(appos: Token) -> bool:
    """'..., killing twelve people, the regional governor Vitaliy Kim said.': the small parser hangs
    the speaker of a subjectless closing cue on the content as an apposition. It says the sentence;
    it is no party to what it reports."""
    doc = appos.doc
    after = appos.right_edge.i + 1
    if after >= len(doc) or appos.left_edge.i == 0 or doc[appos.left_edge.i - 1].text != ",":
        return False
    cue = doc[after]
    return (_lemma(cue) in lex.REPORTING and pos(cue) == "VERB" and cue.is_ancestor(appos)
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children))


def _same_name(tok: Token, actor: Token | None) -> bool:
    """A second mention of the actor's name ('the United States ... entry to the United States')."""
    return actor is not None and tok.i != actor.i and pos(tok) == "PROPN" and tok.lower_ == actor.lower_


def pobj_of(prep: Token) -> Token | None:
    """A preposition's object. A dangling one is the small parser's usual slip on a reduced
    relative ('asylum to five officers holed up in ...' read as 'officers holed up'): its object
    is then the subject of the clause that follows it on the same head."""
    found = _child(prep, "pobj")
    if found is not None or any(True for _ in prep.children):
        return found
    for tok in prep.doc[prep.i + 1:prep.sent.end]:
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.i > tok.i and tok.head.head.i == prep.head.i:
            return tok
        if tok.dep_ in ("punct", "cc"):
            break
    return None


def _owned_by(tok: Token, actor: Token) -> bool:
    """'its troops' where 'its' is the actor: the actor's own, not a target ('his counterpart', 'its
    allies' are others)."""
    poss = _child(tok, "poss")
    return _lemma(tok) not in _RELATIONAL and poss is not None and poss.lower_ in _PRONOUNS \
        and _resolve_pronoun(poss).i == actor.i


def _heads(trigger: Token, noun: bool) -> list[Token]:
    verb = clause_verb(trigger) if noun else trigger
    heads = [trigger] if verb.i == trigger.i else [trigger, verb]
    return heads + [c for c in verb.children if c.dep_ == "conj" and pos(c) == "VERB"]


def target_token(trigger: Token, noun: bool, typ: str, actor: Token | None) -> Token | None:
    """The target (recipient) of a trigger, or None: a passive subject, an object, the object of a
    preposition the type takes (of the trigger, or of its object: 'asylum *to* X', 'troops *in* X'),
    else a target inside a complement or purpose clause ('opened fire *to disperse* X'); a request's
    addressee is the subject of what is requested; a threat's, the subject of its condition."""
    exclude = {actor.i} if actor is not None else set()
    exclude.add(trigger.i)
    if trigger.dep_ == "aux":  # an obligation: 'X said *Libya* must ...'
        subj = _child(trigger.head, "nsubj", "nsubjpass")
        return _party_in(subj, exclude) if subj is not None else None
    trigger = frame_of(trigger) if noun else trigger
    exclude.add(trigger.i)
    suffered = sufferer(trigger) if noun else None
    if suffered is not None and suffered.i not in exclude:
        return suffered  # "Ortiz's killing": Ortiz
    verb = clause_verb(trigger) if noun else trigger
    heads = _heads(trigger, noun)
    if noun and trigger.dep_ == "pobj" and trigger.head.lower_ == "under" and verb.i != trigger.i:
        subj = _child(verb, "nsubj", "nsubjpass")  # "Kharkiv came under attack": Kharkiv suffers it
        if subj is not None:
            return _party_in(subj, exclude, actor) or _unwrap(subj)
    if not noun and _passive(verb):
        subj = _subject(verb, "nsubjpass") or (_subject(verb.head, "nsubjpass") if _shares_passive(verb) else None)
        if subj is not None:
            found = _party_in(subj, exclude, actor)
            if found is not None:
                return found
        if verb.dep_ in ("relcl", "acl") and is_party(_unwrap(verb.head)):
            return _unwrap(verb.head)
    objects: list[Token] = []
    for head in heads:
        for dep in ("dative", "dobj"):
            obj = _child(head, dep)
            if obj is not None and dep == "dative" and pos(obj) == "ADP":
                obj = pobj_of(obj)  # "sent a team of rescuers *to* Morocco", the parse's dative a preposition
            if obj is None or obj.i == trigger.i:
                continue
            objects.append(obj)
            if _lemma(head) in lex.INSTRUMENT_VERBS and dep == "dobj":
                continue  # the actor's own means: 'sent troops'
            found = _party_in(obj, exclude, actor)
            if found is not None:
                return found
    preps = _TARGET_PREPS.get(typ, _DEFAULT_PREPS)
    if noun and typ != "RETREAT":
        preps = ("of", "into", *preps)
    found = _by_preps(heads, preps, exclude, actor) or _by_preps(objects, tuple(p for p in preps if p != "of"),
                                                                 exclude, actor)
    if found is not None:
        return found
    for comp in _complements(verb, typ):
        subj = _child(comp, "nsubj", "nsubjpass")
        if typ == "REQUEST" and subj is not None and subj.i not in exclude and subj.lower_ not in _PRONOUNS:
            inner = _party_in(subj, exclude, actor)
            if inner is not None or is_party(_unwrap(subj)):
                return inner or _unwrap(subj)
        if pos(comp) in ("VERB", "AUX"):
            found = target_token(comp, False, typ, actor)
            if found is not None:
                return found
    return _condition_subject(verb, exclude, actor) if typ == "THREATEN" else None


def _by_preps(heads: list[Token], preps: tuple[str, ...], exclude: set[int], actor: Token | None) -> Token | None:
    for head in heads:
        for word in preps:
            for prep in (c for c in head.children if c.dep_ == "prep" and _lemma(c) == word):
                pobj = pobj_of(prep)
                found = _party_in(pobj, exclude, actor) if pobj is not None and pobj.i not in exclude else None
                if found is not None:
                    return found
    return None


def _complements(verb: Token, typ: str) -> list[Token]:
    """Clauses whose parties may be the target: complements, purpose clauses ('to disperse X'), and
    for a request the clause of its demand ('insisted on its demands that X grant ...')."""
    out = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") or (
        c.dep_ == "advcl" and not any(m.dep_ == "mark" for m in c.children)
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children))]
    if typ == "REQUEST":
        nouns = [c for c in verb.children if c.dep_ == "dobj"]
        nouns += [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        out += [c for n in nouns for c in n.children if c.dep_ in ("acl", "ccomp") and pos(c) in ("VERB", "AUX")]
    return out


def _condition_subject(verb: Token, exclude: set[int], actor: Token | None) -> Token | None:
    """'threatened to strike *unless Israel* rescinded ...': the one the condition is put to."""
    todo = [verb]
    while todo:
        tok = todo.pop()
        for c in tok.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in c.children):
                subj = _child(c, "nsubj", "nsubjpass")
                if subj is not None:
                    return _party_in(subj, exclude, actor)
            elif c.dep_ in ("xcomp", "ccomp"):
                todo.append(c)
    return None


def frame_of(tok: Token) -> Token:
    """The frame noun a noun trigger names the kind of ('a *mediation* effort' -> effort): parties
    hang from the frame ('launched a mediation effort between X and Y')."""
    while tok.dep_ == "compound" and _lemma(tok.head) in lex.FRAME_NOUNS and tok.head.i != tok.i:
        tok = tok.head
    return tok


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
