"""What a noun of saying or wanting holds, when the lexicon's cue nouns do not cover it.

PolNeAR annotates a noun as a cue where it names a speech act or a stance of its possessor: "his attacks on
*Mr. Clinton*", "Trump's decision *to skip the debate*", "Sanders's contention *that he can still win*". These
rules find the content; :func:`newsdesk.understand.frames.object_frame` gives it a source (the noun's possessor,
or the subject of the verb that made it) and keeps it only where one is named.
"""

from __future__ import annotations

from .parsed import Sentence, Token
from .timex import MONTHS, WEEKDAYS

# nouns of speech acts with the preposition that introduces what the act is about ('attacks on X')
ACTS: dict[str, frozenset[str]] = {
    noun: frozenset(preps.split()) for nouns, preps in (
        ("attack attacks", "on against"),
        ("criticism criticisms critique condemnation denunciation rejection endorsement endorsements defense "
         "denial denials embrace mention", "of"),
        ("praise", "for of"),
        ("call calls demand demands", "for"),
        ("accusation accusations allegation allegations", "of against"),
        ("reference references", "to"),
        ("doubt doubts concern concerns complaint complaints", "about"),
        ("comment comments remarks statement statements", "on about"),
        ("warning warnings", "about of"),
        ("swipe swipes dig digs jab jabs", "at"),
    ) for noun in nouns.split()
}
# nouns of intending or committing whose "to" clause is what is intended ('her plan to raise taxes')
WILLS = frozenset({"decision", "plan", "plans", "refusal", "proposal", "proposals", "promise", "promises", "pledge",
                   "pledges", "vow", "vows", "intention", "intentions", "unwillingness", "willingness", "desire",
                   "reluctance", "call", "calls", "claim", "threat", "threats", "offer", "demand", "demands",
                   "request", "requests", "determination", "intent", "wish", "hope", "hopes", "commitment", "bid"})
# not "effort(s)" and "attempt(s)": what one tries is no stance held (4-fold CV on PolNeAR train: 6 of their 34
# "to" contents were attributions)
# nouns whose "that" clause states a fact or a chance, not what someone holds or says ('the fact that ...')
FACTS = frozenset({"fact", "facts", "possibility", "chance", "chances", "risk", "extent", "degree", "indication",
                   "problem", "basis", "proof", "evidence", "likelihood", "probability", "reality", "lead", "case",
                   "cases", "sign", "signs", "news", "time", "point", "way", "hope"})
# what an act's "on" phrase holds when it says when the act was, not what it was about
WHEN = frozenset({*WEEKDAYS, *MONTHS, "today", "tonight", "yesterday", "tomorrow", "morning", "afternoon", "evening",
                  "night", "weekend", "day", "week", "occasion", "jan.", "feb.", "aug.", "sept.", "sep.", "oct.",
                  "nov.", "dec."})
# the share of each rule's frames with a source that match a PolNeAR train attribution's content
# (acts 160 of 370, wills 96 of 221, that clauses 94 of 158)
SHARES = {"act": 0.43, "will": 0.43, "that": 0.59}


def noun_content(sent: Sentence, tok: Token) -> tuple[list[int], str] | None:
    """The tokens a noun of saying or wanting holds (untrimmed) and which rule found them: an act's
    prepositional object, a will's "to" clause, or any noun's "that" clause but a fact's."""
    toks = sent.tokens
    preps = ACTS.get(tok.lower)
    for c in tok.children:
        child = toks[c]
        if preps and child.dep == "prep" and c == tok.i + 1 and child.lower in preps:
            obj = next((o for o in child.children if toks[o].dep in {"pobj", "pcomp"}), None)
            if obj is not None and toks[obj].lower not in WHEN and toks[obj].tag != "CD":  # 'a statement on Monday'
                return sent.subtree(obj), "act"  # PolNeAR's content leaves the preposition to the cue
        if tok.lower in WILLS and child.dep in {"acl", "relcl"} and child.tag == "VB" and c > tok.i \
                and any(toks[m].tag == "TO" and m == tok.i + 1 for m in child.children):
            return sent.subtree(c), "will"
        if tok.lower not in FACTS and child.dep in {"acl", "ccomp"} \
                and any(toks[m].dep == "mark" and toks[m].lower == "that" for m in child.children):
            return sent.subtree(c), "that"
    return None
