"""Finding event triggers in a parsed sentence and deciding each event's type and modality.

A trigger is a verb or a noun of the lexicon (or a verb whose object decides its type). A
trigger that sits inside the complement of another ("threatened *to shell*", "demanded *the
withdrawal*") is that event's content, not an event of its own; the governing trigger takes
the type, refined by modals and negation on the path between them:

- negated cooperation ("will not accept", "failed to reach agreement") is REJECT;
- announced cooperation ("will visit", "will give aid") is AGREE, announced withdrawal CONCEDE,
  announced force ("will impose", "plans to shell") THREATEN;
- willingness ("willing to", "offered to", "agreed to") is AGREE;
- an obligation said of someone else ("said X must ...") is REQUEST.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from newsdesk.types import Modality
from newsdesk.understand import events_lexicon as lex
from newsdesk.understand.events_senses import (
    CYBER_BLOWS,
    WORKPLACES,
    contest_won,
    courtroom,
    cyber_story,
    cyber_target,
    dated,
    dismissed,
    drawn,
    figurative,
    impression,
    labour_story,
    no_one,
    person_handled,
    play,
    questioned,
    sport_story,
    strikes_down_a_rule,
    struck_by,
    thing_did_it,
    walked_alone,
)
from newsdesk.understand.events_words import lemma, pos

# Dependencies along which a trigger is the content of the one above it.
_CONTENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "attr", "oprd", "compound",
                           "acomp", "dative", "nsubj", "nsubjpass", "agent", "npadvmod", "advcl", "acl", "amod"})
_NEG_WORDS = frozenset({"not", "n't", "never", "no"})


@dataclass(frozen=True)
class Trigger:
    """A word that names an event: its head token, base type and the words to show."""

    token: int
    type: str
    words: str
    noun: bool = False
    kind: str = ""


@dataclass(frozen=True)
class Coded:
    """A trigger after the rules: final type, modality, mode and the content trigger it governs."""

    trigger: Trigger
    type: str
    modality: Modality
    mode: str | None
    content: Trigger | None
    plot: int | None = None  # the noun of the plan the act was part of: it, not the verb over it, names the actor


def _lemma(tok: Token) -> str:
    return lemma(tok)


def _object_lemmas(tok: Token) -> list[str]:
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr", "dative", "oprd")]
    for prep in (c for c in tok.children if c.dep_ == "prep"):
        objs += [c for c in prep.children if c.dep_ == "pobj"]
    lemmas = []
    for o in objs:
        lemmas += [_lemma(o)] + [_lemma(c) for c in o.children if c.dep_ in ("compound", "amod")]
        # "some of the troops", "a state of siege" (not "the name of the suspect": words about them)
        lemmas += [_lemma(g) for p in o.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children
                   if _lemma(o) not in lex.WORDS_ABOUT]
    return lemmas


def _moved(tok: Token, deps: tuple[str, ...]) -> set[str]:
    """Lemmas of a verb's objects, looking through measures ('700 kg of medicine', 'worth of goods')."""
    out: set[str] = set()
    for o in (c for c in tok.children if c.dep_ in deps):
        out.add(_lemma(o))
        for inner in (o, *(c for c in o.children if c.dep_ in ("amod", "npadvmod", "quantmod"))):
            out |= {_lemma(g) for p in inner.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children}
    return out


def _own_forces(tok: Token) -> bool:
    """Whether the direct object is forces counted or owned ('its forces', '500 hackers', 'more
    troops'): the actor's own means, where 'confronted the police' names another party."""
    for o in (c for c in tok.children if c.dep_ == "dobj"):
        heads = [o, *(g for p in o.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children)]
        for h in heads:
            if _lemma(h) in lex.PERSONNEL and any(
                    c.dep_ == "nummod" or (c.dep_ == "poss" and c.tag_ == "PRP$")
                    or (c.dep_ == "amod" and c.lower_ in ("more", "additional", "extra", "new")) for c in h.children):
                return True
    return False


def _event_in_pp(tok: Token) -> bool:
    """Whether a prepositional phrase of the verb names the event ('wounded two soldiers *in a bomb
    attack*'): the verb tells what the event did to people, the noun what it was."""
    return any(_lemma(o) in lex.NOUNS for p in tok.children if p.dep_ == "prep" and p.lower_ in ("in", "during")
               for o in p.children if o.dep_ == "pobj")


# verbs that move nothing to anyone ('prevented the delivery of aid to X', 'smuggled weapons into a prison')
_NO_TRANSFER = lex.REPORTING | lex.LIGHT_VERBS | lex.PREVENT | lex.UNCOVER | frozenset({"smuggle", "traffic",
                                                                                       "do"})  # damage done to


def _transfer(tok: Token) -> Trigger | None:
    """A verb the lexicon does not know whose object decides: goods moved to someone ('shipped food
    *to* X') are AID, inspectors moved somewhere an investigation (ACCUSE), the actor's own forces
    as the direct object ('trained 500 hackers', 'strengthened its forces') MOBILIZE. These rules
    read only sentences the parse gate lets through for other words: they do not widen it."""
    if tok.tag_ not in ("VBD", "VBN", "VBZ", "VBP", "VB", "VBG") or _lemma(tok) in _NO_TRANSFER or any(
            c.dep_ == "prt" and c.lower_ == "off" for c in tok.children):
        return None  # (what is switched or cut off is withheld, not given)
    if _own_forces(tok) and tok.dep_ not in ("amod", "acl", "relcl") and not _event_in_pp(tok):
        return Trigger(tok.i, "MOBILIZE", tok.text)
    objs = _moved(tok, ("dobj", "nsubjpass"))
    holders = [tok, *(c for c in tok.children if c.dep_ == "dobj")]  # 'delivered $50,000 worth of goods to X'
    if not any(c.dep_ == "prep" and c.lower_ in ("to", "into") for h in holders for c in h.children) or not objs:
        return None
    if objs & lex.INSPECTORS:
        return Trigger(tok.i, "ACCUSE", tok.text)  # inspectors sent somewhere: an investigation
    return Trigger(tok.i, "AID", tok.text) if objs & lex.MATERIAL else None


