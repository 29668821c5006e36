"""A learned token tagger for the attributions the rules miss.

Each token of a parsed sentence is tagged outside (O), content (B, I), cue (CUE) or source (SRC)
by a linear-chain CRF whose weights ship as ``models/tagger.json`` (trained on PolNeAR train by
``scripts/train_attribution_tagger.py``; decoded here with Viterbi, no CRF library at run time).
Its features read the parse and what the rule system found in the sentence: the frames, their
classifier scores, the quotes kept. A content span it finds where no rule quote stands, without
quotation marks, is a candidate indirect quote; its cue is the nearest token it tagged a cue, its
speaker that cue's source in the parse (else the nearest span it tagged a source). The span as
tagged and as snapped to the parse (the subtrees of its roots, or of their heads) are scored by a
logistic span classifier (shipped in the same file, fitted on the tagger's out-of-fold candidates);
the best of them is kept where it reaches the classifier's threshold and has a speaker.

On PolNeAR train (4-fold cross-validation, the rules' models refitted per fold as well) this adds
about 0.01 of all-attribution content F1, almost all of it recall; direct quotes are untouched.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise
from typing import Any

import numpy as np

from ..errors import ConfigError
from ..types import Quote
from .frames import Frame, source_of
from .lexicon import QUOTE_MARKS, Classifier, Lexicon
from .parsed import Analysis, Sentence, Token
from .speakers import speaker_for

RESOURCE = "tagger.json"
LABELS = ("O", "B", "I", "CUE", "SRC")


@dataclass(frozen=True)
class Tagger:
    """A linear-chain CRF (a weight per attribute and label, and per label transition), and the
    classifier that decides which of its content spans become quotes."""

    labels: tuple[str, ...]
    index: Mapping[str, int]  # attribute -> its row of ``weights``
    weights: np.ndarray  # attributes x labels, and a last row of zeros
    transitions: np.ndarray  # labels x labels, [from, to]
    spans: Classifier  # keeps an addition
    min_words: int = 2

    def emissions(self, feats: Sequence[Sequence[str]]) -> np.ndarray:
        """Each token's score for each label (an attribute the model lacks weighs nothing)."""
        get = self.index.get
        unknown = len(self.weights) - 1  # the last row is all zeros
        if not feats:
            return np.zeros((0, len(self.labels)))
        # each token's attributes, then the zero row (so that no token's run is empty)
        flat = [k for attrs in feats for k in (*[get(a, unknown) for a in attrs], unknown)]
        starts = np.cumsum([0, *[len(attrs) + 1 for attrs in feats[:-1]]])
        return np.asarray(np.add.reduceat(self.weights[flat], starts, axis=0))

    def tag(self, emit: np.ndarray) -> list[str]:
        """The best label sequence (Viterbi)."""
        return self.tag_many([emit])[0]

    def tag_many(self, emits: Sequence[np.ndarray]) -> list[list[str]]:
        """The best label sequence of each sentence (Viterbi, all sentences a step at a time)."""
        lens = np.array([len(e) for e in emits])
        if not len(lens) or not lens.max():
            return [[] for _ in emits]
        n_labels = len(self.labels)
        steps = int(lens.max())
        padded = np.zeros((len(emits), steps, n_labels))
        for b, e in enumerate(emits):
            padded[b, :len(e)] = e
        best = padded[:, 0].copy()
        back = np.zeros((len(emits), steps, n_labels), dtype=np.int64)
        for i in range(1, steps):
            cand = best[:, :, None] + self.transitions[None]
            back[:, i] = cand.argmax(axis=1)
            best = np.where((lens > i)[:, None], cand.max(axis=1) + padded[:, i], best)
        out: list[list[str]] = []
        for b, n in enumerate(lens.tolist()):
            if not n:
                out.append([])
                continue
            k = int(best[b].argmax())
            path = [k]
            for i in range(n - 1, 0, -1):
                k = int(back[b, i, k])
                path.append(k)
            out.append([self.labels[k] for k in reversed(path)])
        return out

    def marginals(self, emit: np.ndarray) -> np.ndarray:
        """Each token's probability of each label (forward-backward)."""
        n = len(emit)
        alpha = np.zeros_like(emit)
        beta = np.zeros_like(emit)
        alpha[0] = emit[0]
        for i in range(1, n):
            alpha[i] = _logsumexp(alpha[i - 1][:, None] + self.transitions, axis=0) + emit[i]
        for i in range(n - 2, -1, -1):
            beta[i] = _logsumexp(self.transitions + (emit[i + 1] + beta[i + 1])[None, :], axis=1)
        z = _logsumexp(alpha[-1], axis=0)
        return np.asarray(np.exp(alpha + beta - z))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Tagger:
        try:
            labels = tuple(str(x) for x in data["labels"])
            names = sorted(data["weights"])
            table = data["weights"]
            weights = np.array([*(table[k] for k in names), [0.0] * len(labels)], dtype=float)
            if weights.shape != (len(names) + 1, len(labels)):  # a row of zeros for attributes it lacks
                raise ValueError("weights do not match the labels")
            trans = np.array([[float(x) for x in row] for row in data["transitions"]])
            if trans.shape != (len(labels), len(labels)):
                raise ValueError("transitions do not match the labels")
            spans = data["spans"]
            clf = Classifier(float(spans["bias"]), dict(spans["weights"]), float(spans["threshold"]))
            return cls(labels, {k: i for i, k in enumerate(names)}, weights, trans, clf,
                       int(data.get("min_words", 2)))
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"bad attribution tagger ({exc})", input=RESOURCE) from None

    @classmethod
    def load(cls) -> Tagger | None:
        """The tagger shipped in ``newsdesk/understand/models``, or None where none is."""
        path = resources.files("newsdesk.understand") / "models" / RESOURCE
        if not path.is_file():
            return None
        try:
            return cls.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(f"cannot read the attribution tagger ({exc})", input=RESOURCE) from None


