"""Passive cues whose subject is not who speaks (see :mod:`.frames`).

- 'The operation was billed as humanitarian': a passive cue's "as" phrase says what its subject was called.
- 'Trump is expected to deliver a victory speech', 'No one is believed to be injured', 'A man has been charged
  with murder': a passive of hearsay or accusation with an infinitive (or the charge) says what is said of its
  subject. PolNeAR's gold holds both the subject and what follows as the content, and no source (train: 51 of
  51 "is expected to" contents without one).
- 'Ms. Yellen seems to be steering the ship carefully': what seems or appears so is said of the subject, by no
  one the sentence names (unless the subject says it: 'he seemed to indicate that ...').
- 'It is feared that ...', 'it was announced that ...', 'It seems that ...': a dummy "it" names no one.
- 'LaCalamita was fired last week', 'Clinton has been pushed to these positions': the subject of any other
  passive is who it was done to, unless the verb's subject holds the words or the stance ('he was quoted as
  saying', 'she was disappointed that': EXPERIENCED). On the 4-fold CV of PolNeAR train 146 speakers go; in a
  sample of 20 read none was who spoke (CV speaker accuracy 0.9414 -> 0.9417, dev 0.9421 -> 0.9428).

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
# passives whose subject holds the words or the stance ('he was quoted as saying', 'she was disappointed that')
EXPERIENCED = frozenset({"quoted", "heard", "recorded", "caught", "filmed", "overheard", "convinced", "persuaded",
                         "disappointed", "concerned", "worried", "pleased", "surprised", "shocked", "stunned",
                         "angered", "outraged", "frustrated", "alarmed", "impressed", "troubled", "inspired",
                         "moved", "offended", "thrilled", "horrified", "scared", "bothered", "determined",
                         "prepared", "committed", "interested", "encouraged", "delighted", "saddened",
                         "heartened", "dismayed", "disturbed", "satisfied", "relieved", "amused", "annoyed",
                         "embarrassed", "confused", "intrigued", "excited", "tempted", "inclined", "opposed",
                         "entitled", "obliged", "obligated", "forced", "compelled", "supposed", "allowed"})


def agent(sent: Sentence, cue: Token) -> int | None:
    """Who a passive cue names with "by" ('endorsed by *Smith*')."""
    toks = sent.tokens
    return next((o for c in cue.children if toks[c].dep == "agent" for o in toks[c].children
                 if toks[o].dep == "pobj"), None)


def agent_or_experiencer(sent: Sentence, cue: Token) -> int | None:
    """Who a passive names with "by", or whom something seems so to ('To the Democrats, it seemed ...', 'it
    seemed to him that ...')."""
    found = agent(sent, cue)
    if found is not None or cue.lower not in SEEMING:
        return found
    toks = sent.tokens
    return next((o for c in cue.children if toks[c].dep == "prep" and toks[c].lower == "to"
                 for o in toks[c].children if toks[o].dep == "pobj"), None)


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


def raised(sent: Sentence, cue: Token, content: tuple[int, ...], cues: frozenset[int]) -> list[int] | None:
    """The content with the subject of 'Ms. Yellen seems to be steering the ship carefully', 'The idea seemed
    like a contradiction': what seems so is said of its subject, by no one the sentence names (PolNeAR train:
    174 of 215 such contents hold the subject, 164 with no source). None where the cue is no such verb."""
    toks = sent.tokens
    if cue.lower not in SEEMING or not cue.tag.startswith("VB"):
        return None
    subj = next((c for c in cue.children if toks[c].dep == "nsubj" and c < cue.i), None)
    if subj is None or toks[subj].lower == "it" or toks[subj].tag in RELATIVE_TAGS or content[0] < cue.i:
        return None
    if any(toks[c].dep == "xcomp" and c in cues for c in cue.children):
        return None  # 'he seemed to indicate that ...': he indicated it
    held = set(content) | set(sent.subtree(subj))
    return None if any(is_mark(toks[i]) for i in held - set(content)) else sorted(held)


def dummy_it(sent: Sentence, cue: Token) -> bool:
    """'It is feared that ...', 'it was announced that ...', 'It seems that ...': the subject "it" stands in for
    the clause and names no one ('It said that ...' is a body's, see speakers.py)."""
    toks = sent.tokens
    it = next((c for c in cue.children if toks[c].dep in {"nsubj", "nsubjpass", "expl"} and toks[c].lower == "it"),
              None)
    if it is None:
        return False
    if cue.lower in SEEMING:  # 'Now, it seems, a battle is going on': no one the "it" could be seems
        return True
    return toks[it].dep != "nsubj" and any(toks[c].dep in {"ccomp", "xcomp"} for c in cue.children)


def patient(sent: Sentence, cue: Token) -> bool:
    """'LaCalamita was fired last week', 'he was sentenced to life': the subject of a passive is who it was done
    to, not who speaks, unless the verb's subject holds words or a stance (EXPERIENCED)."""
    toks = sent.tokens
    aux = [toks[c].lower.replace("\u2019", "'") for c in cue.children if toks[c].dep in {"aux", "auxpass"}]
    # "he's sought to ...", "who's called for ...": a "'s" may be a perfect's "has" the parse took for "is"
    deps = {toks[c].dep for c in cue.children}
    if cue.dep == "conj" and cue.head != cue.i and "nsubj" not in deps:  # 'was fired and was expected to ...'
        deps |= {toks[c].dep for c in toks[cue.head].children if toks[c].dep == "nsubjpass"}
    return cue.tag == "VBN" and cue.lower not in EXPERIENCED and "'s" not in aux and {"nsubjpass", "auxpass"} <= deps


def _subject(sent: Sentence, cue: Token) -> int | None:
    return next((c for c in cue.children if sent.tokens[c].dep == "nsubjpass" and c < cue.i), None)