def _verb_trigger(tok: Token, ignore: frozenset[str]) -> Trigger | None:
    lemma = _lemma(tok)
    if lemma in lex.BLOW_VERBS and lemma not in ignore and struck_by(tok):
        return Trigger(tok.i, "ASSAULT", tok.text)
    if lemma in lex.CHARGE_VERBS and lemma not in ignore and any(
            c.dep_ == "prep" and c.lower_ == "with" for c in tok.children) and any(
            c.dep_ in ("dobj", "nsubjpass") and (pos(c) == "PROPN" or c.ent_type_ in ("PERSON", "ORG", "NORP")
                                                 or _lemma(c) in lex.PARTY_NOUNS) for c in tok.children):
        return Trigger(tok.i, "ACCUSE", tok.text)  # "prosecutors charged him with corruption"
    if lemma in ignore or lemma not in lex.KNOWN_VERBS:
        return _transfer(tok)
    if lemma == "strike" and (impression(tok) or any(c.dep_ == "prt" and c.lower_ in ("up", "out")
                                                       for c in tok.children)):
        return None  # 'That struck me as different': an impression; 'struck up a conversation': no blow
    if lemma in ("strike", "knock", "shoot") and strikes_down_a_rule(tok):
        return None  # 'the court struck down affirmative action': a ruling, no blow
    for child in tok.children:
        key = (lemma, _lemma(child))
        if key == ("sit", "down") and not _sat_to_talk(tok):
            continue  # "sat down in front of a console": a seat taken, no talks
        if child.dep_ == "prep" and child.lower_ in ("on", "for") and (
                any(c.dep_ == "dobj" for c in tok.children) or any(g.ent_type_ in ("DATE", "TIME")
                                                                    for g in child.children)):
            continue  # "called a general strike on Monday", "called on Sunday": no call on anyone
        if key in lex.PHRASES and not drawn(tok, key):
            words = " ".join(t.text for t in sorted((tok, child), key=lambda t: t.i))
            return Trigger(tok.i, lex.PHRASES[key], words)
        if child.dep_ == "prep" and any(_lemma(g) == "strike" for g in child.children) and lemma == "go":
            return Trigger(tok.i, "PROTEST", f"{tok.text} on strike")
    objs = _object_lemmas(tok)
    if person_handled(tok, lemma):
        return None  # "unable to recognize him", "signed Elton Brand", "backing up", "an anchor severed the cables"
    if lemma == "ask" and questioned(tok):
        return None  # "asked if he understood the charges", "asked about the appeal", "Arians asked.": a question
    if lemma == "resign" and any(c.dep_ == "dobj" and (c.ent_type_ == "PERSON" or pos(c) == "PROPN")
                                 for c in tok.children):
        return None  # "resigning Teixeira was his top priority": signing him again
    if lemma in ("release", "free") and any(c.dep_ == "dobj" and c.ent_type_ == "PERSON" for c in tok.children):
        return Trigger(tok.i, "RETREAT", tok.text)
    if lemma == "launch" and not _aimed(tok):
        return None  # "launched a satellite rocket", "launched a missile into the sea": no target
    if lemma == "fire" and dismissed(tok):
        return None  # "he was fired from his job", "the club fired its coach": dismissed, no shot
    if lemma == "fire" and set(objs) & lex.PROJECTILES and not _aimed(tok) and _tested(tok):
        return None  # "fired two ballistic missiles into the sea": a test, no attack
    if lemma in _OVERTHROW and (_striven_for(tok) or thing_did_it(tok)):
        return None  # "their effort to overthrow the government": a cause fought for; "a scandal toppled": no coup
    civil = _civil_drives(tok)
    for classes, typ in lex.BY_OBJECT.get(lemma, ()):
        if any(o in classes and o not in civil for o in objs):  # power or water cut off from a place: withheld (a mode)
            if typ == "PROTEST" and _by_the_state(tok):
                return Trigger(tok.i, "COERCE", tok.text, kind="restrict")  # "police blocked the roads"
            return Trigger(tok.i, typ, tok.text, kind="withhold" if classes is lex.UTILITIES else "")
    if lemma == "ban" and set(objs) & lex.TRADE:  # (not in BY_OBJECT: the derived vocabulary has 'ban')
        return Trigger(tok.i, "SANCTION", tok.text)  # "banned imports of Japanese seafood": an embargo
    if lemma == "commit" and not any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "to")
                                     for c in tok.children):
        return None  # "committed a shooting", "committed suicide": done (the act its own event), no pledge
    if lemma in ("decline", "refuse") and any(c.dep_ == "xcomp" and _lemma(c) in _NO_COMMENT for c in tok.children):
        return None  # "the ministry declined to comment": a reporter's question unanswered, no refusal of anything
    if lemma == "compromise" and (cyber_story(tok.doc) or cyber_target(tok)) and any(
            c.dep_ in ("dobj", "nsubjpass") for c in tok.children):
        return Trigger(tok.i, "COERCE", tok.text, kind="cyber")  # "sites that have been compromised": hacked
    if lemma in lex.VERBS and lemma not in lex.REPORTING:
        typ = lex.VERBS[lemma]
        if lemma == "strike" and _has_worker_subject(tok) and not any(
                c.dep_ == "dobj" and c.ent_type_ != "ORG" and _lemma(c) not in WORKPLACES for c in tok.children):
            typ = "PROTEST"
        if lemma in ("protest", "complain") and any(c.dep_ == "ccomp" for c in tok.children):
            typ = "ACCUSE"
        if lemma in ("march", "rally") and walked_alone(tok):
            return None  # "a gunman who marched into a company Christmas party": one man walked in
        if lemma == "demonstrate" and any(c.dep_ in ("dobj", "ccomp") for c in tok.children):
            return None  # 'demonstrated that ...', 'demonstrated its strength': to show, not to protest
        if typ == "ASSAULT" and (cyber_target(tok) or (lemma in CYBER_BLOWS and cyber_story(tok.doc))):
            return Trigger(tok.i, "COERCE", tok.text, kind="cyber")  # a cyber operation harms no one's body
        return Trigger(tok.i, typ, tok.text)
    if lemma == "agree":
        return Trigger(tok.i, "AGREE", tok.text)
    return None


