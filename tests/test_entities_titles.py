"""A clause's 'when' before a courtesy title is no title (#3)."""

from __future__ import annotations

from test_understand_support import analysed

from newsdesk.understand import Analyzer


def titles(analyzer: Analyzer, text: str) -> dict[str, tuple[str, ...]]:
    return {e.name: e.titles for e in analysed(analyzer, text).entities if e.type == "PERSON"}


def test_when_mr_is_no_title(analyzer: Analyzer) -> None:
    text = ("Some Democrats said they feared a left-wing equivalent of Pat Buchanan's searing speech at the "
            "1992 Republican convention, when Mr. Buchanan, who had failed to win his party's nomination, "
            "called for a ''cultural war'' against ''liberals and radicals.''")
    assert titles(analyzer, text)["Pat Buchanan"] == ()


def test_titles_before_and_after_the_name(analyzer: Analyzer) -> None:
    text = ("Fed Chair Jerome Powell said on Wednesday that rates would stay high. "
            "Arne Slot, the Liverpool manager, praised the players.")
    found = titles(analyzer, text)
    assert found["Jerome Powell"] == ("Fed Chair",)
    assert found["Arne Slot"] == ("Liverpool manager",)


def test_a_title_before_a_name_in_a_sentence_the_parser_skipped(analyzer: Analyzer) -> None:
    text = ("Senator Bernie Sanders spoke first.\n\n"
            "Then Representative Alexandria Ocasio-Cortez took the stage, and Chief Justice John Roberts "
            "looked on from the front row.")
    found = titles(analyzer, text)
    assert found["Alexandria Ocasio-Cortez"] == ("Representative",)
    assert found["John Roberts"] == ("Chief Justice",)
