"""Who a source phrase is: the entity it names, or the one a pronoun or a title points back to.

"he said" (or "..., who said") takes the most recent person named before it (outside quotations), and
"who" with no one named before it the noun its clause hangs on where that is a person ("A retired
teacher who said ..."); "they said" the group it points back to (:mod:`.groups`); "it said" the most
recent organisation; "the minister said" takes the most recent entity whose
titles hold "minister"; a named source is its entity. "The 38-year-old" is the person written with that
age, else the person the article names most so far; "the iPhone maker", where no organisation of its
sentence or spoken just before fits, the organisation it names most so far.
The Speaker keeps the source's own words' offsets (the mention next to the quote), whatever
name it resolves to. A pronoun no entity answers ("OPEC+" was not recognised as one) takes, by
:func:`antecedents`, the entity its sentence's subject names, else the speaker of an attribution just
before it, else that subject's own words: "it" never reaches the record while something it points
back to stands in the text.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..types import Entity, Quote, Speaker
from .entities import ROLES, TITLED
from .frames import np_span, source_of
from .gender import gender_of, pronoun_gender
from .groups import BODIES as GROUP_BODIES
from .groups import group_before, people_noun
from .parsed import Analysis, EntityMention, Sentence
from .titles import sent_text

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
GROUP_PRONOUNS = frozenset({"they", "we", "it"})
LOOKBACK = 1500  # characters: how far back a pronoun or a description may point
MODIFIERS = frozenset({"prep", "poss"})  # of a source's head noun: what it belongs to, not who it is
PRONOUN_SPEAKERS = frozenset({"it", "he", "she"})
POSSESSIVES = {"its": "it", "their": "they"}  # a noun cue's owner ("their charge that ...") is who the pronoun is
CLAUSE_DEPS = frozenset({"ccomp", "parataxis", "advcl", "conj"})
# nouns that stand for an organisation that spoke before them ("The alliance said ...")
BODIES = frozenset({"alliance", "cartel", "group", "bloc", "organisation", "organization", "company", "firm",
                    "agency", "coalition", "consortium", "association", "federation", "union", "institute"})
# nouns that describe a company named before them ("the automaker said", "the software giant"), and nouns
# that do so only with what it makes or owns before them ("the iPhone maker": Apple, not the iPhone)
DESCRIPTORS = frozenset({"automaker", "carmaker", "chipmaker", "planemaker", "drugmaker", "toymaker", "giant",
                         "retailer", "lender", "insurer", "airline", "carrier", "broadcaster", "conglomerate",
                         "startup", "start-up", "manufacturer", "brewer", "miner", "refiner", "chain", "bank",
                         "supermarket", "grocer", "outlet", "newspaper", "network", "studio"})
MAKERS = frozenset({"maker", "owner", "parent", "operator", "creator"})
PAPERS = frozenset({"newspaper", "paper", "daily", "tabloid", "broadsheet"})  # descriptions only a paper fits
# words of a paper's or an agency's name ("the Los Angeles Times", "The Press Democrat", "Newsday", "AP")
PRESS_NAMES = frozenset({"times", "post", "journal", "herald", "news", "tribune", "gazette", "daily", "telegraph",
                         "guardian", "globe", "chronicle", "observer", "star", "sun", "press", "mail", "express",
                         "examiner", "inquirer", "register", "record", "bulletin", "courier", "dispatch", "reporter",
                         "review", "standard", "independent", "mirror", "sentinel", "democrat", "times-picayune",
                         "ap", "afp", "reuters", "bloomberg", "tass", "xinhua", "isna", "irna", "ians", "pti"})
# the head nouns of a body described, not named ("the US military", "the state government"): what "it" may
# point back to
INSTITUTIONS = GROUP_BODIES | {"military", "army", "navy", "police", "parliament", "embassy", "authority", "office",
                               "regime", "cabinet"}
BODY_NOUNS = INSTITUTIONS | BODIES | DESCRIPTORS
MAX_DESCRIPTION_WORDS = 5
BODY_TYPES = frozenset({"ORG", "PLACE"})  # entities that speak as "it" (a firm, a ministry, a country)
# "the 38-year-old", "The 38-year-old American": a person described by age, who is the article's
AGED = re.compile(r"the (\d{1,3})[-\u2010 ]years?[-\u2010 ]old\b", re.IGNORECASE)
AGENT_ENDINGS = ("er", "or", "ist", "ian", "ers", "ors", "ists", "ians")  # nouns for who does something ("hacker")
# "those who", "some who": people the clause describes ("For someone who ...", a predicate, is one named)
SOMEONE = frozenset({"some", "those", "anyone", "anybody", "many", "others", "few"})
# a title's abbreviations, for the noun that describes its holder ("Florida Sen. Marco Rubio ... the senator")
# (not "Gen.": "the inspector general" is no general)
ABBREVIATIONS = {"sen": "senator", "gov": "governor", "rep": "representative", "atty": "attorney",
                 "sgt": "sergeant", "supt": "superintendent", "cmdr": "commander"}
INDEFINITE = frozenset({"a", "an", "one", "another"})
PLACE_CHARS = 40  # how near a mention of a person the place a description names must stand ("Vermont Sen. Sanders")
PREVIOUS_CHARS = 600  # how far back the speaker of an earlier attribution may stand in for a pronoun


def speaker_for(analysis: Analysis, sent: Sentence, head: int, span: tuple[int, int],
                quoted: Sequence[tuple[int, int]] = ()) -> Speaker:
    """The speaker whose source phrase spans tokens ``span`` of ``sent``, headed by ``head``."""
    toks = sent.tokens
    lo, hi = span
    start, end = toks[lo].start, toks[hi].end
    named = _named(analysis, sent, head, lo, hi)
    aged = AGED.match(analysis.article.text, start, end)
    if aged is not None and (named is None or named.type == "GROUP"):  # not 'American' of 'the 38-year-old American'
        person = _aged_person(analysis, start, aged.group(1))
        phrase = sent_text(sent, lo, hi)
        return Speaker(person.name, person.id, start, end) if person is not None else Speaker(phrase, None, start, end)
    if named is not None:
        return Speaker(named.name, named.id, start, end)
    word = POSSESSIVES.get(toks[head].lower, toks[head].lower)  # "its decision to ...": who "it" is
    verb = toks[toks[head].head]
    if toks[head].tag == "WDT" and verb.dep == "relcl" and toks[verb.head].tag != "WDT":
        # "the IllustrisTNG Project, which aims to ...": the noun the clause hangs on speaks
        antecedent = speaker_for(analysis, sent, verb.head, np_span(sent, verb.head), quoted)
        return Speaker(antecedent.name, antecedent.entity, start, end)
    if word in PERSON_PRONOUNS or word == "who":  # "..., who said": the person just named
        if word == "who" and verb.dep == "relcl":
            # "a contractor who said he was stiffed", "demonstrators here, who have taken to the streets":
            # the noun the clause hangs on where it is someone, before the person named last
            described = _relative(analysis, sent, verb.head, head, quoted)
            if described is not None:
                return Speaker(described.name, described.entity, start, end)
        gender = pronoun_gender(word)
        found = _person_before(analysis, toks[head].start, quoted, gender)
        subject = _subject_before(analysis, sent, head, quoted) if word in {"he", "she"} else None
        if subject is not None:
            said = gender_of(analysis, subject)
            # the subject before where it may be a man (a woman), unless only the nearer one is known to be
            if said == gender or (said is None and not (found is not None and gender_of(analysis, found) == gender)):
                found = subject
        if found is not None:
            return Speaker(found.name, found.id, start, end)
    elif word == "they":  # "The protesters marched ... they chanted": the group named just before
        group = group_before(analysis, sent, head, quoted)
        if group is not None:
            return Speaker(group.name, group.entity, start, end)
    elif word == "it":  # "OPEC+ ... it said": an organisation speaks as "it"
        body = _body_subject(analysis, sent, head, quoted)
        if body is not None:
            return Speaker(body.name, body.entity, start, end)
        found = _recent(analysis, toks[head].start, quoted, lambda e: e.type == "ORG")
        if found is not None:
            return Speaker(found.name, found.id, start, end)
    elif toks[head].tag in {"NN", "NNP"} and word not in GROUP_PRONOUNS:
        noun = word[:-1] if word.endswith("s") and len(word) > 4 else word
        places = [m for m in analysis.mentions_in(sent.index) if lo <= m.first and m.last <= hi
                  and analysis.entity(m.entity).type == "PLACE"]
        # "the Vermont senator", "the senator from Florida": one the article writes with that place ("Vermont
        # Sen. Bernie Sanders"), not the nearest senator; "a Democratic senator" is no one named before
        nations = [analysis.article.text[m.start:m.end] for m in analysis.mentions_in(sent.index)
                   if lo <= m.first and m.last <= hi and analysis.entity(m.entity).type == "GROUP"]
        # "the Russian negotiator": one whose titles name that nation ("Russia's lead negotiator"), not the
        # nearest negotiator ("one of the Ukrainian negotiators")
        found = _recent(analysis, toks[head].start, quoted, lambda e: _described(e, noun) and all(
            _placed(analysis, e, m) for m in places) and all(_of_nation(e, n) for n in nations)) if nations else None
        found = found or _recent(analysis, toks[head].start, quoted,
                                 lambda e: _described(e, noun) and all(_placed(analysis, e, m) for m in places))
        if found is None and places and noun in ROLES:  # else one not written with another place ('Texas Sen.')
            found = _recent(analysis, toks[head].start, quoted,
                            lambda e: _described(e, noun) and not _elsewhere(analysis, e, places))
        if found is not None and toks[lo].lower in INDEFINITE and not _apposed(analysis, found, start):
            found = None  # "a Democratic senator said" is no senator named before; "Alan Gross, an American
            # contractor" is Gross
        if found is not None:
            return Speaker(found.name, found.id, start, end)
    unnamed = _unnamed_name(analysis, sent, head)
    if unnamed is not None:  # "Arsenal boss Mikel Arteta" where the model named no one: Arteta, not Arsenal
        return Speaker(unnamed, None, start, end)
    return Speaker(sent_text(sent, lo, hi), None, start, end)


def _body_subject(analysis: Analysis, sent: Sentence, head: int,
                  quoted: Sequence[tuple[int, int]]) -> Speaker | None:
    """The organisation that is the subject of a clause before "it" in its own sentence: "Russia's foreign
    ministry said it viewed ... and said it would ..." is the ministry, not an organisation of the sentence
    before. An organisation or a country named, or a body described by its head noun ("the US military"),
    counts; a person or a people ("Republicans", "Swiss") does not."""
    toks = sent.tokens
    for i in range(head - 1, -1, -1):
        tok = toks[i]
        if tok.dep not in {"nsubj", "nsubjpass"} or not tok.tag.startswith("NN") \
                or any(a <= tok.start < b for a, b in quoted):  # a subject inside the quote is not who says it
            continue
        found = speaker_for(analysis, sent, i, np_span(sent, i))
        if (analysis.entity(found.entity).type in BODY_TYPES) if found.entity is not None else tok.lower in BODY_NOUNS:
            return found
    return None


def _named(analysis: Analysis, sent: Sentence, head: int, lo: int, hi: int) -> Entity | None:
    """The entity named by the source phrase: at its head, in apposition to it, or inside it."""
    m = analysis.mention_at(sent.index, head)
    if m is not None and (analysis.entity(m.entity).type == "PLACE" or _dateline(sent, m)):
        # "ATLANTA (AP) - Georgia Gov. Brian Kemp signed": a dateline the parse made the subject,
        # with the one who speaks in apposition to it
        beside = [analysis.mention_at(sent.index, c) for c in sent.tokens[head].children
                  if sent.tokens[c].dep == "appos"]
        found = [x for x in beside if x is not None and analysis.entity(x.entity).type in {"PERSON", "ORG"}]
        found.sort(key=lambda x: analysis.entity(x.entity).type != "PERSON")
        m = found[0] if found else m
    role = sent.tokens[head].tag == "NN" and sent.tokens[head].lower in ROLES | MAKERS
    if m is None:
        for c in sent.tokens[head].children:
            # "The Labour leader": the body modifying a role is not who speaks ("the leader" is looked for)
            if sent.tokens[c].dep == "appos" or (sent.tokens[c].dep == "compound" and not role):
                m = analysis.mention_at(sent.index, c)
                if m is not None and analysis.entity(m.entity).type == "GROUP":
                    m = None  # "the Saudi Foreign Ministry", "Lithuanian officials": a people names no speaker
                if m is not None and sent.tokens[c].dep == "compound" and _owner(analysis, sent, head, m):
                    m = None
                if m is not None:
                    break
    if m is None and _proper_unnamed(analysis, sent, head):
        return None  # a name the model missed heads the phrase: what modifies it is not who speaks
    if m is None:
        # 'The deputy speaker of Pakistan's National Assembly': a person described by the body named in a
        # modifier of the head noun is not that body (nor "Pakistan" in 'Pakistan's deputy speaker')
        toks = sent.tokens
        aside = {i for c in toks[head].children if toks[c].dep in MODIFIERS for i in sent.subtree(c)} \
            if toks[head].tag in {"NN", "NNS"} else set()
        if role:  # "The Labour leader", "the Pentagon spokesman": a person the body names, not the body
            aside |= {i for c in toks[head].children if toks[c].dep == "compound" for i in sent.subtree(c)}
        for c in toks[head].children:  # "US officials": whose they are
            owner = analysis.mention_at(sent.index, c) if toks[c].dep == "compound" else None
            if owner is not None and _owner(analysis, sent, head, owner):
                aside |= set(sent.subtree(c))
        inside = [x for x in analysis.mentions_in(sent.index) if lo <= x.first and x.last <= hi
                  and not aside.issuperset(range(x.first, x.last + 1))]
        people = [x for x in inside if analysis.entity(x.entity).type == "PERSON"]
        pick: Sequence[EntityMention] = people or [x for x in inside if analysis.entity(x.entity).type == "ORG"]
        m = pick[-1] if pick else None
    return analysis.entity(m.entity) if m is not None else None


def _owner(analysis: Analysis, sent: Sentence, head: int, m: EntityMention) -> bool:
    """Whether a name modifying a common noun says whose the speakers are, not who speaks: "Trump aides",
    "Google engineers", "US officials", "the US military" (a person's or a place's name before any common
    noun, any name before a plural one)."""
    tag = sent.tokens[head].tag
    kind = analysis.entity(m.entity).type
    return tag == "NNS" or (tag == "NN" and kind in {"PERSON", "PLACE"})


def _dateline(sent: Sentence, m: EntityMention) -> bool:
    """A name in capitals opening its sentence ("ATLANTA (AP) -"): a dateline's shape."""
    words = sent.tokens[m.first:m.last + 1]
    return m.first == 0 and all(t.text.isupper() for t in words if t.text.isalpha()) \
        and sum(len(t.text) for t in words) > 2