# the state's own forces and rulers: a road they block is closed, not blockaded in protest (rebels who
# block one protest, PLOVER's obstruct)
_STATE_FORCES = frozenset({"police", "policeman", "army", "troop", "soldier", "force", "officer", "military",
                           "authority", "government", "regime", "ministry"})


def _by_the_state(verb: Token) -> bool:
    """Whether the verb's subject is the state's force ('police', 'the army', 'authorities'): what it
    blocks it closes, no protest."""
    return any(c.dep_ == "nsubj" and _lemma(c) in _STATE_FORCES for c in verb.children)


def _civil_drives(verb: Token) -> set[str]:
    """The verb's objects that are drives of a kind other than war ('its polio campaign', 'the rescue
    operation'): no military activity ('the bombing campaign', 'the air operation' are); a base of fans."""
    out: set[str] = set()
    for o in (c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")):
        kinds = [_lemma(c) for c in o.children
                 if c.dep_ in ("compound", "amod", "nmod") and pos(c) in ("NOUN", "PROPN")]
        if _lemma(o) in lex.DRIVES and kinds and not any(k in lex.WAR_KINDS for k in kinds):
            out.add(_lemma(o))
        if _lemma(o) == "base" and any(c.dep_ == "compound" and pos(c) == "NOUN" and _lemma(c) not in
                                       lex.WAR_KINDS | lex.PERSONNEL for c in o.children):
            out.add("base")  # "the fan base", "its power base": no camp of fighters
    return out


_TALK_NOUNS = frozenset(w for w, t in lex.NOUNS.items() if t == "CONSULT") | {"table"}
_TALK_VERBS_TO = frozenset(w for w, t in lex.VERBS.items() if t == "CONSULT") | {"talk"}


def _sat_to_talk(sit: Token) -> bool:
    """'sat down for talks', 'with Xi', 'at the negotiating table', 'together', 'to discuss', and two
    parties sitting down: talks; 'sat down in front of a console', 'at his desk': a seat taken."""
    for c in sit.children:
        if c.dep_ == "prep":
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if c.lower_ in ("with", "opposite", "across") and any(
                    pos(o) == "PROPN" or o.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or _lemma(o) in lex.PARTY_NOUNS
                    for o in objs):
                return True
            if c.lower_ in ("for", "to", "at", "across") and any(_lemma(o) in _TALK_NOUNS for o in objs):
                return True
        if c.dep_ == "advmod" and c.lower_ in ("together", "face"):
            return True
        if c.dep_ in ("xcomp", "advcl") and _lemma(c) in _TALK_VERBS_TO:
            return True
        if c.dep_ == "nsubj" and (any(g.dep_ == "conj" for g in c.children)
                                  or any(g.lower_ in ("two", "both") for g in c.children)):
            return True  # "Ukrainian and Russian delegations sat down", "the two sides sat down"
    return False


_OVERTHROW = frozenset({"overthrow", "topple", "depose"})
# what a cause fought for hangs from ("their effort to overthrow", "fighting to topple"): an aim, not an act
_ENDEAVOURS = frozenset({"effort", "campaign", "struggle", "fight", "drive", "push", "quest", "war", "insurgency",
                         "rebellion", "movement", "strive", "work", "aim", "goal", "cause"})


def _striven_for(verb: Token) -> bool:
    return _to_infinitive(verb) and verb.dep_ in ("acl", "xcomp", "advcl") and _lemma(verb.head) in _ENDEAVOURS


# what a source declines to do when a reporter asks ("declined to comment", "refused to elaborate")
_NO_COMMENT = frozenset({"comment", "elaborate", "speculate", "confirm", "say", "specify", "disclose", "respond",
                         "answer", "identify", "name"})
# verbs of talking about something: an event named as their topic ("did not comment on the attack") is
# what was talked about, not an act of the one who talks
_TALK_VERBS = frozenset({"comment", "remark", "speak", "talk", "elaborate", "speculate", "write", "report", "ask",
                         "answer", "respond", "brief", "testify", "reflect"})


def _aimed(verb: Token) -> bool:
    """'launched missiles at Kyiv', 'on the city', 'against Israel', 'towards the border': thrown at someone
    (not where it was launched from: 'at the air show', 'on a test range')."""
    return any(c.dep_ == "prep" and c.lower_ in ("at", "on", "against", "toward", "towards")
               and any(o.dep_ == "pobj" and o.ent_type_ not in ("DATE", "TIME") and not _launch_site(o)
                       for o in c.children)
               for c in verb.children) or any(  # "fired rockets into Israel" (not "into the sea")
        c.dep_ == "prep" and c.lower_ == "into" and any(o.dep_ == "pobj" and o.ent_type_ in ("GPE", "NORP")
                                                        for o in c.children) for c in verb.children)


# where a missile fired at no one falls: a test ('into the sea', 'off its east coast')
_NOWHERE = frozenset({"sea", "ocean", "water", "waters", "coast", "test"})


def _tested(verb: Token) -> bool:
    return any(_lemma(t) in _NOWHERE for c in verb.children if c.dep_ in ("prep", "advmod", "dobj")
               for t in c.subtree)


# where a rocket or a drone is launched or shown, not what it is launched at
_LAUNCH_SITES = frozenset({"range", "site", "pad", "launchpad", "base", "cosmodrome", "spaceport", "centre", "center",
                           "show", "airshow", "fair", "expo", "exhibition", "market", "facility", "ceremony", "event"})


def _launch_site(obj: Token) -> bool:
    return any(_lemma(t) in _LAUNCH_SITES for t in (obj, *(c for c in obj.children if c.dep_ == "compound")))


def _restricted(tok: Token) -> bool:
    """'the ban on protests', 'restrictions on rallies': what a rule forbids, no event held."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ not in ("on", "against"):
        return False
    # the ban itself, or the verb's object right before the preposition ("overturned the ban | on protests")
    held = [prep.head, *(c for c in prep.head.children if c.dep_ == "dobj" and c.i == prep.i - 1)]
    return any(_lemma(h) in lex.RESTRICTION for h in held)


def _topic(tok: Token) -> bool:
    """A noun after 'on'/'about' of a verb of talking: 'commented on the attack', 'asked about the talks'."""
    prep = tok.head
    return tok.dep_ == "pobj" and prep.lower_ in ("on", "about") and _lemma(prep.head) in _TALK_VERBS


def _struck_at(tok: Token) -> bool:
    """'strikes on Russian energy infrastructure', 'a strike against a tunnel': a blow aimed at a thing
    (workers strike *over* pay, *for* wages, *against* a reform; 'a strike on Tuesday' is a date)."""
    return any(p.dep_ == "prep" and p.lower_ == "on" and any(
        o.dep_ == "pobj" and o.ent_type_ not in ("DATE", "TIME") and _lemma(o) not in _DAYS for o in p.children)
        for p in tok.children)


# words that make a strike a walkout whatever it is 'on' ("a 24-hour strike on the London Underground",
# "rail workers began a strike on the railways"): its length or kind, or workers holding it
# who goes on strike: a strike by them is a walkout, no blow
_LABOUR = frozenset({"worker", "employee", "union", "unionist", "teacher", "lecturer", "doctor", "nurse", "miner",
                     "staff", "driver", "docker", "dockworker", "trucker"})
_WALKOUT = _LABOUR | {"hour", "day", "week", "month", "general", "national", "nationwide", "indefinite", "rolling",
                      "wildcat", "hunger", "token", "sympathy", "rail", "transport", "labour", "labor"}


def _walkout(tok: Token) -> bool:
    """A strike its own words, or the subject of the verb it is the object of, make workers' ('the union
    announced a strike on Amazon warehouses')."""
    words = {_lemma(t) for t in tok.subtree if t.i < tok.i}
    if tok.dep_ in ("dobj", "nsubjpass"):
        words |= {_lemma(t) for c in tok.head.children if c.dep_ == "nsubj" for t in c.subtree}
    return bool(words & _WALKOUT)


_DAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "day", "weekend",
                   "morning", "night", "evening", "afternoon", "eve"})


