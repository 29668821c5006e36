"""Attribution frames whose cue is a phrase, not one cue word: shapes PolNeAR annotates that the verb and noun
rules miss.

- 'Cruz made it clear that he would stay in the race', 'she made clear her aim to ...': "make clear" says its
  clause (or its object) as its subject's position; "make" alone is no cue.
- 'In a CNN poll released Monday, Clinton held a 24-point lead': an opening "in" phrase naming a poll, survey
  or study is the source of the clause it opens, where that clause has no cue of its own ('In a statement,
  the senator dismissed ...' is the verb's).
- 'To Frank, issues of racial justice get attention only ...': an opening "to" phrase naming someone gives
  the clause as that person's view.
- 'The Club for Growth is reportedly spending $1.5 million': a hearsay adverb marks its clause as someone's
  report, with no source named.

A frame of these is not scored by the classifier: each shape's share of gold contents on PolNeAR train
is its probability (SHARES).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .cue_features import SUBJECTS
from .parsed import Sentence, Token

MAKE = frozenset({"make", "makes", "made", "making"})
# what a poll or a study finds is attributed to it ('In a CNN poll, ...'); a statement's or a speech's words
# come with a cue verb of their own, which frames.py reads
FINDINGS = frozenset({"poll", "polls", "survey", "surveys", "study", "studies", "analysis", "estimate",
                      "estimates", "tally", "count"})
HEARSAY = frozenset({"reportedly", "allegedly", "purportedly", "supposedly"})
# a clause that modifies a noun or another clause: its hearsay adverb qualifies a detail, not a report
CLAUSE_MODIFIERS = frozenset({"relcl", "acl", "advcl", "pcomp", "amod"})
RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})
PERSONAL = frozenset({"PRP", "NNP", "NNPS"})
# the share of each rule's frames that match a PolNeAR train attribution's content, one added to each count of
# matches and two to each count of frames: "make clear" 20 of 38, a poll's "in" 7 of 10, a person's "to" 3 of 3,
# hearsay 6 of 15. 4-fold CV on train: all F1 0.7167 -> 0.7175 (26 more quotes, 28 more gold matched), dev
# 0.7353 -> 0.7359; direct and speaker accuracy unchanged. A sentence is parsed only where something else opens
# the gate ("that", a cue word): the gate's 0.4% more sentences with these words held 8 gold cues on train.
SHARES = {"clear": 0.53, "finding": 0.67, "view": 0.8, "hearsay": 0.41}

Source = Callable[[Sentence, Token], "int | None"]
Span = Callable[[Sentence, int], tuple[int, int]]
Trim = Callable[[Sentence, list[int]], list[int]]


def phrasal_parts(sent: Sentence, tok: Token, cues: Sequence[int], source: Source,
                  trim: Trim) -> tuple[str, list[int], int | None] | None:
    """Which rule ``tok`` opens a frame by, with its content (trimmed) and its source's head, or None.
    ``cues``: the tokens that already are frames' cues in this sentence (their clauses are theirs)."""
    if tok.lower == "clear":
        return _made_clear(sent, tok, source, trim)
    if tok.i == 0 and tok.dep == "prep" and tok.lower in {"in", "to"}:
        return _opening_phrase(sent, tok, cues, trim)
    if tok.lower in HEARSAY and tok.dep == "advmod" and tok.head != tok.i and tok.head not in cues:
        verb = sent.tokens[tok.head]
        if not verb.is_verb or verb.dep in CLAUSE_MODIFIERS or not any(
                sent.tokens[c].dep in SUBJECTS and sent.tokens[c].tag not in RELATIVE_TAGS for c in verb.children):
            return None  # 'who allegedly assaulted a reporter' is what the noun did, told of by the writer
        content = trim(sent, [i for i in sent.subtree(verb.i) if i != tok.i])
        return ("hearsay", content, None) if content else None
    return None


def _made_clear(sent: Sentence, tok: Token, source: Source, trim: Trim) -> tuple[str, list[int], int | None] | None:
    """'He made it clear that ...', 'making clear his aim to ...': the clause or object after "clear"."""
    toks = sent.tokens
    make = toks[tok.head]
    if make.lower not in MAKE or make.i > tok.i or tok.dep not in {"ccomp", "oprd", "acomp", "dobj", "amod"}:
        return None
    if any(toks[c].dep == "nsubjpass" or toks[c].dep == "auxpass" for c in make.children):
        return None  # 'as was made clear last week': no one named makes it
    clause = next((c for c in tok.children if c > tok.i and toks[c].dep in {"ccomp", "advcl"}), None)
    if clause is None:
        clause = next((c for c in make.children if c > tok.i and toks[c].dep in {"ccomp", "dobj"}), None)
    if clause is None:
        return None
    content = trim(sent, sent.subtree(clause))
    src = source(sent, make)
    return ("clear", content, src) if content and src is not None else None


def _opening_phrase(sent: Sentence, prep: Token, cues: Sequence[int],
                    trim: Trim) -> tuple[str, list[int], int | None] | None:
    """'In a CNN poll released Monday, <clause>', 'To Frank, <clause>': the phrase, set off by a comma, names
    whose finding or view the clause is."""
    toks = sent.tokens
    verb = toks[prep.head]
    obj = next((c for c in prep.children if toks[c].dep == "pobj"), None)
    if obj is None or prep.head == prep.i or not verb.is_verb or verb.i in cues:
        return None
    phrase = sent.subtree(prep.i)
    after = max(phrase) + 1
    if after >= len(toks) or toks[after].text != "," \
            or not any(toks[c].dep in SUBJECTS and c > after for c in verb.children):
        return None
    noun = toks[obj]
    if prep.lower == "in" and noun.lower in FINDINGS:
        kind = "finding"
    elif prep.lower == "to" and noun.tag in PERSONAL:
        kind = "view"
    else:
        return None
    content = trim(sent, [i for i in sent.subtree(verb.i) if i > after])
    return (kind, content, obj) if content else None
