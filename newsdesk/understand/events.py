"""Who did what to whom, where and when: PLOVER events from a parsed article.

:class:`EventCoder` is built once per process and codes one article at a time from its spaCy
``Doc`` (tagger, parser, NER), its entities, its publication date and a :class:`Gazetteer`.
Triggers and their types come from :mod:`events_rules`, parties from :mod:`events_parties`;
this module adds place and date, and merges mentions of one event into one record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from spacy.tokens import Doc, Span, Token

from newsdesk.types import Entity, Event, Location, Mention, Party, Place
from newsdesk.types import Span as TextSpan
from newsdesk.understand import events_lexicon as lex
from newsdesk.understand.events_names import PartyContext, PartyRef, name_party
from newsdesk.understand.events_parties import (
    actor_token,
    clause_verb,
    coordinated,
    is_party,
    owner_of,
    plot_actor,
    target_token,
)
from newsdesk.understand.events_rules import Coded, Trigger, code_trigger, find_triggers, governor
from newsdesk.understand.events_senses import disaster_story
from newsdesk.understand.events_words import lemma, pos
from newsdesk.understand.places import Gazetteer
from newsdesk.understand.timex import MONTHS, WEEKDAYS, find_dates, resolve_date

_CALENDAR = frozenset(MONTHS + WEEKDAYS)
# verbs of a quantity that moves (with the irregular forms the lemma helper leaves as they are)
_CHANGES = frozenset({"jump", "rise", "rose", "risen", "fall", "fell", "fallen", "surge", "soar", "drop", "climb",
                      "increase", "decrease", "decline", "slump", "grow", "grew", "grown", "shrink", "shrank",
                      "shrunk", "plunge", "plummet", "double", "triple", "ease", "slow"})
# verbs whose subject is an event and whose date and place are the event's own
_HAPPEN = frozenset({"begin", "began", "begun", "start", "end", "happen", "occur", "erupt", "resume", "take",
                     "break", "broke", "broken", "unfold", "explode", "exploded", "explodes", "detonate", "detonated"})
_TEMPORAL_PREPS = frozenset({"after", "before", "since", "following", "until", "till", "ahead"})
_NATURAL_FORCES = frozenset({"flood", "floodwater", "flooding", "storm", "hurricane", "typhoon", "cyclone",
                             "earthquake", "quake", "tsunami", "wildfire", "bushfire", "blaze", "rain", "rainfall",
                             "landslide", "mudslide", "avalanche", "drought", "heatwave", "tornado", "eruption",
                             "volcano", "wind", "snow", "river", "water", "wave", "tremor", "temblor", "aftershock"})
# a fire as the subject is a blaze, unless shooters or their weapons own it ('artillery fire', 'sniper fire')
_FIRES = frozenset({"fire", "fires", "flame", "flames", "inferno"})
_SHOOTERS = lex.STRIKERS | lex.PERSONNEL | frozenset({"gun", "sniper", "rifle", "machine-gun", "machinegun",
                                                      "enemy", "friendly", "tank", "cannon", "mortar", "gunman"})
# what a disaster does to people and buildings (an act where someone is named as doing it)
_HARMS = frozenset({"kill", "injure", "wound", "hurt", "destroy", "damage", "demolish", "flatten", "raze", "cut",
                    "strike", "hit", "level"})
_LOC_PREPS = frozenset({"in", "at", "near", "around", "outside", "inside", "across", "throughout", "into",
                        "on", "over"})
_PLACE_NOUNS = frozenset({"city", "town", "village", "province", "region", "capital", "district", "port",
                          "area", "state", "island", "republic", "strip", "camp"})
_CLAUSE_BREAKS = frozenset({"relcl", "ccomp", "conj", "parataxis", "advcl", "csubj"})
# verbs whose "from" names where they happened ("evacuated civilians from Mariupol")
_FROM_VERBS = frozenset({"evacuate", "withdraw", "rescue", "airlift", "pull", "retreat", "deport", "expel"})
# penalties whose "on" names who bears them, not where they happen
_PENALTIES = frozenset({"sanction", "embargo", "ban", "tariff", "restriction", "curb", "levy", "duty"})
# prepositions of a cause or topic: a place inside what they govern is what the event is about
_MATTER_PREPS = frozenset({"over", "about", "regarding", "concerning"})
# heads that make a name a day, not a place ("on Independence Day", "on Christmas Eve")
_DAY_NOUNS = frozenset({"day", "eve"})
# Types whose recipient, when no one is named, is the place where it happened (PLOVER's practice).
_PLACE_TARGETS = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "THREATEN", "SANCTION", "RETREAT", "AID",
                            "CONCEDE"})
_NER_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "NORP": "GROUP", "FAC": "PLACE"}


@dataclass(frozen=True)
class _Draft:
    """An event before merging, with the countries its parties stand for."""

    event: Event
    actor_country: str | None
    target_country: str | None


class EventCoder:
    """Codes PLOVER events; holds no state between articles.

    ``normalise=False`` names parties as written ("Israeli soldiers") instead of the state or
    entity they stand for ("Israel"); benchmarks that match names as written use it. ``ignore``
    holds trigger lemmas to leave out of the vocabulary (a benchmark's leave-vocabulary-out split).
    """

    def __init__(self, *, normalise: bool = True, ignore: frozenset[str] = frozenset()) -> None:
        self.normalise = normalise
        self.ignore = ignore

    def code(self, doc: Doc, text: str, entities: Sequence[Entity], published: dt.date | None,
             gazetteer: Gazetteer, parsed: frozenset[int] | None = None) -> tuple[Event, ...]:
        """The events of one article, one per real event, in text order.

        ``parsed``, when given, holds the start offsets of the only sentences to read (the caller
        parsed just those; see :mod:`newsdesk.understand.bridge`).
        """
        ctx = PartyContext(doc, text, entities, gazetteer, self.normalise)
        countries = _article_countries(doc, entities, gazetteer)
        drafts: list[_Draft] = []
        sents = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
        for sent in sents:
            if (parsed is not None and sent.start_char not in parsed) or not any(t.dep_ for t in sent):
                continue  # a sentence the caller did not parse
            triggers = find_triggers(sent, self.ignore)
            by_token = {t.token: t for t in triggers}
            governed = {t.token: governor(t, by_token, sent) for t in triggers}
            for trig in triggers:
                if governed[trig.token] is not None:
                    continue
                content = next((t for t in triggers if governed[t.token] == trig), None)
                coded = code_trigger(trig, content, sent)
                draft = self._draft(coded, sent, text, ctx, countries, published)
                if draft is not None:
                    drafts.append(draft)
        return tuple(d.event for d in _merge(drafts))

    def _draft(self, coded: Coded, sent: Span, text: str, ctx: PartyContext, countries: Sequence[str],
               published: dt.date | None) -> _Draft | None:
        doc = sent.doc
        trig = doc[coded.trigger.token]
        noun = coded.trigger.noun
        if coded.type == "AGREE" and coded.content is None and lemma(trig) in lex.WILLING:
            return None  # "so eager to begin his day", "determined to be unfounded": willing to do no event
        if not noun and lemma(trig) == "warn" and coded.content is None and _forecast(trig):
            return None  # "economists warned that the lockdown would weigh on growth": a forecast, no threat
        if noun and trig.dep_ == "nsubj" and (lemma(trig.head) in _CHANGES or any(
                c.dep_ == "xcomp" and lemma(c) in _CHANGES for c in trig.head.children)):
            return None  # "demand had jumped", "protests grew", "demand continued to surge": a quantity that moved
        if noun and any(c.dep_ == "compound" and lemma(c) in _NATURAL_FORCES for c in trig.children):
            return None  # "no tsunami warning was issued", "a storm alert": a forecast of nature, no threat
        if not noun and coded.type == "ASSAULT" and " " not in coded.trigger.words and any(
                c.dep_ in ("dobj", "nsubjpass") and lemma(c) in _NATURAL_FORCES | {"fire", "flame", "fires", "flames"}
                for c in trig.children):
            return None  # "firefighters battled the blaze", "fought the fires": no one is attacked
        actor_tok = actor_token(trig, noun) if coded.plot is None else plot_actor(doc[coded.plot])
        if actor_tok is not None and _natural(actor_tok, trig):
            return None  # "record floods destroyed the town": harm, but nobody's act (PLOVER codes acts)
        if actor_tok is None and coded.content is not None and coded.type in ("AGREE", "THREATEN", "REJECT"):
            actor_tok = actor_token(doc[coded.content.token], coded.content.noun)
        if actor_tok is not None and lemma(actor_tok) in lex.STRIKERS:
            actor_tok = _owner(actor_tok)  # "Russian missiles hit ...": Russia; a missile alone is no one
        if actor_tok is not None and pos(actor_tok) == "PRON" and not actor_tok.text.isupper():  # "the WHO": a name
            actor_tok = None  # a pronoun nothing in reach names ("the signals we hear") says no one
        if actor_tok is None and coded.type in ("ASSAULT", "COERCE") and lemma(trig) in _HARMS \
                and disaster_story(doc):
            return None  # "four villages had been destroyed and three people killed" by the quake: nobody's act
        if noun and actor_tok is not None and actor_tok.dep_ == "compound" and actor_tok.head.i == trig.i \
                and ctx.gazetteer.kind_of(actor_tok.text) in ("city", "world city"):
            actor_tok = None  # "the Istanbul talks": where they are held, not who holds them
        typ = coded.type
        hosted = _hosted_talks(trig, noun)
        if hosted is not None:  # "Turkey hosted talks between Russia and Ukraine": they met, Turkey hosted
            actor_tok = hosted
        stormed = _stormed(trig, noun)
        if not noun and lemma(trig) == "storm" and typ == "ASSAULT" and actor_tok is not None and _crowd(actor_tok):
            typ = "PROTEST"  # "protesters stormed the residence": a protest turned riot (PLOVER), no armed assault
        # a building stormed is its owner's ("the president's residence"), never the town it stands in
        target_tok = owner_of(stormed, actor_tok) if stormed is not None else target_token(trig, noun, typ, actor_tok)
        if actor_tok is not None and (target_tok is None or _each_other(target_tok)) \
                and any(_each_other(c) for c in trig.children):
            target_tok = coordinated(actor_tok)  # "Israel and Lebanon accused each other": each the other's target
        # co-mediators are not each other's counterpart: the parties they bring together are
        partner = coordinated(actor_tok) if actor_tok is not None and (
            typ in lex.RECIPROCAL or coded.trigger.words.lower().startswith("exchanged")) \
            and lemma(trig) not in ("mediate", "mediation") else None  # "X and Y exchanged fire": each other
        if target_tok is None and coded.content is not None:
            inner = doc[coded.content.token]
            target_tok = target_token(inner, coded.content.noun, coded.content.type, actor_tok)
        if partner is not None and target_tok is not None and (
                coded.type == "COOPERATE" or not _object_of(target_tok, trig) or _where(target_tok)):
            # "Scholz and Macron met in Paris to discuss the war in Ukraine", "Ukraine and Russia agreed to
            # open corridors from Mariupol", "Russia and Ukraine exchanged 200 prisoners": each other
            target_tok = partner
        if target_tok is None and actor_tok is not None and (typ in lex.RECIPROCAL | {"MOBILIZE"} or partner):
            target_tok = coordinated(actor_tok)
            if typ == "MOBILIZE" and target_tok is not None:
                typ = "COOPERATE"  # joint exercises: mutual military cooperation
        stop = {t.i for t in (target_tok, actor_tok) if t is not None}
        context = _context_country(trig, ctx.gazetteer, countries)
        actor = name_party(actor_tok, ctx, stop=stop, context_country=context) if actor_tok is not None else None
        target = name_party(target_tok, ctx, stop=stop) if target_tok is not None else None
        if actor is not None and target is not None and (actor.party.name == target.party.name or (
                typ in lex.COOPERATIVE and ctx.gazetteer.kind_of(target.party.name) == "country"
                and target.country is not None and target.country == _home(actor, ctx.gazetteer))):
            target = None  # "Kyiv was ready to discuss a neutral status for Ukraine": no one agrees with itself
        # the article's own places where the entity stage pinned them (not NER's bare names)
        placed = ctx.entities if any(e.place is not None for e in ctx.entities) else ()
        location = _location(trig, ctx.gazetteer, countries, placed)
        if target is None and location is not None and typ in _PLACE_TARGETS and stormed is None and (
                actor is None or actor.country != location.country or actor.party.name != location.name):
            ent = next((e for e in ctx.entities if e.name == location.name), None)
            target = PartyRef(Party(location.name, ent.id if ent else None), location.country, 0, 0)
        mode = coded.mode
        if typ == "CONSULT" and location is not None and location.country is not None:
            parties = {p.country for p in (actor, target) if p is not None and p.country}
            if parties and location.country not in parties:
                mode = "third-party"
        if typ == "CONSULT" and mode is None:
            mode = _third_party(trig, actor, target, ctx) or mode
        end = sent.end_char
        while end > sent.start_char and text[end - 1].isspace():
            end -= 1
        event = Event(type=typ, sentence=TextSpan(sent.start_char, end), trigger=coded.trigger.words,
                      modality=coded.modality, mode=mode, actor=actor.party if actor else None,
                      target=target.party if target else None, location=location,
                      date=_date(trig, sent, published, forward=coded.modality == "intended"))
        return _Draft(event, actor.country if actor else None, target.country if target else None)


def _stormed(trig: Token, noun: bool) -> Token | None:
    """The building a verb 'storm' has as its object, when it is no party ('the residence', 'his home';
    not 'parliament', 'the town')."""
    if noun or lemma(trig) != "storm":
        return None
    obj = next((c for c in trig.children if c.dep_ in ("dobj", "nsubjpass")), None)
    return obj if obj is not None and not is_party(obj) else None


def _crowd(tok: Token) -> bool:
    """Civilians in protest: 'protesters', 'a mob', 'hundreds of protesters' (the parse's head is 'hundreds')."""
    heads = [tok, *(g for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children
                    if lemma(tok) in lex.GROUP_HEADS)]
    return any(lemma(h) in lex.PROTESTERS for h in heads)


def _talks(tok: Token) -> bool:
    return lex.NOUNS.get(lemma(tok)) == "CONSULT"


def _hosted_talks(trig: Token, noun: bool) -> Token | None:
    """'Turkey hosted talks between Russia and Ukraine': the first of the parties that met (the host is
    a third party, see _third_party)."""
    if noun or lemma(trig) != "host":
        return None
    for obj in (c for c in trig.children if c.dep_ == "dobj" and _talks(c)):
        for prep in (c for c in obj.children if c.dep_ == "prep" and c.lower_ == "between"):
            first = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if first is not None and is_party(first):
                return first
    return None


def _host(trig: Token) -> Token | None:
    """Who hosted the talks a trigger's clause holds: 'talks hosted by Turkey', 'Turkey hosted talks
    between ...'."""
    for tok in _scope(trig):
        if lemma(tok) != "host" or pos(tok) not in ("VERB", "AUX"):
            continue
        if tok.dep_ == "acl" and _talks(tok.head):
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            host = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
            if host is not None and is_party(host):
                return host
        if any(c.dep_ == "dobj" and _talks(c) for c in tok.children):
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is not None and is_party(subj):
                return subj
    return None


def _third_party(trig: Token, actor: PartyRef | None, target: PartyRef | None, ctx: PartyContext) -> str | None:
    """'third-party' where the talks' host is none of their parties ('talks hosted by Turkey')."""
    host_tok = _host(trig)
    if host_tok is None:
        return None
    host = name_party(host_tok, ctx, stop=set())
    parties = {_home(p, ctx.gazetteer) or p.party.name for p in (actor, target) if p is not None}
    return "third-party" if (_home(host, ctx.gazetteer) or host.party.name) not in parties else None


def _home(party: PartyRef, gaz: Gazetteer) -> str | None:
    """The country a party stands for: its own, or that of the city its name is ("Kyiv", "Moscow")."""
    if party.country is not None:
        return party.country
    if gaz.kind_of(party.party.name) in ("city", "world city"):
        found = gaz.lookup(party.party.name)
        return found.place.country if found is not None else None
    return None


def _owner(weapon: Token) -> Token | None:
    """Whose a weapon is: its national or named modifier ('Russian missiles', 'Houthi drones')."""
    return next((c for c in weapon.children if c.dep_ in ("amod", "compound", "poss")
                 and (c.ent_type_ in ("NORP", "GPE", "ORG") or pos(c) == "PROPN")), None)


def _each_other(tok: Token) -> bool:
    """'each other', 'one another' as an object."""
    return tok.lower_ in ("other", "another") and tok.dep_ in ("dobj", "pobj") and any(
        c.lower_ in ("each", "one") for c in tok.children)


def _natural(tok: Token, trig: Token) -> bool:
    """A force of nature, or a measure of one right before the trigger ("a magnitude 6.1 earthquake
    struck": the parse's subject is "magnitude"), no verb between."""
    if lemma(tok) in _NATURAL_FORCES or (lemma(tok) in _FIRES and not _gunfire(tok)):
        return True
    between = tok.doc[tok.i + 1:trig.i] if tok.i < trig.i else ()
    return not any(pos(t) in ("VERB", "AUX") for t in between) and any(
        pos(t) == "NOUN" and lemma(t) in _NATURAL_FORCES for t in between)


def _gunfire(fire: Token) -> bool:
    """'Israeli fire', 'tank fire', 'fire from the ridge', 'their fire': shots someone fired, no blaze."""
    return any(c.dep_ == "poss" or c.ent_type_ in ("NORP", "GPE", "ORG") or lemma(c) in _SHOOTERS
               or (c.dep_ == "prep" and c.lower_ == "from") for c in fire.children)


def _object_of(tok: Token, trig: Token) -> bool:
    """Whether ``tok`` is the trigger's own object or the object of its own preposition ("met with X")."""
    return tok.head.i == trig.i or (tok.head.head.i == trig.i and tok.head.dep_ == "prep")


def _where(tok: Token) -> bool:
    """A name that says where, not to whom: 'exchanged fire *in* Arauca'."""
    return tok.dep_ == "pobj" and tok.head.lower_ in _LOC_PREPS - {"on", "over", "into"}


def _forecast(warn: Token) -> bool:
    """A warning whose clause has no one acting in it: what a thing will do ("that the lockdown would
    weigh on growth"), not what someone will ("that police will no longer tolerate rallies")."""
    clauses = [c for c in warn.children if c.dep_ == "ccomp"]
    subjects = [s for c in clauses for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
    return bool(clauses) and bool(subjects) and not any(is_party(s) for s in subjects)


def _scope(trig: Token) -> list[Token]:
    """The tokens of the trigger's own clause (not of clauses embedded in it)."""
    head = clause_verb(trig)
    if head.i == trig.i and trig.dep_ in ("nsubj", "nsubjpass") and (
            lemma(trig.head) in _HAPPEN or trig.head.lower_ in _HAPPEN):
        head = trig.head  # "since the invasion began on Thursday": the day it began is its date
    if trig.dep_ == "pobj" and trig.head.lower_ in _TEMPORAL_PREPS:
        head = trig  # "resume talks on Friday, after the meeting in Istanbul": the meeting has its own time
    if head.i == trig.i and trig.dep_ == "advcl" and trig.tag_ == "VBG" and not any(
            c.dep_ in ("nsubj", "nsubjpass", "mark") for c in trig.children):
        head = trig.head  # "hit a block in Dnipro on Saturday, killing 40": the killing's place and day
    out: list[Token] = []
    todo = [head] if head.i == trig.i else [head, trig]
    seen: set[int] = set()
    while todo:
        tok = todo.pop()
        if tok.i in seen:
            continue
        seen.add(tok.i)
        out.append(tok)
        todo += [c for c in tok.children if c.dep_ not in _CLAUSE_BREAKS or c.i == trig.i]
    return sorted(out, key=lambda t: t.i)


def _location(trig: Token, gaz: Gazetteer, countries: Sequence[str],
              entities: Sequence[Entity] = (), *, origin: bool = True) -> Location | None:
    """The place of the event nearest its trigger; with ``origin``, also a place left ("from X")."""
    best: tuple[int, Location] | None = None
    for tok in _scope(trig):
        # a town or country owning a place noun ("in Dhaka's Gabtoli area"): only where nothing nearer is known
        owner = tok.dep_ == "poss" and _lemma(tok.head) in _PLACE_NOUNS
        if (tok.dep_ not in ("pobj", "compound", "conj", "nmod") and not owner) or pos(tok) not in ("PROPN", "NOUN"):
            continue
        anchor = tok.head if owner else tok
        while anchor.dep_ in ("compound", "conj", "nmod") and anchor.head.i != anchor.i:
            anchor = anchor.head
        if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and _lemma(anchor.head.head) in _PLACE_NOUNS:
            anchor = anchor.head.head
            while anchor.dep_ in ("compound", "conj"):
                anchor = anchor.head
        if _about(anchor, trig) or (anchor.dep_ == "pobj" and anchor.head.lower_ == "on"
                                    and _lemma(anchor.head.head) in _PENALTIES):
            continue  # "over Spain's shift on Western Sahara": what it is about; "sanctions on Niger": on whom
        located = anchor.dep_ == "pobj" and (anchor.head.lower_ in _LOC_PREPS or (
            origin and anchor.head.lower_ == "from" and _lemma(anchor.head.head) in _FROM_VERBS))
        if not (located or _lemma(anchor) in _PLACE_NOUNS) or pos(tok) != "PROPN" or tok.lower_ in _CALENDAR \
                or anchor.lower_ in _DAY_NOUNS:
            continue  # "in early March", "on Independence Day": dates, whatever town shares the name
        name = _proper_name(tok)
        found = gaz.lookup(name, countries)
        if found is None and " " in name and name.rsplit(" ", 1)[1].lower() in _PLACE_NOUNS:
            name = name.rsplit(" ", 1)[0]  # "Montenegro province", "Donetsk region"
            found = gaz.lookup(name, countries)
        if found is None:
            continue
        # a city's spelling variant shows as GeoNames' ("Kiev" -> Kyiv); otherwise the name as written
        shown = found.name if not found.is_country and _plain(name) != _plain(found.name) else name
        loc = Location(shown, found.place.lat, found.place.lon, found.place.country)
        placed = _entity_place(tok, name, entities)
        if placed is not False and placed != found.place:
            # the article's own reading of the name ("Perth, Scotland", "Georgia Gov."), or none
            if placed is None:
                continue
            loc = Location(name, placed.lat, placed.lon, placed.country)
        dist = abs(tok.i - trig.i) + (len(tok.doc) if owner else 0)
        if best is None or dist < best[0]:
            best = (dist, loc)
    return best[1] if best is not None else None


def _about(anchor: Token, trig: Token) -> bool:
    """Whether a place stands inside the matter of a phrase of cause ('over Spain's stance on X',
    'about the war in X'), not as that phrase's own object ('shot down over Donetsk')."""
    tok = anchor.head
    while tok.i != trig.i and tok.head.i != tok.i:
        if tok.dep_ == "prep" and tok.lower_ in _MATTER_PREPS and tok.i != anchor.head.i:
            return True
        tok = tok.head
    return False


def _entity_place(tok: Token, name: str, entities: Sequence[Entity]) -> Place | Literal[False] | None:
    """The place of the place entity of that name a token mentions (None: it has no pin); False:
    no such entity."""
    for e in entities:
        if e.type == "PLACE" and _plain(e.name) == _plain(name) and any(m.start <= tok.idx < m.end for m in e.mentions):
            return e.place
    return False


def _plain(name: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", name) if c.isalnum()).lower()


def _proper_name(tok: Token) -> str:
    """A proper name with its compound parts ('Saudi Arabia', 'the Gaza Strip')."""
    parts = [tok, *(c for c in tok.children if c.dep_ == "compound" and pos(c) == "PROPN")]
    if tok.ent_iob_ in ("B", "I") and tok.ent_type_ in ("GPE", "LOC", "FAC", "ORG", "PERSON", "NORP"):
        # the entity around the token, read off its neighbours: doc.ents builds every span of the
        # document, so reading it per trigger made long texts quadratic
        doc, start, end = tok.doc, tok.i, tok.i + 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return doc[start:end].text.removeprefix("the ").removesuffix("'s").removesuffix("’s")
    return " ".join(t.text for t in sorted(parts, key=lambda t: t.i))


def _lemma(tok: Token) -> str:
    return lemma(tok)


def _date(trig: Token, sent: Span, published: dt.date | None, forward: bool = False) -> str | None:
    scope = {t.i for t in _scope(trig)}
    offset = sent.start_char
    for mention in find_dates(sent.text):
        span = sent.doc.char_span(offset + mention.start, offset + mention.end, alignment_mode="expand")
        if span is None or not any(t.i in scope for t in span):
            continue
        when = resolve_date(mention.text, published, forward)
        if when is not None:
            return when.isoformat()
    return None


def _context_country(trig: Token, gaz: Gazetteer, countries: Sequence[str]) -> str | None:
    """The country a bare state body acts for: the place its clause is about ('Moscow, where ...')."""
    tok = trig
    while tok.head.i != tok.i:
        if tok.dep_ in ("relcl", "advcl") and pos(tok.head) == "PROPN":
            found = gaz.lookup(_proper_name(tok.head), countries)
            if found is not None:
                return found.place.country
        tok = tok.head
    loc = _location(trig, gaz, countries, origin=False)  # an army withdrawing from Kherson is not Ukraine's
    return loc.country if loc is not None else None


def _article_countries(doc: Doc, entities: Sequence[Entity], gaz: Gazetteer) -> tuple[str, ...]:
    names = [e.name for e in entities if e.type in ("PLACE", "GROUP")]
    names += [e.text for e in doc.ents if e.label_ in ("GPE", "NORP")]
    return gaz.countries_in(names)


def _key(p: Party | None, country: str | None) -> str | None:
    if p is None:
        return None
    return country or p.entity or p.name.lower()


def _merge(drafts: Sequence[_Draft]) -> list[_Draft]:
    """One record per event: a later mention of the same type with compatible parties, place and
    date (each a subset of, or unknown in, the other) and the same modality is folded into the first."""
    out: list[_Draft] = []
    for d in drafts:
        for i, kept in enumerate(out):
            if _same(kept, d):
                out[i] = _fold(kept, d)
                break
        else:
            out.append(d)
    return out


def _parties(d: _Draft) -> set[str]:
    keys = (_key(d.event.actor, d.actor_country), _key(d.event.target, d.target_country))
    return {k for k in keys if k is not None}


def _same(a: _Draft, b: _Draft) -> bool:
    ea, eb = a.event, b.event
    if ea.type != eb.type or ea.modality != eb.modality:
        return False
    pa, pb = _parties(a), _parties(b)
    if ea.date and eb.date and ea.date != eb.date:
        return False
    if ea.location and eb.location and ea.location.country != eb.location.country:
        return False
    if pa <= pb or pb <= pa:
        return True
    # the same place, and the same actor or an unknown one: "Rebels attacked Kidal ... The attack on Kidal"
    same_place = ea.location is not None and eb.location is not None and ea.location.name == eb.location.name
    actors = {_key(ea.actor, a.actor_country), _key(eb.actor, b.actor_country)} - {None}
    return same_place and len(actors) <= 1


def _fold(a: _Draft, b: _Draft) -> _Draft:
    ea, eb = a.event, b.event
    richer = len(_parties(b)) > len(_parties(a))
    base, other = (b, a) if richer else (a, b)
    ev = replace(base.event, sentence=ea.sentence, trigger=ea.trigger, location=ea.location or eb.location,
                 date=ea.date or eb.date, mode=ea.mode or eb.mode)
    if richer:
        ev = replace(ev, sentence=eb.sentence, trigger=eb.trigger)
    del other
    return replace(base, event=ev)


def fallback_entities(doc: Doc) -> tuple[Entity, ...]:
    """Entity records straight from spaCy's NER (for callers without an entity stage): one per
    distinct name, PERSON/ORG as they are, GPE/LOC/FAC as PLACE, NORP as GROUP."""
    by_name: dict[tuple[str, str], list[Mention]] = {}
    for ent in doc.ents:
        typ = _NER_TYPES.get(ent.label_)
        if typ is None:
            continue
        name = ent.text.removesuffix("'s").removesuffix("’s").strip()
        name = name[4:] if name[:4].lower() == "the " else name
        start = ent.start_char + ent.text.find(name)
        by_name.setdefault((typ, name), []).append(Mention(start, start + len(name), name))
    return tuple(Entity(id=f"e{i}", name=name, type=typ, mentions=tuple(ms))  # type: ignore[arg-type]
                 for i, ((typ, name), ms) in enumerate(by_name.items(), start=1))


__all__ = ["EventCoder", "Trigger", "fallback_entities"]