# types whose noun is a truce or a deal kept: one that fails is no one's act ("the ceasefire collapsed")
_KEPT_TYPES = frozenset({"RETREAT", "CONCEDE", "AGREE", "COOPERATE"})


def _failed(tok: Token) -> bool:
    """'The ceasefire collapsed', 'the truce broke down', 'the deal fell apart', 'the collapse of the
    truce': a truce or a deal that failed. No one retreated or agreed in it, and its collapse is no one's
    act either (who broke it, 'violated the ceasefire', is an event of its own words)."""
    if lex.NOUNS.get(_lemma(tok)) not in _KEPT_TYPES:
        return False
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "of":
        return _lemma(head.head) in lex.FAILED_NOUNS
    if tok.dep_ != "nsubj" or any(c.dep_ == "neg" for c in head.children):
        return False  # "the truce has not collapsed": it holds
    # "the truce began to unravel", "appeared to collapse": the verb it does
    verb = next((c for c in head.children if c.dep_ == "xcomp"), head)
    parts = {c.lower_ for c in verb.children if c.dep_ == "prt"}
    return _lemma(verb) in lex.FAILED_VERBS or (_lemma(verb) == "break" and bool(parts & {"down", "apart"})) or (
        verb.lower_ in ("fall", "falls", "fell", "fallen", "falling") and bool(parts & {"apart", "through"}))


# what makes a 'coup' a success, not a seizure of power ("a diplomatic coup", "a major coup for the club")
_SUCCESS_MODS = frozenset({"diplomatic", "publicity", "marketing", "media", "pr", "public-relations", "major", "big",
                           "real", "huge", "significant", "stunning", "rare", "transfer", "propaganda", "commercial"})


def _success(tok: Token) -> bool:
    if _lemma(tok) != "coup":
        return False
    return any(c.lower_ in _SUCCESS_MODS for c in tok.children if c.dep_ in ("amod", "compound")) or any(
        c.dep_ == "prep" and c.lower_ == "for" for c in tok.children)


def _has_worker_subject(tok: Token) -> bool:
    """Workers strike, or threaten or vow to ('teachers threatened to strike'): the subject of the verb
    or of the verb whose infinitive it is (a strike with an object hits it: 'a driver struck her')."""
    verbs = (tok, tok.head) if tok.dep_ == "xcomp" else (tok,)
    return any(c.dep_ == "nsubj" and _lemma(c) in _LABOUR for v in verbs for c in v.children)


