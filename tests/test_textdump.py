"""The plain-text dump extractor: its scorers, its label smoothing, and quality floors on the
extraction benchmark's dev text dumps (skipped without ../shared): the shipped model on the pages
it was trained on, and the cross-validation by page that says what unseen pages get."""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from newsdesk.extract import extract
from newsdesk.extract.language import article_language
from newsdesk.extract.textdump import Model, Trees, extract_textdump, scorer_from_json, shipped_model, smooth
from newsdesk.extract.textfeatures import LINE_NAMES, analyse, line_features
from newsdesk.extract.textrules import apply_rules, cut_comments, cut_related, extend_edges, table_units
from newsdesk.types import Fetched

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
BENCH = SHARED / "bench" / "extraction"


def test_smoothing_follows_runs() -> None:
    probs = [0.1, 0.95, 0.4, 0.97, 0.9, 0.05, 0.02, 0.7, 0.03, 0.01]
    assert smooth(probs, 0.0) == [p >= 0.5 for p in probs]  # no cost: each line on its own
    labels = smooth(probs, 2.0)
    assert labels[1:5] == [True] * 4  # the weak line inside the run joins it
    assert labels[7] is False  # a lone line among chrome does not
    assert smooth([], 2.0) == []


def test_run_and_time_features() -> None:
    prose = "The council voted on Tuesday to rebuild the old bridge over the river, officials said."
    lines, _ = analyse("\n".join(["Home", "News", "Sport", "Weather", "Updated 10:43, 20 Nov 2019", prose, prose]))
    rows = [dict(zip(LINE_NAMES, row, strict=True)) for row in line_features(lines)]
    assert [r["short_run"] > 0 for r in rows] == [True] * 5 + [False] * 2  # the menu is one run of short lines
    assert rows[0]["short_run"] == rows[4]["short_run"] > 0 and rows[5]["short_run"] == 0
    assert rows[5]["long_run"] == rows[4]["long_run"] > 0 and rows[0]["long_run"] == 0  # next to the prose run
    assert rows[4]["clock"] == rows[4]["year"] == 1.0 and rows[0]["clock"] == rows[5]["year"] == 0.0


def test_tree_scorer_walks_its_nodes() -> None:
    names = ["a", "b"]
    tree = {"feature": [0, -1, 1, -1, -1], "threshold": [0.5, 0, 2.0, 0, 0], "left": [1, 0, 3, 0, 0],
            "right": [2, 0, 4, 0, 0], "value": [0, -2.0, 0, 1.0, 3.0]}
    scorer = scorer_from_json({"kind": "trees", "names": names, "base": 0.5, "trees": [tree]}, names)
    assert isinstance(scorer, Trees)
    low, mid, high = scorer.score([0.0, 9.0]), scorer.score([1.0, 1.0]), scorer.score([1.0, 3.0])
    assert low < 0.5 < mid < high
    with pytest.raises(ValueError, match="retrain"):
        scorer_from_json({"kind": "trees", "names": ["x"], "base": 0.0, "trees": []}, names)


def test_shipped_model_loads_and_drops_chrome() -> None:
    model = shipped_model()
    assert isinstance(model, Model) and model.switch_cost >= 0
    assert {"subscribe", "newsletter"} <= model.chrome_words  # learned from the training dumps' chrome
    body = " ".join(["The council voted on Tuesday to rebuild the old bridge over the river, officials said."] * 2)
    text = "\n".join(["Home", "News", "Sport", "Weather", "Sign in", "",
                      "Council votes to rebuild the bridge", "", body, "", body.replace("Tuesday", "Monday"), "",
                      "Share this article", "Privacy policy", "Terms of use", "Cookie settings"])
    found = extract_textdump(text)
    assert found.paragraphs and all("council voted" in p for p in found.paragraphs)
    assert "Privacy policy" in found.removed and "Home" in found.removed


PROSE = "The council voted on Tuesday to rebuild the old bridge over the river, officials said."


def test_comment_section_ends_the_article() -> None:
    lines, _ = analyse("\n".join(["0 Comments", PROSE, PROSE.replace("Tuesday", "Monday"), "Share this:",
                                  "34 responses to this story", "joe says:", "Great article, I agree with it all.",
                                  "Kommentar schreiben"]))
    body = [False, True, True, False, False, True, True, False]
    # the byline's "0 Comments" comes before the article: no cut there; the comment head ends it
    assert cut_comments(lines, body) == [False, True, True] + [False] * 5
    assert cut_comments(lines[:3], body[:3]) == body[:3]