def _proper_unnamed(analysis: Analysis, sent: Sentence, head: int) -> bool:
    """Whether the source's head is a capitalised proper noun no entity covers ("Arteta")."""
    tok = sent.tokens[head]
    return tok.tag == "NNP" and tok.text[:1].isupper() and tok.text.isalpha() and len(tok.text) > 2 \
        and not tok.text.isupper() and tok.lower not in ROLES and tok.text not in TITLED \
        and analysis.mention_at(sent.index, head) is None


def _people_word(analysis: Analysis, sent: Sentence, k: int) -> bool:
    """A one-word people's name ("Saudi" of "the Saudi Foreign Ministry"): part of the body's name."""
    m = analysis.mention_at(sent.index, k) if k >= 0 else None
    return m is not None and m.first == m.last and analysis.entity(m.entity).type == "GROUP"


def _unnamed_name(analysis: Analysis, sent: Sentence, head: int) -> str | None:
    """The proper name ending at the source's head where no entity covers it ("Mikel Arteta" of
    "Arsenal boss Mikel Arteta"), without a title before it; None where the head is no such name."""
    if not _proper_unnamed(analysis, sent, head):
        return None
    toks = sent.tokens
    first, words = head, 1
    while first > 0 and words < 3:
        k = first - 1
        # "Rain Newton-Smith": a double-barrelled name's hyphen, written with no space around it
        joined = k > 0 and toks[k].text in {"-", "\u2010"} and toks[k].end == toks[first].start \
            and toks[k - 1].end == toks[k].start and _proper_unnamed(analysis, sent, k - 1)
        k -= 1 if joined else 0
        named = _proper_unnamed(analysis, sent, k) or _people_word(analysis, sent, k)
        if not (named and toks[k].head in {head, first}):
            break
        first, words = k, words + 1
    return "".join(t.text + (" " if t.end < toks[i + 1].start else "")
                   for i, t in enumerate(toks[first:head], first)) + toks[head].text