def _noun_trigger(tok: Token, ignore: frozenset[str]) -> Trigger | None:
    lemma = _lemma(tok)
    if lemma in ignore:
        return None
    mods = {_lemma(c) for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    for mod in mods:
        if (mod, lemma) in lex.NOUN_PHRASES:
            words = " ".join(t.text for t in sorted([tok, *(c for c in tok.children if _lemma(c) == mod)],
                                                    key=lambda t: t.i))
            return Trigger(tok.i, lex.NOUN_PHRASES[(mod, lemma)], words, noun=True)
    if lemma in lex.NOUN_BY_OBJECT and lemma not in lex.NOUNS:
        objs = {_lemma(g) for p in tok.children if p.dep_ == "prep" and p.lower_ in ("of", "in", "on")
                for o in p.children if o.dep_ == "pobj"
                for g in (o, *(c for c in o.children if c.dep_ == "compound"))}
        typ = next((t for classes, t in lex.NOUN_BY_OBJECT[lemma] if objs & classes), None)
        return Trigger(tok.i, typ, tok.text, noun=True) if typ else None
    if lemma not in lex.NOUNS or tok.dep_ in ("amod",):
        return None
    if tok.text in _MONTH_TRIGGERS and tok.i > tok.sent.start:
        return None  # "rose sharply in March", "on March 5": the month, not a protest march
    typ = lex.NOUNS[lemma]
    if lemma == "strike":
        typ = "ASSAULT" if mods & {"air", "missile", "drone", "military", "rocket", "artillery"} or (
            _struck_at(tok) and not _walkout(tok) and not labour_story(tok.doc)) else "PROTEST"
    if typ == "ASSAULT" and lemma in CYBER_BLOWS and (cyber_story(tok.doc) or cyber_target(tok)):
        return Trigger(tok.i, "COERCE", tok.text, noun=True, kind="cyber")  # "attacks on IE browsers"
    if lemma in ("exercise", "drill", "maneuver", "manoeuvre") and not mods & {"military", "naval", "joint", "war"}:
        return None
    if lemma in ("exercise", "drill") and "joint" in mods:
        typ = "COOPERATE"
    if lemma in ("talk", "talks") and tok.tag_ != "NNS" and not mods and tok.dep_ != "pobj":
        return None
    words = " ".join(t.text for t in sorted([tok, *(c for c in tok.children if c.dep_ == "compound")],
                                            key=lambda t: t.i))
    return Trigger(tok.i, typ, words, noun=True)


_HOLDERS = (lex.LIGHT_VERBS | lex.REPORTING | lex.INTENT | frozenset(lex.VERBS) | frozenset(lex.BY_OBJECT)
            | frozenset(v for v, _ in lex.PHRASES))




def _anchored(tok: Token) -> bool:
    """A noun trigger counts when a light verb or another trigger holds it ('held *talks*',
    'demanded the *withdrawal*'), when it is a clause's subject, or when it has its own actor."""
    if tok.dep_ in ("nsubj", "nsubjpass", "ROOT", "conj", "appos"):
        return True
    if tok.dep_ in ("dobj", "nsubjpass") and _lemma(tok.head) in lex.PREVENT:
        # "thwarted an attack": one act stopped ("to prevent genocide" is an aim, no event)
        return any(c.dep_ in ("det", "poss", "nummod") for c in tok.children)
    if tok.dep_ == "dobj" and _lemma(tok.head) in lex.CAUSES:
        return True  # "postponed the vote, sparking protests": they broke out
    if tok.dep_ in ("dobj", "attr", "oprd") and (_lemma(tok.head) in _HOLDERS or pos(tok.head) == "ADJ"):
        return True
    if any((c.dep_ == "poss" and c.ent_type_ not in ("DATE", "TIME")) or c.ent_type_ in ("NORP", "GPE", "ORG")
           for c in tok.children):
        return True
    head = tok.head
    if tok.dep_ == "compound" and _lemma(head) in lex.FRAME_NOUNS:  # "a mediation effort"
        return _anchored(head)
    return tok.dep_ == "pobj" and head.dep_ == "prep" and pos(head.head) in ("VERB", "AUX", "NOUN")


def find_triggers(sent: Span, ignore: frozenset[str] = frozenset()) -> list[Trigger]:
    """Every trigger in a sentence, in text order; lemmas in ``ignore`` are no triggers."""
    found: list[Trigger] = []
    contest: set[int] = set()  # the words of a contest's clause: "beat the Devils in nine meetings"
    sport = sport_story(sent.doc)
    for tok in sent:
        p = pos(tok)  # read once: each call looks the token's tags up again
        if p in ("VERB", "AUX") and (tok.dep_ in ("amod", "dobj", "pobj", "nsubj", "nsubjpass", "compound")
                                     or (tok.dep_ == "prep" and tok.tag_ == "VBG")):
            trig = None  # a participle used as a noun, an adjective or a preposition: "the wounded", "barring a"
        elif p in ("VERB", "AUX") or (p == "NOUN" and tok.tag_.startswith("VB")):
            trig = _verb_trigger(tok, ignore)
            if trig is not None and contest_won(tok):
                trig = None  # "City beat Arsenal 4-1": a match won, no assault
                contest.update(t.i for t in tok.subtree)
        elif p in ("NOUN", "PROPN") and _anchored(tok) and not _topic(tok) and not _restricted(tok) \
                and not _failed(tok) and not _success(tok):
            trig = _noun_trigger(tok, ignore)
        elif p in ("ADJ", "VERB") and _lemma(tok) in lex.WILLING and any(
                c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "to") for c in tok.children):
            trig = Trigger(tok.i, "AGREE", tok.text)
        else:
            trig = None
        if trig is not None and courtroom(tok):
            trig = None  # "pleaded guilty", "a not guilty plea was entered", "hosted the Oscars": no appeal, no talks
        if trig is not None and trig.type == "ASSAULT" and figurative(tok):
            trig = None  # "savage attacks on workers' rights": words against a value, no blow
        if trig is not None and sport and play(tok):
            trig = None  # "his three fights with Holyfield", "the Jays shot 46 percent": a game played
        if trig is not None and trig.noun and pos(tok) == "PROPN" and tok.ent_type_ in ("PERSON", "ORG", "FAC"):
            trig = None  # "guards A.J. Slaughter and Mendez-Valdez", "Devon and Somerset Fire and Rescue": a name
        if trig is not None:
            found.append(trig)
    found = [t for t in found if t.token not in contest]
    found += _obligations(sent, {t.token for t in found})
    return sorted(found, key=lambda t: t.token)


