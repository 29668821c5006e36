"""4-fold cross-validation of the quote rules on PolNeAR train, at the shipped threshold: the figure to
compare a change of newsdesk/understand/quotes*.py by, beside dev.

The shipped lexicon's forms, gate and cue nouns parse the training articles (once, kept in --cache); the
content model and the cue classifier are fitted on three folds (scripts/train_quotes.py's train_models,
kept in --cache too; the first run takes 8-10 minutes on two cores) and the fourth fold's quotes found
with them, as on unseen articles. A change to the rules alone needs neither again: a second run takes
about a minute. Delete --cache after a change to the parse, the entities or the features. The dev split
is never read here.

The shipped lexicon was learned on all of train, the held-out fold included: a verb that is a cue only
there is known to its fold. --fold-lexicon learns the forms and priors on the three training folds too
(scripts/train_quotes.py's lexicon_of; the verbs tagged once, kept in --cache): held-out cue verbs are
unseen, as on new articles (all F1 0.713 -> 0.707). The parse keeps the shipped gate and cue nouns.

--lexicon tries another gate (e.g. one written by scripts/train_quotes.py --gate-only --gate-prior P --out COPY.json)
with a fresh --cache.

    python scripts/quotes_cv.py [--cache /tmp/quotes-cv] [--out PRED.jsonl] [--fold-lexicon] [--lexicon CUES.json]
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from train_quotes import FOLDS, analyses, as_articles, lexicon_of, read, train_models, verb_tokens  # noqa: E402

from bench.quotes import score  # noqa: E402
from newsdesk.types import to_dict  # noqa: E402
from newsdesk.understand import Lexicon  # noqa: E402
from newsdesk.understand.frames import find_frames  # noqa: E402
from newsdesk.understand.quotes import find_quotes  # noqa: E402

T = TypeVar("T")


def cached(path: Path, make: Callable[[], T]) -> T:
    """What ``make`` gives, kept in ``path`` for the next run."""
    if path.exists():
        with path.open("rb") as fh:
            value: T = pickle.load(fh)
            return value
    made = make()
    with path.open("wb") as fh:
        pickle.dump(made, fh)
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "bench" / "quotes")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/quotes-cv"))
    parser.add_argument("--out", type=Path, help="write the out-of-fold predictions here")
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--lexicon", type=Path, default=REPO / "newsdesk" / "understand" / "models" / "cues.json",
                        help="the cue lexicon whose forms, gate and cue nouns to use (default: the shipped one)")
    parser.add_argument("--fold-lexicon", action="store_true",
                        help="learn the cue lexicon on the training folds, not on all of train")
    args = parser.parse_args()
    gold = args.data / "polnear-train.jsonl"
    docs = read(gold)
    shipped = json.loads(args.lexicon.read_text(encoding="utf-8"))
    threshold = shipped["classifier"]["threshold"]
    base = {k: v for k, v in shipped.items() if k not in {"classifier", "content"}}
    args.cache.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    found = cached(args.cache / "found.pickle",
                   lambda: analyses(list(as_articles(docs)), Lexicon.from_json(base), args.n_process))
    verbs = cached(args.cache / "verbs.pickle", lambda: verb_tokens(docs, args.n_process)) \
        if args.fold_lexicon else []

    def fold(k: int) -> dict[str, object]:
        rest = [i for i in range(len(docs)) if i % FOLDS != k]
        lexicon = base
        if args.fold_lexicon:  # the gate stays the one the articles were parsed with
            learned = lexicon_of([verbs[i] for i in rest], [docs[i] for i in rest])
            lexicon = dict(base, forms=learned["forms"], prior=learned["prior"])
        return train_models(lexicon, [found[i] for i in rest], [docs[i] for i in rest], 1.0)

    name = "folds-lexicon.pickle" if args.fold_lexicon else "folds.pickle"
    folds = cached(args.cache / name, lambda: [fold(k) for k in range(FOLDS)])
    out = args.out or args.cache / "pred.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for k in range(FOLDS):
            lexicon = Lexicon.from_json(folds[k])
            for i in range(k, len(docs), FOLDS):
                analysis = found[i]
                frames = [f for s in analysis.sentences for f in find_frames(s, lexicon)]
                quotes = find_quotes(analysis, frames, lexicon, threshold)
                fh.write(json.dumps({"id": analysis.article.id, "quotes": to_dict(quotes)}) + "\n")
    direct, every = score(gold, out, True), score(gold, out, False)
    how = " (lexicon per fold)" if args.fold_lexicon else ""
    print(f"{FOLDS}-fold CV on train{how} at threshold {threshold}: direct F1 {direct['overlap_f1']:.3f} speaker "
          f"{direct['speaker']:.3f} | all F1 {every['overlap_f1']:.3f} (P {every['overlap_p']:.3f} R "
          f"{every['overlap_r']:.3f}) speaker {every['speaker']:.3f} end-to-end {every['e2e_f1']:.3f} "
          f"({time.perf_counter() - began:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
