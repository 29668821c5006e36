"""Where an attribution's content ends: a learned pruning of the cue's dependency tree.

The content of "Trump described the country as beset by illegal immigrants, some of them killers,
on Sunday" is "the country as beset by ... killers": of the cue's children, the object and the
"as" phrase belong to it, the time does not; inside them, what trails after a comma may or may not
(", which ...", ", he said"). Two decisions, each a logistic regression over named features
learned from PolNeAR train (``Lexicon.content``, trained by ``scripts/train_quotes.py``):

- top: does the subtree of this child of the cue belong to the content?
- inner: inside a kept subtree, does the subtree of this (prunable) descendant stay?

The training script calls :func:`top_features` and :func:`inner_features` too, so what is
learned is what is read here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .lexicon import QUOTE_MARKS
from .parsed import Sentence, Token

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
# children of a cue that are never its content: who speaks, tense, negation, punctuation
NOT_CONTENT = SUBJECTS | {"aux", "auxpass", "neg", "agent", "punct", "cc", "expl"}
# descendants that may be cut off a kept subtree; any other dependent goes with its head
PRUNABLE = frozenset({"relcl", "acl", "advcl", "conj", "prep", "appos", "npadvmod", "parataxis", "advmod",
                      "dep", "ccomp", "xcomp", "dative", "oprd", "agent", "intj", "meta"})
WORD_DEPS = frozenset({"prep", "advmod", "npadvmod", "mark", "prt", "agent", "dative", "cc"})
CLAUSES = frozenset({"relcl", "acl", "advcl", "conj", "ccomp", "xcomp", "parataxis", "dep"})
ABOUT = frozenset({"about", "of", "on", "for"})
BREAKS = frozenset({",", "—", "–", "-", "--", "(", ";", ":"})

_MARKS = frozenset(QUOTE_MARKS)

Keep = Callable[[Token, dict[str, float]], float]  # a decision's probability from its node and features


def _shape(sent: Sentence, node: Token) -> dict[str, float]:
    """What both decisions see of a subtree: its length, a verb or quote in it, a comma before it."""
    toks = sent.tokens
    sub = sent.subtree(node.i)
    feats = {
        "len": min(len(sub), 40) / 40.0,
        "verb": float(any(toks[i].is_verb for i in sub)),
        "own_subject": float(any(toks[c].dep in SUBJECTS for c in node.children)),
        "quote": float(any(not _MARKS.isdisjoint(toks[i].text) for i in sub)),
        "comma": float(_break_before(sent, sub[0])),
        "after_quote": float(sub[0] > 0 and not _MARKS.isdisjoint(toks[sub[0] - 1].text)),
    }
    if node.dep in CLAUSES:
        feats[f"first={toks[sub[0]].lower}"] = 1.0
    return feats


def _break_before(sent: Sentence, i: int) -> bool:
    """A comma or dash right before token ``i``, quotation marks between them aside."""
    j = i - 1
    while j >= 0 and not _MARKS.isdisjoint(sent.tokens[j].text):
        j -= 1
    return j >= 0 and sent.tokens[j].text in BREAKS


def top_features(sent: Sentence, cue: Token, lemma: str, child: Token) -> dict[str, float]:
    """Features of the decision: does this child's subtree belong to the cue's content?"""
    toks = sent.tokens
    dep = child.dep
    feats = {f"top:{k}": v for k, v in _shape(sent, child).items()}
    feats.update({
        f"top:dep={dep}": 1.0,
        f"top:lemma={lemma}|dep={dep}": 1.0,
        f"top:tag={child.tag}": 1.0,
        f"top:cuetag={cue.tag}|dep={dep}": 1.0,
        "top:after": float(child.i > cue.i),
        "top:sibling_ccomp": float(any(toks[c].dep == "ccomp" and c != child.i for c in cue.children)),
        "top:sibling_dobj": float(any(toks[c].dep == "dobj" and c != child.i for c in cue.children)),
    })
    if dep in WORD_DEPS:
        feats[f"top:dep={dep}|w={child.lower}"] = 1.0
        feats[f"top:lemma={lemma}|dep={dep}|w={child.lower}"] = 1.0
    return feats


def inner_features(sent: Sentence, lemma: str, node: Token, last: int) -> dict[str, float]:
    """Features of the decision: does this descendant's subtree stay in the content?

    ``last`` is the last token of the content kept so far: what trails it is cut most often.
    """
    toks = sent.tokens
    parent = toks[node.head]
    dep = node.dep
    sub = sent.subtree(node.i)
    feats = {f"in:{k}": v for k, v in _shape(sent, node).items()}
    feats.update({
        f"in:dep={dep}": 1.0,
        f"in:pdep={parent.dep}|dep={dep}": 1.0,
        f"in:ptag={parent.tag[:2]}|dep={dep}": 1.0,
        f"in:lemma={lemma}|dep={dep}": 1.0,
        "in:after": float(node.i > parent.i),
        "in:trailing": float(sub[-1] >= last - 1),
    })
    if dep in WORD_DEPS:
        feats[f"in:dep={dep}|w={node.lower}"] = 1.0
    return feats


def chosen(sent: Sentence, cue: Token, lemma: str, keep: Keep) -> list[int]:
    """The children of the cue whose subtrees are its content."""
    return [c for c in cue.children if sent.tokens[c].dep not in NOT_CONTENT
            and keep(sent.tokens[c], top_features(sent, cue, lemma, sent.tokens[c])) >= 0.5]


def prune(sent: Sentence, roots: list[int], lemma: str, keep: Keep, skip: frozenset[int] = frozenset()) -> list[int]:
    """The tokens of the subtrees of ``roots`` after the inner decisions, minus ``skip``."""
    toks = sent.tokens
    kept = {i for r in roots for i in sent.subtree(r)} - skip
    if not kept:
        return []
    for node in _candidates(sent, roots, skip):
        if node.i not in kept:
            continue
        if keep(node, inner_features(sent, lemma, node, max(kept))) < 0.5:
            kept -= set(sent.subtree(node.i))
    # a conjunction whose conjunct went goes too
    for i in list(kept):
        if toks[i].dep == "cc" and not any(toks[c].dep == "conj" and c in kept and c > i
                                           for c in toks[toks[i].head].children):
            kept.discard(i)
    return sorted(kept)


def rule_keep(node: Token, feats: dict[str, float]) -> float:
    """The decisions without a learned model: objects and clauses after the cue, and its "about",
    "of", "on" and "for" phrases; inside them, all but a clause trailing after a comma."""
    if "top:after" in feats:
        complement = node.dep in {"ccomp", "dobj", "xcomp", "oprd", "attr", "dative", "acomp"}
        return float(feats["top:after"] > 0 and (complement or (node.dep == "prep" and node.lower in ABOUT)))
    trailing = feats.get("in:comma", 0.0) > 0 and feats.get("in:trailing", 0.0) > 0
    return float(not (trailing and node.dep in {"relcl", "acl", "advcl", "appos", "conj"}))


def _candidates(sent: Sentence, roots: list[int], skip: frozenset[int]) -> Iterator[Token]:
    """Prunable descendants of ``roots``, outermost first."""
    toks = sent.tokens
    queue = [c for r in roots for c in toks[r].children if c not in skip]
    while queue:
        i = queue.pop(0)
        if toks[i].dep in PRUNABLE:
            yield toks[i]
        queue.extend(c for c in toks[i].children if c not in skip)


def second_act(sent: Sentence, cue: Token, content: list[int], is_cue: Callable[[str], bool]) -> tuple[int, int] | None:
    """The speaker's own second act inside a cue's content, or None: the verb and where the content ends.

    "Weiner announced that he was undergoing therapy and vowed to focus on being a better father": "vowed"
    is a cue word (``is_cue``) joined without its own subject, in the cue's form (past after past;
    'insists ... and has championed' by its auxiliary), to a verb of another form inside the content;
    the parse hangs it there, but it is what the speaker did next, not what was said. The content ends
    before it and the comma or conjunction that joins it.
    A verb in its head's form ("said he went home and slept") or with its own subject stays.
    4-fold CV on PolNeAR train: all-attribution F1 +0.0009, direct +0.0006, speaker up; dev all +0.0016.
    """
    toks = sent.tokens
    if not cue.tag.startswith("VB") or cue.tag in {"VB", "VBG", "VBN"}:
        return None
    kept = set(content)
    for i in content:
        tok = toks[i]
        if tok.dep != "conj" or _form(sent, tok) != cue.tag or tok.head not in kept or toks[tok.head].tag == cue.tag:
            continue
        if any(toks[c].dep in SUBJECTS or toks[c].dep == "expl" for c in tok.children):
            continue
        if not is_cue(tok.text):
            continue
        cut = sent.subtree(i)[0]
        while cut - 1 in kept and (toks[cut - 1].tag == "CC" or toks[cut - 1].is_punct) \
                and _MARKS.isdisjoint(toks[cut - 1].text):
            cut -= 1
        return i, cut
    return None


def _form(sent: Sentence, verb: Token) -> str:
    """A verb's tense and person as its tag shows them: its first auxiliary's ('has championed': VBZ), else its own."""
    toks = sent.tokens
    aux = [c for c in verb.children if c < verb.i and toks[c].dep in {"aux", "auxpass"}]
    return toks[aux[0]].tag if aux else verb.tag