def _obligations(sent: Span, taken: set[int]) -> list[Trigger]:
    """'X said Y must ...': a REQUEST by X of Y, on the modal ('must', 'should') of an embedded verb."""
    out = []
    for tok in sent:
        if tok.dep_ == "aux" and _lemma(tok) in lex.OBLIGATION_AUX and tok.i not in taken:
            verb = tok.head
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if verb.dep_ in ("ccomp", "acl", "advcl") and subj is not None and subj.lower_ not in ("i", "we"):
                out.append(Trigger(tok.i, "REQUEST", f"{tok.text} {verb.text}", kind="obligation"))
    return out


def obligation_of(tok: Token, by_token: dict[int, Trigger]) -> Trigger | None:
    """The obligation trigger on a verb's modal ('Libya *must* hand over'), if any."""
    for c in tok.children:
        trig = by_token.get(c.i)
        if c.dep_ == "aux" and trig is not None and trig.kind == "obligation":
            return trig
    return None


def governor(trig: Trigger, by_token: dict[int, Trigger], sent: Span) -> Trigger | None:
    """The trigger whose complement ``trig`` is, if any (following content dependencies up)."""
    tok = sent.doc[trig.token]
    if trig.kind == "obligation":  # governed as the verb it modifies is
        tok = tok.head
    while True:
        duty = obligation_of(tok, by_token)
        if duty is not None and duty != trig:
            return duty
        if tok.dep_ not in _CONTENT_DEPS or tok.head.i == tok.i:
            return None
        if tok.dep_ == "advcl" and any((c.dep_ == "mark" and _lemma(c) != "to")
                                       or (c.dep_ == "advmod" and c.tag_ == "WRB") for c in tok.children):
            return None  # "... when police arrested them": a clause of its own, no content of the attack
        if tok.dep_ == "acl" and tok.tag_ in ("VBN",) and tok.head.i not in by_token:
            return None
        if tok.dep_ in ("nsubj", "nsubjpass", "agent") and tok.i != trig.token:
            return None
        if tok.dep_ == "dobj" and _lemma(tok.head) in lex.CAUSES:
            return None  # "arrested the leaders, prompting clashes": an event of its own, no content of the arrest
        head = tok.head
        if head.i in by_token and (tok.dep_ not in ("nsubj", "nsubjpass") or not by_token[head.i].noun):
            return by_token[head.i]
        tok = head


# verbs whose object is an act that did not take place
_UNDONE = frozenset({"cancel", "scrap", "prevent", "avert", "thwart", "foil"})
_RESTRICTING = frozenset({"block", "restrict", "bar", "cut", "curb", "limit", "obstruct"})
_MONTH_TRIGGERS = frozenset({"March", "May"})  # capitalised inside a sentence: months
_ATTEMPT = frozenset({"try", "attempt", "seek"})
# prepositions of what has already happened ("despite his arrest", "since the attack")
_GIVENS = frozenset({"despite", "since", "notwithstanding"})
# what someone meant to do, told after the fact by others ("prosecutors said he intended to kill"): no threat
_MEANT = frozenset({"plan", "intend", "want", "mean"})


def _path_features(start: Token, stop: Token | None) -> tuple[set[str], bool]:
    """Modal and polarity words on the verbs from ``start`` up to (not including) ``stop``."""
    feats: set[str] = set()
    negated = False
    tok = prev = start
    while True:
        if stop is not None and tok.i == stop.i:
            break
        for c in tok.children:
            lemma = _lemma(c)
            if c.dep_ == "neg" or (lemma in _NEG_WORDS and c.dep_ in ("neg", "advmod", "det")):
                negated = not negated if c.dep_ == "neg" else True
            elif c.dep_ in ("aux", "auxpass") and lemma in lex.FUTURE_AUX | lex.HYPOTHETICAL_AUX:
                feats.add("will" if lemma in lex.FUTURE_AUX else lemma)
            elif c.dep_ == "mark" and lemma in ("if", "unless"):
                feats.add("if")
            elif c.dep_ == "mark" and lemma == "whether":
                feats.add("whether")  # "to decide whether parliament can be shut down": an open question
            elif c.dep_ == "advmod" and lemma == "longer":
                negated = True
            elif c.dep_ in ("nsubj", "nsubjpass") and no_one(c):
                negated = True  # "no one was injured", "nobody is believed to have been hurt"
        lemma = _lemma(tok)
        if tok.i != start.i or pos(tok) == "ADJ":
            if lemma in lex.PLOTS or lemma == "conspire" or (lemma in _MEANT and _past_plan(tok)):
                feats.add("plot")
            elif lemma in _ATTEMPT and tok.tag_ == "VBD":
                pass  # "protesters tried to storm the residence": an attempt made, not one announced
            elif lemma in lex.INTENT or (lemma == "due" and any(c.dep_ == "xcomp" for c in tok.children)):
                feats.add("intent")  # "are due to resume talks" (not "due to the weather")
            elif lemma in lex.WILLING and pos(tok) == "ADJ":
                feats.add("willing")
            elif lemma in lex.HOPE:
                feats.add("hope")
            elif lemma in ("refuse", "decline") and any(c.dep_ == "xcomp" and _lemma(c) in _NO_COMMENT
                                                        for c in tok.children):
                feats.add("unconfirmed")  # "declined to confirm that the army had bombed the bridge": not denied
            elif lemma in ("fail", "refuse", "decline", "deny") or _denied_claim(prev):
                negated = True  # "denied that it had attacked the ship": what a party says it did not do
            elif lemma in _UNDONE and tok.dep_ != "xcomp" and any(
                    c.dep_ == "dobj" and c.i in (start.i, prev.i) for c in tok.children):
                negated = True  # "cancelled a planned visit", "scrapped plans to deport": it did not take place
            elif lemma in lex.REPORTING:
                feats.add("reported")
        if tok.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") and _lemma(c) in lex.INTENT
                                      for c in tok.head.children):
            feats.add("intent")  # "a decision was made to ..., reduce ..."
        if tok.dep_ in ("conj", "relcl", "ROOT") or tok.head.i == tok.i or (stop is None and tok.dep_ == "advcl"):
            break
        if stop is None and tok.dep_ == "prep" and tok.lower_ in _GIVENS:
            break  # "despite his arrest, Jackson will play": what has happened, whatever is to come
        if stop is None and tok.dep_ not in ("xcomp", "ccomp", "acomp", "advcl", "pcomp", "pobj", "prep", "dobj",
                                             "acl"):
            break
        if stop is None and pos(tok.head) in ("NOUN", "PROPN") and not (
                tok.dep_ == "acl" and _lemma(tok.head) in lex.INTENT):  # modality does not pass through nouns
            negated = negated or _denied_claim(tok)  # "denied reports that ...": the tagger's noun
            break
        prev, tok = tok, tok.head
    if any(_lemma(c) == "if" for c in start.sent if c.dep_ == "mark"):
        feats.add("if-sentence")
    return feats, negated