def _person_before(analysis: Analysis, before: int, quoted: Sequence[tuple[int, int]],
                   gender: str | None) -> Entity | None:
    """The person named last before ``before``; for "she" ("he") the last one the article does not
    write as a man (a woman): Ocasio-Cortez, not the Sanders named after her who thanked his crowd."""
    nearest = _recent(analysis, before, quoted, lambda e: e.type == "PERSON")
    if nearest is None or gender is None or gender_of(analysis, nearest) in {None, gender}:
        return nearest
    fits = _recent(analysis, before, quoted, lambda e: e.type == "PERSON" and gender_of(analysis, e) in {None, gender})
    return fits if fits is not None else nearest


def _subject_before(analysis: Analysis, sent: Sentence, head: int,
                    quoted: Sequence[tuple[int, int]]) -> Entity | None:
    """The person the sentence before (in the paragraph before too) has as its main verb's subject, where "he" or
    "she" stands in a sentence naming no person before it: "Morrison testified that he didn't follow suggestions
    from Sondland. He said ..." is Morrison, not Sondland named after him ("And in Cohen's studies, he ..." stays
    Cohen)."""
    sents = analysis.sentences
    if sent.index == 0 or any(m.first < head and analysis.entity(m.entity).type == "PERSON"
                              for m in analysis.mentions_in(sent.index)):
        return None
    prev = sents[sent.index - 1]
    if not prev.parsed:
        return None
    toks = prev.tokens
    root = next((t for t in toks if t.head == t.i), None)
    subj = next((toks[c] for c in root.children if toks[c].dep == "nsubj"), None) if root is not None else None
    if subj is None or any(a <= subj.start < b for a, b in quoted):
        return None
    m = analysis.mention_at(prev.index, subj.i)
    ent = analysis.entity(m.entity) if m is not None else None
    return ent if ent is not None and ent.type == "PERSON" else None


