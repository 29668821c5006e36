"""Passive cues whose subject is not who speaks (see :mod:`.frames`).

- 'The operation was billed as humanitarian': a passive cue's "as" phrase says what its subject was called.
- 'Trump is expected to deliver a victory speech', 'No one is believed to be injured', 'A man has been charged
  with murder': a passive of hearsay or accusation with an infinitive (or the charge) says what is said of its
  subject. PolNeAR's gold holds both the subject and what follows as the content, and no source (train: 51 of
  51 "is expected to" contents without one).
- 'It is feared that ...', 'it was announced that ...', 'It seems that ...': a dummy "it" names no one.

Who speaks is the "by" phrase where the sentence names one ('is expected by analysts to win').
"""

from __future__ import annotations

from .cue_features import is_mark
from .parsed import Sentence, Token

HEARSAY = frozenset({"expected", "believed", "reported", "said", "thought", "suspected", "alleged", "rumored",
                     "rumoured", "known", "considered", "estimated", "understood", "presumed", "assumed",
                     "predicted", "projected", "charged", "accused"})
ACCUSED = frozenset({"charged", "accused"})  # with the charge as their prepositional object
SEEMING = frozenset({"seem", "seems", "seemed", "appear", "appears", "appeared"})  # 'It seems that ...'
RELATIVE_TAGS = frozenset({"WDT", "WP"})


def agent(sent: Sentence, cue: Token) -> int | None:
    """Who a passive cue names with "by" ('endorsed by *Smith*')."""
    toks = sent.tokens
    return next((o for c in cue.children if toks[c].dep == "agent" for o in toks[c].children
                 if toks[o].dep == "pobj"), None)


def passive_as(sent: Sentence, cue: Token, content: tuple[int, ...]) -> list[int] | None:
    """The content with the subject of 'The operation was billed as humanitarian', or None where the cue is
    no such passive (the subject is then its source as usual)."""
    toks = sent.tokens
    first = toks[content[0]]
    if first.lower != "as" or first.dep != "prep" or first.head != cue.i \
            or any(toks[c].dep == "dobj" for c in cue.children):
        return None
    subj = _subject(sent, cue)
    if subj is None or toks[subj].tag in RELATIVE_TAGS:
        return None
    held = sorted(set(sent.subtree(subj)) | set(content))
    return None if any(is_mark(toks[i]) for i in held) else held


def passive_hearsay(sent: Sentence, cue: Token, content: tuple[int, ...]) -> list[int] | None:
    """The content with the subject of 'Trump is expected to win', 'A man has been charged with murder' (a
    relative pronoun subject stays out: 'which is expected to ...'), or None where the cue is no such passive."""
    toks = sent.tokens
    first = toks[content[0]]
    root = toks[next(i for i in content if toks[i].head not in content or toks[i].head == i)]
    opener = root if root.head == cue.i else toks[root.head]
    if cue.lower not in HEARSAY or cue.tag != "VBN" or any(toks[c].dep == "dobj" for c in cue.children) \
            or not (first.lower == "to" or (cue.lower in ACCUSED and opener.dep == "prep" and opener.head == cue.i)):
        return None
    subj = _subject(sent, cue)
    if subj is None:
        return None
    held = set(content) if toks[subj].tag in RELATIVE_TAGS else set(content) | set(sent.subtree(subj))
    return None if any(is_mark(toks[i]) for i in held - set(content)) else sorted(held)


def dummy_it(sent: Sentence, cue: Token) -> bool:
    """'It is feared that ...', 'it was announced that ...', 'It seems that ...': the subject "it" stands in for
    the clause and names no one ('It said that ...' is a body's, see speakers.py)."""
    toks = sent.tokens
    it = next((c for c in cue.children if toks[c].dep in {"nsubj", "nsubjpass", "expl"} and toks[c].lower == "it"),
              None)
    return it is not None and (toks[it].dep != "nsubj" or cue.lower in SEEMING) \
        and any(toks[c].dep in {"ccomp", "xcomp"} for c in cue.children)


def _subject(sent: Sentence, cue: Token) -> int | None:
    return next((c for c in cue.children if sent.tokens[c].dep == "nsubjpass" and c < cue.i), None)