# what is said to have happened, and the verbs that say it did not ("rubbished claims that soldiers had looted")
_CLAIMS = frozenset({"claim", "report", "allegation", "accusation", "rumour", "rumor", "suggestion", "charge"})
_DENIALS = frozenset({"deny", "dismiss", "reject", "rubbish", "refute", "debunk", "dispute", "disown"})


def _denied_claim(clause: Token) -> bool:
    """Whether a clause is the content of a claim its verb denies ('denied reports that it had ...')."""
    claim = clause.head
    return clause.dep_ in ("acl", "ccomp") and claim.i != clause.i and _lemma(claim) in _CLAIMS \
        and claim.dep_ in ("dobj", "nsubjpass") and _lemma(claim.head) in _DENIALS


def _past_plan(verb: Token) -> bool:
    """'the men had planned to attack', 'the group was planning to': a plan told after the fact by
    others, not one its makers announce ('Greece plans to', 'it said it planned to': its own words)."""
    aux = {_lemma(c) for c in verb.children if c.dep_ == "aux"}
    bare = verb.tag_ == "VBN" and not aux and any(c.dep_ == "nsubj" for c in verb.children)  # "Gomes intended"
    past = verb.tag_ == "VBD" or bare or (verb.tag_ == "VBN" and "have" in aux and not any(
        c.lower_ in ("has", "have", "'ve") for c in verb.children)) or (verb.tag_ == "VBG" and any(
            c.lower_ in ("was", "were") for c in verb.children))
    if not past:
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    report = verb.head if verb.dep_ in ("ccomp", "parataxis") and _lemma(verb.head) in lex.REPORTING else None
    if report is None or subj is None:
        return report is None
    said_by = next((c for c in report.children if c.dep_ == "nsubj"), None)
    return not (pos(subj) == "PRON" or (said_by is not None and said_by.lower_ == subj.lower_))


def _set_aside(tok: Token) -> bool:
    """'a repositioning rather than a retreat', 'talks instead of an attack', 'a pause, not a ceasefire':
    the trigger is what did not happen."""
    if tok.dep_ == "appos":  # "a repositioning, not a real withdrawal"
        return any(c.dep_ == "neg" and tok.head.i < c.i < tok.i for c in tok.head.children)
    if tok.dep_ == "pobj":  # "than" (or "of") as a preposition
        links = [tok.head]
    elif tok.dep_ == "conj":  # "than" as a conjunction: 'a repositioning rather than a retreat and ...'
        links = [c for c in tok.head.children if c.dep_ == "cc" and c.i < tok.i]
    else:
        return False
    return any(link.lower_ in ("than", "of") and any(c.lower_ in ("rather", "instead") for c in link.children)
               for link in links)


def _to_infinitive(tok: Token) -> bool:
    return pos(tok) in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def plot_of(tok: Token) -> tuple[Token, Token | None] | None:
    """The plan an act was part of, and the verb that stopped or exposed it: 'foiled *a plot* to bomb the
    embassy', 'an assassination *plot*', 'thwarted *an attack*' (the act its own plan). None when the act
    is no plot's, or a plan someone stands behind ('unveiled a plan to deport': announced, see INTENT)."""
    noun: Token | None = None
    if pos(tok) in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubjpass") and _lemma(tok.head) in lex.PREVENT:
        noun = tok
    elif tok.dep_ == "compound" and _lemma(tok.head) in lex.PLANS:
        noun = tok.head
    elif tok.dep_ in ("acl", "xcomp", "advcl", "relcl") and _to_infinitive(tok):
        head = tok.head
        if pos(head) == "NOUN" and _lemma(head) in lex.PLANS:
            noun = head
        elif _lemma(head) in lex.PREVENT | lex.UNCOVER:  # the parse hangs the plan's clause on the verb
            noun = next((c for c in head.children if c.dep_ in ("dobj", "nsubjpass") and _lemma(c) in lex.PLANS), None)
    if noun is None:
        return None
    verb = noun.head if noun.dep_ in ("dobj", "nsubjpass") and pos(noun.head) in ("VERB", "AUX") else None
    if verb is not None and _lemma(verb) in lex.PREVENT | lex.UNCOVER:
        return noun, verb
    return (noun, None) if _lemma(noun) in lex.PLOTS else None