def _logsumexp(x: np.ndarray, axis: int) -> np.ndarray:
    top = x.max(axis=axis, keepdims=True)
    return np.asarray(np.log(np.exp(x - top).sum(axis=axis)) + np.squeeze(top, axis=axis))


def _bucket(p: float, threshold: float) -> str:
    return "hi" if p >= threshold else "mid" if p >= 0.1 else "lo"


def token_features(analysis: Analysis, sent: Sentence, frames: Sequence[Frame], quotes: Sequence[Quote],
                   lexicon: Lexicon, threshold: float) -> list[list[str]]:
    """The attributes of each token of a parsed sentence (the training script uses this very function).

    ``frames`` are the sentence's frames, ``quotes`` the rule system's quotes of the article.
    """
    toks = sent.tokens
    n = len(toks)
    lower = [t.lower for t in toks]
    lemmas = [lexicon.lemma(t.text) if t.is_verb else None for t in toks]
    text = analysis.article.text
    # the rule system's quotes over this sentence: B at the first token of each, I inside
    rq = ["O"] * n
    for q in quotes:
        if q.end <= sent.start or q.start >= sent.end:
            continue
        first = True
        for t in toks:
            if q.start <= t.start < q.end:
                rq[t.i] = ("B" if first else "I") + "|" + q.kind
                first = False
    fcue = [""] * n
    fcont = [""] * n
    fsrc = [""] * n
    for f in frames:
        b = _bucket(f.probability, threshold)
        fcue[f.cue] = max(fcue[f.cue], b)
        for i in f.content:
            fcont[i] = max(fcont[i], b)
        if f.source_span is not None:
            for i in range(f.source_span[0], f.source_span[1] + 1):
                fsrc[i] = max(fsrc[i], b)
    ents = [""] * n
    for m in analysis.names:
        if m.sentence == sent.index:
            for i in range(m.first, min(m.last, n - 1) + 1):
                ents[i] = m.label
    marks = [any(c in QUOTE_MARKS for c in t.text) or t.text == "''" for t in toks]
    inq = [False] * n
    open_ = False
    for i in range(n):
        if marks[i]:
            open_ = not open_
        else:
            inq[i] = open_
    # the distance to the nearest cue word on each side
    left = [99] * n
    right = [99] * n
    last = -1
    for i in range(n):
        if last >= 0:
            left[i] = i - last
        if lemmas[i] is not None:
            last = i
    last = -1
    for i in range(n - 1, -1, -1):
        if last >= 0:
            right[i] = last - i
        if lemmas[i] is not None:
            last = i
    tags = [t.tag for t in toks]
    verb = [t.is_verb for t in toks]
    has_mark = any(marks)
    out: list[list[str]] = []
    for t in toks:
        i = t.i
        head = toks[t.head]
        # the nearest governing verb and the dependency under it on the path
        gov = gword = gdep = cue_dep = ""
        cur = t
        for _ in range(8):
            if cur.head == cur.i:
                break
            up = toks[cur.head]
            if verb[up.i] and not gword:
                gov, gword, gdep = lemmas[up.i] or "", lower[up.i], cur.dep
            if lemmas[up.i] is not None:
                cue_dep = f"{cur.dep}|{fcue[up.i]}"
                break
            cur = up
        tag, dep, r = tags[i], t.dep, rq[i]
        feats = [
            "b", f"w={lower[i]}", f"t={tag}", f"d={dep}", f"td={tag}|{dep}", f"ht={head.tag}",
            f"hd={head.dep}", f"dhd={dep}|{head.dep}", f"rq={r}", f"fc={fcue[i]}", f"fn={fcont[i]}",
            f"fs={fsrc[i]}", f"e={ents[i]}", f"q={int(inq[i])}{int(marks[i])}", f"qs={int(has_mark)}",
            f"gd={gdep}", f"gc={gov}|{gdep}", f"gw={gword}|{gdep}", f"ca={cue_dep}", f"cat={cue_dep}|{tag}",
            f"l={min(left[i], 9)}", f"r={min(right[i], 9)}",
            f"rqt={r}|{tag}", f"fnfc={fcont[i]}|{fcue[i]}|{r[:1]}",
        ]
        if lemmas[i] is not None:
            lem = lemmas[i]
            feats += [f"cue={lem}", f"p={int(lexicon.prior.get(lem or '', 0.0) * 10)}"]
        if tag.startswith("NN") and lower[i] in lexicon.nouns:
            feats.append("noun")
        if verb[head.i]:
            feats.append(f"hw={lower[head.i]}")
        if head.i != i:
            # 'support for X', 'attacks on X': the word two up, and the dependencies on the way
            feats += [f"hwd={lower[head.i]}|{dep}", f"g2={lower[head.head]}|{head.dep}|{dep}"]
        if i > 0:
            feats.append(f"bi={lower[i - 1]}|{lower[i]}")
        if suffix := lower[i][-3:]:
            feats.append(f"s={suffix}")
        for k in (-2, -1, 1, 2):
            j = i + k
            if 0 <= j < n:
                feats += [f"{k}w={lower[j]}", f"{k}t={tags[j]}"]
            else:
                feats.append(f"{k}w=<>")
        if i == 0:
            feats.append("first")
        if i == n - 1:
            feats.append("last")
        if text[t.start - 1:t.start] == "\n" or t.start == sent.start:
            feats.append("sent_start")
        out.append(feats)
    return out


