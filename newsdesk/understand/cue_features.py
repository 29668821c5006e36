"""What the cue classifier sees of an attribution frame (:func:`frame_features`) and its score (:func:`scored`).

Kept apart from :mod:`.frames` (which finds the frames) so that the classifier's features can change without
touching the parse rules; scripts/train_quotes.py fits the classifier on these very features.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .lexicon import QUOTE_MARKS, Lexicon
from .parsed import Sentence, Token

if TYPE_CHECKING:  # frames imports this module
    from .frames import Frame

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
# a content root whose word the classifier reads, as it stands ("plans") and with the cue's lemma: 4-fold CV on
# PolNeAR train, with the cue's auxiliaries, all F1 0.7231 -> 0.7238 at threshold 0.30, 0.7226 -> 0.7243 at 0.25
OBJECT_WORDS = frozenset({"dobj", "pobj", "attr", "prep"})


def is_mark(tok: Token) -> bool:
    """Whether a token is (or holds) a quotation mark."""
    return any(c in QUOTE_MARKS for c in tok.text) or tok.text == "''"


def scored(sent: Sentence, frame: Frame, lexicon: Lexicon) -> Frame:
    """The frame with its features and the cue classifier's probability."""
    feats = frame_features(sent, frame, lexicon)
    p = lexicon.classifier.probability(dict(feats)) if lexicon.classifier else lexicon.prior.get(frame.lemma, 0.0)
    return replace(frame, features=tuple(sorted(feats.items())), probability=p)


def frame_features(sent: Sentence, frame: Frame, lexicon: Lexicon) -> dict[str, float]:
    """What the cue classifier sees of a frame (the training script uses this very function)."""
    toks = sent.tokens
    cue = toks[frame.cue]
    prior = lexicon.prior.get(frame.lemma, 0.0)
    content_text = "".join(toks[i].text for i in frame.content)
    src = toks[frame.source] if frame.source is not None else None
    feats: dict[str, float] = {
        "prior": prior,
        f"lemma={frame.lemma}": 1.0,
        f"tag={cue.tag}": 1.0,
        f"dep={cue.dep}": 1.0,
        f"how={frame.how}": 1.0,
        "has_source": float(src is not None),
        "content_mark": float(any(c in QUOTE_MARKS for c in content_text)),
        "content_len": min(len(frame.content), 40) / 40.0,
        "content_after": float(frame.content[0] > frame.cue),
        "has_ccomp": float(any(toks[c].dep == "ccomp" for c in cue.children)),
        "has_that": float(any(toks[i].lower == "that" and toks[i].dep == "mark" for i in frame.content)),
        "has_neg": float(any(toks[c].dep == "neg" for c in cue.children)),
    }
    if src is not None:
        feats[f"src_tag={src.tag}"] = 1.0
        feats["src_pron"] = float(src.tag == "PRP")
        feats["src_proper"] = float(src.tag.startswith("NNP"))
        if not src.tag.startswith("NNP"):
            feats[f"src={src.lower}"] = 1.0
    first = toks[frame.content[0]]
    feats[f"first={first.lower if not first.tag.startswith('NN') else first.tag}"] = 1.0
    roots = [i for i in frame.content if toks[i].head == frame.cue]
    for i in roots[:3]:
        feats[f"root={toks[i].dep}"] = 1.0
        feats[f"lemma={frame.lemma}|root={toks[i].dep}"] = 1.0
        if toks[i].dep in OBJECT_WORDS:
            # what is unveiled, filed or called for ('unveiled plans', 'filed a complaint'): some are what was said
            feats[f"{toks[i].dep}w={toks[i].lower}"] = 1.0
            feats[f"lemma={frame.lemma}|{toks[i].dep}={toks[i].lower}"] = 1.0
    for c in cue.children:
        if toks[c].dep in {"aux", "auxpass"}:
            feats[f"aux={toks[c].lower}"] = 1.0  # 'has said', 'would argue', 'did not say', 'will announce'
    feats["clausal"] = float(any(toks[c].dep in SUBJECTS for i in frame.content for c in toks[i].children))
    feats["modal"] = float(any(toks[c].tag == "MD" for c in cue.children))
    feats["to_cue"] = float(any(toks[c].tag == "TO" for c in cue.children))
    head = toks[cue.head]
    feats["nested"] = float(cue.head != cue.i and lexicon.lemma(head.text) is not None and head.is_verb)
    words = [t for t in toks if t.text[:1].isalpha()]
    feats["headline"] = float(len(words) > 3 and sum(t.text[:1].isupper() for t in words) > 0.7 * len(words))
    feats[f"how={frame.how}|lemma={frame.lemma}"] = 1.0
    # how much of its sentence the content is, and how long the sentence (4-fold CV on PolNeAR train: all F1
    # 0.7248 -> 0.7260, direct 0.9034 -> 0.9038)
    feats["sent_len"] = min(len(toks), 60) / 60.0
    feats["content_share"] = len(frame.content) / len(toks)
    return feats
