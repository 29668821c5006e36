"""Nature acts on no one's behalf: an earthquake that struck, a tsunami warning, are no events of
PLOVER's, whatever the parse made the subject (#4)."""

from __future__ import annotations

from test_understand_support import analysed

from newsdesk.understand import Analyzer


def events(analyzer: Analyzer, text: str) -> list[tuple[str, str]]:
    return [(e.type, e.trigger) for e in analysed(analyzer, text).events]


def test_an_earthquake_measured_is_no_assault(analyzer: Analyzer) -> None:
    text = ("A magnitude 6.1 earthquake struck off the coast of Japan on Monday, the Japan Meteorological Agency "
            "said. No tsunami warning was issued.")
    assert events(analyzer, text) == []


def test_an_attack_beside_a_quake_is_still_one(analyzer: Analyzer) -> None:
    text = "Rebels attacked an army convoy carrying aid to earthquake victims near Aleppo on Monday."
    assert ("ASSAULT", "attacked") in events(analyzer, text)