def _recent(analysis: Analysis, before: int, quoted: Sequence[tuple[int, int]],
            fits: Callable[[Entity], bool]) -> Entity | None:
    for m in analysis.mentions_before(before):
        if before - m.start > LOOKBACK:
            break
        if any(a <= m.start < b for a, b in quoted):
            continue
        ent = analysis.entity(m.entity)
        if fits(ent):
            return ent
    return None


def _relative(analysis: Analysis, sent: Sentence, k: int, who: int,
              quoted: Sequence[tuple[int, int]]) -> Speaker | None:
    """Who a "who" clause (at token ``who``) hanging on token ``k`` is about: the person named there, or
    someone described there and nowhere named ("a contractor", "demonstrators", "Mr. Rubio's campaign
    manager", "those"). None where the person named last is meant or may be: a description in apposition
    or as a predicate ("Tom Rath, a veteran GOP leader who", "Corey is the state attorney who"), names
    joined by "and" (the parse hangs the clause on the first), a definite description no entity answers
    ("the star journalist, who"), or a noun for no one ("a shop that sells women's underwear who")."""
    toks = sent.tokens
    tok = toks[k]
    if tok.lower in SOMEONE:
        return Speaker(tok.text)
    top = tok
    while top.dep == "conj" and top.head != top.i:  # "a serial liar, ... and birther who": a predicate still
        top = toks[top.head]
    if not tok.tag.startswith("NN") or top.dep in {"appos", "attr"} or toks[top.head].lower == "as" \
            or (any(toks[c].dep == "conj" for c in tok.children) and analysis.mention_at(sent.index, k) is not None):
        return None
    lo, hi = np_span(sent, k)
    hi = min(hi, who - 1)
    last = next(analysis.mentions_before(toks[lo].start), None)
    if last is not None and analysis.entity(last.entity).type == "PERSON" \
            and analysis.article.text[last.end:toks[lo].start].strip() in {",", "(", "-", "\u2014", "\u2013"}:
        return None  # "Harlan Crow, a Texas real estate developer, who": Crow, where the parse did not say so
    found = speaker_for(analysis, sent, k, (lo, hi), quoted)
    if found.entity is not None:  # a person the phrase names ("Kamin" of "said Mr. Kamin, who")
        named = any(lo <= m.first and m.last <= hi and m.entity == found.entity
                    for m in analysis.mentions_in(sent.index))
        return found if named and analysis.entity(found.entity).type == "PERSON" else None
    definite = toks[lo].lower in {"the", "this", "that"} and tok.tag == "NN"
    noun = tok.lower
    if definite or not (noun in ROLES or noun.endswith(AGENT_ENDINGS) or people_noun(noun)):
        return None
    return replace(found, name=found.name.strip())


