"""TeX's and the Penn Treebank's opening mark (``) opens a quote that '' closes (#3): text rebuilt from
treebank tokens wrote '`` So far ... has been reported, '' Qeshm Governor Mehdi Irannejad said.' and the
quote had been "Qeshm Governor Mehdi Irannejad said." with the speaker "only the collapse of walls"."""

from __future__ import annotations

from test_understand_support import speakers

from newsdesk.understand import Analyzer


def test_backquotes_open_a_quote(analyzer: Analyzer) -> None:
    text = ("`` So far only the collapse of walls of houses in two villages has been reported, '' "
            "Governor Mehdi Irannejad said.")
    assert speakers(analyzer, text) == [
        ("Mehdi Irannejad", "So far only the collapse of walls of houses in two villages has been reported")]


def test_backquoted_parts_join(analyzer: Analyzer) -> None:
    text = "``We did everything we could,'' Chief Ann Lee said. ``The fire was too fast.''"
    assert speakers(analyzer, text) == [("Ann Lee", "We did everything we could. The fire was too fast.")]
