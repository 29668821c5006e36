"""The cue lexicon: which words introduce what someone said, thought or reported.

Shipped as ``models/cues.json``, learned from the PolNeAR training split by
``scripts/train_quotes.py``: each cue word form with its lemma and how often it is a cue, the
forms that make a sentence worth parsing (the gate), and the weights of the cue classifier.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ..errors import ConfigError

QUOTE_MARKS = '"\u201c\u201d\u201e\u00ab\u00bb'
RESOURCE = "cues.json"
# what one is of whom or what one stands for or against ('a staunch opponent of the death penalty', 'critical
# of the deal'): the cue of an attribution as its speaker's predicate (frames.py), so they open the gate too
STANCES = frozenset({"supporter", "supporters", "opponent", "opponents", "critic", "critics", "defender",
                     "defenders", "proponent", "proponents", "advocate", "advocates", "backer", "backers",
                     "critical", "supportive", "skeptical", "sceptical", "dismissive", "wary"})
# a "that" clause may be what someone said whatever verb takes it ('doesn't pretend that ...', cues_open.py;
# a cue noun's 'the suggestion that'): such a sentence is parsed too. 4-fold CV on PolNeAR train: all F1
# +0.0009 for 4% more sentences parsed on the extraction bench's 91 pages (2,244 -> 2,343 of 4,042)
CLAUSE_WORDS = frozenset({"that"})


@dataclass(frozen=True)
class Classifier:
    """A logistic regression over named features (a feature present counts 1, else its value)."""

    bias: float
    weights: Mapping[str, float]
    threshold: float = 0.5

    def probability(self, features: Mapping[str, float]) -> float:
        get = self.weights.get
        z = self.bias + sum([get(k, 0.0) * v for k, v in features.items()])  # same terms, same order
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True)
class Lexicon:
    forms: Mapping[str, str]  # lower-case word form -> lemma, for every cue word
    prior: Mapping[str, float]  # lemma -> share of its occurrences that are cues (training data)
    gate: frozenset[str]  # forms that make a sentence worth parsing
    classifier: Classifier | None = None
    content: Classifier | None = None  # where a content ends (see content.py)
    kinds: Mapping[str, str] = field(default_factory=dict)  # lemma -> "speech" | "other"
    # noun form -> share of its "that" clauses that are attributions ("the suggestion that ...")
    nouns: Mapping[str, float] = field(default_factory=dict)

    def lemma(self, form: str) -> str | None:
        return self.forms.get(form.lower())

    def opens_gate(self, words: Sequence[str]) -> bool:
        """Whether a sentence (its lower-cased words) may hold a quote or an attribution."""
        return any(w in self.gate or w in STANCES or w in CLAUSE_WORDS or any(c in QUOTE_MARKS for c in w)
                   or w in ("''", "``") for w in words)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Lexicon:
        try:
            clf, cont = data.get("classifier"), data.get("content")
            return cls(
                forms=dict(data["forms"]), prior={k: float(v) for k, v in data["prior"].items()},
                gate=frozenset(data["gate"]), kinds=dict(data.get("kinds", {})),
                nouns={k: float(v) for k, v in data.get("nouns", {}).items()},
                classifier=Classifier(float(clf["bias"]), dict(clf["weights"]), float(clf.get("threshold", 0.5)))
                if clf else None,
                content=Classifier(float(cont["bias"]), dict(cont["weights"])) if cont else None)
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"bad cue lexicon ({exc})", input=RESOURCE) from None

    @classmethod
    def load(cls) -> Lexicon:
        """The lexicon shipped in ``newsdesk/understand/models``."""
        path = resources.files("newsdesk.understand") / "models" / RESOURCE
        try:
            return cls.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(f"cannot read the cue lexicon ({exc})", input=RESOURCE) from None
