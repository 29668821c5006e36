"""Attribution frames from the dependency parse: a cue word, its source, and its content.

"Medinsky said his country had received a position" gives the frame cue=said, source=Medinsky,
content="his country had received a position". A frame is a candidate; the cue classifier
(``Lexicon.classifier``) scores it and :mod:`newsdesk.understand.quotes` decides what is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .content import Keep, chosen, prune, rule_keep, second_act
from .cue_features import SUBJECTS, is_mark, scored
from .frames_nouns import SHARES, WILLS, noun_content
from .frames_passive import agent, agent_or_experiencer, dummy_it, passive_as, passive_hearsay, patient, raised
from .frames_phrasal import SHARES as PHRASAL_SHARES
from .frames_phrasal import phrasal_parts
from .lexicon import STANCES, Lexicon
from .parsed import Sentence, Token

CLIMB = frozenset({"xcomp", "advcl", "conj", "pcomp", "ccomp", "prep"})
# left out of a source noun phrase: what follows the name rather than names it
# a passive cue of these has its addressee as subject ("residents were told to leave"), not its source
ADDRESSED = frozenset({"told", "ordered", "urged", "asked", "advised", "instructed", "warned", "directed",
                       "encouraged", "requested", "begged", "reminded", "assured", "promised", "informed"})
# a passive cue of these has what is named as subject ("he was declared the winner"), no source
NAMED = frozenset({"declared", "pronounced", "proclaimed"})
# a passive of these gives a thing's name ("a poem called ...", "the island was known as ..."): the thing
# named is no speaker; who named it is the agent where one is, else the sentence does not say
TERMED = frozenset({"called", "known", "titled", "entitled", "named", "dubbed", "nicknamed", "labeled", "labelled",
                    "branded", "termed", "billed"})
ACTIVE_MARKS = frozenset({"aux", "dobj", "nsubj"})  # a participle with one of these is active
NAMES = frozenset({"oprd", "attr"})  # what a naming verb's object is called
INNER_CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "pcomp", "csubj"})  # a noun in one is no head
# "call" with one of these as its only object convenes it ("call early elections"), it says nothing
CONVENED = frozenset({"election", "elections", "vote", "votes", "referendum", "meeting", "session", "strike",
                      "strikes", "poll", "polls", "summit", "halt", "recess"})
# a cue at least this often an attribution in training may take a misparsed "that" clause
SAID_PRIOR = 0.3
# where a misparsed "that" clause may hang below a cue: its phrases, not its subject
PHRASE_DEPS = frozenset({"prep", "npadvmod", "dobj", "dative"})
# "according to a translation by the BBC" names who put the words in English, not who said them
TRANSLATIONS = frozenset({"translation", "translations", "translator", "translators", "interpreter",
                          "interpreters", "interpretation"})
# prepositions that open a scene-setting phrase the parse may take for a noun's modifier ('Outside court, ...')
SCENE_WORDS = frozenset({"outside", "inside", "after", "before", "during", "following", "afterwards", "later"})
# the share of stance predicates ('X is a supporter of Y') that are attributions on PolNeAR train (21 of 34)
STANCE_SHARE = 0.6
# a document whose maker an 'according to' phrase may name ('according to a statement from the ministry')
DOCUMENTS = frozenset({"statement", "statements", "report", "reports", "release", "letter", "memo", "filing",
                       "filings", "tweet", "tweets", "post", "study", "survey", "analysis", "estimate",
                       "estimates", "poll", "figures", "data", "transcript", "documents", "document"})
# a preposition that opens a cue's content but is no part of what was said about ('talked about X')
BARE_PREPOSITIONS = frozenset({"about", "for", "on", "against", "of", "with", "from"})
# the words a command to the reader may open with before its verb ("And don't forget", "Please note", "Just aim")
COMMAND_OPENERS = frozenset({"and", "but", "so", "now", "then", "just", "please", "do", "don't", "dont", "n't",
                             "never", "always", "also", "simply", "first", "finally"})
# a command's verb: its base form, or the present the small tagger gives some ('Thank you all for ...')
COMMAND_TAGS = frozenset({"VB", "VBP"})
OWN_SUBJECT = SUBJECTS | {"expl"}  # a verb with one of these is no command ("There seems to be", "You see")
# what sets off a closing apposition ('..., a plan ...', '... — a decline that ...')
APPOSITION_BREAKS = frozenset({",", "—", "–", "--", "-"})
NP_DROP = frozenset({"relcl", "acl", "punct", "cc", "conj", "appos", "advcl", "parataxis"})


@dataclass(frozen=True)
class Frame:
    """A cue with the source and content the parse gives it (token indices of one sentence)."""

    sentence: int
    cue: int
    lemma: str
    content: tuple[int, ...]
    source: int | None  # head token of the source noun phrase
    source_span: tuple[int, int] | None  # first and last token of the source phrase
    how: str  # which rule found the content: complement, parenthetical, according, acl
    features: tuple[tuple[str, float], ...] = ()
    probability: float = 1.0
    holds_subject: bool = False  # the content holds the cue's subject ('Trump is expected to win')


def find_frames(sent: Sentence, lexicon: Lexicon) -> list[Frame]:
    """Every cue candidate of a parsed sentence that has some content."""
    if not sent.parsed:
        return []
    frames: list[Frame] = []
    toks = sent.tokens
    for tok in toks:
        if _tag_name(sent, tok):
            continue
        if tok.lower == "according" and tok.i + 1 < len(toks) and toks[tok.i + 1].lower == "to":
            frame = _according(sent, tok)
        elif tok.lower in STANCES and tok.dep in {"attr", "acomp"}:
            stance = _stance_frame(sent, tok)
            if stance is not None:
                frames.append(replace(stance, probability=STANCE_SHARE))
            continue
        elif tok.lower in CONVICTIONS and tok.dep == "acomp":
            held = _conviction_frame(sent, tok)
            if held is not None:
                frames.append(held)
            continue
        elif tok.lower in lexicon.nouns and tok.tag.startswith("NN"):
            noun = noun_frame(sent, tok)
            noun = replace(noun, probability=lexicon.nouns[tok.lower]) if noun is not None else object_frame(sent, tok)
            if noun is not None:
                frames.append(noun)
            continue
        elif tok.tag.startswith("NN"):
            # a cue verb's form as a noun ('his claim that ...'), or another noun of saying or wanting ('his
            # attacks on X'): not scored by the classifier, like the nouns above
            lemma = lexicon.lemma(tok.text)
            known = cue_noun_frame(sent, tok, lemma) if lemma else None
            known = known or object_frame(sent, tok)
            if known is not None:
                frames.append(known)
            continue
        else:
            lemma = lexicon.lemma(tok.text)
            frame = _verb_frame(sent, tok, lemma, lexicon) if lemma and tok.is_verb else None
        if frame is not None:
            frames.append(_past_preposition(sent, scored(sent, frame, lexicon)))
    frames += _phrasal_frames(sent, [f.cue for f in frames])
    cues = frozenset(f.cue for f in frames)
    frames = [_before_apposition(sent, _passive(sent, f, cues)) for f in frames]
    return _before_second_acts(sent, frames, lexicon)


def _phrasal_frames(sent: Sentence, cues: list[int]) -> list[Frame]:
    """The frames of phrasal cues ('made it clear that', 'In a CNN poll, ...': frames_phrasal.py), on no word that
    cues a frame already; their share of gold contents in training is their probability."""
    out: list[Frame] = []
    for tok in sent.tokens:
        found = phrasal_parts(sent, tok, cues, _source, _trim) if tok.i not in cues else None
        if found is not None:
            kind, content, src = found
            out.append(Frame(sent.index, tok.i, tok.lower, tuple(content), src,
                             np_span(sent, src) if src is not None else None, kind, probability=PHRASAL_SHARES[kind]))
    return out


def _before_second_acts(sent: Sentence, frames: list[Frame], lexicon: Lexicon) -> list[Frame]:
    """A content ends before a verb of the speaker's joined inside it ("suggested X be fired and defended Trump",
    see :func:`content.second_act`); that verb's own frame is the speaker's too, not its head's subject's."""
    toks = sent.tokens
    out = list(frames)
    for n, frame in enumerate(frames):
        if frame.how != "complement" or frame.lemma == "according to" or not toks[frame.cue].is_verb:
            continue
        act = second_act(sent, toks[frame.cue], list(frame.content), lambda word: lexicon.lemma(word) is not None)
        if act is None:
            continue
        conj, cut = act
        rest = _trim(sent, [i for i in frame.content if i < cut])
        if not rest:
            continue
        out[n] = replace(out[n], content=tuple(rest))
        if frame.source is None:
            continue
        for m, other in enumerate(frames):
            if other.cue == conj:
                out[m] = replace(out[m], source=frame.source, source_span=frame.source_span)
    return out


def _passive(sent: Sentence, frame: Frame, cues: frozenset[int]) -> Frame:
    """A passive cue whose subject is not who speaks (frames_passive.py): the "by" phrase is, if the sentence
    names one. A hearsay passive's content keeps its subject ('Trump is expected to win') past quotes.py's cut
    of what stands before the cue, and so does a seeming's ('Yellen seems to be steering ...'; 4-fold CV on
    PolNeAR train: all F1 0.7283 -> 0.7290, dev 0.7470 -> 0.7475); a naming one's ('billed as humanitarian')
    does not."""
    cue = sent.tokens[frame.cue]
    named = passive_as(sent, cue, frame.content)
    heard = passive_hearsay(sent, cue, frame.content) if named is None else None
    if heard is None and named is None:
        heard = raised(sent, cue, frame.content, cues)
    if named is None and heard is None and not dummy_it(sent, cue) and not patient(sent, cue):
        return frame
    content = named or heard or list(frame.content)
    src = agent_or_experiencer(sent, cue)
    return replace(frame, content=tuple(_trim(sent, content)), source=src,
                   source_span=np_span(sent, src) if src is not None else None, holds_subject=heard is not None)


def _before_apposition(sent: Sentence, frame: Frame) -> Frame:
    """'... Trump's proposal to ban Muslims from entering the U.S., a plan the billionaire has since modified':
    an apposition that closes the content after a comma or a dash and opens with "a", "an" or "the" is the
    writer's gloss on the word before it; PolNeAR's gold leaves it out. Not of a content with quotation marks
    (a mixed quote's span is measured as written), nor of a name ('..., Carlos A. Gimenez')."""
    toks = sent.tokens
    content = set(frame.content)
    last = max((i for i in frame.content if not toks[i].is_punct), default=None)
    if last is None or any(is_mark(toks[i]) for i in frame.content):
        return frame
    for i in frame.content:
        tok = toks[i]
        if tok.dep != "appos" or tok.head not in content:
            continue
        sub = sent.subtree(i)
        lo = min(sub)
        if max(sub) >= last and lo - 1 > frame.content[0] and lo - 1 in content \
                and toks[lo - 1].text in APPOSITION_BREAKS and toks[lo].lower in {"a", "an", "the"}:
            rest = _trim(sent, [k for k in frame.content if k < lo - 1])
            return replace(frame, content=tuple(rest)) if rest else frame
    return frame


def _past_preposition(sent: Sentence, frame: Frame) -> Frame:
    """'complained about his microphone', 'called for more school investment': the content is what the
    preposition governs (PolNeAR train's gold starts after it about nine times in ten). Scored first: the
    classifier learned the preposition as the content's first word."""
    toks = sent.tokens
    first = toks[frame.content[0]]
    if first.lower not in BARE_PREPOSITIONS or first.dep != "prep" or first.head != frame.cue \
            or not any(toks[c].dep in {"pobj", "pcomp"} for c in first.children) \
            or any(is_mark(toks[i]) for i in frame.content):  # a mixed quote's span is measured as written
        return frame
    rest = _trim(sent, list(frame.content[1:]))
    return replace(frame, content=tuple(rest)) if rest else frame


def _stance_frame(sent: Sentence, tok: Token) -> Frame | None:
    """'Graham has been critical of Trump', 'who is a staunch opponent of the death penalty': the
    predicate's "of" phrase is what the stance is on, its subject who holds it."""
    toks = sent.tokens
    of = next((c for c in tok.children if toks[c].dep == "prep" and toks[c].lower == "of" and c > tok.i), None)
    obj = next((c for c in toks[of].children if toks[c].dep == "pobj"), None) if of is not None else None
    if obj is None or tok.head == tok.i:
        return None
    src = _source(sent, toks[tok.head])
    content = _trim(sent, sent.subtree(obj))
    return Frame(sent.index, tok.i, tok.lower, tuple(content), src, np_span(sent, src) if src is not None else None,
                 "stance") if content and src is not None else None


def _tag_name(sent: Sentence, tok: Token) -> bool:
    """Whether a word names a markup tag left in the text ('<tweet author="...">'): no cue."""
    prev = sent.tokens[tok.i - 1] if tok.i > 0 else None
    return prev is not None and prev.text.endswith("<") and prev.end == tok.start


def _verb_frame(sent: Sentence, tok: Token, lemma: str, lexicon: Lexicon) -> Frame | None:
    if _imperative(sent, tok):
        return None
    adjectival = _adjectival_cue(sent, tok, lemma)
    if adjectival is not None:
        return adjectival
    model = lexicon.content

    def keep(node: Token, feats: dict[str, float]) -> float:
        return model.probability(feats) if model is not None else rule_keep(node, feats)

    content, how = content_of(sent, tok, lemma, keep)
    misplaced = _misplaced_that(sent, tok) if lexicon.prior.get(lemma, 0.0) >= SAID_PRIOR else None
    if misplaced is not None:
        content, how = misplaced, "complement"
    content = _trim(sent, sorted(set(content) - _own_subject(sent, tok)))
    content = _past_as_saying(sent, tok, content)
    content = _before_stray_subject(sent, content)
    if not content:
        content = _fronted_subject_clause(sent, tok)
    if not content:
        content, how = _passive_subject(sent, tok), "passive"
    if not content or (lemma == "call" and _convenes(sent, tok, content)) or (
            lemma == "add" and _adds_to(sent, tok, content)) or _named_passive(sent, tok):
        return None
    src = agent(sent, tok) if how == "passive" else _source(sent, tok)
    if src is None:
        stranded = _stranded_source(sent, tok, content)
        if stranded is not None:
            src, span = stranded
            content = _trim(sent, [i for i in content if i < span[0]])
            return Frame(sent.index, tok.i, lemma, tuple(content), src, span, how) if content else None
    return Frame(sent.index, tok.i, lemma, tuple(content), src, np_span(sent, src) if src is not None else None, how)


def _imperative(sent: Sentence, tok: Token) -> bool:
    """A command to the reader ('See it now', 'Remember, ...', "And don't forget to ...", 'Tell us what you
    think', 'Thank you all ...'): a base-form verb (or one the tagger read as a present) opening its sentence with
    no subject of its own (the sentence's root, or a clause before it). No one is quoted."""
    toks = sent.tokens
    if tok.tag not in COMMAND_TAGS or tok.head < tok.i or any(toks[c].dep in OWN_SUBJECT for c in tok.children):
        return False
    before = [t for t in toks[:tok.i] if not t.is_punct]
    return all(t.lower in COMMAND_OPENERS for t in before)


RELATIVES = frozenset({"who", "whom", "which", "that", "whose", "what"})


def _adjectival_cue(sent: Sentence, cue: Token, lemma: str) -> Frame | None:
    """'The 38-year-old told reporters she would appeal.': the parse read the whole sentence as one noun
    phrase, the cue (a past tense, never an adjective) modifying its listener and the reported clause a
    relative clause on it. The words before the cue are its source, the clause with a subject of its own
    (not a relative pronoun) its content."""
    toks = sent.tokens
    if cue.tag != "VBD" or cue.dep != "amod" or cue.head <= cue.i or cue.lower not in ADDRESSED:
        return None
    listener = toks[cue.head]
    clause = next((c for c in listener.children if toks[c].dep in {"relcl", "acl", "ccomp"}
                   and min(sent.subtree(c)) == listener.i + 1
                   and any(toks[s].dep in SUBJECTS and not RELATIVES & {toks[w].lower for w in sent.subtree(s)}
                           for s in toks[c].children)), None)
    before = [c for c in listener.children if c < cue.i]
    if not before:
        return None
    if clause is not None:
        content = _trim(sent, sent.subtree(clause))
    elif listener.i + 1 < len(toks) and toks[listener.i + 1].text == ":" and listener.head > listener.i:
        # 'The 38-year-old told reporters: "I will appeal."': the listener read as the quote's subject
        content = _trim(sent, list(range(listener.i + 2, len(toks))))
    elif listener.dep in SUBJECTS and listener.head > listener.i:
        # 'The 38-year-old told reporters on Monday she would appeal.': the listener read as a second subject
        verb = toks[listener.head]
        other = [c for c in verb.children if toks[c].dep in SUBJECTS and c > listener.i]
        if not other:
            return None
        first = min(sent.subtree(other[0]))
        content = _trim(sent, [i for i in sent.subtree(verb.i) if i >= first])
    else:
        return None
    lo = min(min(sent.subtree(c)) for c in before)
    source = max(c for c in before if toks[c].dep != "det") if any(toks[c].dep != "det" for c in before) \
        else before[-1]
    return Frame(sent.index, cue.i, lemma, tuple(content), source, (lo, cue.i - 1), "complement") if content else None


def _passive_subject(sent: Sentence, cue: Token) -> list[int]:
    """'The plan has been endorsed by Senator Smith': a passive cue with nothing after it and its source
    named by "by"; what it holds of is its subject. Not of a cue whose subject is who was addressed
    ('he was told by officials')."""
    toks = sent.tokens
    subj = [c for c in cue.children if toks[c].dep == "nsubjpass"]
    if len(subj) != 1 or agent(sent, cue) is None or cue.lower in ADDRESSED | NAMED \
            or toks[subj[0]].tag in {"WDT", "WP"}:
        return []
    return _trim(sent, sent.subtree(subj[0]))


def _past_as_saying(sent: Sentence, cue: Token, content: list[int]) -> list[int]:
    """'Smith was quoted as saying the deal was dead': what was said starts after 'as saying'. Only of a
    passive cue: 'The Times quoted an adviser as saying ...' keeps who was quoted in its content."""
    toks = sent.tokens
    if not content or toks[content[0]].lower != "as" or not any(toks[c].dep == "nsubjpass" for c in cue.children):
        return content
    verb = next((c for c in toks[content[0]].children if toks[c].dep == "pcomp" and toks[c].tag == "VBG"), None)
    return _trim(sent, [i for i in content if i > verb]) if verb is not None else content


def _named_passive(sent: Sentence, cue: Token) -> bool:
    """'he was declared the winner', 'the area was proclaimed a disaster zone': a passive of declaring a
    status with no one doing it named; its subject is what was declared, and no one's words are reported."""
    deps = {sent.tokens[c].dep for c in cue.children}
    return cue.lower in NAMED and "nsubjpass" in deps and "agent" not in deps


def _misplaced_that(sent: Sentence, cue: Token) -> list[int] | None:
    """'Sanders said following a vote in 2001 that he had "very serious concerns ..."': a "that"
    clause the parse hung on a noun of the cue's phrase as a relative clause although its "that"
    is a conjunction (a relative "that" is the clause's subject or object). It is the cue's content."""
    toks = sent.tokens
    if any(toks[c].dep == "ccomp" for c in cue.children):
        return None
    stack = [c for c in cue.children if c > cue.i and toks[c].dep in PHRASE_DEPS]
    while stack:
        node = toks[stack.pop()]
        for c in node.children:
            child = toks[c]
            if child.dep == "relcl" and any(toks[m].dep == "mark" and toks[m].lower == "that" and m < c
                                            for m in child.children):
                return sent.subtree(c)
            if child.dep in PHRASE_DEPS | {"pobj"}:
                stack.append(c)
    return None


def _fronted_subject_clause(sent: Sentence, cue: Token) -> list[int]:
    """'Israeli airstrikes killed 20 people overnight, health officials said.': the parse read the
    report's verb as a clause on its subject ('airstrikes *killed*' as 'airstrikes that killed') and
    hung that subject on the cue beside its own. With a comma between them, all before the comma
    is the content, and the subject after it speaks."""
    toks = sent.tokens
    subjects = [c for c in cue.children if toks[c].dep in SUBJECTS]
    comma = next((i for i in range(cue.i - 1, -1, -1) if toks[i].text == ","), None)
    if comma is None or len(subjects) != 2 or not subjects[0] < comma < subjects[1] < cue.i:
        return []
    fronted = toks[subjects[0]]
    if not any(toks[c].dep == "acl" and toks[c].tag in {"VBD", "VBN"} for c in fronted.children) \
            or max(sent.subtree(fronted.i)) >= comma:
        return []
    return _trim(sent, list(range(0, comma)))


def _adds_to(sent: Sentence, cue: Token, content: list[int]) -> bool:
    """'adding to the record release announced by ...': an amount added to, not words added."""
    toks = sent.tokens
    clauses = [c for c in cue.children if toks[c].dep in {"ccomp", "xcomp", "dobj", "parataxis"}]
    to = [c for c in cue.children if toks[c].dep == "prep" and toks[c].lower == "to"]
    quoted = any(is_mark(toks[i]) for i in range(cue.i + 1, max(content) + 1))  # 'adding "to all the voters ..."'
    return not clauses and bool(to) and not quoted


def _convenes(sent: Sentence, cue: Token, content: list[int]) -> bool:
    """'dissolve the assembly and call early elections': an event called, not a statement."""
    toks = sent.tokens
    objs = [c for c in cue.children if toks[c].dep in {"dobj", "ccomp", "xcomp", "oprd", "dative"}]
    if len(objs) != 1 or toks[objs[0]].dep != "dobj" or toks[objs[0]].lower not in CONVENED:
        return False
    obj = toks[objs[0]]
    # 'called a referendum — "No to Free Lawyers"': words in marks are attributed all the same
    return not any(toks[c].dep in {"oprd", "xcomp", "ccomp", "acl", "relcl"} for c in obj.children) \
        and not any(is_mark(toks[i]) for i in content)


STRANDED = frozenset({"appos", "compound", "amod", "det", "poss", "case", "nmod", "punct"})


def _stranded_source(sent: Sentence, cue: Token, content: list[int]) -> tuple[int, tuple[int, int]] | None:
    """'..., killing twelve people, the regional governor Vitaliy Kim said.': a subjectless cue at
    the end whose speaker the parse hung on the content as an apposition. The source is the noun
    phrase between the last comma and the cue, and the content ends before it."""
    toks = sent.tokens
    if not content or content[-1] != cue.i - 1:
        return None
    comma = next((i for i in range(cue.i - 1, max(content[0], cue.i - 10), -1) if toks[i].text == ","), None)
    if comma is None or comma + 1 >= cue.i:
        return None
    stretch = range(comma + 1, cue.i)
    tops = [i for i in stretch if not comma < toks[i].head < cue.i]
    if len(tops) != 1 or toks[tops[0]].dep != "appos" or any(toks[i].dep not in STRANDED for i in stretch):
        return None
    names = [i for i in stretch if toks[i].tag.startswith("NNP")]
    return (names[-1] if names else tops[0]), (comma + 1, cue.i - 1)


def content_of(sent: Sentence, tok: Token, lemma: str, keep: Keep) -> tuple[list[int], str]:
    """The content tokens of cue ``tok`` and how they were found (complement or parenthetical)."""
    roots = chosen(sent, tok, lemma, keep)
    if roots:
        return prune(sent, roots, lemma, keep), "complement"
    if tok.dep in {"parataxis", "advcl", "ccomp", "conj"} and tok.head != tok.i:
        # "The economy, he said, is strong." / "It is strong, he said."
        return prune(sent, [tok.head], lemma, keep, frozenset(sent.subtree(tok.i))), "parenthetical"
    return [], "complement"


def _according(sent: Sentence, tok: Token) -> Frame | None:
    toks = sent.tokens
    to = toks[tok.i + 1]
    objs = [c for c in to.children if toks[c].dep == "pobj"] + [c for c in tok.children if toks[c].dep == "pobj"]
    src = objs[0] if objs else None
    phrase = set(sent.subtree(tok.i)) | set(sent.subtree(to.i)) | {tok.i, to.i}
    if src is not None:
        phrase |= set(sent.subtree(src))
    if src is not None:
        src = _maker(sent, src)
    content = _trim(sent, [i for i in range(len(toks)) if i not in phrase])
    if not content or (src is not None and toks[src].lower in TRANSLATIONS and any(is_mark(toks[i]) for i in content)):
        return None  # '"...," Zelensky said in Ukrainian, according to a translation': who put it in English
    return Frame(sent.index, tok.i, "according to", tuple(content), src,
                 np_span(sent, src) if src is not None else None, "according")


def _maker(sent: Sentence, noun: int) -> int:
    """'according to a statement from the Interior Ministry', '... a report by Human Rights Watch', '... a
    statement released by the White House': who made the document speaks, where the phrase names them."""
    toks = sent.tokens
    if toks[noun].lower not in DOCUMENTS:
        return noun
    for c in toks[noun].children:
        holder = toks[c]
        if holder.dep == "acl" and holder.tag == "VBN":  # 'released by'
            holder = next((toks[a] for a in holder.children if toks[a].dep == "agent"), holder)
        if holder.dep in {"prep", "agent"} and holder.lower in {"from", "by", "of"}:
            obj = next((o for o in holder.children if toks[o].dep == "pobj"), None)
            if obj is not None and toks[obj].lower not in DOCUMENTS:
                return obj
    return noun


def noun_frame(sent: Sentence, tok: Token) -> Frame | None:
    """'the suggestion that ...': a cue noun's "that" clause is its content; the source is its
    possessor ('his suggestion') or, for an object ('Trump made the suggestion'), the verb's subject.
    Not scored by the classifier: the noun's share of attributions in training is its probability."""
    toks = sent.tokens
    clause = next((c for c in tok.children if toks[c].dep in {"acl", "ccomp"}
                   and any(toks[m].dep == "mark" and toks[m].lower == "that" for m in toks[c].children)), None)
    if clause is None:
        return None
    content = _trim(sent, sent.subtree(clause))
    if not content:
        return None
    src = _noun_source(sent, tok)
    return Frame(sent.index, tok.i, tok.lower, tuple(content), src, np_span(sent, src) if src is not None else None,
                 "noun")


# the share of a cue verb's noun frames that are attributions on PolNeAR train, by what holds the content: a
# "that" clause ('his claim that ...', 32 of 124), an "about" phrase ('questions about his health', 70 of 204), or
# a clause after "of" or "over" ('the question of whether ...', 26 of 98). "to" ('her plan to ...', 49 of 306) and
# "on" ('his attack on X', 47 of 369) did not raise 4-fold CV.
NOUN_SHARES = {"that": 0.26, "about": 0.35, "of": 0.27}


def cue_noun_frame(sent: Sentence, tok: Token, lemma: str) -> Frame | None:
    """'his claim that ...', 'questions about his health', 'the question of whether ...': a noun form of a cue
    verb with the clause or the phrase that says what it holds. Its source is whose the noun is
    (:func:`_noun_source`)."""
    toks = sent.tokens
    for c in tok.children:
        child = toks[c]
        if child.dep in {"acl", "ccomp"} and any(toks[m].dep == "mark" and toks[m].lower == "that"
                                                 for m in child.children):
            kind, root = "that", c
        elif child.dep == "prep" and child.lower == "about" and c > tok.i:
            obj = next((o for o in child.children if toks[o].dep in {"pobj", "pcomp"}), None)
            if obj is None:
                continue
            kind, root = "about", obj  # PolNeAR's content leaves the preposition to the cue
        elif child.dep == "prep" and child.lower in {"of", "over"} and c > tok.i:
            obj = next((o for o in child.children if toks[o].dep == "pcomp"), None)
            if obj is None:
                continue
            kind, root = "of", obj  # a clause, not a noun: 'the question of *whether* ...', 'charges of *bailing out*'
        else:
            continue
        content = _trim(sent, sent.subtree(root))
        if content:
            src = _noun_source(sent, tok)
            return Frame(sent.index, tok.i, lemma, tuple(content), src,
                         np_span(sent, src) if src is not None else None, "noun", probability=NOUN_SHARES[kind])
    return None


def object_frame(sent: Sentence, tok: Token) -> Frame | None:
    """'His attacks on Mr. Clinton', 'Trump's decision to skip the debate', 'Sanders's contention that he can win':
    a noun of saying or wanting with what it holds (:func:`frames_nouns.noun_content`), where its source is named.
    A "to" clause needs a possessor: 'a decision to close the plant', made by whoever made it, is no one's words."""
    found = noun_content(sent, tok)
    src = _noun_source(sent, tok) if found is not None else None
    if found is None or src is None or (found[1] == "will" and src not in tok.children):
        return None
    content = _trim(sent, found[0])
    return Frame(sent.index, tok.i, tok.lower, tuple(content), src, np_span(sent, src), "noun",
                 probability=SHARES[found[1]]) if content else None


# what one is of a proposition ('confident that the bill will pass'): its holder's belief, an attribution
CONVICTIONS = frozenset({"confident", "convinced", "aware", "hopeful", "worried", "optimistic", "pessimistic",
                         "concerned", "adamant", "doubtful", "certain", "fearful", "insistent"})
# the share of their "that" clauses that are attributions on PolNeAR train (21 of 43)
CONVICTION_SHARE = 0.49


def _conviction_frame(sent: Sentence, tok: Token) -> Frame | None:
    """'The senator is confident that the bill will pass': the predicate's "that" clause is what its
    subject holds."""
    toks = sent.tokens
    clause = next((c for c in tok.children if toks[c].dep == "ccomp"
                   and any(toks[m].dep == "mark" and toks[m].lower == "that" for m in toks[c].children)), None)
    if clause is None or tok.head == tok.i:
        return None
    content = _trim(sent, sent.subtree(clause))
    src = _source(sent, toks[tok.head])
    return Frame(sent.index, tok.i, tok.lower, tuple(content), src, np_span(sent, src) if src is not None else None,
                 "noun", probability=CONVICTION_SHARE) if content else None


def _noun_source(sent: Sentence, tok: Token) -> int | None:
    """Whose a cue noun is: its possessor ('his suggestion'), or for an object ('Trump made the suggestion') the
    verb's subject, or for a phrase's object ('said in a statement that') the subject of the verb it modifies."""
    toks = sent.tokens
    poss = [c for c in tok.children if toks[c].dep == "poss"]
    if poss:
        return poss[0]
    if tok.dep == "dobj" and tok.head != tok.i:
        return _source(sent, toks[tok.head])
    if tok.dep == "pobj" and toks[tok.head].dep == "prep":
        verb = toks[toks[tok.head].head]  # "Chelsea Clinton said in a statement that ...": who made it
        return _source(sent, verb) if verb.is_verb else None
    return None


def _own_subject(sent: Sentence, tok: Token) -> set[int]:
    out: set[int] = set()
    for c in tok.children:
        if sent.tokens[c].dep in SUBJECTS or sent.tokens[c].dep in {"aux", "auxpass", "neg", "agent"}:
            out.update(sent.subtree(c))
    return out


def _before_stray_subject(sent: Sentence, content: list[int]) -> list[int]:
    """The content ends before a noun that is the stray subject of the next cue ('complained of food
    shortages *and officials* admitted ...'), and before the conjunction that joins it."""
    toks = sent.tokens
    for i in content:
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is not None and i + 1 not in content and _stray_subject(sent, nxt) == i:
            cut = i - 1 if i > 0 and toks[i - 1].dep == "cc" else i
            return _trim(sent, [k for k in content if k < cut])
    return content


def _stray_subject(sent: Sentence, cue: Token) -> int | None:
    """'... complained of food shortages and officials admitted that ...': the parse hangs the subject
    on the clause before as a conjunct, and the cue, left without one, would climb to the sentence's
    subject. A plural noun right before a subjectless cue verb, conjoined to something else, is it."""
    toks = sent.tokens
    if cue.i == 0 or not cue.is_verb or cue.dep != "conj" or any(toks[c].dep in SUBJECTS for c in cue.children):
        return None
    prev = toks[cue.i - 1]
    return prev.i if prev.tag in {"NNS", "NNPS"} and prev.dep == "conj" and prev.head != cue.head else None


def _inverted_subject(sent: Sentence, cue: Token) -> int | None:
    """'This system, says Richard Locksley, an immunologist ..., helps ...': the parse hung the name
    after an inserted cue on the main verb as a second subject. It is the cue's."""
    toks = sent.tokens
    if cue.dep != "parataxis" or cue.head == cue.i or any(toks[c].dep in SUBJECTS for c in cue.children):
        return None
    main = toks[cue.head]
    after = [c for c in main.children if toks[c].dep in SUBJECTS and cue.i < c <= cue.i + 3]
    before = [c for c in main.children if toks[c].dep in SUBJECTS and c < cue.i]
    return after[0] if after and before else None


def _source(sent: Sentence, tok: Token) -> int | None:
    """The head of the cue's source: its subject, or its governing verb's, or the noun it modifies."""
    toks = sent.tokens
    stray = _stray_subject(sent, tok)
    if stray is None:
        stray = _inverted_subject(sent, tok)
    if stray is not None:
        return stray
    cur = tok
    for _ in range(4):
        subj = _subjects(sent, cur)
        addressed = (bool(subj) and toks[subj[0]].dep == "nsubjpass"
                     and (cur.lower in ADDRESSED or _gives_name(sent, cur))) or _termed(sent, cur)
        if subj and not addressed:
            return _past_scene(sent, subj[0])
        agent = [c for c in cur.children if toks[c].dep == "agent"]
        if agent:
            objs = [c for c in toks[agent[0]].children if toks[c].dep == "pobj"]
            if objs:
                return objs[0]
        if addressed:
            return None  # told by someone the sentence does not name
        if cur.head == cur.i:
            return _scene_apposition(sent, cur)
        if cur.dep == "relcl":
            return cur.head
        if cur.dep == "acl":
            # "the ministry issued a statement saying ...": the statement's maker
            noun = toks[cur.head]
            owner = next((c for c in noun.children if toks[c].dep == "poss"), None)
            if owner is not None and noun.lower in WILLS and any(toks[c].tag == "TO" for c in cur.children):
                return owner  # "his refusal to say ...": whose the refusal is
            if noun.dep in {"dobj", "pobj"} and noun.head != noun.i:
                cur = toks[noun.head]
                if cur.dep == "prep" and cur.head != cur.i:
                    cur = toks[cur.head]
                continue
            return noun.i
        if cur.dep not in CLIMB:
            return None
        cur = toks[cur.head]
    return None


def _gives_name(sent: Sentence, verb: Token) -> bool:
    """A naming verb with the name it gives ('called "X"', 'known as X'; not 'who's called for tax hikes')."""
    toks = sent.tokens
    return verb.lower in TERMED and any(toks[c].dep in NAMES or (toks[c].dep == "prep" and toks[c].lower == "as")
                                        for c in verb.children)


def _termed(sent: Sentence, verb: Token) -> bool:
    """'a poem called "Winter Solstice"', 'a program known as ...': a naming participle on the noun it names.

    With an object, a perfect's auxiliary or two names ('called Trump "the orange prince"') it is active, and
    so where the noun it hangs on is the sentence's root ('Donald Trump named Sen. Ted Cruz ...'). After a
    comma the small parser also hangs an active verb on the noun before it ('De Blasio, speaking on WOR,
    called Trump ...', 'Stevens, who served during the campaign, called ...'): there it names only the noun
    right before the comma, in no clause of its own ('The spot, titled "Arrogant," features ...').
    """
    toks = sent.tokens
    if verb.tag != "VBN" or not _gives_name(sent, verb) or verb.dep not in {"acl", "relcl"} \
            or any(toks[c].dep in ACTIVE_MARKS for c in verb.children) \
            or sum(toks[c].dep in NAMES for c in verb.children) > 1 or toks[verb.head].head == verb.head:
        return False
    first = sent.subtree(verb.i)[0]
    if first == 0 or toks[first - 1].text != ",":
        return True
    if verb.head != first - 2:
        return False
    cur = toks[verb.head]
    for _ in range(len(toks)):
        if cur.dep in INNER_CLAUSES:
            return False
        if cur.head == cur.i:
            return True
        cur = toks[cur.head]
    return True


def _past_scene(sent: Sentence, subj: int) -> int:
    """'Outside court, one of the victims, Margaret Lowe, said': the parse made the scene the subject
    ('Outside' a modifier of 'court') and the speaker its apposition. The apposition speaks."""
    toks = sent.tokens
    head = toks[subj]
    scene = any(toks[c].lower in SCENE_WORDS and c < subj for c in head.children) and toks[0].lower in SCENE_WORDS
    appos = [c for c in head.children if toks[c].dep == "appos" and c > subj]
    return appos[0] if scene and appos and toks[subj + 1].text == "," else subj


def _scene_apposition(sent: Sentence, verb: Token) -> int | None:
    """'Outside the courthouse, a friend of the family, Tom Reed, told reporters ...': with no subject,
    the speaker the parse hung on the opening scene as its apposition (the name, if one is)."""
    toks = sent.tokens
    if not toks or toks[0].lower not in SCENE_WORDS or toks[0].head != verb.i:
        return None
    objs = [c for c in toks[0].children if toks[c].dep == "pobj"]
    appos = [c for o in objs for c in toks[o].children if toks[c].dep == "appos" and c < verb.i]
    names = [c for c in appos if toks[c].tag.startswith("NNP")]
    found = names or appos
    return found[-1] if found else None


def _subjects(sent: Sentence, cur: Token) -> list[int]:
    """A verb's subjects, the likeliest source first. Two come of a quote the parse hung on the cue
    ('"I ...," he said': the one with no quotation mark between it and the cue speaks) or of a
    listener read as a subject ('Jack Buser ... tells The Hollywood Reporter': the one before the
    cue speaks); otherwise the nearer first."""
    toks = sent.tokens

    def rank(c: int) -> tuple[bool, bool, int]:
        lo, hi = sorted((c, cur.i))
        marked = any(is_mark(toks[j]) for j in range(lo + 1, hi))
        return marked, c > cur.i, abs(c - cur.i)

    return sorted((c for c in cur.children if toks[c].dep in SUBJECTS), key=rank)


def source_of(sent: Sentence, cue: Token) -> tuple[int, tuple[int, int]] | None:
    """The head and the first and last token of a cue's source phrase, if the parse gives one."""
    src = _source(sent, cue)
    return (src, np_span(sent, src)) if src is not None else None


def np_span(sent: Sentence, head: int) -> tuple[int, int]:
    """First and last token of the noun phrase headed by ``head``, without clauses after it."""
    toks = sent.tokens
    keep = [head]
    stack = [c for c in toks[head].children if toks[c].dep not in NP_DROP or c < head
             or (toks[c].dep == "appos" and toks[c].tag.startswith("NNP") and min(sent.subtree(c)) == head + 1)]
    while stack:
        j = stack.pop()
        if toks[j].dep == "punct" and j < head and toks[j].text not in {"'s", "’s"}:
            continue
        keep.append(j)
        stack.extend(c for c in toks[j].children if toks[c].dep not in {"relcl", "acl"})
    lo, hi = min(keep), max(keep)
    while lo < head and (toks[lo].is_punct or toks[lo].lower in {"and", "but"}):
        lo += 1
    return lo, hi


def _trim(sent: Sentence, idx: list[int]) -> list[int]:
    """Drop punctuation at the edges of a content span, but keep its quotation marks."""
    toks = sent.tokens
    idx = sorted(idx)
    while idx and toks[idx[0]].is_punct and not is_mark(toks[idx[0]]):
        idx.pop(0)
    while idx and ((toks[idx[-1]].is_punct and not is_mark(toks[idx[-1]])) or not toks[idx[-1]].text.strip()):
        idx.pop()
    return idx