def _placed(analysis: Analysis, entity: Entity, place: EntityMention, before: bool = True) -> bool:
    """Whether the article writes ``entity`` with the place ``place`` names: in a title ('Florida Sen.'),
    or within a few words of one of its mentions ('Sen. Bernie Sanders of Vermont', 'Vermont Sen. Sanders')."""
    text = analysis.article.text
    name = text[place.start:place.end].lower()
    if any(name in t.lower() for t in entity.titles):
        return True
    # the place, then only a title's words in capitals, right before the name ("Vermont Sen. Bernie Sanders")
    titled = re.compile(rf"(?i:{re.escape(name)})(?:\s+[A-Z][\w.'\-]*){{0,3}}\s*$")
    return any(titled.search(text, max(0, m.start - PLACE_CHARS), m.start) is not None
               or text[m.end:m.end + PLACE_CHARS].lower().startswith((f" of {name}", f", {name}", f" ({name}"))
               for m in entity.mentions if m.end < place.start or not before)


NATION_PREFIX = 4  # letters a nation's adjective shares with its name ("Russian"/"Russia's", "Chinese"/"China")


def _of_nation(entity: Entity, nation: str) -> bool:
    """Whether a title of ``entity`` names the nation ``nation`` (an adjective: "Russian") or its country."""
    stem = nation.lower()[:max(NATION_PREFIX, len(nation) - 3)]
    return any(w.lower().startswith(stem) for t in entity.titles for w in t.split())


