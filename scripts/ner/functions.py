"""Registered helpers for `spacy train --code scripts/ner/functions.py`.

The student must see the same NORM values as the pipeline it will run in: English norms come from
the ``lexeme_norm`` lookup table that en_core_web_sm carries (a blank English pipeline lacks it,
and would norm "colour" to "colour" where sm norms it to "color").
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy
from spacy.lookups import Lookups
from spacy.util import registry
from thinc.api import set_current_ops

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from newsdesk.understand.blas import NumpyBlasOps


@registry.misc("newsdesk.teacher_lookups.v1")
def teacher_lookups(name: str) -> Lookups:
    """The lookup tables of the teacher pipeline ``name`` (a package or a directory)."""
    skip = ["tok2vec", "tagger", "parser", "ner", "lemmatizer", "attribute_ruler"]
    return spacy.load(name, exclude=skip).vocab.lookups


# spacy train builds its models under thinc's current ops: numpy's BLAS trains about twice as fast.
set_current_ops(NumpyBlasOps())
