"""Two leaders who met consulted each other, not the country their talks were about (#4)."""

from __future__ import annotations

from test_understand_support import analysed

from newsdesk.understand import Analyzer


def parties(analyzer: Analyzer, text: str, kind: str) -> list[tuple[str | None, str | None]]:
    return [(e.actor.name if e.actor else None, e.target.name if e.target else None)
            for e in analysed(analyzer, text).events if e.type == kind]


def test_leaders_who_met_to_discuss_a_war_consulted_each_other(analyzer: Analyzer) -> None:
    text = ("German Chancellor Olaf Scholz and French President Emmanuel Macron met in Paris on Monday to "
            "discuss the war in Ukraine.")
    assert parties(analyzer, text, "CONSULT") == [("Olaf Scholz", "Emmanuel Macron")]


def test_a_meeting_with_someone_else_keeps_that_one(analyzer: Analyzer) -> None:
    text = "Olaf Scholz and Emmanuel Macron met with Volodymyr Zelensky in Kyiv on Thursday."
    assert ("Olaf Scholz", "Volodymyr Zelensky") in parties(analyzer, text, "CONSULT")