def spans_of(labels: Sequence[str]) -> list[tuple[int, int]]:
    """Runs of content labels (B then I's, or I's), as first and last token."""
    out: list[tuple[int, int]] = []
    start = None
    for i, lab in enumerate([*labels, "O"]):
        if start is not None and lab != "I":
            out.append((start, i - 1))
            start = None
        if lab == "B" or (lab == "I" and start is None):
            start = i
    return out


def _runs(labels: Sequence[str], want: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = None
    for i, lab in enumerate([*labels, "O"]):
        if lab == want and start is None:
            start = i
        elif lab != want and start is not None:
            out.append((start, i - 1))
            start = None
    return out


@dataclass(frozen=True)
class Candidate:
    """A content span the tagger found where no rule quote stands, as a quote, with what the span
    classifier sees of it. Candidates of one ``group`` bound one tagged span in different ways (as
    tagged, or snapped to the parse: see :func:`_variants`): at most one of them is kept."""

    quote: Quote
    features: Mapping[str, float]
    group: int


def candidates(analysis: Analysis, frames: Sequence[Frame], quotes: Sequence[Quote], lexicon: Lexicon,
               tagger: Tagger, threshold: float, inside: Sequence[tuple[int, int]] = ()) -> list[Candidate]:
    """The tagger's content spans that overlap none of the rule system's ``quotes``, each with its
    variants (the training script labels them to fit the span classifier)."""
    by_sentence: dict[int, list[Frame]] = {}
    for f in frames:
        by_sentence.setdefault(f.sentence, []).append(f)
    out: list[Candidate | None] = []
    sents = [s for s in analysis.sentences
             if s.parsed and not any(q.start <= s.start and s.end <= q.end for q in quotes)]
    feats = [token_features(analysis, s, by_sentence.get(s.index, []), quotes, lexicon, threshold) for s in sents]
    every = tagger.emissions([f for fs in feats for f in fs])
    cuts = np.cumsum([0, *[len(fs) for fs in feats]])
    emits = [every[a:b] for a, b in pairwise(cuts)]
    for sent, emit, labels in zip(sents, emits, tagger.tag_many(emits), strict=True):
        own = by_sentence.get(sent.index, [])
        toks = sent.tokens

        def free(lo: int, hi: int, toks: tuple[Token, ...] = toks) -> bool:
            return not any(q.start < toks[hi].end and toks[lo].start < q.end for q in quotes)

        spans = [(lo, hi) for lo, hi in spans_of(labels) if free(lo, hi)]
        if not spans:
            continue
        marg = tagger.marginals(emit)
        cues = _runs(labels, "CUE")
        for lo, hi in spans:
            cue = min(cues, key=lambda c: min(abs(c[0] - hi), abs(c[1] - lo))) if cues else None
            group = len(out)
            seen: set[tuple[int, int]] = set()
            for name, (a, b) in [("tagged", (lo, hi)), *_variants(sent, lo, hi, cue)]:
                if (a, b) not in seen and a <= b and free(a, b):
                    seen.add((a, b))
                    out.append(_candidate(analysis, sent, own, lexicon, tagger, labels, marg, (a, b), (lo, hi), cue,
                                          name, group, inside))
    return [c for c in out if c is not None]


def _variants(sent: Sentence, lo: int, hi: int, cue: tuple[int, int] | None) -> list[tuple[str, tuple[int, int]]]:
    """A tagged span snapped to the parse: the whole subtrees of its roots ("subtree"), or of their
    heads ("up"), up to the cue."""
    if cue is None:
        return []
    toks = sent.tokens
    roots = [i for i in range(lo, hi + 1) if not lo <= toks[i].head <= hi]
    heads = [toks[r].head for r in roots if not cue[0] <= toks[r].head <= cue[1] and toks[r].head != r]
    out = []
    for name, tops in (("subtree", roots), ("up", heads)):
        idx = {i for r in tops for i in sent.subtree(r)}
        if not idx:
            continue
        a, b = min(min(idx), lo), max(max(idx), hi)
        if cue[1] < lo:
            a = max(a, cue[1] + 1)
        elif cue[0] > hi:
            b = min(b, cue[0] - 1)
        while a < b and toks[a].is_punct and not _is_mark(toks[a].text):
            a += 1
        while b > a and toks[b].is_punct and not _is_mark(toks[b].text):
            b -= 1
        out.append((name, (a, b)))
    return out


def _is_mark(text: str) -> bool:
    return any(c in QUOTE_MARKS for c in text) or text == "''"


def _candidate(analysis: Analysis, sent: Sentence, frames: Sequence[Frame], lexicon: Lexicon, tagger: Tagger,
               labels: Sequence[str], marg: np.ndarray, span: tuple[int, int], tagged: tuple[int, int],
               cue_span: tuple[int, int] | None, variant: str, group: int,
               inside: Sequence[tuple[int, int]]) -> Candidate | None:
    toks = sent.tokens
    lo, hi = span
    words = sum(any(ch.isalnum() for ch in toks[i].text) for i in range(lo, hi + 1))
    # quoted words are the rules' (marks.py, adjacent.py): an addition with marks would count as a
    # direct quote, where the tagger's speakers are worse (train CV: direct speaker 0.947 -> 0.945)
    if words < tagger.min_words or any(_is_mark(toks[i].text) for i in range(lo, hi + 1)):
        return None
    text = analysis.article.text
    start, end = toks[lo].start, toks[hi].end
    col = {lab: k for k, lab in enumerate(tagger.labels)}
    content = marg[:, col["B"]] + marg[:, col["I"]]
    roots = [i for i in range(lo, hi + 1) if not lo <= toks[i].head <= hi]
    feats: dict[str, float] = {
        "mean": float(content[lo:hi + 1].mean()), "min": float(content[lo:hi + 1].min()),
        "tagged_mean": float(content[tagged[0]:tagged[1] + 1].mean()), f"variant={variant}": 1.0,
        f"words={min(words, 12) // 3}": 1.0, f"variant={variant}|words={min(words, 12) // 3}": 1.0,
        f"first_t={toks[lo].tag}": 1.0, f"last_t={toks[hi].tag}": 1.0, f"first_w={toks[lo].lower}": 1.0,
        "in_marks": float(any(a <= start < b for a, b in inside)), f"roots={min(len(roots), 3)}": 1.0,
        "frame": max((f.probability for f in frames if lo <= f.content[0] <= hi or f.content[0] <= lo <= f.content[-1]),
                     default=0.0),
    }
    if variant != "tagged":
        feats[f"{variant}_grew"] = float(lo < tagged[0]) + float(hi > tagged[1])
    if cue_span is None:
        feats["no_cue"] = 1.0
        return Candidate(Quote(" ".join(text[start:end].split()), start, end, "indirect"), feats, group)
    clo, chi = cue_span
    cue = toks[clo]
    lemma = lexicon.lemma(cue.text) if cue.is_verb else None
    name = lemma or " ".join(toks[i].text for i in range(clo, chi + 1)).lower()
    feats.update({
        "cue_p": float(marg[clo:chi + 1, col["CUE"]].max()), f"cue_t={cue.tag}": 1.0, f"cue_d={cue.dep}": 1.0,
        f"cue={name}": 1.0, "prior": lexicon.prior.get(lemma or "", 0.0), "in_lexicon": float(lemma is not None),
        "cue_before": float(chi < lo), f"distance={min(abs(clo - hi), abs(chi - lo)) // 3}": 1.0,
        "root_on_cue": float(any(clo <= toks[r].head <= chi for r in roots)),
    })
    for r in roots[:2]:
        feats[f"root_d={toks[r].dep}"] = 1.0
    speaker = None
    found = source_of(sent, cue) if cue.is_verb else None
    if found is not None:
        speaker = speaker_for(analysis, sent, found[0], found[1], inside)
        feats["source_parse"] = 1.0
    else:
        srcs = _runs(labels, "SRC")
        if srcs:
            slo, shi = min(srcs, key=lambda s: min(abs(s[0] - chi), abs(s[1] - clo)))
            heads = [i for i in range(slo, shi + 1) if not slo <= toks[i].head <= shi] or [shi]
            speaker = speaker_for(analysis, sent, heads[0], (slo, shi), inside)
            feats["source_tagged"] = 1.0
    if speaker is not None:
        feats["source_entity"] = float(speaker.entity is not None)
    return Candidate(Quote(" ".join(text[start:end].split()), start, end, "indirect", speaker, name), feats, group)


def chosen(found: Sequence[Candidate], probs: Sequence[float], threshold: float) -> list[Quote]:
    """Of each group, the candidate the span classifier likes best, where it reaches ``threshold``
    and has a speaker."""
    best: dict[int, tuple[float, Candidate]] = {}
    for c, p in zip(found, probs, strict=True):
        if c.quote.speaker is not None and p >= threshold and (c.group not in best or p > best[c.group][0]):
            best[c.group] = (p, c)
    return [c.quote for _, c in best.values()]


def added_quotes(analysis: Analysis, frames: Sequence[Frame], quotes: Sequence[Quote], lexicon: Lexicon,
                 tagger: Tagger, threshold: float, inside: Sequence[tuple[int, int]] = ()) -> tuple[Quote, ...]:
    """The rule system's quotes with the additions the span classifier keeps, in text order."""
    found = candidates(analysis, frames, quotes, lexicon, tagger, threshold, inside)
    added = chosen(found, [tagger.spans.probability(c.features) for c in found], tagger.spans.threshold)
    return tuple(sorted([*quotes, *added], key=lambda x: (x.start, x.end)))
