"""Word forms for the event rules, from the tagger alone.

newsdesk's Analyzer runs spaCy without its lemmatizer and attribute ruler, so ``Token.lemma_``
and ``Token.pos_`` may be empty. The rules need only the lemmas of the words they know: a form
is reduced by the usual English suffixes, and the candidate the vocabulary knows wins; the
coarse part of speech comes from the Penn tag.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from spacy.tokens import Token

from newsdesk.understand import events_lexicon as lex

_IRREGULAR = {
    "is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "being": "be", "am": "be", "'s": "be",
    "'re": "be", "has": "have", "had": "have", "having": "have", "'ve": "have", "does": "do", "did": "do",
    "done": "do", "wo": "will", "'ll": "will", "ca": "can", "n't": "not", "sat": "sit", "held": "hold",
    "met": "meet", "fought": "fight", "shot": "shoot", "struck": "strike", "beaten": "beat", "broke": "break",
    "broken": "break", "began": "begin", "begun": "begin", "took": "take", "taken": "take", "gave": "give",
    "given": "give", "sent": "send", "made": "make", "led": "lead", "froze": "freeze", "frozen": "freeze",
    "laid": "lay", "withdrew": "withdraw", "withdrawn": "withdraw", "sought": "seek", "said": "say",
    "told": "tell", "forgave": "forgive", "forgiven": "forgive", "overran": "overrun", "went": "go",
    "gone": "go", "kept": "keep", "stood": "stand", "brought": "bring", "wrote": "write", "written": "write",
    "undertook": "undertake", "undertaken": "undertake", "stole": "steal", "stolen": "steal",
    "thrown": "throw", "threw": "throw", "rode": "ride", "fled": "flee", "won": "win", "lost": "lose",
    "spoke": "speak", "spoken": "speak", "paid": "pay", "chose": "choose", "chosen": "choose",
    "blew": "blow", "blown": "blow", "drove": "drive", "driven": "drive", "came": "come", "saw": "see",
    "seen": "see", "found": "find", "felt": "feel", "left": "leave", "meant": "mean", "rose": "rise",
    "risen": "rise", "ran": "run", "hid": "hide", "hidden": "hide", "bore": "bear", "borne": "bear",
    "slew": "slay", "slain": "slay", "militiamen": "militiaman", "men": "man", "women": "woman",
    "gunmen": "gunman", "policemen": "policeman", "spokesmen": "spokesman", "children": "child",
    "people": "people", "crises": "crisis", "analyses": "analysis", "wounded": "wound",
    "overthrew": "overthrow", "overthrown": "overthrow",
}
_POS = {"NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "JJ": "ADJ", "JJR": "ADJ", "JJS": "ADJ",
        "PRP": "PRON", "PRP$": "PRON", "WP": "PRON", "WP$": "PRON", "EX": "PRON", "DT": "DET", "PDT": "DET",
        "WDT": "DET", "CD": "NUM", "IN": "ADP", "RP": "ADP", "TO": "PART", "POS": "PART", "CC": "CCONJ",
        "RB": "ADV", "RBR": "ADV", "RBS": "ADV", "WRB": "ADV", "MD": "AUX", "UH": "INTJ", "SYM": "SYM",
        "FW": "X", "HYPH": "PUNCT", "NFP": "PUNCT", "_SP": "SPACE", "ADD": "X", "XX": "X", "LS": "X"}
_AUX_DEPS = frozenset({"aux", "auxpass"})


def _vocabulary() -> frozenset[str]:
    words: set[str] = set()
    tables: Iterable[Iterable[str]] = (lex.VERBS, lex.NOUNS, lex.BY_OBJECT, lex.MODES)
    for table in tables:
        words.update(table)
    for a, b in (*lex.PHRASES, *lex.NOUN_PHRASES):
        words.update((a, b))
    for classes in lex.BY_OBJECT.values():
        for group, _ in classes:
            words.update(group)
    for name in dir(lex):
        value = getattr(lex, name)
        if isinstance(value, frozenset) and all(isinstance(w, str) for w in value):
            words.update(value)
    return frozenset(words)


KNOWN = _vocabulary()


def pos(tok: Token) -> str:
    """The coarse part of speech: spaCy's where it ran, else from the Penn tag."""
    if tok.pos_:
        return tok.pos_
    tag = tok.tag_
    if tag.startswith("VB"):
        return "AUX" if tok.dep_ in _AUX_DEPS else "VERB"
    return _POS.get(tag, "PUNCT" if tag and not tag[0].isalpha() else "X")


def lemma(tok: Token) -> str:
    """The lower-cased lemma of a word the rules may know ('attacked' -> attack, 'talks' -> talks)."""
    return base_form(tok.lower_, tok.tag_)