def code_trigger(trig: Trigger, content: Trigger | None, sent: Span) -> Coded:
    """The final type and modality of a governing trigger."""
    doc = sent.doc
    tok = doc[trig.token]
    base = trig.type
    plot = plot_of(tok)
    if plot is not None:
        noun, verb = plot
        if verb is not None and _lemma(verb) in lex.PREVENT:
            if noun.i == tok.i and base in lex.COOPERATIVE | {"PROTEST"}:  # "thwarted a march": a restriction
                return Coded(trig, "COERCE", "asserted", None, content)
            # stopped before it happened: not done, nor refused by who stopped it
            return Coded(trig, base, "negated", _mode(tok, trig, content, base), content, noun.i)
        # a plot uncovered or hatched: meant, never announced (no threat), and its plotters' act
        return Coded(trig, base, "intended", _mode(tok, trig, content, base), content, noun.i)
    feats, negated = _path_features(tok, None)
    if "plot" in feats and not negated:  # "the men plotted to kill the governor": meant, no threat
        return Coded(trig, base, "intended", _mode(tok, trig, content, base), content)
    if _set_aside(tok):  # not a refusal of the act either: it simply is not what happened
        return Coded(trig, base, "negated", _mode(tok, trig, content, base), content)
    if trig.noun and tok.dep_ == "dobj" and _lemma(tok.head) in _RESTRICTING and base in lex.COOPERATIVE:
        return Coded(trig, "COERCE", "asserted", None, content)  # "blocked access to Facebook": a restriction
    inner = content.type if content is not None else None
    if content is not None:
        cfeats, cneg = _path_features(doc[content.token], tok)
        feats |= {f for f in cfeats if f != "reported"}
        negated = negated or (cneg and base in ("AGREE",))
    modality: Modality = "asserted"
    typ = base
    intended = bool(feats & {"will", "intent"}) or ("would" in feats and "reported" in feats)
    uncertain = bool(feats & {"could", "might", "may", "hope", "whether", "unconfirmed"})
    hypothetical = uncertain or ("would" in feats and "reported" not in feats) or "if" in feats
    conditional = bool(feats & {"if", "if-sentence"})
    if base == "REQUEST":
        return Coded(trig, "REJECT" if negated else "REQUEST", "asserted" if negated else "requested",
                     _mode(tok, trig, content, base), content)
    if negated and typ in lex.COOPERATIVE:
        typ, modality = "REJECT", "asserted"
    elif negated:
        modality = "negated"
    elif (base == "AGREE" or "willing" in feats) and inner in lex.FUTURE_THREAT:
        typ, modality = "THREATEN", "asserted"  # "prepared to impose martial law"
    elif base == "AGREE" or "willing" in feats:
        typ = "AGREE"
    elif intended or hypothetical:
        modality = "intended" if intended and not uncertain else "hypothetical"
        if typ in lex.FUTURE_AGREE and modality == "intended":
            typ = "AGREE"
        elif typ == "RETREAT" and modality == "intended" and _lemma(tok) not in ("resign", "resignation"):
            typ = "CONCEDE"  # an announced withdrawal; an announced resignation is the act itself
        elif typ in lex.FUTURE_THREAT and (modality == "intended" or conditional) and not (
                (modality == "hypothetical" or dated(tok)) and _agentless(tok, trig)):
            typ = "THREATEN"  # not "he could be sentenced to life if convicted", "he will be sentenced May 3"
    mode = _mode(tok, trig, content, typ)
    return Coded(trig, typ, modality, mode, content)


def _agentless(tok: Token, trig: Trigger) -> bool:
    """A passive verb with no one named as doing it ('could be sentenced'), or a noun ('if convicted of
    murder'): none says who would act."""
    return trig.noun or (any(c.dep_ == "auxpass" for c in tok.children) and not any(
        c.dep_ == "agent" for c in tok.children))


def _mode(tok: Token, trig: Trigger, content: Trigger | None, typ: str) -> str | None:
    """The first word with a mode of this type: the trigger's own modifiers ('suicide bombing'), its
    words, what it acts on ('declared martial law', 'sent police officers'), the trigger, then who acts
    ('a suicide bomber killed', 'gunmen killed')."""
    if typ == "THREATEN" and content is not None:
        return lex.THREAT_MODES.get(content.type)
    if trig.kind in lex.TYPE_MODES.get(typ, ()):
        return trig.kind  # a mode the rule that made the trigger found ("cyber", "withhold")
    def phrase(t: Token) -> list[str]:
        return [*(c.lower_ for c in t.children if c.dep_ in ("compound", "amod")), _lemma(t)]
    objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")] if not trig.noun else []
    held = [w for o in objs for w in phrase(o)]
    fired = _lemma(tok) in ("fire", "launch") and bool(set(held) & lex.PROJECTILES)  # missiles, not firearms
    words = [*(c.lower_ for c in tok.children if c.dep_ in ("compound", "amod")),
             *(w.lower() for w in trig.words.split() if w.lower() != tok.lower_), *held,
             *([] if fired else [_lemma(tok)]),
             *(w for c in tok.children if c.dep_ == "nsubj" for w in phrase(c))]
    allowed = lex.TYPE_MODES.get(typ, frozenset())
    return next((lex.MODES[w] for w in words if w in lex.MODES and lex.MODES[w] in allowed), None)