def _elsewhere(analysis: Analysis, entity: Entity, places: Sequence[EntityMention]) -> bool:
    """Whether a title of ``entity`` names a place of the article other than ``places`` ('Texas Sen.')."""
    named = {m.entity for m in places}
    others = [e for e in analysis.entities if e.type == "PLACE" and e.id not in named]
    if any(w in {e.name.lower() for e in others} for t in entity.titles for w in _title_places(t)):
        return True
    return any(_placed(analysis, entity, EntityMention(e.id, m.start, m.end, 0, 0, 0), before=False)
               for e in others for m in e.mentions)


def _title_places(title: str) -> list[str]:
    """The runs of capitalised words of a title, lower-cased ('New York Sen.': 'new york', 'new york sen.')."""
    words = title.split()
    return [" ".join(words[i:j]).lower() for i in range(len(words)) for j in range(i + 1, min(len(words), i + 3) + 1)]


def _apposed(analysis: Analysis, entity: Entity, start: int) -> bool:
    """Whether a mention of ``entity`` ends right before ``start``, a comma or a dash between them."""
    text = analysis.article.text
    return any(0 <= start - m.end <= 4 and text[m.end:start].strip() in {",", "-", "\u2014", "\u2013"}
               for m in entity.mentions)


def _described(entity: Entity, noun: str) -> bool:
    if len(noun) < 3:
        return False
    words = {w.strip(".,").lower() for t in entity.titles for w in t.split()}
    words |= {ABBREVIATIONS[w] for w in words if w in ABBREVIATIONS}
    words |= {w[:-1] for w in words if w.endswith("s")}
    if entity.type in {"ORG", "GROUP"}:
        words |= {w.lower() for w in entity.name.split()}
    return noun in words


