"""Every event type and mode the coder can emit is one ontology.md names, for that type (#4).

The tables are walked statically (every type a lexicon word, phrase or object class can give, every
mode a word, a threat or a type may carry), every upper-case word in the coder's source must be a type
or one of spaCy's or newsdesk's labels (an invented type such as "ATTACK" cannot slip in), and the
coder's output on the benchmark's sentences and the reference article is checked too.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path
from typing import get_args

import pytest
from spacy.language import Language
from spacy.parts_of_speech import IDS as UNIVERSAL_POS

from newsdesk.types import EntityType
from newsdesk.understand import events_lexicon as lex
from newsdesk.understand.events import EventCoder, fallback_entities
from newsdesk.understand.places import Gazetteer

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
if not SHARED.exists():
    SHARED = Path("/work/shared")
ONTOLOGY = SHARED / "design" / "ontology.md"
CODER = sorted((ROOT / "newsdesk" / "understand").glob("events*.py"))


def ontology() -> dict[str, frozenset[str]]:
    """{type: its modes} from the table of ontology.md ('—' is none)."""
    out: dict[str, frozenset[str]] = {}
    for line in ONTOLOGY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 3 and cells[0].isupper():
            out[cells[0]] = frozenset(m.strip() for m in cells[2].split(",") if m.strip() not in ("", "—"))
    return out


@pytest.fixture(scope="module")
def plover() -> dict[str, frozenset[str]]:
    found = ontology()
    assert len(found) == 16 and found["CONCEDE"] == frozenset() and "cyber" in found["COERCE"]  # the table read
    return found


def lexicon_types() -> set[str]:
    out = set(lex.VERBS.values()) | set(lex.NOUNS.values()) | set(lex.PHRASES.values())
    out |= set(lex.NOUN_PHRASES.values())
    for table in (lex.BY_OBJECT, lex.NOUN_BY_OBJECT):
        out |= {typ for classes in table.values() for _, typ in classes}
    return out


def test_every_type_the_lexicon_gives_is_the_ontologys(plover: dict[str, frozenset[str]]) -> None:
    assert lexicon_types() - set(plover) == set()
    assert set(lex.TYPE_MODES) - set(plover) == set()


def test_every_mode_belongs_to_its_type_in_the_ontology(plover: dict[str, frozenset[str]]) -> None:
    wrong = {(typ, m) for typ, modes in lex.TYPE_MODES.items() for m in modes if m not in plover[typ]}
    wrong |= {("THREATEN", m) for m in lex.THREAT_MODES.values() if m not in plover["THREATEN"]}
    assert wrong == set()
    # a word's mode no type may carry would be dead; one the ontology lacks, invented
    allowed = set().union(*lex.TYPE_MODES.values())
    assert set(lex.MODES.values()) - allowed == set()
    assert set(lex.THREAT_MODES) - set(plover) == set()


def _constants(path: Path) -> list[ast.Constant]:
    return [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_the_coder_names_no_type_outside_the_ontology(nlp: Language, plover: dict[str, frozenset[str]]) -> None:
    labels = {lab for name in nlp.pipe_names for lab in getattr(nlp.get_pipe(name), "labels", ())}
    known = set(plover) | labels | set(UNIVERSAL_POS) | set(get_args(EntityType)) | {"SENT_START", "NFKD"}
    words = {(p.name, c.value) for p in CODER for c in _constants(p)
             if c.value.isupper() and c.value.isalpha() and len(c.value) > 3}
    assert words, "no upper-case words found: the walk reads nothing"
    assert {(f, w) for f, w in words if w not in known} == set()


def test_every_mode_written_out_in_the_coder_is_its_types(plover: dict[str, frozenset[str]]) -> None:
    # 'mode = "third-party"' and the like, outside the tables
    found = set()
    for path in CODER:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and any(
                    isinstance(t, ast.Name) and t.id == "mode" for t in node.targets):
                found.add(node.value.value)
    assert found and found <= set().union(*plover.values())


def test_what_the_coder_emits_is_in_the_ontology(nlp: Language, gaz: Gazetteer,
                                                 plover: dict[str, frozenset[str]]) -> None:
    gold = SHARED / "bench" / "events" / "plover-gsr-dev.jsonl"
    texts = [json.loads(line)["text"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts.append((SHARED / "examples" / "cbs-kyiv-talks.txt").read_text(encoding="utf-8"))
    texts += ["Under the deal, Hamas will release 33 hostages in the first phase.",
              "Russia said it would withdraw its troops and declare a ceasefire."]
    coder = EventCoder()
    emitted = set()
    for doc in nlp.pipe(texts):
        events = coder.code(doc, doc.text, fallback_entities(doc), dt.date(2022, 3, 29), gaz)
        emitted |= {(e.type, e.mode) for e in events}
    assert len({t for t, _ in emitted}) >= 12 and any(m for _, m in emitted)  # the walk saw most types and modes
    assert {(t, m) for t, m in emitted if t not in plover or (m is not None and m not in plover[t])} == set()