def test_related_box_is_cut_until_prose_resumes() -> None:
    text = [PROSE, PROSE.replace("Tuesday", "Monday"), "Related articles", "Bridge closed for repairs",
            "Mayor visits the river", PROSE.replace("council", "board"), "関連記事", "別の記事のタイトル"]
    lines, _ = analyse("\n".join(text))
    assert cut_related(lines, [True] * 8) == [True, True, False, False, False, True, False, False]
    assert cut_related(lines[2:], [True] * 6)[0]  # before the article has started: no cut


def test_the_records_language_is_what_the_article_shows() -> None:
    assert article_language("The talks will take place at the palace on the Bosphorus, his office said, and the "
                            "delegations are expected to meet on Tuesday for the first time in weeks.", None) == "en"
    assert article_language("Die elektronische Patientenakte ist der lange Marsch ins digitale Gesundheitswesen, "
                            "und es gibt noch viele Fragen, die nicht beantwortet sind.", "en") == "de"
    # scores and players' names: Finnish's large stop list (full of English names) wins on them
    scores = "Viera 35, Rockledge 7 (final). Palm Bay 21, Melbourne 14. Titusville 28, Cocoa 6. " * 3
    assert article_language(scores, "fi") is None


@pytest.mark.skipif(not BENCH.exists(), reason="needs ../shared")
def test_an_english_results_page_is_not_read_as_finnish() -> None:
    page = BENCH / "textdump" / "c81e134ed49902bcf69b551426b4a346c5a77ae993cac8bda68b5541a664ef4c.txt"
    record = extract(Fetched(input=str(page), content=page.read_text(encoding="utf-8")), format="text")
    assert record.language != "fi"


def test_tables_whole_and_edges_grown() -> None:
    lines, _ = analyse("\n".join(["Pos\tName\tPoints", "1\tBusch\t5040", "2\tTruex\t5035", "Menu"]))
    assert table_units(lines, [False, True, True, False]) == [True, True, True, False]
    assert table_units(lines, [False, False, True, False]) == [False] * 4  # a minority of rows kept
    lines, _ = analyse("\n".join(["Home", PROSE, PROSE.replace("Tuesday", "Monday"), "Sign in to read more",
                                  PROSE.replace("council", "board")]))
    # the line above the kept one is prose said once; "Home" and the short teaser are not
    assert extend_edges(lines, [False, False, True, False, False]) == [False, True, True, False, False]
    assert apply_rules(lines, [False] * 5) == [False] * 5


# Floors on the dev text dumps ------------------------------------------------------------------


def _trainer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_textdump", REPO / "scripts" / "train_textdump.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def trainer() -> ModuleType:
    return _trainer()


@pytest.fixture(scope="module")
def pages(trainer: ModuleType) -> list[Any]:
    return list(trainer.load_pages(SHARED))


@pytest.mark.skipif(not BENCH.exists(), reason="needs ../shared")
def test_shipped_model_floor_on_dev_pages(trainer: ModuleType, pages: list[Any]) -> None:
    scorer = trainer.load_scorer(SHARED)
    result = trainer.evaluate(pages, dict.fromkeys(range(len(pages)), shipped_model()), scorer)
    # measured: F1 0.974 (the pages it was trained on; 0.980 before the page-structure rules, which
    # add lines the fit had learned to drop; 0.921 before the chrome lexicon and trees)
    assert result["f1"] >= 0.96


@pytest.mark.skipif(not BENCH.exists(), reason="needs ../shared")
def test_cross_validation_floor(trainer: ModuleType, pages: list[Any]) -> None:
    """What unseen pages get: 5-fold CV by page with the shipped settings (the parser's defaults)."""
    args: argparse.Namespace = trainer.parser().parse_args(["--no-write"])
    result = trainer.cross_validate(pages, args, trainer.load_scorer(SHARED))
    # measured: F1 0.937 on this split, 0.930 and 0.929 on the others (0.924, 0.915, 0.919 before the
    # page-structure rules; 0.901 with a linear pass 2 and no chrome lexicon)
    assert result["f1"] >= 0.93
    shipped = json.loads((REPO / "newsdesk" / "extract" / "models" / "textdump.json").read_text())
    assert shipped["switch_cost"] == args.switch_cost  # the shipped model was trained with these settings
    assert shipped["rules"] is args.rules