@functools.lru_cache(maxsize=65536)
def base_form(word: str, tag: str) -> str:
    """A word's base form: irregular table, then suffix rules checked against the vocabulary."""
    if tag in ("NNS", "NNPS") or tag in ("VBG", "VBD", "VBN", "VBZ"):  # "forces" -> force, "killing" -> kill
        for cand in _candidates(word):
            if cand in KNOWN:
                return cand
    if word in KNOWN:
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if tag.startswith("VB") or tag in ("NNS", "NNPS", "NN", "JJ"):
        for cand in _candidates(word):
            if cand in KNOWN:
                return cand
        if tag in ("VBD", "VBN") and word.endswith("ed"):
            return word[:-2]
        if tag in ("VBZ", "NNS", "NNPS") and word.endswith("s") and not word.endswith("ss"):
            return word[:-1]
        if tag == "VBG" and word.endswith("ing"):
            return word[:-3]
    return word


def _candidates(word: str) -> Sequence[str]:
    out: list[str] = []
    if word.endswith("ied") or word.endswith("ies"):
        out.append(word[:-3] + "y")
    if word.endswith("ed"):
        out += [word[:-1], word[:-2]]
        if len(word) > 4 and word[-3] == word[-4]:
            out.append(word[:-3])  # banned -> ban
    if word.endswith("ing"):
        out += [word[:-3], word[:-3] + "e"]
        if len(word) > 5 and word[-4] == word[-5]:
            out.append(word[:-4])  # banning -> ban
    if word.endswith("es"):
        out += [word[:-1], word[:-2]]  # "aides" -> aide before aid, "forces" -> force
    elif word.endswith("s"):
        out.append(word[:-1])
    if word.endswith("men"):
        out.append(word[:-3] + "man")
    return out


def _partners() -> dict[str, frozenset[str]]:
    """Words that are triggers only beside another word: generic verbs and their object classes
    ('suspend' + 'aid'), verb + particle ('call' + 'for'), modifier + noun ('martial' + 'law')."""
    out: dict[str, set[str]] = {}
    for verb, classes in (*lex.BY_OBJECT.items(), *lex.NOUN_BY_OBJECT.items()):
        for group, _ in classes:
            out.setdefault(verb, set()).update(group)
    for a, b in (*lex.PHRASES, *lex.NOUN_PHRASES):
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    for verb in lex.BLOW_VERBS:  # "a missile hit the hospital" (events_rules._struck_by)
        out.setdefault(verb, set()).update(lex.STRIKERS)
    for verb in lex.CHARGE_VERBS:  # "charged him with corruption"
        out.setdefault(verb, set()).add("with")
    return {w: frozenset(v) for w, v in out.items()}


_PARTNERS = _partners()
# Event words that open the gate by themselves (for a word that has partners too, see might_hold_event).
_OPENERS = frozenset(lex.VERBS) | frozenset(lex.NOUNS) | frozenset({"release", "free"})  # + a named person
# Bare forms that are mostly other words ('came back', 'a fire', 'the host'): they count inflected
# ('backed', 'fired'), or after a word that makes them a verb ('to back', 'will fire').
_VERB_FORM_ONLY = frozenset({"back", "fire", "host", "station", "mass", "fund", "support"})
_VERB_CUES = frozenset({"to", "will", "would", "could", "should", "must", "may", "might", "not", "n't", "did",
                        "'ll", "shall", "can", "also", "they", "we", "i", "you", "them"})
_NOT_EVENT_FORMS = frozenset({"according", "accordingly"})
_MOVED = lex.MATERIAL


@functools.lru_cache(maxsize=65536)
def _bases(word: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(base_form(word, tag) for tag in ("VBD", "NNS", "VBG")))


def might_hold_event(words: Sequence[str]) -> bool:
    """Whether a sentence's words may hold an event trigger: a gate for callers that parse only
    some sentences (newsdesk's Analyzer parses a sentence only when some step needs its parse).

    It follows the trigger rules without the parse: an event verb or noun, a generic verb with a
    word of its object classes anywhere in the sentence, both words of a phrase, a willingness
    word with 'to', or an obligation modal. A sentence it rejects yields no event."""
    lows = [w.lower() for w in words]
    present = {b for low in lows for b in _bases(low)}
    has_to = "to" in lows
    if (has_to or "into" in lows) and not present.isdisjoint(_MOVED):
        return True  # goods or forces moved to someone, whatever the verb (events_rules._transfer)
    for i, low in enumerate(lows):
        if low in _NOT_EVENT_FORMS:
            continue
        if low in lex.OBLIGATION_AUX:
            return True
        for base in _bases(low):
            if base in _OPENERS and (base not in _VERB_FORM_ONLY or low != base
                                     or (i > 0 and lows[i - 1] in _VERB_CUES)):
                return True
            if base in _PARTNERS and not _PARTNERS[base].isdisjoint(present):
                return True
            if base in lex.WILLING and has_to:
                return True
    return False
