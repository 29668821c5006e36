"""Statements and stances: the one rule telling what a speaker said from a stance they took.

Quotes follow PolNeAR, where stances and intentions are attributions too ("blocked [a no-confidence
vote]", "seek [to hammer out ...]"): those stay in the record and on a story's timeline beside their
sentence, but are not something a speaker said. "Who said what" (the story and article pages, the
quotes list: the store keeps each quote's answer, schema step 26) lists statements: words in
quotation marks, a speech verb's content, or a clause ("ruling that ...").
"""

from __future__ import annotations

from typing import Any

SPEECH_CUES = frozenset({
    "according to", "acknowledge", "add", "admit", "announce", "argue", "assert", "claim", "comment",
    "complain", "confirm", "declare", "deny", "describe", "disclose", "emphasize", "explain", "insist",
    "mention", "note", "point", "predict", "promise", "reply", "report", "respond", "reveal", "say",
    "state", "stress", "suggest", "tell", "tweet", "vow", "warn", "write"})
CLAUSE_OPENERS = ("that ", "whether ", "if ", "how ", "what ", "why ", "when ", "where ", "who ")


def says(text: str, kind: str, cue: str | None) -> bool:
    """Whether a quote says something: direct, a speech verb's content, or a clause; not a stance on
    a thing ('blocked a vote'). A quote without a cue is a statement only when direct or a clause."""
    return kind == "direct" or (cue or "") in SPEECH_CUES or text.lstrip().lower().startswith(CLAUSE_OPENERS)


def is_statement(quote: dict[str, Any]) -> bool:
    """:func:`says` of a quote record (a development's payload: ``text``, ``kind``, ``cue``)."""
    return says(str(quote.get("text") or ""), str(quote.get("kind") or ""), quote.get("cue") or None)


def stated(text: str, kind: str, cue: str | None) -> bool:
    """Whether a stored quote is listed as a statement: :func:`says`, or stored without its cue (an
    imported record): nothing says it is a stance. The article page, the store's ``statement`` column."""
    return cue is None or says(text, kind, cue)