def antecedents(analysis: Analysis, quotes: Sequence[Quote]) -> tuple[Quote, ...]:
    """Quotes whose speaker is a bare pronoun get the speaker it points back to, where one stands."""
    out: list[Quote] = []
    for q in quotes:
        spk = q.speaker
        if spk is not None and spk.entity is None and spk.start is not None and spk.name.lower() in PRONOUN_SPEAKERS:
            found = _antecedent(analysis, spk, spk.start, [x.speaker for x in out if x.speaker is not None])
            if found is not None:
                q = replace(q, speaker=Speaker(found.name, found.entity, spk.start, spk.end))
        elif spk is not None and spk.entity is None and spk.start is not None and _description(spk.name):
            # "Toyota will spend ..., the automaker said", "with EgyptAir, the airline said": the firm its
            # sentence names before it, else the organisation that spoke just before; a paper's name says it is
            # one ("the newspaper" after "the Los Angeles Times" and "the Angels" is the Times)
            paper = spk.name.lower().split()[-1] in PAPERS
            fits = _press_organisation if paper else _organisation
            near = (_organisation_before(analysis, spk.start, fits), _previous_organisation(analysis, spk, out))
            found = next((x for x in near if x is not None and (not paper or _press(x.name))), None) \
                or _main(analysis, spk.start, fits)
            if found is not None:
                q = replace(q, speaker=Speaker(found.name, found.entity, spk.start, spk.end))
        elif spk is not None and spk.entity is None and spk.start is not None and _body(spk.name):
            # "The alliance said ...": the organisation that spoke just before, where one did
            prev = _previous_organisation(analysis, spk, out)
            if prev is not None:
                q = replace(q, speaker=Speaker(prev.name, prev.entity, spk.start, spk.end))
        out.append(q)
    return tuple(out)


def _body(name: str) -> bool:
    """'The alliance', 'the group': a definite organisation noun and nothing else."""
    words = name.lower().split()
    return len(words) == 2 and words[0] == "the" and words[1] in BODIES


def _previous_organisation(analysis: Analysis, spk: Speaker, earlier: Sequence[Quote]) -> Speaker | None:
    """The speaker of the attribution just before, up to PREVIOUS_CHARS back, if an organisation (the
    organisation that spoke before a person did is not taken: 'the company balked' after Nabisco and Trump)."""
    at = spk.start if spk.start is not None else 0
    prev = next((x.speaker for x in reversed(earlier) if x.speaker is not None and x.speaker.entity is not None
                 and x.speaker.start is not None and 0 < at - x.speaker.start <= PREVIOUS_CHARS), None)
    return prev if prev is not None and _person(analysis, prev) is False else None


def _organisation_before(analysis: Analysis, at: int, fits: Callable[[Entity], bool]) -> Speaker | None:
    """The organisation (one that ``fits``) its sentence names last before offset ``at``."""
    sents = analysis.sentences
    k = bisect.bisect_right([x.start for x in sents], at) - 1
    if k < 0:
        return None
    found = [m for m in analysis.mentions_in(sents[k].index) if m.end <= at
             and fits(analysis.entity(m.entity))]
    if not found:
        return None
    ent = analysis.entity(found[-1].entity)
    return Speaker(ent.name, ent.id, found[-1].start, found[-1].end)


def _main(analysis: Analysis, before: int, fits: Callable[[Entity], bool]) -> Speaker | None:
    """The entity the article is about so far among those that fit: the one named most often before
    ``before``, the first named of those named as often ('Apple ... Foxconn ... the iPhone maker said')."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in analysis.mentions_before(before):
        if fits(analysis.entity(m.entity)):
            counts[m.entity] += 1
            first[m.entity] = m.start  # the nearest first: what stays is the first mention
    if not counts:
        return None
    best = min(counts, key=lambda e: (-counts[e], first[e]))
    ent = analysis.entity(best)
    return Speaker(ent.name, ent.id, None, None)


def _aged_person(analysis: Analysis, before: int, age: str) -> Entity | None:
    """The person a description by age ('the 38-year-old') is: the one written with that age ('Serena
    Williams, 38,'), else the person the article is about so far."""
    text = analysis.article.text
    for m in analysis.mentions_before(before):
        ent = analysis.entity(m.entity)
        if ent.type == "PERSON" and re.match(rf",? \(?{age}\b", text[m.end:m.end + 6]):
            return ent
    found = _main(analysis, before, lambda e: e.type == "PERSON")
    return analysis.entity(found.entity) if found is not None and found.entity is not None else None


def _description(name: str) -> bool:
    """'The automaker', 'the Japanese automaker', 'the iPhone maker': a definite description of a company (not
    'the ship's owner': who owns a thing is no firm named before)."""
    words = name.lower().replace("\u2019", "'").split()
    if not 2 <= len(words) <= MAX_DESCRIPTION_WORDS or words[0] != "the":
        return False
    return words[-1] in DESCRIPTORS or (words[-1] in MAKERS and len(words) > 2 and not words[-2].endswith("'s"))


def _organisation(entity: Entity) -> bool:
    return entity.type == "ORG"


def _press_organisation(entity: Entity) -> bool:
    return entity.type == "ORG" and _press(entity.name)


def _press(name: str) -> bool:
    """Whether an organisation's name is a paper's or a news agency's ('Los Angeles Times', 'Newsday')."""
    return any(w in PRESS_NAMES or w.endswith(("news", "day")) for w in name.lower().replace(".", "").split())


def _antecedent(analysis: Analysis, spk: Speaker, at: int, earlier: Sequence[Speaker]) -> Speaker | None:
    person = spk.name.lower() != "it"
    subject = _clause_subject(analysis, at)
    if subject is not None and subject.entity is not None and _person(analysis, subject) == person:
        return subject  # 'The ministry of energy will ..., it said'
    for prev in reversed(earlier):  # 'OPEC+ agreed to ... . The group will ..., it said'
        if prev.start is None or not 0 < at - prev.start <= PREVIOUS_CHARS:
            continue
        if _person(analysis, prev) == person:
            return prev
    if subject is not None and subject.entity is None and not person:
        return subject  # 'The group will ..., it said': the group, named as the text names it
    return None


def _clause_subject(analysis: Analysis, at: int) -> Speaker | None:
    """The subject of the clause a pronoun's cue reports: 'The group ... will raise ..., it said'."""
    sents = analysis.sentences
    k = bisect.bisect_right([x.start for x in sents], at) - 1
    if k < 0 or not sents[k].parsed:
        return None
    sent = sents[k]
    toks = sent.tokens
    pron = next((t for t in toks if t.start == at), None)
    if pron is None or pron.head == pron.i:
        return None
    cue = toks[pron.head]
    roots = [c for c in cue.children if toks[c].dep in CLAUSE_DEPS and c < pron.i]
    if cue.dep in CLAUSE_DEPS and cue.head < pron.i:
        roots.append(cue.head)
    for r in roots:
        found = source_of(sent, toks[r])
        if found is not None and toks[found[0]].tag != "PRP" and found[1][1] < pron.i:
            return speaker_for(analysis, sent, found[0], found[1])
    return None


def _person(analysis: Analysis, spk: Speaker) -> bool | None:
    """Whether a speaker is a person (its entity's type); a name no entity answers ("OPEC+") is an
    organisation when every word of it is capitalised; None for a description ("the spokesman")."""
    if spk.entity is not None:
        try:
            return analysis.entity(spk.entity).type == "PERSON"
        except KeyError:
            return None
    words = [w for w in spk.name.split() if any(c.isalpha() for c in w)]
    if words and all(w[:1].isupper() for w in words) and words[0].lower() not in {"the", "a", "an"}:
        return False if spk.name.lower() not in PRONOUN_SPEAKERS | GROUP_PRONOUNS else None
    if words and words[-1].lower() in BODY_NOUNS:
        return False  # 'the US military said ... It did not reveal': a body, which "it" points back to
    return None
